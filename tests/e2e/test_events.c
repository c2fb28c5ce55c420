/* The event socket, against a real thidua-server on loopback: a committed
 * change is published once per topic ("*" and each concerned unit) with the
 * same Event bytes the reply's revision names, and "_sys/heartbeat" carries
 * the store revision every second; a principal disabled while subscribed
 * receives nothing more. Raw CURVE SUB sockets with the admin key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <zmq.h>

#include "harness.h"

#define SLOW_JOINER_MS 300 /* a SUB misses what is published before it is subscribed */
#define EVENT_WAIT_MS  1500
#define HEARTBEAT_MS   2500 /* heartbeats come every 1000 ms */
#define MAX_MSGS       16

static th_server_t srv;

TH_SERVER_FIXTURES(srv)

/* An events subscriber with the admin's CURVE keys, subscribed to prefix. */
static void *subscriber(const char *prefix)
{
    return th_socket_open(&srv, ZMQ_SUB, srv.events, prefix);
}

/* One published message: its topic, the frame count, and the last frame. */
struct published {
    char topic[256];
    int frames;
    uint8_t *body;
    size_t len;
};

static void published_clear(struct published *m, int n)
{
    for (int i = 0; i < n; i++)
        free(m[i].body);
}

/* Receives one whole message into m; false when none came before deadline. */
static bool recv_published(void *sub, long long deadline, struct published *m)
{
    memset(m, 0, sizeof *m);
    zmq_pollitem_t item = {sub, 0, ZMQ_POLLIN, 0};
    long long left;
    while ((left = deadline - th_now_ms()) > 0) {
        if (zmq_poll(&item, 1, (long)left) <= 0)
            continue; /* EINTR or timeout: the deadline decides */
        bool more = true;
        while (more && m->frames < 64) {
            zmq_msg_t f;
            zmq_msg_init(&f);
            if (zmq_msg_recv(&f, sub, 0) < 0) {
                zmq_msg_close(&f);
                break;
            }
            more = zmq_msg_more(&f);
            size_t len = zmq_msg_size(&f);
            if (m->frames++ == 0) {
                size_t n = len < sizeof m->topic - 1 ? len : sizeof m->topic - 1;
                memcpy(m->topic, zmq_msg_data(&f), n);
            } else {
                free(m->body);
                m->body = malloc(len ? len : 1);
                assert_non_null(m->body);
                memcpy(m->body, zmq_msg_data(&f), len);
                m->len = len;
            }
            zmq_msg_close(&f);
        }
        return true;
    }
    return false;
}

/* Collects every message arriving within ms (the window is fixed: "until
 * quiet" would be no bound on a socket that may see heartbeats). */
static int collect(void *sub, int ms, struct published *out, int cap)
{
    long long deadline = th_now_ms() + ms;
    int n = 0;
    struct published m;
    while (recv_published(sub, deadline, &m)) {
        if (n < cap)
            out[n++] = m;
        else
            free(m.body);
    }
    return n;
}

/* Adds a unit as admin and returns the reply's revision. */
static uint64_t add_unit(thd_client_t *admin, const char *code, const char *name, char *rid)
{
    Thidua__V1__Unit u = THIDUA__V1__UNIT__INIT;
    u.code = (char *)code;
    u.name = (char *)name;
    u.kind = THIDUA__V1__UNIT_KIND__UNIT_KIND_DEPARTMENT;
    Thidua__V1__UnitAdd add = THIDUA__V1__UNIT_ADD__INIT;
    add.unit = &u;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_ADD;
    req.unit_add = &add;
    req.request_id = rid;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    if (thd_call(admin, &req, &resp, &st) != 0)
        fail_msg("unit.add %s: %s", code, st.message);
    uint64_t rev = resp->revision;
    thidua__v1__response__free_unpacked(resp, NULL);
    return rev;
}

static void unit_add_is_published_once_on_all_and_unit_topics(void **state)
{
    (void)state;
    void *all = subscriber("*/");
    void *unit = subscriber("SO-X/");
    th_sleep_ms(SLOW_JOINER_MS);

    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    char rid[] = "events-unit-add-0001";
    uint64_t rev = add_unit(admin, "SO-X", "Sở Thử Nghiệm", rid);
    thd_client_destroy(&admin);

    struct published got_all[MAX_MSGS], got_unit[MAX_MSGS];
    int n_all = collect(all, EVENT_WAIT_MS, got_all, MAX_MSGS);
    int n_unit = collect(unit, EVENT_WAIT_MS, got_unit, MAX_MSGS);
    assert_int_equal(n_all, 1);
    assert_int_equal(n_unit, 1);

    assert_string_equal(got_all[0].topic, "*/unit/SO-X");
    assert_int_equal(got_all[0].frames, 2);
    Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, got_all[0].len, got_all[0].body);
    assert_non_null(ev);
    assert_int_equal(ev->revision, rev);
    assert_string_equal(ev->kind, "unit.add");
    assert_string_equal(ev->actor, "admin");
    assert_string_equal(ev->request_id, rid);
    assert_true(ev->n_records >= 1);
    assert_string_equal(ev->records[0]->type, "unit");
    assert_string_equal(ev->records[0]->id, "SO-X");
    thidua__v1__event__free_unpacked(ev, NULL);

    /* the unit's subscribers get the very same Event, not a re-encoding */
    assert_string_equal(got_unit[0].topic, "SO-X/unit/SO-X");
    assert_int_equal(got_unit[0].frames, 2);
    assert_int_equal(got_unit[0].len, got_all[0].len);
    assert_memory_equal(got_unit[0].body, got_all[0].body, got_all[0].len);

    published_clear(got_all, n_all);
    published_clear(got_unit, n_unit);
    th_socket_close(&all);
    th_socket_close(&unit);
}

static void heartbeat_carries_the_store_revision(void **state)
{
    (void)state;
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    unsigned long long rev = th_revision(admin);
    thd_client_destroy(&admin);
    assert_true(rev > 0); /* init and the test before made changes */

    /* the deadline starts before the slow joiner's handshake, on purpose:
     * a heartbeat is due within a second of any moment */
    long long deadline = th_now_ms() + HEARTBEAT_MS;
    void *sys = subscriber("_sys/");
    struct published m;
    bool got = false;
    for (int i = 0; i < MAX_MSGS && !got && recv_published(sys, deadline, &m); i++) {
        got = strcmp(m.topic, "_sys/heartbeat") == 0;
        if (!got)
            free(m.body);
    }
    if (!got)
        fail_msg("no heartbeat within %d ms", HEARTBEAT_MS);
    assert_int_equal(m.frames, 2);
    Thidua__V1__Heartbeat *hb = thidua__v1__heartbeat__unpack(NULL, m.len, m.body);
    assert_non_null(hb);
    assert_int_equal(hb->revision, rev);
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    long long wall_ms = wall.tv_sec * 1000LL + wall.tv_nsec / 1000000;
    assert_true(hb->time_ms > wall_ms - 10000 && hb->time_ms < wall_ms + 10000);
    thidua__v1__heartbeat__free_unpacked(hb, NULL);
    free(m.body);
    th_socket_close(&sys);
}

/* The revision a published message carries (an Event's, a heartbeat's). */
static uint64_t published_revision(const struct published *m)
{
    uint64_t rev = 0;
    if (strcmp(m->topic, "_sys/heartbeat") == 0) {
        Thidua__V1__Heartbeat *hb = thidua__v1__heartbeat__unpack(NULL, m->len, m->body);
        assert_non_null(hb);
        rev = hb->revision;
        thidua__v1__heartbeat__free_unpacked(hb, NULL);
    } else {
        Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, m->len, m->body);
        assert_non_null(ev);
        rev = ev->revision;
        thidua__v1__event__free_unpacked(ev, NULL);
    }
    return rev;
}

/* Waits until sub receives a message at revision rev or later. */
static bool receives_revision(void *sub, uint64_t rev, int ms)
{
    long long deadline = th_now_ms() + ms;
    struct published m;
    bool seen = false;
    while (!seen && recv_published(sub, deadline, &m)) {
        seen = published_revision(&m) >= rev;
        free(m.body);
    }
    return seen;
}

static uint64_t set_disabled(thd_client_t *admin, const char *name, bool disabled, char *rid)
{
    Thidua__V1__PrincipalSetDisabled body = THIDUA__V1__PRINCIPAL_SET_DISABLED__INIT;
    body.name = (char *)name;
    body.disabled = disabled;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_SET_DISABLED;
    req.principal_set_disabled = &body;
    req.request_id = rid;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    if (thd_call(admin, &req, &resp, &st) != 0)
        fail_msg("principal.set_disabled %s: %s", name, st.message);
    uint64_t rev = resp->revision;
    thidua__v1__response__free_unpacked(resp, NULL);
    return rev;
}

/* ZAP admits a key only when it connects; disabling a principal must also
 * end the event stream it already has open. After the revocation's
 * revision it receives nothing, not even heartbeats, while other
 * subscribers reconnect by themselves and watches converge. */
static void a_disabled_principal_stops_receiving_events(void **state)
{
    (void)state;
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    add_unit(admin, "SO-REV", "Sở Bị Thu Hồi", "events-revoke-unit");
    th_add_principal(&srv, "revoked", THIDUA__V1__ROLE__ROLE_UNIT, "SO-REV");
    char key[320];
    void *theirs = th_socket_open_as(&srv, ZMQ_SUB, srv.events, "",
                                     th_path(&srv, "revoked.key", key, sizeof key));
    void *ours = subscriber("*/");
    thd_client_opts_t o = {.server = srv.requests,
                           .events = srv.events,
                           .server_key = srv.server_pub,
                           .key_file = srv.admin_key,
                           .timeout_ms = 2000};
    thd_watch_opts_t wo = {0};
    thd_status_t st;
    thd_watch_t *w = thd_watch_new(&o, &wo, NULL, &st);
    assert_non_null(w);
    assert_true(thd_watch_run(w, 100, &st) >= 0);
    th_sleep_ms(SLOW_JOINER_MS);
    uint64_t before = add_unit(admin, "SO-REV-1", "Trước khi khóa", "events-revoke-1");
    assert_true(receives_revision(theirs, before, EVENT_WAIT_MS)); /* it was subscribed */

    uint64_t revoked = set_disabled(admin, "revoked", true, "events-revoke-off");
    char code[32], rid[64];
    uint64_t last = 0;
    for (int i = 2; i <= 4; i++) {
        snprintf(code, sizeof code, "SO-REV-%d", i);
        snprintf(rid, sizeof rid, "events-revoke-%d", i);
        last = add_unit(admin, code, "Sau khi khóa", rid);
        assert_true(thd_watch_run(w, 50, &st) >= 0);
    }
    assert_true(last > revoked);

    /* long enough for two heartbeats at the head revision */
    struct published got[MAX_MSGS];
    int n = collect(theirs, HEARTBEAT_MS, got, MAX_MSGS);
    for (int i = 0; i < n; i++) {
        uint64_t rev = published_revision(&got[i]);
        if (rev > revoked)
            fail_msg("the disabled key received %s at revision %llu, after %llu", got[i].topic,
                     (unsigned long long)rev, (unsigned long long)revoked);
    }
    published_clear(got, n);

    /* everyone else: the raw subscriber is back, the watch has every change */
    /* a SUB sends its subscriptions again once its owner reads it */
    n = collect(ours, SLOW_JOINER_MS, got, MAX_MSGS);
    published_clear(got, n);
    uint64_t after = add_unit(admin, "SO-REV-5", "Sau khi kết nối lại", "events-revoke-5");
    assert_true(receives_revision(ours, after, EVENT_WAIT_MS));
    long long deadline = th_now_ms() + 10000;
    while (!(thd_watch_in_sync(w) && thd_watch_revision(w) == after) && th_now_ms() < deadline)
        assert_true(thd_watch_run(w, 100, &st) >= 0);
    assert_int_equal(thd_watch_revision(w), after);
    assert_true(thd_watch_in_sync(w));
    for (int i = 1; i <= 5; i++) {
        snprintf(code, sizeof code, "SO-REV-%d", i);
        assert_non_null(thd_watch_get(w, "unit", code));
    }

    /* enabled again, the key subscribes again */
    set_disabled(admin, "revoked", false, "events-revoke-on");
    th_socket_close(&theirs);
    theirs = th_socket_open_as(&srv, ZMQ_SUB, srv.events, "",
                               th_path(&srv, "revoked.key", key, sizeof key));
    th_sleep_ms(SLOW_JOINER_MS);
    after = add_unit(admin, "SO-REV-6", "Mở lại", "events-revoke-6");
    assert_true(receives_revision(theirs, after, EVENT_WAIT_MS));

    thd_watch_destroy(&w);
    thd_client_destroy(&admin);
    th_socket_close(&theirs);
    th_socket_close(&ours);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unit_add_is_published_once_on_all_and_unit_topics),
        cmocka_unit_test(heartbeat_carries_the_store_revision),
        cmocka_unit_test(a_disabled_principal_stops_receiving_events),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
