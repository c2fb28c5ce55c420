#include "cursors.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A cursor closed by its owner's newer one, remembered to tell why. */
struct evicted {
    char id[33];
    char owner[THD_MAX_HANDLE_CHARS + 1];
};

struct cursors {
    store_t *store;
    cursor_t slots[THD_MAX_CURSORS]; /* snap NULL: free */
    struct evicted evicted[THD_MAX_CURSORS];
    size_t next_evicted; /* the ring's oldest entry, overwritten next */
    uint64_t uses;       /* counts opens and finds, for used_seq */
};

cursors_t *cursors_new(store_t *store)
{
    cursors_t *self = calloc(1, sizeof *self);
    if (self)
        self->store = store;
    return self;
}

void cursors_destroy(cursors_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    cursors_t *self = *self_p;
    for (int i = 0; i < THD_MAX_CURSORS; i++)
        cursors_close(self, &self->slots[i]);
    free(self);
    *self_p = NULL;
}

/* Closes the owner's least recently used cursor when it holds its share. */
static void evict_own(cursors_t *self, const char *owner)
{
    cursor_t *oldest = NULL;
    int held = 0;
    for (int i = 0; i < THD_MAX_CURSORS; i++) {
        cursor_t *c = &self->slots[i];
        if (!c->snap || strcmp(c->owner, owner) != 0)
            continue;
        held++;
        if (!oldest || c->used_seq < oldest->used_seq)
            oldest = c;
    }
    if (held < THD_MAX_CURSORS_PER_PRINCIPAL)
        return;
    struct evicted *e = &self->evicted[self->next_evicted];
    self->next_evicted = (self->next_evicted + 1) % THD_MAX_CURSORS;
    memcpy(e->id, oldest->id, sizeof e->id);
    memcpy(e->owner, oldest->owner, sizeof e->owner);
    cursors_close(self, oldest);
}

bool cursors_evicted(const cursors_t *self, const char *id, const char *owner)
{
    for (int i = 0; i < THD_MAX_CURSORS; i++)
        if (strcmp(self->evicted[i].id, id) == 0 && strcmp(self->evicted[i].owner, owner) == 0)
            return *id != '\0';
    return false;
}

cursor_t *cursors_open(cursors_t *self, const char *owner, const char *unit, int64_t now_ms)
{
    cursors_expire(self, now_ms);
    evict_own(self, owner);
    for (int i = 0; i < THD_MAX_CURSORS; i++) {
        cursor_t *c = &self->slots[i];
        if (c->snap)
            continue;
        c->snap = store_snapshot_new(self->store);
        if (!c->snap)
            return NULL;
        unsigned char raw[16];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(c->id, sizeof c->id, raw, sizeof raw);
        snprintf(c->owner, sizeof c->owner, "%s", owner);
        snprintf(c->unit, sizeof c->unit, "%s", unit);
        c->last_key[0] = '\0';
        c->used_ms = now_ms;
        c->used_seq = ++self->uses;
        return c;
    }
    return NULL;
}

cursor_t *cursors_find(cursors_t *self, const char *id, const char *owner, int64_t now_ms)
{
    cursors_expire(self, now_ms);
    for (int i = 0; i < THD_MAX_CURSORS; i++) {
        cursor_t *c = &self->slots[i];
        if (c->snap && strcmp(c->id, id) == 0 && strcmp(c->owner, owner) == 0) {
            c->used_ms = now_ms;
            c->used_seq = ++self->uses;
            return c;
        }
    }
    return NULL;
}

void cursors_close(cursors_t *self, cursor_t *c)
{
    if (c && c->snap)
        store_snapshot_destroy(self->store, &c->snap);
}

void cursors_expire(cursors_t *self, int64_t now_ms)
{
    for (int i = 0; i < THD_MAX_CURSORS; i++)
        if (self->slots[i].snap && now_ms - self->slots[i].used_ms > THD_CURSOR_IDLE_MS)
            cursors_close(self, &self->slots[i]);
}

unsigned cursors_count(const cursors_t *self)
{
    unsigned n = 0;
    for (size_t i = 0; i < THD_MAX_CURSORS; i++)
        n += self->slots[i].snap != NULL;
    return n;
}
