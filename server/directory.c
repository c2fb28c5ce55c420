/* Principals and units. Rules only; the store keeps the bytes. */
#include "directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "keys.h"
#include "overlay.h"
#include "reasons.h"
#include "thd_limits.h"
#include "records.h"
#include "rules.h"
#include "text.h"

#define TYPE_PRINCIPAL "principal"
#define TYPE_UNIT      "unit"
#define INDEX_KEY      "key"

static bool exists(req_ctx_t *ctx, const char *type, const char *id)
{
    Thidua__V1__Record *rec = NULL;
    if (records_get(ctx, type, id, &rec) != 0)
        return false;
    thidua__v1__record__free_unpacked(rec, NULL);
    return true;
}

/* A fresh envelope for type/id with an optional concerned unit. */
static Thidua__V1__Record *envelope(const char *type, const char *id, const char *unit)
{
    Thidua__V1__Record *rec = malloc(sizeof *rec);
    if (!rec)
        return NULL;
    thidua__v1__record__init(rec);
    rec->type = records_strdup(type);
    rec->id = records_strdup(id);
    if (unit && *unit) {
        rec->units = malloc(sizeof *rec->units);
        if (!rec->units) {
            thidua__v1__record__free_unpacked(rec, NULL);
            return NULL;
        }
        rec->units[0] = records_strdup(unit);
        rec->n_units = 1;
    }
    return rec;
}

static void *dup_message(const ProtobufCMessage *m)
{
    size_t len = protobuf_c_message_get_packed_size(m);
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf)
        return NULL;
    protobuf_c_message_pack(m, buf);
    ProtobufCMessage *copy = protobuf_c_message_unpack(m->descriptor, NULL, len, buf);
    free(buf);
    return copy;
}

/* Writes rec and answers with a copy of it. Takes ownership of rec. */
static int put_and_reply(req_ctx_t *ctx, Thidua__V1__Record *rec, bool create)
{
    int rc = records_put(ctx, rec, create);
    if (rc)
        return rc;
    ctx->resp->record = records_dup(rec);
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_RECORD;
    return ctx->resp->record ? 0 : thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
}

static int check_principal(req_ctx_t *ctx, const Thidua__V1__Principal *p)
{
    thd_status_t *st = ctx->st;
    if (!thd_name_valid(p->name))
        return thd_refuse(st, THD_R_PRINCIPAL_BAD_NAME, "principal.name", p->name);
    if (!keys_valid_z85(p->public_key))
        return thd_refuse(st, THD_R_PRINCIPAL_BAD_KEY, "principal.public_key");
    if (p->role == THIDUA__V1__ROLE__ROLE_UNSPECIFIED)
        return thd_refuse(st, THD_R_PRINCIPAL_NO_ROLE, "principal.role");
    bool is_unit = p->role == THIDUA__V1__ROLE__ROLE_UNIT;
    if (is_unit && !*p->unit)
        return thd_refuse(st, THD_R_PRINCIPAL_NEEDS_UNIT, "principal.unit");
    if (!is_unit && *p->unit)
        return thd_refuse(st, THD_R_PRINCIPAL_NO_UNIT, "principal.unit");
    if (is_unit && !exists(ctx, TYPE_UNIT, p->unit))
        return thd_refuse(st, THD_R_PRINCIPAL_UNIT_NOT_FOUND, "principal.unit", p->unit);
    return 0;
}

/* The index entry of a key already given to another principal: 0 when
 * free, else the refusal. */
static int key_free(req_ctx_t *ctx, const char *key, const char *field)
{
    char *holder = NULL;
    int got = records_index_get(ctx, INDEX_KEY, key, &holder);
    if (got < 0)
        return -got;
    if (got == 1) {
        thd_refuse(ctx->st, THD_R_PRINCIPAL_KEY_TAKEN, field, holder);
        free(holder);
        return THD_ALREADY_EXISTS;
    }
    return 0;
}

int directory_principal_add(req_ctx_t *ctx)
{
    const Thidua__V1__PrincipalAdd *in = ctx->in->req->principal_add;
    if (!in->principal)
        return thd_refuse(ctx->st, THD_R_PART_MISSING, "principal", "principal");
    int rc = check_principal(ctx, in->principal);
    if (rc)
        return rc;
    if (exists(ctx, TYPE_PRINCIPAL, in->principal->name))
        return thd_refuse(ctx->st, THD_R_PRINCIPAL_EXISTS, "principal.name", in->principal->name);
    rc = key_free(ctx, in->principal->public_key, "principal.public_key");
    if (rc)
        return rc;
    Thidua__V1__Record *rec = envelope(TYPE_PRINCIPAL, in->principal->name, in->principal->unit);
    Thidua__V1__Principal *p = rec ? dup_message(&in->principal->base) : NULL;
    if (!p) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    }
    p->disabled = false;
    if (p->meta) {
        thidua__v1__meta__free_unpacked(p->meta, NULL);
        p->meta = NULL;
    }
    rec->body_case = THIDUA__V1__RECORD__BODY_PRINCIPAL;
    rec->principal = p;
    rc = records_index_put(ctx, INDEX_KEY, p->public_key, p->name);
    return rc ? rc : put_and_reply(ctx, rec, true);
}

/* The principal a request names, checked against its expected_revision:
 * 0 with *rec, else the refusal (a missing one names the field "name"). */
static int load_principal(req_ctx_t *ctx, const char *name, Thidua__V1__Record **rec)
{
    int rc = records_get(ctx, TYPE_PRINCIPAL, name, rec);
    if (rc == 0)
        rc = records_check_expected(ctx, *rec);
    if (rc) {
        thidua__v1__record__free_unpacked(*rec, NULL);
        *rec = NULL;
        if (rc != THD_ABORTED)
            snprintf(ctx->st->field, sizeof ctx->st->field, "name");
    }
    return rc;
}

/* The reply of a request that would leave rec as it is: the record as
 * stored, nothing written. */
static int unchanged(req_ctx_t *ctx, Thidua__V1__Record *rec)
{
    ctx->resp->record = rec;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_RECORD;
    return 0;
}

int directory_principal_set_disabled(req_ctx_t *ctx)
{
    const Thidua__V1__PrincipalSetDisabled *in = ctx->in->req->principal_set_disabled;
    if (in->disabled && strcmp(in->name, ctx->in->who->name) == 0)
        return thd_refuse(ctx->st, THD_R_PRINCIPAL_DISABLE_SELF, "name", in->name);
    Thidua__V1__Record *rec = NULL;
    int rc = load_principal(ctx, in->name, &rec);
    if (rc)
        return rc;
    if (rec->principal->disabled == in->disabled)
        return unchanged(ctx, rec);
    rec->principal->disabled = in->disabled;
    records_changed(ctx, "disabled");
    rc = put_and_reply(ctx, rec, false);
    if (rc == 0 && in->disabled)
        ctx->log->revokes_access = true; /* its open event connection must end too */
    return rc;
}

int directory_principal_set_key(req_ctx_t *ctx)
{
    const Thidua__V1__PrincipalSetKey *in = ctx->in->req->principal_set_key;
    if (!keys_valid_z85(in->public_key))
        return thd_refuse(ctx->st, THD_R_PRINCIPAL_BAD_KEY, "public_key");
    Thidua__V1__Record *rec = NULL;
    int rc = load_principal(ctx, in->name, &rec);
    if (rc)
        return rc;
    Thidua__V1__Principal *p = rec->principal;
    if (strcmp(p->public_key, in->public_key) == 0) /* a retry, or no change */
        return unchanged(ctx, rec);
    rc = key_free(ctx, in->public_key, "public_key");
    if (rc == 0)
        rc = records_index_put(ctx, INDEX_KEY, p->public_key, NULL); /* the old key: gone */
    if (rc == 0)
        rc = records_index_put(ctx, INDEX_KEY, in->public_key, p->name);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    free(p->public_key);
    p->public_key = records_strdup(in->public_key);
    records_changed(ctx, "public_key");
    rc = put_and_reply(ctx, rec, false);
    if (rc == 0)
        ctx->log->revokes_access = true; /* the old key's event connection must end too */
    return rc;
}

int directory_unit_add(req_ctx_t *ctx)
{
    const Thidua__V1__Unit *u = ctx->in->req->unit_add->unit;
    thd_status_t *st = ctx->st;
    if (!u)
        return thd_refuse(st, THD_R_PART_MISSING, "unit", "unit");
    if (!thd_unit_code_valid(u->code))
        return thd_refuse(st, THD_R_UNIT_BAD_CODE, "unit.code", u->code);
    if (!*u->name)
        return thd_refuse(st, THD_R_UNIT_NO_NAME, "unit.name");
    if (u->kind == THIDUA__V1__UNIT_KIND__UNIT_KIND_UNSPECIFIED)
        return thd_refuse(st, THD_R_UNIT_NO_KIND, "unit.kind");
    if (exists(ctx, TYPE_UNIT, u->code))
        return thd_refuse(st, THD_R_UNIT_EXISTS, "unit.code", u->code);
    Thidua__V1__Record *rec = envelope(TYPE_UNIT, u->code, u->code);
    Thidua__V1__Unit *copy = rec ? dup_message(&u->base) : NULL;
    if (!copy) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
    }
    if (copy->meta) {
        thidua__v1__meta__free_unpacked(copy->meta, NULL);
        copy->meta = NULL;
    }
    rec->body_case = THIDUA__V1__RECORD__BODY_UNIT;
    rec->unit = copy;
    return put_and_reply(ctx, rec, true);
}

int directory_unit_edit(req_ctx_t *ctx)
{
    const Thidua__V1__Unit *u = ctx->in->req->unit_edit->unit;
    if (!u)
        return thd_refuse(ctx->st, THD_R_PART_MISSING, "unit", "unit");
    Thidua__V1__Record *rec = NULL;
    int rc = records_get(ctx, TYPE_UNIT, u->code, &rec);
    if (rc == 0)
        rc = records_check_expected(ctx, rec);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    /* the same name and kind again write nothing (dispatch: perform_edit) */
    Thidua__V1__Unit *cur = rec->unit;
    if (*u->name && strcmp(u->name, cur->name) != 0) {
        free(cur->name);
        cur->name = records_strdup(u->name);
        records_changed(ctx, "name");
    }
    if (u->kind && u->kind != cur->kind) {
        cur->kind = u->kind;
        records_changed(ctx, "kind");
    }
    return put_and_reply(ctx, rec, false);
}

int directory_unit_get(req_ctx_t *ctx)
{
    Thidua__V1__Record *rec = NULL;
    int rc = records_get(ctx, TYPE_UNIT, ctx->in->req->unit_get->code, &rec);
    if (rc)
        return rc;
    ctx->resp->record = rec;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_RECORD;
    return 0;
}

/* Unpacks every committed record of a type and hands each body to take(),
 * which steals it. At most THD_MAX_PAGE records. */
typedef int take_fn(void *arg, Thidua__V1__Record *rec);
static int scan_type(req_ctx_t *ctx, const char *type, take_fn *take, void *arg)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%s/", type);
    store_iter_t *it = store_iter_new(ctx->store, SPACE_RECORD, prefix);
    if (!it)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    const char *k, *v;
    size_t kl, vl;
    int rc = 0, n = 0;
    while (rc == 0 && n++ < THD_MAX_PAGE && store_iter_next(it, &k, &kl, &v, &vl) == 1) {
        Thidua__V1__Record *rec = thidua__v1__record__unpack(NULL, vl, (const uint8_t *)v);
        rc = rec ? take(arg, rec) : thd_refuse(ctx->st, THD_R_STORE_DAMAGED, "");
        if (rec)
            thidua__v1__record__free_unpacked(rec, NULL);
    }
    store_iter_destroy(&it);
    return rc;
}

static int take_unit(void *arg, Thidua__V1__Record *rec)
{
    Thidua__V1__UnitListReply *out = arg;
    *domain_push((void ***)&out->units, &out->n_units) = rec->unit;
    rec->unit = NULL;
    rec->body_case = THIDUA__V1__RECORD__BODY__NOT_SET;
    return 0;
}

static int take_principal(void *arg, Thidua__V1__Record *rec)
{
    Thidua__V1__PrincipalListReply *out = arg;
    *domain_push((void ***)&out->principals, &out->n_principals) = rec->principal;
    rec->principal = NULL;
    rec->body_case = THIDUA__V1__RECORD__BODY__NOT_SET;
    return 0;
}

int directory_unit_list(req_ctx_t *ctx)
{
    Thidua__V1__UnitListReply *out = malloc(sizeof *out);
    if (!out)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    thidua__v1__unit_list_reply__init(out);
    ctx->resp->units = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_UNITS;
    return scan_type(ctx, TYPE_UNIT, take_unit, out);
}

int directory_principal_list(req_ctx_t *ctx)
{
    Thidua__V1__PrincipalListReply *out = malloc(sizeof *out);
    if (!out)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    thidua__v1__principal_list_reply__init(out);
    ctx->resp->principals = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_PRINCIPALS;
    return scan_type(ctx, TYPE_PRINCIPAL, take_principal, out);
}

/* The principal a stored record holds, taken out of it; NULL when the
 * bytes are not a principal's record. */
static Thidua__V1__Principal *principal_of(const void *bytes, size_t len)
{
    Thidua__V1__Record *rec = thidua__v1__record__unpack(NULL, len, bytes);
    Thidua__V1__Principal *p = NULL;
    if (rec && rec->body_case == THIDUA__V1__RECORD__BODY_PRINCIPAL) {
        p = rec->principal;
        rec->principal = NULL;
        rec->body_case = THIDUA__V1__RECORD__BODY__NOT_SET;
    }
    if (rec)
        thidua__v1__record__free_unpacked(rec, NULL);
    return p;
}

/* The stored bytes of name's principal record: 1 with *val (free), 0. */
static int principal_bytes(store_t *store, const char *name, char **val, size_t *len)
{
    char key[256];
    if (TEXT_JOIN(key, sizeof key, '/', TYPE_PRINCIPAL, name) >= sizeof key)
        return 0;
    return store_get(store, SPACE_RECORD, key, val, len, NULL) == 1;
}

int directory_principal_by_name(store_t *store, const char *name, Thidua__V1__Principal **out)
{
    char *val = NULL;
    size_t len = 0;
    *out = principal_bytes(store, name, &val, &len) ? principal_of(val, len) : NULL;
    free(val);
    return *out != NULL;
}

enum { CACHE_SLOTS = 64 }; /* principals at work at once, most of the time */

struct directory_cache {
    struct seat {
        char *bytes; /* the record the principal was unpacked from */
        size_t len;
        Thidua__V1__Principal *who;
    } slots[CACHE_SLOTS];
};

directory_cache_t *directory_cache_new(void)
{
    return calloc(1, sizeof(directory_cache_t));
}

static void seat_clear(struct seat *s)
{
    free(s->bytes);
    if (s->who)
        thidua__v1__principal__free_unpacked(s->who, NULL);
    *s = (struct seat){0};
}

void directory_cache_destroy(directory_cache_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        seat_clear(&(*self_p)->slots[i]);
    free(*self_p);
    *self_p = NULL;
}

int directory_cache_principal(directory_cache_t *self, store_t *store, const char *name,
                              const Thidua__V1__Principal **out)
{
    struct seat *s = &self->slots[overlay_hash(name, strlen(name)) % CACHE_SLOTS];
    char *val = NULL;
    size_t len = 0;
    *out = NULL;
    if (!principal_bytes(store, name, &val, &len))
        return 0;
    /* the same bytes unpack to the same principal, name included */
    if (s->who && s->len == len && memcmp(s->bytes, val, len) == 0) {
        free(val);
        *out = s->who;
        return 1;
    }
    seat_clear(s);
    if (!(s->who = principal_of(val, len))) {
        free(val);
        return 0;
    }
    s->bytes = val;
    s->len = len;
    *out = s->who;
    return 1;
}

int directory_principal_by_key(store_t *store, const char *public_key, Thidua__V1__Principal **out)
{
    static const struct req_in in = {0};
    req_ctx_t ctx = {.in = &in, .store = store};
    char *name = NULL;
    if (records_index_get(&ctx, INDEX_KEY, public_key, &name) != 1)
        return 0;
    int rc = directory_principal_by_name(store, name, out);
    free(name);
    if (rc == 1 && strcmp((*out)->public_key, public_key) != 0) { /* an index that lied */
        thidua__v1__principal__free_unpacked(*out, NULL);
        *out = NULL;
        return 0;
    }
    return rc;
}
