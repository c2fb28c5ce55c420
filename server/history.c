/* A task's history, one record per entry (history.h). The entries of a
 * task are numbered densely from 1, so a reader finds them by id without a
 * range scan, and a report writes a few hundred bytes whatever the task's
 * age: the task record keeps only its current fields. */
#include "history.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "domain.h"
#include "mem.h"
#include "records.h"
#include "rules.h"
#include "thd_limits.h"

#define TYPE_HISTORY "history"
#define SEQ_INDEX    "history"

void history_id(char *buf, size_t cap, const char *task, uint32_t seq)
{
    thd_history_id(buf, cap, task, seq);
}

/* The units a task's history is read by: the task's own, now. */
static void take_units(Thidua__V1__Record *rec, const Thidua__V1__Record *task)
{
    for (size_t i = 0; i < rec->n_units; i++)
        free(rec->units[i]);
    free(rec->units);
    rec->units = NULL;
    rec->n_units = 0;
    for (size_t i = 0; i < task->n_units; i++)
        domain_add_unit(rec, task->units[i]);
}

static bool same_units(const Thidua__V1__Record *a, const Thidua__V1__Record *b)
{
    if (a->n_units != b->n_units)
        return false;
    for (size_t i = 0; i < a->n_units; i++)
        if (strcmp(a->units[i], b->units[i]) != 0)
            return false;
    return true;
}

Thidua__V1__Record *history_wrap(const Thidua__V1__Record *task, Thidua__V1__HistoryEntry *entry)
{
    Thidua__V1__Record *rec = domain_envelope(TYPE_HISTORY, "");
    Thidua__V1__History *h = mem_alloc(sizeof *h);
    thidua__v1__history__init(h);
    rec->body_case = THIDUA__V1__RECORD__BODY_HISTORY;
    rec->history = h;
    take_units(rec, task);
    h->parent = records_strdup(task->id);
    h->entry = entry;
    return rec;
}

Thidua__V1__Record *history_new(req_ctx_t *ctx, const Thidua__V1__Record *task, const char *verb,
                                const char *text)
{
    Thidua__V1__HistoryEntry **slot = NULL;
    size_t n = 0;
    domain_history_add(ctx, &slot, &n, verb, text);
    Thidua__V1__HistoryEntry *entry = slot[0];
    free(slot);
    return history_wrap(task, entry);
}

Thidua__V1__HistoryEntry *history_entry(Thidua__V1__Record *rec)
{
    return rec->history->entry;
}

int64_t history_count(req_ctx_t *ctx, const char *task)
{
    char *cur = NULL;
    int rc = records_index_get(ctx, SEQ_INDEX, task, &cur);
    int64_t n = rc == 1 ? (int64_t)strtoull(cur, NULL, 10) : rc < 0 ? -1 : 0;
    free(cur);
    return n;
}

/* Gives rec the id of its task's entry seq. */
static void number(Thidua__V1__Record *rec, uint32_t seq)
{
    char id[96];
    rec->history->seq = seq;
    history_id(id, sizeof id, rec->history->parent, seq);
    domain_set_string(&rec->id, id);
}

static int put_count(req_ctx_t *ctx, const char *task, uint32_t n)
{
    char num[16];
    snprintf(num, sizeof num, "%" PRIu32, n);
    return records_index_put(ctx, SEQ_INDEX, task, num);
}

int history_put(req_ctx_t *ctx, Thidua__V1__Record *rec)
{
    int64_t n = history_count(ctx, rec->history->parent);
    if (n < 0 || n >= UINT32_MAX) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return n < 0 ? (ctx->st->code ? ctx->st->code : THD_INTERNAL)
                     : thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    }
    number(rec, (uint32_t)n + 1);
    int rc = put_count(ctx, rec->history->parent, rec->history->seq);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    return records_put(ctx, rec, true);
}

size_t history_take(Thidua__V1__Record *task, Thidua__V1__HistoryEntry ***entries)
{
    size_t n = task->task->n_history;
    *entries = task->task->history;
    task->task->history = NULL;
    task->task->n_history = 0;
    return n;
}

/* The split's records are as old as the task image that held them: its
 * last write's revision, time and actor, whoever moves them. */
static void stamp_as_task(Thidua__V1__Record *rec, const Thidua__V1__Record *task)
{
    const Thidua__V1__Meta *tm = records_meta(task);
    Thidua__V1__Meta *m = records_meta(rec);
    if (!tm || !m)
        abort(); /* both bodies have a meta field, allocated when absent (mem.c) */
    m->create_revision = m->mod_revision = tm->mod_revision;
    m->create_time_ms = m->mod_time_ms = tm->mod_time_ms;
    m->mod_actor = records_strdup(tm->mod_actor);
}

void history_entries_free(Thidua__V1__HistoryEntry **entries, size_t n)
{
    for (size_t i = 0; i < n; i++)
        thidua__v1__history_entry__free_unpacked(entries[i], NULL);
    free(entries);
}

int history_split(const Thidua__V1__Record *task, Thidua__V1__HistoryEntry **entries, size_t n,
                  const history_sink_t *sink)
{
    int rc = n > UINT32_MAX ? -1 : 0;
    if (rc == 0 && n)
        rc = sink->count(sink->arg, task->id, (uint32_t)n);
    size_t i = 0;
    for (; rc == 0 && i < n; i++) {
        Thidua__V1__Record *rec = history_wrap(task, entries[i]);
        number(rec, (uint32_t)i + 1);
        stamp_as_task(rec, task);
        rc = sink->record(sink->arg, rec);
    }
    for (; i < n; i++) /* those a failure left */
        thidua__v1__history_entry__free_unpacked(entries[i], NULL);
    free(entries);
    return rc;
}

static int logged_count(void *arg, const char *task, uint32_t n)
{
    return put_count(arg, task, n);
}

static int logged_record(void *arg, Thidua__V1__Record *rec)
{
    return records_put(arg, rec, true);
}

int history_split_logged(req_ctx_t *ctx, const Thidua__V1__Record *task,
                         Thidua__V1__HistoryEntry **entries, size_t n)
{
    history_sink_t sink = {.count = logged_count, .record = logged_record, .arg = ctx};
    return history_split(task, entries, n, &sink);
}

static int derived_record(void *arg, Thidua__V1__Record *rec)
{
    return records_put_derived(arg, rec);
}

int history_split_derived(req_ctx_t *ctx, const Thidua__V1__Record *task,
                          Thidua__V1__HistoryEntry **entries, size_t n)
{
    history_sink_t sink = {.count = logged_count, .record = derived_record, .arg = ctx};
    return history_split(task, entries, n, &sink);
}

/* Loads entry seq of task; steals its History into *out. */
static int load_entry(req_ctx_t *ctx, const char *task, uint32_t seq, Thidua__V1__History **out)
{
    char id[96];
    history_id(id, sizeof id, task, seq);
    Thidua__V1__Record *rec = NULL;
    int rc = records_get(ctx, TYPE_HISTORY, id, &rec);
    if (rc == 0 && rec->body_case != THIDUA__V1__RECORD__BODY_HISTORY)
        rc = thd_refuse(ctx->st, THD_R_RECORD_DAMAGED, "", id);
    if (rc == 0) {
        *out = rec->history;
        rec->history = NULL;
        rec->body_case = THIDUA__V1__RECORD__BODY__NOT_SET;
    }
    thidua__v1__record__free_unpacked(rec, NULL);
    return rc;
}

int history_fill(req_ctx_t *ctx, Thidua__V1__Task *task)
{
    if (task->n_history)
        return 0; /* written before format 4 and not since: it holds its own */
    int64_t n = history_count(ctx, task->id);
    if (n < 0)
        return ctx->st->code ? ctx->st->code : THD_INTERNAL;
    uint32_t first = n > THD_HISTORY_IN_GET ? (uint32_t)(n - THD_HISTORY_IN_GET) + 1 : 1;
    for (uint32_t seq = first; seq <= (uint32_t)n; seq++) {
        Thidua__V1__History *h = NULL;
        int rc = load_entry(ctx, task->id, seq, &h);
        if (rc)
            return rc;
        *domain_push((void ***)&task->history, &task->n_history) = h->entry;
        h->entry = NULL;
        thidua__v1__history__free_unpacked(h, NULL);
    }
    return 0;
}

int history_rehome(req_ctx_t *ctx, const Thidua__V1__Record *moved, const char *kind)
{
    /* a copy: logging an event frees the changes logged, moved among them */
    Thidua__V1__Record *task = records_dup(moved);
    if (!task)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    int64_t n = history_count(ctx, task->id);
    size_t bytes = 0;
    int rc = n < 0 ? (ctx->st->code ? ctx->st->code : THD_INTERNAL) : 0;
    for (uint32_t seq = 1; rc == 0 && n > 0 && seq <= (uint32_t)n; seq++) {
        char id[96];
        history_id(id, sizeof id, task->id, seq);
        Thidua__V1__Record *rec = NULL;
        rc = records_get(ctx, TYPE_HISTORY, id, &rec);
        if (rc == 0 && same_units(rec, task)) { /* written by this change */
            thidua__v1__record__free_unpacked(rec, NULL);
            continue;
        }
        /* an event per ~HISTORY_REHOME_BYTES, so each stays small; closed
         * only before a record, so the request's own last event is never empty */
        if (rc == 0 && bytes >= HISTORY_REHOME_BYTES) {
            bytes = 0;
            if (changes_log(ctx, kind) < 0) {
                thidua__v1__record__free_unpacked(rec, NULL);
                rc = thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
            }
        }
        if (rc == 0) {
            take_units(rec, task);
            bytes += thidua__v1__record__get_packed_size(rec);
            rc = records_put(ctx, rec, false);
        }
    }
    thidua__v1__record__free_unpacked(task, NULL);
    return rc;
}

/* A page of the entries a task record still holds in itself (written
 * before history records and not since), numbered as records would be. */
static void list_embedded(Thidua__V1__Task *t, uint32_t after, size_t page,
                          Thidua__V1__HistoryListReply *out)
{
    size_t bytes = 0;
    uint32_t seq = after;
    while (seq < t->n_history && out->n_entries < page && bytes < THD_PAGE_BYTES) {
        Thidua__V1__History *h = mem_alloc(sizeof *h);
        thidua__v1__history__init(h);
        h->parent = records_strdup(t->id);
        h->seq = ++seq;
        h->entry = t->history[seq - 1];
        t->history[seq - 1] = NULL;
        bytes += thidua__v1__history__get_packed_size(h);
        *domain_push((void ***)&out->entries, &out->n_entries) = h;
    }
    out->total = (uint32_t)t->n_history;
    out->next_after = seq < t->n_history ? seq : 0;
}

/* Frees the entries list_embedded left, and those it took (now NULL). */
static void drop_history(Thidua__V1__Task *t)
{
    for (size_t i = 0; i < t->n_history; i++)
        if (t->history[i])
            thidua__v1__history_entry__free_unpacked(t->history[i], NULL);
    free(t->history);
    t->history = NULL;
    t->n_history = 0;
}

int history_list(req_ctx_t *ctx)
{
    const Thidua__V1__HistoryList *in = ctx->in->req->history_list;
    Thidua__V1__Record *task = NULL;
    int rc = domain_load(ctx, "task", in->id, "id", &task);
    if (rc) {
        thidua__v1__record__free_unpacked(task, NULL);
        return rc;
    }
    Thidua__V1__HistoryListReply *out = mem_alloc(sizeof *out);
    thidua__v1__history_list_reply__init(out);
    ctx->resp->history = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_HISTORY;
    size_t page = domain_page_size(in->page_size), bytes = 0;
    if (task->task->n_history) {
        list_embedded(task->task, in->after, page, out);
        drop_history(task->task);
        thidua__v1__record__free_unpacked(task, NULL);
        return 0;
    }
    thidua__v1__record__free_unpacked(task, NULL);
    int64_t n = history_count(ctx, in->id);
    if (n < 0)
        return ctx->st->code ? ctx->st->code : THD_INTERNAL;
    out->total = (uint32_t)n;
    uint32_t seq = in->after;
    /* a page closes at its size or past THD_PAGE_BYTES, so that a reply
     * always fits a message whatever the entries hold */
    while (seq < (uint32_t)n && out->n_entries < page && bytes < THD_PAGE_BYTES) {
        Thidua__V1__History *h = NULL;
        rc = load_entry(ctx, in->id, ++seq, &h);
        if (rc)
            return rc;
        bytes += thidua__v1__history__get_packed_size(h);
        *domain_push((void ***)&out->entries, &out->n_entries) = h;
    }
    out->next_after = seq < (uint32_t)n ? seq : 0;
    return 0;
}
