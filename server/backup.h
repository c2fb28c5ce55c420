/* A backup's store copy, made on a worker thread from a snapshot while the
 * broker keeps serving. The worker reads only through the snapshot and
 * writes only the new copy: the broker thread stays the one writer of the
 * live store, and takes and releases the snapshot itself. */
#ifndef THD_BACKUP_H
#define THD_BACKUP_H

#include <stdint.h>

#include "store.h"

typedef struct backup_job backup_job_t;

/* Takes a snapshot of store's committed state and starts copying it into
 * the new store directory dest. NULL with st set when it cannot start. */
backup_job_t *backup_job_start(store_t *store, const char *dest, thd_status_t *st);
/* A file descriptor that turns readable when the copy has ended. */
int backup_job_fd(const backup_job_t *job);
/* Waits for the worker and releases the snapshot. 0 with the copy's
 * revision, or -1 with st set. */
int backup_job_finish(store_t *store, backup_job_t **job_p, uint64_t *revision, thd_status_t *st);

#endif
