/* The accounts file: {"accounts": [{...}, ...]}, binary fields in base64.
 * Only this file knows its layout. Every change is one read-modify-write
 * under an flock on the file beside it, reading the file afresh inside the
 * lock, then an atomic rename: a crash leaves the old file or the new, and
 * no change (the gateway's or an `account` command's) overwrites another. */
#include "accounts.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "rules.h"

bool account_name_ok(const char *name)
{
    return thd_name_valid(name); /* an account's name follows a principal's */
}

static int derive(const account_t *a, const char *password, unsigned char *k, thd_status_t *st)
{
    if (crypto_pwhash(k, crypto_secretbox_KEYBYTES, password, strlen(password), a->salt, a->ops,
                      a->mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return thd_status_set(st, THD_INTERNAL, "", "out of memory for the password hash");
    return 0;
}

void account_burn(const char *password)
{
    static account_t dummy; /* zero salt and seal: it never opens */
    dummy.ops = ACCOUNT_OPS;
    dummy.mem = ACCOUNT_MEM;
    char *key = NULL;
    thd_status_t st;
    if (account_unseal(&dummy, password, &key, &st) == 0)
        sodium_free(key);
}

int account_seal(account_t *a, const char *password, const char *secret_z85, thd_status_t *st)
{
    if (strlen(secret_z85) != KEY_Z85_LEN)
        return thd_status_set(st, THD_INVALID_ARGUMENT, "key", "the secret key is not 40 characters");
    a->ops = ACCOUNT_OPS;
    a->mem = ACCOUNT_MEM;
    randombytes_buf(a->salt, sizeof a->salt);
    randombytes_buf(a->nonce, sizeof a->nonce);
    unsigned char *k = sodium_malloc(crypto_secretbox_KEYBYTES);
    if (!k)
        return thd_status_set(st, THD_INTERNAL, "", "out of memory");
    int rc = derive(a, password, k, st);
    if (rc == 0)
        crypto_secretbox_easy(a->sealed, (const unsigned char *)secret_z85, KEY_Z85_LEN, a->nonce,
                              k);
    sodium_free(k);
    return rc;
}

int account_unseal(const account_t *a, const char *password, char **key, thd_status_t *st)
{
    unsigned char *k = sodium_malloc(crypto_secretbox_KEYBYTES);
    char *out = sodium_malloc(KEY_Z85_LEN + 1);
    int rc = k && out ? derive(a, password, k, st)
                      : thd_status_set(st, THD_INTERNAL, "", "out of memory");
    if (rc == 0 && crypto_secretbox_open_easy((unsigned char *)out, a->sealed, sizeof a->sealed,
                                              a->nonce, k) != 0)
        rc = thd_status_set(st, THD_PERMISSION_DENIED, "password", "wrong password");
    sodium_free(k);
    if (rc) {
        sodium_free(out);
        return rc;
    }
    out[KEY_Z85_LEN] = '\0';
    sodium_mprotect_readonly(out);
    *key = out;
    return 0;
}

/* ---- the file ---- */

static json_t *b64(const unsigned char *p, size_t n)
{
    char buf[256];
    sodium_bin2base64(buf, sizeof buf, p, n, sodium_base64_VARIANT_ORIGINAL);
    return json_string(buf);
}

static bool unb64(json_t *j, unsigned char *out, size_t n)
{
    size_t got = 0;
    const char *s = json_string_value(j);
    return s &&
           sodium_base642bin(out, n, s, strlen(s), NULL, &got, NULL,
                             sodium_base64_VARIANT_ORIGINAL) == 0 &&
           got == n;
}

static json_t *to_json(const account_t *a)
{
    json_t *o =
        json_pack("{s:s,s:s,s:b,s:b,s:b,s:i,s:I,s:I,s:I}", "name", a->name, "principal",
                  a->principal, "must_change", a->must_change, "disabled", a->disabled, "locked",
                  a->locked, "failures", (int)a->failures, "next_try_ms",
                  (json_int_t)a->next_try_ms, "ops", (json_int_t)a->ops, "mem", (json_int_t)a->mem);
    if (o) {
        json_object_set_new(o, "salt", b64(a->salt, sizeof a->salt));
        json_object_set_new(o, "nonce", b64(a->nonce, sizeof a->nonce));
        json_object_set_new(o, "sealed", b64(a->sealed, sizeof a->sealed));
    }
    return o;
}

static bool from_json(json_t *o, account_t *a)
{
    memset(a, 0, sizeof *a);
    const char *name = json_string_value(json_object_get(o, "name"));
    const char *principal = json_string_value(json_object_get(o, "principal"));
    if (!name || !principal || !account_name_ok(name) || !account_name_ok(principal))
        return false;
    snprintf(a->name, sizeof a->name, "%s", name);
    snprintf(a->principal, sizeof a->principal, "%s", principal);
    a->must_change = json_is_true(json_object_get(o, "must_change"));
    a->disabled = json_is_true(json_object_get(o, "disabled"));
    a->locked = json_is_true(json_object_get(o, "locked"));
    a->failures = (unsigned)json_integer_value(json_object_get(o, "failures"));
    a->next_try_ms = json_integer_value(json_object_get(o, "next_try_ms"));
    a->ops = (unsigned long long)json_integer_value(json_object_get(o, "ops"));
    a->mem = (size_t)json_integer_value(json_object_get(o, "mem"));
    return a->ops && a->mem && unb64(json_object_get(o, "salt"), a->salt, sizeof a->salt) &&
           unb64(json_object_get(o, "nonce"), a->nonce, sizeof a->nonce) &&
           unb64(json_object_get(o, "sealed"), a->sealed, sizeof a->sealed);
}

/* The list in the file; an absent file is an empty list. */
static json_t *load(const char *path, thd_status_t *st)
{
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return json_array();
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    json_t *list = json_incref(json_object_get(root, "accounts"));
    json_decref(root);
    if (!json_is_array(list)) {
        json_decref(list);
        thd_status_set(st, THD_INVALID_ARGUMENT, "", "'%s' is not an accounts file: %s", path,
                       err.text);
        return NULL;
    }
    return list;
}

static int save(const char *path, json_t *list, thd_status_t *st)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    json_t *root = json_pack("{s:O}", "accounts", list);
    int rc = fd >= 0 && root ? json_dumpfd(root, fd, JSON_INDENT(1)) : -1;
    json_decref(root);
    if (fd >= 0 && (fsync(fd) != 0 || close(fd) != 0))
        rc = -1;
    if (rc != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return thd_status_set(st, THD_INTERNAL, "", "cannot write '%s': %s", path, strerror(errno));
    }
    return 0;
}

/* An exclusive lock on PATH.lock for one read-modify-write; -1 on error. */
static int lock_file(const char *path, thd_status_t *st)
{
    char lp[4200];
    snprintf(lp, sizeof lp, "%s.lock", path);
    int fd = open(lp, O_RDWR | O_CREAT, 0600);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        thd_status_set(st, THD_INTERNAL, "", "cannot lock '%s': %s", lp, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static int find(json_t *list, const char *name)
{
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        const char *n = json_string_value(json_object_get(o, "name"));
        if (n && strcmp(n, name) == 0)
            return (int)i;
    }
    return -1;
}

int accounts_add(const char *path, const account_t *a, thd_status_t *st)
{
    int fd = lock_file(path, st);
    if (fd < 0)
        return st->code;
    json_t *list = load(path, st);
    int rc = !list ? st->code
             : find(list, a->name) >= 0
                 ? thd_status_set(st, THD_ALREADY_EXISTS, "name", "account '%s' exists", a->name)
                 : 0;
    if (rc == 0) {
        json_array_append_new(list, to_json(a));
        rc = save(path, list, st);
    }
    json_decref(list);
    close(fd);
    return rc;
}

int accounts_update(const char *path, const char *name, account_fn fn, void *arg, thd_status_t *st)
{
    int fd = lock_file(path, st);
    if (fd < 0)
        return st->code;
    json_t *list = load(path, st);
    int i = list ? find(list, name) : -1;
    account_t a, before;
    int rc =
        !list   ? st->code
        : i < 0 ? thd_status_set(st, THD_NOT_FOUND, "name", "no account '%s'", name)
        : !from_json(json_array_get(list, (size_t)i), &a)
            ? thd_status_set(st, THD_INVALID_ARGUMENT, "", "account '%s' in '%s' is damaged", name, path)
            : 0;
    if (rc == 0) {
        memcpy(&before, &a, sizeof a);
        rc = fn(arg, &a, st);
        /* what fn changed is kept even when it refuses: a wrong password counts */
        if (memcmp(&before, &a, sizeof a) != 0) {
            thd_status_t wst;
            json_array_set_new(list, (size_t)i, to_json(&a));
            if (save(path, list, &wst) != 0 && rc == 0) {
                *st = wst;
                rc = st->code;
            }
        }
        sodium_memzero(&before, sizeof before);
        sodium_memzero(&a, sizeof a);
    }
    json_decref(list);
    close(fd);
    return rc;
}

int accounts_each(const char *path, void (*fn)(void *arg, const account_t *a), void *arg,
                  thd_status_t *st)
{
    json_t *list = load(path, st);
    if (!list)
        return st->code;
    size_t i;
    json_t *o;
    account_t a;
    json_array_foreach(list, i, o) if (from_json(o, &a)) fn(arg, &a);
    json_decref(list);
    return 0;
}

void account_first_password(char *out)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
    for (int i = 0; i < ACCOUNT_FIRST_PASSWORD_LEN; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[ACCOUNT_FIRST_PASSWORD_LEN] = '\0';
}

int account_unlock(void *arg, account_t *a, thd_status_t *st)
{
    (void)arg, (void)st;
    a->locked = false;
    a->failures = 0;
    a->next_try_ms = 0;
    return 0;
}

int account_seal_first(account_t *a, const char *password, const char *secret_z85, thd_status_t *st)
{
    int rc = account_seal(a, password, secret_z85, st);
    if (rc != 0)
        return rc;
    a->must_change = true;
    return account_unlock(NULL, a, st);
}
