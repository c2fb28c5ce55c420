/* Online backup under load: fills a store with N units (8 writers), then
 * takes `thidua-server backup` while 4 writers keep adding units, and
 * prints the backup's time and size and the writes acknowledged meanwhile.
 *   bench_backup [UNITS]   (default 50000) */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

struct writer {
    const th_server_t *srv;
    int id, from, count;
    volatile int *stop;
};

static void *write_units(void *arg)
{
    struct writer *w = arg;
    thd_client_t *c = th_client(w->srv, NULL, THD_SOCKET_DEALER, 10000, 2);
    for (int i = 0; i < w->count && !(w->stop && *w->stop); i++) {
        char code[32];
        snprintf(code, sizeof code, "B%d-%06d", w->id, w->from + i);
        th_add_unit(c, code, "Đơn vị đo sao lưu");
    }
    thd_client_destroy(&c);
    return NULL;
}

static void run_writers(const th_server_t *s, int n, int first_id, int per, volatile int *stop,
                        pthread_t *t, struct writer *w)
{
    for (int i = 0; i < n; i++) {
        w[i] = (struct writer){.srv = s, .id = first_id + i, .count = per, .stop = stop};
        pthread_create(&t[i], NULL, write_units, &w[i]);
    }
}

static int units = 50000;

static void bench(void **state)
{
    (void)state;
    th_server_t s;
    th_server_init(&s);
    th_server_start(&s);
    pthread_t t[8];
    struct writer w[8];
    run_writers(&s, 8, 0, units / 8, NULL, t, w);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    thd_client_t *admin = th_client(&s, NULL, THD_SOCKET_DEALER, 10000, 2);
    volatile int stop = 0;
    run_writers(&s, 4, 10, 1000000, &stop, t, w);
    th_sleep_ms(500);
    unsigned long long before = th_revision(admin);
    long long t0 = th_now_ms();
    char parent[256];
    snprintf(parent, sizeof parent, "%.*s", (int)(strlen(s.dir) - 4), s.dir);
    int rc =
        th_sh("%s/thidua-server backup --data %s --to %sbackup", THIDUA_BIN_DIR, s.dir, parent);
    long long ms = th_now_ms() - t0;
    unsigned long long after = th_revision(admin);
    stop = 1;
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(rc, 0);
    printf("units %d: backup %lld ms (copy + verify), %llu writes acknowledged meanwhile\n", units,
           ms, after - before);
    th_sh("du -sh %sbackup/store %s/store", parent, s.dir);
    thd_client_destroy(&admin);
    th_server_cleanup(&s);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        units = atoi(argv[1]);
    const struct CMUnitTest tests[] = {cmocka_unit_test(bench)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
