/* The admin's accounts from the browser (DESIGN §10).
 *
 * POST /api/admin/account {name, role, unit, display_name}: a new person.
 * The key pair is made here and its public half registered with the
 * broker on the signed-in admin's own connection (principal.add), so the
 * broker alone decides whether this person may do it. Only then is the
 * secret sealed under a one-time password into the accounts file, and the
 * password comes back once; the key itself never leaves the gateway.
 *
 * POST /api/admin/account-state {name, disabled}: principal.set_disabled
 * on the broker, then the same state on every web account of that
 * principal, so a disabled person can neither call nor sign in. The
 * gateway's own principal is not locked here: the broker would refuse
 * the gateway's key, and every page would lose its snapshot and its live
 * changes for as long as it stayed locked.
 *
 * GET /api/admin/accounts: each web account's sign-in state (locked after
 * wrong passwords, disabled, a first password still to change), and
 * POST /api/admin/account-unlock {name}: the lock after wrong passwords
 * lifted, as `thidua-web account unlock` does. Both for an admin only, as
 * the broker says (broker_says_admin).
 *
 * POST /api/admin/account-reset {name}: a forgotten password. The sealed
 * key cannot be opened without the old password, so the principal gets a
 * new key pair (principal.set_key on the admin's connection; the old key
 * is shut out at once) and each of its web accounts the new secret under
 * a one-time password of its own, returned once. Not for the caller's own
 * principal, nor the gateway's (its key is the --key file). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "http.h"
#include "keys.h"
#include "live.h"
#include "log.h"
#include "pbjson_in.h"
#include "routes.h"

/* One request on the admin's own connection; *resp freed by the caller. */
static int broker_call(web_req_t *r, Thidua__V1__Request *req, thd_status_t *st)
{
    Thidua__V1__Response *resp = NULL;
    int rc = session_call(r->session, req, &resp, st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

struct find {
    const char *name;      /* an account of this name */
    const char *principal; /* or: the accounts of this principal */
    bool found;
    char (*names)[ACCOUNT_NAME_MAX + 1]; /* however many a principal has */
    size_t n, cap;
    bool short_of_memory; /* a name not kept: the caller refuses */
};

static void find_one(void *arg, const account_t *a)
{
    struct find *f = arg;
    if (f->name && strcmp(a->name, f->name) == 0)
        f->found = true;
    if (!f->principal || strcmp(a->principal, f->principal) != 0)
        return;
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 8;
        void *grown = realloc(f->names, cap * sizeof *f->names);
        if (!grown) {
            f->short_of_memory = true;
            return;
        }
        f->names = grown;
        f->cap = cap;
    }
    snprintf(f->names[f->n++], sizeof f->names[0], "%s", a->name);
}

/* The accounts of f->principal, all of them (0), or the refusal (st). */
static int find_accounts(web_req_t *r, struct find *f, thd_status_t *st)
{
    int rc = accounts_each(r->web->accounts_path, find_one, f, st);
    return rc ? rc : f->short_of_memory ? thd_refuse(st, THD_R_OUT_OF_MEMORY, "") : 0;
}

/* The new person's principal, read from the page's JSON like any call. */
static Thidua__V1__Principal *principal_of(json_t *body, thd_status_t *st)
{
    json_object_del(body, "public_key"); /* the gateway makes the key, never the page */
    json_object_del(body, "disabled");
    return (Thidua__V1__Principal *)pbjson_to_message(&thidua__v1__principal__descriptor, body, st);
}

static enum MHD_Result bad_name(web_req_t *r)
{
    return web_refuse(r, 0, THD_R_WEB_BAD_ACCOUNT_NAME, "name");
}

static enum MHD_Result account_taken(web_req_t *r)
{
    return web_refuse(r, 0, THD_R_WEB_ACCOUNT_EXISTS, "name");
}

/* Seals kp's secret under a fresh one-time password into the accounts
 * file; password receives it. */
static int seal_new(web_req_t *r, const char *name, const key_pair_t *kp, char *password,
                    thd_status_t *st)
{
    account_t a = {0};
    snprintf(a.name, sizeof a.name, "%s", name);
    snprintf(a.principal, sizeof a.principal, "%s", name);
    account_first_password(password);
    pthread_mutex_lock(&r->web->pwhash_lock);
    int rc = account_seal_first(&a, password, kp->secret_key, st);
    pthread_mutex_unlock(&r->web->pwhash_lock);
    if (rc == 0)
        rc = accounts_add(r->web->accounts_path, &a, st);
    sodium_memzero(&a, sizeof a);
    return rc;
}

static enum MHD_Result created(web_req_t *r, const Thidua__V1__Principal *p, const char *password)
{
    log_info("web account '%s' (%s) made by '%s' from %s", p->name, p->unit,
             session_account(r->session), r->addr);
    return web_json(r, MHD_HTTP_CREATED,
                    json_pack("{s:s,s:s,s:s,s:b}", "name", p->name, "unit", p->unit, "password",
                              password, "must_change", 1));
}

enum MHD_Result admin_account_add(web_req_t *r)
{
    enum MHD_Result ret = MHD_NO;
    json_t *body = web_body_json(r, &ret);
    if (!body)
        return ret;
    thd_status_t st = {0};
    Thidua__V1__Principal *p = principal_of(body, &st);
    json_decref(body);
    if (!p)
        return web_status_error(r, &st);
    struct find f = {.name = p->name};
    key_pair_t kp = {0};
    char password[ACCOUNT_FIRST_PASSWORD_LEN + 1] = "";
    if (!account_name_ok(p->name)) {
        ret = bad_name(r);
    } else if (accounts_each(r->web->accounts_path, find_one, &f, &st) != 0) {
        ret = web_status_error(r, &st);
    } else if (f.found) {
        ret = account_taken(r);
    } else if (keys_generate(&kp, &st) != 0) {
        ret = web_status_error(r, &st);
    } else {
        char *own_key = p->public_key; /* the empty default; kp's is borrowed until the free */
        p->public_key = kp.public_key;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        Thidua__V1__PrincipalAdd add = THIDUA__V1__PRINCIPAL_ADD__INIT;
        add.principal = p;
        req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_ADD;
        req.principal_add = &add;
        if (broker_call(r, &req, &st) != 0) /* the broker's refusal: nothing written here */
            ret = web_status_error(r, &st);
        else if (seal_new(r, p->name, &kp, password, &st) != 0)
            ret = web_status_error(r, &st);
        else
            ret = created(r, p, password);
        p->public_key = own_key;
    }
    sodium_memzero(&kp, sizeof kp);
    sodium_memzero(password, sizeof password);
    protobuf_c_message_free_unpacked(&p->base, NULL);
    return ret;
}

static int set_disabled(void *arg, account_t *a, thd_status_t *st)
{
    (void)st;
    a->disabled = *(const bool *)arg;
    return 0;
}

/* principal.list on the caller's own connection (the admin's alone);
 * *resp freed by the caller. The broker's refusal names the list, which
 * the caller did not ask for: it is said as what it means here. */
static int principals(web_req_t *r, Thidua__V1__Response **resp, thd_status_t *st)
{
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    Thidua__V1__PrincipalList list = THIDUA__V1__PRINCIPAL_LIST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_LIST;
    req.principal_list = &list;
    int rc = session_call(r->session, &req, resp, st);
    return rc == THD_PERMISSION_DENIED ? thd_refuse(st, THD_R_WEB_ADMIN_ONLY, "") : rc;
}

/* What the broker says of principal name, on the admin's own connection
 * (principal.list, as the page's list of people comes from it too):
 * whether it exists, and whether it is the gateway's own (its public key
 * is the gateway's). */
struct who {
    bool found, gateway;
    char key[KEY_Z85_LEN + 1]; /* its public key */
};

static int look_up(web_req_t *r, const char *name, struct who *w, thd_status_t *st)
{
    Thidua__V1__Response *resp = NULL;
    *w = (struct who){0};
    int rc = principals(r, &resp, st);
    if (rc == 0 && resp && resp->body_case == THIDUA__V1__RESPONSE__BODY_PRINCIPALS)
        for (size_t i = 0; i < resp->principals->n_principals; i++) {
            const Thidua__V1__Principal *p = resp->principals->principals[i];
            if (strcmp(p->name, name) == 0) {
                *w = (struct who){true, strcmp(p->public_key, r->web->self_key) == 0, ""};
                snprintf(w->key, sizeof w->key, "%s", p->public_key);
            }
        }
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

enum MHD_Result admin_account_state(web_req_t *r)
{
    enum MHD_Result ret = MHD_NO;
    json_t *body = web_body_json(r, &ret);
    if (!body)
        return ret;
    const char *name = json_string_value(json_object_get(body, "name"));
    json_t *dis = json_object_get(body, "disabled");
    thd_status_t st = {0};
    if (!name || !account_name_ok(name) || !json_is_boolean(dis)) {
        json_decref(body);
        return bad_name(r);
    }
    bool disabled = json_is_true(dis);
    struct who w = {0};
    if (disabled && look_up(r, name, &w, &st) != 0) {
        json_decref(body);
        return web_status_error(r, &st);
    }
    if (w.gateway) { /* name is body's: refused before it goes */
        log_warn("web principal '%s' is the gateway's own: not locked for '%s'", name,
                 session_account(r->session));
        ret = web_refuse(r, 0, THD_R_WEB_GATEWAY_PRINCIPAL, "name", name);
        json_decref(body);
        return ret;
    }
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    Thidua__V1__PrincipalSetDisabled set = THIDUA__V1__PRINCIPAL_SET_DISABLED__INIT;
    set.name = (char *)name;
    set.disabled = disabled;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_SET_DISABLED;
    req.principal_set_disabled = &set;
    struct find f = {.principal = name};
    if (broker_call(r, &req, &st) != 0 || find_accounts(r, &f, &st) != 0) {
        ret = web_status_error(r, &st);
    } else {
        for (size_t i = 0; i < f.n; i++)
            if (accounts_update(r->web->accounts_path, f.names[i], set_disabled, &disabled, &st) !=
                    0 &&
                st.code != THD_NOT_FOUND) /* removed meanwhile: nothing to change */
                log_warn("web account '%s': %s", f.names[i], st.message);
        unsigned ended = disabled ? sessions_close_principal(r->web->sessions, name) : 0;
        if (ended)
            live_wake(r->web->live); /* their streams end now */
        log_info("web principal '%s' %s by '%s' (%zu web accounts, %u sessions ended)", name,
                 disabled ? "disabled" : "enabled", session_account(r->session), f.n, ended);
        ret = web_json(r, MHD_HTTP_OK,
                       json_pack("{s:s,s:b,s:i}", "name", name, "disabled", disabled, "accounts",
                                 (json_int_t)f.n));
    }
    free(f.names);
    json_decref(body);
    return ret;
}

/* Whether the broker takes the caller for an admin: principal.list, on
 * the caller's own connection, is the admin's alone. The accounts file is
 * the gateway's, but who may read and change it is still the broker's
 * word. */
static int broker_says_admin(web_req_t *r, thd_status_t *st)
{
    Thidua__V1__Response *resp = NULL;
    int rc = principals(r, &resp, st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

static void account_json(void *arg, const account_t *a)
{
    json_array_append_new(arg, json_pack("{s:s,s:s,s:b,s:b,s:b}", "name", a->name, "principal",
                                         a->principal, "locked", a->locked, "disabled",
                                         a->disabled, "must_change", a->must_change));
}

enum MHD_Result admin_accounts(web_req_t *r)
{
    thd_status_t st = {0};
    json_t *list = json_array();
    if (!list)
        return web_refuse(r, 0, THD_R_OUT_OF_MEMORY, "");
    if (broker_says_admin(r, &st) != 0 ||
        accounts_each(r->web->accounts_path, account_json, list, &st) != 0) {
        json_decref(list);
        return web_status_error(r, &st);
    }
    return web_json(r, MHD_HTTP_OK, json_pack("{s:o}", "accounts", list));
}

/* The body's {name}, an account or principal name: true with name filled,
 * else false with *ret the answer already given. */
static bool body_name(web_req_t *r, char name[ACCOUNT_NAME_MAX + 1], enum MHD_Result *ret)
{
    json_t *body = web_body_json(r, ret);
    if (!body)
        return false;
    const char *given = json_string_value(json_object_get(body, "name"));
    bool ok = given && account_name_ok(given);
    snprintf(name, ACCOUNT_NAME_MAX + 1, "%s", ok ? given : "");
    json_decref(body);
    if (!ok)
        *ret = bad_name(r);
    return ok;
}

enum MHD_Result admin_account_unlock(web_req_t *r)
{
    enum MHD_Result ret = MHD_NO;
    char name[ACCOUNT_NAME_MAX + 1];
    if (!body_name(r, name, &ret))
        return ret;
    thd_status_t st = {0};
    if (broker_says_admin(r, &st) != 0 ||
        accounts_update(r->web->accounts_path, name, account_unlock, NULL, &st) != 0)
        return web_status_error(r, &st);
    log_info("web account '%s' unlocked by '%s'", name, session_account(r->session));
    return web_json(r, MHD_HTTP_OK, json_pack("{s:s,s:b}", "name", name, "locked", 0));
}

/* One account of the principal being reset: the new key sealed under a
 * new first password, which password receives. */
struct reseal {
    web_req_t *r;
    const char *secret;
    char password[ACCOUNT_FIRST_PASSWORD_LEN + 1];
};

static int reseal(void *arg, account_t *a, thd_status_t *st)
{
    struct reseal *rs = arg;
    account_first_password(rs->password);
    pthread_mutex_lock(&rs->r->web->pwhash_lock);
    int rc = account_seal_first(a, rs->password, rs->secret, st);
    pthread_mutex_unlock(&rs->r->web->pwhash_lock);
    return rc;
}

/* Seals kp's secret into each of f's accounts, each under a first password
 * of its own, listed into out. */
static int reseal_all(web_req_t *r, const struct find *f, const key_pair_t *kp, json_t *out,
                      thd_status_t *st)
{
    struct reseal rs = {.r = r, .secret = kp->secret_key};
    int rc = 0;
    for (size_t i = 0; i < f->n && rc == 0; i++) {
        rc = accounts_update(r->web->accounts_path, f->names[i], reseal, &rs, st);
        if (rc == THD_NOT_FOUND) /* removed meanwhile: nothing to seal */
            rc = 0;
        else if (rc == 0)
            json_array_append_new(
                out, json_pack("{s:s,s:s}", "name", f->names[i], "password", rs.password));
    }
    sodium_memzero(&rs, sizeof rs);
    return rc;
}

/* Whether a principal.set_key whose reply never came was made all the
 * same: then the new key must be sealed, or no account holds the key the
 * broker has. A refusal (any answer) is not looked into. */
static bool took_anyway(web_req_t *r, const char *name, const char *key, thd_status_t *st)
{
    if (st->code != THD_UNAVAILABLE && st->code != THD_DEADLINE_EXCEEDED)
        return false;
    struct who w;
    thd_status_t again = {0};
    bool took = look_up(r, name, &w, &again) == 0 && w.found && strcmp(w.key, key) == 0;
    if (took)
        log_warn("web principal '%s': the new key's reply was lost, but the broker holds it", name);
    return took;
}

/* One reset at a time: two admins resetting one person at once could
 * leave the accounts sealing one new key while the broker holds the other. */
static pthread_mutex_t resetting = PTHREAD_MUTEX_INITIALIZER;

/* A new key, registered on the admin's own connection (principal.set_key:
 * the broker decides), then sealed into every web account of name. */
static enum MHD_Result reset_locked(web_req_t *r, const char *name, const struct find *f)
{
    thd_status_t st = {0};
    key_pair_t kp = {0};
    json_t *list = json_array();
    enum MHD_Result ret;
    if (!list)
        return web_refuse(r, 0, THD_R_OUT_OF_MEMORY, "");
    if (keys_generate(&kp, &st) != 0) {
        ret = web_status_error(r, &st);
    } else {
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        Thidua__V1__PrincipalSetKey set = THIDUA__V1__PRINCIPAL_SET_KEY__INIT;
        set.name = (char *)name;
        set.public_key = kp.public_key;
        req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_SET_KEY;
        req.principal_set_key = &set;
        if (broker_call(r, &req, &st) != 0 && !took_anyway(r, name, kp.public_key, &st)) {
            /* refused: the old key and passwords stand */
            ret = web_status_error(r, &st);
        } else if (reseal_all(r, f, &kp, list, &st) != 0) {
            log_error("web principal '%s' has a new key, but its accounts were not all sealed "
                      "again: %s; reset it again",
                      name, st.message);
            ret = web_status_error(r, &st);
        } else {
            unsigned ended = sessions_close_principal(r->web->sessions, name);
            if (ended)
                live_wake(r->web->live); /* their streams end now */
            log_info("web principal '%s' given a new key and first passwords by '%s' (%zu web "
                     "accounts, %u sessions ended)",
                     name, session_account(r->session), f->n, ended);
            ret = web_json(r, MHD_HTTP_OK, json_pack("{s:s,s:O}", "name", name, "accounts", list));
        }
    }
    sodium_memzero(&kp, sizeof kp);
    json_decref(list); /* the reply holds its own reference */
    return ret;
}

enum MHD_Result admin_account_reset(web_req_t *r)
{
    enum MHD_Result ret = MHD_NO;
    char name[ACCOUNT_NAME_MAX + 1];
    if (!body_name(r, name, &ret))
        return ret;
    thd_status_t st = {0};
    struct find f = {.principal = name};
    struct who w;
    if (look_up(r, name, &w, &st) != 0 || /* an admin's request, first */
        find_accounts(r, &f, &st) != 0)
        ret = web_status_error(r, &st);
    else if (!w.found)
        ret = web_refuse(r, 0, THD_R_RECORD_NOT_FOUND, "name", "principal", name);
    else if (strcmp(name, session_principal(r->session)) == 0)
        ret = web_refuse(r, 0, THD_R_WEB_RESET_SELF, "name");
    else if (w.gateway)
        ret = web_refuse(r, 0, THD_R_WEB_GATEWAY_REKEY, "name", name);
    else if (f.n == 0)
        ret = web_refuse(r, 0, THD_R_WEB_NO_WEB_ACCOUNT, "name", name);
    else {
        pthread_mutex_lock(&resetting);
        ret = reset_locked(r, name, &f);
        pthread_mutex_unlock(&resetting);
    }
    free(f.names);
    return ret;
}
