#include "seen.h"

#include <stdlib.h>
#include <string.h>

#include "overlay.h"

/* With 2^23 bits, a key never kept is "maybe" less than 1 % of the time
 * while each generation holds up to 500,000 keys. */
#define HASHES 3

struct generation {
    uint64_t *bits;
    int64_t start, until; /* when it began taking keys; the latest expiry in it */
};

struct seen {
    struct generation gen[2]; /* gen[cur] takes keys */
    int cur;
    int64_t window_ms;
};

seen_t *seen_new(int64_t window_ms)
{
    seen_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    self->window_ms = window_ms;
    for (int i = 0; i < 2; i++)
        if (!(self->gen[i].bits = calloc(SEEN_BITS / 64, sizeof(uint64_t)))) {
            seen_destroy(&self);
            return NULL;
        }
    self->gen[0].start = self->gen[1].start = INT64_MIN / 2;
    self->gen[0].until = self->gen[1].until = INT64_MIN;
    return self;
}

void seen_destroy(seen_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free((*self_p)->gen[0].bits);
    free((*self_p)->gen[1].bits);
    free(*self_p);
    *self_p = NULL;
}

/* The key's HASHES bit positions, by double hashing one 64-bit hash. */
static void positions(const void *key, size_t klen, uint32_t pos[HASHES])
{
    uint64_t h = overlay_hash(key, klen);
    uint32_t a = (uint32_t)h, b = (uint32_t)(h >> 32) | 1;
    for (int i = 0; i < HASHES; i++)
        pos[i] = (a + (uint32_t)i * b) & (SEEN_BITS - 1);
}

static bool holds(const struct generation *g, const uint32_t pos[HASHES])
{
    for (int i = 0; i < HASHES; i++)
        if (!(g->bits[pos[i] / 64] >> (pos[i] % 64) & 1))
            return false;
    return true;
}

/* The newer generation is a window old and nothing in the older one can
 * still be asked for: the older one starts again, empty, as the newer. */
static void turn(seen_t *self, int64_t now_ms)
{
    struct generation *newer = &self->gen[self->cur], *older = &self->gen[!self->cur];
    if (now_ms - newer->start < self->window_ms || now_ms <= older->until)
        return;
    memset(older->bits, 0, SEEN_BITS / 8);
    older->start = now_ms;
    older->until = INT64_MIN;
    self->cur = !self->cur;
}

void seen_add(seen_t *self, const void *key, size_t klen, int64_t expires_ms, int64_t now_ms)
{
    turn(self, now_ms);
    struct generation *g = &self->gen[self->cur];
    uint32_t pos[HASHES];
    positions(key, klen, pos);
    for (int i = 0; i < HASHES; i++)
        g->bits[pos[i] / 64] |= 1ULL << (pos[i] % 64);
    if (expires_ms > g->until)
        g->until = expires_ms;
}

bool seen_maybe(const seen_t *self, const void *key, size_t klen)
{
    uint32_t pos[HASHES];
    positions(key, klen, pos);
    return holds(&self->gen[0], pos) || holds(&self->gen[1], pos);
}
