#include "hot.h"

#include "overlay.h"

#include <stdlib.h>
#include <string.h>

struct entry {
    size_t klen, vlen;
    char bytes[]; /* the key, then the value */
};

struct hot {
    struct entry *slots[HOT_SLOTS];
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

static struct entry **slot(const hot_t *self, const void *key, size_t klen)
{
    return (struct entry **)&self->slots[overlay_hash(key, klen) % HOT_SLOTS];
}

static bool holds(const struct entry *e, const void *key, size_t klen)
{
    return e && e->klen == klen && memcmp(e->bytes, key, klen) == 0;
}

bool hot_get(const hot_t *self, const void *key, size_t klen, const void **val, size_t *vlen)
{
    const struct entry *e = *slot(self, key, klen);
    if (!holds(e, key, klen))
        return false;
    *val = e->bytes + klen;
    *vlen = e->vlen;
    return true;
}

void hot_put(hot_t *self, const void *key, size_t klen, const void *val, size_t vlen)
{
    struct entry **at = slot(self, key, klen);
    free(*at);
    *at = vlen <= HOT_MAX_VALUE ? malloc(sizeof **at + klen + vlen) : NULL;
    if (!*at)
        return;
    (*at)->klen = klen;
    (*at)->vlen = vlen;
    memcpy((*at)->bytes, key, klen);
    memcpy((*at)->bytes + klen, val, vlen);
}

void hot_refresh(hot_t *self, const void *key, size_t klen, const void *val, size_t vlen)
{
    struct entry **at = slot(self, key, klen);
    if (!holds(*at, key, klen))
        return;
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
