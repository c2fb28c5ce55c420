/* Open snapshot cursors: each holds a LevelDB snapshot so every page of a
 * snapshot read shows the same revision. Bounded in number, in total and
 * per principal; an idle cursor expires. Owned by the broker's thread, like
 * everything else. */
#ifndef THD_CURSORS_H
#define THD_CURSORS_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"
#include "thd_limits.h"

typedef struct cursor {
    char id[33]; /* random hex, handed to the client */
    char owner[THD_MAX_HANDLE_CHARS + 1];
    char unit[THD_MAX_CODE_CHARS + 1]; /* filter, or "" */
    char last_key[320];                /* where the next page starts after */
    store_snapshot_t *snap;
    int64_t used_ms;
    uint64_t used_seq; /* orders uses within one millisecond too */
} cursor_t;

typedef struct cursors cursors_t;

/* Borrows store for its lifetime. */
cursors_t *cursors_new(store_t *store);
void cursors_destroy(cursors_t **self_p);
/* A new cursor on the committed store, or NULL when all are in use. An
 * owner already holding THD_MAX_CURSORS_PER_PRINCIPAL loses the one it used
 * least recently to the new one. */
cursor_t *cursors_open(cursors_t *self, const char *owner, const char *unit, int64_t now_ms);
/* The owner's cursor with this id, or NULL (unknown, expired, evicted, or
 * not theirs). */
cursor_t *cursors_find(cursors_t *self, const char *id, const char *owner, int64_t now_ms);
/* Whether the owner's cursor with this id was closed by one of its newer
 * cursors (among the last THD_MAX_CURSORS so closed), to say so. */
bool cursors_evicted(const cursors_t *self, const char *id, const char *owner);
void cursors_close(cursors_t *self, cursor_t *c);
/* How many are open now. */
unsigned cursors_count(const cursors_t *self);
/* Closes cursors idle for longer than THD_CURSOR_IDLE_MS. */
void cursors_expire(cursors_t *self, int64_t now_ms);

#endif
