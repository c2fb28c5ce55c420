/* Quotas, the per-unit proposal cap, criteria and the counts report. The
 * counters live in records written in the same request as the move they
 * count, so a rolled-back request gives its place back. */
#include "quotas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "mem.h"
#include "pbjson.h"
#include "reasons.h"
#include "records.h"
#include "rules.h"
#include "tasks.h"
#include "transitions.h"

#define TYPE_QUOTA     "quota"
#define TYPE_CRITERION "criterion"
#define TYPE_PCOUNT    "proposal_count"

static const char *field_name(int field, char *buf, size_t cap)
{
    return pbjson_enum_name(&thidua__v1__field__descriptor, field, buf, cap);
}

static const char *kind_name(int kind, char *buf, size_t cap)
{
    return pbjson_enum_name(&thidua__v1__nominee_kind__descriptor, kind, buf, cap);
}

static void quota_id(int field, int kind, char *buf, size_t cap)
{
    char f[32], k[32];
    snprintf(buf, cap, "%s/%s", field_name(field, f, sizeof f), kind_name(kind, k, sizeof k));
}

/* The quota record for (field, kind), or NULL when none is set. */
static Thidua__V1__Record *quota_get(req_ctx_t *ctx, int field, int kind)
{
    char id[64];
    quota_id(field, kind, id, sizeof id);
    Thidua__V1__Record *rec = NULL;
    thd_status_t keep = *ctx->st;
    if (records_get(ctx, TYPE_QUOTA, id, &rec) != 0)
        rec = NULL;
    *ctx->st = keep;
    return rec;
}

int quotas_set(req_ctx_t *ctx)
{
    const Thidua__V1__Quota *in = ctx->in->req->quota_set->quota;
    if (!in)
        return thd_refuse(ctx->st, THD_R_PART_MISSING, "quota", "quota");
    if (!in->field)
        return thd_refuse(ctx->st, THD_R_NO_FIELD, "quota.field");
    if (!in->kind)
        return thd_refuse(ctx->st, THD_R_NO_KIND, "quota.kind");
    char id[64];
    quota_id(in->field, in->kind, id, sizeof id);
    Thidua__V1__Record *rec = quota_get(ctx, in->field, in->kind);
    bool create = !rec;
    if (rec && records_check_expected(ctx, rec)) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return THD_ABORTED;
    }
    if (create) {
        rec = domain_envelope(TYPE_QUOTA, id);
        Thidua__V1__Quota *q = mem_alloc(sizeof *q);
        thidua__v1__quota__init(q);
        q->field = in->field;
        q->kind = in->kind;
        rec->body_case = THIDUA__V1__RECORD__BODY_QUOTA;
        rec->quota = q;
    }
    Thidua__V1__Quota *q = rec->quota;
    if (in->max_selected && q->selected > in->max_selected) {
        thd_refuse(ctx->st, THD_R_QUOTA_BELOW_SELECTED, "quota.max_selected", THD_U(q->selected),
                   id);
        thidua__v1__record__free_unpacked(rec, NULL);
        return THD_FAILED_PRECONDITION;
    }
    q->max_selected = in->max_selected;
    q->max_per_unit = in->max_per_unit;
    records_changed(ctx, "max_selected");
    records_changed(ctx, "max_per_unit");
    return domain_put_and_reply(ctx, rec, create);
}

struct collect {
    void ***items;
    size_t *n;
};

static int visit_quota(void *arg, const char *key, Thidua__V1__Record **rec)
{
    (void)key;
    struct collect *c = arg;
    if ((*rec)->body_case == THIDUA__V1__RECORD__BODY_QUOTA) {
        *domain_push(c->items, c->n) = (*rec)->quota;
        (*rec)->quota = NULL;
    } else if ((*rec)->body_case == THIDUA__V1__RECORD__BODY_CRITERION) {
        *domain_push(c->items, c->n) = (*rec)->criterion;
        (*rec)->criterion = NULL;
    } else {
        return 0;
    }
    (*rec)->body_case = THIDUA__V1__RECORD__BODY__NOT_SET;
    return 0;
}

int quotas_list(req_ctx_t *ctx)
{
    Thidua__V1__QuotaListReply *out = mem_alloc(sizeof *out);
    thidua__v1__quota_list_reply__init(out);
    ctx->resp->quotas = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_QUOTAS;
    struct collect c = {(void ***)&out->quotas, &out->n_quotas};
    return domain_scan(ctx, TYPE_QUOTA, "", visit_quota, &c);
}

static bool valid_code(const char *s)
{
    size_t n = strlen(s);
    return n >= 1 && n <= 24 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == n;
}

int criteria_add(req_ctx_t *ctx)
{
    const Thidua__V1__Criterion *in = ctx->in->req->criterion_add->criterion;
    if (!in)
        return thd_refuse(ctx->st, THD_R_PART_MISSING, "criterion", "criterion");
    if (!valid_code(in->code))
        return thd_refuse(ctx->st, THD_R_CRITERION_BAD_CODE, "criterion.code", in->code);
    if (!*in->text)
        return thd_refuse(ctx->st, THD_R_CRITERION_NO_TEXT, "criterion.text");
    Thidua__V1__Record *rec = NULL;
    if (records_get(ctx, TYPE_CRITERION, in->code, &rec) == 0) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return thd_refuse(ctx->st, THD_R_CRITERION_EXISTS, "criterion.code", in->code);
    }
    rec = domain_envelope(TYPE_CRITERION, in->code);
    Thidua__V1__Criterion *c = mem_alloc(sizeof *c);
    thidua__v1__criterion__init(c);
    c->code = records_strdup(in->code);
    c->text = records_strdup(in->text);
    c->applies_to = in->applies_to;
    c->mandatory = in->mandatory;
    rec->body_case = THIDUA__V1__RECORD__BODY_CRITERION;
    rec->criterion = c;
    return domain_put_and_reply(ctx, rec, true);
}

/* A correction names its criterion by code and changes only what it sets;
 * nominees keep their claims and checks, which name the code (the rules of
 * an edit for nominees: docs/ARCHITECTURE.md section 9). The same values
 * again write nothing (dispatch: perform_edit). */
int criteria_edit(req_ctx_t *ctx)
{
    const Thidua__V1__CriterionEdit *e = ctx->in->req->criterion_edit;
    const Thidua__V1__Criterion *in = e->criterion;
    if (!in)
        return thd_refuse(ctx->st, THD_R_PART_MISSING, "criterion", "criterion");
    Thidua__V1__Record *rec = NULL;
    int rc = records_get(ctx, TYPE_CRITERION, in->code, &rec);
    if (rc == THD_NOT_FOUND)
        return thd_refuse(ctx->st, THD_R_CRITERION_NOT_FOUND, "criterion.code", in->code);
    if (rc == 0)
        rc = records_check_expected(ctx, rec);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    Thidua__V1__Criterion *c = rec->criterion;
    if (*in->text && strcmp(in->text, c->text) != 0) {
        domain_set_string(&c->text, in->text);
        records_changed(ctx, "text");
    }
    if (e->set_applies_to && in->applies_to != c->applies_to) {
        c->applies_to = in->applies_to;
        records_changed(ctx, "applies_to");
    }
    if (e->set_mandatory && in->mandatory != c->mandatory) {
        c->mandatory = in->mandatory;
        records_changed(ctx, "mandatory");
    }
    return domain_put_and_reply(ctx, rec, false);
}

int criteria_list(req_ctx_t *ctx)
{
    Thidua__V1__CriterionListReply *out = mem_alloc(sizeof *out);
    thidua__v1__criterion_list_reply__init(out);
    ctx->resp->criteria = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_CRITERIA;
    struct collect c = {(void ***)&out->criteria, &out->n_criteria};
    return domain_scan(ctx, TYPE_CRITERION, "", visit_quota, &c);
}

int criteria_get(req_ctx_t *ctx, const char *code, const char *field, Thidua__V1__Criterion **out)
{
    Thidua__V1__Record *rec = NULL;
    int rc = records_get(ctx, TYPE_CRITERION, code, &rec);
    if (rc == THD_NOT_FOUND)
        return thd_refuse(ctx->st, THD_R_CRITERION_NOT_FOUND, field, code);
    if (rc)
        return rc;
    if (out) {
        *out = rec->criterion;
        rec->criterion = NULL;
        rec->body_case = THIDUA__V1__RECORD__BODY__NOT_SET;
    }
    thidua__v1__record__free_unpacked(rec, NULL);
    return 0;
}

int criteria_get_for(req_ctx_t *ctx, const char *code, int kind, const char *field)
{
    Thidua__V1__Criterion *c = NULL;
    int rc = criteria_get(ctx, code, field, &c);
    if (rc == 0 && kind && c->applies_to && (int)c->applies_to != kind) {
        char want[32], is[32];
        rc =
            thd_refuse(ctx->st, THD_R_CRITERION_OTHER_KIND, field, code,
                       kind_name(c->applies_to, want, sizeof want), kind_name(kind, is, sizeof is));
    }
    thidua__v1__criterion__free_unpacked(c, NULL);
    return rc;
}

struct mandatory {
    int kind;
    char ***codes;
    size_t *n;
};

static int visit_mandatory(void *arg, const char *key, Thidua__V1__Record **rec)
{
    (void)key;
    struct mandatory *m = arg;
    const Thidua__V1__Criterion *c = (*rec)->criterion;
    if (c && c->mandatory && (!c->applies_to || (int)c->applies_to == m->kind))
        *domain_push((void ***)m->codes, m->n) = records_strdup(c->code);
    return 0;
}

int criteria_mandatory(req_ctx_t *ctx, int kind, char ***codes, size_t *n)
{
    *codes = NULL;
    *n = 0;
    struct mandatory m = {kind, codes, n};
    return domain_scan(ctx, TYPE_CRITERION, "", visit_mandatory, &m);
}

void criteria_free_codes(char **codes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
}

/* Adds delta to a unit's standing proposals in (field, kind). */
static int count_proposal(req_ctx_t *ctx, const char *unit, int field, int kind, int delta,
                          uint32_t cap)
{
    char qid[64], id[128];
    quota_id(field, kind, qid, sizeof qid);
    snprintf(id, sizeof id, "%s/%s", unit, qid);
    Thidua__V1__Record *rec = NULL;
    thd_status_t keep = *ctx->st;
    bool create = records_get(ctx, TYPE_PCOUNT, id, &rec) != 0;
    *ctx->st = keep;
    if (create) {
        rec = domain_envelope(TYPE_PCOUNT, id);
        Thidua__V1__ProposalCount *p = mem_alloc(sizeof *p);
        thidua__v1__proposal_count__init(p);
        p->unit = records_strdup(unit);
        p->field = field;
        p->kind = kind;
        rec->body_case = THIDUA__V1__RECORD__BODY_PROPOSAL_COUNT;
        rec->proposal_count = p;
        domain_add_unit(rec, unit);
    }
    Thidua__V1__ProposalCount *p = rec->proposal_count;
    if (delta > 0 && cap && p->proposed >= cap) {
        thd_refuse(ctx->st, THD_R_QUOTA_PROPOSALS_FULL, "id", unit, THD_U(p->proposed), THD_U(cap),
                   qid);
        thidua__v1__record__free_unpacked(rec, NULL);
        return THD_RESOURCE_EXHAUSTED;
    }
    if (delta < 0 && p->proposed == 0) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return 0;
    }
    p->proposed = (uint32_t)((int)p->proposed + delta);
    return records_put(ctx, rec, create);
}

int quotas_take_proposal(req_ctx_t *ctx, const char *unit, int field, int kind)
{
    Thidua__V1__Record *q = quota_get(ctx, field, kind);
    uint32_t cap = q ? q->quota->max_per_unit : 0;
    thidua__v1__record__free_unpacked(q, NULL);
    return count_proposal(ctx, unit, field, kind, +1, cap);
}

int quotas_release_proposal(req_ctx_t *ctx, const char *unit, int field, int kind)
{
    return count_proposal(ctx, unit, field, kind, -1, 0);
}

int quotas_take_selection(req_ctx_t *ctx, int field, int kind)
{
    Thidua__V1__Record *rec = quota_get(ctx, field, kind);
    if (!rec)
        return 0; /* no quota set: no limit */
    Thidua__V1__Quota *q = rec->quota;
    if (q->max_selected && q->selected >= q->max_selected) {
        char id[64];
        quota_id(field, kind, id, sizeof id);
        thd_refuse(ctx->st, THD_R_QUOTA_FULL, "selected", id, THD_U(q->selected),
                   THD_U(q->max_selected));
        thidua__v1__record__free_unpacked(rec, NULL);
        return THD_RESOURCE_EXHAUSTED;
    }
    q->selected++;
    return records_put(ctx, rec, false);
}

/* ---- counts ---- */

#define N_FIELDS 5
#define N_KINDS  3

struct tally {
    req_ctx_t *ctx; /* for a task's history: which in progress are sent back */
    uint64_t tasks[8], nominees[8];
    uint32_t selected[N_FIELDS][N_KINDS], proposed[N_FIELDS][N_KINDS], quota[N_FIELDS][N_KINDS];
    uint32_t overdue;
    char today[11];
};

static int visit_count(void *arg, const char *key, Thidua__V1__Record **rec)
{
    (void)key;
    struct tally *t = arg;
    const Thidua__V1__Record *r = *rec;
    if (r->body_case == THIDUA__V1__RECORD__BODY_TASK && r->task->status < 8) {
        int rc = tasks_mark_returned(t->ctx, *rec);
        if (rc)
            return rc;
        /* counted as the lists show it: a task sent back apart from the others in progress */
        t->tasks[r->task->returned ? THIDUA__V1__TASK_STATUS__TASK_STATUS_RETURNED
                                   : r->task->status]++;
        t->overdue += thd_task_overdue(r->task, t->today);
    } else if (r->body_case == THIDUA__V1__RECORD__BODY_NOMINEE && r->nominee->status < 8) {
        const Thidua__V1__Nominee *n = r->nominee;
        t->nominees[n->status]++;
        if (n->field < N_FIELDS && n->kind < N_KINDS) {
            t->selected[n->field][n->kind] +=
                n->status == THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_SELECTED;
            t->proposed[n->field][n->kind] +=
                n->status >= THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_PROPOSED &&
                n->status <= THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_VETTED;
        }
    } else if (r->body_case == THIDUA__V1__RECORD__BODY_QUOTA) {
        const Thidua__V1__Quota *q = r->quota;
        if (q->field < N_FIELDS && q->kind < N_KINDS)
            t->quota[q->field][q->kind] = q->max_selected;
    }
    return 0;
}

/* Every status of m but "unspecified"; a task's in the order the work goes. */
static void named_counts(enum machine m, const uint64_t *counts, Thidua__V1__NamedCount ***arr,
                         size_t *n)
{
    static const int by_value[] = {1, 2, 3, 4, 5, 6, 7};
    const int *order = by_value;
    size_t n_order = sizeof by_value / sizeof by_value[0];
    if (m == MACHINE_TASK)
        n_order = thd_task_status_order(&order);
    for (size_t i = 0; i < n_order; i++) {
        int s = order[i];
        char name[32];
        transitions_status_name(m, s, name, sizeof name);
        if (!*name)
            continue;
        Thidua__V1__NamedCount *c = mem_alloc(sizeof *c);
        thidua__v1__named_count__init(c);
        c->status = records_strdup(name);
        c->count = counts[s];
        *domain_push((void ***)arr, n) = c;
    }
}

int quotas_counts(req_ctx_t *ctx)
{
    struct tally *t = mem_calloc(1, sizeof *t);
    t->ctx = ctx;
    Thidua__V1__CountsReply *out = mem_alloc(sizeof *out);
    thidua__v1__counts_reply__init(out);
    ctx->resp->counts = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_COUNTS;
    domain_today(ctx, t->today);
    const char *types[] = {"task", "nominee", TYPE_QUOTA};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < 3; i++)
        rc = domain_scan(ctx, types[i], "", visit_count, t);
    named_counts(MACHINE_TASK, t->tasks, &out->tasks, &out->n_tasks);
    named_counts(MACHINE_NOMINEE, t->nominees, &out->nominees, &out->n_nominees);
    out->overdue = t->overdue;
    for (int f = 1; f < N_FIELDS; f++)
        for (int k = 1; k < N_KINDS; k++) {
            if (!t->selected[f][k] && !t->proposed[f][k] && !t->quota[f][k])
                continue;
            Thidua__V1__QuotaUse *u = mem_alloc(sizeof *u);
            thidua__v1__quota_use__init(u);
            u->field = f;
            u->kind = k;
            u->selected = t->selected[f][k];
            u->proposed = t->proposed[f][k];
            u->max_selected = t->quota[f][k];
            *domain_push((void ***)&out->quotas, &out->n_quotas) = u;
        }
    free(t);
    return rc;
}
