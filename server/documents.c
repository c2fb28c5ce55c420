/* Documents of tasks and nominees: one record type, one read. */
#include "documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "mem.h"
#include "reasons.h"
#include "records.h"
#include "rules.h"

#define TYPE_DOCUMENT "document"

static uint32_t task_newest(const Thidua__V1__Record *r)
{
    return r->task ? r->task->versions : 0;
}

static uint32_t nominee_newest(const Thidua__V1__Record *r)
{
    return r->nominee ? thd_nominee_files(r->nominee) : 0;
}

/* The owners of documents, told apart by their id's prefix; an id of
 * neither shape is looked up as a task (and is not found). */
static const struct owner {
    const char *prefix, *type;
    uint32_t (*newest)(const Thidua__V1__Record *);
    thd_reason_t missing; /* (id, versions, version asked) */
    thd_reason_t none;    /* (id): it holds none yet */
} owners[] = {
    {"N-", "nominee", nominee_newest, THD_R_NOMINEE_FILE_NOT_FOUND, THD_R_NOMINEE_NO_FILES_YET},
    {"T-", "task", task_newest, THD_R_DOCUMENT_NOT_FOUND, THD_R_DOCUMENT_NONE_YET},
};

static const struct owner *owner_of(const char *id)
{
    for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++)
        if (strncmp(id, owners[i].prefix, strlen(owners[i].prefix)) == 0)
            return &owners[i];
    return &owners[sizeof owners / sizeof owners[0] - 1];
}

int documents_keep(req_ctx_t *ctx, const Thidua__V1__Record *owner, const Thidua__V1__Attachment *a,
                   const char *verb, uint32_t version)
{
    /* up to a request's size: refused when short, not the reserve's to cover */
    uint8_t *bytes = malloc(a->data.len ? a->data.len : 1);
    if (!bytes)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    memcpy(bytes, a->data.data, a->data.len);
    char id[96];
    snprintf(id, sizeof id, "%s/v%u", owner->id, version);
    Thidua__V1__Record *rec = domain_envelope(TYPE_DOCUMENT, id);
    Thidua__V1__Document *d = mem_alloc(sizeof *d);
    thidua__v1__document__init(d);
    rec->body_case = THIDUA__V1__RECORD__BODY_DOCUMENT;
    rec->document = d;
    for (size_t i = 0; i < owner->n_units; i++)
        domain_add_unit(rec, owner->units[i]);
    d->task = records_strdup(owner->id);
    d->version = version;
    d->verb = records_strdup(verb);
    d->attachment = domain_attachment_info(a);
    d->attachment->data.data = bytes;
    d->attachment->data.len = a->data.len;
    return records_put(ctx, rec, true);
}

int documents_get(req_ctx_t *ctx)
{
    const Thidua__V1__DocumentGet *in = ctx->in->req->document_get;
    const struct owner *o = owner_of(in->task);
    Thidua__V1__Record *owner = NULL;
    int rc = domain_load(ctx, o->type, in->task, "task", &owner);
    if (rc)
        return rc;
    uint32_t newest = o->newest(owner), v = in->version ? in->version : newest;
    thidua__v1__record__free_unpacked(owner, NULL);
    if (newest == 0)
        return thd_refuse(ctx->st, o->none, "version", in->task);
    if (v == 0 || v > newest)
        return thd_refuse(ctx->st, o->missing, "version", in->task, THD_U(newest), THD_U(v));
    char id[96];
    snprintf(id, sizeof id, "%s/v%u", in->task, v);
    Thidua__V1__Record *rec = NULL;
    rc = records_get(ctx, TYPE_DOCUMENT, id, &rec);
    return rc ? rc : domain_reply(ctx, rec);
}
