#include "feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ballot.h"
#include "domain.h"
#include "mem.h"
#include "reasons.h"
#include "records.h"
#include "rules.h"
#include "thd_limits.h"
#include "wire.h"

static int page_size(req_ctx_t *ctx, uint32_t asked, uint32_t *out)
{
    if (asked > THD_MAX_PAGE)
        return thd_refuse(ctx->st, THD_R_PAGE_TOO_BIG, "page_size", THD_U(asked),
                          THD_U(THD_MAX_PAGE));
    *out = asked ? asked : THD_FEED_PAGE;
    return 0;
}

static int find_cursor(req_ctx_t *ctx, const Thidua__V1__SnapshotRequest *in, cursor_t **out)
{
    if (!ctx->cursors)
        return thd_refuse(ctx->st, THD_R_SNAPSHOT_NOT_HERE, "");
    if (!*in->cursor) {
        *out = cursors_open(ctx->cursors, ctx->in->who->name, in->unit, ctx->in->now_ms);
        return *out ? 0
                    : thd_refuse(ctx->st, THD_R_CURSORS_FULL, "", THD_U(THD_MAX_CURSORS),
                                 THD_U(THD_CURSOR_IDLE_MS / 1000));
    }
    *out = cursors_find(ctx->cursors, in->cursor, ctx->in->who->name, ctx->in->now_ms);
    if (!*out && cursors_evicted(ctx->cursors, in->cursor, ctx->in->who->name))
        return thd_refuse(ctx->st, THD_R_CURSOR_EVICTED, "cursor", in->cursor,
                          THD_U(THD_MAX_CURSORS_PER_PRINCIPAL));
    if (!*out)
        return thd_refuse(ctx->st, THD_R_CURSOR_UNKNOWN, "cursor", in->cursor,
                          THD_U(THD_CURSOR_IDLE_MS / 1000));
    if (*in->unit && strcmp(in->unit, (*out)->unit) != 0)
        return thd_refuse(ctx->st, THD_R_CURSOR_OTHER_UNIT, "unit", (*out)->unit);
    return 0;
}

enum { FIELD_UNITS = 3, FIELD_RECORDS = 3 }; /* Record.units, SnapshotReply.records */

/* Walks a packed Record's top-level fields without decoding it: 1 when
 * its units name `unit` (or no unit is asked), 0 when not, -1 when the
 * bytes are not a well-formed message. Nested messages are carried, not
 * checked: the broker wrote them, and the client decodes them. */
static int packed_concerns(const uint8_t *p, size_t len, const char *unit)
{
    const uint8_t *end = p + len;
    size_t ulen = strlen(unit);
    int found = !*unit, step;
    wire_field_t f;
    while ((step = wire_next(&p, end, &f)) == 1)
        if (f.number == FIELD_UNITS && f.type == PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED &&
            f.len == ulen && memcmp(f.data, unit, ulen) == 0)
            found = 1;
    return step < 0 ? -1 : found;
}

/* The page under construction. Records go out as unknown fields of the
 * reply with the records' field number: protobuf-c writes those verbatim
 * after the known fields, so a stored record reaches the client as the
 * bytes it was stored as, with no unpack and repack on the way. */
struct page {
    size_t bytes; /* of the records so far */
    Thidua__V1__SnapshotReply *out;
    size_t n, cap;
};

/* Reserves one record of len bytes in the page; where to write them. */
static uint8_t *page_reserve(struct page *pg, size_t len)
{
    pg->bytes += len;
    mem_grow(&pg->out->base.unknown_fields, &pg->cap, pg->out->base.n_unknown_fields + 1,
             sizeof *pg->out->base.unknown_fields);
    uint8_t prefix[10];
    size_t plen = 0;
    for (size_t v = len; plen == 0 || v; v >>= 7)
        prefix[plen++] = (uint8_t)((v & 0x7f) | (v >> 7 ? 0x80 : 0));
    uint8_t *data = malloc(plen + len); /* protobuf-c keeps the length prefix in data */
    if (!data)
        return NULL;
    memcpy(data, prefix, plen);
    pg->out->base.unknown_fields[pg->out->base.n_unknown_fields++] =
        (ProtobufCMessageUnknownField){.tag = FIELD_RECORDS,
                                       .wire_type = PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED,
                                       .len = plen + len,
                                       .data = data};
    pg->n++;
    return data + plen;
}

static bool has_prefix(const char *k, size_t kl, const char *prefix)
{
    size_t n = strlen(prefix);
    return kl >= n && memcmp(k, prefix, n) == 0;
}

static bool is_document(const char *k, size_t kl)
{
    return has_prefix(k, kl, "document/");
}

/* Records a reader sees only in part: a document without its bytes, a
 * ballot with the reader's own vote only. */
static bool is_decoded(const char *k, size_t kl)
{
    return is_document(k, kl) || has_prefix(k, kl, "ballot/");
}

/* The most a stored record adds to a page: a document goes without its
 * bytes (its name, type and hash: well under 4 KiB), anything else as
 * stored. */
static size_t page_cost(const char *k, size_t kl, size_t vl)
{
    return is_document(k, kl) && vl > 4096 ? 4096 : vl;
}

/* A document is decoded to leave its bytes out (as the change log does),
 * a ballot to leave out every vote but the reader's; every other record is
 * copied as stored. A task's derived `overdue` is not set: a snapshot's
 * records are those the events carry, so a view built from both holds the
 * same bytes (docs/PROTOCOL.md 7.1, Overdue). */
static int page_add_decoded(req_ctx_t *ctx, struct page *pg, const char *unit, const char *v,
                            size_t vl)
{
    Thidua__V1__Record *rec = thidua__v1__record__unpack(NULL, vl, (const uint8_t *)v);
    if (!rec)
        return thd_refuse(ctx->st, THD_R_STORE_DAMAGED, "");
    int rc = 0;
    uint8_t *image = NULL, *dst = NULL;
    size_t len = 0;
    ballot_for_reader(rec, ctx->in->who->name);
    if (thd_record_concerns(rec, unit)) {
        int doc = records_document_image(rec, &image, &len);
        if (doc == 0)
            len = thidua__v1__record__get_packed_size(rec);
        dst = doc >= 0 ? page_reserve(pg, len) : NULL;
        if (!dst)
            rc = thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
        else if (image)
            memcpy(dst, image, len);
        else
            thidua__v1__record__pack(rec, dst);
    }
    free(image);
    thidua__v1__record__free_unpacked(rec, NULL);
    return rc;
}

static int page_add(req_ctx_t *ctx, struct page *pg, const char *unit, const char *k, size_t kl,
                    const char *v, size_t vl)
{
    if (is_decoded(k, kl))
        return page_add_decoded(ctx, pg, unit, v, vl);
    int in = packed_concerns((const uint8_t *)v, vl, unit);
    if (in < 0)
        return thd_refuse(ctx->st, THD_R_STORE_DAMAGED, "");
    uint8_t *dst = in ? page_reserve(pg, vl) : NULL;
    if (in && !dst)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    if (dst)
        memcpy(dst, v, vl);
    return 0;
}

/* Fills one page from the cursor; closes it after the last record. */
static int snapshot_page(req_ctx_t *ctx, cursor_t *c, uint32_t size, Thidua__V1__SnapshotReply *out)
{
    store_iter_t *it = store_iter_new_at(ctx->store, c->snap, SPACE_RECORD, "", c->last_key);
    if (!it)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    const char *k, *v;
    size_t kl, vl;
    int rc = 0, more = 0;
    struct page pg = {.out = out};
    while (rc == 0 && (more = store_iter_next(it, &k, &kl, &v, &vl)) == 1) {
        if (pg.n == size || (pg.n && pg.bytes + page_cost(k, kl, vl) > THD_PAGE_BYTES))
            break; /* one more exists: the page is full */
        snprintf(c->last_key, sizeof c->last_key, "%.*s", (int)kl, k);
        rc = page_add(ctx, &pg, c->unit, k, kl, v, vl);
    }
    store_iter_destroy(&it);
    out->revision = store_snapshot_revision(c->snap);
    out->cursor = records_strdup(more == 1 ? c->id : "");
    if (more != 1 || rc || mem_ran_short()) /* refused: a retry starts over */
        cursors_close(ctx->cursors, c);
    return rc;
}

int feed_snapshot(req_ctx_t *ctx)
{
    const Thidua__V1__SnapshotRequest *in = ctx->in->req->snapshot;
    uint32_t size = THD_FEED_PAGE;
    cursor_t *c = NULL;
    int rc = page_size(ctx, in->page_size, &size);
    if (rc == 0)
        rc = find_cursor(ctx, in, &c);
    if (rc)
        return rc;
    Thidua__V1__SnapshotReply *out = malloc(sizeof *out);
    if (!out) {
        cursors_close(ctx->cursors, c);
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    }
    thidua__v1__snapshot_reply__init(out);
    ctx->resp->snapshot = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_SNAPSHOT;
    return snapshot_page(ctx, c, size, out);
}

/* Entries logged before format 3 carry documents' bytes: a page carries
 * them as format 3 logs them, so that no page outgrows a message. A
 * ballot goes with the reader's own vote only. */
static void for_reader(Thidua__V1__Event *ev, const char *reader)
{
    for (size_t i = 0; i < ev->n_records; i++) {
        Thidua__V1__Record *r = ev->records[i];
        ballot_for_reader(r, reader);
        if (r->body_case == THIDUA__V1__RECORD__BODY_DOCUMENT && r->document->attachment) {
            free(r->document->attachment->data.data);
            r->document->attachment->data = (ProtobufCBinaryData){0};
        }
    }
}

/* Reads entries after `from` into out, up to size events. */
static int read_log(req_ctx_t *ctx, uint64_t from, const char *unit, uint32_t size,
                    Thidua__V1__ChangesSinceReply *out)
{
    store_log_iter_t *it = store_log_iter_new(ctx->store, from + 1);
    if (!it)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    uint64_t rev = from;
    const uint8_t *hash;
    const char *entry;
    size_t len;
    int rc = 0, step;
    size_t bytes = 0;
    out->revision = from;
    while (rc == 0 && (step = store_log_iter_next(it, &rev, &hash, &entry, &len)) == 1) {
        if (out->n_events == size || (out->n_events && bytes + len > THD_PAGE_BYTES)) {
            out->more = true;
            break;
        }
        out->revision = rev;
        Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, len, (const uint8_t *)entry);
        if (!ev)
            rc = thd_refuse(ctx->st, THD_R_LOG_ENTRY_DAMAGED, "", THD_U((unsigned long long)rev));
        else if (!thd_event_concerns(ev, unit))
            thidua__v1__event__free_unpacked(ev, NULL);
        else {
            *domain_push((void ***)&out->events, &out->n_events) = ev;
            for_reader(ev, ctx->in->who->name);
            bytes += len;
        }
    }
    if (step < 0 && rc == 0)
        rc = thd_refuse(ctx->st, THD_R_LOG_ENTRY_MALFORMED, "");
    store_log_iter_destroy(&it);
    return rc;
}

int feed_changes_since(req_ctx_t *ctx)
{
    const Thidua__V1__ChangesSinceRequest *in = ctx->in->req->changes_since;
    uint64_t head = store_committed_revision(ctx->store);
    uint64_t oldest = store_oldest_revision(ctx->store);
    uint32_t size = THD_FEED_PAGE;
    int rc = page_size(ctx, in->page_size, &size);
    if (rc)
        return rc;
    if (in->revision > head)
        return thd_refuse(ctx->st, THD_R_REVISION_AHEAD, "revision",
                          THD_U((unsigned long long)in->revision), THD_U((unsigned long long)head));
    Thidua__V1__ChangesSinceReply *out = malloc(sizeof *out);
    if (!out)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    thidua__v1__changes_since_reply__init(out);
    out->oldest_revision = oldest;
    ctx->resp->changes = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_CHANGES;
    if (in->revision + 1 < oldest)
        return thd_refuse(ctx->st, THD_R_REVISION_COMPACTED, "revision",
                          THD_U((unsigned long long)oldest),
                          THD_U((unsigned long long)in->revision));
    return read_log(ctx, in->revision, in->unit, size, out);
}
