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
