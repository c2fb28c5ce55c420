/* Web accounts: each names a broker principal and holds that principal's
 * CURVE secret key sealed under the person's password (Argon2id, then
 * XSalsa20-Poly1305). The file (JSON, mode 0600) is shared by the running
 * gateway and the `account` commands: every change locks it, reads it
 * afresh, changes one account and replaces it whole. */
#ifndef THD_WEB_ACCOUNTS_H
#define THD_WEB_ACCOUNTS_H

#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

#include "keys.h"
#include "status.h"

#define ACCOUNT_NAME_MAX   64
#define ACCOUNT_SEALED_LEN (crypto_secretbox_MACBYTES + KEY_Z85_LEN)
#define ACCOUNT_OPS        crypto_pwhash_OPSLIMIT_INTERACTIVE /* Argon2id cost of a seal */
#define ACCOUNT_MEM        crypto_pwhash_MEMLIMIT_INTERACTIVE

typedef struct account {
    char name[ACCOUNT_NAME_MAX + 1];      /* what the person types to sign in */
    char principal[ACCOUNT_NAME_MAX + 1]; /* the broker principal the key belongs to */
    bool must_change;                     /* the password is a first, one-time one */
    bool disabled, locked;                /* by the admin; after too many wrong passwords */
    unsigned failures;                    /* wrong passwords in a row */
    int64_t next_try_ms;                  /* wall clock: no try before this */
    unsigned long long ops;               /* Argon2id cost of this account's seal */
    size_t mem;
    unsigned char salt[crypto_pwhash_SALTBYTES];
    unsigned char nonce[crypto_secretbox_NONCEBYTES];
    unsigned char sealed[ACCOUNT_SEALED_LEN];
} account_t;

/* Seals secret_z85 (40 characters) under password into a (fresh salt and nonce). */
int account_seal(account_t *a, const char *password, const char *secret_z85, thd_status_t *st);
/* Runs the same Argon2id as an unseal, for a name that has no account:
 * a sign-in takes as long whether the name exists or not. */
void account_burn(const char *password);
/* Unseals a's key into fresh guarded memory (*key; sodium_free it).
 * PERMISSION_DENIED when the password is wrong. */
int account_unseal(const account_t *a, const char *password, char **key, thd_status_t *st);

/* Adds a; EXISTS when an account of that name is there. */
int accounts_add(const char *path, const account_t *a, thd_status_t *st);
/* A change to one account: fn sees the account as the file holds it now
 * and may change it; returns 0 or a status code (set in st). */
typedef int (*account_fn)(void *arg, account_t *a, thd_status_t *st);
/* Runs fn on account name under the file's lock, then writes back what fn
 * changed, even when fn refused (a wrong password is counted), and returns
 * fn's answer. NOT_FOUND (fn not called) when there is no such account.
 * Every change to an existing account goes through here, the gateway's and
 * the account commands' alike, so none is lost to a stale copy. */
int accounts_update(const char *path, const char *name, account_fn fn, void *arg, thd_status_t *st);
/* An account_fn lifting the lock after wrong passwords (arg unused): the
 * `account unlock` command's and the admin page's. */
int account_unlock(void *arg, account_t *a, thd_status_t *st);
/* A first password for a: secret_z85 sealed under password, to be changed
 * at the next sign-in, the lock after wrong passwords lifted. What every
 * new or reset account gets: the account commands' and the admin page's. */
int account_seal_first(account_t *a, const char *password, const char *secret_z85,
                       thd_status_t *st);
/* Calls fn for every account, in the file's order. */
int accounts_each(const char *path, void (*fn)(void *arg, const account_t *a), void *arg,
                  thd_status_t *st);
#define ACCOUNT_FIRST_PASSWORD_LEN 12
/* A one-time first password people can read aloud (no 0/O, 1/l), from
 * the system's random source; out holds ACCOUNT_FIRST_PASSWORD_LEN + 1. */
void account_first_password(char *out);
/* A name a person can type: 1-64 of a-z 0-9 . _ - */
bool account_name_ok(const char *name);

#endif
