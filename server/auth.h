/* The ZAP handler: admits a CURVE client only when its public key belongs
 * to a registered, enabled principal, and names the principal and the key
 * as the connection's User-Id ("<name> <key>"), so that each request can
 * be checked against the principal as it is then: disabled, or given a
 * new key, since the handshake. Must be created before any CURVE socket
 * binds: without a handler libzmq lets every client in. */
#ifndef THD_AUTH_H
#define THD_AUTH_H

#include "store.h"
#include "thd_limits.h"

/* A User-Id: a principal's name, a space, its Z85 key, the NUL. */
#define AUTH_USER_CAP (THD_MAX_HANDLE_CHARS + 1 + 40 + 1)

/* The User-Id the handler gives a connection of principal name, admitted
 * with key. */
void auth_user_make(char out[AUTH_USER_CAP], const char *name, const char *key);
/* Reads a User-Id back: the principal's name into name, and the key (a
 * pointer into user); NULL when user is no User-Id this handler made. */
const char *auth_user_split(const char *user, char name[THD_MAX_HANDLE_CHARS + 1]);

typedef struct auth auth_t;

/* Binds inproc://zeromq.zap.01 in zmq_ctx; borrows store. NULL on failure. */
auth_t *auth_new(void *zmq_ctx, store_t *store);
void auth_destroy(auth_t **self_p);
void *auth_socket(auth_t *self); /* for zmq_poll; borrowed */
/* Answers every waiting ZAP request without blocking. */
void auth_handle(auth_t *self);

#endif
