/* kill -9 under load: 8 writers add units while the broker is killed at a
 * random moment. After each restart every acknowledged write is present,
 * a request in flight at the kill, retried with its request id, takes
 * effect at most once, and `thidua-server verify` passes. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

#define UNIT_NAME  "Đơn vị thử tải"
#define WRITERS    8
#define MAX_WRITES 2000 /* per writer and round: bounds the run */
#define ROUNDS     3    /* in the suite; THIDUA_CRASH_ROUNDS=200 for the long run */

struct writer {
    const th_server_t *srv;
    int id, round;
    volatile int *stop;
    int acked;             /* units acknowledged OK, in order */
    char inflight_rid[33]; /* request unanswered when the broker died */
    char inflight_code[32];
};

static void unit_code(char *buf, size_t cap, int round, int writer, int n)
{
    snprintf(buf, cap, "R%d-W%d-%05d", round, writer, n);
}

static void *write_loop(void *arg)
{
    struct writer *w = arg;
    thd_client_t *c = th_client(w->srv, NULL, THD_SOCKET_DEALER, 400, -1);
    for (int n = 0; n < MAX_WRITES && !*w->stop; n++) {
        char code[32], rid[33];
        unit_code(code, sizeof code, w->round, w->id, n);
        thd_request_id(rid);
        thd_status_t st;
        int rc = th_add_unit_as(c, code, UNIT_NAME, rid, &st);
        if (rc != 0) { /* the broker is gone: remember what was in flight */
            memcpy(w->inflight_rid, rid, sizeof rid);
            memcpy(w->inflight_code, code, sizeof code);
            break;
        }
        w->acked = n + 1;
    }
    thd_client_destroy(&c);
    return NULL;
}

static bool unit_exists(thd_client_t *c, const char *code)
{
    Thidua__V1__UnitGet get = THIDUA__V1__UNIT_GET__INIT;
    get.code = (char *)code;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_GET;
    req.unit_get = &get;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    int rc = thd_call(c, &req, &resp, &st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    if (rc != 0 && rc != THIDUA__V1__CODE__NOT_FOUND)
        fail_msg("unit.get %s: %s", code, st.message);
    return rc == 0;
}

static void check_round(const th_server_t *srv, struct writer *ws, int *total_acked)
{
    thd_client_t *admin = th_client(srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    for (int i = 0; i < WRITERS; i++) {
        char code[32];
        for (int n = 0; n < ws[i].acked; n++) {
            unit_code(code, sizeof code, ws[i].round, i, n);
            if (!unit_exists(admin, code))
                fail_msg("acknowledged unit %s is missing after kill -9", code);
        }
        *total_acked += ws[i].acked;
        if (!*ws[i].inflight_rid)
            continue;
        /* the in-flight request, retried with its id: applied at most once */
        bool before = unit_exists(admin, ws[i].inflight_code);
        unsigned long long rev = th_revision(admin);
        thd_status_t st;
        int rc = th_add_unit_as(admin, ws[i].inflight_code, UNIT_NAME, ws[i].inflight_rid, &st);
        if (before)
            assert_true(rc == 0 || rc == THIDUA__V1__CODE__ALREADY_EXISTS);
        else
            assert_int_equal(rc, 0);
        assert_true(unit_exists(admin, ws[i].inflight_code));
        assert_int_equal(th_revision(admin), rev + (before ? 0 : 1));
    }
    thd_client_destroy(&admin);
}

static th_server_t srv;

static void acknowledged_writes_survive_kill_9(void **state)
{
    (void)state;
    srand((unsigned)time(NULL));
    int total_acked = 0;
    const char *env = getenv("THIDUA_CRASH_ROUNDS");
    int rounds = env && atoi(env) > 0 ? atoi(env) : ROUNDS;
    for (int round = 0; round < rounds; round++) {
        th_server_start(&srv);
        volatile int stop = 0;
        struct writer ws[WRITERS];
        pthread_t th[WRITERS];
        for (int i = 0; i < WRITERS; i++) {
            ws[i] = (struct writer){.srv = &srv, .id = i, .round = round, .stop = &stop};
            pthread_create(&th[i], NULL, write_loop, &ws[i]);
        }
        long ms = 300 + rand() % 700;
        nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
        th_server_kill(&srv);
        stop = 1;
        for (int i = 0; i < WRITERS; i++)
            pthread_join(th[i], NULL);
        th_server_start(&srv);
        check_round(&srv, ws, &total_acked);
        assert_int_equal(th_server_stop(&srv), 0);
        assert_int_equal(
            th_sh("%s/thidua-server verify --data %s >/dev/null", THIDUA_BIN_DIR, srv.dir), 0);
    }
    print_message("%d acknowledged writes checked over %d kill -9 rounds\n", total_acked, rounds);
    assert_true(total_acked > 0);
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
        cmocka_unit_test(acknowledged_writes_survive_kill_9),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
