/* The daemon and the one place where every request is checked before its
 * handler runs: route, body size, Origin, session, CSRF token, first
 * password. Handlers never repeat these checks. */
#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <sys/socket.h>

#include "file_read.h"
#include "log.h"
#include "thidua.h"
#include "status_text.h"

static const char *const security_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
     "form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Cache-Control", "no-store"},
};

enum MHD_Result web_queue(web_req_t *r, unsigned status, struct MHD_Response *resp)
{
    if (!resp)
        return MHD_NO;
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
    if (r->web->tls)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    enum MHD_Result ret = MHD_queue_response(r->conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

enum MHD_Result web_json(web_req_t *r, unsigned status, json_t *obj)
{
    char *text = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    json_decref(obj);
    if (!text)
        return MHD_NO;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    return web_queue(r, status, resp);
}

/* {"error": {"code", "field", "message", "reason"}}, logged. */
static enum MHD_Result reply_error(web_req_t *r, unsigned status, const char *code,
                                   const char *field, const char *message, const char *reason)
{
    log_info("web %s %s %s from %s: %u %s %s", r->method, r->url,
             r->session ? session_principal(r->session) : "-", r->addr, status, code, message);
    json_t *err =
        json_pack("{s:s,s:s,s:s}", "code", code, "field", field ? field : "", "message", message);
    if (err && reason && *reason)
        json_object_set_new(err, "reason", json_string(reason));
    return web_json(r, status, err ? json_pack("{s:o}", "error", err) : NULL);
}

void web_refusal_text(web_req_t *r, const thd_status_t *st, char *out, size_t cap)
{
    web_status_text(st, web_lang(r), out, cap);
}

static enum MHD_Result status_error(web_req_t *r, unsigned http, const thd_status_t *st)
{
    char text[THD_STATUS_TEXT_MAX];
    web_refusal_text(r, st, text, sizeof text);
    return reply_error(r, http, thd_code_name(st->code), st->field, text, st->reason);
}

enum MHD_Result web_status_error(web_req_t *r, const thd_status_t *st)
{
    return status_error(r, web_http_status(st->code), st);
}

enum MHD_Result web_refuse_(web_req_t *r, unsigned http, thd_reason_t reason,
                            const char *const *args)
{
    thd_status_t st;
    thd_refuse_(&st, reason, args);
    return status_error(r, http ? http : web_http_status(st.code), &st);
}

bool web_https(const web_t *web)
{
    return web->tls || web->behind_proxy;
}

const char *web_cookie_name(const web_t *web)
{
    /* __Host-: the browser takes it only with Secure, Path=/ and no Domain,
     * so no sibling host or plain-HTTP page can set or shadow it. A browser
     * refuses it without Secure, so loopback HTTP keeps the plain name. */
    return web_https(web) ? "__Host-thd_session" : "thd_session";
}

const char *web_lang(web_req_t *r)
{
    const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Thidua-Lang");
    return h && strcmp(h, "en") == 0 ? "en" : "vi";
}

json_t *web_body_json(web_req_t *r, enum MHD_Result *ret)
{
    json_error_t err;
    json_t *obj = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err) : NULL;
    if (json_is_object(obj))
        return obj;
    json_decref(obj);
    *ret = web_refuse(r, 0, THD_R_WEB_NOT_JSON, "");
    return NULL;
}

/* ---- the checks, in order ---- */

/* Same origin: the Origin header names this very host and scheme. A
 * browser sends Origin on every POST; a missing one is refused too. */
static bool same_origin(web_req_t *r)
{
    const char *origin = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Origin");
    const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");
    if (!origin || !host)
        return false;
    char want[320];
    snprintf(want, sizeof want, "%s://%s", web_https(r->web) ? "https" : "http", host);
    return strcmp(origin, want) == 0;
}

/* Whether the announced body fits the route: refused before it is read. */
static bool announced_too_big(web_req_t *r)
{
    const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Length");
    return cl && strtoull(cl, NULL, 10) > r->route->max_body;
}

/* The checks that need only the headers. They run on the first call, before
 * any of the body is read, so a request that will be refused never makes
 * the gateway hold its body. True when they pass; otherwise the refusal is
 * queued in *ret. */
static bool check_headers(web_req_t *r, enum MHD_Result *ret)
{
    const struct route *rt = r->route;
    if (announced_too_big(r)) {
        *ret = web_refuse(r, MHD_HTTP_CONTENT_TOO_LARGE, THD_R_WEB_BODY_TOO_LARGE, "");
        return false;
    }
    if (rt->writes && !same_origin(r)) {
        *ret = web_refuse(r, 0, THD_R_WEB_FOREIGN_ORIGIN, "Origin");
        return false;
    }
    if (!rt->session)
        return true;
    const char *id = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, web_cookie_name(r->web));
    r->session = id ? sessions_acquire(r->web->sessions, id) : NULL;
    if (!r->session) {
        *ret = web_refuse(r, 0, THD_R_WEB_NOT_SIGNED_IN, "");
        return false;
    }
    const char *csrf = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
    if (rt->writes && !session_csrf_ok(r->session, csrf)) {
        *ret = web_refuse(r, 0, THD_R_WEB_CSRF, "X-CSRF-Token");
        return false;
    }
    if (session_must_change(r->session) && !rt->first_password) {
        *ret = web_refuse(r, MHD_HTTP_FORBIDDEN, THD_R_WEB_CHANGE_PASSWORD_FIRST, "password");
        return false;
    }
    return true;
}

/* Runs the handler once the whole body is in (the headers passed). */
static enum MHD_Result run(web_req_t *r)
{
    if (r->too_big)
        return web_refuse(r, MHD_HTTP_CONTENT_TOO_LARGE, THD_R_WEB_BODY_TOO_LARGE, "");
    return r->route->fn(r);
}

/* ---- MHD glue: a request's state across the access handler's calls ---- */

static void peer_address(struct MHD_Connection *c, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, cap, "?");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)cap);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)cap);
}

/* Behind a proxy the socket's peer is the proxy: the client's address is
 * the X-Real-IP the proxy sets (docs/OPERATIONS.md). Without --behind-proxy
 * the header is anyone's to forge and is ignored; one that is not an
 * address is ignored too. */
static void client_address(web_t *web, struct MHD_Connection *c, char *out, size_t cap)
{
    peer_address(c, out, cap);
    const char *h =
        web->behind_proxy ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP") : NULL;
    unsigned char bin[sizeof(struct in6_addr)];
    if (h && inet_pton(AF_INET, h, bin) == 1)
        inet_ntop(AF_INET, bin, out, (socklen_t)cap);
    else if (h && inet_pton(AF_INET6, h, bin) == 1)
        inet_ntop(AF_INET6, bin, out, (socklen_t)cap);
}

static web_req_t *begin(web_t *web, struct MHD_Connection *c, const char *url, const char *method,
                        bool *wrong_method)
{
    web_req_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->web = web;
    r->conn = c;
    r->url = url;
    r->method = method;
    r->route = routes_find(method, url, wrong_method);
    if (r->route)
        r->tail = url + strlen(r->route->path);
    client_address(web, c, r->addr, sizeof r->addr);
    return r;
}

static void take_body(web_req_t *r, const char *data, size_t len)
{
    if (r->too_big || r->body_len + len > r->route->max_body) {
        r->too_big = true; /* the rest is read and dropped; the reply says why */
        free(r->body);
        r->body = NULL;
        return;
    }
    char *n = realloc(r->body, r->body_len + len + 1);
    if (!n) {
        r->too_big = true;
        return;
    }
    memcpy(n + r->body_len, data, len);
    r->body = n;
    r->body_len += len;
    r->body[r->body_len] = '\0';
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *data_len, void **state)
{
    (void)version;
    web_req_t *r = *state;
    if (!r) {
        bool wrong_method = false;
        r = begin(cls, c, url, method, &wrong_method);
        if (!r)
            return MHD_NO;
        *state = r;
        if (!r->route)
            return web_refuse(r, wrong_method ? MHD_HTTP_METHOD_NOT_ALLOWED : MHD_HTTP_NOT_FOUND,
                              THD_R_WEB_NO_PAGE, "");
        enum MHD_Result ret = MHD_YES;
        r->refused = !check_headers(r, &ret);
        return ret;
    }
    if (r->refused) { /* answered already: what still arrives is dropped */
        *data_len = 0;
        return MHD_YES;
    }
    if (*data_len) {
        take_body(r, data, *data_len);
        *data_len = 0;
        return MHD_YES;
    }
    return run(r);
}

static void on_done(void *cls, struct MHD_Connection *c, void **state,
                    enum MHD_RequestTerminationCode why)
{
    (void)c;
    (void)why;
    web_t *web = cls;
    web_req_t *r = *state;
    if (!r)
        return;
    sessions_release(web->sessions, &r->session);
    free(r->body);
    free(r);
    *state = NULL;
}

/* MHD's own format strings: not literals here, by its API's nature. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    log_warn("web: %s", line);
}
#pragma GCC diagnostic pop

static int parse_listen(const char *listen, struct sockaddr_in *sa, thd_status_t *st)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return thd_status_set(st, THD_INVALID_ARGUMENT, "listen",
                              "listen address '%s' is not HOST:PORT", listen);
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    char *end;
    long port = strtol(colon + 1, &end, 10);
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (*end || port < 0 || port > 65535 || inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return thd_status_set(st, THD_INVALID_ARGUMENT, "listen",
                              "listen address '%s' is not IPv4-HOST:PORT", listen);
    return 0;
}

static char *slurp(const char *path, thd_status_t *st)
{
    char *buf;
    size_t n;
    if (file_read_all(path, (1 << 20) - 1, &buf, &n) != 0 || n == 0) {
        free(buf);
        thd_status_set(st, THD_INVALID_ARGUMENT, "tls", "cannot read '%s'", path);
        return NULL;
    }
    return buf;
}

struct MHD_Daemon *http_start(web_t *web, const char *listen, const char *tls_cert,
                              const char *tls_key, unsigned per_ip, thd_status_t *st)
{
    struct sockaddr_in sa;
    if (parse_listen(listen, &sa, st) != 0)
        return NULL;
    bool loopback = (ntohl(sa.sin_addr.s_addr) >> 24) == 127;
    if (!loopback && !tls_cert && !web->behind_proxy) {
        thd_status_set(st, THD_INVALID_ARGUMENT, "listen",
                       "without TLS thidua-web listens on loopback only; give --tls-cert and "
                       "--tls-key, or --behind-proxy when a TLS proxy is in front");
        return NULL;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_ERROR_LOG | MHD_USE_POLL;
    char *cert = NULL, *key = NULL;
    if (tls_cert) {
        cert = slurp(tls_cert, st);
        key = cert ? slurp(tls_key, st) : NULL;
        if (!key) {
            free(cert);
            return NULL;
        }
        flags |= MHD_USE_TLS;
        web->tls = true;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        /* the logger first: MHD warns, through its own logger, of one set later */
        flags, 0, NULL, NULL, on_request, web, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, web,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, on_done, web,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)WEB_MAX_CONNECTIONS,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)WEB_IDLE_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
        /* without TLS the list ends here */
        tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert, MHD_OPTION_HTTPS_MEM_KEY, key,
        MHD_OPTION_END);
    if (key) /* MHD keeps its own copy */
        sodium_memzero(key, strlen(key));
    free(cert);
    free(key);
    if (!d)
        thd_status_set(st, THD_UNAVAILABLE, "listen", "cannot listen on %s%s", listen,
                       tls_cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES
                           ? " (this libmicrohttpd has no TLS)"
                           : "");
    return d;
}

uint16_t http_port(struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *i = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    return i ? i->port : 0;
}
