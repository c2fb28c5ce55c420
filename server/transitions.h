/* The status machines of tasks and nominees as data: one row per
 * (from, verb) with the status it leads to, the roles that may take it and
 * the unit a unit principal must be. Handlers ask here; none repeats a rule. */
#ifndef THD_TRANSITIONS_H
#define THD_TRANSITIONS_H

#include "request.h"

enum machine { MACHINE_TASK, MACHINE_NOMINEE };

/* Which unit a unit principal must act for. */
enum scope {
    SCOPE_NONE,            /* no unit principal takes this verb */
    SCOPE_LEAD,            /* the task's lead unit */
    SCOPE_LEAD_OR_SUPPORT, /* the task's lead or a support unit */
    SCOPE_OWN,             /* the nominee's proposing unit */
    SCOPE_COUNT
};

struct transition {
    enum machine machine;
    unsigned from; /* bit mask of statuses */
    const char *verb;
    int to;         /* 0: the status stays */
    unsigned roles; /* bit mask of Role values */
    enum scope scope;
};

/* The row for machine/verb from status. On a refusal returns
 * PERMISSION_DENIED (role, or unit scope via units) or FAILED_PRECONDITION
 * (no such move from this status), with st naming what is allowed; id is
 * the task's or nominee's.
 * units[0] is the lead/proposing unit, the rest support units. */
int transitions_check(req_ctx_t *ctx, enum machine m, const char *verb, int from, const char *id,
                      const char *const *units, size_t n_units, const struct transition **row);
/* The status a row leads to from `from`. */
int transitions_target(const struct transition *row, int from);
/* The verb of row i of the tables (history entries carry it), NULL past
 * the end. For tests that walk the verbs. */
const char *transitions_verb(size_t i);
/* The lower-case status name ("in_progress"). */
const char *transitions_status_name(enum machine m, int status, char *buf, size_t cap);

#endif
