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

/* unit.edit of code with a name numbered n: one synced change. Returns the
 * change's revision, 0 on failure. */
unsigned long long bench_edit_unit(thd_client_t *c, const char *code, int n);

#endif
