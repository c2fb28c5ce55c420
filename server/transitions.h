/* The status machines of tasks and nominees as data: one row per
 * (machine, verb) with the statuses it starts from, the status it leads to
 * and the unit a unit principal must be. Who may send a request at all is
 * the dispatch row's (dispatch.c), the one role table; a dispatch row that
 * moves a record names its machine and verb, and dispatch loads the record
 * and asks here before the handler runs. */
#ifndef THD_TRANSITIONS_H
#define THD_TRANSITIONS_H

#include <stdbool.h>

#include "request.h"

enum machine { MACHINE_NONE, MACHINE_TASK, MACHINE_NOMINEE, MACHINE_COUNT };

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
    int to; /* 0: the status stays */
    enum scope scope;
};

/* What a row that moves a record runs once dispatch has loaded the record
 * and found its transition: it changes rec and writes it. Takes ownership
 * of rec (frees it on a refusal). */
typedef int record_fn(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row);

/* Loads machine m's record by id (field names the id in the request, as a
 * refusal names it) and finds verb's row for its status and the caller's
 * unit. On a refusal returns NOT_FOUND, ABORTED (expected_revision),
 * PERMISSION_DENIED (unit scope) or FAILED_PRECONDITION (no such move from
 * this status, naming what is allowed), with *rec NULL. */
int transitions_load(req_ctx_t *ctx, enum machine m, const char *verb, const char *id,
                     const char *field, Thidua__V1__Record **rec, const struct transition **row);
/* The row of machine m's verb, NULL when none. */
const struct transition *transitions_find(enum machine m, const char *verb);
/* The status a row leads to from `from`. */
int transitions_target(const struct transition *row, int from);
/* The verb of row i of the tables (history entries carry it), NULL past
 * the end. For tests that walk the verbs. */
const char *transitions_verb(size_t i);
/* The lower-case status name ("in_progress"). */
const char *transitions_status_name(enum machine m, int status, char *buf, size_t cap);

#endif
