/* bench_write: acknowledged task.report writes per second, and their
 * latency, at several client counts. Each client is its own libthidua
 * connection (CURVE on) in its own thread with one call outstanding, so N
 * clients keep N requests in flight, as N people at N screens would.
 * Starts its own broker on loopback in a temp directory.
 *   bench_write [--clients 1,8,64] [--writes 1000,4000,8000] [--tasks N]
 *               [--reports-per-task 4,64] [--fresh] [--one-thread]
 * With --one-thread the C connections are driven from one thread that
 * polls them all (raw DEALER sockets sending packed requests, as a
 * foreign client would), each still with one report outstanding: the
 * shape of bench_zmq's clients, so the gap to the echo can be split into
 * the broker's part and that of a generator of C blocking threads.
 * With --fresh each client count runs on a broker of its own, on the same
 * fresh store; without it they share one broker, so a later count meets
 * the store (and LevelDB's compactions) the earlier ones grew.
 * Prints one line per client count:
 *   thidua clients=C writes=W seconds=S ops=X p50_ms=Y p99_ms=Z
 * With --reports-per-task, the history length is the parameter instead:
 * for each length L (ascending) the tasks are first given reports until
 * each holds about L, unmeasured, then the first client and write count
 * are measured; each line then ends with reports_per_task=L, so the
 * broker's CPU per write can be read against a task's age.
 * and one for task.get from one client (the round trip without the disk):
 *   thidua-read clients=1 reads=R ...
 * scripts/bench turns these into the table in docs/PERFORMANCE.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>
#include <cmocka.h>

#include "bench_util.h"
#include "congress.h"

#define MAX_COUNTS 8

struct run {
    thd_client_t **clients;
    char (*tasks)[32];
    int n_tasks, per_client;
    atomic_int next;
    double *lat; /* per_client slots per client */
    atomic_int failed;
};

static void report_loop(void *arg, int i)
{
    struct run *r = arg;
    for (int k = 0; k < r->per_client; k++) {
        int t = atomic_fetch_add(&r->next, 1) % r->n_tasks;
        double t0 = bench_now_us();
        if (cg_task_report(r->clients[i], r->tasks[t], (unsigned)(k % 100), "tiến độ tuần") != 0)
            atomic_fetch_add(&r->failed, 1);
        r->lat[(size_t)i * r->per_client + k] = bench_now_us() - t0;
    }
}

struct creator {
    thd_client_t **clients;
    char (*tasks)[32];
    int n_tasks, n_clients;
};

static void create_loop(void *arg, int i)
{
    struct creator *c = arg;
    for (int t = i; t < c->n_tasks; t += c->n_clients)
        if (cg_task_create(c->clients[i], "Báo cáo tiến độ", NULL, 0, c->tasks[t]) != 0)
            fail_msg("task.create failed");
}

static thd_client_t *client_as(th_server_t *srv, const char *name)
{
    char base[320], key[340];
    snprintf(key, sizeof key, "%s.key", th_path(srv, name, base, sizeof base));
    return th_client(srv, key, THD_SOCKET_DEALER, 30000, 2);
}

static void make_tasks(th_server_t *srv, char (*tasks)[32], int n)
{
    enum { CREATORS = 8 };
    thd_client_t *office[CREATORS];
    for (int i = 0; i < CREATORS; i++)
        office[i] = client_as(srv, "tt-tdkt");
    struct creator c = {office, tasks, n, CREATORS};
    bench_parallel(CREATORS, create_loop, &c);
    for (int i = 0; i < CREATORS; i++)
        thd_client_destroy(&office[i]);
}

/* Gives the tasks `total` reports between them, round robin, unmeasured. */
static void age_tasks(th_server_t *srv, char (*tasks)[32], int n_tasks, int total)
{
    enum { AGERS = 16 };
    if (total <= 0)
        return;
    struct run r = {.tasks = tasks, .n_tasks = n_tasks, .per_client = (total + AGERS - 1) / AGERS};
    r.clients = calloc(AGERS, sizeof *r.clients);
    r.lat = calloc((size_t)AGERS * r.per_client, sizeof *r.lat);
    for (int i = 0; i < AGERS; i++)
        r.clients[i] = client_as(srv, "vhttdl");
    bench_parallel(AGERS, report_loop, &r);
    if (atomic_load(&r.failed))
        fail_msg("%d reports failed while ageing the tasks", atomic_load(&r.failed));
    for (int i = 0; i < AGERS; i++)
        thd_client_destroy(&r.clients[i]);
    free(r.clients);
    free(r.lat);
}

/* Reports measure() adds: one warm-up per client and the measured writes. */
static int measured_reports(int clients, int writes)
{
    int per = writes / clients < 1 ? 1 : writes / clients;
    return clients + clients * per;
}

static void measure(th_server_t *srv, char (*tasks)[32], int n_tasks, int clients, int writes,
                    int reports_per_task)
{
    struct run r = {.tasks = tasks, .n_tasks = n_tasks, .per_client = writes / clients};
    if (r.per_client < 1)
        r.per_client = 1;
    r.clients = calloc((size_t)clients, sizeof *r.clients);
    r.lat = calloc((size_t)clients * r.per_client, sizeof *r.lat);
    for (int i = 0; i < clients; i++) { /* connect and shake hands before the clock starts */
        r.clients[i] = client_as(srv, "vhttdl");
        if (cg_task_report(r.clients[i], tasks[i % n_tasks], 1, "bắt đầu") != 0)
            fail_msg("warm-up task.report failed");
    }
    bench_cpu_t cpu = bench_cpu_start(srv->pid);
    double wall = bench_parallel(clients, report_loop, &r);
    size_t n = (size_t)clients * r.per_client;
    bench_print_run("thidua", clients, "writes", n, wall, r.lat, "broker", &cpu);
    printf(" failed=%d", atomic_load(&r.failed));
    if (reports_per_task)
        printf(" reports_per_task=%d", reports_per_task);
    printf("\n");
    fflush(stdout);
    for (int i = 0; i < clients; i++)
        thd_client_destroy(&r.clients[i]);
    free(r.clients);
    free(r.lat);
}

/* One connection of the one-thread load: its socket and its report in
 * flight. */
struct conn {
    void *sock;
    char rid[33];
    double t0;
};

static void loop_send(struct conn *c, const char *task, unsigned percent)
{
    Thidua__V1__TaskReport body = THIDUA__V1__TASK_REPORT__INIT;
    body.id = (char *)task;
    body.percent = percent;
    body.text = "tiến độ tuần";
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    thd_request_id(c->rid);
    req.request_id = c->rid;
    req.body_case = THIDUA__V1__REQUEST__BODY_TASK_REPORT;
    req.task_report = &body;
    uint8_t buf[512];
    size_t len = thidua__v1__request__get_packed_size(&req);
    if (len > sizeof buf)
        fail_msg("a report request of %zu bytes", len);
    thidua__v1__request__pack(&req, buf);
    c->t0 = bench_now_us();
    if (zmq_send(c->sock, buf, len, 0) != (int)len)
        fail_msg("send: %s", zmq_strerror(zmq_errno()));
}

/* The reply waiting on c: true when it answers c's request with OK. */
static bool loop_receive(struct conn *c)
{
    zmq_msg_t m;
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, c->sock, 0) < 0)
        fail_msg("receive: %s", zmq_strerror(zmq_errno()));
    Thidua__V1__Response *resp =
        thidua__v1__response__unpack(NULL, zmq_msg_size(&m), zmq_msg_data(&m));
    zmq_msg_close(&m);
    bool ok = resp && strcmp(resp->request_id, c->rid) == 0 &&
              (!resp->status || resp->status->code == THIDUA__V1__CODE__OK);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return ok;
}

static void measure_one_thread(th_server_t *srv, char (*tasks)[32], int n_tasks, int clients,
                               int writes)
{
    int per = writes / clients < 1 ? 1 : writes / clients;
    size_t n = (size_t)clients * per, done = 0;
    char base[320], key[340];
    snprintf(key, sizeof key, "%s.key", th_path(srv, "vhttdl", base, sizeof base));
    void *ctx = zmq_ctx_new();
    struct conn *c = calloc((size_t)clients, sizeof *c);
    zmq_pollitem_t *items = calloc((size_t)clients, sizeof *items);
    int *left = calloc((size_t)clients, sizeof *left), failed = 0, next = 0;
    double *lat = calloc(n, sizeof *lat);
    for (int i = 0; i < clients; i++) { /* connect and shake hands before the clock starts */
        c[i].sock = th_curve_socket(srv, ctx, ZMQ_DEALER, key);
        if (zmq_connect(c[i].sock, srv->requests) != 0)
            fail_msg("connect: %s", zmq_strerror(zmq_errno()));
        loop_send(&c[i], tasks[i % n_tasks], 1);
        if (!loop_receive(&c[i]))
            fail_msg("warm-up task.report failed");
        items[i] = (zmq_pollitem_t){c[i].sock, 0, ZMQ_POLLIN, 0};
        left[i] = per;
    }
    bench_cpu_t cpu = bench_cpu_start(srv->pid);
    double t0 = bench_now_us();
    for (int i = 0; i < clients; i++, next++)
        loop_send(&c[i], tasks[next % n_tasks], (unsigned)(next % 100));
    while (done < n) {
        if (zmq_poll(items, clients, 30000) <= 0)
            fail_msg("no reply in 30 s");
        for (int i = 0; i < clients; i++) {
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            failed += !loop_receive(&c[i]);
            lat[done++] = bench_now_us() - c[i].t0;
            if (--left[i] > 0) {
                loop_send(&c[i], tasks[next % n_tasks], (unsigned)(next % 100));
                next++;
            }
        }
    }
    bench_print_run("thidua-one-thread", clients, "writes", n, bench_now_us() - t0, lat, "broker",
                    &cpu);
    printf(" failed=%d\n", failed);
    fflush(stdout);
    for (int i = 0; i < clients; i++)
        zmq_close(c[i].sock);
    zmq_ctx_term(ctx);
    free(c);
    free(items);
    free(left);
    free(lat);
}

/* One client reading: the same path through CURVE, both I/O threads and
 * the broker's loop, without a commit. */
static void measure_reads(th_server_t *srv, char (*tasks)[32], int n_tasks, int reads)
{
    thd_client_t *c = client_as(srv, "vhttdl");
    double *lat = calloc((size_t)reads, sizeof *lat), t0 = bench_now_us();
    int failed = 0;
    for (int i = 0; i < reads; i++) {
        Thidua__V1__Response *resp = NULL;
        double t = bench_now_us();
        failed += cg_task_get(c, tasks[i % n_tasks], &resp) == NULL;
        lat[i] = bench_now_us() - t;
        if (resp)
            thidua__v1__response__free_unpacked(resp, NULL);
    }
    double wall = bench_now_us() - t0;
    printf("thidua-read clients=1 reads=%d seconds=%.3f ops=%.0f p50_ms=%.3f p99_ms=%.3f "
           "failed=%d\n",
           reads, wall / 1e6, reads / (wall / 1e6), bench_pct(lat, (size_t)reads, 0.5) / 1e3,
           bench_pct(lat, (size_t)reads, 0.99) / 1e3, failed);
    free(lat);
    thd_client_destroy(&c);
}

/* A broker on a fresh store with the unit, its principals and n tasks. */
static void start_broker(th_server_t *srv, char (*tasks)[32], int n)
{
    th_server_init(srv);
    th_server_start(srv);
    thd_client_t *admin = th_client(srv, NULL, THD_SOCKET_DEALER, 10000, 2);
    if (th_add_unit(admin, CG_UNIT_CODE, "Sở Văn hóa, Thể thao và Du lịch") != 0)
        fail_msg("unit.add failed");
    thd_client_destroy(&admin);
    th_add_principal(srv, "tt-tdkt", THIDUA__V1__ROLE__ROLE_OFFICE, NULL);
    th_add_principal(srv, "vhttdl", THIDUA__V1__ROLE__ROLE_UNIT, CG_UNIT_CODE);
    make_tasks(srv, tasks, n);
}

int main(int argc, char **argv)
{
    int counts[MAX_COUNTS] = {1, 8, 64}, writes[MAX_COUNTS] = {1000, 4000, 8000};
    int lengths[MAX_COUNTS];
    int n_counts = 3, n_writes = 3, n_tasks = 1000, n_lengths = 0;
    bool fresh = false, one_thread = false;
    for (int i = 1; i < argc; i += 2) {
        if (strcmp(argv[i], "--fresh") == 0) {
            fresh = true;
            i--;
        } else if (strcmp(argv[i], "--one-thread") == 0) {
            one_thread = true;
            i--;
        } else if (i + 1 >= argc)
            n_counts = 0;
        else if (strcmp(argv[i], "--clients") == 0)
            n_counts = bench_parse_list(argv[i + 1], counts, MAX_COUNTS);
        else if (strcmp(argv[i], "--writes") == 0)
            n_writes = bench_parse_list(argv[i + 1], writes, MAX_COUNTS);
        else if (strcmp(argv[i], "--tasks") == 0)
            n_tasks = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--reports-per-task") == 0)
            n_lengths = bench_parse_list(argv[i + 1], lengths, MAX_COUNTS);
    }
    if (n_counts <= 0 || n_writes != n_counts || n_tasks <= 0 || n_lengths < 0) {
        fprintf(stderr, "usage: bench_write [--clients 1,8,64] [--writes 1000,4000,8000] "
                        "[--tasks N] [--reports-per-task 4,64] [--fresh] [--one-thread] (one "
                        "write count per client count; lengths ascending)\n");
        return 2;
    }
    th_server_t srv;
    char(*tasks)[32] = calloc((size_t)n_tasks, sizeof *tasks);
    start_broker(&srv, tasks, n_tasks);
    long given = 0; /* reports the tasks hold between them (create is not one) */
    for (int i = 0; i < n_lengths; i++) {
        age_tasks(&srv, tasks, n_tasks, (int)((long)lengths[i] * n_tasks - given));
        given = (long)lengths[i] * n_tasks;
        measure(&srv, tasks, n_tasks, counts[0], writes[0], lengths[i]);
        given += measured_reports(counts[0], writes[0]);
    }
    for (int i = 0; n_lengths == 0 && i < n_counts; i++) {
        if (i && fresh) { /* the same store for every client count, not one grown by the last */
            th_server_cleanup(&srv);
            start_broker(&srv, tasks, n_tasks);
        }
        if (one_thread)
            measure_one_thread(&srv, tasks, n_tasks, counts[i], writes[i]);
        else
            measure(&srv, tasks, n_tasks, counts[i], writes[i], 0);
    }
    measure_reads(&srv, tasks, n_tasks, writes[0]);
    free(tasks);
    th_server_cleanup(&srv);
    return 0;
}
