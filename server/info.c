#include "info.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "records.h"

enum { CODE_INTERNAL = 13 };

int info_ping(req_ctx_t *ctx)
{
    Thidua__V1__PingReply *out = malloc(sizeof *out);
    if (!out)
        return thd_status_set(ctx->st, CODE_INTERNAL, "", "out of memory");
    thidua__v1__ping_reply__init(out);
    out->time_ms = ctx->now_ms;
    out->principal = records_strdup(ctx->who->name);
    out->role = ctx->who->role;
    ctx->resp->ping = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_PING;
    return 0;
}

/* Adds one to the count of type (the text before '/' in key). */
static int count_key(Thidua__V1__StatusReply *out, const char *key, size_t klen)
{
    const char *slash = memchr(key, '/', klen);
    size_t tlen = slash ? (size_t)(slash - key) : klen;
    for (size_t i = 0; i < out->n_counts; i++)
        if (strlen(out->counts[i]->type) == tlen && memcmp(out->counts[i]->type, key, tlen) == 0) {
            out->counts[i]->count++;
            return 0;
        }
    Thidua__V1__RecordCount **c = realloc(out->counts, (out->n_counts + 1) * sizeof *c);
    if (!c)
        return -1;
    out->counts = c;
    Thidua__V1__RecordCount *rc = malloc(sizeof *rc);
    char *type = malloc(tlen + 1);
    if (!rc || !type) {
        free(rc);
        free(type);
        return -1;
    }
    thidua__v1__record_count__init(rc);
    memcpy(type, key, tlen);
    type[tlen] = '\0';
    rc->type = type;
    rc->count = 1;
    c[out->n_counts++] = rc;
    return 0;
}

int info_status(req_ctx_t *ctx)
{
    Thidua__V1__StatusReply *out = malloc(sizeof *out);
    if (!out)
        return thd_status_set(ctx->st, CODE_INTERNAL, "", "out of memory");
    thidua__v1__status_reply__init(out);
    ctx->resp->status_reply = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_STATUS_REPLY;
    out->revision = store_revision(ctx->store);
    out->oldest_revision = store_oldest_revision(ctx->store);
    out->log_entries =
        out->revision >= out->oldest_revision ? out->revision - out->oldest_revision + 1 : 0;
    out->uptime_ms = clock_mono_ms() - ctx->info->started_mono_ms;
    out->version = records_strdup(ctx->info->version);
    out->read_only = store_read_only(ctx->store);
    /* A full scan: stores hold thousands of records and status is rare. */
    store_iter_t *it = store_iter_new(ctx->store, SPACE_RECORD, "");
    const char *k, *v;
    size_t kl, vl;
    int rc = it ? 0 : -1;
    while (rc == 0 && store_iter_next(it, &k, &kl, &v, &vl) == 1)
        rc = count_key(out, k, kl);
    store_iter_destroy(&it);
    return rc ? thd_status_set(ctx->st, CODE_INTERNAL, "", "out of memory") : 0;
}
