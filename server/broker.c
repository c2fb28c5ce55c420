/* The event loop. A group commit: drain every waiting request, run each
 * against the pending group, write the group in one synced batch, then send
 * the replies and publish the events. Nothing is acknowledged before it is
 * on disk; nothing here blocks on a peer. */
#include "broker.h"
#include "frames.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include <zmq.h>

#include "admin.h"
#include "auth.h"
#include "clock.h"
#include "curve.h"
#include "dispatch.h"
#include "events.h"
#include "keys.h"
#include "thd_limits.h"
#include "log.h"
#include "metrics.h"
#include "paths.h"
#include "store.h"

#define MAX_ROUTING_ID 256

struct pending {
    uint8_t id[MAX_ROUTING_ID];
    size_t id_len;
    bool delimiter; /* a REQ peer: echo the empty frame */
    dispatch_out_t out;
};

typedef struct broker {
    const broker_opts_t *opts;
    void *ctx, *router;
    events_t *events;
    auth_t *auth;
    admin_t *admin; /* NULL when its socket could not be bound */
    store_t *store;
    dispatch_t *dispatch;
    metrics_t *metrics;
    struct server_info info;
    struct pending *queue;
    size_t queued;
    int64_t next_heartbeat;
} broker_t;

/* Rewrites a reply that can no longer be kept: its group did not reach disk. */
static void fail_reply(dispatch_out_t *out, uint64_t revision, const thd_status_t *st)
{
    Thidua__V1__Response *resp = thidua__v1__response__unpack(NULL, out->reply_len, out->reply);
    dispatch_out_clear(out);
    thd_status_t why = *st;
    why.field[0] = '\0';
    dispatch_error_reply(resp ? resp->request_id : "", revision, &why, out);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
}

/* Commits the pending group, then answers and publishes all it holds. */
static void flush(broker_t *b)
{
    thd_status_t st = {0};
    bool writes = store_pending(b->store);
    int64_t t0 = writes ? clock_mono_us() : 0;
    bool failed = store_commit(b->store, &st) != 0;
    if (failed)
        log_error("%s", st.message);
    if (b->queued || writes) /* a wake-up that found no request is no group */
        metrics_group(b->metrics, b->queued, writes && !failed ? clock_mono_us() - t0 : -1);
    for (size_t i = 0; i < b->queued; i++) {
        struct pending *p = &b->queue[i];
        if (failed && p->out.wrote) {
            int kind = p->out.kind;
            fail_reply(&p->out, store_committed_revision(b->store), &st);
            p->out.kind = kind;
        }
        metrics_request(b->metrics, p->out.kind, p->out.code, p->out.events.n > 0 && !failed);
        zmq_send(b->router, p->id, p->id_len, ZMQ_SNDMORE | ZMQ_DONTWAIT);
        if (p->delimiter)
            zmq_send(b->router, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT);
        zmq_send(b->router, p->out.reply, p->out.reply_len, ZMQ_DONTWAIT);
        for (size_t e = 0; e < p->out.events.n; e++) {
            const change_event_t *ev = &p->out.events.events[e];
            for (size_t t = 0; t < ev->n_topics; t++)
                events_publish(b->events, ev->topics[t], ev->pub_bytes ? ev->pub_bytes : ev->bytes,
                               ev->pub_bytes ? ev->pub_len : ev->len);
        }
        if (p->out.events.revokes_access && !failed)
            events_rebind(b->events); /* before a later event can reach the revoked key */
        dispatch_out_clear(&p->out);
    }
    b->queued = 0;
}

/* Reads one request message: [routing id][empty, from REQ][body]. Returns
 * 1 and fills p (and body) when well formed, 0 when nothing waits, -1 for a
 * malformed message (dropped: it has no request to answer). */
static int recv_request(broker_t *b, struct pending *p, zmq_msg_t *body, char *user,
                        size_t user_cap)
{
    zmq_msg_t frames[3];
    int n = frames_recv(b->router, frames, 3);
    if (n == 0)
        return 0;
    int kept = n < 3 ? n : 3;
    bool ok = (n == 2 || (n == 3 && zmq_msg_size(&frames[1]) == 0)) &&
              zmq_msg_size(&frames[0]) <= MAX_ROUTING_ID;
    if (ok) {
        p->id_len = zmq_msg_size(&frames[0]);
        memcpy(p->id, zmq_msg_data(&frames[0]), p->id_len);
        p->delimiter = n == 3;
        const char *uid = zmq_msg_gets(&frames[n - 1], "User-Id");
        snprintf(user, user_cap, "%s", uid ? uid : "");
        zmq_msg_move(body, &frames[n - 1]);
    } else {
        log_debug("dropped a malformed request of %d frames", n);
    }
    for (int i = 0; i < kept; i++)
        zmq_msg_close(&frames[i]);
    return ok ? 1 : -1;
}

/* Drains up to a group of requests, then commits and answers. */
static void serve_requests(broker_t *b)
{
    for (int i = 0; i < THD_MAX_GROUP; i++) {
        struct pending cur;
        zmq_msg_t body;
        zmq_msg_init(&body);
        char user[AUTH_USER_CAP];
        int rc = recv_request(b, &cur, &body, user, sizeof user);
        if (rc == 1) {
            dispatch_handle(b->dispatch, user, zmq_msg_data(&body), zmq_msg_size(&body), &cur.out);
            if (cur.out.commit_first) { /* a scan after writes: the group goes first */
                flush(b);
                dispatch_handle(b->dispatch, user, zmq_msg_data(&body), zmq_msg_size(&body),
                                &cur.out);
            }
            b->queue[b->queued++] = cur;
        }
        zmq_msg_close(&body);
        if (rc == 0)
            break;
    }
    flush(b);
}

static void write_metrics(broker_t *b, bool up)
{
    metrics_state_t s = {.revision = store_committed_revision(b->store),
                         .oldest_revision = store_oldest_revision(b->store),
                         .keep_entries = b->opts->keep_log.revisions,
                         .cursors = cursors_count(b->info.cursors),
                         .read_only = store_read_only(b->store),
                         .up = up};
    metrics_write(b->metrics, &s);
}

static void heartbeat(broker_t *b)
{
    Thidua__V1__Heartbeat hb = THIDUA__V1__HEARTBEAT__INIT;
    hb.revision = store_committed_revision(b->store);
    hb.time_ms = clock_wall_ms();
    uint8_t buf[32];
    size_t len = thidua__v1__heartbeat__pack(&hb, buf);
    if (!events_bound(b->events))
        events_rebind(b->events); /* a rebind that failed: try again */
    events_publish(b->events, "_sys/heartbeat", buf, len);
    store_reply_sweep(b->store, hb.time_ms, 1000);
    cursors_expire(b->info.cursors, hb.time_ms);
    logkeep_step(b->store, &b->opts->keep_log, hb.time_ms);
    write_metrics(b, true);
}

/* Writes the bound endpoints (ports chosen by "*" resolved) for tools and
 * tests; its appearance also says the broker is ready. */
static void write_endpoints(broker_t *b)
{
    char req[256] = "", ev[256] = "", path[PATHS_MAX], tmp[PATHS_MAX + 8];
    size_t len = sizeof req;
    zmq_getsockopt(b->router, ZMQ_LAST_ENDPOINT, req, &len);
    snprintf(ev, sizeof ev, "%s", events_endpoint(b->events));
    paths_join(path, b->opts->data_dir, PATHS_ENDPOINTS);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "requests=%s\nevents=%s\n", req, ev) < 0 || fclose(f) != 0 ||
        rename(tmp, path) != 0)
        log_warn("cannot write %s: %s", path, strerror(errno));
    log_info("serving requests on %s, events on %s, revision %llu", req, ev,
             (unsigned long long)store_committed_revision(b->store));
}

static int start(broker_t *b)
{
    char path[PATHS_MAX];
    thd_status_t st = {0};
    key_pair_t kp;
    paths_join(path, b->opts->data_dir, PATHS_SERVER_KEY);
    if (keys_read_secret(path, &kp, &st) != 0) {
        log_error("%s", st.message);
        return -1;
    }
    paths_join(path, b->opts->data_dir, PATHS_STORE);
    b->store = store_open(path, false, &st);
    if (!b->store) {
        log_error("%s", st.message);
        return -1;
    }
    b->info = (struct server_info){.started_mono_ms = clock_mono_ms(),
                                   .version = THIDUA_VERSION,
                                   .cursors = cursors_new(b->store),
                                   .timezone = b->opts->timezone,
                                   .event_max_bytes = b->opts->event_max_bytes,
                                   .test_today = b->opts->test_today};
    b->dispatch = dispatch_new(b->store, &b->info);
    b->metrics = metrics_new(b->opts->metrics_dir, b->opts->data_dir);
    b->queue = calloc(THD_MAX_GROUP, sizeof *b->queue);
    b->ctx = zmq_ctx_new();
    if (b->ctx) /* CURVE work for many subscribers spreads over two I/O threads */
        zmq_ctx_set(b->ctx, ZMQ_IO_THREADS, 2);
    if (!b->dispatch || !b->metrics || !b->queue || !b->ctx || !b->info.cursors)
        return -1;
    /* ZAP first: a CURVE socket bound without a handler admits everyone */
    b->auth = auth_new(b->ctx, b->store);
    if (!b->auth)
        return -1;
    b->router = curve_socket(b->ctx, ZMQ_ROUTER, b->opts->requests, &kp, 0);
    events_opts_t eo = {.data_dir = b->opts->data_dir,
                        .endpoint = b->opts->events,
                        .hwm = b->opts->event_hwm > 0 ? b->opts->event_hwm : THD_PUB_HWM};
    b->events = b->router ? events_new(b->ctx, &eo, &kp) : NULL;
    sodium_memzero(&kp, sizeof kp);
    if (!b->events)
        return -1;
    b->admin = admin_new(b->ctx, b->store, b->opts->data_dir);
    write_endpoints(b);
    return 0;
}

static void stop_all(broker_t *b)
{
    char path[PATHS_MAX];
    if (b->events) {
        paths_join(path, b->opts->data_dir, PATHS_ENDPOINTS);
        unlink(path);
    }
    if (b->router)
        zmq_close(b->router);
    events_destroy(&b->events);
    auth_destroy(&b->auth);
    admin_destroy(&b->admin); /* before the store: a backup may still read it */
    if (b->ctx)
        zmq_ctx_term(b->ctx);
    dispatch_destroy(&b->dispatch);
    metrics_destroy(&b->metrics);
    cursors_destroy(&b->info.cursors);
    store_destroy(&b->store);
    free(b->queue);
}

int broker_run(const broker_opts_t *opts, volatile sig_atomic_t *stop)
{
    broker_t b = {.opts = opts};
    if (start(&b) != 0) {
        stop_all(&b);
        return 1;
    }
    b.next_heartbeat = clock_mono_ms();
    while (!*stop) {
        int64_t now = clock_mono_ms();
        if (now >= b.next_heartbeat) {
            heartbeat(&b);
            b.next_heartbeat = now + THD_HEARTBEAT_MS;
        }
        zmq_pollitem_t items[4] = {{auth_socket(b.auth), 0, ZMQ_POLLIN, 0},
                                   {b.router, 0, ZMQ_POLLIN, 0}};
        int n = 2;
        if (b.admin) {
            items[n++] = (zmq_pollitem_t){admin_socket(b.admin), 0, ZMQ_POLLIN, 0};
            if (admin_job_fd(b.admin) >= 0)
                items[n++] = (zmq_pollitem_t){NULL, admin_job_fd(b.admin), ZMQ_POLLIN, 0};
        }
        int rc = zmq_poll(items, n, (long)(b.next_heartbeat - now));
        if (rc < 0 && zmq_errno() != EINTR) {
            log_error("poll failed: %s", zmq_strerror(zmq_errno()));
            break;
        }
        if (rc > 0 && (items[0].revents & ZMQ_POLLIN))
            auth_handle(b.auth);
        if (rc > 0 && n > 3 && (items[3].revents & ZMQ_POLLIN))
            admin_job_done(b.admin);
        if (rc > 0 && n > 2 && (items[2].revents & ZMQ_POLLIN))
            admin_handle(b.admin);
        if (rc > 0 && (items[1].revents & ZMQ_POLLIN))
            serve_requests(&b);
    }
    log_info("stopping at revision %llu", (unsigned long long)store_committed_revision(b.store));
    write_metrics(&b, false); /* the last numbers, and a clean stop, not a crash */
    stop_all(&b);
    return 0;
}
