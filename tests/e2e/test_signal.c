/* A signal the program handles ends libthidua's wait for a broker that does
 * not answer: thd_call returns CANCELLED at once rather than wait out its
 * timeout, so a Ctrl-C handler's flag is seen (thidua watch, the monitor),
 * and the same client works again once the broker answers. */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

#define CALL_TIMEOUT_MS 60000
#define PROMPT_MS       10000 /* generous: a behaviour, not a speed */

static th_server_t srv;
static volatile sig_atomic_t signalled;

static void on_signal(int sig)
{
    (void)sig;
    signalled = 1;
}

static int setup(void **state)
{
    (void)state;
    th_server_init(&srv);
    th_server_start(&srv);
    struct sigaction sa = {.sa_handler = on_signal}; /* no SA_RESTART, as thidua watch */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (srv.pid > 0)
        kill(srv.pid, SIGCONT); /* a failed assert may have left it stopped */
    th_server_cleanup(&srv);
    return 0;
}

/* Signals the caller's thread every 200 ms until told to stop: one signal
 * could come before the call starts waiting. */
struct nagger {
    pthread_t target, thread;
    atomic_bool done;
};

static void *nag(void *arg)
{
    struct nagger *n = arg;
    th_sleep_ms(300);
    while (!atomic_load(&n->done)) {
        pthread_kill(n->target, SIGUSR1);
        th_sleep_ms(200);
    }
    return NULL;
}

static int ping(thd_client_t *c, thd_status_t *st)
{
    Thidua__V1__PingRequest body = THIDUA__V1__PING_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PING;
    req.ping = &body;
    Thidua__V1__Response *resp = NULL;
    int rc = thd_call(c, &req, &resp, st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

static void a_signal_ends_a_call_to_a_stopped_broker_with_cancelled(void **state)
{
    (void)state;
    const thd_socket_t kinds[] = {THD_SOCKET_DEALER, THD_SOCKET_REQ};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        thd_client_t *c = th_client(&srv, NULL, kinds[k], CALL_TIMEOUT_MS, -1);
        thd_status_t st = {0};
        assert_int_equal(ping(c, &st), 0); /* connected: the next request is sent */
        assert_int_equal(kill(srv.pid, SIGSTOP), 0);

        signalled = 0;
        struct nagger n = {.target = pthread_self()};
        assert_int_equal(pthread_create(&n.thread, NULL, nag, &n), 0);
        long long start = th_now_ms();
        int rc = ping(c, &st);
        long long took = th_now_ms() - start;
        atomic_store(&n.done, true);
        pthread_join(n.thread, NULL);
        kill(srv.pid, SIGCONT);

        assert_true(signalled);
        assert_int_equal(rc, THD_CANCELLED);
        assert_string_equal(st.reason, "client.interrupted");
        assert_true(took < PROMPT_MS);
        assert_int_equal(ping(c, &st), 0); /* the unanswered request left nothing behind */
        thd_client_destroy(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_signal_ends_a_call_to_a_stopped_broker_with_cancelled),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
