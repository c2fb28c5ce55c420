/* The one place records are encoded, stamped and logged as changes. */
#include "records.h"

#include "ballot.h"
#include "mem.h"
#include "reasons.h"
#include "recmeta.h"
#include "text.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *records_strdup(const char *s)
{
    return mem_strdup(s);
}

/* "<type>/<id>" for a record, "<index>/<value>" for an index entry. */
static void record_key(char *buf, size_t cap, const char *type, const char *id)
{
    TEXT_JOIN(buf, cap, '/', type, id);
}

/* A missing record of a kind a person asks for by id has its own reason,
 * so that a translation can name the kind. */
static int not_found(req_ctx_t *ctx, const char *type, const char *id)
{
    static const struct {
        const char *type;
        thd_reason_t why;
    } kinds[] = {{"task", THD_R_TASK_NOT_FOUND},
                 {"nominee", THD_R_NOMINEE_NOT_FOUND},
                 {"unit", THD_R_UNIT_NOT_FOUND},
                 {"criterion", THD_R_CRITERION_NOT_FOUND},
                 {"ballot", THD_R_BALLOT_NOT_FOUND}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].type, type) == 0)
            return thd_refuse(ctx->st, kinds[i].why, "", id);
    return thd_refuse(ctx->st, THD_R_RECORD_NOT_FOUND, "", type, id);
}

int records_get(req_ctx_t *ctx, const char *type, const char *id, Thidua__V1__Record **out)
{
    return records_get_at(ctx, NULL, type, id, out);
}

int records_get_at(req_ctx_t *ctx, const store_mark_t *mark, const char *type, const char *id,
                   Thidua__V1__Record **out)
{
    char key[256], *val = NULL;
    size_t len = 0;
    record_key(key, sizeof key, type, id);
    int rc = store_get_at(ctx->store, mark, SPACE_RECORD, key, &val, &len, ctx->st);
    if (rc < 0)
        return -rc;
    if (rc == 0)
        return not_found(ctx, type, id);
    *out = thidua__v1__record__unpack(NULL, len, (uint8_t *)val);
    free(val);
    if (!*out)
        return thd_refuse(ctx->st, THD_R_RECORD_DAMAGED, "", key);
    return 0;
}

Thidua__V1__Meta *records_meta(const Thidua__V1__Record *rec)
{
    Thidua__V1__Meta **mp = recmeta_slot(rec);
    if (mp && !*mp) {
        *mp = mem_alloc(sizeof **mp);
        thidua__v1__meta__init(*mp);
    }
    return mp ? *mp : NULL;
}

Thidua__V1__Record *records_dup(const Thidua__V1__Record *rec)
{
    size_t len = thidua__v1__record__get_packed_size(rec);
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf)
        return NULL;
    thidua__v1__record__pack(rec, buf);
    Thidua__V1__Record *copy = thidua__v1__record__unpack(NULL, len, buf);
    free(buf);
    return copy;
}

static void keep_change(req_ctx_t *ctx, Thidua__V1__Record *rec, uint8_t *buf, size_t len)
{
    size_t cap = ctx->cap_changes; /* the two arrays grow alike */
    mem_grow(&ctx->changes, &cap, ctx->n_changes + 1, sizeof *ctx->changes);
    mem_grow(&ctx->packed, &ctx->cap_changes, ctx->n_changes + 1, sizeof *ctx->packed);
    ctx->packed[ctx->n_changes] = (ProtobufCBinaryData){.len = len, .data = buf};
    ctx->changes[ctx->n_changes++] = rec;
}

/* Packs rec and writes it under its key (one known to be new when fresh);
 * its bytes in *buf (caller's). */
static int put_packed(req_ctx_t *ctx, const Thidua__V1__Record *rec, bool fresh, uint8_t **buf,
                      size_t *len)
{
    char key[256];
    record_key(key, sizeof key, rec->type, rec->id);
    *len = thidua__v1__record__get_packed_size(rec);
    *buf = mem_alloc(*len ? *len : 1);
    thidua__v1__record__pack(rec, *buf);
    return fresh ? store_put_new(ctx->store, key, *buf, *len)
                 : store_put(ctx->store, SPACE_RECORD, key, *buf, *len);
}

static Thidua__V1__Attachment *document_bytes(const Thidua__V1__Record *rec)
{
    if (rec->body_case != THIDUA__V1__RECORD__BODY_DOCUMENT || !rec->document->attachment)
        return NULL;
    return rec->document->attachment->data.len ? rec->document->attachment : NULL;
}

int records_document_image(Thidua__V1__Record *rec, uint8_t **out, size_t *len)
{
    Thidua__V1__Attachment *a = document_bytes(rec);
    if (!a)
        return 0;
    ProtobufCBinaryData data = a->data; /* lent back after packing without it */
    a->data = (ProtobufCBinaryData){0};
    *len = thidua__v1__record__get_packed_size(rec);
    *out = malloc(*len ? *len : 1);
    if (*out)
        thidua__v1__record__pack(rec, *out);
    a->data = data;
    return *out ? 1 : -1;
}

bool records_document_intact(const Thidua__V1__Record *rec)
{
    if (rec->body_case != THIDUA__V1__RECORD__BODY_DOCUMENT || !rec->document->attachment)
        return true;
    const Thidua__V1__Attachment *a = rec->document->attachment;
    unsigned char hash[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    if (a->data.len != a->size)
        return false;
    crypto_hash_sha256(hash, a->data.data ? a->data.data : (const uint8_t *)"", a->data.len);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return strcmp(hex, a->sha256) == 0;
}

/* Replaces the stored bytes in *buf by what the change carries: a
 * document's image without its bytes; any other record as stored. */
static int change_bytes(Thidua__V1__Record *rec, uint8_t **buf, size_t *len)
{
    uint8_t *image;
    size_t ilen;
    int doc = records_document_image(rec, &image, &ilen);
    if (doc == 1) {
        free(*buf);
        *buf = image;
        *len = ilen;
    }
    return doc < 0 ? -1 : 0;
}

static int put_record(req_ctx_t *ctx, Thidua__V1__Record *rec, bool create, bool fresh)
{
    Thidua__V1__Meta *meta = records_meta(rec);
    uint64_t rev = store_revision(ctx->store) + 1; /* the log entry this request appends */
    if (meta) {
        if (create) {
            meta->create_revision = rev;
            meta->create_time_ms = ctx->in->now_ms;
        }
        meta->mod_revision = rev;
        meta->mod_time_ms = ctx->in->now_ms;
        if (meta->mod_actor && meta->mod_actor != protobuf_c_empty_string)
            free(meta->mod_actor);
        meta->mod_actor = records_strdup(ctx->in->who->name);
    }
    uint8_t *buf;
    size_t len;
    int rc = put_packed(ctx, rec, fresh, &buf, &len);
    if (rc == 0)
        rc = change_bytes(rec, &buf, &len);
    if (rc) {
        free(buf);
        thidua__v1__record__free_unpacked(rec, NULL);
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    }
    keep_change(ctx, rec, buf, len); /* its event and reply carry these bytes, packed once */
    return 0;
}

int records_put(req_ctx_t *ctx, Thidua__V1__Record *rec, bool create)
{
    return put_record(ctx, rec, create, false);
}

int records_put_new(req_ctx_t *ctx, Thidua__V1__Record *rec)
{
    return put_record(ctx, rec, true, true);
}

int records_put_derived(req_ctx_t *ctx, Thidua__V1__Record *rec)
{
    uint8_t *buf;
    size_t len;
    int rc = put_packed(ctx, rec, false, &buf, &len);
    free(buf);
    thidua__v1__record__free_unpacked(rec, NULL);
    return rc ? thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "") : 0;
}

int records_check_expected(req_ctx_t *ctx, const Thidua__V1__Record *rec)
{
    uint64_t want = ctx->in->req->expected_revision;
    const Thidua__V1__Meta *meta = records_meta(rec);
    uint64_t have = meta ? meta->mod_revision : 0;
    if (!want || want == have)
        return 0;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_RECORD;
    ctx->resp->record = records_dup(rec);
    if (ctx->resp->record) /* a ballot's votes are its members' own, even here */
        ballot_for_reader(ctx->resp->record, ctx->in->who ? ctx->in->who->name : NULL);
    return thd_refuse(ctx->st, THD_R_STALE_REVISION, "expected_revision", rec->type, rec->id,
                      THD_U((unsigned long long)have), THD_U((unsigned long long)want));
}

void records_changed(req_ctx_t *ctx, const char *field)
{
    ctx->changed = mem_realloc(ctx->changed, (ctx->n_changed + 1) * sizeof *ctx->changed);
    ctx->changed[ctx->n_changed++] = records_strdup(field);
}

void records_left(req_ctx_t *ctx, const char *unit)
{
    for (size_t i = 0; i < ctx->n_left_units; i++)
        if (strcmp(ctx->left_units[i], unit) == 0)
            return;
    ctx->left_units =
        mem_realloc(ctx->left_units, (ctx->n_left_units + 1) * sizeof *ctx->left_units);
    ctx->left_units[ctx->n_left_units++] = records_strdup(unit);
}

int records_index_get(req_ctx_t *ctx, const char *index, const char *value, char **id)
{
    char key[256];
    size_t len = 0;
    record_key(key, sizeof key, index, value);
    int rc = store_get(ctx->store, SPACE_INDEX, key, id, &len, ctx->st);
    if (rc != 1)
        return rc < 0 ? rc : 0;
    char *s = mem_realloc(*id, len + 1);
    s[len] = '\0';
    *id = s;
    return 1;
}

int records_index_put(req_ctx_t *ctx, const char *index, const char *value, const char *id)
{
    char key[256];
    record_key(key, sizeof key, index, value);
    if (store_put(ctx->store, SPACE_INDEX, key, id, id ? strlen(id) : 0))
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    return 0;
}
