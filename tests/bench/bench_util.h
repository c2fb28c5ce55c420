/* Shared helpers for the benchmarks: clock, percentiles, a pool of threads
 * started together, and a process's peak RSS. */
#ifndef THD_BENCH_UTIL_H
#define THD_BENCH_UTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "thidua.h"

/* Monotonic microseconds. */
double bench_now_us(void);
/* The p-quantile (0..1) of v[0..n); sorts v. 0 when n is 0. */
double bench_pct(double *v, size_t n, double p);

/* Runs fn(arg_i, i) on n threads released together; returns the wall time
 * in microseconds from the release to the last thread's end. */
typedef void bench_fn(void *arg, int i);
double bench_parallel(int n, bench_fn *fn, void *arg);

/* Parses "1,8,64" into out (at most cap numbers, each > 0); returns how
 * many, or -1 when malformed. */
int bench_parse_list(const char *s, int *out, int cap);

/* CPU time (user + system) a process has used so far, in milliseconds;
 * -1 when unknown. */
double bench_cpu_ms(pid_t pid);
/* The same for the process's first thread alone: the broker's main thread,
 * which runs every request and commit, and the echo server's one loop. */
double bench_main_cpu_ms(pid_t pid);

/* The CPU a load run costs its server and this process, from its start. */
typedef struct {
    pid_t server;
    double server0, server_main0, self0;
} bench_cpu_t;
bench_cpu_t bench_cpu_start(pid_t server);
/* Prints a load run's line without its end (the caller adds its own
 * fields and the newline): "<name> clients=C <what>=N seconds=S ops=X
 * p50_ms=Y p99_ms=Z <side>_cpu_us=A <side>_main_us=M client_cpu_us=B",
 * for n operations in wall_us with latencies lat (sorted here), CPU per
 * operation since cpu's start (M: the server's first thread only, the
 * bound on its rate where cores are plenty: 1e6 / M a second). scripts/bench reads these lines. */
void bench_print_run(const char *name, int clients, const char *what, size_t n, double wall_us,
                     double *lat, const char *side, const bench_cpu_t *cpu);

/* unit.edit of code with a name numbered n: one synced change. Returns the
 * change's revision, 0 on failure. */
unsigned long long bench_edit_unit(thd_client_t *c, const char *code, int n);

#endif
