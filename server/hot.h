/* Record values lately read from LevelDB, for the reads that requests repeat
 * (the principal of every request, the record a write reads and then puts):
 * a LevelDB get costs thousands of instructions even from its block cache.
 * It holds committed values only: a commit that succeeds refreshes the keys
 * it wrote, one that fails empties it, so a hit is what LevelDB would
 * answer. HOT_SLOTS slots of values up to HOT_MAX_VALUE bytes (a bounded
 * few MiB) in sets of HOT_WAYS: a key may sit in either slot of its set,
 * so two keys that hash alike do not push each other out on every read. */
#ifndef THD_HOT_H
#define THD_HOT_H

#include <stdbool.h>
#include <stddef.h>

#define HOT_SLOTS     1024
#define HOT_WAYS      2
#define HOT_MAX_VALUE 4096

typedef struct hot hot_t;

hot_t *hot_new(void);
void hot_destroy(hot_t **self_p);

/* True and the value, borrowed until the next hot_put, hot_refresh or
 * hot_clear, when key is held (and the set's last used). */
bool hot_get(hot_t *self, const void *key, size_t klen, const void **val, size_t *vlen);
/* Holds a copy of the value in key's slot; keeps nothing when it is too big
 * or memory is short (a cache may forget). */
void hot_put(hot_t *self, const void *key, size_t klen, const void *val, size_t vlen);
/* Replaces key's value when it is held (a new value too big: forgets it);
 * a key not held stays out, so that written-once records (history entries)
 * do not push out the ones read again. A NULL value forgets the key. */
void hot_refresh(hot_t *self, const void *key, size_t klen, const void *val, size_t vlen);
void hot_clear(hot_t *self);

#endif
