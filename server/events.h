/* The event socket: the CURVE PUB every change and heartbeat goes out on.
 * It cuts a revoked key off, which libzmq does not do by itself: ZAP runs
 * only when a peer connects, so a key disabled later would keep its open
 * connection. Owned by the broker's thread. */
#ifndef THD_EVENTS_H
#define THD_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"

typedef struct events events_t;

typedef struct events_opts {
    const char *data_dir; /* server.key is read again there to bind again */
    const char *endpoint; /* as configured; "*" ports are resolved at bind */
    int hwm;              /* messages queued per subscriber (ZMQ_SNDHWM) */
} events_opts_t;

/* Binds the socket in zmq_ctx with the server's keys; NULL on failure (logged). */
events_t *events_new(void *zmq_ctx, const events_opts_t *opts, const key_pair_t *kp);
void events_destroy(events_t **self_p);
/* The bound endpoint, "*" resolved (for the endpoints file). */
const char *events_endpoint(const events_t *self);
/* Queues one message [topic][data] for every subscriber of topic whose
 * queue has room; never blocks. Dropped while the socket is not bound. */
void events_publish(events_t *self, const char *topic, const void *data, size_t len);
/* Closes the socket, ending every subscriber's connection, and binds a
 * new one on the same endpoint: each subscriber reconnects through ZAP,
 * which refuses a disabled key. What subscribers miss meanwhile they
 * repair through changes_since, as after any gap. -1 when the new socket
 * could not be bound (logged; events are dropped until a later call
 * succeeds). */
int events_rebind(events_t *self);
bool events_bound(const events_t *self);

#endif
