/* Packing, logging and addressing the events of a request. */
#include "changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ballot.h"
#include "domain.h"
#include "mem.h"
#include "packed.h"
#include "reasons.h"
#include "thd_limits.h"
#include "records.h"
#include "request.h"
#include "text.h"

static void event_free(change_event_t *e)
{
    free(e->bytes);
    free(e->pub_bytes);
    for (size_t i = 0; i < e->n_topics; i++)
        free(e->topics[i]);
    free(e->topics);
    memset(e, 0, sizeof *e);
}

void changes_truncate(change_list_t *list, size_t n)
{
    while (list->n > n)
        event_free(&list->events[--list->n]);
}

void changes_clear(change_list_t *list)
{
    changes_truncate(list, 0);
    free(list->events);
    memset(list, 0, sizeof *list);
}

void changes_drop_pending_after(struct req_ctx *ctx, size_t n_changes, size_t n_changed)
{
    for (size_t i = n_changes; i < ctx->n_changes; i++) {
        thidua__v1__record__free_unpacked(ctx->changes[i], NULL);
        free(ctx->packed[i].data);
    }
    ctx->n_changes = n_changes < ctx->n_changes ? n_changes : ctx->n_changes;
    for (size_t i = n_changed; i < ctx->n_changed; i++)
        free(ctx->changed[i]);
    ctx->n_changed = n_changed < ctx->n_changed ? n_changed : ctx->n_changed;
}

void changes_drop_pending(struct req_ctx *ctx)
{
    changes_drop_pending_after(ctx, 0, 0);
    free(ctx->changes);
    free(ctx->packed);
    free(ctx->changed);
    ctx->changes = NULL;
    ctx->packed = NULL;
    ctx->changed = NULL;
    ctx->cap_changes = 0;
}

static int add_topic(change_event_t *e, const char *topic)
{
    for (size_t t = 0; t < e->n_topics; t++)
        if (strcmp(e->topics[t], topic) == 0)
            return 0;
    e->topics[e->n_topics++] = records_strdup(topic);
    return 0;
}

/* One "*" copy for full subscribers, one per concerned unit. */
static int address(change_event_t *e, const req_ctx_t *ctx)
{
    const Thidua__V1__Record *first = ctx->changes[0];
    size_t cap = 1;
    for (size_t i = 0; i < ctx->n_changes; i++)
        cap += ctx->changes[i]->n_units + ctx->n_left_units;
    e->topics = calloc(cap, sizeof *e->topics);
    if (!e->topics)
        return -1;
    char topic[256];
    TEXT_JOIN(topic, sizeof topic, '/', "*", first->type, first->id);
    add_topic(e, topic);
    for (size_t i = 0; i < ctx->n_changes; i++) {
        for (size_t u = 0; u < ctx->changes[i]->n_units; u++) {
            TEXT_JOIN(topic, sizeof topic, '/', ctx->changes[i]->units[u], ctx->changes[i]->type,
                      ctx->changes[i]->id);
            add_topic(e, topic);
        }
        for (size_t u = 0; u < ctx->n_left_units; u++) { /* so that they let it go */
            TEXT_JOIN(topic, sizeof topic, '/', ctx->left_units[u], ctx->changes[i]->type,
                      ctx->changes[i]->id);
            add_topic(e, topic);
        }
    }
    return 0;
}

/* Replaces the event's published copy with ev, packed. */
static int set_public(change_event_t *e, const Thidua__V1__Event *ev)
{
    free(e->pub_bytes);
    e->pub_len = thidua__v1__event__get_packed_size(ev);
    e->pub_bytes = malloc(e->pub_len ? e->pub_len : 1);
    if (e->pub_bytes)
        thidua__v1__event__pack(ev, e->pub_bytes);
    return e->pub_bytes ? 0 : -1;
}

/* The published copy less its records' bodies, so that no queued message
 * passes cap and a subscriber's queue is bounded in bytes by its length
 * (THD_EVENT_MAX_KIB). Envelopes that still pass it (a change of very many
 * records) are left out too: the log has them. */
static int thin_copy(change_event_t *e, size_t cap)
{
    Thidua__V1__Event *ev = e->pub_bytes ? thidua__v1__event__unpack(NULL, e->pub_len, e->pub_bytes)
                                         : thidua__v1__event__unpack(NULL, e->len, e->bytes);
    Thidua__V1__Record *envs = ev ? calloc(ev->n_records + 1, sizeof *envs) : NULL;
    Thidua__V1__Record **ptrs = envs ? calloc(ev->n_records + 1, sizeof *ptrs) : NULL;
    int rc = -1;
    if (ptrs) {
        Thidua__V1__Event thin = *ev; /* borrows ev's strings */
        for (size_t i = 0; i < ev->n_records; i++) {
            const Thidua__V1__Record *r = ev->records[i];
            thidua__v1__record__init(&envs[i]);
            envs[i].type = r->type;
            envs[i].id = r->id;
            envs[i].n_units = r->n_units;
            envs[i].units = r->units;
            envs[i].deleted = r->deleted;
            ptrs[i] = &envs[i];
        }
        thin.records = ptrs;
        thin.thin = true;
        if (thidua__v1__event__get_packed_size(&thin) > cap)
            thin.n_records = thin.n_changed = 0;
        rc = set_public(e, &thin);
    }
    free(ptrs);
    free(envs);
    if (ev)
        thidua__v1__event__free_unpacked(ev, NULL);
    return rc;
}

/* The log entry less any ballot's votes, which no subscriber may read
 * (changes_since gives a member its own). */
static int secret_copy(change_event_t *e)
{
    Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, e->len, e->bytes);
    if (!ev)
        return -1;
    for (size_t i = 0; i < ev->n_records; i++)
        ballot_for_reader(ev->records[i], NULL);
    int rc = set_public(e, ev);
    thidua__v1__event__free_unpacked(ev, NULL);
    return rc;
}

/* The event for every subscriber: without votes, and thin when larger than
 * the broker's --event-max-kib. */
static int public_copy(change_event_t *e, const req_ctx_t *ctx)
{
    bool secret = false;
    for (size_t i = 0; i < ctx->n_changes; i++)
        secret |= ctx->changes[i]->body_case == THIDUA__V1__RECORD__BODY_BALLOT;
    if (secret && secret_copy(e) != 0)
        return -1;
    size_t cap = ctx->info ? ctx->info->event_max_bytes : 0;
    if (cap && (e->pub_bytes ? e->pub_len : e->len) > cap)
        return thin_copy(e, cap);
    return 0;
}

static change_event_t *next_slot(change_list_t *list)
{
    mem_grow(&list->events, &list->cap, list->n + 1, sizeof *list->events);
    change_event_t *e = &list->events[list->n];
    memset(e, 0, sizeof *e);
    return e;
}

/* Names the biggest record, which is what the caller can act on. */
static int too_big(const req_ctx_t *ctx, size_t len)
{
    size_t big = 0;
    for (size_t i = 1; i < ctx->n_changes; i++)
        if (ctx->packed[i].len > ctx->packed[big].len)
            big = i;
    const Thidua__V1__Record *r = ctx->changes[big];
    return thd_refuse(ctx->st, THD_R_CHANGE_TOO_BIG, "", THD_MIB(len), r->type, r->id,
                      THD_MIB(ctx->packed[big].len), THD_MIB(THD_MAX_CHANGE_BYTES));
}

int changes_log(struct req_ctx *ctx, const char *kind)
{
    if (!ctx->n_changes)
        return 0;
    change_event_t *e = next_slot(ctx->log);
    if (!e)
        return -1;
    Thidua__V1__Event ev = THIDUA__V1__EVENT__INIT;
    ev.revision = store_revision(ctx->store) + 1;
    ev.time_ms = ctx->in->now_ms;
    ev.actor = (char *)ctx->in->who->name;
    ev.request_id = (char *)ctx->in->req->request_id;
    ev.kind = (char *)kind;
    ev.left_units = ctx->left_units;
    ev.n_left_units = ctx->n_left_units;
    e->bytes =
        packed_event(&ev, ctx->packed, ctx->n_changes, ctx->changed, ctx->n_changed, &e->len);
    ctx->log->n++; /* counted at once, so a failure below frees it */
    if (!e->bytes)
        return -1;
    if (e->len > THD_MAX_CHANGE_BYTES)
        return too_big(ctx, e->len);
    if (store_log_append(ctx->store, e->bytes, e->len) != ev.revision || address(e, ctx) != 0 ||
        public_copy(e, ctx) != 0)
        return -1;
    changes_drop_pending(ctx);
    return 0;
}
