/* The program's stop flag, set by its signal handler, ends libthidua's
 * wait for a broker that does not answer: thd_call returns CANCELLED at
 * once rather than wait out its timeout, so a Ctrl-C is seen (thidua
 * watch, the monitor), and the same client works again once the broker
 * answers. Any other signal (a terminal's resize) is waited through. */
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
static volatile sig_atomic_t stop;    /* the client's stop flag: SIGUSR1 sets it */
static volatile sig_atomic_t resized; /* SIGUSR2, standing for SIGWINCH, counts */

static void on_signal(int sig)
{
    if (sig == SIGUSR1)
        stop = 1;
    else
        resized++;
}

static int setup(void **state)
{
    (void)state;
    th_server_init(&srv);
    th_server_start(&srv);
    struct sigaction sa = {.sa_handler = on_signal}; /* no SA_RESTART, as thidua watch */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_server_cleanup(&srv); /* resumes it too, should a failed assert have left it stopped */
    return 0;
}

/* Sends sig to the caller's thread every 200 ms until told to stop (one
 * signal could come before the call starts waiting), and after wake_after
 * signals (0: never) lets the stopped broker go on. */
struct nagger {
    pthread_t target, thread;
    int sig, wake_after;
    atomic_bool done;
};

static void *nag(void *arg)
{
    struct nagger *n = arg;
    th_sleep_ms(300);
    for (int sent = 0; !atomic_load(&n->done); sent++) {
        if (n->wake_after && sent == n->wake_after)
            kill(srv.pid, SIGCONT);
        pthread_kill(n->target, n->sig);
        th_sleep_ms(200);
    }
    return NULL;
}

static thd_client_t *client(thd_socket_t type)
{
    thd_client_opts_t o = {.server = srv.requests,
                           .server_key = srv.server_pub,
                           .key_file = srv.admin_key,
                           .timeout_ms = CALL_TIMEOUT_MS,
                           .retries = -1,
                           .socket = type,
                           .stop = &stop};
    thd_status_t st = {0};
    thd_client_t *c = thd_client_new(&o, &st);
    if (!c)
        fail_msg("cannot make a client: %s", st.message);
    return c;
}

static void the_stop_flag_ends_a_call_to_a_stopped_broker_with_cancelled(void **state)
{
    (void)state;
    const thd_socket_t kinds[] = {THD_SOCKET_DEALER, THD_SOCKET_REQ};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        thd_client_t *c = client(kinds[k]);
        thd_status_t st = {0};
        assert_int_equal(th_ping(c, &st), 0); /* connected: the next request is sent */
        assert_int_equal(kill(srv.pid, SIGSTOP), 0);

        stop = 0;
        struct nagger n = {.target = pthread_self(), .sig = SIGUSR1};
        assert_int_equal(pthread_create(&n.thread, NULL, nag, &n), 0);
        long long start = th_now_ms();
        int rc = th_ping(c, &st);
        long long took = th_now_ms() - start;
        atomic_store(&n.done, true);
        pthread_join(n.thread, NULL);
        kill(srv.pid, SIGCONT);

        assert_true(stop);
        assert_int_equal(rc, THD_CANCELLED);
        assert_string_equal(st.reason, "client.interrupted");
        assert_true(took < PROMPT_MS);
        stop = 0;
        assert_int_equal(th_ping(c, &st), 0); /* the unanswered request left nothing behind */
        thd_client_destroy(&c);
    }
}

/* A signal that does not set the flag interrupts the wait and the call goes
 * on: it is answered once the broker is let go on. */
static void another_signal_is_waited_through(void **state)
{
    (void)state;
    thd_client_t *c = client(THD_SOCKET_DEALER);
    thd_status_t st = {0};
    assert_int_equal(th_ping(c, &st), 0);
    assert_int_equal(kill(srv.pid, SIGSTOP), 0);
    stop = 0;
    resized = 0;
    struct nagger n = {.target = pthread_self(), .sig = SIGUSR2, .wake_after = 4};
    assert_int_equal(pthread_create(&n.thread, NULL, nag, &n), 0);
    int rc = th_ping(c, &st);
    atomic_store(&n.done, true);
    pthread_join(n.thread, NULL);
    kill(srv.pid, SIGCONT);
    assert_true(resized >= 4);
    assert_int_equal(rc, 0);
    thd_client_destroy(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_stop_flag_ends_a_call_to_a_stopped_broker_with_cancelled),
        cmocka_unit_test(another_signal_is_waited_through),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
