/* Signing in and out, and the password change. Signing in unseals the
 * account's key and opens the principal's own broker connection; the
 * ping that follows proves the broker knows the key and names the role.
 * Every sign-in and every refusal is logged with account and address. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "clock.h"
#include "http.h"
#include "live.h"
#include "log.h"
#include "pbjson.h"
#include "routes.h"
#include "throttle.h"

#define COOKIE "thd_session"

static const char *tr(web_req_t *r, const char *vi, const char *en)
{
    return strcmp(web_lang(r), "en") == 0 ? en : vi;
}

static enum MHD_Result too_soon(web_req_t *r, int64_t wait_ms)
{
    char secs[24], text[160];
    snprintf(secs, sizeof secs, "%lld", (long long)(wait_ms + 999) / 1000);
    snprintf(
        text, sizeof text, "%s %s %s",
        tr(r, "đăng nhập sai nhiều lần; hãy thử lại sau", "too many wrong passwords; try again in"),
        secs, tr(r, "giây", "s"));
    log_warn("web sign-in refused from %s: wait %s s", r->addr, secs);
    json_t *body = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", "RESOURCE_EXHAUSTED", "field",
                             "password", "message", text);
    char *t = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    struct MHD_Response *resp =
        t ? MHD_create_response_from_buffer(strlen(t), t, MHD_RESPMEM_MUST_FREE) : NULL;
    if (!resp) {
        free(t);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(resp, "Retry-After", secs);
    return web_queue(r, MHD_HTTP_TOO_MANY_REQUESTS, resp);
}

/* A wrong password: the account's wait doubles, and past lock_after in a
 * row the account locks until the admin lifts it. */
static enum MHD_Result wrong_password(web_req_t *r, account_t *a, bool known)
{
    throttle_fail(r->web->throttle, r->addr);
    if (known) {
        a->failures++;
        a->next_try_ms = clock_wall_ms() + throttle_delay(a->failures);
        a->locked = a->failures >= r->web->lock_after;
        thd_status_t st;
        if (accounts_put(r->web->accounts_path, a, false, &st) != 0)
            log_error("web: %s", st.message);
    }
    log_warn("web sign-in refused: account '%s' from %s: wrong password%s", a->name, r->addr,
             known && a->locked ? "; account locked" : "");
    return web_error(r, MHD_HTTP_UNAUTHORIZED, "UNAUTHENTICATED", "password",
                     tr(r, "sai tên đăng nhập hoặc mật khẩu", "wrong account name or password"));
}

/* Refusals that come before the password is tried. */
static enum MHD_Result refuse_early(web_req_t *r, const account_t *a)
{
    int64_t wait = a->next_try_ms - clock_wall_ms();
    if (a->locked) {
        log_warn("web sign-in refused: account '%s' from %s: locked", a->name, r->addr);
        return web_error(
            r, MHD_HTTP_FORBIDDEN, "PERMISSION_DENIED", "name",
            tr(r, "tài khoản đã bị khóa do nhập sai mật khẩu nhiều lần; hãy nhờ quản trị mở khóa",
               "the account is locked after too many wrong passwords; ask the admin "
               "to unlock it"));
    }
    if (a->disabled) {
        log_warn("web sign-in refused: account '%s' from %s: disabled", a->name, r->addr);
        return web_error(r, MHD_HTTP_FORBIDDEN, "PERMISSION_DENIED", "name",
                         tr(r, "tài khoản đã bị vô hiệu hóa", "the account is disabled"));
    }
    return wait > 0 ? too_soon(r, wait) : MHD_NO;
}

/* Opens the principal's connection and asks who it is. */
static thd_client_t *connect_as(web_req_t *r, const char *key, char role[16], thd_status_t *st)
{
    thd_client_opts_t opts = r->web->broker;
    opts.secret_key = key;
    thd_client_t *c = thd_client_new(&opts, st);
    if (!c)
        return NULL;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    Thidua__V1__PingRequest ping = THIDUA__V1__PING_REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PING;
    req.ping = &ping;
    Thidua__V1__Response *resp = NULL;
    if (thd_call(c, &req, &resp, st) == 0 && resp && resp->ping)
        pbjson_enum_name(&thidua__v1__role__descriptor, resp->ping->role, role, 16);
    else
        thd_client_destroy(&c);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return c;
}

static enum MHD_Result signed_in(web_req_t *r, session_t *s)
{
    char cookie[200];
    snprintf(cookie, sizeof cookie, COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/%s",
             session_id(s), r->web->tls || r->web->behind_proxy ? "; Secure" : "");
    json_t *body = json_pack("{s:s,s:s,s:s,s:s,s:b}", "account", session_account(s), "principal",
                             session_principal(s), "role", session_role(s), "csrf", session_csrf(s),
                             "must_change", session_must_change(s));
    char *t = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    struct MHD_Response *resp =
        t ? MHD_create_response_from_buffer(strlen(t), t, MHD_RESPMEM_MUST_FREE) : NULL;
    if (!resp) {
        free(t);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(resp, "Set-Cookie", cookie);
    return web_queue(r, MHD_HTTP_OK, resp);
}

static enum MHD_Result try_password(web_req_t *r, account_t *a, const char *password)
{
    char *key = NULL;
    thd_status_t st = {0};
    pthread_mutex_lock(&r->web->pwhash_lock);
    int rc = account_unseal(a, password, &key, &st);
    pthread_mutex_unlock(&r->web->pwhash_lock);
    if (rc == THD_PERMISSION_DENIED)
        return wrong_password(r, a, true);
    if (rc)
        return web_status_error(r, &st);
    if (a->failures || a->next_try_ms) {
        a->failures = 0;
        a->next_try_ms = 0;
        accounts_put(r->web->accounts_path, a, false, &st);
    }
    char role[16] = "";
    thd_client_t *c = connect_as(r, key, role, &st);
    if (!c) {
        sodium_free(key);
        log_warn("web sign-in of '%s' from %s: broker refused: %s", a->name, r->addr, st.message);
        return web_status_error(r, &st);
    }
    session_t *s =
        sessions_open(r->web->sessions, a->name, a->principal, role, a->must_change, c, key);
    if (!s)
        return web_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "RESOURCE_EXHAUSTED", "",
                         tr(r, "quá nhiều phiên đăng nhập; hãy thử lại sau",
                            "too many sessions; try again later"));
    log_info("web sign-in: account '%s' (principal %s, %s) from %s", a->name, a->principal, role,
             r->addr);
    r->session = s; /* released with the request */
    return signed_in(r, s);
}

enum MHD_Result auth_signin(web_req_t *r)
{
    int64_t wait = throttle_wait(r->web->throttle, r->addr);
    if (wait > 0)
        return too_soon(r, wait);
    enum MHD_Result ret = MHD_NO;
    json_t *body = web_body_json(r, &ret);
    if (!body)
        return ret;
    const char *name = json_string_value(json_object_get(body, "name"));
    const char *password = json_string_value(json_object_get(body, "password"));
    account_t a = {0};
    thd_status_t st;
    if (!name || !password || !account_name_ok(name) ||
        accounts_get(r->web->accounts_path, name, &a, &st) != 0) {
        snprintf(a.name, sizeof a.name, "%s", name && account_name_ok(name) ? name : "?");
        ret = wrong_password(r, &a, false);
    } else if ((ret = refuse_early(r, &a)) == MHD_NO) {
        ret = try_password(r, &a, password);
    }
    json_decref(body);
    sodium_memzero(&a, sizeof a);
    return ret;
}

enum MHD_Result auth_signout(web_req_t *r)
{
    log_info("web sign-out: account '%s' from %s", session_account(r->session), r->addr);
    sessions_close(r->web->sessions, r->session);
    live_wake(r->web->live); /* its live streams end now, not at their next keep-alive */
    struct MHD_Response *resp = MHD_create_response_from_buffer(2, "{}", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(resp, "Set-Cookie",
                            COOKIE "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    return web_queue(r, MHD_HTTP_OK, resp);
}

enum MHD_Result auth_me(web_req_t *r)
{
    session_t *s = r->session;
    return web_json(r, MHD_HTTP_OK,
                    json_pack("{s:s,s:s,s:s,s:s,s:b}", "account", session_account(s), "principal",
                              session_principal(s), "role", session_role(s), "csrf",
                              session_csrf(s), "must_change", session_must_change(s)));
}

/* The person's own change: the old password unseals, the new one seals. */
enum MHD_Result auth_password(web_req_t *r)
{
    enum MHD_Result ret = MHD_NO;
    json_t *body = web_body_json(r, &ret);
    if (!body)
        return ret;
    const char *old = json_string_value(json_object_get(body, "old"));
    const char *new = json_string_value(json_object_get(body, "new"));
    account_t a;
    thd_status_t st = {0};
    char *key = NULL;
    if (!old || !new || strlen(new) < 10 || strcmp(old, new) == 0) {
        ret = web_error(
            r, MHD_HTTP_BAD_REQUEST, "INVALID_ARGUMENT", "new",
            tr(r, "mật khẩu mới phải dài ít nhất 10 ký tự và khác mật khẩu cũ",
               "the new password must be at least 10 characters and differ from the old"));
    } else if (accounts_get(r->web->accounts_path, session_account(r->session), &a, &st) != 0) {
        ret = web_status_error(r, &st);
    } else {
        pthread_mutex_lock(&r->web->pwhash_lock);
        int rc = account_unseal(&a, old, &key, &st);
        if (rc == 0)
            rc = account_seal(&a, new, key, &st);
        pthread_mutex_unlock(&r->web->pwhash_lock);
        sodium_free(key);
        a.must_change = false;
        if (rc == 0)
            rc = accounts_put(r->web->accounts_path, &a, false, &st);
        if (rc == 0) {
            session_password_changed(r->session);
            log_info("web password changed: account '%s' from %s", a.name, r->addr);
            ret = web_json(r, MHD_HTTP_OK, json_pack("{s:b}", "must_change", 0));
        } else {
            ret = rc == THD_PERMISSION_DENIED
                      ? web_error(r, MHD_HTTP_FORBIDDEN, "PERMISSION_DENIED", "old",
                                  tr(r, "mật khẩu cũ không đúng", "the old password is wrong"))
                      : web_status_error(r, &st);
        }
        sodium_memzero(&a, sizeof a);
    }
    json_decref(body);
    return ret;
}
