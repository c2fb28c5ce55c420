/* Keeping a write's reply for retries (ARCHITECTURE.md 6.6). A write's
 * reply carries the record it wrote, and its change log entry carries the
 * same bytes: the reply is kept as its start and a reference to those bytes
 * in the log, not as a second copy. */
#ifndef THD_REPLIES_H
#define THD_REPLIES_H

#include <stddef.h>
#include <stdint.h>

#include "changes.h"
#include "store.h"

/* Keeps reply (answering what) under (principal, request_id) until
 * expires_ms, into the pending group: by reference when its last field is
 * a record that one of the request's logged events carries byte for byte,
 * else as a copy. 0, or -1 on ENOMEM. */
int replies_keep(store_t *store, const char *principal, const char *request_id, int64_t expires_ms,
                 const store_request_t *what, const uint8_t *reply, size_t len,
                 const change_list_t *events);

#endif
