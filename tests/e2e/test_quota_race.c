/* Two chairs decide the last place under a quota at the same moment, from
 * two clients: the broker serializes them (one thread, group commit, the
 * second request sees the first's pending write), so exactly one wins. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "congress.h"

#define NS(x)      THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x
#define DEFENSE    THIDUA__V1__FIELD__FIELD_DEFENSE_SECURITY
#define INDIVIDUAL THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL
#define ROUNDS     10

static cg_world_t w;

struct racer {
    thd_client_t *client;
    const char *id;
    pthread_barrier_t *start;
    int rc;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    pthread_barrier_wait(r->start);
    r->rc = cg_nominee_decide(r->client, r->id, true, "");
    return NULL;
}

static void two_chairs_deciding_the_last_place_exactly_one_succeeds(void **state)
{
    (void)state;
    char key[340], base[320];
    th_add_principal(&w.srv, "pho-chu-tich", THIDUA__V1__ROLE__ROLE_CHAIR, NULL);
    snprintf(key, sizeof key, "%s.key", th_path(&w.srv, "pho-chu-tich", base, sizeof base));
    thd_client_t *second = th_client(&w.srv, key, THD_SOCKET_DEALER, 10000, 2);
    for (unsigned round = 1; round <= ROUNDS; round++) {
        /* round places; round - 1 taken already, so one is left */
        assert_int_equal(cg_quota_set(w.c[CG_ADMIN], DEFENSE, INDIVIDUAL, round, 0), THD_OK);
        char a[32], b[32];
        cg_nominee_in(&w, NS(VETTED), DEFENSE, INDIVIDUAL, a);
        cg_nominee_in(&w, NS(VETTED), DEFENSE, INDIVIDUAL, b);
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, 2);
        struct racer r1 = {w.c[CG_CHAIR], a, &start, -1}, r2 = {second, b, &start, -1};
        pthread_t t1, t2;
        pthread_create(&t1, NULL, race, &r1);
        pthread_create(&t2, NULL, race, &r2);
        pthread_join(t1, NULL);
        pthread_join(t2, NULL);
        pthread_barrier_destroy(&start);
        int wins = (r1.rc == THD_OK) + (r2.rc == THD_OK);
        int full = (r1.rc == THD_RESOURCE_EXHAUSTED) + (r2.rc == THD_RESOURCE_EXHAUSTED);
        if (wins != 1 || full != 1)
            fail_msg("round %u: statuses %d and %d", round, r1.rc, r2.rc);
        int sa = cg_nominee_status(w.c[CG_OBSERVER], a),
            sb = cg_nominee_status(w.c[CG_OBSERVER], b);
        assert_int_equal((sa == NS(SELECTED)) + (sb == NS(SELECTED)), 1);
        assert_int_equal((sa == NS(VETTED)) + (sb == NS(VETTED)), 1);
        /* the loser is turned down so the next round starts clean */
        const char *loser = sa == NS(VETTED) ? a : b;
        assert_int_equal(cg_nominee_decide(w.c[CG_CHAIR], loser, false, "hết chỉ tiêu"), THD_OK);
    }
    thd_client_destroy(&second);
}

CG_GROUP_FIXTURES(w)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_chairs_deciding_the_last_place_exactly_one_succeeds),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
