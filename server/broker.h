/* The broker: one thread, one loop. It owns the store and the sockets:
 * ROUTER for requests, PUB for events, the ZAP handler, all polled here. */
#ifndef THD_BROKER_H
#define THD_BROKER_H

#include <signal.h>
#include <stddef.h>

#include "logkeep.h"

typedef struct broker_opts {
    const char *data_dir;    /* holds store/ and server.key */
    const char *requests;    /* ROUTER endpoint */
    const char *events;      /* PUB endpoint */
    logkeep_t keep_log;      /* how much change log to keep */
    int event_hwm;           /* events queued per subscriber before dropping */
    size_t event_max_bytes;  /* a larger event is published thin; 0: never */
    const char *timezone;    /* the province's; TZ is already set to it */
    const char *metrics_dir; /* thidua-server.prom written here each heartbeat; NULL or "": none */
    const char *test_today;  /* tests only: a fixed "today" (THIDUA_TEST_TODAY), or NULL */
} broker_opts_t;

/* Serves until *stop becomes non-zero; returns 0 on a clean stop, 1 when it
 * could not start (the reason is logged). */
int broker_run(const broker_opts_t *opts, volatile sig_atomic_t *stop);

#endif
