#include "dispatch.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "ballot.h"
#include "calendar.h"
#include "clock.h"
#include "directory.h"
#include "documents.h"
#include "domain.h"
#include "feed.h"
#include "import.h"
#include "info.h"
#include "thd_limits.h"
#include "transitions.h"
#include "log.h"
#include "mem.h"
#include "nominees.h"
#include "packed.h"
#include "quotas.h"
#include "reasons.h"
#include "records.h"
#include "replies.h"
#include "history.h"
#include "tasks.h"
#include "validate.h"

#define R(x)     (1u << THIDUA__V1__ROLE__ROLE_##x)
#define ANY_ROLE (R(ADMIN) | R(CHAIR) | R(OFFICE) | R(UNIT) | R(OBSERVER) | R(COUNCIL))

/* A request's whole contract: dispatch runs the row's checks in order
 * (role, request id, the body's own rules, the record and its transition)
 * and then the row's function, which only acts. */
struct handler {
    int body;            /* Request body case */
    const char *name;    /* request kind, as in logs and events */
    bool writes;         /* may change state: checked for retries, logged */
    bool scans;          /* reads committed records by iteration */
    bool reply_on_error; /* its reply body explains a refusal (import's row errors) */
    unsigned roles;      /* the roles that may send it: the one role table */
    handler_fn *rules;   /* the body's own rules, before any record is loaded */
    /* A row that moves a record: dispatch loads machine's record by the id
     * at id_path in the body ("id" when NULL) and finds verb's transition
     * (verb_of's where the body picks it), then calls act. */
    enum machine machine;
    const char *verb;
    const char *(*verb_of)(const Thidua__V1__Request *req);
    const char *id_path;
    record_fn *act;
    /* sets fields of one existing record: when it leaves them as stored,
     * nothing is written (perform_edit) */
    bool edits;
    handler_fn *fn; /* a row that moves no record */
};

#define BODY(x) THIDUA__V1__REQUEST__BODY_##x
static const struct handler handlers[] = {
    {.body = BODY(PING), .name = "ping", .roles = ANY_ROLE, .fn = info_ping},
    {.body = BODY(STATUS), .name = "status", .scans = true, .roles = ANY_ROLE, .fn = info_status},
    {.body = BODY(SNAPSHOT),
     .name = "snapshot",
     .scans = true,
     .roles = ANY_ROLE,
     .fn = feed_snapshot},
    {.body = BODY(CHANGES_SINCE),
     .name = "changes_since",
     .scans = true,
     .roles = ANY_ROLE,
     .fn = feed_changes_since},
    {.body = BODY(PRINCIPAL_ADD),
     .name = "principal.add",
     .writes = true,
     .roles = R(ADMIN),
     .fn = directory_principal_add},
    {.body = BODY(PRINCIPAL_LIST),
     .name = "principal.list",
     .scans = true,
     .roles = R(ADMIN),
     .fn = directory_principal_list},
    {.body = BODY(PRINCIPAL_SET_DISABLED),
     .name = "principal.set_disabled",
     .writes = true,
     .roles = R(ADMIN),
     .fn = directory_principal_set_disabled},
    {.body = BODY(PRINCIPAL_SET_KEY),
     .name = "principal.set_key",
     .writes = true,
     .roles = R(ADMIN),
     .fn = directory_principal_set_key},
    {.body = BODY(UNIT_ADD),
     .name = "unit.add",
     .writes = true,
     .roles = R(ADMIN),
     .fn = directory_unit_add},
    {.body = BODY(UNIT_EDIT),
     .name = "unit.edit",
     .writes = true,
     .roles = R(ADMIN),
     .edits = true,
     .fn = directory_unit_edit},
    {.body = BODY(UNIT_GET), .name = "unit.get", .roles = ANY_ROLE, .fn = directory_unit_get},
    {.body = BODY(UNIT_LIST),
     .name = "unit.list",
     .scans = true,
     .roles = ANY_ROLE,
     .fn = directory_unit_list},
    /* congress domain: the permission matrix of DOMAIN.md §6; unit scope and
     * status moves are the transition tables' (transitions.c) */
    {.body = BODY(TASK_CREATE),
     .name = "task.create",
     .writes = true,
     .roles = R(OFFICE),
     .fn = tasks_create},
    {.body = BODY(TASK_EDIT),
     .name = "task.edit",
     .writes = true,
     .roles = R(OFFICE),
     .rules = tasks_edit_rules,
     .machine = MACHINE_TASK,
     .verb = "edit",
     .act = tasks_edit,
     .edits = true},
    {.body = BODY(TASK_REPORT),
     .name = "task.report",
     .writes = true,
     .roles = R(OFFICE) | R(UNIT),
     .rules = tasks_report_rules,
     .machine = MACHINE_TASK,
     .verb = "report",
     .act = tasks_report},
    {.body = BODY(TASK_SUBMIT),
     .name = "task.submit",
     .writes = true,
     .roles = R(UNIT),
     .rules = tasks_submit_rules,
     .machine = MACHINE_TASK,
     .verb = "submit",
     .act = tasks_submit},
    {.body = BODY(TASK_ACCEPT),
     .name = "task.accept",
     .writes = true,
     .roles = R(OFFICE),
     .machine = MACHINE_TASK,
     .verb = "accept",
     .act = tasks_accept},
    {.body = BODY(TASK_RETURN),
     .name = "task.return",
     .writes = true,
     .roles = R(OFFICE),
     .rules = tasks_return_rules,
     .machine = MACHINE_TASK,
     .verb = "return",
     .act = tasks_return},
    {.body = BODY(TASK_CANCEL),
     .name = "task.cancel",
     .writes = true,
     .roles = R(OFFICE),
     .machine = MACHINE_TASK,
     .verb = "cancel",
     .act = tasks_cancel},
    {.body = BODY(TASK_GET), .name = "task.get", .roles = ANY_ROLE, .fn = tasks_get},
    {.body = BODY(TASK_LIST),
     .name = "task.list",
     .scans = true,
     .roles = ANY_ROLE,
     .fn = tasks_list},
    {.body = BODY(DOCUMENT_GET), .name = "document.get", .roles = ANY_ROLE, .fn = documents_get},
    {.body = BODY(HISTORY_LIST), .name = "history.list", .roles = ANY_ROLE, .fn = history_list},
    {.body = BODY(NOMINEE_CREATE),
     .name = "nominee.create",
     .writes = true,
     .roles = R(UNIT),
     .fn = nominees_create},
    {.body = BODY(NOMINEE_EDIT),
     .name = "nominee.edit",
     .writes = true,
     .roles = R(UNIT),
     .rules = nominees_edit_rules,
     .machine = MACHINE_NOMINEE,
     .verb = "edit",
     .id_path = "nominee.id",
     .act = nominees_edit,
     .edits = true},
    {.body = BODY(NOMINEE_ATTACH),
     .name = "nominee.attach",
     .writes = true,
     .roles = R(UNIT),
     .rules = nominees_attach_rules,
     .machine = MACHINE_NOMINEE,
     .verb = "attach",
     .act = nominees_attach},
    {.body = BODY(NOMINEE_PROPOSE),
     .name = "nominee.propose",
     .writes = true,
     .roles = R(UNIT),
     .machine = MACHINE_NOMINEE,
     .verb = "propose",
     .act = nominees_propose},
    {.body = BODY(NOMINEE_WITHDRAW),
     .name = "nominee.withdraw",
     .writes = true,
     .roles = R(UNIT),
     .machine = MACHINE_NOMINEE,
     .verb = "withdraw",
     .act = nominees_withdraw},
    {.body = BODY(NOMINEE_RETURN),
     .name = "nominee.return",
     .writes = true,
     .roles = R(OFFICE),
     .rules = nominees_return_rules,
     .machine = MACHINE_NOMINEE,
     .verb = "return",
     .act = nominees_return},
    {.body = BODY(NOMINEE_START_VETTING),
     .name = "nominee.start_vetting",
     .writes = true,
     .roles = R(OFFICE),
     .machine = MACHINE_NOMINEE,
     .verb = "start_vetting",
     .act = nominees_start_vetting},
    {.body = BODY(NOMINEE_CHECK),
     .name = "nominee.check",
     .writes = true,
     .roles = R(OFFICE),
     .rules = nominees_check_rules,
     .machine = MACHINE_NOMINEE,
     .verb = "check",
     .act = nominees_check},
    {.body = BODY(NOMINEE_OPINION),
     .name = "nominee.opinion",
     .writes = true,
     .roles = R(OFFICE),
     .rules = nominees_opinion_rules,
     .machine = MACHINE_NOMINEE,
     .verb = "opinion",
     .act = nominees_opinion},
    {.body = BODY(NOMINEE_DISCLOSURE_OPEN),
     .name = "nominee.disclosure_open",
     .writes = true,
     .roles = R(OFFICE),
     .machine = MACHINE_NOMINEE,
     .verb = "disclosure_open",
     .act = nominees_disclosure_open},
    {.body = BODY(NOMINEE_DISCLOSURE_CLOSE),
     .name = "nominee.disclosure_close",
     .writes = true,
     .roles = R(OFFICE),
     .machine = MACHINE_NOMINEE,
     .verb = "disclosure_close",
     .act = nominees_disclosure_close},
    {.body = BODY(NOMINEE_COMPLAINT),
     .name = "nominee.complaint",
     .writes = true,
     .roles = R(OFFICE),
     .rules = nominees_complaint_rules,
     .machine = MACHINE_NOMINEE,
     .verb = "complaint",
     .act = nominees_complaint},
    {.body = BODY(NOMINEE_RESOLVE),
     .name = "nominee.resolve",
     .writes = true,
     .roles = R(OFFICE),
     .rules = nominees_resolve_rules,
     .machine = MACHINE_NOMINEE,
     .verb = "resolve",
     .act = nominees_resolve},
    {.body = BODY(NOMINEE_RECOMMEND),
     .name = "nominee.recommend",
     .writes = true,
     .scans = true,
     .roles = R(OFFICE),
     .machine = MACHINE_NOMINEE,
     .verb = "recommend",
     .act = nominees_recommend},
    {.body = BODY(NOMINEE_DECIDE),
     .name = "nominee.decide",
     .writes = true,
     .roles = R(CHAIR),
     .rules = nominees_decide_rules,
     .machine = MACHINE_NOMINEE,
     .verb_of = nominees_decide_verb,
     .act = nominees_decide},
    {.body = BODY(NOMINEE_GET), .name = "nominee.get", .roles = ANY_ROLE, .fn = nominees_get},
    {.body = BODY(NOMINEE_LIST),
     .name = "nominee.list",
     .scans = true,
     .roles = ANY_ROLE,
     .fn = nominees_list},
    {.body = BODY(QUOTA_SET),
     .name = "quota.set",
     .writes = true,
     .roles = R(ADMIN),
     .edits = true,
     .fn = quotas_set},
    {.body = BODY(QUOTA_LIST),
     .name = "quota.list",
     .scans = true,
     .roles = ANY_ROLE,
     .fn = quotas_list},
    {.body = BODY(CRITERION_ADD),
     .name = "criterion.add",
     .writes = true,
     .roles = R(ADMIN),
     .fn = criteria_add},
    {.body = BODY(CRITERION_EDIT),
     .name = "criterion.edit",
     .writes = true,
     .roles = R(ADMIN),
     .edits = true,
     .fn = criteria_edit},
    {.body = BODY(CRITERION_LIST),
     .name = "criterion.list",
     .scans = true,
     .roles = ANY_ROLE,
     .fn = criteria_list},
    {.body = BODY(CALENDAR_HOLIDAYS_SET),
     .name = "calendar.holidays_set",
     .writes = true,
     .roles = R(ADMIN),
     .edits = true,
     .fn = calendar_holidays_set},
    {.body = BODY(CALENDAR_MIN_DAYS_SET),
     .name = "calendar.min_days_set",
     .writes = true,
     .roles = R(ADMIN),
     .edits = true,
     .fn = calendar_min_days_set},
    {.body = BODY(CALENDAR_GET), .name = "calendar.get", .roles = ANY_ROLE, .fn = calendar_get},
    {.body = BODY(COUNTS), .name = "counts", .scans = true, .roles = ANY_ROLE, .fn = quotas_counts},
    /* the council's ballot: secrecy of each vote is ballot_for_reader's */
    {.body = BODY(BALLOT_OPEN),
     .name = "ballot.open",
     .writes = true,
     .scans = true, /* reads the council from committed principals */
     .roles = R(OFFICE),
     .fn = ballot_open},
    {.body = BODY(BALLOT_VOTE),
     .name = "ballot.vote",
     .writes = true,
     .roles = R(COUNCIL),
     .fn = ballot_vote},
    {.body = BODY(BALLOT_CLOSE),
     .name = "ballot.close",
     .writes = true,
     .roles = R(OFFICE),
     .fn = ballot_close},
    {.body = BODY(BALLOT_GET), .name = "ballot.get", .roles = ANY_ROLE, .fn = ballot_get},
    {.body = BODY(BALLOT_LIST),
     .name = "ballot.list",
     .scans = true,
     .roles = ANY_ROLE,
     .fn = ballot_list},
    {.body = BODY(THRESHOLD_SET),
     .name = "threshold.set",
     .writes = true,
     .roles = R(ADMIN),
     .edits = true,
     .fn = threshold_set},
    {.body = BODY(THRESHOLD_LIST),
     .name = "threshold.list",
     .scans = true,
     .roles = ANY_ROLE,
     .fn = threshold_list},
    /* each import row meets the role check of the row it runs as
     * (unit.add, task.create, nominee.edit, ...): dispatch_step */
    {.body = BODY(IMPORT),
     .name = "import",
     .writes = true,
     .reply_on_error = true,
     .roles = R(ADMIN) | R(OFFICE) | R(UNIT),
     .fn = import_run},
};

static const char *const role_names[] = {"none", "admin",    "chair",  "office",
                                         "unit", "observer", "council"};

struct dispatch {
    store_t *store;
    const struct server_info *info;
    directory_cache_t *principals;
};

/* The table's own rules, checked when a broker starts, so a row written
 * wrong fails every test rather than one request: a row either moves a
 * record (machine, a verb the transition table has, act) or acts alone
 * (fn); and a unit principal may send a row that moves a record exactly
 * when the transition says which of the record's units it must be. */
static bool row_ok(const struct handler *h)
{
    if (h->machine == MACHINE_NONE)
        return h->fn && !h->act && !h->verb && !h->verb_of;
    if (!h->act || h->fn || !h->verb == !h->verb_of)
        return false;
    if (!h->verb) /* a verb the body picks: its rows are checked when it is asked */
        return true;
    const struct transition *t = transitions_find(h->machine, h->verb);
    return t && (t->scope != SCOPE_NONE) == !!(h->roles & (1u << THIDUA__V1__ROLE__ROLE_UNIT));
}

bool dispatch_rows_check(const char **bad)
{
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
        if (!row_ok(&handlers[i])) {
            *bad = handlers[i].name;
            return false;
        }
    return true;
}

dispatch_t *dispatch_new(store_t *store, const struct server_info *info)
{
    const char *bad;
    if (!dispatch_rows_check(&bad)) {
        log_error("the request table's row %s is inconsistent", bad);
        return NULL;
    }
    dispatch_t *self = calloc(1, sizeof *self);
    if (self)
        *self = (dispatch_t){store, info, directory_cache_new()};
    if (self && !self->principals)
        dispatch_destroy(&self);
    mem_init();
    return self;
}

void dispatch_destroy(dispatch_t **self_p)
{
    if (self_p && *self_p) {
        directory_cache_destroy(&(*self_p)->principals);
        free(*self_p);
        *self_p = NULL;
    }
}

void dispatch_out_clear(dispatch_out_t *out)
{
    free(out->reply);
    changes_clear(&out->events);
    memset(out, 0, sizeof *out);
}

static const struct handler *find_handler(int body)
{
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
        if (handlers[i].body == body)
            return &handlers[i];
    return NULL;
}

static int row_of(const struct handler *h)
{
    return h ? (int)(h - handlers) : DISPATCH_NO_KIND;
}

static const char *role_name(int role)
{
    return role >= 0 && role <= THIDUA__V1__ROLE__ROLE_COUNCIL ? role_names[role] : "unknown";
}

void dispatch_role_names(unsigned roles, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (int r = 1; r <= THIDUA__V1__ROLE__ROLE_COUNCIL; r++)
        if (roles & (1u << r)) {
            size_t len = strlen(buf);
            snprintf(buf + len, cap - len, "%s%s", len ? "|" : "", role_names[r]);
        }
}

static uint8_t *pack_response(Thidua__V1__Response *resp, size_t *len)
{
    *len = thidua__v1__response__get_packed_size(resp);
    uint8_t *buf = mem_alloc(*len ? *len : 1);
    thidua__v1__response__pack(resp, buf);
    return buf;
}

/* The wire form of st; its strings are borrowed from st. */
static void status_wire(const thd_status_t *st, Thidua__V1__Status *s, char **params)
{
    thidua__v1__status__init(s);
    s->code = st->code;
    s->message = (char *)st->message;
    s->field = (char *)st->field;
    s->reason = (char *)st->reason;
    for (int i = 0; i < st->n_params; i++)
        params[i] = (char *)st->params[i];
    s->n_params = (size_t)st->n_params;
    s->params = params;
}

static void free_ctx(req_ctx_t *ctx)
{
    changes_drop_pending(ctx);
    for (size_t i = 0; i < ctx->n_left_units; i++)
        free(ctx->left_units[i]);
    free(ctx->left_units);
}

/* The string at path ("id", "nominee.id") in the request's body; "" where
 * a part on the way is absent (the row's check refuses that first). */
static const char *body_string(const Thidua__V1__Request *req, const char *path)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&thidua__v1__request__descriptor, req->body_case);
    const ProtobufCMessage *m =
        f ? *(ProtobufCMessage *const *)((const char *)req + f->offset) : NULL;
    while (m) {
        char name[64];
        size_t len = strcspn(path, ".");
        if (len >= sizeof name)
            return "";
        memcpy(name, path, len);
        name[len] = '\0';
        f = protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
        if (!f)
            return "";
        const void *at = (const char *)m + f->offset;
        if (!path[len])
            return f->type == PROTOBUF_C_TYPE_STRING ? *(char *const *)at : "";
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            return "";
        m = *(ProtobufCMessage *const *)at;
        path += len + 1;
    }
    return "";
}

/* Whether after holds what before holds, their Meta (who wrote it last,
 * at which revision, when) aside. Packed and compared: false when out of
 * memory, so a doubt writes rather than drops an edit. */
static bool same_record(const Thidua__V1__Record *before, Thidua__V1__Record *after)
{
    Thidua__V1__Meta *ma = records_meta(after), *mb = records_meta(before);
    if (!ma || !mb || strcmp(before->type, after->type) != 0 || strcmp(before->id, after->id) != 0)
        return false;
    Thidua__V1__Meta stamped = *ma;
    *ma = *mb; /* borrowed for the comparison: after's own is put back below */
    size_t len = thidua__v1__record__get_packed_size(after);
    bool same = len == thidua__v1__record__get_packed_size(before);
    uint8_t *a = same ? malloc(2 * len + 1) : NULL;
    if (a) {
        thidua__v1__record__pack(after, a);
        thidua__v1__record__pack(before, a + len);
        same = memcmp(a, a + len, len) == 0;
    }
    *ma = stamped;
    bool packed = a != NULL;
    free(a);
    return packed && same;
}

/* What the row asks after its role check: the body's own rules, then for a
 * row that moves a record, the record and its transition; then the row's
 * function. Every request and every import step runs this. */
static int perform_row(const struct handler *h, req_ctx_t *ctx)
{
    int rc = h->rules ? h->rules(ctx) : 0;
    if (rc)
        return rc;
    if (h->machine == MACHINE_NONE)
        return h->fn(ctx);
    const char *field = h->id_path ? h->id_path : "id";
    const char *verb = h->verb_of ? h->verb_of(ctx->in->req) : h->verb;
    Thidua__V1__Record *rec;
    const struct transition *row;
    rc = transitions_load(ctx, h->machine, verb, body_string(ctx->in->req, field), field, &rec,
                          &row);
    return rc ? rc : h->act(ctx, rec, row);
}

/* An edit that leaves its record as stored (a form saved twice, the same
 * values typed again) would still add a revision, a history entry and an
 * event saying nothing: so the row runs as for any edit (every check it
 * makes still refuses, expected_revision included), then, when the record
 * it wrote first equals what the store held before, its writes are rolled
 * back and the reply is the record as stored, at the current revision. */
static int perform_edit(const struct handler *h, req_ctx_t *ctx)
{
    store_mark_t mark;
    store_mark(ctx->store, &mark);
    size_t n_changes = ctx->n_changes, n_changed = ctx->n_changed;
    int rc = perform_row(h, ctx);
    if (rc || ctx->n_changes <= n_changes)
        return rc;
    const Thidua__V1__Record *after = ctx->changes[n_changes];
    Thidua__V1__Record *before = NULL;
    thd_status_t keep = *ctx->st;
    if (records_get_at(ctx, &mark, after->type, after->id, &before) != 0) {
        *ctx->st = keep; /* a new record (or one unread): the write stands */
        return 0;
    }
    if (!same_record(before, ctx->changes[n_changes])) {
        thidua__v1__record__free_unpacked(before, NULL);
        return 0;
    }
    store_rollback(ctx->store, &mark);
    changes_drop_pending_after(ctx, n_changes, n_changed);
    if (ctx->resp->body_case == THIDUA__V1__RESPONSE__BODY_RECORD)
        thidua__v1__record__free_unpacked(ctx->resp->record, NULL);
    free(ctx->reply_record.data);
    ctx->reply_record = (ProtobufCBinaryData){0};
    return domain_reply(ctx, before);
}

static int perform(const struct handler *h, req_ctx_t *ctx)
{
    return h->edits ? perform_edit(h, ctx) : perform_row(h, ctx);
}

static int run_write(dispatch_t *self, const struct handler *h, req_ctx_t *ctx, dispatch_out_t *out)
{
    store_mark_t mark;
    store_mark(self->store, &mark);
    int rc = perform(h, ctx);
    if (rc == 0 && ((rc = changes_log(ctx, h->name)) < 0 || mem_ran_short()))
        rc = thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, ""); /* see mem.h */
    if (rc) {
        store_rollback(self->store, &mark);
        dispatch_out_clear(out);
    }
    return rc;
}

/* The row's role check, the one every request and every import step meets
 * first: ctx->in->who's role must be among the row's roles. */
static int permit(const struct handler *h, req_ctx_t *ctx)
{
    if (!h)
        return thd_refuse(ctx->st, THD_R_UNKNOWN_BODY, "body");
    if (h->roles & (1u << ctx->in->who->role))
        return 0;
    char roles[64];
    dispatch_role_names(h->roles, roles, sizeof roles);
    return thd_refuse(ctx->st, THD_R_ROLE_DENIED, "", h->name, roles, ctx->in->who->name,
                      role_name(ctx->in->who->role));
}

/* Runs the row: role, then for a write its request id and the store's
 * state, then perform. */
static int run(dispatch_t *self, const struct handler *h, req_ctx_t *ctx, dispatch_out_t *out)
{
    int rc = permit(h, ctx);
    if (rc)
        return rc;
    if (!h->writes) {
        out->wrote = store_pending(self->store); /* it may read the group's writes */
        return perform(h, ctx);
    }
    if (!*ctx->in->req->request_id)
        return thd_refuse(ctx->st, THD_R_NO_REQUEST_ID, "request_id");
    if (store_read_only(self->store))
        return thd_refuse(ctx->st, THD_R_BROKER_READ_ONLY, "");
    out->wrote = true;
    return run_write(self, h, ctx, out);
}

/* A read whose answer would not fit one message (a list page of large
 * records): refused, with what to do instead. A write's reply always fits,
 * since its records fit the change's event. */
static void too_big_reply(const char *request_id, uint64_t revision, dispatch_out_t *out)
{
    thd_status_t st;
    thd_refuse(&st, THD_R_REPLY_TOO_BIG, "page_size", THD_MIB(out->reply_len),
               THD_U(THD_MAX_MSG_BYTES >> 20));
    bool wrote = out->wrote;
    dispatch_out_clear(out);
    dispatch_error_reply(request_id, revision, &st, out);
    out->wrote = wrote;
}

/* Every refusal a client gets has a reason (docs/PROTOCOL.md 8.1). One
 * made with thd_status_set is a bug a debug build stops at; elsewhere it
 * goes out as request.refused, its English message the one parameter. */
static void explain(thd_status_t *st)
{
    assert(!"a refusal without a reason: refuse with thd_refuse");
    log_error("a refusal without a reason: %s", st->message);
    thd_status_t why;
    thd_refuse(&why, THD_R_UNEXPLAINED, st->field, st->message);
    why.code = st->code;
    *st = why;
}

struct digest_buffer {
    ProtobufCBuffer base;
    crypto_generichash_state state;
};

static void digest_append(ProtobufCBuffer *b, size_t len, const uint8_t *data)
{
    crypto_generichash_update(&((struct digest_buffer *)b)->state, data, len);
}

/* A write's identity for retries: BLAKE2b-256 of the request as validated
 * (text in NFC, unknown fields dropped), packed without its request_id, so
 * its kind, body and expected_revision all count. Packed straight into the
 * hash: an attachment is not copied. */
static void request_identity(const Thidua__V1__Request *req, const char *kind,
                             store_request_t *what)
{
    Thidua__V1__Request bare = *req;
    bare.request_id = "";
    struct digest_buffer b = {.base = {.append = digest_append}};
    crypto_generichash_init(&b.state, NULL, 0, STORE_DIGEST_LEN);
    protobuf_c_message_pack_to_buffer(&bare.base, &b.base);
    crypto_generichash_final(&b.state, what->digest, STORE_DIGEST_LEN);
    what->kind = kind;
}

/* A write whose request_id has a kept reply: a retry of the same request
 * gets that reply byte for byte and runs nothing again; another request
 * under the id is refused, as nothing of it ran. Returns true when out is
 * the answer. */
static bool kept_answer(dispatch_t *self, const Thidua__V1__Principal *who,
                        const Thidua__V1__Request *req, const store_request_t *what,
                        dispatch_out_t *out)
{
    store_kept_t kept;
    thd_status_t unread = {0};
    int got = store_reply_get(self->store, who->name, req->request_id, clock_wall_ms(), what, &kept,
                              &unread);
    if (got == 0)
        return false;
    if (got < 0) { /* running it might run it twice */
        dispatch_error_reply(req->request_id, store_revision(self->store), &unread, out);
    } else if (kept.other) {
        thd_status_t st;
        thd_refuse(&st, THD_R_REQUEST_ID_REUSED, "request_id", req->request_id,
                   THD_U(THD_DEDUP_WINDOW_MS / 60000), kept.kind);
        dispatch_error_reply(req->request_id, store_revision(self->store), &st, out);
        log_debug("%s %s %s -> request id reused", who->name, what->kind, req->request_id);
    } else {
        out->reply = (uint8_t *)kept.reply; /* a retry: the first answer, no second effect */
        out->reply_len = kept.len;
    }
    out->wrote = store_pending(self->store);
    return true;
}

/* Packs the reply: the handler's response, or for a refusal (except
 * ABORTED, which keeps the current record, and OUT_OF_RANGE, the oldest
 * revision) one with only request_id, status and revision. Takes resp. */
static void answer(dispatch_t *self, const struct handler *h, req_ctx_t *ctx, int rc,
                   Thidua__V1__Response *resp, dispatch_out_t *out)
{
    /* a request that ran short keeps nothing of its answer (import's ids
     * name rows that were not written) */
    if (rc && rc != THD_ABORTED && rc != THD_OUT_OF_RANGE &&
        (!(h && h->reply_on_error) || mem_ran_short())) {
        thidua__v1__response__free_unpacked(resp, NULL);
        resp = mem_alloc(sizeof *resp);
        thidua__v1__response__init(resp);
        resp->request_id = records_strdup(ctx->in->req->request_id);
    }
    resp->revision = store_revision(self->store);
    Thidua__V1__Status wire;
    char *params[THD_MAX_REASON_PARAMS];
    status_wire(ctx->st, &wire, params);
    resp->status = &wire; /* borrowed: taken off before the free below */
    if (rc == 0 && ctx->reply_record.data && resp->body_case == THIDUA__V1__RESPONSE__BODY__NOT_SET)
        out->reply = packed_response(resp, &ctx->reply_record, &out->reply_len);
    else
        out->reply = pack_response(resp, &out->reply_len);
    resp->status = NULL;
    free(ctx->reply_record.data);
    thidua__v1__response__free_unpacked(resp, NULL);
}

static void execute(dispatch_t *self, const Thidua__V1__Principal *who,
                    const Thidua__V1__Request *req, dispatch_out_t *out)
{
    memset(out, 0, sizeof *out);
    const struct handler *h = find_handler(req->body_case);
    if (h && h->scans && store_pending(self->store)) {
        out->commit_first = true; /* scans read committed records only */
        out->kind = row_of(h);
        return;
    }
    store_request_t what = {.kind = ""};
    if (h && h->writes && *req->request_id) {
        request_identity(req, h->name, &what);
        if (kept_answer(self, who, req, &what, out)) {
            out->kind = row_of(h);
            return;
        }
    }
    thd_status_t st = {0};
    Thidua__V1__Response *resp = mem_alloc(sizeof *resp);
    thidua__v1__response__init(resp);
    resp->request_id = records_strdup(req->request_id);
    const struct req_in in = {.req = req, .who = who, .now_ms = clock_wall_ms()};
    req_ctx_t ctx = {.in = &in,
                     .store = self->store,
                     .info = self->info,
                     .cursors = self->info->cursors,
                     .resp = resp,
                     .st = &st,
                     .log = &out->events};
    int rc = run(self, h, &ctx, out);
    if (rc == 0 && mem_ran_short()) /* a read: its answer may lack what failed */
        rc = thd_refuse(&st, THD_R_OUT_OF_MEMORY, "");
    if (rc && !*st.reason)
        explain(&st);
    free_ctx(&ctx);
    if (rc == 0)
        thd_status_clear(&st); /* handlers may note a miss on the way to success */
    answer(self, h, &ctx, rc, resp, out);
    out->code = rc;
    if (out->reply_len > THD_MAX_MSG_BYTES - 1024 && !out->events.n)
        too_big_reply(req->request_id, store_revision(self->store), out);
    out->kind = row_of(h);
    /* every write's answer is kept, one that changed nothing too: run
     * again, a retry of it would put its values back over a later change */
    if (rc == 0 && h->writes &&
        replies_keep(self->store, who->name, req->request_id, in.now_ms + THD_DEDUP_WINDOW_MS,
                     &what, out->reply, out->reply_len, &out->events) != 0)
        log_error("cannot keep the reply to %s/%s for retries", who->name, req->request_id);
    log_debug("%s %s %s -> %s", who->name, h ? h->name : "?", req->request_id, thd_code_name(rc));
}

void dispatch_execute(dispatch_t *self, const Thidua__V1__Principal *who,
                      const Thidua__V1__Request *req, dispatch_out_t *out)
{
    if (!mem_request_begin()) {
        thd_status_t st;
        thd_refuse(&st, THD_R_OUT_OF_MEMORY, "");
        dispatch_error_reply(req->request_id, store_revision(self->store), &st, out);
        return;
    }
    execute(self, who, req, out);
    mem_request_end();
}

void dispatch_error_reply(const char *request_id, uint64_t revision, const thd_status_t *st,
                          dispatch_out_t *out)
{
    memset(out, 0, sizeof *out);
    Thidua__V1__Response resp = THIDUA__V1__RESPONSE__INIT;
    Thidua__V1__Status wire;
    char *params[THD_MAX_REASON_PARAMS];
    status_wire(st, &wire, params);
    resp.status = &wire;
    resp.request_id = (char *)(request_id ? request_id : "");
    resp.revision = revision;
    out->reply = pack_response(&resp, &out->reply_len);
    out->kind = DISPATCH_NO_KIND;
    out->code = st->code;
}

/* Validation paths start at the Request ("unit_add.unit.name"); handlers
 * name fields from the body ("unit.name"). Replies use the latter. */
static const char *body_path(const char *field)
{
    const char *dot = strchr(field, '.');
    return dot ? dot + 1 : field;
}

/* The principal a connection's User-Id names, if it is enabled and its key
 * is still the one the connection was admitted with. */
static const Thidua__V1__Principal *sender(dispatch_t *self, const char *user)
{
    char name[THD_MAX_HANDLE_CHARS + 1];
    const char *key = auth_user_split(user, name);
    const Thidua__V1__Principal *who = NULL;
    if (!key || directory_cache_principal(self->principals, self->store, name, &who) != 1 ||
        who->disabled || strcmp(who->public_key, key) != 0)
        return NULL;
    return who;
}

void dispatch_handle(dispatch_t *self, const char *user, const void *msg, size_t len,
                     dispatch_out_t *out)
{
    uint64_t rev = store_revision(self->store);
    Thidua__V1__Request *req = thidua__v1__request__unpack(NULL, len, msg);
    if (!req) {
        thd_status_t st;
        thd_refuse(&st, THD_R_NOT_A_REQUEST, "");
        dispatch_error_reply("", rev, &st, out);
        return;
    }
    thd_status_t st = {0};
    const Thidua__V1__Principal *who = NULL;
    if (validate_message(&req->base, &st) != 0) {
        /* echo the request id only when it passed the check itself */
        bool rid_bad = strcmp(st.field, "request_id") == 0;
        memmove(st.field, body_path(st.field), strlen(body_path(st.field)) + 1);
        dispatch_error_reply(rid_bad ? "" : req->request_id, rev, &st, out);
    } else if (!(who = sender(self, user))) {
        thd_refuse(&st, THD_R_PRINCIPAL_UNKNOWN, "");
        dispatch_error_reply(req->request_id, rev, &st, out);
    } else {
        dispatch_execute(self, who, req, out);
    }
    out->kind = row_of(find_handler(req->body_case)); /* refused before its row ran, too */
    thidua__v1__request__free_unpacked(req, NULL);
}

bool dispatch_kind(size_t i, int *body, const char **name, bool *writes)
{
    if (i >= sizeof handlers / sizeof handlers[0])
        return false;
    *body = handlers[i].body;
    *name = handlers[i].name;
    *writes = handlers[i].writes;
    return true;
}

size_t dispatch_kinds(void)
{
    return sizeof handlers / sizeof handlers[0];
}

static const struct handler *find_named(const char *kind)
{
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
        if (strcmp(handlers[i].name, kind) == 0)
            return &handlers[i];
    return NULL;
}

unsigned dispatch_roles(const char *kind)
{
    const struct handler *h = find_named(kind);
    return h ? h->roles : 0;
}

unsigned dispatch_verb_roles(enum machine m, const char *verb)
{
    unsigned roles = 0;
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
        if (handlers[i].verb && handlers[i].machine == m && strcmp(handlers[i].verb, verb) == 0)
            roles |= handlers[i].roles;
    return roles;
}

int dispatch_step(req_ctx_t *ctx, Thidua__V1__Request *sub, const Thidua__V1__Principal *as,
                  const char **kind)
{
    const struct handler *h = find_handler(sub->body_case);
    /* a step writes inside its caller's group and mark: a scan would need
     * the group committed, and a row that answers with its own body
     * (import) would nest */
    assert(!h || (h->writes && !h->scans && !h->reply_on_error));
    *kind = h ? h->name : "?";
    const struct req_in *caller = ctx->in;
    const struct req_in step = {.req = sub, .who = as, .now_ms = caller->now_ms};
    sub->request_id = caller->req->request_id;
    ctx->in = &step;
    int rc = permit(h, ctx);
    if (rc == 0)
        rc = perform(h, ctx);
    ctx->in = caller;
    return rc;
}
