/* The broker core's promises, against a real thidua-server on loopback:
 * authentication, both socket kinds, safe retries, compare-and-set,
 * disabling a principal, and the verify tool. */
#include <errno.h>
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

static th_server_t srv;

static int setup(void **state)
{
    (void)state;
    th_server_init(&srv);
    th_server_start(&srv);
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    assert_int_equal(th_add_unit(admin, "SO-VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"), 0);
    thd_client_destroy(&admin);
    th_add_principal(&srv, "vhttdl", THIDUA__V1__ROLE__ROLE_UNIT, "SO-VHTTDL");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_server_cleanup(&srv);
    return 0;
}

static void unit_edit_request(Thidua__V1__Request *req, Thidua__V1__UnitEdit *edit,
                              Thidua__V1__Unit *u, const char *code, const char *name)
{
    thidua__v1__unit__init(u);
    u->code = (char *)code;
    u->name = (char *)name;
    thidua__v1__unit_edit__init(edit);
    edit->unit = u;
    thidua__v1__request__init(req);
    req->body_case = THIDUA__V1__REQUEST__BODY_UNIT_EDIT;
    req->unit_edit = edit;
}

/* An events subscriber with the given key; NULL key file: admin. */
static void *subscriber(void *ctx, const char *key_file)
{
    void *sub = th_curve_socket(&srv, ctx, ZMQ_SUB, key_file);
    zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0);
    assert_int_equal(zmq_connect(sub, srv.events), 0);
    return sub;
}

/* Counts messages arriving within ms (heartbeats too, unless skipped). */
static int count_messages(void *sub, int ms, bool skip_heartbeats)
{
    int n = 0;
    zmq_pollitem_t item = {sub, 0, ZMQ_POLLIN, 0};
    long long deadline = th_now_ms() + ms;
    while (th_now_ms() < deadline && zmq_poll(&item, 1, (long)(deadline - th_now_ms())) > 0) {
        char topic[256];
        int len = zmq_recv(sub, topic, sizeof topic - 1, 0);
        char body[4096];
        zmq_recv(sub, body, sizeof body, 0);
        if (len >= 0) {
            topic[len < 255 ? len : 255] = '\0';
            if (!(skip_heartbeats && strncmp(topic, "_sys/", 5) == 0))
                n++;
        }
    }
    return n;
}

static void unregistered_key_is_refused_by_name_and_gets_no_event(void **state)
{
    (void)state;
    char key[320], pub[320];
    th_path(&srv, "stranger.key", key, sizeof key);
    th_path(&srv, "stranger.pub", pub, sizeof pub);
    thd_status_t st;
    assert_int_equal(thd_keygen(key, pub, &st), 0);
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 5000, 2);
    unsigned long long before = th_revision(admin);

    void *ctx = zmq_ctx_new();
    void *stranger_sub = subscriber(ctx, key);
    void *admin_sub = subscriber(ctx, NULL);
    thd_client_t *stranger = th_client(&srv, key, THD_SOCKET_DEALER, 500, -1);
    /* the broker answers nothing; libthidua sees its handshake refused */
    assert_int_equal(th_ping(stranger, &st), THIDUA__V1__CODE__UNAUTHENTICATED);
    assert_string_equal(st.reason, "client.key_refused");
    assert_int_equal(th_add_unit(stranger, "SO-GIA", "Sở Giả"), THIDUA__V1__CODE__UNAUTHENTICATED);
    assert_int_equal(th_revision(admin), before);

    /* a change made by the admin reaches the admin's subscriber only */
    count_messages(admin_sub, 300, true); /* settle the handshake */
    assert_int_equal(th_add_unit(admin, "SO-NV", "Sở Nội vụ"), 0);
    assert_true(count_messages(admin_sub, 1500, true) >= 1);
    assert_int_equal(count_messages(stranger_sub, 500, false), 0);
    zmq_close(stranger_sub);
    zmq_close(admin_sub);
    zmq_ctx_term(ctx);
    thd_client_destroy(&stranger);
    thd_client_destroy(&admin);
}

/* The first handshake event a monitor reports within ms: its event and
 * value, or 0. */
static int handshake_event(void *mon, int ms, int *value)
{
    zmq_pollitem_t item = {mon, 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&item, 1, ms) <= 0)
        return 0;
    zmq_msg_t m;
    zmq_msg_init(&m);
    assert_true(zmq_msg_recv(&m, mon, 0) >= 6);
    uint16_t event;
    uint32_t v;
    memcpy(&event, zmq_msg_data(&m), 2);
    memcpy(&v, (char *)zmq_msg_data(&m) + 2, 4);
    zmq_msg_close(&m);
    zmq_msg_init(&m);
    assert_true(zmq_msg_recv(&m, mon, 0) >= 0); /* the endpoint */
    zmq_msg_close(&m);
    *value = (int)v;
    return event;
}

/* Both an unregistered key and a malformed frame get silence on the
 * socket. The socket monitor tells them apart, as docs/PROTOCOL.md says:
 * a refused key is ZMQ_EVENT_HANDSHAKE_FAILED_AUTH with the ZAP status
 * 400, a registered one HANDSHAKE_SUCCEEDED. A refused DEALER's send
 * returns within ZMQ_SNDTIMEO, taken or EAGAIN. */
static void socket_monitor_tells_a_refused_key_from_silence(void **state)
{
    (void)state;
    char key[320], pub[320];
    th_path(&srv, "outsider.key", key, sizeof key);
    th_path(&srv, "outsider.pub", pub, sizeof pub);
    thd_status_t st;
    assert_int_equal(thd_keygen(key, pub, &st), 0);
    void *ctx = zmq_ctx_new();
    const char *keys[] = {key, NULL}; /* NULL: the admin's */
    const int want[] = {ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ZMQ_EVENT_HANDSHAKE_SUCCEEDED};
    for (int i = 0; i < 2; i++) {
        void *sock = th_curve_socket(&srv, ctx, ZMQ_DEALER, keys[i]);
        char addr[64];
        snprintf(addr, sizeof addr, "inproc://monitor-%d", i);
        assert_int_equal(
            zmq_socket_monitor(sock, addr,
                               ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_SUCCEEDED),
            0);
        void *mon = zmq_socket(ctx, ZMQ_PAIR);
        assert_int_equal(zmq_connect(mon, addr), 0);
        int timeout = 500;
        assert_int_equal(zmq_setsockopt(sock, ZMQ_SNDTIMEO, &timeout, sizeof timeout), 0);
        assert_int_equal(zmq_connect(sock, srv.requests), 0);
        int value = 0;
        assert_int_equal(handshake_event(mon, 5000, &value), want[i]);
        if (i == 0) {
            assert_int_equal(value, 400);
            /* frames may queue until the pipe is gone; then a send would
               wait for a connection that never comes: SNDTIMEO bounds it */
            for (int k = 0; k < 3; k++)
                assert_true(zmq_send(sock, "x", 1, 0) == 1 || zmq_errno() == EAGAIN);
        }
        zmq_close(mon);
        zmq_close(sock);
    }
    zmq_ctx_term(ctx);
}

static void dealer_and_req_clients_both_get_replies(void **state)
{
    (void)state;
    thd_status_t st;
    thd_client_t *dealer = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    thd_client_t *req = th_client(&srv, NULL, THD_SOCKET_REQ, 3000, 1);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(th_ping(dealer, &st), 0);
        assert_int_equal(th_ping(req, &st), 0);
    }
    thd_client_destroy(&dealer);
    thd_client_destroy(&req);
}

static uint8_t *packed(const Thidua__V1__Response *r, size_t *len)
{
    *len = thidua__v1__response__get_packed_size(r);
    uint8_t *buf = malloc(*len);
    thidua__v1__response__pack(r, buf);
    return buf;
}

static void same_request_id_twice_has_one_effect_and_identical_replies(void **state)
{
    (void)state;
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    unsigned long long before = th_revision(admin);
    Thidua__V1__Request req;
    Thidua__V1__UnitEdit edit;
    Thidua__V1__Unit u;
    unit_edit_request(&req, &edit, &u, "SO-VHTTDL", "Sở Văn hóa - Thể thao - Du lịch");
    req.request_id = "retry-0001";
    Thidua__V1__Response *first = NULL, *second = NULL;
    thd_status_t st;
    assert_int_equal(thd_call(admin, &req, &first, &st), 0);
    /* the same name typed decomposed ("lịch" as i + U+0323) is the same
       request: the broker compares requests as it validated them, in NFC */
    u.name = "Sở Văn hóa - Thể thao - Du li\xcc\xa3"
             "ch";
    assert_int_equal(thd_call(admin, &req, &second, &st), 0);
    size_t l1, l2;
    uint8_t *b1 = packed(first, &l1), *b2 = packed(second, &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(b1, b2, l1);
    assert_int_equal(th_revision(admin), before + 1);
    free(b1);
    free(b2);
    thidua__v1__response__free_unpacked(first, NULL);
    thidua__v1__response__free_unpacked(second, NULL);
    thd_client_destroy(&admin);
}

/* The request id of a change, sent again with another request, as a
 * payment API treats a reused idempotency key: refused, naming the id and
 * the first request's kind, and nothing of the second runs. */
static void request_id_reused_for_another_request_is_refused(void **state)
{
    (void)state;
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    Thidua__V1__Request req;
    Thidua__V1__UnitEdit edit;
    Thidua__V1__Unit u;
    unit_edit_request(&req, &edit, &u, "SO-VHTTDL", "Sở Văn hóa và Thể thao");
    req.request_id = "reuse-0001";
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(thd_call(admin, &req, &resp, &st), 0);
    thidua__v1__response__free_unpacked(resp, NULL);
    unsigned long long after = th_revision(admin);

    u.name = "a different name under the same request id";
    resp = NULL;
    assert_int_equal(thd_call(admin, &req, &resp, &st), THIDUA__V1__CODE__FAILED_PRECONDITION);
    assert_string_equal(st.field, "request_id");
    assert_string_equal(st.reason, "request.id_reused");
    assert_int_equal(st.n_params, 3);
    assert_string_equal(st.params[0], "reuse-0001");
    assert_string_equal(st.params[1], "15");
    assert_string_equal(st.params[2], "unit.edit");
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);

    /* the same id on another kind, and with another expected_revision */
    Thidua__V1__Request add = THIDUA__V1__REQUEST__INIT;
    Thidua__V1__UnitAdd body = THIDUA__V1__UNIT_ADD__INIT;
    Thidua__V1__Unit nu = THIDUA__V1__UNIT__INIT;
    nu.code = "SO-REUSE";
    nu.name = "Sở mới";
    nu.kind = THIDUA__V1__UNIT_KIND__UNIT_KIND_DEPARTMENT;
    body.unit = &nu;
    add.body_case = THIDUA__V1__REQUEST__BODY_UNIT_ADD;
    add.unit_add = &body;
    add.request_id = "reuse-0001";
    resp = NULL;
    assert_int_equal(thd_call(admin, &add, &resp, &st), THIDUA__V1__CODE__FAILED_PRECONDITION);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    u.name = "Sở Văn hóa và Thể thao";
    req.expected_revision = 1;
    resp = NULL;
    assert_int_equal(thd_call(admin, &req, &resp, &st), THIDUA__V1__CODE__FAILED_PRECONDITION);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);

    /* nothing ran: no revision, the name and the missing unit as they were */
    assert_int_equal(th_revision(admin), after);
    Thidua__V1__UnitGet get = THIDUA__V1__UNIT_GET__INIT;
    get.code = "SO-VHTTDL";
    Thidua__V1__Request rq = THIDUA__V1__REQUEST__INIT;
    rq.body_case = THIDUA__V1__REQUEST__BODY_UNIT_GET;
    rq.unit_get = &get;
    resp = NULL;
    assert_int_equal(thd_call(admin, &rq, &resp, &st), 0);
    assert_string_equal(resp->record->unit->name, "Sở Văn hóa và Thể thao");
    thidua__v1__response__free_unpacked(resp, NULL);
    get.code = "SO-REUSE";
    resp = NULL;
    assert_int_equal(thd_call(admin, &rq, &resp, &st), THIDUA__V1__CODE__NOT_FOUND);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);

    /* the first request itself is still a retry: its first reply */
    req.expected_revision = 0;
    resp = NULL;
    assert_int_equal(thd_call(admin, &req, &resp, &st), 0);
    assert_int_equal(resp->revision, after);
    thidua__v1__response__free_unpacked(resp, NULL);
    thd_client_destroy(&admin);
}

static const char *unit_name(thd_client_t *c, const char *code, char *out, size_t cap)
{
    Thidua__V1__UnitGet get = THIDUA__V1__UNIT_GET__INIT;
    get.code = (char *)code;
    Thidua__V1__Request rq = THIDUA__V1__REQUEST__INIT;
    rq.body_case = THIDUA__V1__REQUEST__BODY_UNIT_GET;
    rq.unit_get = &get;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(thd_call(c, &rq, &resp, &st), 0);
    snprintf(out, cap, "%s", resp->record->unit->name);
    thidua__v1__response__free_unpacked(resp, NULL);
    return out;
}

static Thidua__V1__Response *rename_unit(thd_client_t *c, const char *name, const char *id)
{
    Thidua__V1__Request req;
    Thidua__V1__UnitEdit edit;
    Thidua__V1__Unit u;
    unit_edit_request(&req, &edit, &u, "SO-VHTTDL", name);
    req.request_id = (char *)id;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(thd_call(c, &req, &resp, &st), 0);
    return resp;
}

/* An edit that changed nothing wrote nothing, but its answer is kept like
 * any write's: a retry of it (a reply lost on the way, the client library
 * sending again) after someone else's change must not put the old value
 * back over theirs. */
static void a_retried_edit_that_changed_nothing_undoes_no_later_change(void **state)
{
    (void)state;
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    char name[128];
    thidua__v1__response__free_unpacked(rename_unit(admin, "Sở Văn hóa", "noop-set"), NULL);
    unsigned long long before = th_revision(admin);
    Thidua__V1__Response *first = rename_unit(admin, "Sở Văn hóa", "noop-same");
    assert_int_equal(th_revision(admin), before); /* the no-op wrote nothing */
    thidua__v1__response__free_unpacked(rename_unit(admin, "Sở VHTTDL", "noop-other"), NULL);
    Thidua__V1__Response *again = rename_unit(admin, "Sở Văn hóa", "noop-same");
    assert_string_equal(unit_name(admin, "SO-VHTTDL", name, sizeof name), "Sở VHTTDL");
    assert_int_equal(th_revision(admin), before + 1);
    size_t l1, l2;
    uint8_t *b1 = packed(first, &l1), *b2 = packed(again, &l2);
    assert_int_equal(l1, l2); /* the retry got the first answer */
    assert_memory_equal(b1, b2, l1);
    free(b1);
    free(b2);
    thidua__v1__response__free_unpacked(first, NULL);
    thidua__v1__response__free_unpacked(again, NULL);
    thd_client_destroy(&admin);
}

static void stale_expected_revision_is_aborted_with_current_record(void **state)
{
    (void)state;
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    Thidua__V1__Request req;
    Thidua__V1__UnitEdit edit;
    Thidua__V1__Unit u;
    unit_edit_request(&req, &edit, &u, "SO-VHTTDL", "Tên thứ nhất");
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(thd_call(admin, &req, &resp, &st), 0);
    uint64_t current = resp->record->unit->meta->mod_revision;
    thidua__v1__response__free_unpacked(resp, NULL);

    unit_edit_request(&req, &edit, &u, "SO-VHTTDL", "Tên thứ hai");
    req.expected_revision = current - 1;
    unsigned long long before = th_revision(admin);
    assert_int_equal(thd_call(admin, &req, &resp, &st), THIDUA__V1__CODE__ABORTED);
    assert_string_equal(st.field, "expected_revision");
    assert_non_null(resp->record);
    assert_int_equal(resp->record->unit->meta->mod_revision, current);
    assert_string_equal(resp->record->unit->name, "Tên thứ nhất");
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(th_revision(admin), before);

    unit_edit_request(&req, &edit, &u, "SO-VHTTDL", "Tên thứ hai");
    req.expected_revision = current;
    assert_int_equal(thd_call(admin, &req, &resp, &st), 0);
    assert_string_equal(resp->record->unit->name, "Tên thứ hai");
    thidua__v1__response__free_unpacked(resp, NULL);
    thd_client_destroy(&admin);
}

static int set_disabled(thd_client_t *admin, const char *name, bool disabled)
{
    Thidua__V1__PrincipalSetDisabled body = THIDUA__V1__PRINCIPAL_SET_DISABLED__INIT;
    body.name = (char *)name;
    body.disabled = disabled;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_SET_DISABLED;
    req.principal_set_disabled = &body;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    int rc = thd_call(admin, &req, &resp, &st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

static void disabled_principal_is_refused_on_its_next_request(void **state)
{
    (void)state;
    char key[320];
    th_path(&srv, "vhttdl.key", key, sizeof key);
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    thd_client_t *unit = th_client(&srv, key, THD_SOCKET_DEALER, 1000, 1);
    thd_status_t st;
    assert_int_equal(th_ping(unit, &st), 0);
    assert_int_equal(set_disabled(admin, "vhttdl", true), 0);
    /* the same connection, already past ZAP */
    assert_int_equal(th_ping(unit, &st), THIDUA__V1__CODE__UNAUTHENTICATED);
    /* a new connection is refused at its handshake, and told so */
    thd_client_t *later = th_client(&srv, key, THD_SOCKET_DEALER, 3000, 2);
    assert_int_equal(th_ping(later, &st), THIDUA__V1__CODE__UNAUTHENTICATED);
    assert_string_equal(st.reason, "client.key_refused");
    thd_client_destroy(&later);
    assert_int_equal(set_disabled(admin, "vhttdl", false), 0);
    assert_int_equal(th_ping(unit, &st), 0);
    /* an admin cannot lock itself out */
    assert_int_equal(set_disabled(admin, "admin", true), THIDUA__V1__CODE__FAILED_PRECONDITION);
    thd_client_destroy(&unit);
    thd_client_destroy(&admin);
}

/* The public key a .pub file holds. */
static void public_key_of(const char *pub, char z85[41])
{
    FILE *f = fopen(pub, "r");
    char line[128];
    assert_non_null(f);
    z85[0] = '\0';
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "public-key = %40s", z85) == 1)
            break;
    fclose(f);
    assert_int_equal(strlen(z85), 40);
}

/* principal.set_key; *resp kept when given (free_unpacked), else freed. */
static int set_key(thd_client_t *admin, const char *name, const char *z85, thd_status_t *st,
                   Thidua__V1__Response **resp)
{
    Thidua__V1__PrincipalSetKey body = THIDUA__V1__PRINCIPAL_SET_KEY__INIT;
    body.name = (char *)name;
    body.public_key = (char *)z85;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_SET_KEY;
    req.principal_set_key = &body;
    Thidua__V1__Response *r = NULL;
    int rc = thd_call(admin, &req, &r, st);
    if (resp)
        *resp = r;
    else if (r)
        thidua__v1__response__free_unpacked(r, NULL);
    return rc;
}

static void a_new_key_shuts_the_old_one_out_at_once(void **state)
{
    (void)state;
    th_add_principal(&srv, "tuphap", THIDUA__V1__ROLE__ROLE_UNIT, "SO-VHTTDL");
    char old_key[320], new_key[320], new_pub[320], taken_pub[320];
    th_path(&srv, "tuphap.key", old_key, sizeof old_key);
    th_path(&srv, "tuphap-new.key", new_key, sizeof new_key);
    th_path(&srv, "tuphap-new.pub", new_pub, sizeof new_pub);
    th_path(&srv, "vhttdl.pub", taken_pub, sizeof taken_pub);
    thd_status_t st;
    assert_int_equal(thd_keygen(new_key, new_pub, &st), 0);
    char z85[41], taken[41];
    public_key_of(new_pub, z85);
    public_key_of(taken_pub, taken);
    thd_client_t *admin = th_client(&srv, NULL, THD_SOCKET_DEALER, 3000, 1);
    thd_client_t *old = th_client(&srv, old_key, THD_SOCKET_DEALER, 1000, 1);
    assert_int_equal(th_ping(old, &st), 0);
    void *ctx = zmq_ctx_new();
    void *old_sub = subscriber(ctx, old_key);
    count_messages(old_sub, 300, true); /* settle the handshake */

    Thidua__V1__Response *resp = NULL;
    assert_int_equal(set_key(admin, "tuphap", z85, &st, &resp), 0);
    assert_string_equal(resp->record->principal->public_key, z85);
    unsigned long long rev = resp->record->principal->meta->mod_revision;
    thidua__v1__response__free_unpacked(resp, NULL);
    /* the connection made with the old key, already past ZAP */
    assert_int_equal(th_ping(old, &st), THIDUA__V1__CODE__UNAUTHENTICATED);
    /* a new connection with it is refused at its handshake */
    thd_client_t *later = th_client(&srv, old_key, THD_SOCKET_DEALER, 3000, 2);
    assert_int_equal(th_ping(later, &st), THIDUA__V1__CODE__UNAUTHENTICATED);
    assert_string_equal(st.reason, "client.key_refused");
    thd_client_destroy(&later);
    /* its event connection was ended and is not let back in */
    count_messages(old_sub, 300, false);
    assert_int_equal(th_add_unit(admin, "SO-TP", "Sở Tư pháp"), 0);
    assert_int_equal(count_messages(old_sub, 1500, true), 0);
    /* the new key is in */
    thd_client_t *now = th_client(&srv, new_key, THD_SOCKET_DEALER, 3000, 2);
    assert_int_equal(th_ping(now, &st), 0);

    /* the same key again changes nothing */
    assert_int_equal(set_key(admin, "tuphap", z85, &st, &resp), 0);
    assert_int_equal(resp->record->principal->meta->mod_revision, rev);
    thidua__v1__response__free_unpacked(resp, NULL);
    /* another principal's key, a bad key, a missing principal, not an admin */
    assert_int_equal(set_key(admin, "tuphap", taken, &st, NULL), THIDUA__V1__CODE__ALREADY_EXISTS);
    assert_string_equal(st.reason, "principal.key_taken");
    assert_string_equal(st.field, "public_key");
    assert_int_equal(set_key(admin, "tuphap", "short", &st, NULL),
                     THIDUA__V1__CODE__INVALID_ARGUMENT);
    assert_string_equal(st.reason, "principal.bad_key");
    assert_int_equal(set_key(admin, "nobody", z85, &st, NULL), THIDUA__V1__CODE__NOT_FOUND);
    assert_string_equal(st.field, "name");
    assert_int_equal(set_key(now, "tuphap", taken, &st, NULL), THIDUA__V1__CODE__PERMISSION_DENIED);
    assert_int_equal(th_ping(now, &st), 0);
    zmq_close(old_sub);
    zmq_ctx_term(ctx);
    thd_client_destroy(&now);
    thd_client_destroy(&old);
    thd_client_destroy(&admin);
}

static void unit_role_cannot_do_admin_work(void **state)
{
    (void)state;
    char key[320];
    th_path(&srv, "vhttdl.key", key, sizeof key);
    thd_client_t *unit = th_client(&srv, key, THD_SOCKET_DEALER, 3000, 1);
    thd_status_t st;
    unsigned long long before = th_revision(unit);
    assert_int_equal(th_add_unit(unit, "SO-TC", "Sở Tài chính"),
                     THIDUA__V1__CODE__PERMISSION_DENIED);
    assert_int_equal(th_revision(unit), before);
    (void)st;
    thd_client_destroy(&unit);
}

static void verify_passes_then_fails_at_the_altered_revision(void **state)
{
    (void)state;
    assert_int_equal(th_server_stop(&srv), 0);
    assert_int_equal(th_sh("%s/thidua-server verify --data %s >/dev/null", THIDUA_BIN_DIR, srv.dir),
                     0);
    assert_int_equal(th_sh("%s/thidua-tamper %s/store 3", THIDUA_BIN_DIR, srv.dir), 0);
    char out[320];
    th_path(&srv, "verify.out", out, sizeof out);
    assert_int_not_equal(
        th_sh("%s/thidua-server verify --data %s 2>%s", THIDUA_BIN_DIR, srv.dir, out), 0);
    assert_int_equal(th_sh("grep -q 'FAILED at revision 3:' %s", out), 0);
}

#define PIPELINED 64 /* writes sent back to back, so they share the broker's groups */

/* Packs req into a fresh buffer; *len its size. */
static void *packed_request(const Thidua__V1__Request *req, size_t *len)
{
    *len = thidua__v1__request__get_packed_size(req);
    void *buf = malloc(*len);
    assert_non_null(buf);
    thidua__v1__request__pack(req, buf);
    return buf;
}

/* A list sent right behind writes, on one DEALER without waiting: however
 * the broker groups them, the list (a scan of committed records) answers
 * after the writes are on disk and holds every one of them. */
static void a_list_right_behind_writes_holds_them_all(void **state)
{
    (void)state;
    void *zctx = zmq_ctx_new();
    void *sock = th_curve_socket(&srv, zctx, ZMQ_DEALER, NULL);
    assert_int_equal(zmq_connect(sock, srv.requests), 0);
    for (int i = 0; i < PIPELINED; i++) {
        char code[16], rid[16];
        snprintf(code, sizeof code, "GRP-%02d", i);
        snprintf(rid, sizeof rid, "grp-%02d", i);
        Thidua__V1__Unit u = THIDUA__V1__UNIT__INIT;
        u.code = code;
        u.name = "Huyện thử nhóm";
        u.kind = THIDUA__V1__UNIT_KIND__UNIT_KIND_DISTRICT;
        Thidua__V1__UnitAdd add = THIDUA__V1__UNIT_ADD__INIT;
        add.unit = &u;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.request_id = rid;
        req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_ADD;
        req.unit_add = &add;
        size_t len;
        void *buf = packed_request(&req, &len);
        assert_int_equal(zmq_send(sock, buf, len, 0), (int)len);
        free(buf);
    }
    Thidua__V1__UnitList list = THIDUA__V1__UNIT_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = "grp-list";
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_LIST;
    req.unit_list = &list;
    size_t len;
    void *buf = packed_request(&req, &len);
    assert_int_equal(zmq_send(sock, buf, len, 0), (int)len);
    free(buf);
    int timeout = 10000, writes = 0, listed = -1;
    assert_int_equal(zmq_setsockopt(sock, ZMQ_RCVTIMEO, &timeout, sizeof timeout), 0);
    for (int i = 0; i < PIPELINED + 1; i++) {
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        assert_true(zmq_msg_recv(&msg, sock, 0) >= 0);
        Thidua__V1__Response *resp =
            thidua__v1__response__unpack(NULL, zmq_msg_size(&msg), zmq_msg_data(&msg));
        zmq_msg_close(&msg);
        assert_non_null(resp);
        assert_true(!resp->status || resp->status->code == 0);
        if (strcmp(resp->request_id, "grp-list") == 0) {
            assert_int_equal(writes, PIPELINED); /* the writes were answered first */
            listed = 0;
            for (size_t u = 0; u < resp->units->n_units; u++)
                listed += strncmp(resp->units->units[u]->code, "GRP-", 4) == 0;
        } else {
            writes++;
        }
        thidua__v1__response__free_unpacked(resp, NULL);
    }
    assert_int_equal(listed, PIPELINED);
    zmq_close(sock);
    zmq_ctx_term(zctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unregistered_key_is_refused_by_name_and_gets_no_event),
        cmocka_unit_test(socket_monitor_tells_a_refused_key_from_silence),
        cmocka_unit_test(dealer_and_req_clients_both_get_replies),
        cmocka_unit_test(same_request_id_twice_has_one_effect_and_identical_replies),
        cmocka_unit_test(request_id_reused_for_another_request_is_refused),
        cmocka_unit_test(a_retried_edit_that_changed_nothing_undoes_no_later_change),
        cmocka_unit_test(stale_expected_revision_is_aborted_with_current_record),
        cmocka_unit_test(disabled_principal_is_refused_on_its_next_request),
        cmocka_unit_test(a_new_key_shuts_the_old_one_out_at_once),
        cmocka_unit_test(unit_role_cannot_do_admin_work),
        cmocka_unit_test(a_list_right_behind_writes_holds_them_all),
        cmocka_unit_test(verify_passes_then_fails_at_the_altered_revision),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
