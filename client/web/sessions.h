/* Signed-in sessions: a random 256-bit id (the cookie), a CSRF token, the
 * person's unsealed key in guarded memory and the broker connection opened
 * with it. Bounded in number; idle and absolute expiry. Thread-safe: each
 * request holds its session from the check to the reply. */
#ifndef THD_WEB_SESSIONS_H
#define THD_WEB_SESSIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "thidua.h"

#define SESSION_IDLE_MS     (30LL * 60 * 1000)
#define SESSION_ABSOLUTE_MS (12LL * 60 * 60 * 1000)
#define SESSION_ID_HEX      64 /* 32 random bytes */

typedef struct sessions sessions_t;
typedef struct session session_t;

sessions_t *sessions_new(unsigned max, int64_t idle_ms, int64_t absolute_ms);
/* Closes every session, wiping their keys. */
void sessions_destroy(sessions_t **self_p);

/* Opens a session for account (principal, role) with client (takes
 * ownership) and key (a sodium_malloc'd string; takes ownership, wiped at
 * the end). Returns it held (release it), or NULL when full. */
session_t *sessions_open(sessions_t *self, const char *account, const char *principal,
                         const char *role, bool must_change, thd_client_t *client, char *key);
/* Ends every expired session: the gateway calls it every few seconds, so
 * a session nobody uses again is gone (its key wiped, its broker
 * connection closed) soon after its expiry, not at the next sign-in. */
void sessions_sweep(sessions_t *self);
/* The live session with this id, held and touched; NULL when none. */
session_t *sessions_acquire(sessions_t *self, const char *id);
/* Drops the hold; sets *s = NULL; tolerates NULL. */
void sessions_release(sessions_t *self, session_t **s);
/* Ends s (signed out): gone for new requests, freed at its last release. */
void sessions_close(sessions_t *self, session_t *s);
/* Ends every session of principal (given a new key, or disabled): its
 * pages are signed out at their next request. Returns how many. */
unsigned sessions_close_principal(sessions_t *self, const char *principal);
/* Whether a held session is still signed in and within its expiry; an
 * expired one is closed here, so a long request (a live stream) that asks
 * ends and lets it go. */
bool sessions_alive(sessions_t *self, session_t *s);
unsigned sessions_count(sessions_t *self);

/* Borrowed, valid while held. */
const char *session_id(const session_t *s);
const char *session_csrf(const session_t *s);
const char *session_account(const session_t *s);
const char *session_principal(const session_t *s);
const char *session_role(const session_t *s);
int64_t session_expires_ms(const session_t *s); /* the absolute expiry, monotonic ms */
bool session_must_change(const session_t *s);
void session_password_changed(session_t *s);
/* Constant-time comparison with the session's token. */
bool session_csrf_ok(const session_t *s, const char *token);
/* thd_call on the session's own connection, one call at a time. A call
 * the broker refuses as UNAUTHENTICATED (the principal disabled, or its key
 * replaced) ends the session: its next request is not signed in. */
int session_call(session_t *s, Thidua__V1__Request *req, Thidua__V1__Response **resp,
                 thd_status_t *st);

#endif
