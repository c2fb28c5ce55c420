#include "hot.h"

#include "overlay.h"

#include <stdlib.h>
#include <string.h>

struct entry {
    size_t klen, vlen;
    char bytes[]; /* the key, then the value */
};

struct hot {
    struct entry *slots[HOT_SLOTS];           /* sets of HOT_WAYS slots side by side */
    unsigned char last[HOT_SLOTS / HOT_WAYS]; /* each set's way last used */
};

hot_t *hot_new(void)
{
    return calloc(1, sizeof(hot_t));
}

void hot_destroy(hot_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    hot_clear(*self_p);
    free(*self_p);
    *self_p = NULL;
}

static size_t set_of(const void *key, size_t klen)
{
    return overlay_hash(key, klen) % (HOT_SLOTS / HOT_WAYS);
}

static bool holds(const struct entry *e, const void *key, size_t klen)
{
    return e && e->klen == klen && memcmp(e->bytes, key, klen) == 0;
}

/* The way of set that holds key, or HOT_WAYS. */
static size_t way_of(const hot_t *self, size_t set, const void *key, size_t klen)
{
    size_t w = 0;
    while (w < HOT_WAYS && !holds(self->slots[set * HOT_WAYS + w], key, klen))
        w++;
    return w;
}

bool hot_get(hot_t *self, const void *key, size_t klen, const void **val, size_t *vlen)
{
    size_t set = set_of(key, klen), w = way_of(self, set, key, klen);
    if (w == HOT_WAYS)
        return false;
    const struct entry *e = self->slots[set * HOT_WAYS + w];
    self->last[set] = (unsigned char)w;
    *val = e->bytes + klen;
    *vlen = e->vlen;
    return true;
}

/* Where key goes: its own slot, an empty one, else the one not used last. */
static size_t victim(const hot_t *self, size_t set, const void *key, size_t klen)
{
    size_t w = way_of(self, set, key, klen);
    for (size_t e = 0; w == HOT_WAYS && e < HOT_WAYS; e++)
        if (!self->slots[set * HOT_WAYS + e])
            w = e;
    return w < HOT_WAYS ? w : (self->last[set] + 1u) % HOT_WAYS;
}

void hot_put(hot_t *self, const void *key, size_t klen, const void *val, size_t vlen)
{
    size_t set = set_of(key, klen), w = victim(self, set, key, klen);
    struct entry **at = &self->slots[set * HOT_WAYS + w];
    free(*at);
    *at = vlen <= HOT_MAX_VALUE ? malloc(sizeof **at + klen + vlen) : NULL;
    if (!*at)
        return;
    (*at)->klen = klen;
    (*at)->vlen = vlen;
    memcpy((*at)->bytes, key, klen);
    memcpy((*at)->bytes + klen, val, vlen);
    self->last[set] = (unsigned char)w;
}

void hot_refresh(hot_t *self, const void *key, size_t klen, const void *val, size_t vlen)
{
    size_t set = set_of(key, klen), w = way_of(self, set, key, klen);
    if (w == HOT_WAYS)
        return;
    struct entry **at = &self->slots[set * HOT_WAYS + w];
    if (val && vlen == (*at)->vlen) { /* a record rewritten keeps its size, often */
        memcpy((*at)->bytes + klen, val, vlen);
        return;
    }
    free(*at);
    *at = NULL;
    if (val)
        hot_put(self, key, klen, val, vlen);
}

void hot_clear(hot_t *self)
{
    for (size_t i = 0; i < HOT_SLOTS; i++) {
        free(self->slots[i]);
        self->slots[i] = NULL;
    }
}
