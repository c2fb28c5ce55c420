/* realpath is XSI, beyond the project-wide POSIX level */
#undef _POSIX_C_SOURCE
#define _XOPEN_SOURCE 700

#include "maint.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "admin.h"
#include "kept.h"
#include "store.h"
#include "upgrade.h"
#include "verify.h"

#define ERR(...) fprintf(stderr, "thidua-server: " __VA_ARGS__)

/* The key files a restore needs beside the store: the server's pair (its
 * public key is in every client's settings) and the first admin's public
 * key. admin.key stays out: it is the admin's secret, not the server's. */
static const struct {
    const char *name;
    mode_t mode;
    bool required;
} key_files[] = {
    {PATHS_SERVER_KEY, 0600, true}, {PATHS_SERVER_PUB, 0644, true}, {PATHS_ADMIN_PUB, 0644, false}};

static int copy_file(const char *from, const char *to, mode_t mode)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    char buf[8192];
    ssize_t n = 0;
    while (out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            n = -1;
    int rc = out >= 0 && n == 0 && fsync(out) == 0 ? 0 : -1;
    int saved = errno;
    close(in);
    if (out >= 0 && close(out) != 0)
        rc = -1;
    errno = saved;
    return rc;
}

static int copy_keys(const char *from_dir, const char *to_dir)
{
    char from[PATHS_MAX], to[PATHS_MAX];
    for (size_t i = 0; i < sizeof key_files / sizeof key_files[0]; i++) {
        paths_join(from, from_dir, key_files[i].name);
        paths_join(to, to_dir, key_files[i].name);
        if (access(from, F_OK) != 0 && !key_files[i].required)
            continue;
        if (copy_file(from, to, key_files[i].mode) != 0) {
            ERR("cannot copy %s to %s: %s\n", from, to, strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* Whether from_dir holds every key file a restore must copy, readable:
 * checked before anything in the data directory moves. */
static bool keys_present(const char *from_dir)
{
    char from[PATHS_MAX];
    for (size_t i = 0; i < sizeof key_files / sizeof key_files[0]; i++) {
        paths_join(from, from_dir, key_files[i].name);
        if (key_files[i].required && access(from, R_OK) != 0) {
            ERR("'%s' has no readable %s (%s); a backup keeps the server's keys beside its "
                "store; nothing was changed\n",
                from_dir, key_files[i].name, strerror(errno));
            return false;
        }
    }
    return true;
}

/* 1 when dir exists and holds anything, 0 when empty or absent, -1 when
 * it cannot be read. */
static int dir_used(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : -1;
    struct dirent *e;
    int used = 0;
    while (!used && (e = readdir(d)))
        used = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return used;
}

/* Opens DIR/store, runs verify's checks, and reports the revision and
 * the store's format (either may be NULL). */
static int verify_dir_format(const char *dir, uint64_t *revision, int *format)
{
    char path[PATHS_MAX];
    thd_status_t st = {0};
    paths_join(path, dir, PATHS_STORE);
    store_t *store = store_open_for(path, STORE_VERIFY, &st);
    if (!store) {
        ERR("%s\n", st.message);
        return 2;
    }
    if (revision)
        *revision = store_committed_revision(store);
    if (format)
        *format = store_format(store);
    int rc = verify_store(store);
    store_destroy(&store);
    return rc;
}

static int verify_dir(const char *dir, uint64_t *revision)
{
    return verify_dir_format(dir, revision, NULL);
}

/* Copies the closed store in from_dir into to_dir/store: 0, -1 with st
 * set, or COPY_IN_USE when a running broker holds the store. An older
 * format that migrate upgrades is copied as it is (a backup made before an
 * upgrade is restored, then migrated). */
enum { COPY_IN_USE = -2 };
static int copy_closed(const char *from_dir, const char *to_dir, thd_status_t *st)
{
    char from[PATHS_MAX], to[PATHS_MAX];
    paths_join(from, from_dir, PATHS_STORE);
    paths_join(to, to_dir, PATHS_STORE);
    store_t *store = store_open_for(from, STORE_VERIFY, st);
    if (!store)
        return st->code == THD_UNAVAILABLE ? COPY_IN_USE : -1;
    store_snapshot_t *snap = store_snapshot_new(store);
    int rc = snap ? store_copy(store, snap, to, st) : -1;
    store_snapshot_destroy(store, &snap);
    store_destroy(&store);
    return rc;
}

/* Asks the running broker to copy its store into dest (absolute). */
static int copy_online(const char *data, const char *dest, char *why, size_t cap)
{
    char sock[PATHS_MAX], endpoint[PATHS_MAX + 8], msg[PATHS_MAX + 8], reply[600];
    paths_join(sock, data, ADMIN_SOCKET);
    snprintf(endpoint, sizeof endpoint, "ipc://%s", sock);
    snprintf(msg, sizeof msg, "backup %s", dest);
    void *ctx = zmq_ctx_new(), *req = zmq_socket(ctx, ZMQ_REQ);
    int linger = 0, n = -1, wait_ms = 3600 * 1000; /* a copy of a large store takes minutes */
    zmq_setsockopt(req, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(req, ZMQ_RCVTIMEO, &wait_ms, sizeof wait_ms);
    if (access(sock, F_OK) == 0 && zmq_connect(req, endpoint) == 0 &&
        zmq_send(req, msg, strlen(msg), 0) >= 0)
        n = zmq_recv(req, reply, sizeof reply - 1, 0); /* as long as the copy takes */
    zmq_close(req);
    zmq_ctx_term(ctx);
    if (n < 0) {
        snprintf(why, cap,
                 "the running broker's admin socket %s did not answer; stop the broker "
                 "and back up offline",
                 sock);
        return -1;
    }
    reply[n < (int)sizeof reply ? n : (int)sizeof reply - 1] = '\0';
    if (strncmp(reply, "ok ", 3) != 0) {
        snprintf(why, cap, "%s", strncmp(reply, "error ", 6) == 0 ? reply + 6 : reply);
        return -1;
    }
    return 0;
}

int maint_make_dirs(const char *dir)
{
    char path[PATHS_MAX];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(path, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

int maint_backup_make(const char *data, const char *target, backup_made_t *made)
{
    if (dir_used(target) != 0) {
        ERR("'%s' is not empty; a backup goes into a new directory\n", target);
        return 2;
    }
    if (mkdir(target, 0700) != 0 && errno != EEXIST) {
        ERR("cannot create '%s': %s\n", target, strerror(errno));
        return 1;
    }
    if (!realpath(target, made->dir)) { /* the broker's working directory is not ours */
        ERR("cannot resolve '%s': %s\n", target, strerror(errno));
        return 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    thd_status_t st = {0};
    char why[600];
    int copied = copy_closed(data, made->dir, &st);
    made->online = copied == COPY_IN_USE;
    if (copied != 0) {
        if (!made->online || copy_online(data, made->dir, why, sizeof why) != 0) {
            ERR("backup failed: %s\n", made->online ? why : st.message);
            return 1;
        }
    }
    made->revision = 0;
    if (copy_keys(data, made->dir) != 0 || verify_dir(made->dir, &made->revision) != 0)
        return 1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    made->secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return 0;
}

void maint_backup_report(const backup_made_t *made, const char *dir)
{
    printf("backup: ok: revision %llu in %s (%s, %.1f s); it holds server.key: keep it as "
           "secret as the server\n",
           (unsigned long long)made->revision, dir, made->online ? "online" : "offline",
           made->secs);
}

int maint_backup(const config_t *c)
{
    if (!*c->target && *c->backup_dir)
        return kept_backup(c);
    if (!*c->target) {
        ERR("backup needs --to DIR, a directory that does not exist yet or is empty, or "
            "--into DIR (or backup-dir in the config) for kept, rotated backups\n");
        return 2;
    }
    backup_made_t made;
    int rc = maint_backup_make(c->data, c->target, &made);
    if (rc == 1)
        ERR("backup in '%s' is NOT usable; remove it and try again\n", c->target);
    if (rc == 0)
        maint_backup_report(&made, made.dir);
    return rc;
}

/* restore --force: everything in dir moves to dir/replaced-TIME, kept. */
static int move_aside(const char *dir)
{
    char aside[PATHS_MAX], from[PATHS_MAX], to[PATHS_MAX], name[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(name, sizeof name, "replaced-%Y%m%dT%H%M%S", gmtime_r(&now, &tm));
    paths_join(aside, dir, name);
    DIR *d = opendir(dir);
    if (!d || mkdir(aside, 0700) != 0) {
        ERR("cannot make '%s': %s\n", aside, strerror(errno));
        if (d)
            closedir(d);
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, name) ||
            !strncmp(e->d_name, "replaced-", 9))
            continue;
        paths_join(from, dir, e->d_name);
        paths_join(to, aside, e->d_name);
        rc = rename(from, to);
    }
    closedir(d);
    if (rc != 0)
        ERR("cannot move the old contents of '%s' aside: %s\n", dir, strerror(errno));
    else
        printf("restore: the previous contents of %s are in %s\n", dir, aside);
    return rc;
}

/* A store held by a running broker must not be moved away under it. */
static bool in_use(const char *dir)
{
    char path[PATHS_MAX];
    thd_status_t st = {0};
    paths_join(path, dir, PATHS_STORE);
    store_t *store = store_open(path, false, &st);
    store_destroy(&store);
    return st.code == THD_UNAVAILABLE;
}

int maint_restore(const config_t *c)
{
    if (!*c->target) {
        ERR("restore needs --from BACKUP_DIR (made by thidua-server backup)\n");
        return 2;
    }
    printf("restore: checking the backup in %s\n", c->target);
    uint64_t rev = 0;
    int format = 0;
    if (verify_dir_format(c->target, &rev, &format) != 0) {
        ERR("'%s' is not a sound backup; nothing was changed\n", c->target);
        return 1;
    }
    if (!keys_present(c->target))
        return 1;
    int used = dir_used(c->data);
    if (used != 0 && !c->force) {
        ERR("'%s' is not empty; restore into an empty directory, or add --force to move its "
            "contents aside into %s/replaced-TIME\n",
            c->data, c->data);
        return 2;
    }
    if (used && in_use(c->data)) {
        ERR("a broker is running on '%s'; stop it first\n", c->data);
        return 1;
    }
    thd_status_t st = {0};
    if (used && move_aside(c->data) != 0)
        return 1;
    if (maint_make_dirs(c->data) != 0) {
        ERR("cannot create '%s': %s\n", c->data, strerror(errno));
        return 1;
    }
    if (copy_closed(c->target, c->data, &st) != 0) {
        ERR("restore failed: %s\n", st.message);
        return 1;
    }
    if (copy_keys(c->target, c->data) != 0) {
        ERR("the restore in '%s' is incomplete: its key files are missing\n", c->data);
        return 1;
    }
    if (verify_dir(c->data, NULL) != 0) {
        ERR("the restored store in '%s' does not verify\n", c->data);
        return 1;
    }
    printf("restore: ok: revision %llu in %s\n", (unsigned long long)rev, c->data);
    if (format < store_schema())
        printf("restore: the backup is in store format %d, older than this release's (%d)\n"
               "next: thidua-server migrate --data %s, then thidua-server run --data %s\n",
               format, store_schema(), c->data, c->data);
    else
        printf("next: thidua-server run --data %s (with the package: sudo systemctl start "
               "thidua-server)\n",
               c->data);
    return 0;
}

int maint_repair(const config_t *c)
{
    char path[PATHS_MAX];
    thd_status_t st = {0};
    paths_join(path, c->data, PATHS_STORE);
    if (access(path, F_OK) != 0) {
        ERR("'%s' holds no store\n", c->data);
        return 2;
    }
    if (store_repair(path, &st) != 0) {
        ERR("%s\n", st.message);
        return 1;
    }
    printf("repair: LevelDB rebuilt its table index; checking the store\n");
    uint64_t rev = 0;
    int rc = verify_dir(c->data, &rev);
    if (rc == 0)
        printf("repair: ok: the store is sound at revision %llu\n", (unsigned long long)rev);
    else
        ERR("repair could not make the store sound; restore the newest backup "
            "(thidua-server restore --from BACKUP --data %s --force)\n",
            c->data);
    return rc ? 1 : 0;
}

/* What migrate did: from an older format, the end of a stopped run, or
 * the split of records a mark-only upgrade (an earlier build's) left whole. */
static void migrate_report(int from, const upgrade_done_t *done, double secs)
{
    if (from == store_schema() && !done->resumed && !done->tasks && !done->nominees) {
        printf("migrate: the store is already in format %d; nothing to do\n", from);
        return;
    }
    if (from < store_schema())
        printf("migrate: format %d -> %d done", from, store_schema());
    else if (done->resumed)
        printf("migrate: the stopped upgrade to format %d is done (resumed where it was)",
               store_schema());
    else
        printf("migrate: format %d, records still holding their history: done", from);
    if (!done->entries) { /* only the mark moved (from 5: kept replies are read as they were) */
        printf(": no history needed splitting (%.2f s)\n", secs);
        return;
    }
    printf(": %llu tasks' and %llu nominees' history split into records (%llu entries, %llu "
           "synced batches, %.2f s)\n",
           (unsigned long long)done->tasks, (unsigned long long)done->nominees,
           (unsigned long long)done->entries, (unsigned long long)done->batches, secs);
}

int maint_migrate(const config_t *c)
{
    char path[PATHS_MAX];
    thd_status_t st = {0};
    int from = 0;
    upgrade_done_t done;
    struct timespec t0, t1;
    paths_join(path, c->data, PATHS_STORE);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (store_migrate(path, &from, &st) != 0 || upgrade_split(path, &done, &st) != 0) {
        ERR("%s\n", st.message);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    migrate_report(from, &done,
                   (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    uint64_t rev = 0;
    int rc = verify_dir(c->data, &rev);
    if (rc == 0)
        printf("migrate: ok: revision %llu\n", (unsigned long long)rev);
    return rc ? 1 : 0;
}

int maint_verify(const config_t *c)
{
    char path[PATHS_MAX];
    paths_join(path, c->data, PATHS_STORE);
    if (access(path, F_OK) != 0) {
        ERR("'%s' holds no store; is it a data directory? make one with: "
            "thidua-server init --data %s\n",
            c->data, c->data);
        return 2;
    }
    return verify_dir(c->data, NULL);
}
