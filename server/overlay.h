/* The pending writes of one group commit: an ordered list of puts and
 * deletes with a hash index for reads, and marks to undo one request's writes
 * when it fails halfway. Knows nothing of LevelDB. */
#ifndef THD_OVERLAY_H
#define THD_OVERLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct overlay overlay_t;

overlay_t *overlay_new(void);
/* The key hash of the index, also for the other in-memory tables of keys. */
uint64_t overlay_hash(const void *key, size_t len);
void overlay_destroy(overlay_t **self_p);

/* Copies key and value. A NULL value records a delete. Returns -1 on ENOMEM. */
int overlay_put(overlay_t *self, const void *key, size_t klen, const void *val, size_t vlen);
/* Copies the key and takes val (from malloc; freed here even on failure):
 * for values built only to be written, such as log entries. */
int overlay_put_owned(overlay_t *self, const void *key, size_t klen, void *val, size_t vlen);
/* 1 when the key has a pending write (*val NULL for a delete; borrowed:
 * each value is its own allocation, which stays where it is until the
 * write is cleared, rolled back past or the overlay destroyed; verify
 * keeps such references across later puts), 0 when it has none. */
int overlay_get(const overlay_t *self, const void *key, size_t klen, const void **val,
                size_t *vlen);

/* overlay_get as the overlay stood at mark (overlay_count then): the
 * latest of the writes made before it. */
int overlay_get_before(const overlay_t *self, size_t mark, const void *key, size_t klen,
                       const void **val, size_t *vlen);

size_t overlay_count(const overlay_t *self);         /* writes, also the current mark */
void overlay_rollback(overlay_t *self, size_t mark); /* undo writes after mark */
void overlay_clear(overlay_t *self);

/* Visits writes in the order they were made. */
typedef void(overlay_visit_fn)(void *arg, const void *key, size_t klen, const void *val,
                               size_t vlen);
void overlay_each(const overlay_t *self, overlay_visit_fn *fn, void *arg);
/* The same, leaving out each write a later one to the same key replaces:
 * applied in order, they leave the same state as all of them. */
void overlay_each_latest(const overlay_t *self, overlay_visit_fn *fn, void *arg);
/* overlay_each_latest in key order (bytewise, LevelDB's), visiting
 * nothing and returning -1 when it has no memory to sort. */
int overlay_each_latest_sorted(const overlay_t *self, overlay_visit_fn *fn, void *arg);

#endif
