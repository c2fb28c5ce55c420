/* bench_store: the broker with a large store. Fills N nominees (64
 * clients), then unit edits until the change log holds L entries; then
 * measures bytes on disk per record, the broker's start-up time and peak
 * RSS on that store, and a new watcher taking the snapshot of it (time,
 * the watcher's peak RSS, the broker's peak RSS after serving it).
 *   bench_store [--nominees N] [--log-entries L]
 * Prints key=value lines; scripts/bench writes the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "bench_util.h"
#include "congress.h"

#define CLIENTS 64

struct fill {
    th_server_t *srv;
    thd_client_t *clients[CLIENTS];
    long nominees, edits;
    atomic_long next;
    atomic_int failed;
};

static void nominate_loop(void *arg, int i)
{
    struct fill *f = arg;
    for (long k; (k = atomic_fetch_add(&f->next, 1)) < f->nominees;) {
        char name[64];
        snprintf(name, sizeof name, "Nguyễn Văn Đo %ld", k);
        if (cg_nominee_create(f->clients[i], name, 0, 0, NULL) != 0)
            atomic_fetch_add(&f->failed, 1);
    }
}

static void edit_loop(void *arg, int i)
{
    struct fill *f = arg;
    char code[16];
    snprintf(code, sizeof code, "U-%02d", i);
    for (long k; (k = atomic_fetch_add(&f->next, 1)) < f->edits;)
        if (!bench_edit_unit(f->clients[i], code, (int)k))
            atomic_fetch_add(&f->failed, 1);
}

static thd_client_t *client_as(th_server_t *srv, const char *name)
{
    char base[320], key[340];
    snprintf(key, sizeof key, "%s.key", th_path(srv, name, base, sizeof base));
    return th_client(srv, key, THD_SOCKET_DEALER, 30000, 2);
}

static void run_fill(struct fill *f, const char *as, bench_fn *fn, long *count, const char *what)
{
    for (int i = 0; i < CLIENTS; i++)
        f->clients[i] =
            as ? client_as(f->srv, as) : th_client(f->srv, NULL, THD_SOCKET_DEALER, 30000, 2);
    atomic_store(&f->next, 0);
    double us = bench_parallel(CLIENTS, fn, f);
    printf("fill_%s=%ld fill_%s_s=%.1f\n", what, *count, what, us / 1e6);
    for (int i = 0; i < CLIENTS; i++)
        thd_client_destroy(&f->clients[i]);
    if (atomic_load(&f->failed))
        fail_msg("%d writes failed while filling", atomic_load(&f->failed));
}

/* In a fresh child process, so its peak RSS is the watcher's alone. */
static void snapshot_child(th_server_t *srv, int out_fd)
{
    thd_client_opts_t o = {.server = srv->requests,
                           .events = srv->events,
                           .server_key = srv->server_pub,
                           .key_file = srv->admin_key};
    thd_status_t st;
    long rss0 = th_peak_rss_kb(0);
    double cpu0 = bench_cpu_ms(getpid()), t0 = bench_now_us();
    thd_watch_t *w = thd_watch_new(&o, NULL, NULL, &st);
    while (w && !thd_watch_in_sync(w) && bench_now_us() - t0 < 120e6)
        thd_watch_run(w, 10, &st);
    double ms = (bench_now_us() - t0) / 1e3;
    char line[256];
    int len = snprintf(line, sizeof line,
                       "snapshot_records=%zu snapshot_ms=%.0f snapshot_client_rss_kb=%ld "
                       "snapshot_client_rss_before_kb=%ld snapshot_client_cpu_ms=%.0f\n",
                       w ? thd_watch_count(w) : 0, ms, th_peak_rss_kb(0), rss0,
                       bench_cpu_ms(getpid()) - cpu0);
    thd_watch_destroy(&w);
    _exit(len > 0 && write(out_fd, line, (size_t)len) == len ? 0 : 1);
}

static void snapshot(th_server_t *srv)
{
    int fds[2];
    if (pipe(fds) != 0)
        fail_msg("pipe");
    pid_t pid = fork();
    if (pid == 0)
        snapshot_child(srv, fds[1]);
    close(fds[1]);
    char line[256] = "";
    ssize_t n = read(fds[0], line, sizeof line - 1);
    close(fds[0]);
    waitpid(pid, NULL, 0);
    if (n <= 0)
        fail_msg("the snapshot child said nothing");
    line[n] = '\0';
    fputs(line, stdout);
}

int main(int argc, char **argv)
{
    long nominees = 100000, log_entries = 1000000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--nominees") == 0)
            nominees = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--log-entries") == 0)
            log_entries = atol(argv[i + 1]);
    }
    th_server_t srv;
    th_server_init(&srv);
    th_server_start(&srv);
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 10000, 2);
    if (th_add_unit(admin, CG_UNIT_CODE, "Sở Văn hóa, Thể thao và Du lịch") != 0)
        fail_msg("unit.add failed");
    for (int i = 0; i < CLIENTS; i++) {
        char code[16];
        snprintf(code, sizeof code, "U-%02d", i);
        if (th_add_unit(admin, code, "Đơn vị đo") != 0)
            fail_msg("unit.add failed");
    }
    th_add_principal(&srv, "vhttdl", THIDUA__V1__ROLE__ROLE_UNIT, CG_UNIT_CODE);
    struct fill f = {.srv = &srv, .nominees = nominees};
    run_fill(&f, "vhttdl", nominate_loop, &f.nominees, "nominees");
    unsigned long long rev = th_revision(admin);
    f.edits = log_entries > (long)rev ? log_entries - (long)rev : 0;
    run_fill(&f, NULL, edit_loop, &f.edits, "edits");
    rev = th_revision(admin);
    thd_client_destroy(&admin);
    printf("broker_fill_rss_kb=%ld\n", th_peak_rss_kb(srv.pid));
    if (th_server_stop(&srv) != 0)
        fail_msg("the broker did not stop cleanly");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "du -sk '%s' | cut -f1", srv.dir);
    FILE *p = popen(cmd, "r");
    long kb = 0;
    if (!p || fscanf(p, "%ld", &kb) != 1)
        fail_msg("du failed");
    pclose(p);
    long records = nominees + CLIENTS + 1; /* nominees, units; principals are few */
    printf("log_entries=%llu records=%ld disk_kb=%ld bytes_per_record=%.0f "
           "bytes_per_log_entry=%.0f\n",
           rev, records, kb, kb * 1024.0 / (double)records, kb * 1024.0 / (double)rev);
    double t0 = bench_now_us();
    th_server_restart(&srv);
    printf("startup_ms=%.0f startup_rss_kb=%ld\n", (bench_now_us() - t0) / 1e3,
           th_peak_rss_kb(srv.pid));
    fflush(stdout);
    double cpu0 = bench_cpu_ms(srv.pid);
    snapshot(&srv);
    printf("broker_after_snapshot_rss_kb=%ld snapshot_broker_cpu_ms=%.0f\n",
           th_peak_rss_kb(srv.pid), bench_cpu_ms(srv.pid) - cpu0);
    th_server_cleanup(&srv);
    return 0;
}
