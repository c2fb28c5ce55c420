/* A call the broker leaves unanswered (stopped with SIGSTOP, no retries)
 * ends with UNAVAILABLE after its timeout, and the next call on the same
 * client is answered once the broker goes on: a REQ socket, which refuses
 * a second send before a reply, is reopened first. A DEALER does the same. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

#define SHORT_TIMEOUT_MS 1000 /* the unanswered call waits this long, once */

static th_server_t srv;

static int setup(void **state)
{
    (void)state;
    th_server_init(&srv);
    th_server_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_server_cleanup(&srv); /* resumes it too, should a failed assert have left it stopped */
    return 0;
}

/* Waits until the broker answers again, on a client of its own, so that
 * the next call's short timeout measures the client, not the wake-up. */
static void wait_until_answering(void)
{
    thd_client_t *other = th_client(&srv, NULL, THD_SOCKET_DEALER, 10000, 2);
    thd_status_t st = {0};
    assert_int_equal(th_ping(other, &st), 0);
    thd_client_destroy(&other);
}

static void the_call_after_a_timed_out_call_is_answered(thd_socket_t type)
{
    thd_client_t *c = th_client(&srv, NULL, type, SHORT_TIMEOUT_MS, -1);
    thd_status_t st = {0};
    assert_int_equal(th_ping(c, &st), 0); /* connected: the next request is sent */

    assert_int_equal(kill(srv.pid, SIGSTOP), 0);
    assert_int_equal(th_ping(c, &st), THD_UNAVAILABLE);
    assert_string_equal(st.reason, "client.no_reply");
    assert_int_equal(kill(srv.pid, SIGCONT), 0);
    wait_until_answering();

    assert_int_equal(th_ping(c, &st), 0);
    assert_int_equal(th_ping(c, &st), 0); /* and the one after */
    thd_client_destroy(&c);
}

static void req_client_calls_again_after_a_call_timed_out(void **state)
{
    (void)state;
    the_call_after_a_timed_out_call_is_answered(THD_SOCKET_REQ);
}

static void dealer_client_calls_again_after_a_call_timed_out(void **state)
{
    (void)state;
    the_call_after_a_timed_out_call_is_answered(THD_SOCKET_DEALER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(req_client_calls_again_after_a_call_timed_out),
        cmocka_unit_test(dealer_client_calls_again_after_a_call_timed_out),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
