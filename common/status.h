/* The status every call returns: a gRPC-style code, a message a person can
 * act on, the offending field, and the reason: a stable id from
 * common/reasons.h with its parameters, from which a client renders the
 * message in the user's language (thd_status_text). Fixed-size, so it
 * never needs freeing. */
#ifndef THD_STATUS_H
#define THD_STATUS_H

#include <stdarg.h>

#include "thd_limits.h"

/* The status codes, the only copy in C: the values of Thidua__V1__Code in
 * proto/thidua.proto (gRPC's), checked against the generated enum in
 * status.c. This header stays free of protobuf so store.c may include it. */
typedef enum thd_code {
    THD_OK = 0,
    THD_CANCELLED = 1,
    THD_UNKNOWN = 2,
    THD_INVALID_ARGUMENT = 3,
    THD_DEADLINE_EXCEEDED = 4,
    THD_NOT_FOUND = 5,
    THD_ALREADY_EXISTS = 6,
    THD_PERMISSION_DENIED = 7,
    THD_RESOURCE_EXHAUSTED = 8,
    THD_FAILED_PRECONDITION = 9,
    THD_ABORTED = 10,
    THD_OUT_OF_RANGE = 11,
    THD_UNIMPLEMENTED = 12,
    THD_INTERNAL = 13,
    THD_UNAVAILABLE = 14,
    THD_DATA_LOSS = 15,
    THD_UNAUTHENTICATED = 16,
} thd_code_t;

typedef struct thd_status {
    int code;                                 /* a thd_code_t: 0 is OK */
    char message[480];                        /* lower-case, no full stop */
    char field[THD_MAX_FIELD_PATH_BYTES + 1]; /* request field at fault, or "" */
    char reason[THD_MAX_REASON_ID_BYTES + 1]; /* "task.not_found", or "" when none */
    int n_params;
    char params[THD_MAX_REASON_PARAMS][THD_MAX_REASON_PARAM_BYTES + 1];
} thd_status_t;

/* Stable upper-case name of a code ("NOT_FOUND"); "UNKNOWN" for others. */
const char *thd_code_name(int code);

/* Sets *st (when st is not NULL) and returns code, with no reason: for
 * errors that never reach a client (the server's own start-up and
 * maintenance). Everything a client may see goes through thd_refuse. */
int thd_status_set(thd_status_t *st, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void thd_status_clear(thd_status_t *st);

#endif
