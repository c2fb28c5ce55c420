/* A real thidua-server for a test: a temp data directory, loopback ports
 * chosen by the broker ("tcp://127.0.0.1:*"), started and stopped by the
 * test itself. */
#ifndef THD_HARNESS_H
#define THD_HARNESS_H

#include <stdbool.h>
#include <sys/types.h>

#include "thidua.h"

typedef struct th_server {
    char dir[256];      /* data directory */
    char requests[256]; /* bound endpoints, read from DIR/endpoints */
    char events[256];
    char server_pub[320];
    char admin_key[320];
    char keep_log[16];        /* --keep-log for the next start, or "" */
    char event_hwm[16];       /* --event-hwm for the next start, or "" (deprecated) */
    char event_queue_mib[16]; /* --event-queue-mib for the next start, or "" */
    char event_max_kib[16];   /* --event-max-kib for the next start, or "" */
    pid_t pid;
} th_server_t;

/* mkdtemp + thidua-server init. Asserts on failure. */
void th_server_init(th_server_t *s);
/* Starts `thidua-server run` and waits until it is serving. */
void th_server_start(th_server_t *s);
/* Starts again on the endpoints of the previous start (subscribers and
 * clients reconnect by themselves). */
void th_server_restart(th_server_t *s);
/* SIGTERM and wait: a clean stop. Returns the exit status. */
int th_server_stop(th_server_t *s);
/* SIGKILL and wait: a crash. */
void th_server_kill(th_server_t *s);
/* Stops the server if running and removes the data directory. */
void th_server_cleanup(th_server_t *s);

/* A client with the given secret key file (NULL: admin). */
thd_client_t *th_client(const th_server_t *s, const char *key_file, thd_socket_t type,
                        int timeout_ms, int retries);
/* A raw CURVE socket of the given ZeroMQ type in ctx, with the keys of
 * key_file (NULL: admin) and linger 0; not yet connected. */
void *th_curve_socket(const th_server_t *s, void *ctx, int type, const char *key_file);
/* A raw CURVE socket with the admin's keys, connected to endpoint, in a
 * context the harness owns and tracked: a failed assert longjmps past the
 * test's zmq_close, and zmq_ctx_term would then wait for ever. For SUB
 * sockets, subscribe is set before connecting (NULL: none). */
void *th_socket_open(const th_server_t *s, int type, const char *endpoint, const char *subscribe);
/* The same with the keys of key_file (NULL: admin). */
void *th_socket_open_as(const th_server_t *s, int type, const char *endpoint, const char *subscribe,
                        const char *key_file);
void th_socket_close(void **sock);
/* Closes every socket still open and the context; for group teardown. */
void th_sockets_close_all(void);
/* Makes DIR/NAME.key and .pub and registers them with the role (and unit). */
void th_add_principal(const th_server_t *s, const char *name, int role, const char *unit);
/* Adds a unit as admin; returns the status code. */
int th_add_unit(thd_client_t *admin, const char *code, const char *name);
/* The same with a request id of the caller's ("" for one of libthidua's)
 * and the status; the client may be any principal's. */
int th_add_unit_as(thd_client_t *c, const char *code, const char *name, const char *request_id,
                   thd_status_t *st);
/* th_add_unit_as keeping the reply (*resp, the caller frees; NULL on a
 * transport failure). */
int th_add_unit_reply(thd_client_t *c, const char *code, const char *name, const char *request_id,
                      thd_status_t *st, Thidua__V1__Response **resp);
/* A watch as admin (of unit's records; NULL: every record), run until in
 * sync with the broker (asserted, within 30 s). */
thd_watch_t *th_watch_in_sync(const th_server_t *s, const char *unit);
/* The store revision, asked with status. */
unsigned long long th_revision(thd_client_t *c);
/* A ping through thd_call: its status code (st filled). */
int th_ping(thd_client_t *c, thd_status_t *st);
/* Runs a shell command line; returns its exit status. */
int th_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Monotonic milliseconds, and a sleep, for bounded waits. */
long long th_now_ms(void);
void th_sleep_ms(long ms);
/* DIR/NAME into buf. */
const char *th_path(const th_server_t *s, const char *name, char *buf, size_t cap);

/* Resident memory (VmRSS) of pid now, in KiB; -1 when unknown. */
long th_rss_kb(pid_t pid);
/* Peak resident memory (VmHWM) of pid, or of this process when pid is 0,
 * in KiB; -1 when unknown. */
long th_peak_rss_kb(pid_t pid);

/* setup() and teardown() for cmocka_run_group_tests over one started
 * broker in a static th_server_t; teardown also closes the raw sockets. */
#define TH_SERVER_FIXTURES(srv)                                                                    \
    static int setup(void **state)                                                                 \
    {                                                                                              \
        (void)state;                                                                               \
        th_server_init(&(srv));                                                                    \
        th_server_start(&(srv));                                                                   \
        return 0;                                                                                  \
    }                                                                                              \
    static int teardown(void **state)                                                              \
    {                                                                                              \
        (void)state;                                                                               \
        th_sockets_close_all();                                                                    \
        th_server_cleanup(&(srv));                                                                 \
        return 0;                                                                                  \
    }

#endif
