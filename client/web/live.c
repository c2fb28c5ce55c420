/* Invariant: the ring holds every change after `floor` up to the view's
 * revision, in order, each once; a stream that has sent revision r and
 * r >= floor can go on without loss. The watch thread is the only one
 * that touches the watch; everything streams read is under `lock`. */
#include "live.h"

#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "pbjson.h"

struct ring_entry {
    uint64_t rev;
    char *text; /* the SSE frame */
};

struct live {
    thd_watch_t *watch;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool stop, dirty, floor_pending;
    struct ring_entry ring[LIVE_RING];
    size_t first, n;       /* ring[first .. first+n) */
    uint64_t floor, epoch; /* revisions <= floor are not in the ring */
    uint64_t state_gen, revision;
    bool up, ready;
    char *snapshot; /* JSON text of the view */
    size_t snapshot_len;
    unsigned streams;
    uint64_t wakes; /* live_wake calls: a stream rechecks its session on each */
    live_revoke_fn *revoke;
    void *revoke_arg;
};

/* A fresh formatted string, or NULL. */
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *out = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (out) {
        va_start(ap, fmt);
        vsnprintf(out, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return out;
}

/* ---- the watch thread's side ---- */

static void ring_clear(live_t *self)
{
    for (size_t i = 0; i < self->n; i++)
        free(self->ring[(self->first + i) % LIVE_RING].text);
    self->first = self->n = 0;
}

static void ring_push(live_t *self, uint64_t rev, char *text)
{
    if (self->n == LIVE_RING) { /* the oldest goes; streams behind it reload */
        struct ring_entry *old = &self->ring[self->first];
        self->floor = old->rev;
        free(old->text);
        self->first = (self->first + 1) % LIVE_RING;
        self->n--;
    }
    self->ring[(self->first + self->n) % LIVE_RING] = (struct ring_entry){rev, text};
    self->n++;
}

/* The event as the broker sent it, plus "word_key": the key of its words
 * among the pages' labels ("k_" + word_key), which says which way a
 * change went where a request can go either way (thd_change_key), so the
 * page words it as the CLI and the monitor do without a rule of its own. */
static char *event_frame(const Thidua__V1__Event *ev)
{
    json_t *j = pbjson_from_message(&ev->base);
    if (j)
        json_object_set_new(j, "word_key", json_string(thd_change_key(ev)));
    char *data = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    char *frame =
        data ? format("id: %llu\ndata: %s\n\n", (unsigned long long)ev->revision, data) : NULL;
    free(data);
    return frame;
}

/* Whether the change takes a principal's access away: disabled, or given
 * another key. */
static bool revokes(const Thidua__V1__Record *rec, const Thidua__V1__Event *ev)
{
    if (!rec || !ev || rec->body_case != THIDUA__V1__RECORD__BODY_PRINCIPAL)
        return false;
    return strcmp(ev->kind, "principal.set_key") == 0 ||
           (strcmp(ev->kind, "principal.set_disabled") == 0 && rec->principal->disabled);
}

static void on_change(void *arg, const Thidua__V1__Record *rec, const Thidua__V1__Event *ev)
{
    live_t *self = arg;
    pthread_mutex_lock(&self->lock);
    self->dirty = true;
    uint64_t last = self->n ? self->ring[(self->first + self->n - 1) % LIVE_RING].rev : self->floor;
    if (ev && ev->revision > last) { /* an event of many records calls once per record */
        char *frame = event_frame(ev);
        if (frame)
            ring_push(self, ev->revision, frame);
        pthread_cond_broadcast(&self->changed);
    }
    pthread_mutex_unlock(&self->lock);
    if (self->revoke && revokes(rec, ev)) {
        self->revoke(self->revoke_arg, rec->principal->name);
        live_wake(self); /* their streams end now, not at the next keep-alive */
    }
}

static void on_reset(void *arg)
{
    live_t *self = arg;
    pthread_mutex_lock(&self->lock);
    ring_clear(self);
    self->epoch++;
    self->floor_pending = true;
    self->dirty = true;
    pthread_mutex_unlock(&self->lock);
}

static void on_sync(void *arg, uint64_t revision)
{
    live_t *self = arg;
    pthread_mutex_lock(&self->lock);
    if (self->floor_pending) {
        self->floor = self->n ? self->ring[self->first].rev - 1 : revision;
        self->floor_pending = false;
    }
    if (revision != self->revision) {
        self->revision = revision;
        self->state_gen++;
    }
    self->dirty = true;
    pthread_cond_broadcast(&self->changed);
    pthread_mutex_unlock(&self->lock);
}

static void on_connection(void *arg, bool up)
{
    live_t *self = arg;
    pthread_mutex_lock(&self->lock);
    self->up = up;
    self->state_gen++;
    pthread_cond_broadcast(&self->changed);
    pthread_mutex_unlock(&self->lock);
}

static void add_record(void *arg, const Thidua__V1__Record *rec)
{
    json_array_append_new(arg, pbjson_from_message(&rec->base));
}

/* Rebuilds the snapshot text from the view (on the watch thread, outside
 * the lock: only this thread touches the view). */
static void rebuild(live_t *self)
{
    json_t *records = json_array();
    thd_watch_each(self->watch, add_record, records);
    uint64_t rev = thd_watch_revision(self->watch);
    json_t *j =
        json_pack("{s:I,s:b,s:o}", "revision", (json_int_t)rev, "up", self->up, "records", records);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!text)
        return;
    pthread_mutex_lock(&self->lock);
    free(self->snapshot);
    self->snapshot = text;
    self->snapshot_len = strlen(text);
    self->ready = true;
    self->dirty = false;
    pthread_mutex_unlock(&self->lock);
}

static void *run(void *arg)
{
    live_t *self = arg;
    for (;;) {
        pthread_mutex_lock(&self->lock);
        bool stop = self->stop, dirty = self->dirty && !self->floor_pending;
        pthread_mutex_unlock(&self->lock);
        if (stop)
            break;
        if (dirty)
            rebuild(self);
        thd_status_t st;
        if (thd_watch_run(self->watch, LIVE_RUN_MS, &st) < 0) {
            log_error("web: the watch failed: %s", st.message);
            nanosleep(&(struct timespec){.tv_sec = 1}, NULL);
        }
    }
    return NULL;
}

live_t *live_new(const thd_client_opts_t *opts, live_revoke_fn *revoke, void *arg, thd_status_t *st)
{
    live_t *self = calloc(1, sizeof *self);
    if (!self) {
        thd_status_set(st, THD_INTERNAL, "", "out of memory");
        return NULL;
    }
    self->revoke = revoke;
    self->revoke_arg = arg;
    pthread_mutex_init(&self->lock, NULL);
    pthread_cond_init(&self->changed, NULL);
    self->floor_pending =
        true; /* set at the first sync: the first snapshot may come without reset */
    thd_watch_callbacks_t cb = {.change = on_change,
                                .reset = on_reset,
                                .sync = on_sync,
                                .connection = on_connection,
                                .arg = self};
    thd_watch_opts_t wo = {0};
    self->watch = thd_watch_new(opts, &wo, &cb, st);
    if (!self->watch || pthread_create(&self->thread, NULL, run, self) != 0) {
        thd_watch_destroy(&self->watch);
        free(self);
        return NULL;
    }
    return self;
}

void live_wake(live_t *self)
{
    pthread_mutex_lock(&self->lock);
    self->wakes++;
    pthread_cond_broadcast(&self->changed);
    pthread_mutex_unlock(&self->lock);
}

void live_stop(live_t *self)
{
    pthread_mutex_lock(&self->lock);
    self->stop = true;
    pthread_cond_broadcast(&self->changed);
    pthread_mutex_unlock(&self->lock);
}

void live_destroy(live_t **self_p)
{
    live_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    live_stop(self);
    pthread_join(self->thread, NULL);
    thd_watch_destroy(&self->watch);
    ring_clear(self);
    free(self->snapshot);
    pthread_cond_destroy(&self->changed);
    pthread_mutex_destroy(&self->lock);
    free(self);
    *self_p = NULL;
}

/* ---- the streams' side ---- */

char *live_snapshot(live_t *self, size_t *len)
{
    pthread_mutex_lock(&self->lock);
    char *copy = self->ready ? malloc(self->snapshot_len + 1) : NULL;
    if (copy) {
        memcpy(copy, self->snapshot, self->snapshot_len + 1);
        *len = self->snapshot_len;
    }
    pthread_mutex_unlock(&self->lock);
    return copy;
}

int live_stream_begin(live_t *self, uint64_t since, live_cursor_t *c, unsigned max_streams)
{
    pthread_mutex_lock(&self->lock);
    bool ok = self->streams < max_streams;
    if (ok) {
        self->streams++;
        uint64_t head =
            self->n ? self->ring[(self->first + self->n - 1) % LIVE_RING].rev : self->floor;
        *c = (live_cursor_t){.rev = since,
                             .epoch = self->epoch,
                             .state_gen = 0,
                             .wakes = self->wakes,
                             .reload = !self->ready || since < self->floor || since > head};
    }
    pthread_mutex_unlock(&self->lock);
    return ok ? 0 : -1;
}

void live_stream_end(live_t *self)
{
    pthread_mutex_lock(&self->lock);
    self->streams--;
    pthread_mutex_unlock(&self->lock);
}

unsigned live_streams(live_t *self)
{
    pthread_mutex_lock(&self->lock);
    unsigned n = self->streams;
    pthread_mutex_unlock(&self->lock);
    return n;
}

/* What c should get next, under the lock; NULL when nothing is due. */
static char *due(live_t *self, live_cursor_t *c)
{
    if (c->epoch != self->epoch || c->rev < self->floor)
        c->reload = true;
    if (c->reload && self->ready && !self->floor_pending) {
        c->reload = false;
        c->epoch = self->epoch;
        c->rev = self->revision;
        c->state_gen = self->state_gen;
        /* the page reloads the snapshot, then follows from its revision */
        return format("event: reload\ndata: {\"revision\":%llu}\n\n",
                      (unsigned long long)self->revision);
    }
    if (c->reload)
        return NULL;
    if (c->state_gen != self->state_gen) {
        c->state_gen = self->state_gen;
        return format("event: state\ndata: {\"up\":%s,\"revision\":%llu}\n\n",
                      self->up ? "true" : "false", (unsigned long long)self->revision);
    }
    for (size_t i = 0; i < self->n; i++) {
        struct ring_entry *e = &self->ring[(self->first + i) % LIVE_RING];
        if (e->rev > c->rev) {
            c->rev = e->rev;
            return strdup(e->text);
        }
    }
    return NULL;
}

char *live_next(live_t *self, live_cursor_t *c, int wait_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += wait_ms / 1000;
    until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&self->lock);
    char *text = NULL;
    int rc = 0;
    /* A wake since the cursor's last look returns at once, even one that
     * came before this call: the caller checks its session between calls. */
    while (!self->stop && !(text = due(self, c)) && rc != ETIMEDOUT && c->wakes == self->wakes)
        rc = pthread_cond_timedwait(&self->changed, &self->lock, &until);
    c->wakes = self->wakes;
    bool stop = self->stop;
    pthread_mutex_unlock(&self->lock);
    if (!text && !stop)
        text = strdup(": keep-alive\n\n");
    return text;
}
