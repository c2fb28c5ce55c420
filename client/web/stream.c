/* GET /api/snapshot and GET /api/events: the page's first load from the
 * gateway's memory, then its changes as Server-Sent Events. A stream
 * starts after Last-Event-ID (a reconnecting EventSource) or ?since= (the
 * snapshot's revision) and ends with the session: sign-out, idle or
 * absolute expiry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "http.h"
#include "live.h"
#include "routes.h"

struct stream {
    live_t *live;
    live_cursor_t cursor;
    char *pending; /* the frame being sent */
    size_t len, off;
    sessions_t *sessions;
    session_t *session; /* held by the request; the stream ends with it */
};

enum MHD_Result live_snapshot_route(web_req_t *r)
{
    size_t len = 0;
    char *text = live_snapshot(r->web->live, &len);
    if (!text)
        return web_refuse(r, 0, THD_R_WEB_NOT_LOADED, "");
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    return web_queue(r, MHD_HTTP_OK, resp);
}

/* MHD asks for bytes; this thread (one per connection) may wait for them. */
static ssize_t read_stream(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct stream *s = cls;
    while (s->off == s->len) {
        free(s->pending);
        s->pending = NULL;
        s->off = s->len = 0;
        if (!sessions_alive(s->sessions, s->session)) /* signed out or expired */
            return MHD_CONTENT_READER_END_OF_STREAM;
        s->pending = live_next(s->live, &s->cursor, LIVE_KEEPALIVE_MS);
        if (!s->pending)
            return MHD_CONTENT_READER_END_OF_STREAM;
        s->len = strlen(s->pending);
    }
    size_t n = s->len - s->off < max ? s->len - s->off : max;
    memcpy(buf, s->pending + s->off, n);
    s->off += n;
    return (ssize_t)n;
}

static void free_stream(void *cls)
{
    struct stream *s = cls;
    live_stream_end(s->live);
    free(s->pending);
    free(s);
}

enum MHD_Result live_events_route(web_req_t *r)
{
    const char *last = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Last-Event-ID");
    if (!last)
        last = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "since");
    struct stream *s = calloc(1, sizeof *s);
    if (!s)
        return MHD_NO;
    s->live = r->web->live;
    s->sessions = r->web->sessions;
    s->session = r->session; /* held by the request until the stream ends */
    if (live_stream_begin(s->live, last ? strtoull(last, NULL, 10) : 0, &s->cursor,
                          WEB_MAX_STREAMS) != 0) {
        free(s);
        return web_refuse(r, MHD_HTTP_SERVICE_UNAVAILABLE, THD_R_WEB_TOO_MANY_STREAMS, "");
    }
    struct MHD_Response *resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, read_stream, s, free_stream);
    if (!resp) {
        free_stream(s);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "text/event-stream; charset=utf-8");
    MHD_add_response_header(resp, "X-Accel-Buffering", "no"); /* nginx: pass events at once */
    return web_queue(r, MHD_HTTP_OK, resp);
}
