/* The watch: subscribe first, then snapshot or resume, apply in revision
 * order, repair from the change log, re-snapshot when the log is too
 * short, and follow the broker through restarts (DESIGN §5).
 *
 * Invariant: the view holds every change concerning us up to `rev`, and
 * none after it. A live event is applied only when it is the very next
 * revision (full subscribers) -- anything else is a possible gap, repaired
 * by reading the log after `rev`. Filtered subscribers see revisions with
 * holes by design, so every out-of-step event or newer heartbeat sends
 * them to the log, which answers only their unit's changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "call.h"
#include "client_keys.h"
#include "clock.h"
#include "reasons.h"
#include "recmeta.h"
#include "rules.h"
#include "thd_limits.h"
#include "thidua.h"
#include "view.h"

#define DOWN_AFTER_MS  (3 * THD_HEARTBEAT_MS + THD_HEARTBEAT_MS / 2)
#define RETRY_FIRST_MS 200
#define RETRY_MAX_MS   5000

struct thd_watch {
    thd_client_t *client;
    thd_events_t *events;
    view_t *view;
    thd_watch_callbacks_t cb;
    char unit[THD_MAX_CODE_CHARS + 1];
    uint64_t rev;     /* the view is complete up to here */
    uint64_t heard;   /* newest revision a heartbeat announced */
    uint64_t synced;  /* revision last reported in sync */
    bool loaded;      /* a snapshot or a resume point exists */
    bool had_view;    /* a view existed before: replacing it is a reset */
    bool need_repair; /* read the log after rev before trusting the stream */
    bool up;
    int64_t last_heartbeat, next_attempt, backoff;
    thd_watch_stats_t stats;
};

static void note_connection(thd_watch_t *w, bool up)
{
    if (w->up == up)
        return;
    w->up = up;
    if (!up)
        w->stats.downs++;
    if (w->cb.connection)
        w->cb.connection(w->cb.arg, up);
}

/* Applies one record if it is newer than the view's copy; takes rec. */
static void apply_record(thd_watch_t *w, Thidua__V1__Record *rec, const Thidua__V1__Event *ev)
{
    const Thidua__V1__Record *old = view_get(w->view, rec->type, rec->id);
    const Thidua__V1__Meta *om = old ? recmeta_get(old) : NULL, *nm = recmeta_get(rec);
    if (om && nm && om->mod_revision >= nm->mod_revision) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return;
    }
    if (view_put(w->view, rec) == 0 && w->cb.change && !rec->deleted)
        w->cb.change(w->cb.arg, view_get(w->view, rec->type, rec->id), ev);
}

/* Applies an event's records (those concerning us; those that left our
 * unit go from the view); the event stays the caller's. */
static void apply_event(thd_watch_t *w, Thidua__V1__Event *ev)
{
    bool left = thd_event_left(ev, w->unit);
    for (size_t i = 0; i < ev->n_records; i++) {
        if (!thd_record_concerns(ev->records[i], w->unit)) {
            if (!left)
                continue;
            ev->records[i]->deleted = true; /* from this unit's view */
        }
        apply_record(w, ev->records[i], ev);
        ev->records[i] = NULL; /* the view owns it now */
    }
    size_t kept = 0; /* compact the array so free_unpacked sees no NULLs */
    for (size_t i = 0; i < ev->n_records; i++)
        if (ev->records[i])
            ev->records[kept++] = ev->records[i];
    ev->n_records = kept;
    w->rev = ev->revision;
}

static int call(thd_watch_t *w, Thidua__V1__Request *req, Thidua__V1__Response **resp,
                thd_status_t *st)
{
    req->request_id = NULL; /* a fresh id per call */
    return thd_call(w->client, req, resp, st);
}

static int ask_page(thd_watch_t *w, Thidua__V1__SnapshotRequest *body, thd_status_t *st)
{
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_SNAPSHOT;
    req.snapshot = body;
    return client_send(w->client, &req, st);
}

/* Stores a page's records as they came, packed; takes their bytes. */
static int store_page(thd_watch_t *w, Thidua__V1__SnapshotReplyPacked *page, thd_status_t *st)
{
    int rc = 0;
    for (size_t i = 0; i < page->n_records && rc == 0; i++) {
        ProtobufCBinaryData *b = &page->records[i];
        const Thidua__V1__Record *rec = NULL; /* decoded only for a change callback */
        rc = view_put_packed(w->view, b->data, b->len, w->cb.change ? &rec : NULL);
        b->data = NULL; /* the view owns (or freed) it now */
        b->len = 0;
        if (rc == 0 && rec)
            w->cb.change(w->cb.arg, rec, NULL);
    }
    if (rc == -2)
        return thd_refuse(st, THD_R_DAMAGED_REPLY, "");
    if (rc)
        return thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
    return 0;
}

/* Pages through a snapshot, asking for the next page before storing the
 * current one, so the broker reads while we store. */
static int take_snapshot(thd_watch_t *w, thd_status_t *st)
{
    Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
    body.unit = w->unit;
    body.page_size = THD_MAX_PAGE;
    char cursor[65] = "";
    body.cursor = cursor;
    bool first = true;
    w->loaded = false; /* a partial snapshot is no view: a failure starts over */
    int rc = ask_page(w, &body, st);
    while (rc == 0) {
        Thidua__V1__ResponsePacked *resp = NULL;
        rc = client_await(w->client, &thidua__v1__response_packed__descriptor,
                          (ProtobufCMessage **)&resp, st);
        Thidua__V1__SnapshotReplyPacked *page = resp ? resp->snapshot : NULL;
        if (rc == 0 && !page)
            rc = thd_refuse(st, THD_R_NO_SNAPSHOT, "");
        if (rc == 0) {
            snprintf(cursor, sizeof cursor, "%s", page->cursor);
            if (*cursor)
                rc = ask_page(w, &body, st);
        }
        if (rc == 0 && first) { /* only now, with the first page in hand, drop the old view */
            view_clear(w->view);
            if (w->had_view && w->cb.reset)
                w->cb.reset(w->cb.arg);
            first = false;
        }
        if (rc == 0) {
            rc = store_page(w, page, st);
            w->rev = page->revision;
        }
        if (resp)
            thidua__v1__response_packed__free_unpacked(resp, NULL);
        if (rc == 0 && !*cursor)
            break;
    }
    if (rc)
        return rc;
    w->stats.snapshots++;
    w->loaded = w->had_view = true;
    return 0;
}

/* Reads the log after rev until its end. OUT_OF_RANGE means re-snapshot. */
static int read_log(thd_watch_t *w, thd_status_t *st)
{
    Thidua__V1__ChangesSinceRequest body = THIDUA__V1__CHANGES_SINCE_REQUEST__INIT;
    body.unit = w->unit;
    body.page_size = THD_MAX_PAGE;
    for (;;) {
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = THIDUA__V1__REQUEST__BODY_CHANGES_SINCE;
        req.changes_since = &body;
        body.revision = w->rev;
        Thidua__V1__Response *resp = NULL;
        int rc = call(w, &req, &resp, st);
        if (rc) {
            if (resp)
                thidua__v1__response__free_unpacked(resp, NULL);
            return rc;
        }
        Thidua__V1__ChangesSinceReply *page = resp->changes;
        for (size_t i = 0; i < page->n_events; i++)
            if (page->events[i]->revision > w->rev)
                apply_event(w, page->events[i]);
        if (page->revision > w->rev)
            w->rev = page->revision; /* read up to here: nothing else concerned us */
        bool more = page->more;
        thidua__v1__response__free_unpacked(resp, NULL);
        if (!more)
            return 0;
    }
}

static void report_sync(thd_watch_t *w)
{
    if (w->rev >= w->heard && w->rev != w->synced) {
        w->synced = w->rev;
        if (w->cb.sync)
            w->cb.sync(w->cb.arg, w->rev);
    }
}

/* The broker closed our snapshot's cursor: idle too long, or the same
 * principal opened more snapshots than it may hold (several screens with one
 * key). take_snapshot left the view unloaded, so a retry starts over. */
static bool cursor_lost(const thd_status_t *st)
{
    return strcmp(st->reason, thd_reason_row(THD_R_CURSOR_EVICTED)->id) == 0 ||
           strcmp(st->reason, thd_reason_row(THD_R_CURSOR_UNKNOWN)->id) == 0;
}

/* Brings the view up to the broker's present: snapshot or log. */
static int resync(thd_watch_t *w, thd_status_t *st)
{
    int rc;
    if (!w->loaded) {
        rc = take_snapshot(w, st);
    } else {
        rc = read_log(w, st);
        w->stats.repairs++;
        if (rc == THD_OUT_OF_RANGE) {
            w->stats.resnapshots++;
            rc = take_snapshot(w, st);
        }
    }
    if (rc == 0) {
        w->need_repair = false;
        w->backoff = 0;
        if (w->heard < w->rev)
            w->heard = w->rev;
        report_sync(w);
    }
    return rc;
}

/* Schedules the next try, with jitter so a crowd of screens coming back
 * after a restart does not arrive at once. */
static void back_off(thd_watch_t *w, int64_t now)
{
    w->backoff = w->backoff ? w->backoff * 2 : RETRY_FIRST_MS;
    if (w->backoff > RETRY_MAX_MS)
        w->backoff = RETRY_MAX_MS;
    int64_t jitter = (int64_t)randombytes_uniform((uint32_t)w->backoff) - w->backoff / 2;
    w->next_attempt = now + w->backoff + jitter;
}

/* Events whose change is read from the log instead: a thin one (larger
 * than the broker publishes whole) names its records without their bodies;
 * the event socket carries a ballot without any vote, and the change log
 * gives a council member its own. */
static bool read_from_log(const Thidua__V1__Event *ev)
{
    if (ev->thin)
        return true;
    for (size_t i = 0; i < ev->n_records; i++)
        if (ev->records[i]->body_case == THIDUA__V1__RECORD__BODY_BALLOT)
            return true;
    return false;
}

static void on_event(thd_watch_t *w, Thidua__V1__Event *ev)
{
    if (ev->revision <= w->rev) {
        w->stats.duplicates++;
    } else if (w->loaded && !w->need_repair && ev->revision == w->rev + 1 && !read_from_log(ev)) {
        apply_event(w, ev);
        w->stats.events++;
    } else {
        w->need_repair = true; /* the log will deliver this one in order */
    }
    if (ev->revision > w->heard)
        w->heard = ev->revision;
}

static void on_heartbeat(thd_watch_t *w, const Thidua__V1__Heartbeat *hb, int64_t now)
{
    w->last_heartbeat = now;
    note_connection(w, true);
    if (hb->revision < w->rev) {
        w->loaded = false; /* the broker went back in time: a restored store */
        w->need_repair = true;
    } else if (hb->revision > w->rev) {
        w->need_repair = true;
    }
    w->heard = hb->revision;
    if (!w->need_repair)
        report_sync(w);
}

thd_watch_t *thd_watch_new(const thd_client_opts_t *copts, const thd_watch_opts_t *wopts,
                           const thd_watch_callbacks_t *cb, thd_status_t *st)
{
    thd_watch_opts_t none = {0};
    if (!wopts)
        wopts = &none;
    thd_watch_t *w = calloc(1, sizeof *w);
    if (!w || sodium_init() < 0) {
        free(w);
        thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
        return NULL;
    }
    if (cb)
        w->cb = *cb;
    snprintf(w->unit, sizeof w->unit, "%s", wopts->unit ? wopts->unit : "");
    w->rev = wopts->since;
    w->loaded = w->had_view = wopts->since > 0;
    w->need_repair = true;
    thd_client_opts_t o = copts ? *copts : (thd_client_opts_t){0};
    o.retries = -1; /* the watch retries itself, with backoff */
    if (o.timeout_ms <= 0)
        o.timeout_ms = 2000;
    w->view = view_new();
    w->events = w->view ? client_events_new(&o, w->unit, wopts->rcvhwm, st) : NULL;
    w->client = w->events ? thd_client_new(&o, st) : NULL;
    if (!w->client) {
        thd_watch_destroy(&w);
        return NULL;
    }
    w->last_heartbeat = clock_mono_ms();
    return w;
}

void thd_watch_destroy(thd_watch_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    thd_watch_t *w = *self_p;
    thd_client_destroy(&w->client);
    thd_events_destroy(&w->events);
    view_destroy(&w->view);
    free(w);
    *self_p = NULL;
}

int thd_watch_run(thd_watch_t *w, int timeout_ms, thd_status_t *st)
{
    int64_t deadline = clock_mono_ms() + timeout_ms;
    for (int64_t now = clock_mono_ms(); now < deadline; now = clock_mono_ms()) {
        if (w->need_repair && now >= w->next_attempt) {
            thd_status_t call_st = {0};
            int rc = resync(w, &call_st);
            if (rc == THD_CANCELLED)
                return 0; /* a handled signal: the caller looks at its flag */
            if (rc == THD_INVALID_ARGUMENT && strcmp(call_st.field, "revision") == 0) {
                w->loaded = false; /* the broker is behind us: a restored store */
                back_off(w, now);
            } else if (rc == THD_UNAVAILABLE) {
                note_connection(w, false);
                back_off(w, now);
            } else if (rc == THD_RESOURCE_EXHAUSTED || rc == THD_DEADLINE_EXCEEDED ||
                       cursor_lost(&call_st)) {
                back_off(w, now); /* busy, or our snapshot's cursor is gone: later, anew */
            } else if (rc) {
                *st = call_st; /* a refusal no retry mends: a bad key, a bad request */
                return -rc;
            }
        }
        if (w->up && now - w->last_heartbeat > DOWN_AFTER_MS)
            note_connection(w, false); /* the stream reconnects meanwhile (events.c) */
        int64_t wait = deadline - now;
        if (w->need_repair && w->next_attempt - now < wait)
            wait = w->next_attempt > now ? w->next_attempt - now : 0;
        Thidua__V1__Event *ev;
        Thidua__V1__Heartbeat *hb;
        int got = thd_events_next(w->events, (int)(wait < 200 ? wait : 200), &ev, &hb, st);
        if (got < 0)
            return got;
        if (ev) {
            on_event(w, ev);
            thidua__v1__event__free_unpacked(ev, NULL);
        }
        if (hb) {
            on_heartbeat(w, hb, clock_mono_ms());
            thidua__v1__heartbeat__free_unpacked(hb, NULL);
        }
    }
    return 0;
}

uint64_t thd_watch_revision(const thd_watch_t *w)
{
    return w->rev;
}

bool thd_watch_in_sync(const thd_watch_t *w)
{
    return w->loaded && !w->need_repair && w->rev >= w->heard;
}

bool thd_watch_up(const thd_watch_t *w)
{
    return w->up;
}

const Thidua__V1__Record *thd_watch_get(const thd_watch_t *w, const char *type, const char *id)
{
    return view_get(w->view, type, id);
}

size_t thd_watch_count(const thd_watch_t *w)
{
    return view_count(w->view);
}

void thd_watch_each(const thd_watch_t *w, void (*fn)(void *arg, const Thidua__V1__Record *rec),
                    void *arg)
{
    view_each(w->view, fn, arg);
}

void thd_watch_stats(const thd_watch_t *w, thd_watch_stats_t *out)
{
    *out = w->stats;
}
