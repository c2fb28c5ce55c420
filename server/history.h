/* A task's history as records of their own: type "history", id
 * "<task>/<seq>", seq counting from 1 in the index "history/<task>", so a
 * task's record stays the size of its current fields however old it is. */
#ifndef THD_HISTORY_H
#define THD_HISTORY_H

#include <stdint.h>

#include "request.h"

/* A new entry for the task record `task` by the caller, now; the caller
 * fills verb-specific fields, then writes it with history_put. Never NULL. */
Thidua__V1__Record *history_new(req_ctx_t *ctx, const Thidua__V1__Record *task, const char *verb,
                                const char *text);
/* A record for an existing entry of the task (taken over). Never NULL. */
Thidua__V1__Record *history_wrap(const Thidua__V1__Record *task, Thidua__V1__HistoryEntry *entry);
/* The entry inside a record from history_new. */
Thidua__V1__HistoryEntry *history_entry(Thidua__V1__Record *rec);
/* Numbers the entry as its task's next one and writes it (after the task,
 * so the task leads the event). Takes ownership of rec. */
int history_put(req_ctx_t *ctx, Thidua__V1__Record *rec);
/* Format 3 to 4, the one rule of the split. A format 3 task record holds
 * its history in itself; format 4 keeps entry i (from 0) as the History
 * record "<task>/<i+1>" with the task's units, the index history/<task>
 * says how many, and the task holds none. Each record is stamped with the
 * task image's last write (mod_revision, time, actor), as old as what held
 * it. Used by a task's first write after a mark-only upgrade (logged), by
 * migrate (logging nothing: the revision is unchanged) and by verify (the
 * state the log implies). */
typedef struct history_sink {
    int (*count)(void *arg, const char *task, uint32_t n); /* the index */
    int (*record)(void *arg, Thidua__V1__Record *rec);     /* takes ownership */
    void *arg;
} history_sink_t;
/* Takes the entries the task record holds in itself (the record keeps none);
 * returns how many; *entries is from malloc (NULL for none). */
size_t history_take(Thidua__V1__Record *task, Thidua__V1__HistoryEntry ***entries);
/* Frees entries taken and not split, and the array. */
void history_entries_free(Thidua__V1__HistoryEntry **entries, size_t n);
/* Splits the n entries taken from task into sink, stopping at the first
 * failure (its code). Takes ownership of entries and the array. */
int history_split(const Thidua__V1__Record *task, Thidua__V1__HistoryEntry **entries, size_t n,
                  const history_sink_t *sink);
/* history_split into the request's pending group, logged with it. */
int history_split_logged(req_ctx_t *ctx, const Thidua__V1__Record *task,
                         Thidua__V1__HistoryEntry **entries, size_t n);
/* history_split into the pending group, logging nothing (migrate). */
int history_split_derived(req_ctx_t *ctx, const Thidua__V1__Record *task,
                          Thidua__V1__HistoryEntry **entries, size_t n);
/* A task moved to other units takes its history along: each earlier entry
 * is rewritten with the task's units, after the task in the request's
 * change, so that a snapshot or a watch of the task's units holds its
 * whole history and one of the units it left no longer does. Entries go
 * into further events of the request (kind) every HISTORY_REHOME_BYTES, so
 * no event grows with the task's age past that. */
#define HISTORY_REHOME_BYTES (1u << 20)
int history_rehome(req_ctx_t *ctx, const Thidua__V1__Record *moved, const char *kind);
/* The record id of a task's entry seq. */
void history_id(char *buf, size_t cap, const char *task, uint32_t seq);
/* Entries the task has (0 for none or a missing task); <0 on a store error. */
int64_t history_count(req_ctx_t *ctx, const char *task);
/* Fills task->history with its newest THD_HISTORY_IN_GET entries, unless
 * the record still holds its own (written before format 4, not since). */
int history_fill(req_ctx_t *ctx, Thidua__V1__Task *task);
/* history.list: a page of a task's entries, oldest first. */
int history_list(req_ctx_t *ctx);

#endif
