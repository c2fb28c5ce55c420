/* Status codes and their names: one table, shared by server and clients. */
#include "status.h"

#include <stdio.h>
#include <string.h>

static const char *const names[] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

const char *thd_code_name(int code)
{
    if (code < 0 || code >= (int)(sizeof names / sizeof names[0]))
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
