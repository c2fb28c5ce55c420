#include "metrics.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "live.h"
#include "log.h"
#include "prom.h"
#include "sessions.h"
#include "web.h"

static const char *const result_names[SIGNIN_RESULTS] = {
    [SIGNIN_OK] = "ok",
    [SIGNIN_WRONG_PASSWORD] = "wrong_password",
    [SIGNIN_LOCKED] = "locked",
    [SIGNIN_DISABLED] = "disabled",
    [SIGNIN_THROTTLED] = "throttled",
    [SIGNIN_ERROR] = "error",
};

struct web_metrics {
    _Atomic uint64_t signins[SIGNIN_RESULTS];
    _Atomic uint64_t lockouts;
    int64_t started_ms;
    bool failing; /* touched by the sweeping thread only */
};

web_metrics_t *web_metrics_new(void)
{
    web_metrics_t *self = calloc(1, sizeof *self);
    if (self)
        self->started_ms = clock_wall_ms();
    return self;
}

void web_metrics_destroy(web_metrics_t **self_p)
{
    if (self_p && *self_p) {
        free(*self_p);
        *self_p = NULL;
    }
}

void web_metrics_signin(web_metrics_t *self, enum signin_result result)
{
    atomic_fetch_add_explicit(&self->signins[result], 1, memory_order_relaxed);
}

void web_metrics_lockout(web_metrics_t *self)
{
    atomic_fetch_add_explicit(&self->lockouts, 1, memory_order_relaxed);
}

static void gauge(prom_t *p, const char *name, const char *help, double v)
{
    prom_family(p, name, "gauge", help);
    prom_sample(p, name, "", v);
}

static void render(web_t *web, bool up, prom_t *p)
{
    web_metrics_t *m = web->metrics;
    gauge(p, "thidua_web_up", "1 while the gateway serves; 0 in the file left by a clean stop.",
          up);
    gauge(p, "thidua_web_metrics_timestamp_seconds", "When the gateway wrote this file.",
          (double)clock_wall_ms() / 1000);
    gauge(p, "thidua_web_start_time_seconds", "When the gateway started.",
          (double)m->started_ms / 1000);
    gauge(p, "thidua_web_sessions", "Signed-in sessions.", sessions_count(web->sessions));
    gauge(p, "thidua_web_event_streams", "Open live event streams (Server-Sent Events).",
          web->live ? live_streams(web->live) : 0);
    prom_family(p, "thidua_web_signins_total", "counter", "Sign-in attempts, by result.");
    for (int r = 0; r < SIGNIN_RESULTS; r++) {
        char labels[48];
        snprintf(labels, sizeof labels, "result=\"%s\"", result_names[r]);
        prom_sample_u64(p, "thidua_web_signins_total", labels,
                        atomic_load_explicit(&m->signins[r], memory_order_relaxed));
    }
    prom_family(p, "thidua_web_lockouts_total", "counter",
                "Accounts locked by wrong passwords in a row (--lock-after).");
    prom_sample_u64(p, "thidua_web_lockouts_total", "",
                    atomic_load_explicit(&m->lockouts, memory_order_relaxed));
}

void web_metrics_write(web_t *web, bool up)
{
    web_metrics_t *m = web->metrics;
    if (!web->metrics_dir || !m)
        return;
    prom_t p = {0};
    render(web, up, &p);
    if (prom_write_file(&p, web->metrics_dir, WEB_METRICS_FILE) != 0) {
        if (!m->failing)
            log_warn("web: cannot write the metrics file %s/%s: %s", web->metrics_dir,
                     WEB_METRICS_FILE, strerror(errno));
        m->failing = true;
    } else {
        m->failing = false;
    }
    prom_free(&p);
}
