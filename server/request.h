/* What a domain handler sees of one request: what came in (the decoded
 * request, the acting principal, the time), the store, and what goes out
 * (the response and the changes it builds).
 * Handlers never touch sockets; they return a status code (0 is OK). */
#ifndef THD_REQUEST_H
#define THD_REQUEST_H

#include <stdint.h>

#include "changes.h"
#include "cursors.h"
#include "status.h"
#include "store.h"
#include "thidua.pb-c.h"

/* What the broker shares with every handler. */
struct server_info {
    int64_t started_mono_ms;
    const char *version;
    cursors_t *cursors;     /* open snapshot cursors; NULL where none are served */
    const char *timezone;   /* the province's, e.g. Asia/Ho_Chi_Minh; TZ is set to it */
    const char *test_today; /* tests only: the day domain_today answers, or NULL */
    size_t event_max_bytes; /* a larger event is published thin (changes.c); 0: never */
};

/* What came in: the request, who sent it (or whom an import step acts
 * as) and when. Handlers read it; nothing of it changes while they run. */
struct req_in {
    const Thidua__V1__Request *req;
    const Thidua__V1__Principal *who; /* borrowed */
    int64_t now_ms;
};

typedef struct req_ctx {
    const struct req_in *in;
    /* what the request works with */
    store_t *store;
    const struct server_info *info;
    cursors_t *cursors; /* info->cursors, for short */
    /* what goes out: the reply, the refusal, the changes and their event */
    Thidua__V1__Response *resp; /* handlers set its body; heap-allocated parts only */
    thd_status_t *st;
    Thidua__V1__Record **changes; /* records written, owned */
    ProtobufCBinaryData *packed;  /* each change as written to the store, owned */
    size_t n_changes, cap_changes;
    ProtobufCBinaryData reply_record; /* owned: the reply's record, packed (domain_reply_put) */
    char **changed;                   /* field names that changed, owned */
    size_t n_changed;
    change_list_t *log; /* the events logged so far (changes_log) */
    char **left_units;  /* units the request's records left, told too (records_left), owned */
    size_t n_left_units;
} req_ctx_t;

typedef int handler_fn(req_ctx_t *ctx);

#endif
