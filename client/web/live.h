/* The congress in the gateway's memory: one thd_watch (the Clone pattern)
 * run on its own thread, a JSON snapshot of the view for first loads, and
 * a ring of the latest changes, each as a Server-Sent Event with id: the
 * revision, so a stream resumes after any revision the ring still holds
 * and is told to reload otherwise. */
#ifndef THD_WEB_LIVE_H
#define THD_WEB_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "thidua.h"

#define LIVE_RING         4096 /* changes kept for resuming streams */
#define LIVE_RUN_MS       100  /* the watch's slice; the snapshot is rebuilt between slices */
#define LIVE_KEEPALIVE_MS 15000

typedef struct live live_t;

/* Where one stream stands. */
typedef struct live_cursor {
    uint64_t rev;       /* the last change sent */
    uint64_t epoch;     /* the view's epoch it follows; a new snapshot starts a new one */
    uint64_t state_gen; /* the last connection state sent */
    uint64_t wakes;     /* live_wake calls seen */
    bool reload;        /* the page must load the snapshot again */
} live_cursor_t;

/* Called on the watch thread with a principal the broker has just locked
 * or given another key, by any client (the CLI too): the gateway ends its
 * sessions, whose pages would otherwise go on reading. */
typedef void live_revoke_fn(void *arg, const char *principal);
/* Starts the watch thread with opts (the gateway's own observer key);
 * revoke (may be NULL) as above, with arg. */
live_t *live_new(const thd_client_opts_t *opts, live_revoke_fn *revoke, void *arg,
                 thd_status_t *st);
void live_destroy(live_t **self_p);

/* The view as JSON text {"revision", "up", "records": [...]} (fresh;
 * free it), or NULL before the first snapshot is in. */
char *live_snapshot(live_t *self, size_t *len);
/* Takes a stream slot and places c after revision since; -1 when all
 * LIVE streams are taken. */
int live_stream_begin(live_t *self, uint64_t since, live_cursor_t *c, unsigned max_streams);
void live_stream_end(live_t *self);
unsigned live_streams(live_t *self); /* open now */
/* The next text to send on c (fresh; free it): a change, a state, a
 * reload, or a keep-alive comment after wait_ms or at a live_wake. NULL
 * when stopping. */
char *live_next(live_t *self, live_cursor_t *c, int wait_ms);
/* Tells streams to end (before the daemon stops). */
void live_stop(live_t *self);
/* Wakes every waiting stream so it looks at its session again (sign-out). */
void live_wake(live_t *self);

#endif
