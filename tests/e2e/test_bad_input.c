/* Hostile input on the request socket, against a real thidua-server on
 * loopback. Raw libzmq sockets (CURVE, the admin key) send frames no
 * well-behaved client would: each must be refused with the exact status,
 * change nothing in the store, and leave the broker serving everyone else. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <cmocka.h>
#include <zmq.h>

#include "harness.h"

#define REPLY_WAIT_MS    10000 /* a reply that must come: generous on a loaded machine */
#define NO_REPLY_WAIT_MS 1000  /* a reply that must not come */

static th_server_t srv;

TH_SERVER_FIXTURES(srv)

/* A raw request socket of the given type (DEALER or REQ) with the admin's
 * CURVE keys, connected to the broker. */
static void *raw_socket(int type)
{
    return th_socket_open(&srv, type, srv.requests, NULL);
}

/* Waits up to ms for one whole message; returns its frame count (0: none)
 * and, for a one-frame message, the Response it holds (NULL if none). */
static int recv_reply(void *s, int ms, Thidua__V1__Response **resp)
{
    *resp = NULL;
    long long deadline = th_now_ms() + ms;
    zmq_pollitem_t item = {s, 0, ZMQ_POLLIN, 0};
    long long left;
    while ((left = deadline - th_now_ms()) > 0) {
        if (zmq_poll(&item, 1, (long)left) <= 0)
            continue; /* EINTR or timeout: the deadline decides */
        int frames = 0;
        bool more = true;
        while (more && frames < 64) {
            zmq_msg_t m;
            zmq_msg_init(&m);
            if (zmq_msg_recv(&m, s, 0) < 0) {
                zmq_msg_close(&m);
                break;
            }
            more = zmq_msg_more(&m);
            if (frames++ == 0 && !more)
                *resp = thidua__v1__response__unpack(NULL, zmq_msg_size(&m), zmq_msg_data(&m));
            zmq_msg_close(&m);
        }
        return frames;
    }
    return 0;
}

static void send_request(void *s, const Thidua__V1__Request *req)
{
    size_t len = thidua__v1__request__get_packed_size(req);
    uint8_t *buf = malloc(len ? len : 1);
    assert_non_null(buf);
    thidua__v1__request__pack(req, buf);
    assert_int_equal(zmq_send(s, buf, len, 0), (int)len);
    free(buf);
}

static thd_client_t *admin_client(void)
{
    return th_client(&srv, NULL, THD_SOCKET_DEALER, REPLY_WAIT_MS, 1);
}

/* The broker is still alive and answers an ordinary client. */
static void assert_broker_serves(void)
{
    int status;
    assert_int_equal(waitpid(srv.pid, &status, WNOHANG), 0);
    thd_client_t *c = admin_client();
    Thidua__V1__PingRequest body = THIDUA__V1__PING_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PING;
    req.ping = &body;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(thd_call(c, &req, &resp, &st), 0);
    assert_int_equal(resp->body_case, THIDUA__V1__RESPONSE__BODY_PING);
    assert_string_equal(resp->ping->principal, "admin");
    thidua__v1__response__free_unpacked(resp, NULL);
    thd_client_destroy(&c);
}

/* Sends bytes as one frame on a fresh raw DEALER and checks the refusal:
 * the exact code, the field when given, no change to the store, and a
 * broker that still serves. */
static void assert_refused(const void *buf, size_t len, int code, const char *field)
{
    thd_client_t *admin = admin_client();
    unsigned long long before = th_revision(admin);
    void *s = raw_socket(ZMQ_DEALER);
    assert_int_equal(zmq_send(s, buf, len, 0), (int)len);
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(recv_reply(s, REPLY_WAIT_MS, &resp), 1);
    assert_non_null(resp);
    assert_non_null(resp->status);
    if (resp->status->code != (Thidua__V1__Code)code ||
        (field && strcmp(resp->status->field, field)))
        fail_msg("got code %d field '%s' (%s); want code %d field '%s'", resp->status->code,
                 resp->status->field, resp->status->message, code, field ? field : "(any)");
    thidua__v1__response__free_unpacked(resp, NULL);
    th_socket_close(&s);
    assert_int_equal(th_revision(admin), before);
    thd_client_destroy(&admin);
    assert_broker_serves();
}

/* Packs req and checks it is refused as assert_refused does. */
static void assert_request_refused(const Thidua__V1__Request *req, int code, const char *field)
{
    size_t len = thidua__v1__request__get_packed_size(req);
    uint8_t *buf = malloc(len ? len : 1);
    assert_non_null(buf);
    thidua__v1__request__pack(req, buf);
    assert_refused(buf, len, code, field);
    free(buf);
}

/* A unit.add request over caller-owned parts; kind defaults to department. */
static void unit_add_request(Thidua__V1__Request *req, Thidua__V1__UnitAdd *add,
                             Thidua__V1__Unit *u, const char *rid, const char *code,
                             const char *name)
{
    thidua__v1__unit__init(u);
    u->code = (char *)code;
    u->name = (char *)name;
    u->kind = THIDUA__V1__UNIT_KIND__UNIT_KIND_DEPARTMENT;
    thidua__v1__unit_add__init(add);
    add->unit = u;
    thidua__v1__request__init(req);
    req->request_id = (char *)rid;
    req->body_case = THIDUA__V1__REQUEST__BODY_UNIT_ADD;
    req->unit_add = add;
}

static void garbage_frame_is_invalid_argument_and_changes_nothing(void **state)
{
    (void)state;
    /* fixed "random" bytes: field 15 with wire type 7 cannot be a Request */
    static const uint8_t garbage[] = {0x7f, 0xff, 0x13, 0x9a, 0x00, 0xde, 0xad, 0xbe, 0xef,
                                      0x42, 0x01, 0xfe, 0x77, 0x3c, 0xc4, 0x08, 0x99};
    assert_null(thidua__v1__request__unpack(NULL, sizeof garbage, garbage));
    assert_refused(garbage, sizeof garbage, THIDUA__V1__CODE__INVALID_ARGUMENT, NULL);
}

static void invalid_utf8_in_unit_name_is_refused_naming_the_field(void **state)
{
    (void)state;
    Thidua__V1__Request req;
    Thidua__V1__UnitAdd add;
    Thidua__V1__Unit u;
    /* a lone continuation byte and a truncated 3-byte sequence */
    unit_add_request(&req, &add, &u, "bad-utf8-0001", "SO-UTF", "S\x80 N\xe1\xbb");
    assert_request_refused(&req, THIDUA__V1__CODE__INVALID_ARGUMENT, "unit.name");
}

/* A name of spaces, no-break spaces or an invisible zero-width space shows
 * nothing: it is refused, naming the field. */
static void blank_unit_name_is_refused(void **state)
{
    (void)state;
    const char *blank[] = {"   ", "\xc2\xa0\xc2\xa0", " \xe2\x80\x8b \xe3\x80\x80"};
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
        Thidua__V1__Request req;
        Thidua__V1__UnitAdd add;
        Thidua__V1__Unit u;
        char rid[32];
        snprintf(rid, sizeof rid, "blank-name-%zu", i);
        unit_add_request(&req, &add, &u, rid, "SO-TRONG", blank[i]);
        assert_request_refused(&req, THIDUA__V1__CODE__INVALID_ARGUMENT, "unit.name");
    }
}

static void unit_name_over_256_characters_is_refused(void **state)
{
    (void)state;
    char name[301];
    memset(name, 'a', 300);
    name[300] = '\0';
    Thidua__V1__Request req;
    Thidua__V1__UnitAdd add;
    Thidua__V1__Unit u;
    unit_add_request(&req, &add, &u, "long-name-0001", "SO-DAI", name);
    assert_request_refused(&req, THIDUA__V1__CODE__INVALID_ARGUMENT, "unit.name");
}

static void name_limit_counts_characters_not_bytes(void **state)
{
    (void)state;
    /* 256 x U+1EC7 (3 bytes each): at the limit in characters, 768 bytes */
    char name[256 * 3 + 1];
    for (int i = 0; i < 256; i++)
        memcpy(name + 3 * i, "\xe1\xbb\x87", 3);
    name[sizeof name - 1] = '\0';
    thd_client_t *admin = admin_client();
    assert_int_equal(th_add_unit(admin, "SO-DAI-256", name), 0);
    thd_client_destroy(&admin);
}

static void unknown_unit_kind_is_refused(void **state)
{
    (void)state;
    Thidua__V1__Request req;
    Thidua__V1__UnitAdd add;
    Thidua__V1__Unit u;
    unit_add_request(&req, &add, &u, "kind-99-0001", "SO-KIND", "Sở Loại");
    u.kind = (Thidua__V1__UnitKind)99; /* proto3 enums are open: 99 reaches the broker */
    assert_request_refused(&req, THIDUA__V1__CODE__INVALID_ARGUMENT, "unit.kind");
}

static void request_without_body_is_refused(void **state)
{
    (void)state;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = "no-body-0001";
    assert_request_refused(&req, THIDUA__V1__CODE__INVALID_ARGUMENT, "body");
}

static void write_without_request_id_is_refused(void **state)
{
    (void)state;
    /* a write without an id could not be retried safely */
    Thidua__V1__Request req;
    Thidua__V1__UnitAdd add;
    Thidua__V1__Unit u;
    unit_add_request(&req, &add, &u, "", "SO-NOID", "Sở Không Mã");
    assert_request_refused(&req, THIDUA__V1__CODE__INVALID_ARGUMENT, "request_id");
}

static void control_character_in_unit_code_is_refused(void **state)
{
    (void)state;
    Thidua__V1__Request req;
    Thidua__V1__UnitAdd add;
    Thidua__V1__Unit u;
    unit_add_request(&req, &add, &u, "ctl-code-0001", "SO-\x01X", "Sở Điều Khiển");
    assert_request_refused(&req, THIDUA__V1__CODE__INVALID_ARGUMENT, "unit.code");
}

static void lower_case_unit_code_is_refused(void **state)
{
    (void)state;
    Thidua__V1__Request req;
    Thidua__V1__UnitAdd add;
    Thidua__V1__Unit u;
    unit_add_request(&req, &add, &u, "lower-code-0001", "so-lower", "Sở Chữ Thường");
    assert_request_refused(&req, THIDUA__V1__CODE__INVALID_ARGUMENT, "unit.code");
}

static Thidua__V1__Request ping_request(const char *rid)
{
    static Thidua__V1__PingRequest body = THIDUA__V1__PING_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = (char *)rid;
    req.body_case = THIDUA__V1__REQUEST__BODY_PING;
    req.ping = &body;
    return req;
}

static void three_frames_from_a_dealer_get_no_reply_and_the_broker_survives(void **state)
{
    (void)state;
    thd_client_t *admin = admin_client();
    unsigned long long before = th_revision(admin);
    void *s = raw_socket(ZMQ_DEALER);
    /* the broker sees [id][frame][frame]: no REQ delimiter, so no request */
    Thidua__V1__Request ping = ping_request("three-frames-0001");
    assert_int_equal(zmq_send(s, "not-empty", 9, ZMQ_SNDMORE), 9);
    send_request(s, &ping);
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(recv_reply(s, NO_REPLY_WAIT_MS, &resp), 0);
    /* the connection stays usable: a well-formed request on it is answered */
    ping = ping_request("three-frames-0002");
    send_request(s, &ping);
    assert_int_equal(recv_reply(s, REPLY_WAIT_MS, &resp), 1);
    assert_non_null(resp);
    assert_string_equal(resp->request_id, "three-frames-0002");
    thidua__v1__response__free_unpacked(resp, NULL);
    th_socket_close(&s);
    assert_int_equal(th_revision(admin), before);
    thd_client_destroy(&admin);
    assert_broker_serves();
}

static void message_over_maxmsgsize_is_dropped_and_others_are_served(void **state)
{
    (void)state;
    thd_client_t *admin = admin_client();
    unsigned long long before = th_revision(admin);
    size_t len = 18u * 1024 * 1024; /* over ZMQ_MAXMSGSIZE, 17 MiB */
    uint8_t *big = malloc(len);
    assert_non_null(big);
    memset(big, 0x5a, len);
    void *s = raw_socket(ZMQ_DEALER);
    assert_int_equal(zmq_send(s, big, len, 0), (int)len);
    free(big);
    /* libzmq closes the connection at the size header: nothing to answer */
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(recv_reply(s, 2 * NO_REPLY_WAIT_MS, &resp), 0);
    assert_null(resp);
    th_socket_close(&s);
    assert_int_equal(th_revision(admin), before);
    thd_client_destroy(&admin);
    assert_broker_serves();
}

/* A ping of exactly len bytes: padded with an unknown field (number 1000,
 * bytes), which the broker drops before it runs the request. */
static uint8_t *ping_of_size(const char *rid, size_t len)
{
    Thidua__V1__Request ping = ping_request(rid);
    size_t base = thidua__v1__request__get_packed_size(&ping);
    uint8_t *buf = malloc(len);
    assert_non_null(buf);
    thidua__v1__request__pack(&ping, buf);
    size_t pad = len - base - 6; /* tag (2 bytes) and a 4-byte length */
    assert_true(pad < (1u << 28) && pad >= (1u << 21));
    uint8_t *p = buf + base;
    *p++ = 0xc2; /* (1000 << 3) | 2 as a varint */
    *p++ = 0x3e;
    for (int i = 0; i < 4; i++)
        *p++ = (uint8_t)(((pad >> (7 * i)) & 0x7f) | (i < 3 ? 0x80 : 0));
    memset(p, 'p', pad);
    return buf;
}

/* ZMQ_MAXMSGSIZE bounds the frame on the wire, and CURVE adds 33 bytes to
 * each: the largest request answered is THD_MAX_REQUEST_BYTES, one byte
 * more is dropped with the connection and gets no reply. */
static void largest_request_answered_is_the_limit_less_curve(void **state)
{
    (void)state;
    assert_int_equal(THD_MAX_REQUEST_BYTES, 17825759);
    void *s = raw_socket(ZMQ_DEALER);
    uint8_t *buf = ping_of_size("largest-0001", THD_MAX_REQUEST_BYTES);
    assert_int_equal(zmq_send(s, buf, THD_MAX_REQUEST_BYTES, 0), THD_MAX_REQUEST_BYTES);
    free(buf);
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(recv_reply(s, REPLY_WAIT_MS, &resp), 1);
    assert_non_null(resp);
    assert_string_equal(resp->request_id, "largest-0001");
    assert_int_equal(resp->body_case, THIDUA__V1__RESPONSE__BODY_PING);
    thidua__v1__response__free_unpacked(resp, NULL);
    th_socket_close(&s);

    s = raw_socket(ZMQ_DEALER);
    buf = ping_of_size("largest-0002", THD_MAX_REQUEST_BYTES + 1);
    assert_int_equal(zmq_send(s, buf, THD_MAX_REQUEST_BYTES + 1, 0), THD_MAX_REQUEST_BYTES + 1);
    free(buf);
    assert_int_equal(recv_reply(s, 2 * NO_REPLY_WAIT_MS, &resp), 0);
    th_socket_close(&s);
    assert_broker_serves();
}

/* libthidua sends what the broker reads and refuses, unsent, what it would
 * drop: a request of THD_MAX_REQUEST_BYTES + 1 bytes. */
static void libthidua_refuses_a_request_the_broker_would_drop(void **state)
{
    (void)state;
    thd_client_t *admin = admin_client();
    for (size_t len = THD_MAX_REQUEST_BYTES; len <= THD_MAX_REQUEST_BYTES + 1; len++) {
        uint8_t *buf = ping_of_size("sized-ping-0001", len);
        Thidua__V1__Request *req = thidua__v1__request__unpack(NULL, len, buf);
        free(buf);
        assert_non_null(req);
        assert_int_equal(thidua__v1__request__get_packed_size(req), len);
        Thidua__V1__Response *resp = NULL;
        thd_status_t st;
        int rc = thd_call(admin, req, &resp, &st);
        if (len == THD_MAX_REQUEST_BYTES) {
            assert_int_equal(rc, 0);
            assert_int_equal(resp->body_case, THIDUA__V1__RESPONSE__BODY_PING);
        } else {
            assert_int_equal(rc, THIDUA__V1__CODE__RESOURCE_EXHAUSTED);
            assert_string_equal(st.reason, "client.request_too_big");
        }
        if (resp)
            thidua__v1__response__free_unpacked(resp, NULL);
        thidua__v1__request__free_unpacked(req, NULL);
    }
    thd_client_destroy(&admin);
}

static void raw_req_socket_gets_reply_with_its_request_id(void **state)
{
    (void)state;
    void *s = raw_socket(ZMQ_REQ);
    Thidua__V1__Request ping = ping_request("raw-req-0001");
    send_request(s, &ping);
    /* REQ strips the empty delimiter the broker must echo; without it the
     * reply would never surface */
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(recv_reply(s, REPLY_WAIT_MS, &resp), 1);
    assert_non_null(resp);
    assert_string_equal(resp->request_id, "raw-req-0001");
    assert_true(!resp->status || resp->status->code == THIDUA__V1__CODE__OK);
    assert_int_equal(resp->body_case, THIDUA__V1__RESPONSE__BODY_PING);
    assert_string_equal(resp->ping->principal, "admin");
    thidua__v1__response__free_unpacked(resp, NULL);
    th_socket_close(&s);
    assert_broker_serves();
}

static void decomposed_name_is_stored_as_nfc(void **state)
{
    (void)state;
    /* "UBND Thành phố Hồ Chí Minh" typed decomposed (NFD), as some input
     * methods send it, and the same text precomposed (NFC) */
    static const char nfd[] = "UBND Tha\xcc\x80nh pho\xcc\x82\xcc\x81 Ho\xcc\x82\xcc\x80"
                              " Chi\xcc\x81 Minh";
    static const char nfc[] = "UBND Th\xc3\xa0nh ph\xe1\xbb\x91 H\xe1\xbb\x93 Ch\xc3\xad Minh";
    assert_string_not_equal(nfd, nfc);
    thd_client_t *admin = admin_client();
    assert_int_equal(th_add_unit(admin, "TP-HCM", nfd), 0);

    Thidua__V1__UnitGet body = THIDUA__V1__UNIT_GET__INIT;
    body.code = "TP-HCM";
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_GET;
    req.unit_get = &body;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(thd_call(admin, &req, &resp, &st), 0);
    assert_int_equal(resp->body_case, THIDUA__V1__RESPONSE__BODY_RECORD);
    assert_int_equal(resp->record->body_case, THIDUA__V1__RECORD__BODY_UNIT);
    assert_string_equal(resp->record->unit->name, nfc);
    thidua__v1__response__free_unpacked(resp, NULL);
    thd_client_destroy(&admin);
}

/* Every string field a request can carry, at any depth, is set over every
 * limit (THD_MAX_TEXT_CHARS + 1 characters) alone in a request of its kind;
 * the refusal must name its whole path from the body's message
 * ("principal.display_name", "rows[0].nominee.workplace"), never a cut one.
 * The walk follows the descriptors, so a field added to thidua.proto is
 * covered without a change here. */
#define WALK_DEPTH 6

struct walk {
    void *sock;
    size_t checked;
    const ProtobufCFieldDescriptor *chain[WALK_DEPTH];
    char path[256];
};

static char *over_limit_text(void)
{
    char *s = malloc(THD_MAX_TEXT_CHARS + 2);
    assert_non_null(s);
    memset(s, 'x', THD_MAX_TEXT_CHARS + 1);
    s[THD_MAX_TEXT_CHARS + 1] = '\0';
    return s;
}

/* A fresh message of d with only the field chain[0] set: to the next
 * message of the chain, or, at the end, to the long text. */
static ProtobufCMessage *chain_message(const ProtobufCMessageDescriptor *d,
                                       const ProtobufCFieldDescriptor *const *chain, int n)
{
    ProtobufCMessage *m = calloc(1, d->sizeof_message);
    assert_non_null(m);
    protobuf_c_message_init(d, m);
    const ProtobufCFieldDescriptor *f = chain[0];
    void *value =
        n == 1 ? (void *)over_limit_text() : (void *)chain_message(f->descriptor, chain + 1, n - 1);
    char *member = (char *)m + f->offset;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        void **one = malloc(sizeof *one);
        assert_non_null(one);
        one[0] = value;
        *(void ***)member = one;
        *(size_t *)((char *)m + f->quantifier_offset) = 1;
    } else {
        *(void **)member = value;
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
            *(uint32_t *)((char *)m + f->quantifier_offset) = f->id;
    }
    return m;
}

/* The path the broker must name: from the body's message, a message in a
 * list named by its index. */
static void expected_path(const struct walk *w, int n, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 1; i < n; i++) {
        const ProtobufCFieldDescriptor *f = w->chain[i];
        bool indexed = f->label == PROTOBUF_C_LABEL_REPEATED && f->type == PROTOBUF_C_TYPE_MESSAGE;
        len += (size_t)snprintf(out + len, cap - len, "%s%s%s", i > 1 ? "." : "", f->name,
                                indexed ? "[0]" : "");
        assert_true(len < cap);
    }
}

static void check_chain(struct walk *w, int n)
{
    Thidua__V1__Request *req =
        (Thidua__V1__Request *)chain_message(&thidua__v1__request__descriptor, w->chain, n);
    req->request_id = strdup("field-path-walk"); /* writes need one; it passes */
    assert_non_null(req->request_id);
    char want[256];
    expected_path(w, n, want, sizeof want);
    send_request(w->sock, req);
    thidua__v1__request__free_unpacked(req, NULL);
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(recv_reply(w->sock, REPLY_WAIT_MS, &resp), 1);
    assert_non_null(resp);
    assert_non_null(resp->status);
    if (resp->status->code != THIDUA__V1__CODE__INVALID_ARGUMENT ||
        strcmp(resp->status->field, want) != 0)
        fail_msg("%s: got code %d field '%s' (%s); want INVALID_ARGUMENT field '%s'",
                 w->chain[0]->name, resp->status->code, resp->status->field, resp->status->message,
                 want);
    assert_true(strlen(want) <= THD_MAX_FIELD_PATH_BYTES);
    thidua__v1__response__free_unpacked(resp, NULL);
    w->checked++;
}

static void walk_fields(struct walk *w, const ProtobufCMessageDescriptor *d, int depth)
{
    for (unsigned i = 0; i < d->n_fields && depth < WALK_DEPTH; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        w->chain[depth] = f;
        if (depth == 0 && strcmp(f->name, "request_id") == 0)
            continue; /* not in a body: its own test above */
        if (f->type == PROTOBUF_C_TYPE_STRING && depth > 0)
            check_chain(w, depth + 1);
        else if (f->type == PROTOBUF_C_TYPE_MESSAGE)
            walk_fields(w, f->descriptor, depth + 1);
    }
}

static void every_request_string_over_its_limit_is_refused_naming_its_whole_path(void **state)
{
    (void)state;
    thd_client_t *admin = admin_client();
    unsigned long long before = th_revision(admin);
    struct walk w = {.sock = raw_socket(ZMQ_DEALER)};
    walk_fields(&w, &thidua__v1__request__descriptor, 0);
    print_message("%zu string fields checked\n", w.checked);
    assert_true(w.checked > 100);
    th_socket_close(&w.sock);
    assert_int_equal(th_revision(admin), before);
    thd_client_destroy(&admin);
    assert_broker_serves();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(garbage_frame_is_invalid_argument_and_changes_nothing),
        cmocka_unit_test(invalid_utf8_in_unit_name_is_refused_naming_the_field),
        cmocka_unit_test(blank_unit_name_is_refused),
        cmocka_unit_test(unit_name_over_256_characters_is_refused),
        cmocka_unit_test(name_limit_counts_characters_not_bytes),
        cmocka_unit_test(unknown_unit_kind_is_refused),
        cmocka_unit_test(request_without_body_is_refused),
        cmocka_unit_test(write_without_request_id_is_refused),
        cmocka_unit_test(control_character_in_unit_code_is_refused),
        cmocka_unit_test(lower_case_unit_code_is_refused),
        cmocka_unit_test(three_frames_from_a_dealer_get_no_reply_and_the_broker_survives),
        cmocka_unit_test(message_over_maxmsgsize_is_dropped_and_others_are_served),
        cmocka_unit_test(largest_request_answered_is_the_limit_less_curve),
        cmocka_unit_test(libthidua_refuses_a_request_the_broker_would_drop),
        cmocka_unit_test(raw_req_socket_gets_reply_with_its_request_id),
        cmocka_unit_test(decomposed_name_is_stored_as_nfc),
        cmocka_unit_test(every_request_string_over_its_limit_is_refused_naming_its_whole_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
