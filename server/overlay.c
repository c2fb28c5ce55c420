#include "overlay.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

struct entry {
    char *key;
    size_t klen;
    char *val; /* NULL: delete */
    size_t vlen;
    size_t prev;     /* earlier entry for the same key, or SIZE_MAX */
    bool superseded; /* a later entry writes the same key */
};

struct overlay {
    struct entry *entries;
    size_t count, cap;
    size_t *slots; /* open addressing: entry index + 1, 0 empty */
    size_t nslots; /* power of two, at least twice count */
};

/* Eight bytes a step, then a full mix (MurmurHash3's finaliser), so the
 * low bits a table masks depend on every byte: a key is hashed on every
 * read and write of a request, and a byte a step (FNV) cost 2 % of the
 * broker's instructions. In memory only: never stored. */
uint64_t overlay_hash(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;
    for (; len >= 8; p += 8, len -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, p, len);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ h >> 33;
}

overlay_t *overlay_new(void)
{
    overlay_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    self->nslots = 256;
    self->slots = calloc(self->nslots, sizeof *self->slots);
    if (!self->slots) {
        free(self);
        return NULL;
    }
    return self;
}

void overlay_destroy(overlay_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    overlay_t *self = *self_p;
    overlay_clear(self);
    free(self->entries);
    free(self->slots);
    free(self);
    *self_p = NULL;
}

/* Slot holding the key's latest entry, or the empty slot where it would go. */
static size_t find_slot(const overlay_t *self, const void *key, size_t klen)
{
    size_t mask = self->nslots - 1;
    for (size_t i = overlay_hash(key, klen) & mask;; i = (i + 1) & mask) {
        size_t e = self->slots[i];
        if (!e)
            return i;
        const struct entry *en = &self->entries[e - 1];
        if (en->klen == klen && memcmp(en->key, key, klen) == 0)
            return i;
    }
}

static int grow_slots(overlay_t *self)
{
    size_t old_n = self->nslots;
    size_t *old = self->slots;
    self->nslots = old_n * 2;
    self->slots = calloc(self->nslots, sizeof *self->slots);
    if (!self->slots) {
        self->slots = old;
        self->nslots = old_n;
        return -1;
    }
    for (size_t i = 0; i < old_n; i++)
        if (old[i]) {
            const struct entry *en = &self->entries[old[i] - 1];
            self->slots[find_slot(self, en->key, en->klen)] = old[i];
        }
    free(old);
    return 0;
}

static char *dup_bytes(const void *p, size_t len)
{
    char *c = malloc(len ? len : 1);
    if (c && len)
        memcpy(c, p, len);
    return c;
}

/* Adds a write whose value (NULL: delete) the overlay now owns. */
static int insert(overlay_t *self, const void *key, size_t klen, char *val, size_t vlen)
{
    if ((self->count + 1) * 2 > self->nslots && grow_slots(self) != 0)
        return -1;
    if (grow(&self->entries, &self->cap, self->count + 1, sizeof *self->entries, SIZE_MAX) != 0)
        return -1;
    struct entry en = {.key = dup_bytes(key, klen), .klen = klen, .val = val, .vlen = vlen};
    if (!en.key)
        return -1;
    size_t slot = find_slot(self, key, klen);
    en.prev = self->slots[slot] ? self->slots[slot] - 1 : SIZE_MAX;
    if (en.prev != SIZE_MAX)
        self->entries[en.prev].superseded = true;
    self->entries[self->count++] = en;
    self->slots[slot] = self->count;
    return 0;
}

int overlay_put(overlay_t *self, const void *key, size_t klen, const void *val, size_t vlen)
{
    char *copy = val ? dup_bytes(val, vlen) : NULL;
    if (val && !copy)
        return -1;
    int rc = insert(self, key, klen, copy, vlen);
    if (rc)
        free(copy);
    return rc;
}

int overlay_put_owned(overlay_t *self, const void *key, size_t klen, void *val, size_t vlen)
{
    int rc = insert(self, key, klen, val, vlen);
    if (rc)
        free(val);
    return rc;
}

int overlay_get(const overlay_t *self, const void *key, size_t klen, const void **val, size_t *vlen)
{
    return overlay_get_before(self, SIZE_MAX, key, klen, val, vlen);
}

int overlay_get_before(const overlay_t *self, size_t mark, const void *key, size_t klen,
                       const void **val, size_t *vlen)
{
    size_t e = self->slots[find_slot(self, key, klen)];
    if (!e)
        return 0;
    size_t i = e - 1;
    while (i != SIZE_MAX && i >= mark)
        i = self->entries[i].prev;
    if (i == SIZE_MAX)
        return 0;
    *val = self->entries[i].val;
    *vlen = self->entries[i].vlen;
    return 1;
}

size_t overlay_count(const overlay_t *self)
{
    return self->count;
}

/* Removes the slot at i and re-seats the probe chain behind it. */
static void remove_slot(overlay_t *self, size_t i)
{
    size_t mask = self->nslots - 1;
    self->slots[i] = 0;
    for (size_t j = (i + 1) & mask; self->slots[j]; j = (j + 1) & mask) {
        size_t e = self->slots[j];
        self->slots[j] = 0;
        const struct entry *en = &self->entries[e - 1];
        self->slots[find_slot(self, en->key, en->klen)] = e;
    }
}

void overlay_rollback(overlay_t *self, size_t mark)
{
    while (self->count > mark) {
        struct entry *en = &self->entries[self->count - 1];
        size_t slot = find_slot(self, en->key, en->klen);
        if (en->prev != SIZE_MAX) {
            self->slots[slot] = en->prev + 1;
            self->entries[en->prev].superseded = false;
        } else
            remove_slot(self, slot);
        free(en->key);
        free(en->val);
        self->count--;
    }
}

void overlay_clear(overlay_t *self)
{
    for (size_t i = 0; i < self->count; i++) {
        free(self->entries[i].key);
        free(self->entries[i].val);
    }
    self->count = 0;
    memset(self->slots, 0, self->nslots * sizeof *self->slots);
}

void overlay_each(const overlay_t *self, overlay_visit_fn *fn, void *arg)
{
    for (size_t i = 0; i < self->count; i++) {
        const struct entry *en = &self->entries[i];
        fn(arg, en->key, en->klen, en->val, en->vlen);
    }
}

void overlay_each_latest(const overlay_t *self, overlay_visit_fn *fn, void *arg)
{
    for (size_t i = 0; i < self->count; i++) {
        const struct entry *en = &self->entries[i];
        if (!en->superseded)
            fn(arg, en->key, en->klen, en->val, en->vlen);
    }
}

static int by_key(const void *a, const void *b)
{
    const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;
    int c = memcmp(x->key, y->key, x->klen < y->klen ? x->klen : y->klen);
    return c ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

int overlay_each_latest_sorted(const overlay_t *self, overlay_visit_fn *fn, void *arg)
{
    const struct entry **order = malloc((self->count ? self->count : 1) * sizeof *order);
    if (!order)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < self->count; i++)
        if (!self->entries[i].superseded)
            order[n++] = &self->entries[i];
    qsort(order, n, sizeof *order, by_key);
    for (size_t i = 0; i < n; i++)
        fn(arg, order[i]->key, order[i]->klen, order[i]->val, order[i]->vlen);
    free(order);
    return 0;
}
