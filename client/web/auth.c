/* Signing in and out, and the password change. Signing in unseals the
 * account's key and opens the principal's own broker connection; the
 * ping that follows proves the broker knows the key and names the role.
 * Every sign-in and every refusal is logged with account and address. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "clock.h"
#include "http.h"
#include "live.h"
#include "log.h"
#include "metrics.h"
#include "pbjson.h"
#include "routes.h"
#include "throttle.h"

static enum MHD_Result too_soon(web_req_t *r, int64_t wait_ms)
{
    char secs[24], text[THD_STATUS_TEXT_MAX];
    snprintf(secs, sizeof secs, "%lld", (long long)(wait_ms + 999) / 1000);
    thd_status_t st;
    thd_refuse(&st, THD_R_WEB_SIGNIN_WAIT, "password", secs);
    web_refusal_text(r, &st, text, sizeof text);
    log_warn("web sign-in refused from %s: wait %s s", r->addr, secs);
    json_t *body = json_pack("{s:{s:s,s:s,s:s,s:s}}", "error", "code", "RESOURCE_EXHAUSTED",
                             "field", "password", "message", text, "reason", st.reason);
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

/* Why a sign-in or a password change was refused, decided under the
 * accounts file's lock on the account as the file holds it then. */
enum verdict { PASS, WRONG, LOCKED, DISABLED, TOO_SOON, FAILED };

/* One try of a password against an account, run by accounts_update: the
 * checks, the Argon2id and the count of wrong passwords happen in one
 * read-modify-write, so parallel tries cannot each count from the same
 * stale number and slip past the lock. */
struct attempt {
    web_t *web;
    const char *password;
    const char *new_password; /* a password change: seal under this one */
    enum verdict verdict;
    int64_t wait_ms;
    char *key;         /* PASS on a sign-in: the unsealed key (sodium_malloc'd) */
    account_t account; /* PASS: what the session needs (principal, must_change) */
};

static int try_account(void *arg, account_t *a, thd_status_t *st)
{
    struct attempt *t = arg;
    t->wait_ms = a->next_try_ms - clock_wall_ms();
    t->verdict = a->locked ? LOCKED : a->disabled ? DISABLED : t->wait_ms > 0 ? TOO_SOON : PASS;
    if (t->verdict != PASS)
        return 0;
    pthread_mutex_lock(&t->web->pwhash_lock);
    int rc = account_unseal(a, t->password, &t->key, st);
    if (rc == 0 && t->new_password) { /* sealed into a copy: a failed seal changes nothing */
        account_t sealed = *a;
        rc = account_seal(&sealed, t->new_password, t->key, st);
        sodium_free(t->key);
        t->key = NULL;
        if (rc == 0) {
            memcpy(a->salt, sealed.salt, sizeof a->salt);
            memcpy(a->nonce, sealed.nonce, sizeof a->nonce);
            memcpy(a->sealed, sealed.sealed, sizeof a->sealed);
            a->ops = sealed.ops;
            a->mem = sealed.mem;
            a->must_change = false;
        }
        sodium_memzero(&sealed, sizeof sealed);
    }
    pthread_mutex_unlock(&t->web->pwhash_lock);
    if (rc ==
        THD_PERMISSION_DENIED) { /* the wait doubles; past lock_after in a row the account locks */
        t->verdict = WRONG;
        a->failures++;
        a->next_try_ms = clock_wall_ms() + throttle_delay(a->failures);
        a->locked = a->failures >= t->web->lock_after;
        t->account.locked = a->locked;
        return 0;
    }
    if (rc) {
        t->verdict = FAILED;
        return rc;
    }
    a->failures = 0;
    a->next_try_ms = 0;
    t->account = *a;
    return 0;
}

/* The refusals that come before the password is tried; MHD_NO for WRONG
 * and PASS, which the caller answers. */
static enum MHD_Result refuse_early(web_req_t *r, const struct attempt *t, const char *name)
{
    switch (t->verdict) {
    case LOCKED:
        log_warn("web sign-in refused: account '%s' from %s: locked", name, r->addr);
        return web_refuse(r, 0, THD_R_WEB_ACCOUNT_LOCKED, "name");
    case DISABLED:
        log_warn("web sign-in refused: account '%s' from %s: disabled", name, r->addr);
        return web_refuse(r, 0, THD_R_WEB_ACCOUNT_DISABLED, "name");
    case TOO_SOON:
        return too_soon(r, t->wait_ms);
    default:
        return MHD_NO;
    }
}

/* A wrong password, or a name with no account (the caller counts it
 * against the address). The name is the one typed (the log escapes it). */
static enum MHD_Result wrong_password(web_req_t *r, const char *name, bool locked)
{
    log_warn("web sign-in refused: account '%.64s' from %s: wrong password%s", name, r->addr,
             locked ? "; account locked" : "");
    return web_refuse(r, 0, THD_R_WEB_WRONG_PASSWORD, "password");
}

/* Opens the principal's connection and asks who it is: the account's
 * principal, or the sign-in is refused. An account sealing another
 * principal's key (a slip in account add or passwd) would act as that
 * other one, past every lock and reset made for its own. */
static thd_client_t *connect_as(web_req_t *r, const account_t *a, const char *key, char role[16],
                                thd_status_t *st)
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
    bool ok = thd_call(c, &req, &resp, st) == 0 && resp && resp->ping;
    if (ok && strcmp(resp->ping->principal, a->principal) != 0) {
        log_error("web account '%s' holds the key of principal '%s', not of '%s': seal its own "
                  "(thidua-web account passwd %s --key FILE)",
                  a->name, resp->ping->principal, a->principal, a->name);
        thd_refuse(st, THD_R_WEB_WRONG_KEY, "name", a->principal);
        ok = false;
    }
    if (ok)
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
    snprintf(cookie, sizeof cookie, "%s=%s; HttpOnly; SameSite=Strict; Path=/%s",
             web_cookie_name(r->web), session_id(s), web_https(r->web) ? "; Secure" : "");
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

/* The password opened the key: the person's own connection and a session. */
static enum MHD_Result open_session(web_req_t *r, const account_t *a, char *key)
{
    thd_status_t st = {0};
    char role[16] = "";
    thd_client_t *c = connect_as(r, a, key, role, &st);
    if (!c) {
        sodium_free(key);
        log_warn("web sign-in of '%s' from %s: broker refused: %s", a->name, r->addr, st.message);
        /* the principal locked at the broker, or given another key: the
         * gateway cannot tell which, so the person is told both */
        return strcmp(st.reason, "client.key_refused") == 0
                   ? web_refuse(r, 0, THD_R_WEB_KEY_REFUSED, "name")
                   : web_status_error(r, &st);
    }
    session_t *s =
        sessions_open(r->web->sessions, a->name, a->principal, role, a->must_change, c, key);
    if (!s)
        return web_refuse(r, MHD_HTTP_SERVICE_UNAVAILABLE, THD_R_WEB_TOO_MANY_SESSIONS, "");
    log_info("web sign-in: account '%s' (principal %s, %s) from %s", a->name, a->principal, role,
             r->addr);
    r->session = s; /* released with the request */
    return signed_in(r, s);
}

/* A sign-in's outcome for the metrics; a wrong password that locked the
 * account is a lockout too. */
static void count_signin(web_t *web, int rc, const struct attempt *t, bool opened)
{
    static const enum signin_result of_verdict[] = {
        [PASS] = SIGNIN_OK,           [WRONG] = SIGNIN_WRONG_PASSWORD, [LOCKED] = SIGNIN_LOCKED,
        [DISABLED] = SIGNIN_DISABLED, [TOO_SOON] = SIGNIN_THROTTLED,   [FAILED] = SIGNIN_ERROR};
    enum signin_result result = rc == THD_NOT_FOUND ? SIGNIN_WRONG_PASSWORD
                                : rc                ? SIGNIN_ERROR
                                                    : of_verdict[t->verdict];
    if (result == SIGNIN_OK && !opened)
        result = SIGNIN_ERROR; /* the broker refused the key, or no session was free */
    web_metrics_signin(web->metrics, result);
    if (result == SIGNIN_WRONG_PASSWORD && t->account.locked)
        web_metrics_lockout(web->metrics);
}

/* One sign-in, run while the address's slot is held; *wrong says whether
 * it counts against the address. */
static enum MHD_Result signin_try(web_req_t *r, bool *wrong)
{
    enum MHD_Result ret = MHD_NO;
    json_t *body = web_body_json(r, &ret);
    if (!body)
        return ret;
    const char *name = json_string_value(json_object_get(body, "name"));
    const char *password = json_string_value(json_object_get(body, "password"));
    struct attempt t = {.web = r->web, .password = password ? password : ""};
    thd_status_t st = {0};
    const session_t *before = r->session; /* a sign-in over a live cookie */
    int rc = name && password && account_name_ok(name)
                 ? accounts_update(r->web->accounts_path, name, try_account, &t, &st)
                 : 5;
    if (rc == THD_NOT_FOUND) { /* no such account: the same Argon2id, so the time tells nothing */
        pthread_mutex_lock(&r->web->pwhash_lock);
        account_burn(t.password);
        pthread_mutex_unlock(&r->web->pwhash_lock);
        *wrong = true;
        ret = wrong_password(r, name ? name : "?", false);
    } else if (rc) {
        ret = web_status_error(r, &st);
    } else if (t.verdict == WRONG) {
        *wrong = true;
        ret = wrong_password(r, name, t.account.locked);
    } else if ((ret = refuse_early(r, &t, name)) == MHD_NO) {
        ret = open_session(r, &t.account, t.key);
    }
    count_signin(r->web, rc, &t, r->session && r->session != before);
    json_decref(body);
    sodium_memzero(&t, sizeof t);
    return ret;
}

/* The address's slot is reserved before the password is tried and given
 * back with the outcome: parallel tries from one address wait their turn
 * (429) instead of all passing the check before any is counted. */
enum MHD_Result auth_signin(web_req_t *r)
{
    int64_t wait = throttle_begin(r->web->throttle, r->addr);
    if (wait > 0) {
        web_metrics_signin(r->web->metrics, SIGNIN_THROTTLED);
        return too_soon(r, wait);
    }
    bool wrong = false;
    enum MHD_Result ret = signin_try(r, &wrong);
    throttle_end(r->web->throttle, r->addr, wrong);
    return ret;
}

enum MHD_Result auth_signout(web_req_t *r)
{
    log_info("web sign-out: account '%s' from %s", session_account(r->session), r->addr);
    sessions_close(r->web->sessions, r->session);
    live_wake(r->web->live); /* its live streams end now, not at their next keep-alive */
    struct MHD_Response *resp = MHD_create_response_from_buffer(2, "{}", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    char cookie[120];
    snprintf(cookie, sizeof cookie, "%s=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s",
             web_cookie_name(r->web), web_https(r->web) ? "; Secure" : "");
    MHD_add_response_header(resp, "Set-Cookie", cookie);
    return web_queue(r, MHD_HTTP_OK, resp);
}

enum MHD_Result auth_me(web_req_t *r)
{
    session_t *s = r->session;
    /* gateway_key: the gateway's own public key (public, as every
     * principal's is in the snapshot), so the admin's page offers no lock
     * for the gateway's principal */
    /* timezone: the province's, in which the pages show dates and times
     * whatever the computer's own clock is set to */
    return web_json(r, MHD_HTTP_OK,
                    json_pack("{s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "account", session_account(s),
                              "principal", session_principal(s), "role", session_role(s), "csrf",
                              session_csrf(s), "must_change", session_must_change(s), "gateway_key",
                              r->web->self_key, "timezone", r->web->timezone));
}

/* The answer to a password change the accounts file has decided. */
static enum MHD_Result password_changed(web_req_t *r, const struct attempt *t, const char *name)
{
    enum MHD_Result ret;
    if (t->verdict == WRONG) {
        if (t->account.locked)
            web_metrics_lockout(r->web->metrics);
        log_warn("web password change refused: account '%s' from %s: wrong old password%s", name,
                 r->addr, t->account.locked ? "; account locked" : "");
        return web_refuse(r, 0, THD_R_WEB_OLD_PASSWORD_WRONG, "old");
    }
    if ((ret = refuse_early(r, t, name)) != MHD_NO)
        return ret;
    session_password_changed(r->session);
    log_info("web password changed: account '%s' from %s", name, r->addr);
    return web_json(r, MHD_HTTP_OK, json_pack("{s:b}", "must_change", 0));
}

/* The old password tried while the address's slot is held, as at sign-in. */
static enum MHD_Result password_try(web_req_t *r, struct attempt *t, const char *name)
{
    int64_t wait = throttle_begin(r->web->throttle, r->addr);
    if (wait > 0)
        return too_soon(r, wait);
    thd_status_t st = {0};
    int rc = accounts_update(r->web->accounts_path, name, try_account, t, &st);
    throttle_end(r->web->throttle, r->addr, rc == 0 && t->verdict == WRONG);
    return rc ? web_status_error(r, &st) : password_changed(r, t, name);
}

/* Why a new password is refused, or THD_R_NONE: too short once the spaces
 * around it are left out (ten spaces were a password), or the current
 * one again; each its own reason, so the person reads which. */
static thd_reason_t unacceptable(const char *old, const char *pw)
{
    if (!pw)
        return THD_R_WEB_WEAK_PASSWORD;
    size_t len = strlen(pw);
    const char *p = pw;
    while (len && isspace((unsigned char)p[len - 1]))
        len--;
    while (len && isspace((unsigned char)*p)) {
        p++;
        len--;
    }
    if (len < WEB_MIN_PASSWORD)
        return THD_R_WEB_WEAK_PASSWORD;
    return old && strcmp(old, pw) == 0 ? THD_R_WEB_SAME_PASSWORD : THD_R_NONE;
}

/* The person's own change: the old password unseals, the new one seals,
 * in one change under the accounts file's lock. A wrong old password
 * counts as a wrong password, as at sign-in: a stolen session cannot
 * guess the password here without limit. */
enum MHD_Result auth_password(web_req_t *r)
{
    enum MHD_Result ret = MHD_NO;
    json_t *body = web_body_json(r, &ret);
    if (!body)
        return ret;
    const char *old = json_string_value(json_object_get(body, "old"));
    const char *new = json_string_value(json_object_get(body, "new"));
    const char *name = session_account(r->session);
    /* no old password at all is a wrong one, counted as any */
    struct attempt t = {.web = r->web, .password = old ? old : "", .new_password = new};
    thd_reason_t why = unacceptable(old, new);
    if (why == THD_R_WEB_WEAK_PASSWORD)
        ret = web_refuse(r, 0, why, "new", THD_U(WEB_MIN_PASSWORD));
    else if (why)
        ret = web_refuse(r, 0, why, "new");
    else
        ret = password_try(r, &t, name);
    sodium_memzero(&t, sizeof t);
    json_decref(body);
    return ret;
}
