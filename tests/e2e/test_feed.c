/* Snapshot and ChangesSince on the wire: pages agree on one revision while
 * writes go on, filters, paging, compaction's OUT_OF_RANGE, clear errors
 * for bad cursors, page sizes and revisions from the future, and one key's
 * cursors bounded so that they cannot take everyone's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"
#include "thd_limits.h"

static th_server_t srv;
static thd_client_t *admin;

static int setup(void **state)
{
    (void)state;
    th_server_init(&srv);
    snprintf(srv.keep_log, sizeof srv.keep_log, "all");
    th_server_start(&srv);
    admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    char code[16];
    for (int i = 1; i <= 6; i++) {
        snprintf(code, sizeof code, "SO-%02d", i);
        assert_int_equal(th_add_unit(admin, code, "Sở thử"), 0);
    }
    th_add_principal(&srv, "so01", THIDUA__V1__ROLE__ROLE_UNIT, "SO-01");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    thd_client_destroy(&admin);
    th_server_cleanup(&srv);
    return 0;
}

static int snapshot(thd_client_t *c, const char *cursor, const char *unit, uint32_t size,
                    Thidua__V1__Response **resp, thd_status_t *st)
{
    Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
    body.cursor = (char *)cursor;
    body.unit = (char *)unit;
    body.page_size = size;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_SNAPSHOT;
    req.snapshot = &body;
    return thd_call(c, &req, resp, st);
}

static int changes(thd_client_t *c, uint64_t rev, const char *unit, uint32_t size,
                   Thidua__V1__Response **resp, thd_status_t *st)
{
    Thidua__V1__ChangesSinceRequest body = THIDUA__V1__CHANGES_SINCE_REQUEST__INIT;
    body.revision = rev;
    body.unit = (char *)unit;
    body.page_size = size;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_CHANGES_SINCE;
    req.changes_since = &body;
    return thd_call(c, &req, resp, st);
}

static void release(Thidua__V1__Response **resp)
{
    if (*resp)
        thidua__v1__response__free_unpacked(*resp, NULL);
    *resp = NULL;
}

static void snapshot_pages_share_one_revision_while_writes_go_on(void **state)
{
    (void)state;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(snapshot(admin, "", "", 2, &resp, &st), 0);
    uint64_t at = resp->snapshot->revision;
    size_t seen = resp->snapshot->n_records;
    char cursor[65];
    snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
    release(&resp);
    assert_true(*cursor);
    int page = 0;
    while (*cursor) {
        char code[32];
        snprintf(code, sizeof code, "SO-NEW-%d", page++); /* a write between pages */
        assert_int_equal(th_add_unit(admin, code, "Sở mới"), 0);
        assert_int_equal(snapshot(admin, cursor, "", 2, &resp, &st), 0);
        assert_int_equal(resp->snapshot->revision, at);
        for (size_t i = 0; i < resp->snapshot->n_records; i++)
            assert_null(strstr(resp->snapshot->records[i]->id, "SO-NEW"));
        seen += resp->snapshot->n_records;
        snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
        release(&resp);
    }
    assert_int_equal(seen, 6 + 2); /* six units, the admin and so01 */
    assert_true(th_revision(admin) > at);
}

static void unit_filter_returns_only_that_units_records(void **state)
{
    (void)state;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(snapshot(admin, "", "SO-01", 0, &resp, &st), 0);
    assert_int_equal(resp->snapshot->n_records, 2); /* the unit and its principal */
    assert_string_equal(resp->snapshot->cursor, "");
    release(&resp);
    assert_int_equal(changes(admin, 0, "SO-02", 0, &resp, &st), 0);
    assert_int_equal(resp->changes->n_events, 1);
    assert_string_equal(resp->changes->events[0]->records[0]->id, "SO-02");
    assert_int_equal(resp->changes->revision, resp->revision); /* read to the end */
    assert_false(resp->changes->more);
    release(&resp);
}

static void changes_since_pages_in_order(void **state)
{
    (void)state;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    uint64_t rev = 0, expect = 1;
    bool more = true;
    while (more) {
        assert_int_equal(changes(admin, rev, "", 3, &resp, &st), 0);
        assert_true(resp->changes->n_events <= 3);
        for (size_t i = 0; i < resp->changes->n_events; i++)
            assert_int_equal(resp->changes->events[i]->revision, expect++);
        rev = resp->changes->revision;
        more = resp->changes->more;
        release(&resp);
    }
    assert_int_equal(expect - 1, th_revision(admin));
}

static void bad_feed_requests_get_clear_errors(void **state)
{
    (void)state;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    unsigned long long before = th_revision(admin);
    assert_int_equal(snapshot(admin, "", "", 1001, &resp, &st), THIDUA__V1__CODE__INVALID_ARGUMENT);
    assert_string_equal(st.field, "page_size");
    release(&resp);
    assert_int_equal(snapshot(admin, "0123456789abcdef", "", 0, &resp, &st),
                     THIDUA__V1__CODE__NOT_FOUND);
    assert_string_equal(st.field, "cursor");
    release(&resp);
    assert_int_equal(snapshot(admin, "not a cursor!", "", 0, &resp, &st),
                     THIDUA__V1__CODE__INVALID_ARGUMENT);
    release(&resp);
    /* a cursor belongs to the principal that opened it */
    assert_int_equal(snapshot(admin, "", "", 1, &resp, &st), 0);
    char cursor[65];
    snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
    release(&resp);
    char key[320];
    thd_client_t *unit =
        th_client(&srv, th_path(&srv, "so01.key", key, sizeof key), THD_SOCKET_DEALER, 3000, 1);
    assert_int_equal(snapshot(unit, cursor, "", 0, &resp, &st), THIDUA__V1__CODE__NOT_FOUND);
    release(&resp);
    thd_client_destroy(&unit);
    assert_int_equal(changes(admin, before + 100, "", 0, &resp, &st),
                     THIDUA__V1__CODE__INVALID_ARGUMENT);
    assert_string_equal(st.field, "revision");
    assert_non_null(strstr(st.message, "ahead"));
    release(&resp);
    assert_int_equal(changes(admin, 0, "", 5000, &resp, &st), THIDUA__V1__CODE__INVALID_ARGUMENT);
    release(&resp);
    assert_int_equal(th_revision(admin), before);
}

/* One key opening cursor after cursor keeps only its newest few: everyone
 * else's snapshots still open, and its evicted cursors say why they went. */
static void one_key_cannot_take_every_cursor(void **state)
{
    (void)state;
    enum { OPENED = 1000 };
    char key[320], first[65] = "", newest[THD_MAX_CURSORS_PER_PRINCIPAL + 1][65];
    thd_client_t *unit =
        th_client(&srv, th_path(&srv, "so01.key", key, sizeof key), THD_SOCKET_DEALER, 3000, 1);
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    for (int i = 0; i < OPENED; i++) {
        assert_int_equal(snapshot(unit, "", "", 1, &resp, &st), 0);
        assert_true(*resp->snapshot->cursor);
        if (i == 0)
            snprintf(first, sizeof first, "%s", resp->snapshot->cursor);
        snprintf(newest[i % (THD_MAX_CURSORS_PER_PRINCIPAL + 1)], sizeof newest[0], "%s",
                 resp->snapshot->cursor);
        release(&resp);
    }
    /* another key's snapshot opens and pages */
    assert_int_equal(snapshot(admin, "", "", 1, &resp, &st), 0);
    char other[65];
    snprintf(other, sizeof other, "%s", resp->snapshot->cursor);
    release(&resp);
    assert_int_equal(snapshot(admin, other, "", 1, &resp, &st), 0);
    release(&resp);
    /* the key's newest cursors work; the one before them was evicted, like the first */
    for (int back = 0; back <= THD_MAX_CURSORS_PER_PRINCIPAL; back++) {
        const char *c = newest[(OPENED - 1 - back) % (THD_MAX_CURSORS_PER_PRINCIPAL + 1)];
        int rc = snapshot(unit, c, "", 1, &resp, &st);
        release(&resp);
        if (back < THD_MAX_CURSORS_PER_PRINCIPAL) {
            assert_int_equal(rc, 0);
            continue;
        }
        assert_int_equal(rc, THIDUA__V1__CODE__NOT_FOUND);
        assert_string_equal(st.reason, "feed.cursor_evicted");
        assert_string_equal(st.field, "cursor");
    }
    assert_int_equal(snapshot(unit, first, "", 1, &resp, &st), THIDUA__V1__CODE__NOT_FOUND);
    release(&resp);
    thd_client_destroy(&unit);
}

/* unit.add under request_id: the reply as packed again, and its revision. */
static uint8_t *add_unit(const char *code, const char *request_id, size_t *len, uint64_t *rev)
{
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(th_add_unit_reply(admin, code, "Sở giữ lại", request_id, &st, &resp), 0);
    *len = thidua__v1__response__get_packed_size(resp);
    uint8_t *buf = malloc(*len);
    thidua__v1__response__pack(resp, buf);
    *rev = resp->revision;
    thidua__v1__response__free_unpacked(resp, NULL);
    return buf;
}

static void compacted_log_answers_out_of_range_with_the_oldest_kept(void **state)
{
    (void)state;
    /* a reply kept by reference to its log entry outlives the entry */
    size_t first_len, again_len;
    uint64_t first_rev, again_rev;
    uint8_t *first = add_unit("SO-KEPT", "kept-across-compaction", &first_len, &first_rev);
    for (int i = 0; i < 4; i++) {
        char code[16];
        snprintf(code, sizeof code, "SO-AFTER%d", i);
        assert_int_equal(th_add_unit(admin, code, "Sở sau"), 0);
    }
    assert_int_equal(th_server_stop(&srv), 0);
    snprintf(srv.keep_log, sizeof srv.keep_log, "3");
    th_server_start(&srv);
    thd_client_destroy(&admin);
    admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    int rc = 0;
    for (int i = 0; i < 40 && rc != THIDUA__V1__CODE__OUT_OF_RANGE; i++) { /* up to 4 s */
        release(&resp);
        rc = changes(admin, 1, "", 0, &resp, &st);
        if (rc != THIDUA__V1__CODE__OUT_OF_RANGE)
            nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
    }
    assert_int_equal(rc, THIDUA__V1__CODE__OUT_OF_RANGE);
    uint64_t head = th_revision(admin);
    assert_non_null(resp->changes);
    assert_int_equal(resp->changes->oldest_revision, head - 2);
    release(&resp);
    assert_int_equal(changes(admin, head - 3, "", 0, &resp, &st), 0);
    assert_int_equal(resp->changes->n_events, 3);
    release(&resp);
    assert_true(first_rev < head - 2); /* its entry was compacted away */
    uint8_t *again = add_unit("SO-KEPT", "kept-across-compaction", &again_len, &again_rev);
    assert_int_equal(again_len, first_len);
    assert_memory_equal(again, first, first_len);
    assert_int_equal(th_revision(admin), head); /* nothing ran again */
    free(first);
    free(again);
    assert_int_equal(th_server_stop(&srv), 0);
    assert_int_equal(th_sh("%s/thidua-server verify --data %s >/dev/null", THIDUA_BIN_DIR, srv.dir),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snapshot_pages_share_one_revision_while_writes_go_on),
        cmocka_unit_test(unit_filter_returns_only_that_units_records),
        cmocka_unit_test(changes_since_pages_in_order),
        cmocka_unit_test(bad_feed_requests_get_clear_errors),
        cmocka_unit_test(one_key_cannot_take_every_cursor),
        cmocka_unit_test(compacted_log_answers_out_of_range_with_the_oldest_kept),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
