/* The watch guarantee, proved: 4 writers change records at random while 6
 * watches follow -- two full, two filtered by unit, one slow with a tiny
 * buffer that drops events and freezes for a while, one that joins late
 * from a compacted revision. Mid-run the broker is killed with kill -9 and
 * restarted, and the log is kept short so the slow and the late watch must
 * take new snapshots. At the end every watch is in sync at the broker's
 * final revision and its view equals a fresh snapshot record for record,
 * derived fields included: an overdue task whose last change came by event
 * must read the same in the view as in the snapshot, and the broker's own
 * rule applied to the view's record must agree with task.get. The watches
 * share one key, with more snapshots than a principal's cursors: a watch
 * whose cursor is closed for a newer one starts its snapshot over. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "congress.h"
#include "harness.h"
#include "rules.h"
#include "tasks.h"

#define WRITERS   4
#define MAX_OPS   1500 /* per writer: bounds the run */
#define WRITE_MS  6000
#define SETTLE_MS 30000 /* how long watches may take to catch up */
#define UNITS     20

static th_server_t srv;
static thd_client_t *office; /* reports on the tasks while the watches run */
static char late_task[32], due_task[32];
static volatile int writers_stop;
static volatile unsigned long long final_revision; /* 0 until writers are done */
/* The frozen watch's revision when it froze (0 before), and the main
   thread's word that the log has been compacted past it: the freeze lasts
   until then, however slowly this machine writes, so the watch must take a
   new snapshot. */
static volatile unsigned long long frozen_revision;
static volatile int thaw;

static int write_unit(thd_client_t *c, bool add, const char *code, const char *name)
{
    Thidua__V1__Unit u = THIDUA__V1__UNIT__INIT;
    u.code = (char *)code;
    u.name = (char *)name;
    u.kind = THIDUA__V1__UNIT_KIND__UNIT_KIND_DISTRICT;
    Thidua__V1__UnitAdd a = THIDUA__V1__UNIT_ADD__INIT;
    Thidua__V1__UnitEdit e = THIDUA__V1__UNIT_EDIT__INIT;
    a.unit = e.unit = &u;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    if (add) {
        req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_ADD;
        req.unit_add = &a;
    } else {
        req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_EDIT;
        req.unit_edit = &e;
    }
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    int rc = thd_call(c, &req, &resp, &st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

static void *writer(void *arg)
{
    int id = (int)(long)arg;
    unsigned seed = (unsigned)(id * 7919 + time(NULL));
    thd_client_t *c = th_client(&srv, NULL, THD_SOCKET_DEALER, 500, 1);
    for (int n = 0; n < MAX_OPS && !writers_stop; n++) {
        char code[32], name[64];
        bool add = rand_r(&seed) % 10 < 3;
        if (add)
            snprintf(code, sizeof code, "W%d-%04d", id, n);
        else
            snprintf(code, sizeof code, "U-%02d", 1 + rand_r(&seed) % UNITS);
        snprintf(name, sizeof name, "Đơn vị %s lần %d", code, n);
        write_unit(c, add, code, name); /* errors while the broker is down are expected */
        th_sleep_ms(3);
    }
    thd_client_destroy(&c);
    return NULL;
}

struct watcher {
    const char *name;
    const char *unit;
    uint64_t since;
    int rcvhwm;
    long start_after_ms, freeze_at_ms; /* 0: none; a freeze lasts until thaw */
    bool slow;
    /* results */
    thd_watch_stats_t stats;
    unsigned long long revision;
    size_t records;
    bool in_sync, equal;
    size_t overdue; /* tasks the view holds overdue, by the broker's rule */
    char why[560];
};

/* The broker's rule on the view's task against the broker's own answer
 * (task.get derives overdue as it reads): 0 when they agree. Deadlines are
 * years away from today, so the test's timezone cannot matter. */
static int derived_differs(thd_client_t *c, const Thidua__V1__Record *have, size_t *overdue)
{
    char today[11];
    time_t now = time(NULL);
    strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
    bool derived = thd_task_overdue(have->task, today);
    *overdue += derived;
    Thidua__V1__Response *resp = NULL;
    const Thidua__V1__Task *now_task = cg_task_get(c, have->id, &resp);
    int differs = !now_task || now_task->overdue != derived;
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return differs;
}

/* Fetches a fresh snapshot page by page and compares it with the view.
 * Returns 1 when the broker closed the cursor for a newer one of the same
 * principal (the six watches share one key, more than its cursors): the
 * caller starts over, as any client must. */
static int compare_once(struct watcher *me, thd_watch_t *w, thd_client_t *c)
{
    Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
    body.unit = (char *)(me->unit ? me->unit : "");
    char cursor[65] = "";
    size_t fresh = 0, mismatched = 0, derived_mismatched = 0;
    unsigned long long at = 0;
    me->overdue = 0;
    do {
        body.cursor = cursor;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = THIDUA__V1__REQUEST__BODY_SNAPSHOT;
        req.snapshot = &body;
        Thidua__V1__Response *resp = NULL;
        thd_status_t st;
        if (thd_call(c, &req, &resp, &st) != 0) {
            snprintf(me->why, sizeof me->why, "snapshot failed: %s", st.message);
            return strcmp(st.reason, "feed.cursor_evicted") == 0 ? 1 : -1;
        }
        at = resp->snapshot->revision;
        for (size_t i = 0; i < resp->snapshot->n_records; i++) {
            const Thidua__V1__Record *want = resp->snapshot->records[i];
            const Thidua__V1__Record *have = thd_watch_get(w, want->type, want->id);
            uint8_t a[4096], b[4096];
            size_t la = thidua__v1__record__get_packed_size(want);
            size_t lb = have ? thidua__v1__record__get_packed_size(have) : 0;
            if (have && have->body_case == THIDUA__V1__RECORD__BODY_TASK)
                derived_mismatched += derived_differs(c, have, &me->overdue);
            if (!have || la != lb || la > sizeof a || lb > sizeof b) {
                mismatched++;
                continue;
            }
            thidua__v1__record__pack(want, a);
            thidua__v1__record__pack(have, b);
            mismatched += memcmp(a, b, la) != 0;
        }
        fresh += resp->snapshot->n_records;
        snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
        thidua__v1__response__free_unpacked(resp, NULL);
    } while (*cursor);
    me->records = thd_watch_count(w);
    me->equal =
        mismatched == 0 && derived_mismatched == 0 && fresh == me->records && at == me->revision;
    snprintf(me->why, sizeof me->why,
             "view %zu records at %llu, snapshot %zu at %llu, %zu differ, %zu derive otherwise "
             "than task.get, %zu overdue",
             me->records, me->revision, fresh, at, mismatched, derived_mismatched, me->overdue);
    return 0;
}

static void compare_with_snapshot(struct watcher *me, thd_watch_t *w)
{
    thd_client_t *c = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    for (int tries = 0; tries < 100 && compare_once(me, w, c) == 1; tries++)
        th_sleep_ms(10 + rand() % 40);
    thd_client_destroy(&c);
}

static void *watch_loop(void *arg)
{
    struct watcher *me = arg;
    long long t0 = th_now_ms();
    if (me->start_after_ms)
        th_sleep_ms(me->start_after_ms);
    thd_client_opts_t o = {.server = srv.requests,
                           .events = srv.events,
                           .server_key = srv.server_pub,
                           .key_file = srv.admin_key,
                           .timeout_ms = 1000};
    thd_watch_opts_t wo = {.unit = me->unit, .since = me->since, .rcvhwm = me->rcvhwm};
    thd_status_t st;
    thd_watch_t *w = thd_watch_new(&o, &wo, NULL, &st);
    if (!w) { /* a thread must not fail_msg: the main thread asserts on why */
        snprintf(me->why, sizeof me->why, "watch: %s", st.message);
        return NULL;
    }
    bool frozen = false;
    long long settle_deadline = 0;
    for (;;) {
        if (thd_watch_run(w, me->slow ? 5 : 100, &st) < 0) {
            snprintf(me->why, sizeof me->why, "watch: %s", st.message);
            thd_watch_destroy(&w);
            return NULL; /* in_sync and equal stay false */
        }
        if (me->slow)
            th_sleep_ms(15); /* reads far slower than the writers write */
        if (me->freeze_at_ms && !frozen && th_now_ms() - t0 > me->freeze_at_ms) {
            frozen = true; /* a screen that froze: the log moves on without it */
            frozen_revision = thd_watch_revision(w) + 1;
            for (long long until = th_now_ms() + SETTLE_MS; !thaw && th_now_ms() < until;)
                th_sleep_ms(20);
        }
        unsigned long long fin = final_revision;
        if (fin && !settle_deadline)
            settle_deadline = th_now_ms() + SETTLE_MS;
        if (fin && thd_watch_in_sync(w) && thd_watch_revision(w) == fin)
            break;
        if (settle_deadline && th_now_ms() > settle_deadline)
            break;
    }
    me->in_sync = thd_watch_in_sync(w);
    me->revision = thd_watch_revision(w);
    thd_watch_stats(w, &me->stats);
    compare_with_snapshot(me, w);
    thd_watch_destroy(&w);
    return NULL;
}

/* Waits (bounded) while the writers go on until the broker's oldest kept
 * log entry is past the frozen watch's revision, then thaws it. */
static void thaw_when_compacted_past_freeze(thd_client_t *admin)
{
    for (long long until = th_now_ms() + SETTLE_MS; th_now_ms() < until; th_sleep_ms(100)) {
        Thidua__V1__StatusRequest body = THIDUA__V1__STATUS_REQUEST__INIT;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = THIDUA__V1__REQUEST__BODY_STATUS;
        req.status = &body;
        Thidua__V1__Response *resp = NULL;
        thd_status_t st;
        if (thd_call(admin, &req, &resp, &st) != 0)
            continue;
        unsigned long long oldest = resp->status_reply->oldest_revision;
        thidua__v1__response__free_unpacked(resp, NULL);
        if (frozen_revision && oldest > frozen_revision)
            break;
    }
    thaw = 1;
}

static void watches_converge_through_loss_crash_and_compaction(void **state)
{
    (void)state;
    snprintf(srv.keep_log, sizeof srv.keep_log, "150");
    /* a frozen reader must drop: 1 MiB holds 64 events of 16 KiB */
    snprintf(srv.event_queue_mib, sizeof srv.event_queue_mib, "1");
    th_server_start(&srv);
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    for (int i = 1; i <= UNITS; i++) {
        char code[16];
        snprintf(code, sizeof code, "U-%02d", i);
        assert_int_equal(th_add_unit(admin, code, "Đơn vị ban đầu"), 0);
    }
    /* a task long overdue and one due far ahead; their last changes come
       by event, while the watches run */
    assert_int_equal(th_add_unit(admin, CG_UNIT_CODE, "Sở Văn hóa, Thể thao và Du lịch"), 0);
    th_add_principal(&srv, "office", THIDUA__V1__ROLE__ROLE_OFFICE, NULL);
    char office_key[340];
    th_path(&srv, "office", office_key, sizeof office_key - 4);
    strcat(office_key, ".key");
    office = th_client(&srv, office_key, THD_SOCKET_DEALER, 5000, 2);
    assert_int_equal(cg_task_create(office, "Báo cáo quá hạn", "2020-01-10", 0, late_task), 0);
    assert_int_equal(cg_task_create(office, "Báo cáo còn hạn", "2099-12-31", 0, due_task), 0);
    struct watcher ws[] = {
        {.name = "full-1"},
        {.name = "full-2"},
        {.name = "unit-U-01", .unit = "U-01"},
        {.name = "unit-U-02", .unit = "U-02"},
        /* frozen across the crash and well past the restart, while the
           log is compacted beyond where it stopped reading */
        {.name = "slow", .rcvhwm = 1, .slow = true, .freeze_at_ms = 3000},
        {.name = "late", .since = 1, .start_after_ms = 2000},
    };
    enum { N = sizeof ws / sizeof ws[0] };
    pthread_t wt[N], wr[WRITERS];
    for (int i = 0; i < N; i++)
        pthread_create(&wt[i], NULL, watch_loop, &ws[i]);
    th_sleep_ms(300);
    for (long i = 0; i < WRITERS; i++)
        pthread_create(&wr[i], NULL, writer, (void *)i);
    th_sleep_ms(WRITE_MS / 4);
    assert_int_equal(cg_task_report(office, late_task, 40, "Đang làm, đã trễ hạn"), 0);
    assert_int_equal(cg_task_report(office, due_task, 10, "Mới bắt đầu"), 0);
    th_sleep_ms(WRITE_MS / 4);
    th_server_kill(&srv);
    th_sleep_ms(4500); /* long enough for every watch to report the broker down */
    th_server_restart(&srv);
    th_sleep_ms(WRITE_MS / 2);
    thaw_when_compacted_past_freeze(admin);
    writers_stop = 1;
    for (int i = 0; i < WRITERS; i++)
        pthread_join(wr[i], NULL);
    final_revision = th_revision(admin);
    for (int i = 0; i < N; i++)
        pthread_join(wt[i], NULL);

    thd_watch_stats_t sum = {0};
    for (int i = 0; i < N; i++) {
        print_message(
            "%-10s in_sync=%d rev=%llu records=%zu events=%llu dup=%llu repairs=%llu "
            "snapshots=%llu resnapshots=%llu downs=%llu: %s\n",
            ws[i].name, ws[i].in_sync, ws[i].revision, ws[i].records,
            (unsigned long long)ws[i].stats.events, (unsigned long long)ws[i].stats.duplicates,
            (unsigned long long)ws[i].stats.repairs, (unsigned long long)ws[i].stats.snapshots,
            (unsigned long long)ws[i].stats.resnapshots, (unsigned long long)ws[i].stats.downs,
            ws[i].why);
        sum.repairs += ws[i].stats.repairs;
        sum.resnapshots += ws[i].stats.resnapshots;
    }
    print_message("final revision %llu; gaps repaired %llu; re-snapshots %llu\n", final_revision,
                  (unsigned long long)sum.repairs, (unsigned long long)sum.resnapshots);
    for (int i = 0; i < N; i++) {
        assert_true(ws[i].in_sync);
        assert_int_equal(ws[i].revision, final_revision);
        assert_true(ws[i].equal);
        /* the case is there: the late task, in every view of all units */
        assert_int_equal(ws[i].overdue, ws[i].unit ? 0 : 1);
    }
    assert_true(sum.repairs > 0);
    assert_true(sum.resnapshots > 0);
    assert_true(ws[4].stats.resnapshots > 0); /* the frozen one fell off the log */
    assert_true(ws[5].stats.resnapshots > 0); /* the late one started below it */
    for (int i = 0; i < N - 1; i++)           /* all but the late one saw the crash */
        assert_true(ws[i].stats.downs > 0);
    thd_client_destroy(&admin);
    thd_client_destroy(&office);
    assert_int_equal(th_server_stop(&srv), 0);
    assert_int_equal(th_sh("%s/thidua-server verify --data %s >/dev/null", THIDUA_BIN_DIR, srv.dir),
                     0);
}

static int setup(void **state)
{
    (void)state;
    th_server_init(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_server_cleanup(&srv); /* also after a failed assertion: no broker left behind */
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(watches_converge_through_loss_crash_and_compaction),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
