/* The task and nominee transition tables of DOMAIN.md §3-4, in one place. */
#include "transitions.h"

#include <stdio.h>
#include <string.h>

#include "dispatch.h"
#include "domain.h"
#include "pbjson.h"
#include "reasons.h"
#include "tasks.h"

#define TS(x)      (1u << THIDUA__V1__TASK_STATUS__TASK_STATUS_##x)
#define NS(x)      (1u << THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x)
#define TASK_TO(x) THIDUA__V1__TASK_STATUS__TASK_STATUS_##x
#define NOM_TO(x)  THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x

static const struct transition table[] = {
    /* tasks */
    {MACHINE_TASK, TS(ASSIGNED) | TS(IN_PROGRESS) | TS(SUBMITTED), "edit", 0, SCOPE_NONE},
    {MACHINE_TASK, TS(ASSIGNED) | TS(IN_PROGRESS), "report", TASK_TO(IN_PROGRESS),
     SCOPE_LEAD_OR_SUPPORT},
    {MACHINE_TASK, TS(IN_PROGRESS), "submit", TASK_TO(SUBMITTED), SCOPE_LEAD},
    {MACHINE_TASK, TS(SUBMITTED), "accept", TASK_TO(ACCEPTED), SCOPE_NONE},
    {MACHINE_TASK, TS(SUBMITTED), "return", TASK_TO(IN_PROGRESS), SCOPE_NONE},
    {MACHINE_TASK, TS(ASSIGNED) | TS(IN_PROGRESS) | TS(SUBMITTED), "cancel", TASK_TO(CANCELLED),
     SCOPE_NONE},
    /* nominees */
    {MACHINE_NOMINEE, NS(DRAFT), "edit", 0, SCOPE_OWN},
    {MACHINE_NOMINEE, NS(DRAFT), "attach", 0, SCOPE_OWN},
    {MACHINE_NOMINEE, NS(DRAFT), "propose", NOM_TO(PROPOSED), SCOPE_OWN},
    {MACHINE_NOMINEE, NS(DRAFT) | NS(PROPOSED) | NS(VETTING), "withdraw", NOM_TO(WITHDRAWN),
     SCOPE_OWN},
    {MACHINE_NOMINEE, NS(PROPOSED) | NS(VETTING), "return", NOM_TO(DRAFT), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(PROPOSED), "start_vetting", NOM_TO(VETTING), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "check", 0, SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "opinion", 0, SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "disclosure_open", 0, SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "disclosure_close", 0, SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "complaint", 0, SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "resolve", 0, SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "recommend", NOM_TO(VETTED), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTED), "select", NOM_TO(SELECTED), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTED), "reject", NOM_TO(REJECTED), SCOPE_NONE},
};

const char *transitions_status_name(enum machine m, int status, char *buf, size_t cap)
{
    const ProtobufCEnumDescriptor *d = m == MACHINE_TASK ? &thidua__v1__task_status__descriptor
                                                         : &thidua__v1__nominee_status__descriptor;
    pbjson_enum_name(d, status, buf, cap);
    for (char *p = buf; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return buf;
}

/* Each machine's record type, status and refusals: the record's kind is
 * in the refusals' text, so a translation can name it. */
static const struct machine_def {
    const char *type;
    thd_reason_t wrong_status, step_first, unit_may_not, scope[SCOPE_COUNT];
} machines[MACHINE_COUNT] = {
    [MACHINE_TASK] = {"task", THD_R_TASK_WRONG_STATUS, THD_R_TASK_STEP_FIRST,
                      THD_R_TASK_UNIT_MAY_NOT,
                      .scope = {[SCOPE_LEAD] = THD_R_TASK_NOT_LEAD,
                                [SCOPE_LEAD_OR_SUPPORT] = THD_R_TASK_NOT_LEAD_OR_SUPPORT}},
    [MACHINE_NOMINEE] = {"nominee", THD_R_NOMINEE_WRONG_STATUS, THD_R_NOMINEE_STEP_FIRST,
                         THD_R_NOMINEE_UNIT_MAY_NOT,
                         .scope = {[SCOPE_OWN] = THD_R_NOMINEE_NOT_PROPOSER}},
};

/* "assigned|in_progress|submitted": a label parameter's alternatives */
static void from_names(enum machine m, unsigned mask, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (int s = 1; s < 16; s++)
        if (mask & (1u << s)) {
            char name[32];
            size_t len = strlen(buf);
            snprintf(buf + len, cap - len, "%s%s", len ? "|" : "",
                     transitions_status_name(m, s, name, sizeof name));
        }
}

/* A unit principal acts only for the record's units the row's scope names:
 * a task's lead (and support units), a nominee's proposing unit. */
static int scope_check(req_ctx_t *ctx, const struct transition *row, const Thidua__V1__Record *rec)
{
    if (ctx->in->who->role != THIDUA__V1__ROLE__ROLE_UNIT)
        return 0;
    const struct machine_def *d = &machines[row->machine];
    if (row->scope == SCOPE_NONE) /* the dispatch row let a unit through: a table mistake */
        return thd_refuse(ctx->st, d->unit_may_not, "", rec->id, row->verb);
    if (row->machine == MACHINE_NOMINEE) {
        const char *own[] = {rec->nominee->proposing_unit};
        return domain_unit_scope(ctx, d->scope[row->scope], rec->id, own, 1);
    }
    size_t n = row->scope == SCOPE_LEAD_OR_SUPPORT ? rec->n_units : rec->n_units ? 1 : 0;
    return domain_unit_scope(ctx, d->scope[row->scope], rec->id, (const char *const *)rec->units,
                             n);
}

static int status_of(const Thidua__V1__Record *rec)
{
    return rec->body_case == THIDUA__V1__RECORD__BODY_TASK ? (int)rec->task->status
                                                           : (int)rec->nominee->status;
}

const struct transition *transitions_find(enum machine m, const char *verb)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].machine == m && strcmp(table[i].verb, verb) == 0)
            return &table[i];
    return NULL;
}

/* The step that moves a record of machine m from status `from` into one
 * of the statuses of mask and that role may take itself, or NULL: what a
 * refusal says comes first (a unit submits a task once its report has put
 * it in progress). Another role's step (the office's return of a task
 * already submitted) is no step for the caller to take first. */
static const struct transition *step_to(enum machine m, int from, unsigned mask, int role)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const struct transition *r = &table[i];
        int to = r->machine == m && (r->from & (1u << from)) ? transitions_target(r, from) : from;
        if (to != from && (mask & (1u << to)) && (dispatch_verb_roles(m, r->verb) & (1u << role)))
            return r;
    }
    return NULL;
}

/* The row's scope, then its from-statuses. */
static int check(req_ctx_t *ctx, const struct transition *row, const Thidua__V1__Record *rec,
                 const char *field)
{
    int rc = scope_check(ctx, row, rec);
    int from = status_of(rec);
    if (rc || (row->from & (1u << from)))
        return rc;
    char now[32], allowed[128];
    from_names(row->machine, row->from, allowed, sizeof allowed);
    /* a task in progress the office sent back is "returned" wherever it
     * shows (task.get, the lists, counts): the refusal names it so too */
    int shown = from;
    if (row->machine == MACHINE_TASK && from == THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS &&
        tasks_mark_returned(ctx, (Thidua__V1__Record *)rec) == 0 && rec->task->returned)
        shown = THIDUA__V1__TASK_STATUS__TASK_STATUS_RETURNED;
    transitions_status_name(row->machine, shown, now, sizeof now);
    const struct machine_def *d = &machines[row->machine];
    const struct transition *first = step_to(row->machine, from, row->from, ctx->in->who->role);
    return first ? thd_refuse(ctx->st, d->step_first, field, rec->id, now, row->verb, allowed,
                              first->verb)
                 : thd_refuse(ctx->st, d->wrong_status, field, rec->id, now, row->verb, allowed);
}

int transitions_load(req_ctx_t *ctx, enum machine m, const char *verb, const char *id,
                     const char *field, Thidua__V1__Record **rec, const struct transition **row)
{
    *row = transitions_find(m, verb); /* dispatch_rows_check vouches for it */
    *rec = NULL;
    if (!*row) /* a verb a body picked that the table lacks: a table mistake */
        return thd_refuse(ctx->st, THD_R_UNEXPLAINED, "", verb);
    int rc = domain_load(ctx, machines[m].type, id, field, rec);
    if (rc == 0 && (rc = check(ctx, *row, *rec, field)) != 0) {
        thidua__v1__record__free_unpacked(*rec, NULL);
        *rec = NULL;
    }
    return rc;
}

int transitions_target(const struct transition *row, int from)
{
    return row->to ? row->to : from;
}

const char *transitions_verb(size_t i)
{
    return i < sizeof table / sizeof table[0] ? table[i].verb : NULL;
}
