/* The change log entries and events one request makes. Most requests make
 * one; an import makes one per row step, each numbered and chained like any
 * other, so subscribers and the log see the same entries as for single
 * requests. */
#ifndef THD_CHANGES_H
#define THD_CHANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct change_event {
    uint8_t *bytes; /* packed Event, also the log entry */
    size_t len;
    /* The Event as the event socket carries it, when that differs from the
     * log entry (a ballot's votes are left out, or it is thin); NULL: bytes. */
    uint8_t *pub_bytes;
    size_t pub_len;
    char **topics; /* where to publish it */
    size_t n_topics;
} change_event_t;

typedef struct change_list {
    change_event_t *events;
    size_t n, cap;
    /* A principal lost its access (disabled): the event socket must make
     * every subscriber authenticate again once these are published. */
    bool revokes_access;
} change_list_t;

struct req_ctx;

/* Packs the request's pending changes (ctx->changes, ctx->changed) as one
 * Event of kind, appends it to the change log and to ctx->log, then empties
 * the pending changes. Nothing to do when there are none. 0, -1 (ENOMEM),
 * or RESOURCE_EXHAUSTED (ctx->st set) for an event over THD_MAX_CHANGE_BYTES. */
int changes_log(struct req_ctx *ctx, const char *kind);
/* Frees the pending changes of ctx without logging them. */
void changes_drop_pending(struct req_ctx *ctx);
/* Frees the pending changes after the first n_changes records and
 * n_changed field names: what one step added, when it is undone. */
void changes_drop_pending_after(struct req_ctx *ctx, size_t n_changes, size_t n_changed);
/* Drops the events after the first n (their log entries are rolled back
 * with the store). */
void changes_truncate(change_list_t *list, size_t n);
void changes_clear(change_list_t *list);

#endif
