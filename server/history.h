/* A task's or a nominee's history as records of their own: type
 * "history", id "<parent>/<seq>", seq counting from 1 in the index
 * "history/<parent>", so the parent record stays the size of its current
 * fields however old it is. Tasks since store format 4, nominees since 5. */
#ifndef THD_HISTORY_H
#define THD_HISTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "request.h"

/* The store format since which records of type (len bytes) keep their
 * history as records: 4 for tasks, 5 for nominees; 0 for other types. */
int history_format_of(const char *type, size_t len);
/* The entries a task or nominee record still holds in itself (written
 * before its type's format and not since); 0 for other types. */
size_t history_held(const Thidua__V1__Record *r);
/* A new entry for the task or nominee record `parent` by the caller, now;
 * the caller fills verb-specific fields, then writes it with history_put
 * or history_write. Never NULL. */
Thidua__V1__Record *history_new(req_ctx_t *ctx, const Thidua__V1__Record *parent, const char *verb,
                                const char *text);
/* The verb of parent's newest history entry that pick() takes, into verb
 * ("" when none), reading back from the newest at most `limit` entries;
 * 0, or a status code. For a record that holds its own entries, those. */
int history_newest_verb(req_ctx_t *ctx, const Thidua__V1__Record *parent, bool (*pick)(const char *),
                        uint32_t limit, char *verb, size_t cap);
/* A record for an existing entry of the task or nominee (taken over). Never NULL. */
Thidua__V1__Record *history_wrap(const Thidua__V1__Record *parent, Thidua__V1__HistoryEntry *entry);
/* The entry inside a record from history_new. */
Thidua__V1__HistoryEntry *history_entry(Thidua__V1__Record *rec);
/* Numbers the entry as its parent's next one and writes it (after the
 * parent, so the parent leads the event). Takes ownership of rec. */
int history_put(req_ctx_t *ctx, Thidua__V1__Record *rec);
/* How history_write puts the parent: domain_put_and_reply, or
 * records_put for a record the request does not answer with. */
typedef int history_put_fn(req_ctx_t *ctx, Thidua__V1__Record *rec, bool create);
/* Writes the task or nominee rec with put, then its new history entry
 * after it, so the parent leads the event. Takes ownership of both. A
 * record written before its type's format holds its entries in itself:
 * this write splits them out by the one rule (history_split) before the
 * new one, so that a record's history is either all inside it or all in
 * records. */
int history_write(req_ctx_t *ctx, history_put_fn *put, Thidua__V1__Record *rec, bool create,
                  Thidua__V1__Record *entry);
/* The one rule of the split (tasks: format 3 to 4; nominees: 4 to 5).
 * Before, a record held its history in itself; after, entry i (from 0) is
 * the History record "<id>/<i+1>" with the parent's units, the index
 * history/<id> says how many, and the parent holds none; a nominee's
 * versions becomes the newest dossier file version its entries named.
 * Each record is stamped with the parent image's last write (mod_revision,
 * time, actor), as old as what held it. Used by a record's first write
 * after a mark-only upgrade (logged), by migrate (logging nothing: the
 * revision is unchanged) and by verify (the state the log implies). */
typedef struct history_sink {
    int (*count)(void *arg, const char *parent, uint32_t n); /* the index */
    int (*record)(void *arg, Thidua__V1__Record *rec);       /* takes ownership */
    void *arg;
} history_sink_t;
/* Takes the entries the task or nominee record holds in itself (the
 * record keeps none, and a nominee its versions); returns how many;
 * *entries is from malloc (NULL for none). */
size_t history_take(Thidua__V1__Record *rec, Thidua__V1__HistoryEntry ***entries);
/* Frees entries taken and not split, and the array. */
void history_entries_free(Thidua__V1__HistoryEntry **entries, size_t n);
/* Splits the n entries taken from parent into sink, stopping at the first
 * failure (its code). Takes ownership of entries and the array. */
int history_split(const Thidua__V1__Record *parent, Thidua__V1__HistoryEntry **entries, size_t n,
                  const history_sink_t *sink);
/* history_split into the request's pending group, logged with it. */
int history_split_logged(req_ctx_t *ctx, const Thidua__V1__Record *parent,
                         Thidua__V1__HistoryEntry **entries, size_t n);
/* history_split into the pending group, logging nothing (migrate). */
int history_split_derived(req_ctx_t *ctx, const Thidua__V1__Record *parent,
                          Thidua__V1__HistoryEntry **entries, size_t n);
/* A task moved to other units takes its history along: each earlier entry
 * is rewritten with the task's units, after the task in the request's
 * change, so that a snapshot or a watch of the task's units holds its
 * whole history and one of the units it left no longer does. Entries go
 * into further events of the request (kind) every HISTORY_REHOME_BYTES, so
 * no event grows with the task's age past that. */
#define HISTORY_REHOME_BYTES (1u << 20)
int history_rehome(req_ctx_t *ctx, const Thidua__V1__Record *moved, const char *kind);
/* The record id of a task's or nominee's entry seq. */
void history_id(char *buf, size_t cap, const char *parent, uint32_t seq);
/* Entries the task or nominee has (0 for none or a missing one); <0 on a
 * store error. */
int64_t history_count(req_ctx_t *ctx, const char *parent);
/* Fills a task's or nominee's history with its newest THD_HISTORY_IN_GET
 * entries, unless the record still holds its own (written before its
 * type's format, not since). */
int history_fill(req_ctx_t *ctx, Thidua__V1__Record *rec);
/* history.list: a page of a task's or nominee's entries, oldest first. */
int history_list(req_ctx_t *ctx);

#endif
