/* The gateway's numbers for an operator's Prometheus: sign-in outcomes and
 * lockouts counted with relaxed atomics on the connection threads (no lock
 * on a request), sessions and live streams read when the file is written:
 * METRICS_DIR/thidua-web.prom, every few seconds, for node_exporter's
 * textfile collector (docs/OPERATIONS.md, "Metrics"). The gateway opens
 * no metrics route: nothing about it is served to the web. */
#ifndef THD_WEB_METRICS_H
#define THD_WEB_METRICS_H

#include <stdbool.h>

#define WEB_METRICS_FILE "thidua-web.prom"

typedef struct web web_t;
typedef struct web_metrics web_metrics_t;

/* How a sign-in ended; each a value of the result label. */
enum signin_result {
    SIGNIN_OK,
    SIGNIN_WRONG_PASSWORD, /* or a name with no account: the same answer */
    SIGNIN_LOCKED,
    SIGNIN_DISABLED,
    SIGNIN_THROTTLED, /* too soon after wrong passwords */
    SIGNIN_ERROR,     /* the accounts file or the broker failed */
    SIGNIN_RESULTS
};

web_metrics_t *web_metrics_new(void);
void web_metrics_destroy(web_metrics_t **self_p);
void web_metrics_signin(web_metrics_t *self, enum signin_result result);
/* A wrong password locked an account (at sign-in or a password change). */
void web_metrics_lockout(web_metrics_t *self);
/* Writes the file when web->metrics_dir is set; up false: the last one,
 * at a clean stop. A failure is logged once until a write succeeds. */
void web_metrics_write(web_t *web, bool up);

#endif
