/* Backup and restore. An online backup taken while writers add units is a
 * consistent cut: restored, its broker starts at the backup's revision,
 * its change log is the original's up to there, status counts match the
 * records, and verify passes. An offline backup of the stopped broker
 * restores to an identical snapshot. restore refuses a non-empty data
 * directory without --force, and a damaged backup. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

#define WRITERS    4
#define MAX_WRITES 1500 /* per writer: bounds the run */

struct writer {
    const th_server_t *srv;
    int id;
    volatile int *stop;
    int acked;
};

static void *write_units(void *arg)
{
    struct writer *w = arg;
    thd_client_t *c = th_client(w->srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    for (int i = 0; i < MAX_WRITES && !*w->stop; i++) {
        char code[32];
        snprintf(code, sizeof code, "W%d-%04d", w->id, i);
        if (th_add_unit(c, code, "Đơn vị thử sao lưu") == 0)
            w->acked++;
    }
    thd_client_destroy(&c);
    return NULL;
}

/* A growable byte string: packed messages one after another. */
struct bytes {
    uint8_t *p;
    size_t len, cap;
};

static void bytes_add(struct bytes *b, const uint8_t *data, size_t len)
{
    if (b->len + len + 4 > b->cap) {
        b->cap = (b->len + len + 4) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->len, &(uint32_t){(uint32_t)len}, 4);
    memcpy(b->p + b->len + 4, data, len);
    b->len += len + 4;
}

static void add_record(struct bytes *b, const Thidua__V1__Record *r)
{
    uint8_t buf[16384];
    size_t len = thidua__v1__record__get_packed_size(r);
    assert_true(len <= sizeof buf);
    thidua__v1__record__pack(r, buf);
    bytes_add(b, buf, len);
}

/* Every record, page by page; returns how many, *units of type unit. */
static size_t dump_snapshot(thd_client_t *c, struct bytes *out, uint64_t *revision, size_t *units)
{
    char cursor[256] = "";
    size_t n = 0;
    *units = 0;
    do {
        Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
        body.cursor = cursor;
        body.page_size = 1000;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = THIDUA__V1__REQUEST__BODY_SNAPSHOT;
        req.snapshot = &body;
        Thidua__V1__Response *resp = NULL;
        thd_status_t st;
        assert_int_equal(thd_call(c, &req, &resp, &st), 0);
        *revision = resp->snapshot->revision;
        for (size_t i = 0; i < resp->snapshot->n_records; i++, n++) {
            add_record(out, resp->snapshot->records[i]);
            *units += strcmp(resp->snapshot->records[i]->type, "unit") == 0;
        }
        snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
        thidua__v1__response__free_unpacked(resp, NULL);
    } while (*cursor);
    return n;
}

/* The change log's entries 1..upto, packed. */
static void dump_log(thd_client_t *c, uint64_t upto, struct bytes *out)
{
    uint64_t from = 0;
    while (from < upto) {
        Thidua__V1__ChangesSinceRequest body = THIDUA__V1__CHANGES_SINCE_REQUEST__INIT;
        body.revision = from;
        body.page_size = 1000;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = THIDUA__V1__REQUEST__BODY_CHANGES_SINCE;
        req.changes_since = &body;
        Thidua__V1__Response *resp = NULL;
        thd_status_t st;
        assert_int_equal(thd_call(c, &req, &resp, &st), 0);
        Thidua__V1__ChangesSinceReply *r = resp->changes;
        assert_true(r->n_events > 0);
        for (size_t i = 0; i < r->n_events && r->events[i]->revision <= upto; i++) {
            uint8_t buf[16384];
            size_t len = thidua__v1__event__get_packed_size(r->events[i]);
            assert_true(len <= sizeof buf);
            thidua__v1__event__pack(r->events[i], buf);
            bytes_add(out, buf, len);
            from = r->events[i]->revision;
        }
        if (r->n_events && r->events[r->n_events - 1]->revision > upto)
            from = upto;
        thidua__v1__response__free_unpacked(resp, NULL);
    }
}

/* The status reply's count for type, or 0. */
static uint64_t status_count(thd_client_t *c, const char *type)
{
    Thidua__V1__StatusRequest body = THIDUA__V1__STATUS_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_STATUS;
    req.status = &body;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(thd_call(c, &req, &resp, &st), 0);
    uint64_t n = 0;
    for (size_t i = 0; i < resp->status_reply->n_counts; i++)
        if (strcmp(resp->status_reply->counts[i]->type, type) == 0)
            n = resp->status_reply->counts[i]->count;
    thidua__v1__response__free_unpacked(resp, NULL);
    return n;
}

/* "backup: ok: revision N ..." from the command's output file. */
static uint64_t backup_revision(const char *out_file)
{
    char line[1024] = "";
    FILE *f = fopen(out_file, "r");
    assert_non_null(f);
    unsigned long long rev = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "backup: ok: revision %llu", &rev) == 1)
            break;
    fclose(f);
    assert_true(rev > 0);
    return rev;
}

/* A server record for the restored directory: same keys, other data. */
static void restored_server(const th_server_t *s, th_server_t *r, const char *dir)
{
    *r = *s;
    r->pid = 0;
    assert_true(strlen(dir) < sizeof r->dir);
    memcpy(r->dir, dir, strlen(dir) + 1);
    th_path(r, "server.pub", r->server_pub, sizeof r->server_pub);
    /* admin.key is never in a backup: the admin keeps it */
}

static char parent[200];

static void online_backup_under_load_restores_to_its_revision(void **state)
{
    (void)state;
    th_server_t s;
    th_server_init(&s);
    th_server_start(&s);
    snprintf(parent, sizeof parent, "%.*s", (int)(strlen(s.dir) - 4), s.dir); /* ends in / */
    thd_client_t *admin = th_client(&s, NULL, THD_SOCKET_DEALER, 5000, 2);
    static volatile int stop; /* static: the writers outlive a failed assert */
    static struct writer w[WRITERS];
    pthread_t t[WRITERS];
    stop = 0;
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (struct writer){.srv = &s, .id = i, .stop = &stop};
        assert_int_equal(pthread_create(&t[i], NULL, write_units, &w[i]), 0);
    }
    for (int i = 0; i < 500 && th_revision(admin) < 200; i++) /* load is flowing */
        th_sleep_ms(10);
    uint64_t before = th_revision(admin);
    assert_int_equal(th_sh("%s/thidua-server backup --data %s --to %sbackup >%sbackup.out",
                           THIDUA_BIN_DIR, s.dir, parent, parent),
                     0);
    uint64_t after = th_revision(admin);
    stop = 1;
    for (int i = 0; i < WRITERS; i++)
        pthread_join(t[i], NULL);
    char out[320];
    snprintf(out, sizeof out, "%sbackup.out", parent);
    uint64_t rev = backup_revision(out);
    assert_true(rev >= before && rev <= after); /* a cut taken during the run */
    assert_true(th_revision(admin) > rev);      /* writes went on after it */

    /* the backup verifies on its own; restore into a fresh directory */
    assert_int_equal(
        th_sh("%s/thidua-server verify --data %sbackup >/dev/null", THIDUA_BIN_DIR, parent), 0);
    assert_int_equal(th_sh("%s/thidua-server restore --from %sbackup --data %srestored/data "
                           ">/dev/null",
                           THIDUA_BIN_DIR, parent, parent),
                     0);
    char dir[256];
    assert_true(snprintf(dir, sizeof dir, "%srestored/data", parent) < (int)sizeof dir);
    th_server_t r;
    restored_server(&s, &r, dir);
    th_server_start(&r);
    thd_client_t *radmin = th_client(&r, NULL, THD_SOCKET_DEALER, 5000, 2);
    assert_int_equal(th_revision(radmin), rev);

    /* the restored log is the original's, entry for entry, up to the cut */
    struct bytes a = {0}, b = {0};
    dump_log(admin, rev, &a);
    dump_log(radmin, rev, &b);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.p, b.p, a.len);
    free(a.p);
    free(b.p);
    /* status counts, kept in the store, equal the records */
    struct bytes snap = {0};
    uint64_t at = 0;
    size_t units = 0;
    dump_snapshot(radmin, &snap, &at, &units);
    free(snap.p);
    assert_int_equal(at, rev);
    assert_int_equal(status_count(radmin, "unit"), units);
    thd_client_destroy(&radmin);
    assert_int_equal(th_server_stop(&r), 0);
    assert_int_equal(th_sh("%s/thidua-server verify --data %s >/dev/null", THIDUA_BIN_DIR, dir), 0);
    thd_client_destroy(&admin);
    th_server_cleanup(&s);
}

static void offline_backup_restores_an_identical_snapshot(void **state)
{
    (void)state;
    th_server_t s;
    th_server_init(&s);
    th_server_start(&s);
    snprintf(parent, sizeof parent, "%.*s", (int)(strlen(s.dir) - 4), s.dir); /* ends in / */
    /* the admin's key lives with the admin, not in the data directory */
    assert_int_equal(th_sh("cp %s %sadmin.key", s.admin_key, parent), 0);
    snprintf(s.admin_key, sizeof s.admin_key, "%sadmin.key", parent);
    thd_client_t *admin = th_client(&s, NULL, THD_SOCKET_DEALER, 5000, 2);
    for (int i = 0; i < 50; i++) {
        char code[16];
        snprintf(code, sizeof code, "SO-%02d", i);
        assert_int_equal(th_add_unit(admin, code, "Sở thử"), 0);
    }
    struct bytes before = {0}, restored = {0};
    uint64_t rev_before = 0, rev_restored = 0;
    size_t units = 0;
    size_t n = dump_snapshot(admin, &before, &rev_before, &units);
    thd_client_destroy(&admin);
    assert_int_equal(th_server_stop(&s), 0);

    assert_int_equal(th_sh("%s/thidua-server backup --data %s --to %sbackup >/dev/null",
                           THIDUA_BIN_DIR, s.dir, parent),
                     0);
    /* not over a data directory in use... */
    assert_int_equal(th_sh("%s/thidua-server restore --from %sbackup --data %s >/dev/null 2>&1",
                           THIDUA_BIN_DIR, parent, s.dir),
                     2);
    /* ...nor from a backup that fails verify */
    assert_int_equal(th_sh("cp -a %sbackup %sbad && %s/thidua-tamper %sbad/store 10", parent,
                           parent, THIDUA_BIN_DIR, parent),
                     0);
    assert_int_equal(th_sh("%s/thidua-server restore --from %sbad --data %sother 2>/dev/null "
                           ">/dev/null",
                           THIDUA_BIN_DIR, parent, parent),
                     1);
    assert_int_equal(th_sh("test ! -e %sother/store", parent), 0);
    /* ...nor from one without the server's key, even with --force: the data
     * directory keeps its contents and its broker starts as before */
    assert_int_equal(
        th_sh("cp -a %sbackup %snokey && rm %snokey/server.key", parent, parent, parent), 0);
    assert_int_equal(
        th_sh("%s/thidua-server restore --from %snokey --data %s --force 2>%snokey.err "
              ">/dev/null",
              THIDUA_BIN_DIR, parent, s.dir, parent),
        1);
    assert_int_equal(th_sh("grep -q 'no readable server.key' %snokey.err", parent), 0);
    assert_int_equal(th_sh("test ! -e %s/replaced-* && test -e %s/server.key", s.dir, s.dir), 0);
    /* --force keeps the old contents aside */
    assert_int_equal(th_sh("%s/thidua-server restore --from %sbackup --data %s --force >/dev/null",
                           THIDUA_BIN_DIR, parent, s.dir),
                     0);
    assert_int_equal(th_sh("ls -d %s/replaced-*/store >/dev/null", s.dir), 0);

    th_server_restart(&s);
    admin = th_client(&s, NULL, THD_SOCKET_DEALER, 5000, 2);
    size_t units2 = 0;
    assert_int_equal(dump_snapshot(admin, &restored, &rev_restored, &units2), n);
    assert_int_equal(rev_restored, rev_before);
    assert_int_equal(restored.len, before.len);
    assert_memory_equal(restored.p, before.p, before.len);
    assert_int_equal(status_count(admin, "unit"), units);
    free(before.p);
    free(restored.p);
    thd_client_destroy(&admin);
    th_server_cleanup(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(online_backup_under_load_restores_to_its_revision),
        cmocka_unit_test(offline_backup_restores_an_identical_snapshot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
