/* Out of memory on the request path (server/mem.h): a broker started with
 * THIDUA_TEST_OOM_EVERY=K sees every K-th allocation inside a request fail.
 * Each request that met one is refused with internal.out_of_memory and
 * changes nothing; the others are answered as always; the broker keeps
 * serving, stops cleanly (no leak under the sanitizers), and after a
 * restart holds exactly the acknowledged writes, its log verified. A
 * refused write was not kept for retries: sent again under its request id,
 * it runs. An import that meets a failure writes no row and names none;
 * a snapshot page refused for one closes its cursor, so a retry of it
 * starts over rather than skip the page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

#define UNIT_NAME "Phòng Văn hóa và Thông tin huyện"
#define WRITES    150
#define EVERY     "61" /* a unit.add allocates a few dozen times: some meet it, some not */

static th_server_t srv;

static int setup(void **state)
{
    (void)state;
    th_server_init(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_server_cleanup(&srv);
    return 0;
}

/* 1 when the unit is there, 0 when not; a read under injection may be
 * refused too (-1). */
static int unit_there(thd_client_t *c, const char *code, thd_status_t *st)
{
    Thidua__V1__UnitGet get = THIDUA__V1__UNIT_GET__INIT;
    get.code = (char *)code;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_GET;
    req.unit_get = &get;
    Thidua__V1__Response *resp = NULL;
    int rc = thd_call(c, &req, &resp, st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc == 0 ? 1 : rc == THD_NOT_FOUND ? 0 : -1;
}

static bool out_of_memory(int rc, const thd_status_t *st)
{
    return rc == THD_INTERNAL && strcmp(st->reason, "internal.out_of_memory") == 0;
}

#define IMPORT_ROWS 40 /* hundreds of allocations: one of them fails */

/* An import of IMPORT_ROWS units meets a failure: refused whole, its reply
 * names no row as written, and none is. */
static void an_import_that_runs_short_writes_no_row(thd_client_t *c)
{
    static Thidua__V1__Unit units[IMPORT_ROWS];
    static Thidua__V1__ImportRow rows[IMPORT_ROWS], *row_p[IMPORT_ROWS];
    static char codes[IMPORT_ROWS][16];
    for (int i = 0; i < IMPORT_ROWS; i++) {
        snprintf(codes[i], sizeof codes[i], "IMP-%02d", i);
        thidua__v1__unit__init(&units[i]);
        units[i].code = codes[i];
        units[i].name = UNIT_NAME;
        units[i].kind = THIDUA__V1__UNIT_KIND__UNIT_KIND_DISTRICT;
        thidua__v1__import_row__init(&rows[i]);
        rows[i].line = (uint32_t)i + 2;
        rows[i].record_case = THIDUA__V1__IMPORT_ROW__RECORD_UNIT;
        rows[i].unit = &units[i];
        row_p[i] = &rows[i];
    }
    Thidua__V1__ImportRequest body = THIDUA__V1__IMPORT_REQUEST__INIT;
    body.rows = row_p;
    body.n_rows = IMPORT_ROWS;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_IMPORT;
    req.import = &body;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    unsigned long long rev = 0;
    for (int i = 0; i < 5 && !rev; i++) { /* the status read may run short too */
        Thidua__V1__StatusRequest sb = THIDUA__V1__STATUS_REQUEST__INIT;
        Thidua__V1__Request sr = THIDUA__V1__REQUEST__INIT;
        sr.body_case = THIDUA__V1__REQUEST__BODY_STATUS;
        sr.status = &sb;
        if (thd_call(c, &sr, &resp, &st) == 0)
            rev = resp->status_reply->revision;
        if (resp)
            thidua__v1__response__free_unpacked(resp, NULL);
        resp = NULL;
    }
    assert_true(rev > 0);
    int rc = thd_call(c, &req, &resp, &st);
    assert_true(out_of_memory(rc, &st));
    assert_non_null(resp);
    assert_int_equal(resp->revision, rev);
    assert_true(resp->body_case != THIDUA__V1__RESPONSE__BODY_IMPORT || resp->import->n_ids == 0);
    thidua__v1__response__free_unpacked(resp, NULL);
    for (int i = 0; i < IMPORT_ROWS; i++)
        assert_int_not_equal(unit_there(c, codes[i], &st), 1);
}

/* Pages through the units, two at a time, as far as it gets: each page is
 * answered or refused for a shortage, and a refused page's cursor is gone
 * (a retry of it is refused as unknown, never a page further on). */
static void snapshot_pages(thd_client_t *c)
{
    char cursor[64] = "";
    for (int page = 0; page < 200; page++) {
        Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
        body.cursor = cursor;
        body.page_size = 2;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = THIDUA__V1__REQUEST__BODY_SNAPSHOT;
        req.snapshot = &body;
        Thidua__V1__Response *resp = NULL;
        thd_status_t st;
        int rc = thd_call(c, &req, &resp, &st);
        bool done = rc != 0 || !*resp->snapshot->cursor;
        if (rc == 0)
            snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
        if (resp)
            thidua__v1__response__free_unpacked(resp, NULL);
        if (rc != 0 && *cursor) { /* the same cursor again: closed with the refusal */
            assert_true(out_of_memory(rc, &st));
            req.snapshot->cursor = cursor;
            rc = thd_call(c, &req, &resp, &st);
            if (resp)
                thidua__v1__response__free_unpacked(resp, NULL);
            assert_int_not_equal(rc, 0);
        } else if (rc != 0) {
            assert_true(out_of_memory(rc, &st));
        }
        if (done)
            return;
    }
}

static void refused_requests_change_nothing(void **state)
{
    (void)state;
    th_server_start(&srv);
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 0);
    unsigned long long start = th_revision(admin);
    thd_client_destroy(&admin);
    assert_int_equal(th_server_stop(&srv), 0);
    setenv("THIDUA_TEST_OOM_EVERY", EVERY, 1);
    th_server_restart(&srv);
    unsetenv("THIDUA_TEST_OOM_EVERY");
    admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 0);
    static bool acked[WRITES];
    static char rids[WRITES][33];
    int ok = 0, refused = 0, reads_refused = 0;
    for (int i = 0; i < WRITES; i++) {
        char code[16];
        snprintf(code, sizeof code, "OOM-%03d", i);
        thd_request_id(rids[i]);
        thd_status_t st;
        int rc = th_add_unit_as(admin, code, UNIT_NAME, rids[i], &st);
        if (rc == 0) {
            acked[i] = true;
            ok++;
        } else if (out_of_memory(rc, &st))
            refused++;
        else
            fail_msg("unit.add %s: %s (%s)", code, thd_code_name(rc), st.message);
        reads_refused += unit_there(admin, code, &st) < 0;
    }
    print_message("%d writes acknowledged, %d refused out of memory, %d reads refused\n", ok,
                  refused, reads_refused);
    assert_true(ok > 0);
    assert_true(refused > 0);
    an_import_that_runs_short_writes_no_row(admin);
    for (int i = 0; i < 20; i++) /* a page refused for a shortage: its cursor is closed */
        snapshot_pages(admin);
    thd_client_destroy(&admin);
    assert_int_equal(th_server_stop(&srv), 0); /* a clean stop: no leak under the sanitizers */

    th_server_restart(&srv);
    admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 0);
    assert_int_equal(th_revision(admin), start + (unsigned long long)ok);
    for (int i = 0; i < WRITES; i++) {
        char code[16];
        snprintf(code, sizeof code, "OOM-%03d", i);
        thd_status_t st;
        assert_int_equal(unit_there(admin, code, &st), acked[i]);
    }
    for (int i = 0; i < WRITES; i++) { /* the first refused write, sent again, runs */
        if (acked[i])
            continue;
        char code[16];
        snprintf(code, sizeof code, "OOM-%03d", i);
        thd_status_t st;
        assert_int_equal(th_add_unit_as(admin, code, UNIT_NAME, rids[i], &st), 0);
        assert_int_equal(th_revision(admin), start + (unsigned long long)ok + 1);
        break;
    }
    thd_client_destroy(&admin);
    assert_int_equal(th_server_stop(&srv), 0);
    assert_int_equal(th_sh("%s/thidua-server verify --data %s >/dev/null", THIDUA_BIN_DIR, srv.dir),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refused_requests_change_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
