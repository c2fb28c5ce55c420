#include "view.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct view {
    Thidua__V1__Record **slots; /* open addressing, NULL empty */
    size_t nslots, count;
};

static uint64_t hash2(const char *a, const char *b)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = a; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ '/') * 1099511628211ULL;
    for (const char *p = b; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h;
}

view_t *view_new(void)
{
    view_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    self->nslots = 64;
    self->slots = calloc(self->nslots, sizeof *self->slots);
    if (!self->slots) {
        free(self);
        return NULL;
    }
    return self;
}

void view_clear(view_t *self)
{
    for (size_t i = 0; i < self->nslots; i++)
        if (self->slots[i]) {
            thidua__v1__record__free_unpacked(self->slots[i], NULL);
            self->slots[i] = NULL;
        }
    self->count = 0;
}

void view_destroy(view_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    view_clear(*self_p);
    free((*self_p)->slots);
    free(*self_p);
    *self_p = NULL;
}

static size_t find(const view_t *self, const char *type, const char *id)
{
    size_t mask = self->nslots - 1;
    for (size_t i = hash2(type, id) & mask;; i = (i + 1) & mask) {
        const Thidua__V1__Record *r = self->slots[i];
        if (!r || (strcmp(r->type, type) == 0 && strcmp(r->id, id) == 0))
            return i;
    }
}

const Thidua__V1__Record *view_get(const view_t *self, const char *type, const char *id)
{
    return self->slots[find(self, type, id)];
}

static int grow(view_t *self)
{
    view_t bigger = {.nslots = self->nslots * 2};
    bigger.slots = calloc(bigger.nslots, sizeof *bigger.slots);
    if (!bigger.slots)
        return -1;
    for (size_t i = 0; i < self->nslots; i++)
        if (self->slots[i])
            bigger.slots[find(&bigger, self->slots[i]->type, self->slots[i]->id)] = self->slots[i];
    free(self->slots);
    self->slots = bigger.slots;
    self->nslots = bigger.nslots;
    return 0;
}

/* Empties slot i and re-seats the probe chain after it. */
static void remove_at(view_t *self, size_t i)
{
    size_t mask = self->nslots - 1;
    thidua__v1__record__free_unpacked(self->slots[i], NULL);
    self->slots[i] = NULL;
    self->count--;
    for (size_t j = (i + 1) & mask; self->slots[j]; j = (j + 1) & mask) {
        Thidua__V1__Record *r = self->slots[j];
        self->slots[j] = NULL;
        self->slots[find(self, r->type, r->id)] = r;
    }
}

int view_put(view_t *self, Thidua__V1__Record *rec)
{
    if ((self->count + 1) * 2 > self->nslots && grow(self) != 0) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return -1;
    }
    size_t i = find(self, rec->type, rec->id);
    if (rec->deleted) {
        if (self->slots[i])
            remove_at(self, i);
        thidua__v1__record__free_unpacked(rec, NULL);
        return 0;
    }
    if (self->slots[i])
        thidua__v1__record__free_unpacked(self->slots[i], NULL);
    else
        self->count++;
    self->slots[i] = rec;
    return 0;
}

size_t view_count(const view_t *self)
{
    return self->count;
}

void view_each(const view_t *self, void (*fn)(void *arg, const Thidua__V1__Record *rec), void *arg)
{
    for (size_t i = 0; i < self->nslots; i++)
        if (self->slots[i])
            fn(arg, self->slots[i]);
}
