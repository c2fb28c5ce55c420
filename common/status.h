/* The status every call returns: a gRPC-style code, a message a person can
 * act on, the offending field, and the reason: a stable id from
 * common/reasons.h with its parameters, from which a client renders the
 * message in the user's language (thd_status_text). Fixed-size, so it
 * never needs freeing. */
#ifndef THD_STATUS_H
#define THD_STATUS_H

#include <stdarg.h>

#include "thd_limits.h"

typedef struct thd_status {
    int code;                                 /* Thidua__V1__Code: 0 is OK */
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
