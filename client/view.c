#include "view.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

enum { FIELD_TYPE = 1, FIELD_ID = 2, FIELD_DELETED = 4 }; /* of Record */

/* One record: packed until first asked for, then decoded for good. */
struct entry {
    Thidua__V1__Record *rec;
    uint8_t *bytes;
    size_t len;
    const char *id; /* in key, after the type's NUL */
    char key[];     /* "type\0id\0" */
};

struct view {
    struct entry **slots; /* open addressing, NULL empty */
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

static struct entry *entry_new(const char *type, size_t tl, const char *id, size_t il)
{
    struct entry *e = malloc(sizeof *e + tl + il + 2);
    if (!e)
        return NULL;
    *e = (struct entry){0};
    memcpy(e->key, type, tl);
    e->key[tl] = '\0';
    memcpy(e->key + tl + 1, id, il);
    e->key[tl + 1 + il] = '\0';
    e->id = e->key + tl + 1;
    return e;
}

static void entry_drop_value(struct entry *e)
{
    if (e->rec)
        thidua__v1__record__free_unpacked(e->rec, NULL);
    free(e->bytes);
    e->rec = NULL;
    e->bytes = NULL;
}

static void entry_free(struct entry *e)
{
    entry_drop_value(e);
    free(e);
}

static const Thidua__V1__Record *entry_record(struct entry *e)
{
    if (!e->rec && e->bytes) {
        e->rec = thidua__v1__record__unpack(NULL, e->len, e->bytes);
        if (e->rec) {
            free(e->bytes);
            e->bytes = NULL;
        }
    }
    return e->rec;
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
            entry_free(self->slots[i]);
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
        const struct entry *e = self->slots[i];
        if (!e || (strcmp(e->key, type) == 0 && strcmp(e->id, id) == 0))
            return i;
    }
}

const Thidua__V1__Record *view_get(const view_t *self, const char *type, const char *id)
{
    struct entry *e = self->slots[find(self, type, id)];
    return e ? entry_record(e) : NULL;
}

static int grow(view_t *self)
{
    view_t bigger = {.nslots = self->nslots * 2};
    bigger.slots = calloc(bigger.nslots, sizeof *bigger.slots);
    if (!bigger.slots)
        return -1;
    for (size_t i = 0; i < self->nslots; i++)
        if (self->slots[i])
            bigger.slots[find(&bigger, self->slots[i]->key, self->slots[i]->id)] = self->slots[i];
    free(self->slots);
    self->slots = bigger.slots;
    self->nslots = bigger.nslots;
    return 0;
}

/* Empties slot i and re-seats the probe chain after it. */
static void remove_at(view_t *self, size_t i)
{
    size_t mask = self->nslots - 1;
    entry_free(self->slots[i]);
    self->slots[i] = NULL;
    self->count--;
    for (size_t j = (i + 1) & mask; self->slots[j]; j = (j + 1) & mask) {
        struct entry *e = self->slots[j];
        self->slots[j] = NULL;
        self->slots[find(self, e->key, e->id)] = e;
    }
}

/* The slot for type/id, made (empty-valued) when new; NULL on ENOMEM.
 * A deleted record removes the slot instead and returns NULL with *gone. */
static struct entry *slot_for(view_t *self, const char *type, size_t tl, const char *id, size_t il,
                              bool deleted, bool *gone)
{
    *gone = false;
    if ((self->count + 1) * 2 > self->nslots && grow(self) != 0)
        return NULL;
    struct entry *fresh = entry_new(type, tl, id, il);
    if (!fresh)
        return NULL;
    size_t i = find(self, fresh->key, fresh->id);
    if (deleted) {
        if (self->slots[i])
            remove_at(self, i);
        free(fresh);
        *gone = true;
        return NULL;
    }
    if (self->slots[i]) {
        free(fresh);
        entry_drop_value(self->slots[i]);
    } else {
        self->slots[i] = fresh;
        self->count++;
    }
    return self->slots[i];
}

int view_put(view_t *self, Thidua__V1__Record *rec)
{
    bool gone;
    struct entry *e =
        slot_for(self, rec->type, strlen(rec->type), rec->id, strlen(rec->id), rec->deleted, &gone);
    if (!e) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return gone ? 0 : -1;
    }
    e->rec = rec;
    return 0;
}

int view_put_packed(view_t *self, uint8_t *bytes, size_t len, const Thidua__V1__Record **decoded)
{
    const uint8_t *p = bytes, *end = bytes + len;
    wire_field_t f, type = {0}, id = {0};
    bool deleted = false;
    int step;
    if (decoded)
        *decoded = NULL;
    while ((step = wire_next(&p, end, &f)) == 1) {
        if (f.number == FIELD_TYPE && f.type == PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED)
            type = f;
        else if (f.number == FIELD_ID && f.type == PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED)
            id = f;
        else if (f.number == FIELD_DELETED && f.type == PROTOBUF_C_WIRE_TYPE_VARINT)
            deleted = f.value != 0;
    }
    if (step < 0 || !type.len || memchr(type.data, '\0', type.len) ||
        (id.len && memchr(id.data, '\0', id.len))) {
        free(bytes);
        return -2;
    }
    bool gone;
    struct entry *e = slot_for(self, (const char *)type.data, type.len,
                               id.len ? (const char *)id.data : "", id.len, deleted, &gone);
    if (!e) {
        free(bytes);
        return gone ? 0 : -1;
    }
    e->bytes = bytes;
    e->len = len;
    if (decoded)
        *decoded = entry_record(e);
    return 0;
}

size_t view_count(const view_t *self)
{
    return self->count;
}

void view_each(const view_t *self, void (*fn)(void *arg, const Thidua__V1__Record *rec), void *arg)
{
    for (size_t i = 0; i < self->nslots; i++) {
        const Thidua__V1__Record *rec = self->slots[i] ? entry_record(self->slots[i]) : NULL;
        if (rec)
            fn(arg, rec);
    }
}
