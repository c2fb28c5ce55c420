/* libthidua: talk to a thidua broker from C.
 *
 * One opaque client holds one CURVE-authenticated connection to the broker's
 * request endpoint. Calls send a thidua.v1.Request and wait for the
 * Response with the same request_id; on a timeout the same request (same
 * request_id) is sent again on a fresh connection, so a retried write never
 * takes effect twice (the "Lazy Pirate" pattern).
 *
 * Ownership: functions named _new return fresh objects the caller frees
 * with the matching _destroy(&p), which sets p to NULL and tolerates NULL.
 * Messages are protobuf-c structs from thidua.pb-c.h. A client is used from
 * one thread at a time. */
#ifndef THIDUA_H
#define THIDUA_H

#include "status.h"
#include "thidua.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

#define THD_DEFAULT_SERVER     "tcp://127.0.0.1:7510"
#define THD_DEFAULT_TIMEOUT_MS 3000
#define THD_DEFAULT_RETRIES    2

typedef enum thd_socket { THD_SOCKET_DEALER = 0, THD_SOCKET_REQ = 1 } thd_socket_t;

typedef struct thd_client_opts {
    const char *server;     /* request endpoint; NULL: $THIDUA_SERVER, else THD_DEFAULT_SERVER */
    const char *server_key; /* broker public key, Z85 or a key file; NULL: $THIDUA_SERVER_KEY */
    const char *key_file;   /* our secret key file (mode 0600); NULL: $THIDUA_KEY */
    int timeout_ms;         /* per attempt; 0: THD_DEFAULT_TIMEOUT_MS */
    int retries;            /* attempts after the first; 0: default, <0: none */
    thd_socket_t socket;    /* DEALER (default) or REQ */
    const char *events;     /* event endpoint; NULL: $THIDUA_EVENTS, else the request
                               endpoint's port + 1 */
} thd_client_opts_t;

typedef struct thd_client thd_client_t;

/* Reads the keys and connects (the connection is made lazily by ZeroMQ).
 * Returns NULL with st set when keys or options are unusable. */
thd_client_t *thd_client_new(const thd_client_opts_t *opts, thd_status_t *st);
void thd_client_destroy(thd_client_t **self_p);

/* The endpoint this client talks to; borrowed, valid for the client's life. */
const char *thd_client_server(const thd_client_t *self);

/* Sends req and waits for its reply. When req->request_id is empty a fresh
 * random one is set (the string then belongs to the client until the next
 * call; req is otherwise only read). On return *resp is the reply (fresh;
 * free with thidua__v1__response__free_unpacked) or NULL when none came.
 * Returns the reply's status code (0 OK) with st filled from the reply,
 * UNAVAILABLE when the broker did not answer any attempt, or
 * RESOURCE_EXHAUSTED (sent nothing) when req is over the 17 MiB limit. */
int thd_call(thd_client_t *self, Thidua__V1__Request *req, Thidua__V1__Response **resp,
             thd_status_t *st);

/* The raw event stream: every change the broker publishes after
 * subscribing, and its heartbeats. Events published while not connected
 * or beyond the high-water mark are lost here; thidua watch will repair
 * such gaps from the change log. */
typedef struct thd_events thd_events_t;

/* Subscribes to every change, or to one unit's when unit is not NULL. */
thd_events_t *thd_events_new(const thd_client_opts_t *opts, const char *unit, thd_status_t *st);
void thd_events_destroy(thd_events_t **self_p);
/* Waits up to timeout_ms. Returns 1 with *event (fresh; free with
 * thidua__v1__event__free_unpacked), 2 with *heartbeat (fresh), 0 on
 * timeout, or a negative value when the stream failed (st set). */
int thd_events_next(thd_events_t *self, int timeout_ms, Thidua__V1__Event **event,
                    Thidua__V1__Heartbeat **heartbeat, thd_status_t *st);

/* Writes a fresh random request id (32 hex characters) into buf[33]. */
void thd_request_id(char buf[33]);

/* Generates a CURVE key pair into secret_path (mode 0600) and public_path.
 * Fails without overwriting when either exists. */
int thd_keygen(const char *secret_path, const char *public_path, thd_status_t *st);

#ifdef __cplusplus
}
#endif
#endif
