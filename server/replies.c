#include "replies.h"

#include <string.h>

#include "wire.h"

enum { EVENT_REVISION = 1, EVENT_RECORDS = 6, RESPONSE_RECORD = 12, WIRE_LEN = 2 };

/* A reference costs its revision, offset and length: below this a copy of
 * the record is as small. */
#define WORTH_A_REFERENCE 32

/* The record a reply ends with: where its bytes start; 0 when the reply's
 * last field is not a record. */
static size_t record_at(const uint8_t *reply, size_t len)
{
    const uint8_t *p = reply, *end = reply + len;
    wire_field_t f;
    size_t at = 0;
    int rc;
    while ((rc = wire_next(&p, end, &f)) == 1)
        at = f.number == RESPONSE_RECORD && f.type == WIRE_LEN && p == end
                 ? (size_t)(f.data - reply)
                 : 0;
    return rc == 0 && at && len - at >= WORTH_A_REFERENCE ? at : 0;
}

/* Where the event carries these record bytes: 1 with its revision and the
 * offset of the bytes in it, 0 when it does not. */
static int event_carries(const change_event_t *e, const uint8_t *rec, size_t len,
                         uint64_t *revision, size_t *offset)
{
    const uint8_t *p = e->bytes, *end = e->bytes + e->len;
    wire_field_t f;
    *revision = 0;
    while (wire_next(&p, end, &f) == 1) {
        if (f.number == EVENT_REVISION && f.type == 0)
            *revision = f.value;
        else if (f.number == EVENT_RECORDS && f.type == WIRE_LEN && f.len == len &&
                 memcmp(f.data, rec, len) == 0 && *revision) {
            *offset = (size_t)(f.data - e->bytes);
            return 1;
        }
    }
    return 0;
}

int replies_keep(store_t *store, const char *principal, const char *request_id, int64_t expires_ms,
                 const store_request_t *what, const uint8_t *reply, size_t len,
                 const change_list_t *events)
{
    size_t at = record_at(reply, len);
    for (size_t i = 0; at && i < events->n; i++) {
        uint64_t revision;
        size_t offset;
        if (event_carries(&events->events[i], reply + at, len - at, &revision, &offset))
            return store_reply_put_ref(store, principal, request_id, expires_ms, what, reply, at,
                                       revision, offset, len - at);
    }
    return store_reply_put(store, principal, request_id, expires_ms, what, reply, len);
}
