/* bench_watch: how fast a change reaches watchers, and how fast a new
 * watcher converges on a large store. Starts its own broker (like the e2e
 * tests) on loopback; prints a Markdown table.
 *   bench_watch [--rounds N] [--records N]
 * Figures go to docs/PERFORMANCE.md through scripts/bench. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <zmq.h>

#include "bench_util.h"
#include "harness.h"

static th_server_t srv;

/* Subscribers live in child processes, ten to a process, as screens live
 * in separate programs; each records when every event arrived (the
 * monotonic clock is shared by all processes on the machine). */
#define SUBS_PER_PROC 10

static void subscriber_proc(int subs, int rounds, int ready_fd, const char *out_path)
{
    void *ctx = zmq_ctx_new();
    void *s[SUBS_PER_PROC];
    zmq_pollitem_t items[SUBS_PER_PROC];
    for (int i = 0; i < subs; i++) {
        s[i] = th_curve_socket(&srv, ctx, ZMQ_SUB, NULL);
        zmq_setsockopt(s[i], ZMQ_SUBSCRIBE, "*/", 2);
        zmq_connect(s[i], srv.events);
        items[i] = (zmq_pollitem_t){s[i], 0, ZMQ_POLLIN, 0};
    }
    th_sleep_ms(1000); /* handshakes */
    if (write(ready_fd, "r", 1) != 1)
        _exit(1);
    FILE *out = fopen(out_path, "w");
    long want = (long)subs * rounds, got = 0;
    double deadline = bench_now_us() + 60e6;
    while (got < want && bench_now_us() < deadline) {
        if (zmq_poll(items, subs, 100) <= 0)
            continue;
        for (int i = 0; i < subs; i++) {
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            uint8_t buf[4096];
            zmq_recv(s[i], buf, sizeof buf, 0);
            int len = zmq_recv(s[i], buf, sizeof buf, 0);
            double t = bench_now_us();
            Thidua__V1__Event *ev = len > 0 && len <= (int)sizeof buf
                                        ? thidua__v1__event__unpack(NULL, len, buf)
                                        : NULL;
            if (ev) {
                fprintf(out, "%llu %.1f\n", (unsigned long long)ev->revision, t);
                thidua__v1__event__free_unpacked(ev, NULL);
                got++;
            }
        }
    }
    fclose(out);
    for (int i = 0; i < subs; i++)
        zmq_close(s[i]);
    zmq_ctx_term(ctx);
    _exit(0);
}

static void latency(int subs, int rounds)
{
    int procs = (subs + SUBS_PER_PROC - 1) / SUBS_PER_PROC, fds[2];
    if (pipe(fds) != 0)
        fail_msg("pipe");
    pid_t pids[64];
    char paths[64][320];
    for (int p = 0; p < procs; p++) {
        char name[32];
        snprintf(name, sizeof name, "bench-sub-%d", p);
        th_path(&srv, name, paths[p], sizeof paths[p]);
        int n = subs - p * SUBS_PER_PROC < SUBS_PER_PROC ? subs - p * SUBS_PER_PROC : SUBS_PER_PROC;
        if ((pids[p] = fork()) == 0)
            subscriber_proc(n, rounds, fds[1], paths[p]);
    }
    for (int p = 0; p < procs; p++) {
        char c;
        if (read(fds[0], &c, 1) != 1)
            fail_msg("a subscriber process died");
    }
    close(fds[0]);
    close(fds[1]);
    thd_client_t *c = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    double *reply = calloc(rounds, sizeof *reply), *sent = calloc(rounds, sizeof *sent);
    double *replied = calloc(rounds, sizeof *replied);
    unsigned long long first = 0;
    double cpu0 = bench_cpu_ms(srv.pid);
    for (int r = 0; r < rounds; r++) {
        double t0 = bench_now_us();
        unsigned long long rev = bench_edit_unit(c, "SO-BENCH", r);
        if (!rev)
            fail_msg("write failed");
        reply[r] = bench_now_us() - t0;
        if (r == 0)
            first = rev;
        sent[rev - first] = t0;
        replied[rev - first] = t0 + reply[r];
        th_sleep_ms(5); /* one change at a time, as people make them */
    }
    double cpu = (bench_cpu_ms(srv.pid) - cpu0) / rounds;
    double *event = calloc((size_t)subs * rounds, sizeof *event);
    double *after = calloc((size_t)subs * rounds, sizeof *after);
    size_t ne = 0;
    for (int p = 0; p < procs; p++) {
        waitpid(pids[p], NULL, 0);
        FILE *f = fopen(paths[p], "r");
        unsigned long long rev;
        double t;
        while (f && fscanf(f, "%llu %lf", &rev, &t) == 2)
            if (rev >= first && rev < first + (unsigned long long)rounds) {
                after[ne] = t - replied[rev - first];
                event[ne++] = t - sent[rev - first];
            }
        if (f)
            fclose(f);
    }
    printf("| %d | %d | %zu | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", subs, rounds, ne,
           bench_pct(reply, rounds, 0.5) / 1e3, bench_pct(reply, rounds, 0.99) / 1e3,
           bench_pct(event, ne, 0.5) / 1e3, bench_pct(event, ne, 0.99) / 1e3,
           bench_pct(after, ne, 0.5) / 1e3, bench_pct(after, ne, 0.99) / 1e3, cpu);
    fflush(stdout);
    thd_client_destroy(&c);
    free(reply), free(sent), free(replied), free(event), free(after);
}

struct filler {
    int id, from, to;
};

static void *fill(void *arg)
{
    struct filler *f = arg;
    thd_client_t *c = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    for (int i = f->from; i < f->to; i++) {
        char code[24];
        snprintf(code, sizeof code, "B-%06d", i);
        if (th_add_unit(c, code, "Đơn vị đo hiệu năng") != 0)
            fail_msg("fill failed at %d", i);
    }
    thd_client_destroy(&c);
    return NULL;
}

static void converge(int records)
{
    enum { FILLERS = 8 };
    pthread_t th[FILLERS];
    struct filler f[FILLERS];
    double t0 = bench_now_us();
    for (int i = 0; i < FILLERS; i++) {
        f[i] = (struct filler){i, records * i / FILLERS, records * (i + 1) / FILLERS};
        pthread_create(&th[i], NULL, fill, &f[i]);
    }
    for (int i = 0; i < FILLERS; i++)
        pthread_join(th[i], NULL);
    double fill_s = (bench_now_us() - t0) / 1e6;
    long rss0 = th_peak_rss_kb(0);
    thd_client_opts_t o = {.server = srv.requests,
                           .events = srv.events,
                           .server_key = srv.server_pub,
                           .key_file = srv.admin_key};
    thd_status_t st;
    t0 = bench_now_us();
    thd_watch_t *w = thd_watch_new(&o, NULL, NULL, &st);
    while (!thd_watch_in_sync(w) && bench_now_us() - t0 < 120e6)
        thd_watch_run(w, 10, &st);
    double sync_ms = (bench_now_us() - t0) / 1e3;
    printf("| %d | %.1f | %zu | %.0f | %ld |\n", records, fill_s, thd_watch_count(w), sync_ms,
           (th_peak_rss_kb(0) - rss0) / 1024);
    thd_watch_destroy(&w);
}

int main(int argc, char **argv)
{
    int rounds = 200, records = 100000, counts[] = {1, 10, 100}, first = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--only-subscribers") == 0) /* one count, no convergence: profiling */
            counts[2] = atoi(argv[i + 1]), first = 2, records = 0;
        else if (strcmp(argv[i], "--rounds") == 0)
            rounds = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--records") == 0)
            records = atoi(argv[i + 1]);
    }
    th_server_init(&srv);
    th_server_start(&srv);
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    th_add_unit(admin, "SO-BENCH", "Sở đo thử");
    thd_client_destroy(&admin);
    printf("### Commit-to-notification latency (ms)\n\n"
           "| subscribers | writes | events received | write p50 (reply) | write p99 | event p50 "
           "| event p99 | event after its reply p50 | p99 | broker CPU per write (ms) "
           "|\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = first; i < 3; i++)
        latency(counts[i], rounds);
    if (records <= 0) {
        th_server_cleanup(&srv);
        return 0;
    }
    printf("\n### A new watcher reaching \"in sync\"\n\n"
           "| records | fill time (s, 8 writers) | records in view | time to in sync (ms) | "
           "watcher peak RSS growth (MiB) |\n|---|---|---|---|---|\n");
    converge(records);
    th_server_cleanup(&srv);
    return 0;
}
