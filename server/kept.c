/* nftw is XSI, beyond the project-wide POSIX level */
#undef _POSIX_C_SOURCE
#define _XOPEN_SOURCE 700

#include "kept.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backup_metrics.h"
#include "clock.h"
#include "maint.h"

#define ERR(...) fprintf(stderr, "thidua-server: " __VA_ARGS__)
#define PARTIAL  ".partial"

enum { NAME_MAX_LEN = 64, MAX_LISTED = 4096 };

/* A finished backup's name: 2026-12-05T023000Z, maybe with -N after it
 * (two in one second). Anything else in the directory is not ours to prune. */
static bool is_backup_name(const char *name)
{
    static const char shape[] = "dddd-dd-ddTddddddZ";
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)name[i]) : name[i] != shape[i])
            return false;
    const char *rest = name + sizeof shape - 1;
    return !*rest || (rest[0] == '-' && strspn(rest + 1, "0123456789") == strlen(rest + 1));
}

static bool is_partial_name(const char *name)
{
    size_t n = strlen(name), p = strlen(PARTIAL);
    return n > p && strcmp(name + n - p, PARTIAL) == 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

int kept_remove_tree(const char *path)
{
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir that pass keep(), sorted (oldest first for backups);
 * the count, or -1. */
static int list_names(const char *dir, bool (*keep)(const char *), char ***names)
{
    *names = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **v = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAX_LISTED) {
        if (!keep(e->d_name))
            continue;
        char **grown = realloc(v, (size_t)(n + 1) * sizeof *v);
        if (!grown || !(grown[n] = strdup(e->d_name))) {
            v = grown ? grown : v;
            break;
        }
        v = grown;
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(v, (size_t)n, sizeof *v, by_name);
    *names = v;
    return n;
}

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* What a run killed half-way left behind (a crash, a full disk, a power cut). */
static void remove_partials(const char *dir)
{
    char **names = NULL, path[PATHS_MAX];
    int n = list_names(dir, is_partial_name, &names);
    for (int i = 0; i < n; i++) {
        paths_join(path, dir, names[i]);
        if (kept_remove_tree(path) == 0)
            printf("backup: removed %s, left unfinished by an earlier run\n", path);
        else
            ERR("cannot remove the unfinished backup '%s': %s\n", path, strerror(errno));
    }
    free_names(names, n > 0 ? n : 0);
}

/* What prune keeps: the newest n (0: no count rule), and those changed in
 * the last days (0: no age rule); said in every line about a removal. */
struct retention {
    int n, days;
    char said[96];
};

static void retention_of(const config_t *c, struct retention *r)
{
    r->n = config_backup_keep(c);
    r->days = c->keep_days;
    if (r->n && r->days)
        snprintf(r->said, sizeof r->said, "keeping the newest %d and those of the last %d days",
                 r->n, r->days);
    else if (r->n)
        snprintf(r->said, sizeof r->said, "keeping the newest %d", r->n);
    else
        snprintf(r->said, sizeof r->said, "keeping those of the last %d days and the newest",
                 r->days);
}

/* Whether backup i of n (oldest first), last written at mtime, goes: a
 * backup is kept when either rule keeps it, and the newest always is. */
static bool expired(const struct retention *r, int i, int n, time_t mtime, time_t now)
{
    bool by_count = r->n && i >= n - r->n;
    bool by_age = r->days && now - mtime <= (time_t)r->days * 86400;
    return !by_count && !by_age && i < n - 1;
}

/* The finished backups that no rule keeps go. A backup whose age cannot be
 * read stays. */
static void prune(const char *dir, const struct retention *r)
{
    char **names = NULL, path[PATHS_MAX];
    int n = list_names(dir, is_backup_name, &names);
    time_t now = time(NULL);
    for (int i = 0; i < n - 1; i++) {
        struct stat st;
        paths_join(path, dir, names[i]);
        if (lstat(path, &st) != 0)
            ERR("cannot read the age of the backup '%s': %s; it is kept\n", path, strerror(errno));
        else if (!expired(r, i, n, st.st_mtime, now))
            continue;
        else if (kept_remove_tree(path) == 0)
            printf("backup: removed the old backup %s (%s)\n", path, r->said);
        else
            ERR("cannot remove the old backup '%s': %s\n", path, strerror(errno));
    }
    free_names(names, n > 0 ? n : 0);
}

/* A new name from the UTC time, unused in dir either finished or partial. */
static void new_name(const char *dir, char *name, size_t cap)
{
    char stamp[32], path[PATHS_MAX], partial[PATHS_MAX + sizeof PARTIAL];
    time_t now = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H%M%SZ", gmtime_r(&now, &tm));
    snprintf(name, cap, "%s", stamp);
    for (int i = 2;; i++) {
        paths_join(path, dir, name);
        snprintf(partial, sizeof partial, "%s" PARTIAL, path);
        if (access(path, F_OK) != 0 && access(partial, F_OK) != 0)
            return;
        snprintf(name, cap, "%s-%d", stamp, i);
    }
}

/* Under the lock: make NAME.partial, verify, rename, then prune. */
static int make_kept(const config_t *c, int dir_fd, backup_made_t *made)
{
    const char *dir = c->backup_dir;
    char name[NAME_MAX_LEN], final[PATHS_MAX], partial[PATHS_MAX + sizeof PARTIAL];
    remove_partials(dir);
    new_name(dir, name, sizeof name);
    paths_join(final, dir, name);
    snprintf(partial, sizeof partial, "%s" PARTIAL, final);
    if (maint_backup_make(c->data, partial, made) != 0) {
        kept_remove_tree(partial);
        ERR("backup into %s failed; its unfinished copy was removed and the older backups "
            "are kept\n",
            dir);
        return 1;
    }
    /* the rename reaches the disk before any older backup is removed */
    if (rename(partial, final) != 0 || fsync(dir_fd) != 0) {
        ERR("cannot rename '%s' to '%s': %s\n", partial, final, strerror(errno));
        kept_remove_tree(partial);
        return 1;
    }
    maint_backup_report(made, final);
    struct retention r;
    retention_of(c, &r);
    prune(dir, &r);
    return 0;
}

/* The run's result for Prometheus, with what the directory holds now. */
static void record_run(const config_t *c, int rc, const backup_made_t *made, int64_t started_ms)
{
    char **names = NULL;
    int n = list_names(c->backup_dir, is_backup_name, &names);
    backup_run_t run = {.ok = rc == 0,
                        .ended_ms = clock_wall_ms(),
                        .revision = rc == 0 ? made->revision : 0,
                        .newest = n > 0 ? names[n - 1] : NULL,
                        .kept = n > 0 ? n : 0};
    run.secs = (double)(run.ended_ms - started_ms) / 1000;
    backup_metrics_write(c->metrics_dir, &run);
    free_names(names, n > 0 ? n : 0);
}

/* 0 made, 1 failed, 2 bad directory, -1 skipped: another run holds the lock. */
static int locked_run(const config_t *c, backup_made_t *made)
{
    const char *dir = c->backup_dir;
    if (maint_make_dirs(dir) != 0) {
        ERR("cannot create the backup directory '%s': %s\n", dir, strerror(errno));
        return 2;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        ERR("cannot open the backup directory '%s': %s\n", dir, strerror(errno));
        return 2;
    }
    int rc = 0;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        bool busy = errno == EWOULDBLOCK; /* before printing changes errno */
        if (busy)
            printf("backup: skipped: another backup into %s is still running\n", dir);
        else
            ERR("cannot lock the backup directory '%s': %s\n", dir, strerror(errno));
        rc = busy ? -1 : 2;
    } else {
        rc = make_kept(c, fd, made);
    }
    close(fd); /* releases the lock */
    return rc;
}

int kept_backup(const config_t *c)
{
    int64_t started_ms = clock_wall_ms();
    backup_made_t made = {0};
    int rc = locked_run(c, &made);
    if (rc == -1) /* the run that holds the lock reports */
        return 0;
    if (*c->metrics_dir)
        record_run(c, rc, &made, started_ms);
    return rc;
}
