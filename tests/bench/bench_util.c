#include "bench_util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double bench_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_pct(double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

bench_cpu_t bench_cpu_start(pid_t server)
{
    return (bench_cpu_t){server, bench_cpu_ms(server), bench_main_cpu_ms(server),
                         bench_cpu_ms(getpid())};
}

void bench_print_run(const char *name, int clients, const char *what, size_t n, double wall_us,
                     double *lat, const char *side, const bench_cpu_t *cpu)
{
    double server_us = (bench_cpu_ms(cpu->server) - cpu->server0) * 1e3 / (double)n;
    double main_us = (bench_main_cpu_ms(cpu->server) - cpu->server_main0) * 1e3 / (double)n;
    double client_us = (bench_cpu_ms(getpid()) - cpu->self0) * 1e3 / (double)n;
    printf("%s clients=%d %s=%zu seconds=%.3f ops=%.0f p50_ms=%.3f p99_ms=%.3f %s_cpu_us=%.0f "
           "%s_main_us=%.1f client_cpu_us=%.0f",
           name, clients, what, n, wall_us / 1e6, (double)n / (wall_us / 1e6),
           bench_pct(lat, n, 0.5) / 1e3, bench_pct(lat, n, 0.99) / 1e3, side, server_us, side,
           main_us, client_us);
}

struct pool {
    bench_fn *fn;
    void *arg;
    pthread_barrier_t start;
    double t0;
};

struct slot {
    struct pool *pool;
    int i;
};

static void *run_slot(void *p)
{
    struct slot *s = p;
    if (pthread_barrier_wait(&s->pool->start) == PTHREAD_BARRIER_SERIAL_THREAD)
        s->pool->t0 = bench_now_us();
    s->pool->fn(s->pool->arg, s->i);
    return NULL;
}

double bench_parallel(int n, bench_fn *fn, void *arg)
{
    struct pool pool = {.fn = fn, .arg = arg};
    pthread_t *th = calloc((size_t)n, sizeof *th);
    struct slot *slots = calloc((size_t)n, sizeof *slots);
    if (!th || !slots || pthread_barrier_init(&pool.start, NULL, (unsigned)n) != 0) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    for (int i = 0; i < n; i++) {
        slots[i] = (struct slot){&pool, i};
        pthread_create(&th[i], NULL, run_slot, &slots[i]);
    }
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    double wall = bench_now_us() - pool.t0;
    pthread_barrier_destroy(&pool.start);
    free(th);
    free(slots);
    return wall;
}

/* utime + stime from a /proc stat file, in milliseconds; -1 when unknown. */
static double stat_cpu_ms(const char *path)
{
    char buf[1024];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    unsigned long utime, stime;
    if (!p ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
        return -1;
    return (double)(utime + stime) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

double bench_cpu_ms(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    return stat_cpu_ms(path);
}

double bench_main_cpu_ms(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)pid);
    return stat_cpu_ms(path);
}

unsigned long long bench_edit_unit(thd_client_t *c, const char *code, int n)
{
    char name[64];
    snprintf(name, sizeof name, "Sở đo thử %d", n);
    Thidua__V1__Unit u = THIDUA__V1__UNIT__INIT;
    u.code = (char *)code;
    u.name = name;
    Thidua__V1__UnitEdit e = THIDUA__V1__UNIT_EDIT__INIT;
    e.unit = &u;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_EDIT;
    req.unit_edit = &e;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    unsigned long long rev = thd_call(c, &req, &resp, &st) == 0 ? resp->revision : 0;
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rev;
}

int bench_parse_list(const char *s, int *out, int cap)
{
    int n = 0;
    for (char *end; *s && n < cap; s = *end ? end + 1 : end) {
        out[n] = (int)strtol(s, &end, 10);
        if (out[n] <= 0 || (*end && *end != ','))
            return -1;
        n++;
    }
    return n;
}
