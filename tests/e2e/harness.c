#include "harness.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <zmq.h>

#include "keys.h"

long long th_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void th_sleep_ms(long ms)
{
    nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

const char *th_path(const th_server_t *s, const char *name, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s", s->dir, name);
    return buf;
}

int th_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

/* The thidua-server to start: the build's, or THIDUA_TEST_SERVER's (a
 * program or script taking the same arguments, such as a bundle's, which
 * runs the binary through its own loader on a machine without our
 * libraries: scripts/bench --from). */
static const char *server_bin(char *buf, size_t cap)
{
    const char *env = getenv("THIDUA_TEST_SERVER");
    snprintf(buf, cap, "%s", env && *env ? env : THIDUA_BIN_DIR "/thidua-server");
    return buf;
}

void th_server_init(th_server_t *s)
{
    char bin[320];
    memset(s, 0, sizeof *s);
    const char *tmp = getenv("TMPDIR");
    snprintf(s->dir, sizeof s->dir, "%s/thidua-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(s->dir));
    assert_int_equal(
        th_sh("'%s' init --data %s/data >/dev/null", server_bin(bin, sizeof bin), s->dir), 0);
    strcat(s->dir, "/data");
    th_path(s, "server.pub", s->server_pub, sizeof s->server_pub);
    th_path(s, "admin.key", s->admin_key, sizeof s->admin_key);
}

static bool read_endpoints(th_server_t *s)
{
    char path[320], line[256];
    FILE *f = fopen(th_path(s, "endpoints", path, sizeof path), "r");
    if (!f)
        return false;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "requests=", 9) == 0)
            snprintf(s->requests, sizeof s->requests, "%s", line + 9);
        else if (strncmp(line, "events=", 7) == 0)
            snprintf(s->events, sizeof s->events, "%s", line + 7);
    }
    fclose(f);
    return *s->requests && *s->events;
}

/* The flags a test set for this start, as "--name value" pairs after the
 * fixed ones; unset, the broker's own defaults apply. */
static int optional_flags(const th_server_t *s, const char *argv[], int n)
{
    const struct {
        const char *flag, *value;
    } opt[] = {{"--event-hwm", s->event_hwm},
               {"--event-queue-mib", s->event_queue_mib},
               {"--event-max-kib", s->event_max_kib}};
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++)
        if (*opt[i].value) {
            argv[n++] = opt[i].flag;
            argv[n++] = opt[i].value;
        }
    return n;
}

static void launch(th_server_t *s, const char *requests, const char *events)
{
    char path[320], bin[320];
    unlink(th_path(s, "endpoints", path, sizeof path));
    server_bin(bin, sizeof bin);
    const char *level = getenv("THIDUA_TEST_LOG");
    const char *argv[24] = {bin,           "run",
                            "--data",      s->dir,
                            "--requests",  requests,
                            "--events",    events,
                            "--keep-log",  *s->keep_log ? s->keep_log : "all",
                            "--log-level", level ? level : "warn"};
    int argc = optional_flags(s, argv, 12);
    s->pid = fork();
    assert_true(s->pid >= 0);
    if (s->pid == 0) {
        const char *wrap = getenv("THIDUA_TEST_WRAPPER"); /* e.g. valgrind and its flags */
        if (wrap && *wrap) {
            char cmd[2048];
            size_t len = (size_t)snprintf(cmd, sizeof cmd, "exec %s", wrap);
            for (int i = 0; i < argc && len < sizeof cmd; i++)
                len += (size_t)snprintf(cmd + len, sizeof cmd - len, " '%s'", argv[i]);
            execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        } else {
            execv(bin, (char *const *)argv);
        }
        _exit(127);
    }
    for (int i = 0; i < 3000; i++) { /* up to 30 s, for sanitizer and valgrind runs */
        if (read_endpoints(s))
            return;
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid)
            fail_msg("thidua-server exited at start (status %d)", status);
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    }
    fail_msg("thidua-server did not start within 30 s");
}

void th_server_start(th_server_t *s)
{
    launch(s, "tcp://127.0.0.1:*", "tcp://127.0.0.1:*");
}

void th_server_restart(th_server_t *s)
{
    char requests[256], events[256];
    snprintf(requests, sizeof requests, "%s", s->requests);
    snprintf(events, sizeof events, "%s", s->events);
    launch(s, requests, events);
}

int th_server_stop(th_server_t *s)
{
    if (s->pid <= 0)
        return 0;
    kill(s->pid, SIGTERM);
    kill(s->pid, SIGCONT); /* a test that stopped it (SIGSTOP) may have failed before resuming it */
    int status = 0;
    waitpid(s->pid, &status, 0);
    s->pid = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void th_server_kill(th_server_t *s)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, SIGKILL);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
}

void th_server_cleanup(th_server_t *s)
{
    th_server_stop(s);
    char *slash = strrchr(s->dir, '/');
    if (slash && strcmp(slash, "/data") == 0) {
        *slash = '\0';
        th_sh("rm -rf '%s'", s->dir);
        *slash = '/';
    }
}

thd_client_t *th_client(const th_server_t *s, const char *key_file, thd_socket_t type,
                        int timeout_ms, int retries)
{
    thd_client_opts_t o = {.server = s->requests,
                           .server_key = s->server_pub,
                           .key_file = key_file ? key_file : s->admin_key,
                           .timeout_ms = timeout_ms,
                           .retries = retries,
                           .socket = type};
    thd_status_t st = {0};
    thd_client_t *c = thd_client_new(&o, &st);
    if (!c)
        fail_msg("cannot make a client: %s", st.message);
    return c;
}

void *th_curve_socket(const th_server_t *s, void *ctx, int type, const char *key_file)
{
    key_pair_t kp;
    char server[KEY_Z85_LEN + 1];
    thd_status_t st;
    if (keys_read_secret(key_file ? key_file : s->admin_key, &kp, &st) != 0 ||
        keys_load_public(s->server_pub, server, &st) != 0)
        fail_msg("keys: %s", st.message);
    void *sock = zmq_socket(ctx, type);
    assert_non_null(sock);
    int linger = 0;
    assert_int_equal(zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof linger), 0);
    assert_int_equal(zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, server, KEY_Z85_LEN), 0);
    assert_int_equal(zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, kp.public_key, KEY_Z85_LEN), 0);
    assert_int_equal(zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, kp.secret_key, KEY_Z85_LEN), 0);
    return sock;
}

#define TH_MAX_SOCKS 16
static void *th_ctx;
static void *th_socks[TH_MAX_SOCKS];

void *th_socket_open(const th_server_t *s, int type, const char *endpoint, const char *subscribe)
{
    return th_socket_open_as(s, type, endpoint, subscribe, NULL);
}

void *th_socket_open_as(const th_server_t *s, int type, const char *endpoint, const char *subscribe,
                        const char *key_file)
{
    if (!th_ctx)
        th_ctx = zmq_ctx_new();
    for (int i = 0; i < TH_MAX_SOCKS; i++)
        if (!th_socks[i]) {
            void *sock = th_curve_socket(s, th_ctx, type, key_file);
            if (subscribe)
                assert_int_equal(zmq_setsockopt(sock, ZMQ_SUBSCRIBE, subscribe, strlen(subscribe)),
                                 0);
            assert_int_equal(zmq_connect(sock, endpoint), 0);
            th_socks[i] = sock;
            return sock;
        }
    fail_msg("more than %d raw sockets open", TH_MAX_SOCKS);
    return NULL;
}

void th_socket_close(void **sock)
{
    for (int i = 0; i < TH_MAX_SOCKS; i++)
        if (th_socks[i] == *sock)
            th_socks[i] = NULL;
    zmq_close(*sock);
    *sock = NULL;
}

void th_sockets_close_all(void)
{
    for (int i = 0; i < TH_MAX_SOCKS; i++)
        if (th_socks[i])
            th_socket_close(&th_socks[i]);
    if (th_ctx)
        zmq_ctx_term(th_ctx);
    th_ctx = NULL;
}

int th_add_unit(thd_client_t *admin, const char *code, const char *name)
{
    thd_status_t st;
    return th_add_unit_as(admin, code, name, "", &st);
}

int th_add_unit_as(thd_client_t *c, const char *code, const char *name, const char *request_id,
                   thd_status_t *st)
{
    Thidua__V1__Response *resp = NULL;
    int rc = th_add_unit_reply(c, code, name, request_id, st, &resp);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

int th_add_unit_reply(thd_client_t *c, const char *code, const char *name, const char *request_id,
                      thd_status_t *st, Thidua__V1__Response **resp)
{
    Thidua__V1__Unit u = THIDUA__V1__UNIT__INIT;
    u.code = (char *)code;
    u.name = (char *)name;
    u.kind = THIDUA__V1__UNIT_KIND__UNIT_KIND_DEPARTMENT;
    Thidua__V1__UnitAdd add = THIDUA__V1__UNIT_ADD__INIT;
    add.unit = &u;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = (char *)request_id;
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_ADD;
    req.unit_add = &add;
    *resp = NULL;
    return thd_call(c, &req, resp, st);
}

void th_add_principal(const th_server_t *s, const char *name, int role, const char *unit)
{
    char base[320], key[340], pub[340];
    th_path(s, name, base, sizeof base);
    snprintf(key, sizeof key, "%s.key", base);
    snprintf(pub, sizeof pub, "%s.pub", base);
    thd_status_t st = {0};
    assert_int_equal(thd_keygen(key, pub, &st), 0);
    char z85[41];
    FILE *f = fopen(pub, "r");
    char line[128];
    assert_non_null(f);
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "public-key = %40s", z85) == 1)
            break;
    fclose(f);
    Thidua__V1__Principal p = THIDUA__V1__PRINCIPAL__INIT;
    p.name = (char *)name;
    p.public_key = z85;
    p.role = role;
    p.unit = (char *)(unit ? unit : "");
    Thidua__V1__PrincipalAdd add = THIDUA__V1__PRINCIPAL_ADD__INIT;
    add.principal = &p;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_ADD;
    req.principal_add = &add;
    thd_client_t *admin = th_client(s, NULL, THD_SOCKET_DEALER, 5000, 2);
    Thidua__V1__Response *resp = NULL;
    int rc = thd_call(admin, &req, &resp, &st);
    if (rc)
        fail_msg("principal.add %s: %s", name, st.message);
    thidua__v1__response__free_unpacked(resp, NULL);
    thd_client_destroy(&admin);
}

thd_watch_t *th_watch_in_sync(const th_server_t *s, const char *unit)
{
    thd_client_opts_t o = {.server = s->requests,
                           .events = s->events,
                           .server_key = s->server_pub,
                           .key_file = s->admin_key,
                           .timeout_ms = 2000};
    thd_watch_opts_t wo = {.unit = unit};
    thd_status_t st = {0};
    thd_watch_t *wt = thd_watch_new(&o, &wo, NULL, &st);
    if (!wt)
        fail_msg("cannot watch: %s", st.message);
    for (int i = 0; i < 300 && !thd_watch_in_sync(wt); i++)
        if (thd_watch_run(wt, 100, &st) < 0)
            fail_msg("the watch failed: %s", st.message);
    assert_true(thd_watch_in_sync(wt));
    return wt;
}

int th_ping(thd_client_t *c, thd_status_t *st)
{
    Thidua__V1__PingRequest body = THIDUA__V1__PING_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PING;
    req.ping = &body;
    Thidua__V1__Response *resp = NULL;
    int rc = thd_call(c, &req, &resp, st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

unsigned long long th_revision(thd_client_t *c)
{
    Thidua__V1__StatusRequest body = THIDUA__V1__STATUS_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_STATUS;
    req.status = &body;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    int rc = thd_call(c, &req, &resp, &st);
    if (rc)
        fail_msg("status: %s", st.message);
    unsigned long long rev = resp->status_reply->revision;
    thidua__v1__response__free_unpacked(resp, NULL);
    return rev;
}

/* One "Name: N kB" line of /proc/PID/status (pid 0: this process). */
static long status_kb(pid_t pid, const char *name)
{
    char path[64], line[256];
    if (pid)
        snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    else
        snprintf(path, sizeof path, "/proc/self/status");
    FILE *f = fopen(path, "r");
    long kb = -1;
    size_t n = strlen(name);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, name, n) == 0 && line[n] == ':') {
            kb = strtol(line + n + 1, NULL, 10);
            break;
        }
    if (f)
        fclose(f);
    return kb;
}

long th_peak_rss_kb(pid_t pid)
{
    return status_kb(pid, "VmHWM");
}

long th_rss_kb(pid_t pid)
{
    return status_kb(pid, "VmRSS");
}
