#include "logkeep.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "thd_limits.h"
#include "wire.h"
#include "thidua.pb-c.h"

#define BATCH 10000 /* entries per step: keeps the loop responsive */

enum { EVENT_TIME = 2, EVENT_ACTOR = 3, EVENT_REQUEST_ID = 4 }; /* Event's field numbers */

int logkeep_parse(const char *text, logkeep_t *out)
{
    *out = (logkeep_t){0};
    if (!*text || strcmp(text, "all") == 0)
        return 0;
    char *end;
    long long n = strtoll(text, &end, 10);
    if (n <= 0 || end == text)
        return -1;
    if (strcmp(end, "d") == 0)
        out->days = n;
    else if (*end == '\0')
        out->revisions = (uint64_t)n;
    else
        return -1;
    return 0;
}

/* The first revision newer than the cutoff time, looking at most BATCH
 * entries past the oldest. */
static uint64_t first_recent(store_t *store, int64_t cutoff_ms)
{
    uint64_t oldest = store_oldest_revision(store), rev = oldest, below = oldest;
    store_log_iter_t *it = store_log_iter_new(store, oldest);
    const uint8_t *hash;
    const char *entry;
    size_t len;
    for (int n = 0; it && n < BATCH && store_log_iter_next(it, &rev, &hash, &entry, &len) == 1;
         n++) {
        Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, len, (const uint8_t *)entry);
        bool old = ev && ev->time_ms < cutoff_ms;
        if (ev)
            thidua__v1__event__free_unpacked(ev, NULL);
        if (!old)
            break;
        below = rev + 1;
    }
    store_log_iter_destroy(&it);
    return below;
}

static bool copy_text(const wire_field_t *f, char *out, size_t cap)
{
    if (f->type != PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED || f->len >= cap || !f->len)
        return false;
    memcpy(out, f->data, f->len);
    out[f->len] = '\0';
    return true;
}

/* The request whose reply may still be kept for the entry: its actor and
 * request id, when it is younger than the retry window (older replies
 * have expired). */
static bool reply_owner(void *arg, const char *entry, size_t len, char *principal, size_t pcap,
                        char *request_id, size_t rcap)
{
    int64_t since = *(const int64_t *)arg;
    const uint8_t *p = (const uint8_t *)entry, *end = p + len;
    wire_field_t f;
    bool recent = false, who = false, rid = false;
    while (wire_next(&p, end, &f) == 1 && f.number <= EVENT_REQUEST_ID) {
        if (f.number == EVENT_TIME && f.type == PROTOBUF_C_WIRE_TYPE_VARINT)
            recent = (int64_t)f.value >= since;
        else if (f.number == EVENT_ACTOR)
            who = copy_text(&f, principal, pcap);
        else if (f.number == EVENT_REQUEST_ID)
            rid = copy_text(&f, request_id, rcap);
    }
    return recent && who && rid;
}

int logkeep_step(store_t *store, const logkeep_t *keep, int64_t now_ms)
{
    uint64_t head = store_committed_revision(store), below = 0;
    if (keep->revisions && head > keep->revisions)
        below = head - keep->revisions + 1;
    if (keep->days) {
        uint64_t by_time = first_recent(store, now_ms - keep->days * 86400000LL);
        below = below > by_time ? below : by_time;
    }
    if (below <= store_oldest_revision(store))
        return 0;
    thd_status_t st = {0};
    int64_t since = now_ms - THD_DEDUP_WINDOW_MS;
    int n = store_log_compact(store, below, BATCH, reply_owner, &since, &st);
    if (n < 0)
        log_error("%s", st.message);
    else if (n > 0)
        log_debug("compacted %d log entries; the log starts at revision %llu", n,
                  (unsigned long long)store_oldest_revision(store));
    return n;
}
