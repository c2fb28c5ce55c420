/* The raw event stream: a CURVE SUB socket on the broker's PUB. Full
 * subscribers take "*" copies; a unit's subscribers take "<unit>/" copies;
 * both take "_sys/" heartbeats.
 *
 * libzmq reconnects a socket whose broker went away, but not one whose
 * handshake the broker refused (a principal disabled, a key not yet
 * registered): it ends that session for good. So a stream silent for
 * longer than heartbeats allow is reopened, with the same keys, and a
 * principal enabled again is heard again. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "client_keys.h"
#include "clock.h"
#include "context.h"
#include "reasons.h"
#include "thd_limits.h"
#include "thidua.h"

/* No word from the broker for this long: the socket is reopened. */
#define QUIET_MS (3 * THD_HEARTBEAT_MS + THD_HEARTBEAT_MS / 2)

struct thd_events {
    void *ctx, *sock;
    char server_key[KEY_Z85_LEN + 1], endpoint[256], prefix[64];
    key_pair_t keys; /* kept to reopen, as thd_client keeps its own */
    int rcvhwm;
    int64_t heard; /* when a message last came, or the socket was opened */
};

static void close_socket(thd_events_t *self)
{
    if (self->sock)
        zmq_close(self->sock);
    self->sock = NULL;
}

static int open_socket(thd_events_t *self)
{
    self->sock = zmq_socket(self->ctx, ZMQ_SUB);
    int linger = 0;
    int64_t maxmsg = THD_MAX_MSG_BYTES;
    self->heard = clock_mono_ms();
    bool ok = self->sock && client_curve(self->sock, self->server_key, &self->keys) == 0 &&
              zmq_setsockopt(self->sock, ZMQ_LINGER, &linger, sizeof linger) == 0 &&
              (self->rcvhwm <= 0 ||
               zmq_setsockopt(self->sock, ZMQ_RCVHWM, &self->rcvhwm, sizeof self->rcvhwm) == 0) &&
              zmq_setsockopt(self->sock, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg) == 0 &&
              zmq_setsockopt(self->sock, ZMQ_SUBSCRIBE, self->prefix, strlen(self->prefix)) == 0 &&
              zmq_setsockopt(self->sock, ZMQ_SUBSCRIBE, "_sys/", 5) == 0 &&
              zmq_connect(self->sock, self->endpoint) == 0;
    return ok ? 0 : -1;
}

thd_events_t *thd_events_new(const thd_client_opts_t *opts, const char *unit, thd_status_t *st)
{
    return client_events_new(opts, unit, 0, st);
}

thd_events_t *client_events_new(const thd_client_opts_t *opts, const char *unit, int rcvhwm,
                                thd_status_t *st)
{
    thd_client_opts_t none = {0};
    if (!opts)
        opts = &none;
    thd_events_t *self = calloc(1, sizeof *self);
    if (!self || sodium_init() < 0) {
        free(self);
        thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
        return NULL;
    }
    if (client_load_keys(opts, self->server_key, &self->keys, st) != 0) {
        thd_events_destroy(&self);
        return NULL;
    }
    client_events_endpoint(opts, self->endpoint, sizeof self->endpoint);
    snprintf(self->prefix, sizeof self->prefix, "%s/", unit && *unit ? unit : "*");
    self->rcvhwm = rcvhwm;
    self->ctx = client_context_acquire();
    if (!self->ctx || open_socket(self) != 0) {
        thd_refuse(st, THD_R_BAD_EVENTS_ENDPOINT, "events", self->endpoint,
                   zmq_strerror(zmq_errno()));
        thd_events_destroy(&self);
    }
    return self;
}

void thd_events_destroy(thd_events_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    thd_events_t *self = *self_p;
    close_socket(self);
    if (self->ctx)
        client_context_release();
    sodium_memzero(&self->keys, sizeof self->keys);
    free(self);
    *self_p = NULL;
}

/* Receives one [topic][body] message; 1, 0 (nothing within timeout) or -1. */
static int recv_pair(void *sock, int timeout_ms, char *topic, size_t cap, zmq_msg_t *body)
{
    zmq_pollitem_t item = {sock, 0, ZMQ_POLLIN, 0};
    int rc = zmq_poll(&item, 1, timeout_ms);
    if (rc <= 0)
        return rc < 0 && zmq_errno() != EINTR ? -1 : 0;
    int len = zmq_recv(sock, topic, cap - 1, 0);
    if (len < 0)
        return -1;
    topic[(size_t)len < cap - 1 ? (size_t)len : cap - 1] = '\0';
    int more = 0;
    size_t ml = sizeof more;
    zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &ml);
    if (!more || zmq_msg_recv(body, sock, 0) < 0)
        return 0;                /* a lone frame is not ours to read: skip it */
    while (zmq_msg_more(body)) { /* drop extra frames */
        zmq_msg_t extra;
        zmq_msg_init(&extra);
        zmq_msg_recv(&extra, sock, 0);
        zmq_msg_close(&extra);
    }
    return 1;
}

int thd_events_next(thd_events_t *self, int timeout_ms, Thidua__V1__Event **event,
                    Thidua__V1__Heartbeat **heartbeat, thd_status_t *st)
{
    *event = NULL;
    *heartbeat = NULL;
    if (!self->sock && open_socket(self) != 0) {
        close_socket(self);
        return -thd_refuse(st, THD_R_EVENTS_FAILED, "", zmq_strerror(zmq_errno()));
    }
    char topic[256];
    zmq_msg_t body;
    zmq_msg_init(&body);
    int rc = recv_pair(self->sock, timeout_ms, topic, sizeof topic, &body);
    if (rc < 0) {
        zmq_msg_close(&body);
        return -thd_refuse(st, THD_R_EVENTS_FAILED, "", zmq_strerror(zmq_errno()));
    }
    int64_t now = clock_mono_ms();
    if (rc == 1) {
        self->heard = now;
    } else if (now - self->heard > QUIET_MS) { /* nothing queued is lost: none was */
        close_socket(self);
        if (open_socket(self) != 0)
            close_socket(self); /* the next call opens it, or says why not */
    }
    if (rc == 1 && strcmp(topic, "_sys/heartbeat") == 0) {
        *heartbeat = thidua__v1__heartbeat__unpack(NULL, zmq_msg_size(&body), zmq_msg_data(&body));
        rc = *heartbeat ? 2 : 0;
    } else if (rc == 1) {
        *event = thidua__v1__event__unpack(NULL, zmq_msg_size(&body), zmq_msg_data(&body));
        rc = *event ? 1 : 0;
    }
    zmq_msg_close(&body);
    return rc;
}
