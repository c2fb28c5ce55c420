/* A task's or a nominee's history, one record per entry (history.h). The
 * entries of a record are numbered densely from 1, so a reader finds them
 * by id without a range scan, and a report or a vetting step writes a few
 * hundred bytes whatever the record's age: the task or nominee keeps only
 * its current fields. */
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
#include "text.h"
#include "thd_limits.h"

#define TYPE_HISTORY "history"
#define SEQ_INDEX    "history"

/* The record types whose history is records of its own, the prefix the
 * broker gives their ids, and the store format that began it: before it,
 * their records held it in themselves. */
static const struct parent {
    const char *type, *id_prefix;
    int format;
} parents[] = {{"task", "T-", 4}, {"nominee", "N-", 5}};

int history_format_of(const char *type, size_t len)
{
    for (size_t i = 0; i < sizeof parents / sizeof parents[0]; i++)
        if (strlen(parents[i].type) == len && memcmp(parents[i].type, type, len) == 0)
            return parents[i].format;
    return 0;
}

/* The entries a task or nominee record holds in itself (NULL for another
 * type), and where their count is. */
static Thidua__V1__HistoryEntry ***held(Thidua__V1__Record *r, size_t **n)
{
    switch (r->body_case) {
    case THIDUA__V1__RECORD__BODY_TASK:
        *n = &r->task->n_history;
        return &r->task->history;
    case THIDUA__V1__RECORD__BODY_NOMINEE:
        *n = &r->nominee->n_history;
        return &r->nominee->history;
    default:
        return NULL;
    }
}

size_t history_held(const Thidua__V1__Record *r)
{
    size_t *n;
    return held((Thidua__V1__Record *)r, &n) ? *n : 0;
}

/* The type of the record id names, by the prefix the broker gives its
 * ids; a task for any other id, which then is simply not found. */
static const char *parent_type(const char *id)
{
    for (size_t i = 0; i < sizeof parents / sizeof parents[0]; i++)
        if (strncmp(id, parents[i].id_prefix, strlen(parents[i].id_prefix)) == 0)
            return parents[i].type;
    return parents[0].type;
}

void history_id(char *buf, size_t cap, const char *parent, uint32_t seq)
{
    thd_history_id(buf, cap, parent, seq);
}

/* The units a record's history is read by: the record's own, now. */
static void take_units(Thidua__V1__Record *rec, const Thidua__V1__Record *parent)
{
    for (size_t i = 0; i < rec->n_units; i++)
        free(rec->units[i]);
    free(rec->units);
    rec->units = NULL;
    rec->n_units = 0;
    for (size_t i = 0; i < parent->n_units; i++)
        domain_add_unit(rec, parent->units[i]);
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

Thidua__V1__Record *history_wrap(const Thidua__V1__Record *parent, Thidua__V1__HistoryEntry *entry)
{
    Thidua__V1__Record *rec = domain_envelope(TYPE_HISTORY, "");
    Thidua__V1__History *h = mem_alloc(sizeof *h);
    thidua__v1__history__init(h);
    rec->body_case = THIDUA__V1__RECORD__BODY_HISTORY;
    rec->history = h;
    take_units(rec, parent);
    h->parent = records_strdup(parent->id);
    h->entry = entry;
    return rec;
}

Thidua__V1__Record *history_new(req_ctx_t *ctx, const Thidua__V1__Record *parent, const char *verb,
                                const char *text)
{
    Thidua__V1__HistoryEntry **slot = NULL;
    size_t n = 0;
    domain_history_add(ctx, &slot, &n, verb, text);
    Thidua__V1__HistoryEntry *entry = slot[0];
    free(slot);
    return history_wrap(parent, entry);
}

Thidua__V1__HistoryEntry *history_entry(Thidua__V1__Record *rec)
{
    return rec->history->entry;
}

int64_t history_count(req_ctx_t *ctx, const char *parent)
{
    char *cur = NULL;
    int rc = records_index_get(ctx, SEQ_INDEX, parent, &cur);
    int64_t n = rc == 1 ? (int64_t)strtoull(cur, NULL, 10) : rc < 0 ? -1 : 0;
    free(cur);
    return n;
}

/* Gives rec the id of its parent's entry seq. */
static void number(Thidua__V1__Record *rec, uint32_t seq)
{
    char id[96];
    rec->history->seq = seq;
    history_id(id, sizeof id, rec->history->parent, seq);
    domain_set_string(&rec->id, id);
}

static int put_count(req_ctx_t *ctx, const char *parent, uint32_t n)
{
    char num[16];
    text_uint(num, sizeof num, n, 0);
    return records_index_put(ctx, SEQ_INDEX, parent, num);
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
    return records_put_new(ctx, rec); /* numbered past the count: no entry holds the key */
}

size_t history_take(Thidua__V1__Record *rec, Thidua__V1__HistoryEntry ***entries)
{
    size_t *n;
    Thidua__V1__HistoryEntry ***h = held(rec, &n);
    size_t taken = h ? *n : 0;
    /* the entries numbered the dossier's files; without them, versions must */
    if (rec->body_case == THIDUA__V1__RECORD__BODY_NOMINEE)
        rec->nominee->versions = thd_nominee_files(rec->nominee);
    *entries = h ? *h : NULL;
    if (h) {
        *h = NULL;
        *n = 0;
    }
    return taken;
}

int history_write(req_ctx_t *ctx, history_put_fn *put, Thidua__V1__Record *rec, bool create,
                  Thidua__V1__Record *entry)
{
    Thidua__V1__HistoryEntry **old = NULL;
    size_t n_old = history_take(rec, &old);
    if (n_old && rec->body_case == THIDUA__V1__RECORD__BODY_NOMINEE && rec->nominee->versions)
        records_changed(ctx, "versions"); /* the split set it */
    int rc = put(ctx, rec, create);       /* rec stays valid in ctx->changes */
    if (rc == 0)
        rc = history_split_logged(ctx, rec, old, n_old);
    else
        history_entries_free(old, n_old); /* put owns rec either way */
    if (rc) {
        thidua__v1__record__free_unpacked(entry, NULL);
        return rc;
    }
    return history_put(ctx, entry);
}

/* The split's records are as old as the parent image that held them: its
 * last write's revision, time and actor, whoever moves them. */
static void stamp_as_parent(Thidua__V1__Record *rec, const Thidua__V1__Record *parent)
{
    const Thidua__V1__Meta *tm = records_meta(parent);
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

int history_split(const Thidua__V1__Record *parent, Thidua__V1__HistoryEntry **entries, size_t n,
                  const history_sink_t *sink)
{
    int rc = n > UINT32_MAX ? -1 : 0;
    if (rc == 0 && n)
        rc = sink->count(sink->arg, parent->id, (uint32_t)n);
    size_t i = 0;
    for (; rc == 0 && i < n; i++) {
        Thidua__V1__Record *rec = history_wrap(parent, entries[i]);
        number(rec, (uint32_t)i + 1);
        stamp_as_parent(rec, parent);
        rc = sink->record(sink->arg, rec);
    }
    for (; i < n; i++) /* those a failure left */
        thidua__v1__history_entry__free_unpacked(entries[i], NULL);
    free(entries);
    return rc;
}

static int logged_count(void *arg, const char *parent, uint32_t n)
{
    return put_count(arg, parent, n);
}

static int logged_record(void *arg, Thidua__V1__Record *rec)
{
    return records_put(arg, rec, true);
}

int history_split_logged(req_ctx_t *ctx, const Thidua__V1__Record *parent,
                         Thidua__V1__HistoryEntry **entries, size_t n)
{
    history_sink_t sink = {.count = logged_count, .record = logged_record, .arg = ctx};
    return history_split(parent, entries, n, &sink);
}

static int derived_record(void *arg, Thidua__V1__Record *rec)
{
    return records_put_derived(arg, rec);
}

int history_split_derived(req_ctx_t *ctx, const Thidua__V1__Record *parent,
                          Thidua__V1__HistoryEntry **entries, size_t n)
{
    history_sink_t sink = {.count = logged_count, .record = derived_record, .arg = ctx};
    return history_split(parent, entries, n, &sink);
}

/* Loads entry seq of parent; steals its History into *out. */
static int load_entry(req_ctx_t *ctx, const char *parent, uint32_t seq, Thidua__V1__History **out)
{
    char id[96];
    history_id(id, sizeof id, parent, seq);
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

int history_newest_verb(req_ctx_t *ctx, const Thidua__V1__Record *parent,
                        bool (*pick)(const char *), uint32_t limit, char *verb, size_t cap)
{
    verb[0] = '\0';
    size_t *n;
    Thidua__V1__HistoryEntry ***arr = held((Thidua__V1__Record *)parent, &n);
    if (!arr)
        return 0;
    if (*n) { /* its own entries: an old format's, or those history_fill read */
        for (size_t i = *n; i-- > 0 && *n - i <= limit;)
            if (pick((*arr)[i]->verb))
                return snprintf(verb, cap, "%s", (*arr)[i]->verb), 0;
        return 0;
    }
    int64_t count = history_count(ctx, parent->id);
    if (count < 0)
        return ctx->st->code ? ctx->st->code : THD_INTERNAL;
    for (uint32_t seq = (uint32_t)count; seq >= 1 && (uint32_t)count - seq < limit; seq--) {
        Thidua__V1__History *h = NULL;
        int rc = load_entry(ctx, parent->id, seq, &h);
        if (rc)
            return rc;
        bool found = h->entry && pick(h->entry->verb);
        if (found)
            snprintf(verb, cap, "%s", h->entry->verb);
        thidua__v1__history__free_unpacked(h, NULL);
        if (found)
            break;
    }
    return 0;
}

int history_fill(req_ctx_t *ctx, Thidua__V1__Record *rec)
{
    size_t *count;
    Thidua__V1__HistoryEntry ***arr = held(rec, &count);
    if (!arr || *count)
        return 0; /* written before its format and not since: it holds its own */
    int64_t n = history_count(ctx, rec->id);
    if (n < 0)
        return ctx->st->code ? ctx->st->code : THD_INTERNAL;
    uint32_t first = n > THD_HISTORY_IN_GET ? (uint32_t)(n - THD_HISTORY_IN_GET) + 1 : 1;
    for (uint32_t seq = first; seq <= (uint32_t)n; seq++) {
        Thidua__V1__History *h = NULL;
        int rc = load_entry(ctx, rec->id, seq, &h);
        if (rc)
            return rc;
        *domain_push((void ***)arr, count) = h->entry;
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

/* A page of the entries a record still holds in itself (written before
 * history records and not since), numbered as records would be. Frees
 * the record. */
static void list_embedded(Thidua__V1__Record *rec, uint32_t after, size_t page,
                          Thidua__V1__HistoryListReply *out)
{
    Thidua__V1__HistoryEntry **entries = NULL;
    size_t n = history_take(rec, &entries), bytes = 0;
    uint32_t seq = after;
    while (seq < n && out->n_entries < page && bytes < THD_PAGE_BYTES) {
        Thidua__V1__History *h = mem_alloc(sizeof *h);
        thidua__v1__history__init(h);
        h->parent = records_strdup(rec->id);
        h->seq = ++seq;
        h->entry = entries[seq - 1];
        entries[seq - 1] = NULL;
        bytes += thidua__v1__history__get_packed_size(h);
        *domain_push((void ***)&out->entries, &out->n_entries) = h;
    }
    out->total = (uint32_t)n;
    out->next_after = seq < n ? seq : 0;
    for (size_t i = 0; i < n; i++) /* those the page left, and those it took (now NULL) */
        if (entries[i])
            thidua__v1__history_entry__free_unpacked(entries[i], NULL);
    free(entries);
    thidua__v1__record__free_unpacked(rec, NULL);
}

int history_list(req_ctx_t *ctx)
{
    const Thidua__V1__HistoryList *in = ctx->in->req->history_list;
    Thidua__V1__Record *rec = NULL;
    int rc = domain_load(ctx, parent_type(in->id), in->id, "id", &rec);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    Thidua__V1__HistoryListReply *out = mem_alloc(sizeof *out);
    thidua__v1__history_list_reply__init(out);
    ctx->resp->history = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_HISTORY;
    size_t page = domain_page_size(in->page_size), bytes = 0;
    if (history_held(rec)) {
        list_embedded(rec, in->after, page, out);
        return 0;
    }
    thidua__v1__record__free_unpacked(rec, NULL);
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
