#include "auth.h"
#include "frames.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "clock.h"
#include "directory.h"
#include "log.h"

#define ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define ZAP_FRAMES   7 /* version, request id, domain, address, identity, mechanism, key */

struct auth {
    void *sock;
    store_t *store;
    int64_t last_warn_ms; /* refusals are logged at most once a second */
    unsigned quiet;       /* refusals not logged since */
};

auth_t *auth_new(void *zmq_ctx, store_t *store)
{
    auth_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    self->store = store;
    self->sock = zmq_socket(zmq_ctx, ZMQ_REP);
    int linger = 0;
    if (!self->sock || zmq_setsockopt(self->sock, ZMQ_LINGER, &linger, sizeof linger) ||
        zmq_bind(self->sock, ZAP_ENDPOINT) != 0) {
        log_error("cannot start the ZAP handler: %s", zmq_strerror(zmq_errno()));
        auth_destroy(&self);
    }
    return self;
}

void auth_destroy(auth_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    if ((*self_p)->sock)
        zmq_close((*self_p)->sock);
    free(*self_p);
    *self_p = NULL;
}

void auth_user_make(char out[AUTH_USER_CAP], const char *name, const char *key)
{
    snprintf(out, AUTH_USER_CAP, "%s %s", name, key);
}

const char *auth_user_split(const char *user, char name[THD_MAX_HANDLE_CHARS + 1])
{
    const char *key = strchr(user, ' '); /* names are a-z 0-9 . _ -, Z85 has no space */
    size_t len = key ? (size_t)(key - user) : 0;
    if (!key || len > THD_MAX_HANDLE_CHARS)
        return NULL;
    memcpy(name, user, len);
    name[len] = '\0';
    return key + 1;
}

void *auth_socket(auth_t *self)
{
    return self->sock;
}

static void reply(void *sock, const zmq_msg_t *frames, const char *code, const char *text,
                  const char *user)
{
    zmq_send(sock, "1.0", 3, ZMQ_SNDMORE);
    zmq_send(sock, zmq_msg_data((zmq_msg_t *)&frames[1]), zmq_msg_size((zmq_msg_t *)&frames[1]),
             ZMQ_SNDMORE);
    zmq_send(sock, code, strlen(code), ZMQ_SNDMORE);
    zmq_send(sock, text, strlen(text), ZMQ_SNDMORE);
    zmq_send(sock, user, strlen(user), ZMQ_SNDMORE);
    zmq_send(sock, "", 0, 0);
}

static void decide(auth_t *self, zmq_msg_t *frames, int n)
{
    bool curve = n == ZAP_FRAMES && zmq_msg_size(&frames[5]) == 5 &&
                 memcmp(zmq_msg_data(&frames[5]), "CURVE", 5) == 0 &&
                 zmq_msg_size(&frames[6]) == 32;
    if (!curve) {
        reply(self->sock, frames, "400", "CURVE required", "");
        return;
    }
    char key[41];
    zmq_z85_encode(key, zmq_msg_data(&frames[6]), 32);
    char address[64] = "";
    size_t alen = zmq_msg_size(&frames[3]);
    memcpy(address, zmq_msg_data(&frames[3]), alen < sizeof address ? alen : sizeof address - 1);
    Thidua__V1__Principal *p = NULL;
    if (directory_principal_by_key(self->store, key, &p) == 1 && !p->disabled) {
        log_debug("zap: %s admitted as %s", address, p->name);
        char user[AUTH_USER_CAP];
        auth_user_make(user, p->name, key);
        reply(self->sock, frames, "200", "OK", user);
    } else {
        int64_t now = clock_mono_ms();
        if (now - self->last_warn_ms >= 1000) { /* a flood must not flood the log too */
            const char *why = p ? "principal disabled" : "not registered";
            if (self->quiet)
                log_warn("zap: refused key %.8s... from %s (%s), and %u more since the last "
                         "such line",
                         key, address, why, self->quiet);
            else
                log_warn("zap: refused key %.8s... from %s (%s)", key, address, why);
            self->last_warn_ms = now;
            self->quiet = 0;
        } else {
            self->quiet++;
        }
        reply(self->sock, frames, "400", "key not registered", "");
    }
    if (p)
        thidua__v1__principal__free_unpacked(p, NULL);
}

void auth_handle(auth_t *self)
{
    zmq_msg_t frames[ZAP_FRAMES];
    int n;
    while ((n = frames_recv(self->sock, frames, ZAP_FRAMES)) > 0) {
        if (n >= 2)
            decide(self, frames, n);
        else
            zmq_send(self->sock, "", 0, 0); /* a REP socket must answer */
        for (int i = 0; i < n && i < ZAP_FRAMES; i++)
            zmq_msg_close(&frames[i]);
    }
}
