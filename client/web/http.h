/* The HTTP side of the gateway: one request as the handlers see it, the
 * route table's row, and the replies, each with the security headers. */
#ifndef THD_WEB_HTTP_H
#define THD_WEB_HTTP_H

#include <jansson.h>
#include <microhttpd.h>
#include <stddef.h>

#include "reasons.h"
#include "sessions.h"
#include "web.h"

typedef struct web_req web_req_t;
typedef enum MHD_Result (*route_fn)(web_req_t *r);

struct route {
    const char *method;
    const char *path; /* exact, or a prefix when it ends in '/' */
    route_fn fn;
    bool session;        /* needs a signed-in session */
    bool writes;         /* POST: same-origin Origin and, with a session, the CSRF token */
    bool first_password; /* allowed before the one-time password is changed */
    size_t max_body;     /* bytes; 0: no body */
};

struct web_req {
    web_t *web;
    struct MHD_Connection *conn;
    const struct route *route;
    const char *method, *url;
    const char *tail; /* the path after a prefix route's path */
    char *body;       /* NUL-terminated; NULL when none came */
    size_t body_len;
    bool too_big;       /* the body passed the route's max_body: dropped */
    bool refused;       /* refused on its headers, before the body was read */
    session_t *session; /* held for the request on session routes */
    char addr[64];      /* the client's address, for throttles and logs */
};

/* The route for method and path, or NULL; *wrong_method when the path
 * exists under another method. */
const struct route *routes_find(const char *method, const char *path, bool *wrong_method);

/* Queues a response with the security headers; takes ownership of resp. */
enum MHD_Result web_queue(web_req_t *r, unsigned status, struct MHD_Response *resp);
/* Replies with obj as JSON; takes ownership of obj. */
enum MHD_Result web_json(web_req_t *r, unsigned status, json_t *obj);
/* A refusal from a status: HTTP status by code, message through
 * web_status_text, the reason's id beside it. */
enum MHD_Result web_status_error(web_req_t *r, const thd_status_t *st);
/* The gateway's own refusal: a reason of common/reasons.h (side WEB) with
 * its field and parameters, in the reader's language; http 0 takes the
 * HTTP status from the reason's code. */
enum MHD_Result web_refuse_(web_req_t *r, unsigned http, thd_reason_t reason,
                            const char *const *args);
#define web_refuse(r, http, reason, ...)                                                           \
    web_refuse_((r), (http), (reason), (const char *const[]){__VA_ARGS__, NULL})
/* A status's text in the reader's language. */
void web_refusal_text(web_req_t *r, const thd_status_t *st, char *out, size_t cap);
/* Whether the browser speaks HTTPS: TLS here or at the proxy in front. */
bool web_https(const web_t *web);
/* The session cookie's name: __Host-thd_session over TLS (here or at the
 * proxy), thd_session on loopback HTTP. */
const char *web_cookie_name(const web_t *web);
/* The language the page asked for: "vi" (default) or "en". */
const char *web_lang(web_req_t *r);
/* The request's JSON body as an object, or NULL after replying 400. */
json_t *web_body_json(web_req_t *r, enum MHD_Result *ret);

/* Starts the daemon on listen ("HOST:PORT"); NULL with st set. */
struct MHD_Daemon *http_start(web_t *web, const char *listen, const char *tls_cert,
                              const char *tls_key, unsigned per_ip, thd_status_t *st);
uint16_t http_port(struct MHD_Daemon *d);

#endif
