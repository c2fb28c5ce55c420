/* Helpers every congress domain file uses, so each rule is written once. */
#include "domain.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fold.h"
#include "mem.h"
#include "reasons.h"
#include "records.h"
#include "rules.h"
#include "thd_limits.h"

Thidua__V1__Record *domain_envelope(const char *type, const char *id)
{
    Thidua__V1__Record *rec = mem_alloc(sizeof *rec);
    thidua__v1__record__init(rec);
    rec->type = records_strdup(type);
    rec->id = records_strdup(id);
    return rec;
}

char *domain_fold(const char *query)
{
    char *folded = fold_text(query);
    if (!folded) {
        mem_short();
        folded = mem_strdup("");
    }
    return folded;
}

void **domain_push(void ***arr, size_t *n)
{
    void **a = mem_realloc(*arr, (*n + 1) * sizeof *a);
    *arr = a;
    a[*n] = NULL;
    return &a[(*n)++];
}

void domain_add_unit(Thidua__V1__Record *rec, const char *unit)
{
    if (!unit || !*unit)
        return;
    for (size_t i = 0; i < rec->n_units; i++)
        if (strcmp(rec->units[i], unit) == 0)
            return;
    *domain_push((void ***)&rec->units, &rec->n_units) = records_strdup(unit);
}

int domain_reply(req_ctx_t *ctx, Thidua__V1__Record *rec)
{
    ctx->resp->record = rec;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_RECORD;
    return 0;
}

int domain_put_and_reply(req_ctx_t *ctx, Thidua__V1__Record *rec, bool create)
{
    int rc = records_put(ctx, rec, create);
    if (rc)
        return rc;
    /* the reply carries the bytes just written: no second encoding */
    const ProtobufCBinaryData *w = &ctx->packed[ctx->n_changes - 1];
    uint8_t *copy = malloc(w->len ? w->len : 1);
    if (!copy)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    if (w->len)
        memcpy(copy, w->data, w->len);
    free(ctx->reply_record.data);
    ctx->reply_record = (ProtobufCBinaryData){.len = w->len, .data = copy};
    return 0;
}

int domain_load(req_ctx_t *ctx, const char *type, const char *id, const char *field,
                Thidua__V1__Record **out)
{
    *out = NULL;
    if (!*id)
        return thd_refuse(ctx->st, THD_R_NO_ID, field, type, field);
    int rc = records_get(ctx, type, id, out);
    if (rc == THD_NOT_FOUND)
        snprintf(ctx->st->field, sizeof ctx->st->field, "%s", field);
    if (rc == 0)
        rc = records_check_expected(ctx, *out);
    if (rc) {
        thidua__v1__record__free_unpacked(*out, NULL);
        *out = NULL;
    }
    return rc;
}

int domain_next_id(req_ctx_t *ctx, const char *seq, const char *prefix, char *buf, size_t cap)
{
    char *cur = NULL;
    unsigned long long n = 0;
    int got = records_index_get(ctx, "seq", seq, &cur);
    if (got < 0)
        return -got; /* not "no number yet": that would give an id again */
    if (got == 1)
        n = strtoull(cur, NULL, 10);
    free(cur);
    char num[24];
    snprintf(num, sizeof num, "%llu", n + 1);
    thd_record_id(buf, cap, prefix, n + 1);
    return records_index_put(ctx, "seq", seq, num);
}

void domain_today(const req_ctx_t *ctx, char buf[11])
{
    if (ctx->info && ctx->info->test_today) {
        snprintf(buf, 11, "%s", ctx->info->test_today);
        return;
    }
    time_t t = (time_t)(ctx->in->now_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm); /* TZ is the province's timezone, set once at start */
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

int domain_unit_must_exist(req_ctx_t *ctx, const char *unit, const char *field)
{
    Thidua__V1__Record *rec = NULL;
    if (!*unit)
        return thd_refuse(ctx->st, THD_R_UNIT_NO_CODE, field, field);
    int rc = records_get(ctx, "unit", unit, &rec);
    thidua__v1__record__free_unpacked(rec, NULL);
    if (rc == THD_NOT_FOUND)
        return thd_refuse(ctx->st, THD_R_UNIT_NOT_FOUND, field, unit);
    return rc;
}

int domain_unit_scope(req_ctx_t *ctx, thd_reason_t why, const char *id, const char *const *units,
                      size_t n_units)
{
    if (ctx->in->who->role != THIDUA__V1__ROLE__ROLE_UNIT)
        return 0;
    for (size_t i = 0; i < n_units; i++)
        if (units[i] && strcmp(units[i], ctx->in->who->unit) == 0)
            return 0;
    return thd_refuse(ctx->st, why, "", id, n_units && units[0] ? units[0] : "",
                      ctx->in->who->unit);
}

static bool same_hex(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'F' ? (char)(*a - 'A' + 'a') : *a;
        if (x != *b)
            return false;
    }
    return *a == *b;
}

const char *domain_file_kind(const Thidua__V1__Attachment *a, char buf[8])
{
    const char *dot = strrchr(a->name, '.');
    size_t n = 0;
    for (const char *p = dot ? dot + 1 : ""; *p && n < 7; p++) {
        if (!isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)
            return a->media_type; /* "v1.2 final", or no extension of letters */
        buf[n++] = (char)toupper((unsigned char)*p);
    }
    buf[n] = '\0';
    return n ? buf : a->media_type;
}

/* A file that is not what its name says: the refusal names what its bytes
 * are where they are a kind we know (a Word file named .pdf). */
static int not_what_named(req_ctx_t *ctx, const Thidua__V1__Attachment *a, const char *field)
{
    char kind[8], what[THD_MAX_REASON_PARAM_BYTES + 1] = "";
    const char *seen = thd_media_seen(a->data.data, a->data.len);
    if (seen)
        thd_parts_add(what, sizeof what, THD_R_DOCUMENT_SEEN_AS, (const char *const[]){seen}, 1);
    else
        thd_parts_add(what, sizeof what, THD_R_DOCUMENT_SEEN_NONE, NULL, 0);
    return thd_refuse(ctx->st, THD_R_DOCUMENT_NOT_WHAT_NAMED, field, a->name,
                      domain_file_kind(a, kind), what);
}

int domain_check_attachment(req_ctx_t *ctx, Thidua__V1__Attachment *a, const char *field)
{
    char f[32];
    if (a->data.len > THD_MAX_ATTACHMENT_BYTES)
        return thd_refuse(ctx->st, THD_R_DOCUMENT_TOO_BIG, field, field, THD_U(a->data.len),
                          THD_U(THD_MAX_ATTACHMENT_BYTES));
    snprintf(f, sizeof f, "%s.name", field);
    if (!*a->name)
        return thd_refuse(ctx->st, THD_R_DOCUMENT_NO_NAME, f, f);
    snprintf(f, sizeof f, "%s.media_type", field);
    if (!*a->media_type)
        return thd_refuse(ctx->st, THD_R_DOCUMENT_NO_TYPE, f, f);
    unsigned char hash[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(hash, a->data.data ? a->data.data : (const unsigned char *)"", a->data.len);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    snprintf(f, sizeof f, "%s.sha256", field);
    if (strlen(a->sha256) != 64 || !same_hex(a->sha256, hex))
        return thd_refuse(ctx->st, THD_R_DOCUMENT_HASH, f, f, hex);
    snprintf(f, sizeof f, "%s.data", field);
    if (!thd_media_content_ok(a->media_type, a->data.data, a->data.len))
        return not_what_named(ctx, a, f);
    domain_set_string(&a->sha256, hex);
    a->size = a->data.len;
    return 0;
}

void domain_set_string(char **dst, const char *src)
{
    if (*dst && *dst != protobuf_c_empty_string)
        free(*dst);
    *dst = records_strdup(src);
}

void domain_set_strings(char ***dst, size_t *n, char *const *src, size_t n_src)
{
    for (size_t i = 0; i < *n; i++)
        free((*dst)[i]);
    free(*dst);
    *dst = NULL;
    *n = 0;
    for (size_t i = 0; i < n_src; i++)
        *domain_push((void ***)dst, n) = records_strdup(src[i]);
}

Thidua__V1__Attachment *domain_attachment_info(const Thidua__V1__Attachment *a)
{
    Thidua__V1__Attachment *c = mem_alloc(sizeof *c);
    thidua__v1__attachment__init(c);
    c->name = records_strdup(a->name);
    c->media_type = records_strdup(a->media_type);
    c->sha256 = records_strdup(a->sha256);
    c->size = a->size;
    return c;
}

Thidua__V1__HistoryEntry *domain_history_add(req_ctx_t *ctx, Thidua__V1__HistoryEntry ***arr,
                                             size_t *n, const char *verb, const char *text)
{
    Thidua__V1__HistoryEntry *h = mem_alloc(sizeof *h);
    thidua__v1__history_entry__init(h);
    h->verb = records_strdup(verb);
    h->actor = records_strdup(ctx->in->who->name);
    h->actor_name = records_strdup(ctx->in->who->display_name); /* as it was then */
    h->unit = records_strdup(ctx->in->who->unit);
    h->time_ms = ctx->in->now_ms;
    h->text = records_strdup(text);
    *domain_push((void ***)arr, n) = h;
    return h;
}

size_t domain_page_size(uint32_t asked)
{
    if (asked == 0)
        return THD_DEFAULT_PAGE;
    return asked > THD_MAX_PAGE ? THD_MAX_PAGE : asked;
}

/* Ids the broker makes (T-12, N-7) list in the order they were made: by
 * length, then by text, which for "X-<number>" is the numbers' order. */
static int id_cmp(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

static int id_qsort_cmp(const void *a, const void *b)
{
    return id_cmp(*(char *const *)a, *(char *const *)b);
}

static bool numbered(const char *type)
{
    return strcmp(type, "task") == 0 || strcmp(type, "nominee") == 0;
}

static int visit_value(req_ctx_t *ctx, const char *key, const char *v, size_t vl,
                       domain_visit_fn *visit, void *arg)
{
    Thidua__V1__Record *rec = thidua__v1__record__unpack(NULL, vl, (const uint8_t *)v);
    if (!rec)
        return thd_refuse(ctx->st, THD_R_RECORD_DAMAGED, "", key);
    int rc = visit(arg, key, &rec);
    if (rec)
        thidua__v1__record__free_unpacked(rec, NULL);
    return rc;
}

/* Numbered records: their keys after `after` in id order, then each
 * record read and visited until visit stops. */
static int scan_numbered(req_ctx_t *ctx, store_iter_t *it, const char *after,
                         domain_visit_fn *visit, void *arg)
{
    char **keys = NULL;
    size_t n = 0;
    const char *k, *v;
    size_t kl, vl;
    int rc = 0;
    while (n < THD_MAX_SCAN && store_iter_next(it, &k, &kl, &v, &vl) == 1) {
        char *key = strndup(k, kl);
        if (!key || (after && *after && id_cmp(key, after) <= 0)) {
            free(key);
            continue;
        }
        *domain_push((void ***)&keys, &n) = key;
    }
    if (n)
        qsort(keys, n, sizeof *keys, id_qsort_cmp);
    for (size_t i = 0; i < n; i++) {
        char *val = NULL;
        size_t len = 0;
        if (rc == 0 &&
            (rc = store_get(ctx->store, SPACE_RECORD, keys[i], &val, &len, ctx->st)) == 1)
            rc = visit_value(ctx, keys[i], val, len, visit, arg);
        else if (rc < 0)
            rc = -rc;
        free(val);
        free(keys[i]);
    }
    free(keys);
    return rc;
}

/* A key of the list's own type; of a numbered type, its id whole ("T-40"),
 * which id_cmp orders by length first. */
static bool page_token_ok(const char *type, const char *prefix, size_t n_prefix, const char *after)
{
    if (strncmp(after, prefix, n_prefix) != 0 || !after[n_prefix])
        return false;
    const char *id = after + n_prefix;
    if (!numbered(type))
        return true;
    size_t digits = strspn(id + 2, "0123456789");
    return id[0] >= 'A' && id[0] <= 'Z' && id[1] == '-' && digits > 0 && !id[2 + digits];
}

int domain_scan(req_ctx_t *ctx, const char *type, const char *after, domain_visit_fn *visit,
                void *arg)
{
    char prefix[64];
    int n_prefix = snprintf(prefix, sizeof prefix, "%s/", type);
    /* a page token is the key the page before ended at ("task/T-40"):
     * another is refused, not read as "from the start" */
    if (after && *after && !page_token_ok(type, prefix, (size_t)n_prefix, after))
        return thd_refuse(ctx->st, THD_R_BAD_PAGE_TOKEN, "page_token", after);
    store_iter_t *it = store_iter_new(ctx->store, SPACE_RECORD, prefix);
    if (!it)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    const char *k, *v;
    size_t kl, vl;
    int rc = 0;
    char key[256];
    if (numbered(type))
        rc = scan_numbered(ctx, it, after, visit, arg);
    for (int n = 0; !numbered(type) && rc == 0 && n < THD_MAX_SCAN &&
                    store_iter_next(it, &k, &kl, &v, &vl) == 1;
         n++) {
        snprintf(key, sizeof key, "%.*s", (int)kl, k);
        if (after && *after && strcmp(key, after) <= 0)
            continue;
        rc = visit_value(ctx, key, v, vl, visit, arg);
    }
    store_iter_destroy(&it);
    return rc == 1 ? 0 : rc;
}

static void ref_index(char *buf, size_t cap, const char *type)
{
    snprintf(buf, cap, "ref-%s", type);
}

int domain_ref_check(req_ctx_t *ctx, const char *type, const char *ref, const char *field)
{
    if (!*ref)
        return 0;
    if (!thd_ref_valid(ref))
        return thd_refuse(ctx->st, THD_R_BAD_REF, field, ref);
    char index[32], *id = NULL;
    ref_index(index, sizeof index, type);
    int rc = records_index_get(ctx, index, ref, &id);
    if (rc == 1)
        rc = thd_refuse(ctx->st, THD_R_REF_TAKEN, field, ref, type, id);
    free(id);
    return rc < 0 ? THD_INTERNAL : rc;
}

int domain_ref_put(req_ctx_t *ctx, const char *type, const char *ref, const char *id)
{
    if (!*ref)
        return 0;
    char index[32];
    ref_index(index, sizeof index, type);
    return records_index_put(ctx, index, ref, id);
}

int domain_ref_find(req_ctx_t *ctx, const char *type, const char *ref, char **id)
{
    char index[32];
    ref_index(index, sizeof index, type);
    *id = NULL;
    int rc = thd_ref_valid(ref) ? records_index_get(ctx, index, ref, id) : 0;
    if (rc != 0)
        return rc;
    Thidua__V1__Record *rec = NULL;
    if (strlen(ref) >= 128 || records_get(ctx, type, ref, &rec) != 0) {
        thd_status_clear(ctx->st); /* a miss is an answer here */
        return 0;
    }
    const char *held = rec->body_case == THIDUA__V1__RECORD__BODY_TASK      ? rec->task->ref
                       : rec->body_case == THIDUA__V1__RECORD__BODY_NOMINEE ? rec->nominee->ref
                                                                            : "";
    if (!*held)
        *id = records_strdup(rec->id);
    thidua__v1__record__free_unpacked(rec, NULL);
    return *id ? 1 : 0;
}
