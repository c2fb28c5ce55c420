#include "cursors.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cursors {
    store_t *store;
    cursor_t slots[THD_MAX_CURSORS]; /* snap NULL: free */
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

cursor_t *cursors_open(cursors_t *self, const char *owner, const char *unit, int64_t now_ms)
{
    cursors_expire(self, now_ms);
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
