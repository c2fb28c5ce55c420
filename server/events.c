#include "events.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <zmq.h>

#include "clock.h"
#include "curve.h"
#include "frames.h"
#include "log.h"
#include "paths.h"

#define MONITOR       "inproc://thidua-events-monitor"
#define CLOSE_WAIT_MS 2000 /* for the old listener to let go of the port */

struct events {
    void *ctx, *pub; /* pub NULL: not bound */
    const char *data_dir;
    char endpoint[256];
    int hwm;
};

events_t *events_new(void *zmq_ctx, const events_opts_t *opts, const key_pair_t *kp)
{
    events_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    *self = (events_t){.ctx = zmq_ctx, .data_dir = opts->data_dir, .hwm = opts->hwm};
    self->pub = curve_socket(zmq_ctx, ZMQ_PUB, opts->endpoint, kp, self->hwm);
    size_t len = sizeof self->endpoint;
    if (!self->pub || zmq_getsockopt(self->pub, ZMQ_LAST_ENDPOINT, self->endpoint, &len) != 0)
        events_destroy(&self);
    return self;
}

void events_destroy(events_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    if ((*self_p)->pub)
        zmq_close((*self_p)->pub);
    free(*self_p);
    *self_p = NULL;
}

const char *events_endpoint(const events_t *self)
{
    return self->endpoint;
}

bool events_bound(const events_t *self)
{
    return self->pub != NULL;
}

void events_publish(events_t *self, const char *topic, const void *data, size_t len)
{
    if (!self->pub)
        return;
    zmq_send(self->pub, topic, strlen(topic), ZMQ_SNDMORE | ZMQ_DONTWAIT);
    zmq_send(self->pub, data, len, ZMQ_DONTWAIT);
}

/* Waits, bounded, for the monitor to report that the listener closed. */
static bool await_closed(void *mon)
{
    zmq_pollitem_t item = {mon, 0, ZMQ_POLLIN, 0};
    int64_t deadline = clock_mono_ms() + CLOSE_WAIT_MS, left;
    while ((left = deadline - clock_mono_ms()) > 0 && zmq_poll(&item, 1, (long)left) > 0) {
        zmq_msg_t frames[2];
        int n = frames_recv(mon, frames, 2);
        uint16_t event = 0;
        if (n > 0 && zmq_msg_size(&frames[0]) >= sizeof event)
            memcpy(&event, zmq_msg_data(&frames[0]), sizeof event);
        for (int i = 0; i < n && i < 2; i++)
            zmq_msg_close(&frames[i]);
        if (event == ZMQ_EVENT_CLOSED)
            return true;
    }
    return false;
}

/* Ends every connection of the socket and closes it, once its listener
 * has let go of the port: the listener closes in an I/O thread, and a
 * bind before that could find the port taken, or (ipc) have its new file
 * removed by the old listener. */
static void close_socket(events_t *self)
{
    void *mon = NULL;
    if (zmq_socket_monitor(self->pub, MONITOR, ZMQ_EVENT_CLOSED) == 0) {
        mon = zmq_socket(self->ctx, ZMQ_PAIR);
        int linger = 0;
        if (mon && (zmq_setsockopt(mon, ZMQ_LINGER, &linger, sizeof linger) != 0 ||
                    zmq_connect(mon, MONITOR) != 0)) {
            zmq_close(mon);
            mon = NULL;
        }
    }
    zmq_unbind(self->pub, self->endpoint); /* also ends the connections it accepted */
    if (!mon || !await_closed(mon))
        log_warn("events: no word that %s closed; binding it again anyway", self->endpoint);
    zmq_socket_monitor(self->pub, NULL, 0);
    if (mon)
        zmq_close(mon);
    zmq_close(self->pub);
    self->pub = NULL;
}

int events_rebind(events_t *self)
{
    if (self->pub)
        close_socket(self);
    char path[PATHS_MAX];
    key_pair_t kp;
    thd_status_t st = {0};
    paths_join(path, self->data_dir, PATHS_SERVER_KEY);
    if (keys_read_secret(path, &kp, &st) != 0) {
        log_error("events: %s", st.message);
        return -1;
    }
    self->pub = curve_socket(self->ctx, ZMQ_PUB, self->endpoint, &kp, self->hwm);
    sodium_memzero(&kp, sizeof kp);
    if (!self->pub)
        return -1;
    log_info("events: %s bound again; every subscriber authenticates again", self->endpoint);
    return 0;
}
