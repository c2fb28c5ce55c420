/* Hostile peers against a real broker: a flood of connections with
 * unregistered keys, a registered client that sends 10,000 requests and
 * never reads a reply, and a subscriber that never reads. Through all of
 * it a well-behaved client keeps getting answers, nothing changes in the
 * store, and the broker's peak memory stays bounded (printed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zmq.h>

#include "harness.h"
#include "keys.h"

#define STRANGERS    100
#define UNREAD_SENDS 10000
#define FLOOD_MS     3000
#define RSS_LIMIT_MB 256 /* far above what the broker needs; catches unbounded growth */

static th_server_t srv;
static void *zctx;

static int setup(void **state)
{
    (void)state;
    th_server_init(&srv);
    th_server_start(&srv);
    zctx = zmq_ctx_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zmq_ctx_term(zctx);
    th_server_cleanup(&srv);
    return 0;
}

/* A DEALER with a fresh, unregistered key pair, already connecting. */
static void *stranger(void)
{
    char pub[41], sec[41], server[41];
    thd_status_t st;
    zmq_curve_keypair(pub, sec);
    if (keys_load_public(srv.server_pub, server, &st) != 0)
        fail_msg("%s", st.message);
    void *s = zmq_socket(zctx, ZMQ_DEALER);
    int linger = 0;
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, server, 40);
    zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, pub, 40);
    zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, sec, 40);
    zmq_connect(s, srv.requests);
    return s;
}

static void well_behaved_client_is_served_through_hostile_peers(void **state)
{
    (void)state;
    thd_client_t *good = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    unsigned long long before = th_revision(good);

    /* a subscriber that never reads, subscribed to everything */
    void *deaf = th_curve_socket(&srv, zctx, ZMQ_SUB, NULL);
    zmq_setsockopt(deaf, ZMQ_SUBSCRIBE, "", 0);
    zmq_connect(deaf, srv.events);

    /* a registered client that sends and never reads */
    void *rude = th_curve_socket(&srv, zctx, ZMQ_DEALER, NULL);
    int unbounded = 0; /* queue every request; the broker must cope */
    zmq_setsockopt(rude, ZMQ_SNDHWM, &unbounded, sizeof unbounded);
    zmq_connect(rude, srv.requests);
    th_sleep_ms(300);
    uint8_t buf[64];
    Thidua__V1__PingRequest pbody = THIDUA__V1__PING_REQUEST__INIT;
    Thidua__V1__Request preq = THIDUA__V1__REQUEST__INIT;
    preq.request_id = "rude";
    preq.body_case = THIDUA__V1__REQUEST__BODY_PING;
    preq.ping = &pbody;
    size_t plen = thidua__v1__request__pack(&preq, buf);
    int sent = 0;
    for (int i = 0; i < UNREAD_SENDS; i++)
        sent += zmq_send(rude, buf, plen, ZMQ_DONTWAIT) >= 0;

    void *strangers[STRANGERS];
    for (int i = 0; i < STRANGERS; i++)
        strangers[i] = stranger();

    int answered = 0, asked = 0;
    long long end = th_now_ms() + FLOOD_MS;
    while (th_now_ms() < end) {
        asked++;
        answered += th_ping(good, &(thd_status_t){0}) == 0;
        th_sleep_ms(100);
    }
    for (int i = 0; i < STRANGERS; i++)
        zmq_close(strangers[i]);
    zmq_close(rude);
    zmq_close(deaf);

    long rss = th_peak_rss_kb(srv.pid);
    print_message("rude client sent %d requests unread; %d/%d pings answered during a flood of "
                  "%d unregistered keys; broker peak RSS %ld KiB\n",
                  sent, answered, asked, STRANGERS, rss);
    assert_int_equal(answered, asked);
    assert_int_equal(th_ping(good, &(thd_status_t){0}), 0);
    assert_int_equal(th_revision(good), before);
    assert_true(rss > 0 && rss < RSS_LIMIT_MB * 1024);
    thd_client_destroy(&good);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(well_behaved_client_is_served_through_hostile_peers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
