/* The admin socket: ipc://DATA/admin.sock, reachable only by whoever can
 * enter the data directory (mode 0700: the service user and root), for
 * operations a running broker must do itself. One request today:
 *   "backup DEST"  ->  "ok REVISION"  or  "error MESSAGE"
 * The reply comes when the copy has ended; the broker serves meanwhile. */
#ifndef THD_ADMIN_H
#define THD_ADMIN_H

#include "store.h"

#define ADMIN_SOCKET "admin.sock"

typedef struct admin admin_t;

/* Binds the socket in zmq_ctx; NULL (with a warning logged) when it cannot,
 * and the broker then serves without it. Borrows store. */
admin_t *admin_new(void *zmq_ctx, store_t *store, const char *data_dir);
/* Waits for a copy in progress, then closes. */
void admin_destroy(admin_t **self_p);
void *admin_socket(admin_t *self);     /* for zmq_poll; borrowed */
int admin_job_fd(const admin_t *self); /* -1 when no copy is running */
/* Answers a waiting request (starting a copy, or refusing). */
void admin_handle(admin_t *self);
/* The copy ended: replies to the one who asked. */
void admin_job_done(admin_t *self);

#endif
