/* The task and nominee transition tables of DOMAIN.md §3-4, in one place. */
#include "transitions.h"

#include <stdio.h>
#include <string.h>

#include "domain.h"
#include "pbjson.h"
#include "reasons.h"

#define R(x)       (1u << THIDUA__V1__ROLE__ROLE_##x)
#define TS(x)      (1u << THIDUA__V1__TASK_STATUS__TASK_STATUS_##x)
#define NS(x)      (1u << THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x)
#define TASK_TO(x) THIDUA__V1__TASK_STATUS__TASK_STATUS_##x
#define NOM_TO(x)  THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x

static const struct transition table[] = {
    /* tasks */
    {MACHINE_TASK, TS(ASSIGNED) | TS(IN_PROGRESS) | TS(SUBMITTED), "edit", 0, R(OFFICE),
     SCOPE_NONE},
    {MACHINE_TASK, TS(ASSIGNED) | TS(IN_PROGRESS), "report", TASK_TO(IN_PROGRESS),
     R(OFFICE) | R(UNIT), SCOPE_LEAD_OR_SUPPORT},
    {MACHINE_TASK, TS(IN_PROGRESS), "submit", TASK_TO(SUBMITTED), R(UNIT), SCOPE_LEAD},
    {MACHINE_TASK, TS(SUBMITTED), "accept", TASK_TO(ACCEPTED), R(OFFICE), SCOPE_NONE},
    {MACHINE_TASK, TS(SUBMITTED), "return", TASK_TO(IN_PROGRESS), R(OFFICE), SCOPE_NONE},
    {MACHINE_TASK, TS(ASSIGNED) | TS(IN_PROGRESS) | TS(SUBMITTED), "cancel", TASK_TO(CANCELLED),
     R(OFFICE), SCOPE_NONE},
    /* nominees */
    {MACHINE_NOMINEE, NS(DRAFT), "edit", 0, R(UNIT), SCOPE_OWN},
    {MACHINE_NOMINEE, NS(DRAFT), "attach", 0, R(UNIT), SCOPE_OWN},
    {MACHINE_NOMINEE, NS(DRAFT), "propose", NOM_TO(PROPOSED), R(UNIT), SCOPE_OWN},
    {MACHINE_NOMINEE, NS(DRAFT) | NS(PROPOSED) | NS(VETTING), "withdraw", NOM_TO(WITHDRAWN),
     R(UNIT), SCOPE_OWN},
    {MACHINE_NOMINEE, NS(PROPOSED) | NS(VETTING), "return", NOM_TO(DRAFT), R(OFFICE), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(PROPOSED), "start_vetting", NOM_TO(VETTING), R(OFFICE), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "check", 0, R(OFFICE), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "opinion", 0, R(OFFICE), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "disclosure_open", 0, R(OFFICE), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "disclosure_close", 0, R(OFFICE), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "complaint", 0, R(OFFICE), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "resolve", 0, R(OFFICE), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTING), "recommend", NOM_TO(VETTED), R(OFFICE), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTED), "select", NOM_TO(SELECTED), R(CHAIR), SCOPE_NONE},
    {MACHINE_NOMINEE, NS(VETTED), "reject", NOM_TO(REJECTED), R(CHAIR), SCOPE_NONE},
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

/* The refusals of each machine: the record's kind is in their text, so a
 * translation can name it. */
static const struct refusals {
    thd_reason_t wrong_status, role_may_not, unit_may_not, scope[SCOPE_COUNT];
} refusals[] = {
    [MACHINE_TASK] = {THD_R_TASK_WRONG_STATUS, THD_R_TASK_ROLE_MAY_NOT, THD_R_TASK_UNIT_MAY_NOT,
                      .scope = {[SCOPE_LEAD] = THD_R_TASK_NOT_LEAD,
                                [SCOPE_LEAD_OR_SUPPORT] = THD_R_TASK_NOT_LEAD_OR_SUPPORT}},
    [MACHINE_NOMINEE] = {THD_R_NOMINEE_WRONG_STATUS, THD_R_NOMINEE_ROLE_MAY_NOT,
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

static int scope_check(req_ctx_t *ctx, const struct transition *row, const char *id,
                       const char *const *units, size_t n_units)
{
    if (ctx->who->role != THIDUA__V1__ROLE__ROLE_UNIT)
        return 0;
    const struct refusals *r = &refusals[row->machine];
    if (row->scope == SCOPE_NONE)
        return thd_refuse(ctx->st, r->unit_may_not, "", id, row->verb);
    size_t n = row->scope == SCOPE_LEAD_OR_SUPPORT ? n_units : n_units ? 1 : 0;
    return domain_unit_scope(ctx, r->scope[row->scope], id, units, n);
}

int transitions_check(req_ctx_t *ctx, enum machine m, const char *verb, int from, const char *id,
                      const char *const *units, size_t n_units, const struct transition **out)
{
    const struct transition *any = NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const struct transition *row = &table[i];
        if (row->machine != m || strcmp(row->verb, verb) != 0)
            continue;
        any = row;
        if (!(row->roles & (1u << ctx->who->role)))
            continue;
        int rc = scope_check(ctx, row, id, units, n_units);
        if (rc)
            return rc;
        if (row->from & (1u << from)) {
            *out = row;
            return 0;
        }
        char now[32], allowed[128];
        from_names(m, row->from, allowed, sizeof allowed);
        return thd_refuse(ctx->st, refusals[m].wrong_status, "id", id,
                          transitions_status_name(m, from, now, sizeof now), verb, allowed);
    }
    return thd_refuse(ctx->st, refusals[m].role_may_not, "", id, any ? verb : "change");
}

int transitions_target(const struct transition *row, int from)
{
    return row->to ? row->to : from;
}

const char *transitions_verb(size_t i)
{
    return i < sizeof table / sizeof table[0] ? table[i].verb : NULL;
}
