/* Status codes and their names: one table, shared by server and clients. */
#include "status.h"

#include <stdio.h>
#include <string.h>

#include "thidua.pb-c.h"

/* thd_code_t must say what the .proto says, value for value. */
#define SAME(name)                                                                                 \
    _Static_assert((int)THD_##name == (int)THIDUA__V1__CODE__##name, "thd_code_t: " #name)
SAME(OK);
SAME(CANCELLED);
SAME(UNKNOWN);
SAME(INVALID_ARGUMENT);
SAME(DEADLINE_EXCEEDED);
SAME(NOT_FOUND);
SAME(ALREADY_EXISTS);
SAME(PERMISSION_DENIED);
SAME(RESOURCE_EXHAUSTED);
SAME(FAILED_PRECONDITION);
SAME(ABORTED);
SAME(OUT_OF_RANGE);
SAME(UNIMPLEMENTED);
SAME(INTERNAL);
SAME(UNAVAILABLE);
SAME(DATA_LOSS);
SAME(UNAUTHENTICATED);

static const char *const names[] = {
    [THD_OK] = "OK",
    [THD_CANCELLED] = "CANCELLED",
    [THD_UNKNOWN] = "UNKNOWN",
    [THD_INVALID_ARGUMENT] = "INVALID_ARGUMENT",
    [THD_DEADLINE_EXCEEDED] = "DEADLINE_EXCEEDED",
    [THD_NOT_FOUND] = "NOT_FOUND",
    [THD_ALREADY_EXISTS] = "ALREADY_EXISTS",
    [THD_PERMISSION_DENIED] = "PERMISSION_DENIED",
    [THD_RESOURCE_EXHAUSTED] = "RESOURCE_EXHAUSTED",
    [THD_FAILED_PRECONDITION] = "FAILED_PRECONDITION",
    [THD_ABORTED] = "ABORTED",
    [THD_OUT_OF_RANGE] = "OUT_OF_RANGE",
    [THD_UNIMPLEMENTED] = "UNIMPLEMENTED",
    [THD_INTERNAL] = "INTERNAL",
    [THD_UNAVAILABLE] = "UNAVAILABLE",
    [THD_DATA_LOSS] = "DATA_LOSS",
    [THD_UNAUTHENTICATED] = "UNAUTHENTICATED",
};
_Static_assert(sizeof names / sizeof names[0] == THD_UNAUTHENTICATED + 1, "a name for each code");

const char *thd_code_name(int code)
{
    if (code < 0 || code >= (int)(sizeof names / sizeof names[0]) || !names[code])
        return "UNKNOWN";
    return names[code];
}

int thd_status_set(thd_status_t *st, int code, const char *field, const char *fmt, ...)
{
    if (!st)
        return code;
    st->code = code;
    st->reason[0] = '\0';
    st->n_params = 0;
    snprintf(st->field, sizeof st->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->message, sizeof st->message, fmt, ap);
    va_end(ap);
    return code;
}

void thd_status_clear(thd_status_t *st)
{
    if (st)
        memset(st, 0, sizeof *st);
}
