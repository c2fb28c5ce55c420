/* import: each row is matched by its stable key (unit code, task or nominee
 * ref) and then created, edited or left alone by the single-record requests
 * themselves, each step run through its dispatch row (role check, then
 * handler: dispatch_step) and logged as its own event. No role is written
 * here; an admin's nominee row runs as a unit principal of its unit. A
 * failed row is rolled back alone so every row gets checked; any failure
 * then rolls back the whole request, as does a dry run. */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "domain.h"
#include "mem.h"
#include "overlay.h"
#include "reasons.h"
#include "records.h"

#define R(x)          (1u << THIDUA__V1__ROLE__ROLE_##x)
#define REQ(x)        THIDUA__V1__REQUEST__BODY_##x
#define ROW(x)        THIDUA__V1__IMPORT_ROW__RECORD_##x
#define NOMINEE_DRAFT THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_DRAFT

enum outcome { OUT_UNCHANGED, OUT_UPDATED, OUT_CREATED };

/* One row in progress: whom its steps run as, what it did and the id of
 * its record. */
struct row {
    const Thidua__V1__ImportRow *in;
    const Thidua__V1__Principal *as; /* the importer, or the unit it acts for */
    enum outcome outcome;
    char *id;
};

typedef int row_fn(req_ctx_t *ctx, struct row *row);

static void drop_reply_body(req_ctx_t *ctx)
{
    Thidua__V1__Response *resp = ctx->resp;
    if (resp->body_case == THIDUA__V1__RESPONSE__BODY_RECORD)
        thidua__v1__record__free_unpacked(resp->record, NULL);
    resp->body_case = THIDUA__V1__RESPONSE__BODY__NOT_SET;
    resp->record = NULL;
    free(ctx->reply_record.data);
    ctx->reply_record = (ProtobufCBinaryData){0};
}

/* Runs sub through dispatch as the single request would run (its row's role
 * check, then its handler) and logs its changes as that request's event. A
 * step that changes something marks the row as updated (unless it was
 * created); the first step's record names the row. */
static int step(req_ctx_t *ctx, Thidua__V1__Request *sub, struct row *row)
{
    const char *kind = NULL;
    int rc = dispatch_step(ctx, sub, row->as, &kind);
    drop_reply_body(ctx);
    if (rc)
        return rc;
    if (ctx->n_changes && !row->id)
        row->id = records_strdup(ctx->changes[0]->id);
    if (ctx->n_changes && row->outcome == OUT_UNCHANGED)
        row->outcome = OUT_UPDATED;
    rc = changes_log(ctx, kind);
    if (rc < 0)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    return rc;
}

/* 1 when type/id exists (*out fresh), 0 when not, or an error code < 0. */
static int lookup(req_ctx_t *ctx, const char *type, const char *id, Thidua__V1__Record **out)
{
    *out = NULL;
    int rc = records_get(ctx, type, id, out);
    if (rc == THD_NOT_FOUND) {
        thd_status_clear(ctx->st);
        return 0;
    }
    return rc ? -rc : 1;
}

static bool same(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

/* A given (non-empty) string must equal the stored one. */
static bool same_given(const char *in, const char *cur)
{
    return !*in || same(in, cur);
}

static bool same_list(char *const *a, size_t na, char *const *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (!same(a[i], b[i]))
            return false;
    return true;
}

static int import_unit(req_ctx_t *ctx, struct row *row)
{
    Thidua__V1__Unit *u = row->in->unit;
    Thidua__V1__Record *rec = NULL;
    int found = lookup(ctx, "unit", u->code, &rec);
    if (found < 0)
        return -found;
    Thidua__V1__Request sub = THIDUA__V1__REQUEST__INIT;
    if (!found) {
        Thidua__V1__UnitAdd add = THIDUA__V1__UNIT_ADD__INIT;
        add.unit = u;
        sub.body_case = REQ(UNIT_ADD);
        sub.unit_add = &add;
        row->outcome = OUT_CREATED;
        return step(ctx, &sub, row);
    }
    bool equal = same(u->name, rec->unit->name) && u->kind == rec->unit->kind;
    thidua__v1__record__free_unpacked(rec, NULL);
    row->id = records_strdup(u->code);
    if (equal)
        return 0;
    Thidua__V1__UnitEdit edit = THIDUA__V1__UNIT_EDIT__INIT;
    edit.unit = u;
    sub.body_case = REQ(UNIT_EDIT);
    sub.unit_edit = &edit;
    return step(ctx, &sub, row);
}

/* The stored record keyed by ref: 1 (*out fresh), 0 none, or <0. */
static int find_by_ref(req_ctx_t *ctx, const char *type, const char *ref, Thidua__V1__Record **out)
{
    *out = NULL;
    if (!*ref)
        return -thd_refuse(ctx->st, THD_R_IMPORT_NO_REF, "ref");
    char *id = NULL;
    int rc = domain_ref_find(ctx, type, ref, &id);
    if (rc == 1) {
        rc = lookup(ctx, type, id, out);
        if (rc == 0)
            rc = -thd_refuse(ctx->st, THD_R_IMPORT_REF_GONE, "ref", ref, type, id);
    }
    free(id);
    return rc < 0 && !ctx->st->code ? -thd_refuse(ctx->st, THD_R_READ_ERROR, "") : rc;
}

static bool task_equal(const Thidua__V1__Task *in, const Thidua__V1__Task *t)
{
    return same(in->title, t->title) && same_given(in->description, t->description) &&
           same(in->deadline, t->deadline) && same(in->lead_unit, t->lead_unit) &&
           in->kind == t->kind && in->phase == t->phase &&
           same_list(in->support_units, in->n_support_units, t->support_units, t->n_support_units);
}

static int import_task(req_ctx_t *ctx, struct row *row)
{
    Thidua__V1__Task *in = row->in->task;
    Thidua__V1__Record *rec = NULL;
    int found = find_by_ref(ctx, "task", in->ref, &rec);
    if (found < 0)
        return -found;
    Thidua__V1__Request sub = THIDUA__V1__REQUEST__INIT;
    if (!found) {
        Thidua__V1__TaskCreate create = THIDUA__V1__TASK_CREATE__INIT;
        create.task = in;
        sub.body_case = REQ(TASK_CREATE);
        sub.task_create = &create;
        row->outcome = OUT_CREATED;
        return step(ctx, &sub, row);
    }
    bool equal = task_equal(in, rec->task);
    row->id = records_strdup(rec->id);
    Thidua__V1__TaskEdit edit = THIDUA__V1__TASK_EDIT__INIT;
    edit.id = rec->id;
    edit.title = in->title;
    edit.description = in->description;
    edit.kind = in->kind;
    edit.phase = in->phase;
    edit.lead_unit = in->lead_unit;
    edit.support_units = in->support_units;
    edit.n_support_units = in->n_support_units;
    edit.set_support_units = true;
    edit.deadline = in->deadline;
    sub.body_case = REQ(TASK_EDIT);
    sub.task_edit = &edit;
    int rc = equal ? 0 : step(ctx, &sub, row);
    thidua__v1__record__free_unpacked(rec, NULL);
    return rc;
}

/* Earlier honours given equal the stored ones, in order (none given keeps them). */
static bool same_honours(const Thidua__V1__Nominee *in, const Thidua__V1__Nominee *n)
{
    if (!in->n_earlier_honours)
        return true;
    if (in->n_earlier_honours != n->n_earlier_honours)
        return false;
    for (size_t i = 0; i < in->n_earlier_honours; i++) {
        const Thidua__V1__EarlierHonour *a = in->earlier_honours[i], *b = n->earlier_honours[i];
        if (a->year != b->year || !same(a->form, b->form) ||
            !same(a->decision_number, b->decision_number))
            return false;
    }
    return true;
}

/* The descriptive fields as nominee.edit would leave them. */
static bool nominee_equal(const Thidua__V1__Nominee *in, const Thidua__V1__Nominee *n)
{
    return same_given(in->name, n->name) && same_given(in->gender, n->gender) &&
           same_given(in->position, n->position) && same_given(in->workplace, n->workplace) &&
           same_given(in->achievements, n->achievements) && (!in->kind || in->kind == n->kind) &&
           (!in->field || in->field == n->field) &&
           (!in->birth_year || in->birth_year == n->birth_year) &&
           (!in->n_criteria_met ||
            same_list(in->criteria_met, in->n_criteria_met, n->criteria_met, n->n_criteria_met)) &&
           in->influential == n->influential && in->new_factor == n->new_factor &&
           same_given(in->honour_form, n->honour_form) &&
           (!in->period_from ||
            (in->period_from == n->period_from && in->period_to == n->period_to)) &&
           same_honours(in, n);
}

static int propose(req_ctx_t *ctx, struct row *row, const char *id)
{
    Thidua__V1__NomineeVerb verb = THIDUA__V1__NOMINEE_VERB__INIT;
    verb.id = (char *)id;
    Thidua__V1__Request sub = THIDUA__V1__REQUEST__INIT;
    sub.body_case = REQ(NOMINEE_PROPOSE);
    sub.nominee_propose = &verb;
    return step(ctx, &sub, row);
}

static int nominee_existing(req_ctx_t *ctx, struct row *row, Thidua__V1__Record *rec)
{
    Thidua__V1__Nominee *in = row->in->nominee, *n = rec->nominee;
    row->id = records_strdup(rec->id);
    if (!same(n->proposing_unit, row->as->unit))
        return thd_refuse(ctx->st, THD_R_IMPORT_REF_OTHER_UNIT, "ref", in->ref, n->id,
                          n->proposing_unit, row->as->unit);
    int rc = 0;
    if (!nominee_equal(in, n)) {
        if (n->status != NOMINEE_DRAFT)
            return thd_refuse(ctx->st, THD_R_IMPORT_NOT_DRAFT, "ref", n->id, in->ref);
        Thidua__V1__NomineeEdit edit = THIDUA__V1__NOMINEE_EDIT__INIT;
        char *given = in->id;
        in->id = rec->id; /* borrowed for the call */
        edit.nominee = in;
        Thidua__V1__Request sub = THIDUA__V1__REQUEST__INIT;
        sub.body_case = REQ(NOMINEE_EDIT);
        sub.nominee_edit = &edit;
        rc = step(ctx, &sub, row);
        in->id = given;
    }
    if (rc == 0 && row->in->propose && n->status == NOMINEE_DRAFT)
        rc = propose(ctx, row, rec->id);
    return rc;
}

/* The unit a nominee row is for: a unit principal's own, or for an admin
 * the row's proposing_unit, which must exist. */
static int nominee_unit(req_ctx_t *ctx, const Thidua__V1__Nominee *in, const char **unit)
{
    if (ctx->in->who->role == THIDUA__V1__ROLE__ROLE_UNIT) {
        *unit = ctx->in->who->unit;
        if (*in->proposing_unit && !same(in->proposing_unit, *unit))
            return thd_refuse(ctx->st, THD_R_IMPORT_OTHER_UNIT, "proposing_unit", *unit,
                              in->proposing_unit);
        return 0;
    }
    *unit = in->proposing_unit;
    if (!**unit)
        return thd_refuse(ctx->st, THD_R_IMPORT_NO_PROPOSER, "proposing_unit");
    return domain_unit_must_exist(ctx, *unit, "proposing_unit");
}

/* The row's steps run as a unit principal of its unit (an admin acts for
 * it), so the nominee rows of dispatch and the transition table apply
 * unchanged. */
static int import_nominee(req_ctx_t *ctx, struct row *row)
{
    Thidua__V1__Nominee *in = row->in->nominee;
    const char *unit = NULL;
    int rc = nominee_unit(ctx, in, &unit);
    if (rc)
        return rc;
    Thidua__V1__Principal acting = *ctx->in->who;
    acting.role = THIDUA__V1__ROLE__ROLE_UNIT;
    acting.unit = (char *)unit;
    row->as = &acting;
    Thidua__V1__Record *rec = NULL;
    int found = find_by_ref(ctx, "nominee", in->ref, &rec);
    if (found < 0) {
        rc = -found;
    } else if (found) {
        rc = nominee_existing(ctx, row, rec);
    } else {
        char *given = in->proposing_unit;
        in->proposing_unit = (char *)unit; /* borrowed for the call */
        Thidua__V1__NomineeCreate create = THIDUA__V1__NOMINEE_CREATE__INIT;
        create.nominee = in;
        Thidua__V1__Request sub = THIDUA__V1__REQUEST__INIT;
        sub.body_case = REQ(NOMINEE_CREATE);
        sub.nominee_create = &create;
        row->outcome = OUT_CREATED;
        rc = step(ctx, &sub, row);
        in->proposing_unit = given;
        if (rc == 0 && row->in->propose)
            rc = propose(ctx, row, row->id);
    }
    if (rec)
        thidua__v1__record__free_unpacked(rec, NULL);
    row->as = ctx->in->who; /* acting goes out of scope */
    return rc;
}

/* Who may import a kind is not written here: it is whoever every request
 * kind its rows run as lets through (the dispatch rows' roles), plus an
 * admin where the admin acts for the row's unit. */
static const struct row_kind {
    int record_case;
    const char *name;         /* for messages and duplicate keys */
    const char *runs_as[3];   /* the request kinds its steps run as (dispatch rows) */
    bool admin_acts_for_unit; /* an admin's row runs as a unit principal of its unit */
    row_fn *fn;
} row_kinds[] = {
    {.record_case = ROW(UNIT),
     .name = "unit",
     .runs_as = {"unit.add", "unit.edit"},
     .fn = import_unit},
    {.record_case = ROW(TASK),
     .name = "task",
     .runs_as = {"task.create", "task.edit"},
     .fn = import_task},
    {.record_case = ROW(NOMINEE),
     .name = "nominee",
     .runs_as = {"nominee.create", "nominee.edit", "nominee.propose"},
     .admin_acts_for_unit = true,
     .fn = import_nominee},
};

/* The roles that may import k's rows: those every step's dispatch row
 * allows (a row may create, edit or propose), with the admin where it acts
 * for a unit the steps allow. */
static unsigned kind_roles(const struct row_kind *k)
{
    unsigned roles = ~0u;
    for (size_t i = 0; i < sizeof k->runs_as / sizeof k->runs_as[0] && k->runs_as[i]; i++)
        roles &= dispatch_roles(k->runs_as[i]);
    if (k->admin_acts_for_unit && (roles & R(UNIT)))
        roles |= R(ADMIN);
    return roles;
}

static const struct row_kind *kind_of(const Thidua__V1__ImportRow *in)
{
    for (size_t i = 0; i < sizeof row_kinds / sizeof row_kinds[0]; i++)
        if (row_kinds[i].record_case == (int)in->record_case)
            return &row_kinds[i];
    return NULL;
}

static const char *row_key(const Thidua__V1__ImportRow *in)
{
    switch (in->record_case) {
    case ROW(UNIT):
        return in->unit->code;
    case ROW(TASK):
        return in->task->ref;
    case ROW(NOMINEE):
        return in->nominee->ref;
    default:
        return "";
    }
}

/* The CSV column a status field names: "task.lead_unit" -> "lead_unit". */
static const char *column_of(const char *field)
{
    const char *dot = strrchr(field, '.');
    const char *col = dot ? dot + 1 : field;
    if (same(col, "id"))
        return "ref";
    if (same(col, "unit") || same(col, "task") || same(col, "nominee") ||
        same(col, "expected_revision") || same(col, "reason"))
        return "";
    return col;
}

/* Refusals a row meets before its handlers: no record, wrong role, a key
 * seen earlier in the request. */
static int precheck(req_ctx_t *ctx, const Thidua__V1__ImportRow *in, const struct row_kind *k,
                    overlay_t *seen)
{
    if (!k)
        return thd_refuse(ctx->st, THD_R_IMPORT_EMPTY_ROW, "");
    unsigned roles = kind_roles(k);
    if (!(roles & (1u << ctx->in->who->role))) {
        char names[64];
        dispatch_role_names(roles, names, sizeof names);
        return thd_refuse(ctx->st, THD_R_IMPORT_ROLE_DENIED, "", k->name, names,
                          ctx->in->who->name);
    }
    char key[160];
    const void *v;
    size_t vl;
    snprintf(key, sizeof key, "%s/%s", k->name, row_key(in));
    if (*row_key(in) && overlay_get(seen, key, strlen(key), &v, &vl) == 1)
        return thd_refuse(ctx->st, THD_R_IMPORT_DUPLICATE,
                          k->record_case == ROW(UNIT) ? "code" : "ref", k->name, row_key(in),
                          THD_U(*(const uint32_t *)v));
    uint32_t line = in->line;
    if (overlay_put(seen, key, strlen(key), &line, sizeof line) != 0)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    return 0;
}

static Thidua__V1__ImportReply *new_reply(bool dry_run, size_t n_rows)
{
    Thidua__V1__ImportReply *r = mem_alloc(sizeof *r);
    thidua__v1__import_reply__init(r);
    r->dry_run = dry_run;
    r->ids = mem_calloc(n_rows ? n_rows : 1, sizeof *r->ids);
    return r;
}

static void add_error(Thidua__V1__ImportReply *r, uint32_t line, const thd_status_t *st)
{
    Thidua__V1__ImportError *e = mem_alloc(sizeof *e);
    thidua__v1__import_error__init(e);
    e->line = line;
    e->column = records_strdup(column_of(st->field));
    e->reason = records_strdup(st->message);
    e->code = st->code;
    e->reason_id = records_strdup(st->reason); /* a client words the reason in its language */
    e->params = mem_calloc(st->n_params ? (size_t)st->n_params : 1, sizeof *e->params);
    for (int i = 0; i < st->n_params; i++)
        e->params[e->n_params++] = records_strdup(st->params[i]);
    *domain_push((void ***)&r->errors, &r->n_errors) = e;
}

/* One row, alone: on failure its writes and events are undone and its
 * error is listed. */
static void run_row(req_ctx_t *ctx, const Thidua__V1__ImportRow *in, uint32_t line, overlay_t *seen,
                    Thidua__V1__ImportReply *r)
{
    store_mark_t mark;
    store_mark(ctx->store, &mark);
    size_t events = ctx->log->n;
    struct row row = {.in = in, .as = ctx->in->who};
    const struct row_kind *k = kind_of(in);
    int rc = precheck(ctx, in, k, seen);
    if (rc == 0)
        rc = k->fn(ctx, &row);
    if (rc) {
        store_rollback(ctx->store, &mark);
        changes_truncate(ctx->log, events);
        changes_drop_pending(ctx);
        drop_reply_body(ctx);
        add_error(r, line, ctx->st);
        thd_status_clear(ctx->st);
    } else {
        r->created += row.outcome == OUT_CREATED;
        r->updated += row.outcome == OUT_UPDATED;
        r->unchanged += row.outcome == OUT_UNCHANGED;
    }
    r->ids[r->n_ids++] = row.id ? row.id : records_strdup("");
}

int import_run(req_ctx_t *ctx)
{
    const Thidua__V1__ImportRequest *in = ctx->in->req->import;
    if (!in->n_rows)
        return thd_refuse(ctx->st, THD_R_IMPORT_NO_ROWS, "rows");
    store_mark_t mark;
    store_mark(ctx->store, &mark);
    overlay_t *seen = overlay_new();
    if (!seen)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    Thidua__V1__ImportReply *r = new_reply(in->dry_run, in->n_rows);
    for (size_t i = 0; i < in->n_rows; i++)
        run_row(ctx, in->rows[i], in->rows[i]->line ? in->rows[i]->line : (uint32_t)i + 1, seen, r);
    overlay_destroy(&seen);
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_IMPORT;
    ctx->resp->import = r;
    if (in->dry_run || r->n_errors) {
        store_rollback(ctx->store, &mark);
        changes_truncate(ctx->log, 0);
    }
    if (!r->n_errors)
        return 0;
    r->created = r->updated = r->unchanged = 0; /* nothing was written */
    for (size_t i = 0; i < r->n_ids; i++)
        free(r->ids[i]);
    r->n_ids = 0;
    const Thidua__V1__ImportError *first = r->errors[0];
    thd_refuse(ctx->st, THD_R_IMPORT_REFUSED, "rows", THD_U(r->n_errors), THD_U(in->n_rows),
               THD_U(first->line), first->reason);
    return ctx->st->code = first->code; /* the first row's refusal is the import's */
}
