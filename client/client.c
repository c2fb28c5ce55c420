/* The request side of libthidua: connect with CURVE, call with timeout and
 * retry of the same request id. */
#include "thidua.h"

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "call.h"
#include "client_keys.h"
#include "context.h"
#include "clock.h"
#include "keys.h"
#include "reasons.h"
#include "thd_limits.h"

struct thd_client {
    void *ctx;
    void *sock;
    char server[256];
    char server_key[KEY_Z85_LEN + 1];
    key_pair_t keys;
    int timeout_ms, retries, type;
    char rid[33];
    int64_t deadline; /* of the request client_send sent */
    bool stale;       /* a request went unanswered: reopen before the next one */
    int wait_ms;      /* thd_client_on_wait: when to call on_wait */
    void (*on_wait)(void *arg, const char *endpoint);
    void *wait_arg;
    volatile sig_atomic_t *stop; /* thd_client_opts_t.stop */
    void *monitor;               /* the socket's handshake failures (watch_handshake) */
};

/* How often a wait looks at the monitor: a key the broker refuses is said
 * within this, not after every attempt's timeout. */
#define MONITOR_MS 250

/* The broker answers nothing to a key its ZAP handler refuses (not
 * registered, or its principal locked): the handshake fails and the
 * connection ends unanswered. The socket's monitor sees it, and a wait
 * ends with a reason where it would have timed out with "no reply". The
 * monitor lives until the first reply (the handshake passed), so a
 * long-lived client holds one socket, not three; without one the calls
 * work as before. */
static void stop_monitor(thd_client_t *self)
{
    if (!self->monitor)
        return;
    zmq_socket_monitor(self->sock, NULL, 0);
    zmq_close(self->monitor);
    self->monitor = NULL;
}

static void watch_handshake(thd_client_t *self)
{
    static atomic_uint sockets; /* inproc names are the context's: unique in the process */
    char ep[64];
    snprintf(ep, sizeof ep, "inproc://thd-handshake-%u", atomic_fetch_add(&sockets, 1));
    if (zmq_socket_monitor(self->sock, ep, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) != 0)
        return;
    self->monitor = zmq_socket(self->ctx, ZMQ_PAIR);
    int linger = 0;
    if (!self->monitor || zmq_setsockopt(self->monitor, ZMQ_LINGER, &linger, sizeof linger) ||
        zmq_connect(self->monitor, ep) != 0) {
        /* a monitor with no reader blocks libzmq's I/O thread on its first event */
        zmq_socket_monitor(self->sock, NULL, 0);
        if (self->monitor)
            zmq_close(self->monitor);
        self->monitor = NULL;
    }
}

/* Whether the monitor has seen the broker refuse our key. */
static bool key_refused(thd_client_t *self)
{
    bool refused = false;
    for (;;) {
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        if (!self->monitor || zmq_msg_recv(&msg, self->monitor, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&msg);
            return refused;
        }
        uint16_t event = 0;
        if (zmq_msg_size(&msg) >= sizeof event)
            memcpy(&event, zmq_msg_data(&msg), sizeof event);
        refused |= event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;
        bool more = zmq_msg_more(&msg);
        zmq_msg_close(&msg);
        while (more) { /* the endpoint's frame */
            zmq_msg_init(&msg);
            more = zmq_msg_recv(&msg, self->monitor, 0) >= 0 && zmq_msg_more(&msg);
            zmq_msg_close(&msg);
        }
    }
}

static int open_socket(thd_client_t *self)
{
    self->sock = zmq_socket(self->ctx, self->type == THD_SOCKET_REQ ? ZMQ_REQ : ZMQ_DEALER);
    int linger = 0;
    int64_t maxmsg = THD_MAX_MSG_BYTES;
    if (!self->sock || client_curve(self->sock, self->server_key, &self->keys) != 0 ||
        zmq_setsockopt(self->sock, ZMQ_LINGER, &linger, sizeof linger) ||
        zmq_setsockopt(self->sock, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg))
        return -1;
    watch_handshake(self);
    return zmq_connect(self->sock, self->server) != 0 ? -1 : 0;
}

static void close_socket(thd_client_t *self)
{
    stop_monitor(self);
    if (self->sock)
        zmq_close(self->sock);
    self->sock = NULL;
}

thd_client_t *thd_client_new(const thd_client_opts_t *opts, thd_status_t *st)
{
    thd_client_opts_t none = {0};
    if (!opts)
        opts = &none;
    thd_client_t *self = calloc(1, sizeof *self);
    if (!self || sodium_init() < 0) {
        free(self);
        thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
        return NULL;
    }
    self->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : THD_DEFAULT_TIMEOUT_MS;
    self->retries = opts->retries > 0 ? opts->retries : opts->retries < 0 ? 0 : THD_DEFAULT_RETRIES;
    self->type = opts->socket;
    self->stop = opts->stop;
    client_server_endpoint(opts, self->server, sizeof self->server);
    if (client_load_keys(opts, self->server_key, &self->keys, st) != 0) {
        thd_client_destroy(&self);
        return NULL;
    }
    self->ctx = client_context_acquire();
    if (!self->ctx || open_socket(self) != 0) {
        thd_refuse(st, THD_R_BAD_ENDPOINT, "server", self->server, zmq_strerror(zmq_errno()));
        thd_client_destroy(&self);
    }
    return self;
}

void thd_client_destroy(thd_client_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    thd_client_t *self = *self_p;
    close_socket(self);
    if (self->ctx)
        client_context_release();
    sodium_memzero(&self->keys, sizeof self->keys);
    free(self);
    *self_p = NULL;
}

const char *thd_client_server(const thd_client_t *self)
{
    return self->server;
}

void thd_client_on_wait(thd_client_t *self, int after_ms,
                        void (*fn)(void *arg, const char *endpoint), void *arg)
{
    self->wait_ms = after_ms;
    self->on_wait = fn;
    self->wait_arg = arg;
}

void thd_request_id(char buf[33])
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(buf, 33, raw, sizeof raw);
}

/* A reply's field by number, read through its descriptor: the reply is a
 * Response or a view wire-compatible with it (request_id 1, status 2). */
static void *reply_field(const ProtobufCMessage *m, unsigned number)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(m->descriptor, number);
    return *(void **)((char *)m + f->offset);
}

/* How long to poll before deadline: no longer than until *notice_at (a
 * clock_mono_ms time, 0 for none), when on_wait is called once and
 * *notice_at cleared. <= 0 once the deadline has passed. */
static int64_t poll_for(thd_client_t *self, int64_t deadline, int64_t *notice_at)
{
    int64_t now = clock_mono_ms();
    if (*notice_at && now >= *notice_at) {
        *notice_at = 0;
        self->on_wait(self->wait_arg, self->server);
    }
    int64_t left = deadline - now;
    return *notice_at && left > 0 && *notice_at - now < left ? *notice_at - now : left;
}

/* How a wait for the broker ended. The program's stop flag ends it:
 * thidua watch's Ctrl-C must not sit out a call to a broker that does not
 * answer. A signal interrupts the wait; only the flag says whether it was
 * one that stops (a terminal's resize interrupts it too). */
enum wait_end { WAIT_DONE, WAIT_TIMED_OUT, WAIT_INTERRUPTED, WAIT_REFUSED };

static bool told_to_stop(const thd_client_t *self)
{
    return self->stop && *self->stop;
}

/* Waits until deadline for the reply to rid; stale replies of earlier
 * attempts are dropped. WAIT_DONE with *resp. */
static enum wait_end await_reply(thd_client_t *self, const char *rid, int64_t deadline,
                                 const ProtobufCMessageDescriptor *desc, ProtobufCMessage **resp,
                                 int64_t *notice_at)
{
    for (;;) {
        if (told_to_stop(self))
            return WAIT_INTERRUPTED;
        int64_t left = poll_for(self, deadline, notice_at);
        if (left <= 0)
            return WAIT_TIMED_OUT;
        /* A receive that waits, not zmq_poll and then a receive: ZeroMQ's
         * poll looks at the socket's commands before and after its own
         * poll(2), so a call made about 13 system calls instead of 10. */
        int wait = left > INT_MAX ? INT_MAX : (int)left;
        if (self->monitor && wait > MONITOR_MS)
            wait = MONITOR_MS;
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        if (zmq_setsockopt(self->sock, ZMQ_RCVTIMEO, &wait, sizeof wait) != 0 ||
            zmq_msg_recv(&msg, self->sock, 0) < 0) {
            int err = zmq_errno();
            zmq_msg_close(&msg);
            if (key_refused(self))
                return WAIT_REFUSED;
            if (err == EAGAIN || err == EINTR)
                continue;
            return WAIT_TIMED_OUT;
        }
        bool more = zmq_msg_more(&msg);
        ProtobufCMessage *r =
            more ? NULL
                 : protobuf_c_message_unpack(desc, NULL, zmq_msg_size(&msg), zmq_msg_data(&msg));
        zmq_msg_close(&msg);
        stop_monitor(self); /* an answer: the handshake passed */
        if (r && strcmp(reply_field(r, 1), rid) == 0) {
            *resp = r;
            return WAIT_DONE;
        }
        if (r)
            protobuf_c_message_free_unpacked(r, NULL);
        while (more) { /* not ours: drain the rest of the message */
            zmq_msg_init(&msg);
            more = zmq_msg_recv(&msg, self->sock, 0) >= 0 && zmq_msg_more(&msg);
            zmq_msg_close(&msg);
        }
    }
}

/* Sends without blocking past deadline: with no live connection (broker
 * down, or our key refused) a blocking send would wait for ever. */
static enum wait_end send_before(thd_client_t *self, const void *buf, size_t len, int64_t deadline,
                                 int64_t *notice_at)
{
    for (;;) {
        if (told_to_stop(self))
            return WAIT_INTERRUPTED;
        if (zmq_send(self->sock, buf, len, ZMQ_DONTWAIT) >= 0)
            return WAIT_DONE;
        int err = zmq_errno(); /* before on_wait may change errno */
        if (err == EINTR)
            continue;
        int64_t left = poll_for(self, deadline, notice_at);
        if (err != EAGAIN || left <= 0)
            return WAIT_TIMED_OUT;
        if (key_refused(self))
            return WAIT_REFUSED;
        zmq_pollitem_t item = {self->sock, 0, ZMQ_POLLOUT, 0};
        zmq_poll(&item, 1, self->monitor && left > MONITOR_MS ? MONITOR_MS : (long)left);
    }
}

/* Packs req, giving it a fresh request id when it has none. */
static uint8_t *pack_request(thd_client_t *self, Thidua__V1__Request *req, size_t *len,
                             thd_status_t *st)
{
    if (!req->request_id || !*req->request_id) {
        thd_request_id(self->rid);
        req->request_id = self->rid;
    }
    *len = thidua__v1__request__get_packed_size(req);
    if (*len > THD_MAX_REQUEST_BYTES) { /* the broker would drop it unanswered */
        thd_refuse(st, THD_R_REQUEST_TOO_BIG, "", THD_U(*len), THD_U(THD_MAX_REQUEST_BYTES));
        return NULL;
    }
    uint8_t *buf = malloc(*len ? *len : 1);
    if (!buf)
        thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
    else
        thidua__v1__request__pack(req, buf);
    return buf;
}

/* The status of a wait that ended without a reply. The socket is reopened
 * before the next request: a REQ socket refuses a second send before a
 * reply, and the unanswered request, interrupted or timed out, may still
 * be answered. Every call that ends unanswered comes through here. */
static int no_reply(thd_client_t *self, enum wait_end end, thd_status_t *st)
{
    self->stale = true;
    if (end == WAIT_INTERRUPTED)
        return thd_refuse(st, THD_R_INTERRUPTED, "server", self->server);
    if (end == WAIT_REFUSED)
        return thd_refuse(st, THD_R_KEY_REFUSED, "key", self->server);
    return thd_refuse(st, THD_R_NO_REPLY, "server", self->server, THD_U(self->retries + 1),
                      THD_U(self->timeout_ms));
}

/* The reply's status, its reason and parameters kept within the bounds of
 * thd_status_t (a longer one is cut at a character boundary). */
static int reply_status(const ProtobufCMessage *resp, thd_status_t *st)
{
    const Thidua__V1__Status *s = reply_field(resp, 2);
    if (!s)
        return 0;
    thd_status_set(st, s->code, s->field, "%s", s->message);
    if (!st)
        return s->code;
    const char *reason[] = {s->reason};
    thd_render(st->reason, sizeof st->reason, "%s", reason, 1);
    for (size_t i = 0; i < s->n_params && i < THD_MAX_REASON_PARAMS; i++) {
        const char *param[] = {s->params[i]};
        thd_render(st->params[st->n_params++], sizeof st->params[0], "%s", param, 1);
    }
    return s->code;
}

int thd_call(thd_client_t *self, Thidua__V1__Request *req, Thidua__V1__Response **resp,
             thd_status_t *st)
{
    *resp = NULL;
    thd_status_clear(st);
    size_t len;
    uint8_t *buf = pack_request(self, req, &len, st);
    if (!buf)
        return st->code;
    enum wait_end end = WAIT_TIMED_OUT;
    int64_t notice_at = self->on_wait ? clock_mono_ms() + self->wait_ms : 0;
    for (int attempt = 0; attempt <= self->retries && end == WAIT_TIMED_OUT; attempt++) {
        if (attempt > 0 || self->stale) { /* Lazy Pirate: a fresh socket, the same request */
            close_socket(self);
            if (open_socket(self) != 0)
                break;
            self->stale = false;
        }
        int64_t deadline = clock_mono_ms() + self->timeout_ms;
        end = send_before(self, buf, len, deadline, &notice_at);
        if (end == WAIT_DONE)
            end = await_reply(self, req->request_id, deadline, &thidua__v1__response__descriptor,
                              (ProtobufCMessage **)resp, &notice_at);
    }
    free(buf);
    if (end != WAIT_DONE)
        return no_reply(self, end, st);
    return reply_status(&(*resp)->base, st);
}

int client_send(thd_client_t *self, Thidua__V1__Request *req, thd_status_t *st)
{
    thd_status_clear(st);
    req->request_id = NULL;
    size_t len;
    uint8_t *buf = pack_request(self, req, &len, st);
    if (!buf)
        return st->code;
    if (self->stale) {
        close_socket(self);
        if (open_socket(self) != 0) {
            free(buf);
            return no_reply(self, WAIT_TIMED_OUT, st);
        }
    }
    self->deadline = clock_mono_ms() + self->timeout_ms;
    self->stale = true; /* until its reply arrives */
    int64_t never = 0;
    enum wait_end end = send_before(self, buf, len, self->deadline, &never);
    free(buf);
    return end == WAIT_DONE ? 0 : no_reply(self, end, st);
}

int client_await(thd_client_t *self, const ProtobufCMessageDescriptor *desc,
                 ProtobufCMessage **resp, thd_status_t *st)
{
    *resp = NULL;
    int64_t never = 0;
    enum wait_end end = await_reply(self, self->rid, self->deadline, desc, resp, &never);
    if (end != WAIT_DONE)
        return no_reply(self, end, st);
    self->stale = false;
    return reply_status(*resp, st);
}

int thd_keygen(const char *secret_path, const char *public_path, thd_status_t *st)
{
    key_pair_t kp;
    int rc = keys_generate(&kp, st);
    if (rc == 0)
        rc = keys_write_pair(secret_path, public_path, &kp, st);
    sodium_memzero(&kp, sizeof kp);
    return rc;
}
