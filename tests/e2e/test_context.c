/* libthidua's objects share one ZeroMQ context per process: many clients,
 * event streams and a watch run on one I/O thread, the last one to go
 * ends it, and a forked child that makes its own client gets a working
 * context of its own. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

static th_server_t srv;

TH_SERVER_FIXTURES(srv)

/* Threads of this process whose name starts with prefix. */
static int threads_named(const char *prefix)
{
    DIR *d = opendir("/proc/self/task");
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[300], name[64] = "";
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (f && fgets(name, sizeof name, f) && strncmp(name, prefix, strlen(prefix)) == 0)
            n++;
        if (f)
            fclose(f);
    }
    closedir(d);
    return n;
}

static thd_client_opts_t opts(void)
{
    return (thd_client_opts_t){.server = srv.requests,
                               .events = srv.events,
                               .server_key = srv.server_pub,
                               .key_file = srv.admin_key};
}

static void many_objects_share_one_io_thread(void **state)
{
    (void)state;
    assert_int_equal(threads_named("ZMQbg/"), 0);
    enum { CLIENTS = 8, STREAMS = 2 };
    thd_client_t *c[CLIENTS];
    thd_events_t *ev[STREAMS];
    thd_client_opts_t o = opts();
    thd_status_t st = {0};
    for (int i = 0; i < CLIENTS; i++) {
        c[i] = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
        assert_true(th_revision(c[i]) > 0); /* each one connected and answered */
    }
    for (int i = 0; i < STREAMS; i++)
        assert_non_null(ev[i] = thd_events_new(&o, NULL, &st));
    thd_watch_t *w = thd_watch_new(&o, NULL, NULL, &st);
    assert_non_null(w);
    for (long long end = th_now_ms() + 10000; !thd_watch_in_sync(w) && th_now_ms() < end;)
        assert_int_equal(thd_watch_run(w, 50, &st), 0);
    assert_true(thd_watch_in_sync(w));

    assert_int_equal(threads_named("ZMQbg/IO/"), 1);
    assert_int_equal(threads_named("ZMQbg/Reaper"), 1);

    thd_watch_destroy(&w);
    for (int i = 0; i < STREAMS; i++)
        thd_events_destroy(&ev[i]);
    for (int i = 1; i < CLIENTS; i++)
        thd_client_destroy(&c[i]);
    assert_int_equal(threads_named("ZMQbg/IO/"), 1); /* one object still holds it */
    assert_true(th_revision(c[0]) > 0);
    thd_client_destroy(&c[0]);
    assert_int_equal(threads_named("ZMQbg/"), 0); /* the last one ended it */
}

static void a_forked_child_makes_its_own_context(void **state)
{
    (void)state;
    thd_client_t *parent = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    unsigned long long rev = th_revision(parent);
    assert_true(rev > 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(30); /* a child stuck on the parent's context dies instead of hanging */
        thd_client_t *mine = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
        unsigned long long seen = th_revision(mine);
        thd_client_destroy(&mine);
        _exit(seen >= rev ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_true(th_revision(parent) >= rev); /* the parent's context is untouched */
    thd_client_destroy(&parent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_objects_share_one_io_thread),
        cmocka_unit_test(a_forked_child_makes_its_own_context),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
