/* Which kept retry replies may exist, known without asking LevelDB. Every
 * write looks up its request id among the kept replies (section 6.6 of
 * docs/ARCHITECTURE.md) and almost always finds none; that miss searched
 * LevelDB's memtables and each table's filter, thousands of instructions
 * and a dozen cache misses a write. A Bloom filter of the kept keys says
 * "surely none" for most of them. It may say "maybe" for a key never kept
 * (then LevelDB answers, as before), never "none" for a key kept and not
 * yet expired: so a retry is answered exactly as without it.
 *
 * Two generations of SEEN_BITS bits each: keys go into the newer; the older
 * is emptied and reused once the newer is a window old and every key the
 * older holds has expired (each generation remembers its latest expiry, so
 * a clock that jumps either way only delays the turn). Bounded: 2 x 1 MiB.
 * One thread: the broker's. */
#ifndef THD_SEEN_H
#define THD_SEEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEEN_BITS (1u << 23)

typedef struct seen seen_t;

/* window_ms: how long a generation takes keys before it may turn. */
seen_t *seen_new(int64_t window_ms);
void seen_destroy(seen_t **self_p);

/* A key kept until expires_ms (wall clock, as the kept value says). */
void seen_add(seen_t *self, const void *key, size_t klen, int64_t expires_ms, int64_t now_ms);
/* False only when key was never added or has expired with its generation. */
bool seen_maybe(const seen_t *self, const void *key, size_t klen);

#endif
