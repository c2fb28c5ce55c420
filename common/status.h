/* The status every call returns: a gRPC-style code, a message a person can
 * act on, and the offending field. Fixed-size, so it never needs freeing. */
#ifndef THD_STATUS_H
#define THD_STATUS_H

#include <stdarg.h>

typedef struct thd_status {
    int code;          /* Thidua__V1__Code: 0 is OK */
    char message[480]; /* lower-case, no full stop */
    char field[32];    /* request field at fault, or "" */
} thd_status_t;

/* Stable upper-case name of a code ("NOT_FOUND"); "UNKNOWN" for others. */
const char *thd_code_name(int code);

/* Sets *st (when st is not NULL) and returns code. */
int thd_status_set(thd_status_t *st, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void thd_status_clear(thd_status_t *st);

#endif
