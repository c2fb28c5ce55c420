#include "info.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "reasons.h"
#include "records.h"

int info_ping(req_ctx_t *ctx)
{
    Thidua__V1__PingReply *out = malloc(sizeof *out);
    if (!out)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    thidua__v1__ping_reply__init(out);
    out->time_ms = ctx->in->now_ms;
    out->principal = records_strdup(ctx->in->who->name);
    out->role = ctx->in->who->role;
    ctx->resp->ping = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_PING;
    return 0;
}

struct counts {
    Thidua__V1__StatusReply *out;
    int failed;
};

/* One RecordCount per type, from the counts the store keeps. */
static void add_count(void *arg, const char *type, size_t tlen, uint64_t n)
{
    struct counts *c = arg;
    Thidua__V1__StatusReply *out = c->out;
    Thidua__V1__RecordCount **v =
        c->failed ? NULL : realloc(out->counts, (out->n_counts + 1) * sizeof *v);
    Thidua__V1__RecordCount *rc = v ? malloc(sizeof *rc) : NULL;
    char *name = rc ? malloc(tlen + 1) : NULL;
    if (v)
        out->counts = v;
    if (!name) {
        free(rc);
        c->failed = 1;
        return;
    }
    thidua__v1__record_count__init(rc);
    memcpy(name, type, tlen);
    name[tlen] = '\0';
    rc->type = name;
    rc->count = n;
    v[out->n_counts++] = rc;
}

int info_status(req_ctx_t *ctx)
{
    Thidua__V1__StatusReply *out = malloc(sizeof *out);
    if (!out)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
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
    struct counts c = {.out = out};
    if (store_count_each(ctx->store, add_count, &c) != 0 || c.failed)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    return 0;
}
