#include "admin.h"
#include "frames.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#include "backup.h"
#include "log.h"
#include "paths.h"

#define MAX_ID 256

struct admin {
    void *sock;
    store_t *store;
    char path[PATHS_MAX];
    backup_job_t *job;
    char dest[PATHS_MAX];
    uint8_t id[MAX_ID]; /* the asker of the running copy */
    size_t id_len;
};

admin_t *admin_new(void *zmq_ctx, store_t *store, const char *data_dir)
{
    admin_t *self = calloc(1, sizeof *self);
    char endpoint[PATHS_MAX + 8];
    if (!self)
        return NULL;
    self->store = store;
    paths_join(self->path, data_dir, ADMIN_SOCKET);
    snprintf(endpoint, sizeof endpoint, "ipc://%s", self->path);
    unlink(self->path); /* left by a broker that was killed */
    self->sock = zmq_socket(zmq_ctx, ZMQ_ROUTER);
    int linger = 0;
    if (!self->sock || zmq_setsockopt(self->sock, ZMQ_LINGER, &linger, sizeof linger) != 0 ||
        zmq_bind(self->sock, endpoint) != 0) {
        log_warn("no admin socket at %s (%s): online backup is unavailable", self->path,
                 zmq_strerror(zmq_errno()));
        if (self->sock)
            zmq_close(self->sock);
        free(self);
        return NULL;
    }
    chmod(self->path, 0600);
    return self;
}

void admin_destroy(admin_t **self_p)
{
    admin_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    if (self->job) {
        log_info("waiting for the backup into %s to end", self->dest);
        admin_job_done(self);
    }
    zmq_close(self->sock);
    unlink(self->path);
    free(self);
    *self_p = NULL;
}

void *admin_socket(admin_t *self)
{
    return self->sock;
}

int admin_job_fd(const admin_t *self)
{
    return self->job ? backup_job_fd(self->job) : -1;
}

static void reply(admin_t *self, const uint8_t *id, size_t id_len, const char *text)
{
    zmq_send(self->sock, id, id_len, ZMQ_SNDMORE | ZMQ_DONTWAIT);
    zmq_send(self->sock, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT);
    zmq_send(self->sock, text, strlen(text), ZMQ_DONTWAIT);
}

/* "backup DEST": DEST is an absolute path that does not exist yet, or an
 * empty directory; the copy goes into DEST/store. */
static int start_backup(admin_t *self, const char *dest, char *err, size_t cap)
{
    if (self->job)
        return snprintf(err, cap, "error a backup is already running (into %s)", self->dest), -1;
    if (dest[0] != '/' || strlen(dest) >= PATHS_MAX - 16)
        return snprintf(err, cap, "error the backup directory must be an absolute path"), -1;
    if (mkdir(dest, 0700) != 0 && errno != EEXIST)
        return snprintf(err, cap, "error cannot create %s: %s", dest, strerror(errno)), -1;
    char store_dir[PATHS_MAX];
    paths_join(store_dir, dest, PATHS_STORE);
    thd_status_t st = {0};
    self->job = backup_job_start(self->store, store_dir, &st);
    if (!self->job)
        return snprintf(err, cap, "error %s", st.message), -1;
    memcpy(self->dest, dest, strlen(dest) + 1); /* fits: checked above */
    log_info("backup into %s started at revision %llu", dest,
             (unsigned long long)store_committed_revision(self->store));
    return 0;
}

void admin_handle(admin_t *self)
{
    zmq_msg_t frames[3];
    int n = frames_recv(self->sock, frames, 3);
    int kept = n < 3 ? n : 3;
    if (n == 3 && zmq_msg_size(&frames[0]) <= MAX_ID) {
        char text[PATHS_MAX + 16], err[PATHS_MAX + 64];
        size_t len = zmq_msg_size(&frames[2]);
        const uint8_t *id = zmq_msg_data(&frames[0]);
        size_t id_len = zmq_msg_size(&frames[0]);
        snprintf(text, sizeof text, "%.*s", (int)(len < sizeof text ? len : sizeof text - 1),
                 (const char *)zmq_msg_data(&frames[2]));
        if (strncmp(text, "backup ", 7) != 0)
            reply(self, id, id_len, "error unknown request (known: backup DEST)");
        else if (start_backup(self, text + 7, err, sizeof err) != 0)
            reply(self, id, id_len, err);
        else {
            memcpy(self->id, id, id_len);
            self->id_len = id_len;
        }
    }
    for (int i = 0; i < kept; i++)
        zmq_msg_close(&frames[i]);
}

void admin_job_done(admin_t *self)
{
    uint64_t rev = 0;
    thd_status_t st = {0};
    char text[600];
    if (backup_job_finish(self->store, &self->job, &rev, &st) == 0) {
        snprintf(text, sizeof text, "ok %llu", (unsigned long long)rev);
        log_info("backup into %s done at revision %llu", self->dest, (unsigned long long)rev);
    } else {
        snprintf(text, sizeof text, "error %s", st.message);
        log_error("backup into %s failed: %s", self->dest, st.message);
    }
    reply(self, self->id, self->id_len, text);
}
