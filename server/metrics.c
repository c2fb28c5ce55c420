#include "metrics.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "clock.h"
#include "dispatch.h"
#include "log.h"
#include "paths.h"
#include "prom.h"
#include "status.h"

#define N_CODES (THD_UNAUTHENTICATED + 1)

/* Group sizes in requests and synced writes in seconds: the group commit's
 * two numbers (docs/PERFORMANCE.md: a fsync takes 0.2 to 10 ms on the
 * disks measured, a group holds 1 to 1024 requests). */
static const double group_bounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
static const double commit_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                       0.05,   0.1,   0.25,   0.5,   1,    2.5};
#define N_GROUP  (sizeof group_bounds / sizeof group_bounds[0])
#define N_COMMIT (sizeof commit_bounds / sizeof commit_bounds[0])

struct metrics {
    const char *dir, *data_dir;
    size_t kinds;       /* rows of the handler table; row `kinds` is DISPATCH_NO_KIND */
    uint64_t *requests; /* [kinds + 1][N_CODES] */
    uint64_t writes;    /* writes whose change was committed */
    uint64_t groups[N_GROUP + 1], commits[N_COMMIT + 1];
    uint64_t group_requests, commit_us; /* the histograms' sums */
    int64_t started_ms;
    bool failing; /* the last write failed: said once */
};

metrics_t *metrics_new(const char *dir, const char *data_dir)
{
    metrics_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    self->dir = dir && *dir ? dir : NULL;
    self->data_dir = data_dir;
    self->kinds = dispatch_kinds();
    self->requests = calloc((self->kinds + 1) * N_CODES, sizeof *self->requests);
    self->started_ms = clock_wall_ms();
    if (!self->requests)
        metrics_destroy(&self);
    return self;
}

void metrics_destroy(metrics_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free((*self_p)->requests);
    free(*self_p);
    *self_p = NULL;
}

void metrics_request(metrics_t *self, int kind, int code, bool committed)
{
    size_t row = kind >= 0 && (size_t)kind < self->kinds ? (size_t)kind : self->kinds;
    size_t col = code >= 0 && code < N_CODES ? (size_t)code : THD_UNKNOWN;
    self->requests[row * N_CODES + col]++;
    self->writes += committed;
}

static size_t bucket(const double *bounds, size_t n, double v)
{
    size_t i = 0;
    while (i < n && v > bounds[i])
        i++;
    return i;
}

void metrics_group(metrics_t *self, size_t requests, int64_t commit_us)
{
    self->groups[bucket(group_bounds, N_GROUP, (double)requests)]++;
    self->group_requests += requests;
    if (commit_us < 0)
        return;
    self->commits[bucket(commit_bounds, N_COMMIT, (double)commit_us / 1e6)]++;
    self->commit_us += (uint64_t)commit_us;
}

/* The store's files (LevelDB keeps them in one directory). */
static uint64_t store_bytes(const char *data_dir)
{
    char dir[PATHS_MAX], path[PATHS_MAX];
    paths_join(dir, data_dir, PATHS_STORE);
    DIR *d = opendir(dir);
    uint64_t sum = 0;
    struct dirent *e;
    struct stat st;
    while (d && (e = readdir(d))) {
        paths_join(path, dir, e->d_name);
        if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            sum += (uint64_t)st.st_size;
    }
    if (d)
        closedir(d);
    return sum;
}

static uint64_t resident_bytes(void)
{
    unsigned long long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f && fscanf(f, "%llu %llu", &size, &resident) != 2)
        resident = 0;
    if (f)
        fclose(f);
    return resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

static void gauge(prom_t *p, const char *name, const char *help, double v)
{
    prom_family(p, name, "gauge", help);
    prom_sample(p, name, "", v);
}

static void counter(prom_t *p, const char *name, const char *help, uint64_t v)
{
    prom_family(p, name, "counter", help);
    prom_sample_u64(p, name, "", v);
}

/* Every kind's OK series always (a rate starts from 0), others once seen. */
static void requests(const metrics_t *self, prom_t *p)
{
    prom_family(p, "thidua_server_requests_total", "counter",
                "Requests answered, by request kind and status code.");
    for (size_t row = 0; row <= self->kinds; row++) {
        int body;
        const char *kind = "none";
        bool writes;
        if (row < self->kinds)
            dispatch_kind(row, &body, &kind, &writes);
        for (int code = 0; code < N_CODES; code++) {
            uint64_t n = self->requests[row * N_CODES + (size_t)code];
            if (n == 0 && (code != THD_OK || row == self->kinds))
                continue;
            char labels[160];
            snprintf(labels, sizeof labels, "kind=\"%s\",code=\"%s\"", kind, thd_code_name(code));
            prom_sample_u64(p, "thidua_server_requests_total", labels, n);
        }
    }
}

static void disk(const metrics_t *self, prom_t *p)
{
    struct statvfs fs;
    bool ok = statvfs(self->data_dir, &fs) == 0;
    gauge(p, "thidua_server_store_bytes", "Bytes of the store's files on disk.",
          (double)store_bytes(self->data_dir));
    gauge(p, "thidua_server_disk_free_bytes",
          "Bytes free to the broker on the data directory's filesystem.",
          ok ? (double)fs.f_bavail * (double)fs.f_frsize : 0);
    gauge(p, "thidua_server_disk_size_bytes", "Size of the data directory's filesystem.",
          ok ? (double)fs.f_blocks * (double)fs.f_frsize : 0);
}

static void render(const metrics_t *self, const metrics_state_t *s, prom_t *p)
{
    gauge(p, "thidua_server_up", "1 while the broker serves; 0 in the file left by a clean stop.",
          s->up);
    gauge(p, "thidua_server_metrics_timestamp_seconds", "When the broker wrote this file.",
          (double)clock_wall_ms() / 1000);
    gauge(p, "thidua_server_start_time_seconds", "When the broker started.",
          (double)self->started_ms / 1000);
    gauge(p, "thidua_server_revision", "The committed revision.", (double)s->revision);
    counter(p, "thidua_server_writes_committed_total",
            "Write requests whose change reached the disk.", self->writes);
    requests(self, p);
    prom_histogram(p, "thidua_server_group_requests", "Requests answered by one group commit.",
                   group_bounds, self->groups, N_GROUP, (double)self->group_requests);
    prom_histogram(p, "thidua_server_commit_seconds",
                   "Time of a group's synced write (LevelDB write with fsync).", commit_bounds,
                   self->commits, N_COMMIT, (double)self->commit_us / 1e6);
    /* as thidua status counts them */
    uint64_t entries = s->revision >= s->oldest_revision ? s->revision - s->oldest_revision + 1 : 0;
    gauge(p, "thidua_server_log_entries", "Change log entries kept.", (double)entries);
    gauge(p, "thidua_server_log_oldest_revision", "The oldest change log entry kept.",
          (double)s->oldest_revision);
    gauge(p, "thidua_server_log_keep_entries",
          "keep-log as a number of entries; 0 when the log is kept whole or by days.",
          (double)s->keep_entries);
    gauge(p, "thidua_server_cursors_open", "Open snapshot cursors.", s->cursors);
    gauge(p, "thidua_server_read_only", "1 when writes are refused after a disk error.",
          s->read_only);
    disk(self, p);
    gauge(p, "thidua_server_resident_memory_bytes", "The broker's resident memory.",
          (double)resident_bytes());
}

void metrics_write(metrics_t *self, const metrics_state_t *state)
{
    if (!self->dir)
        return;
    prom_t p = {0};
    render(self, state, &p);
    if (prom_write_file(&p, self->dir, METRICS_SERVER_FILE) != 0) {
        if (!self->failing)
            log_warn("cannot write the metrics file %s/%s: %s", self->dir, METRICS_SERVER_FILE,
                     strerror(errno));
        self->failing = true;
    } else {
        if (self->failing)
            log_info("metrics written to %s/%s again", self->dir, METRICS_SERVER_FILE);
        self->failing = false;
    }
    prom_free(&p);
}
