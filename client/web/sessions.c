/* A session is freed only when it is closed (or expired) and no request
 * holds it, so a request never sees its key wiped under it. */
#include "sessions.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

#include "clock.h"

struct session {
    char id[SESSION_ID_HEX + 1];
    char csrf[SESSION_ID_HEX + 1];
    char account[72], principal[72], role[16];
    bool must_change;
    int64_t created_ms, used_ms; /* monotonic */
    thd_client_t *client;        /* the person's own connection */
    char *key;                   /* sodium_malloc'd Z85 secret key */
    pthread_mutex_t call_lock;   /* a client is used by one thread at a time */
    int holds;
    bool closed;
    atomic_bool refused; /* the broker refused its key: disabled, or given another */
};

struct sessions {
    pthread_mutex_t lock;
    session_t **slots;
    unsigned max;
    int64_t idle_ms, absolute_ms;
};

static void random_hex(char out[SESSION_ID_HEX + 1])
{
    unsigned char raw[SESSION_ID_HEX / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, SESSION_ID_HEX + 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

static void session_free(session_t *s)
{
    thd_client_destroy(&s->client);
    sodium_free(s->key); /* sodium_free wipes before it frees */
    pthread_mutex_destroy(&s->call_lock);
    sodium_memzero(s, sizeof *s);
    free(s);
}

sessions_t *sessions_new(unsigned max, int64_t idle_ms, int64_t absolute_ms)
{
    sessions_t *self = calloc(1, sizeof *self);
    if (!self || !(self->slots = calloc(max, sizeof *self->slots))) {
        free(self);
        return NULL;
    }
    pthread_mutex_init(&self->lock, NULL);
    self->max = max;
    self->idle_ms = idle_ms;
    self->absolute_ms = absolute_ms;
    return self;
}

/* Takes slot i out of the table; frees the session unless a request holds it. */
static void drop_slot(sessions_t *self, unsigned i)
{
    session_t *s = self->slots[i];
    self->slots[i] = NULL;
    s->closed = true;
    if (s->holds == 0)
        session_free(s);
}

void sessions_destroy(sessions_t **self_p)
{
    sessions_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    for (unsigned i = 0; i < self->max; i++)
        if (self->slots[i])
            drop_slot(self, i);
    pthread_mutex_destroy(&self->lock);
    free(self->slots);
    free(self);
    *self_p = NULL;
}

/* Past its expiry, or no longer able to call: a page on it would show
 * the congress to someone the broker no longer admits. */
static bool expired(const sessions_t *self, const session_t *s, int64_t now)
{
    return now - s->used_ms > self->idle_ms || now - s->created_ms > self->absolute_ms ||
           atomic_load(&s->refused);
}

session_t *sessions_open(sessions_t *self, const char *account, const char *principal,
                         const char *role, bool must_change, thd_client_t *client, char *key)
{
    session_t *s = calloc(1, sizeof *s);
    if (!s) {
        thd_client_destroy(&client);
        sodium_free(key);
        return NULL;
    }
    random_hex(s->id); /* a new id at every sign-in: no fixation */
    random_hex(s->csrf);
    snprintf(s->account, sizeof s->account, "%s", account);
    snprintf(s->principal, sizeof s->principal, "%s", principal);
    snprintf(s->role, sizeof s->role, "%s", role);
    s->must_change = must_change;
    s->created_ms = s->used_ms = clock_mono_ms();
    s->client = client;
    s->key = key;
    s->holds = 1;
    pthread_mutex_init(&s->call_lock, NULL);
    pthread_mutex_lock(&self->lock);
    unsigned free_slot = self->max;
    for (unsigned i = 0; i < self->max; i++) {
        if (self->slots[i] && expired(self, self->slots[i], s->created_ms))
            drop_slot(self, i);
        if (!self->slots[i] && free_slot == self->max)
            free_slot = i;
    }
    if (free_slot < self->max)
        self->slots[free_slot] = s;
    pthread_mutex_unlock(&self->lock);
    if (free_slot == self->max) {
        session_free(s);
        return NULL;
    }
    return s;
}

void sessions_sweep(sessions_t *self)
{
    int64_t now = clock_mono_ms();
    pthread_mutex_lock(&self->lock);
    for (unsigned i = 0; i < self->max; i++)
        if (self->slots[i] && expired(self, self->slots[i], now))
            drop_slot(self, i);
    pthread_mutex_unlock(&self->lock);
}

session_t *sessions_acquire(sessions_t *self, const char *id)
{
    if (strlen(id) != SESSION_ID_HEX)
        return NULL;
    int64_t now = clock_mono_ms();
    session_t *found = NULL;
    pthread_mutex_lock(&self->lock);
    for (unsigned i = 0; i < self->max && !found; i++) {
        session_t *s = self->slots[i];
        if (!s || sodium_memcmp(s->id, id, SESSION_ID_HEX) != 0)
            continue;
        if (expired(self, s, now)) {
            drop_slot(self, i);
            break;
        }
        s->used_ms = now;
        s->holds++;
        found = s;
    }
    pthread_mutex_unlock(&self->lock);
    return found;
}

void sessions_release(sessions_t *self, session_t **sp)
{
    session_t *s = sp ? *sp : NULL;
    if (!s)
        return;
    pthread_mutex_lock(&self->lock);
    bool last = --s->holds == 0 && s->closed;
    pthread_mutex_unlock(&self->lock);
    if (last)
        session_free(s);
    *sp = NULL;
}

void sessions_close(sessions_t *self, session_t *s)
{
    pthread_mutex_lock(&self->lock);
    for (unsigned i = 0; i < self->max; i++)
        if (self->slots[i] == s) {
            self->slots[i] = NULL;
            s->closed = true; /* freed at its last release */
        }
    pthread_mutex_unlock(&self->lock);
}

unsigned sessions_close_principal(sessions_t *self, const char *principal)
{
    unsigned n = 0;
    pthread_mutex_lock(&self->lock);
    for (unsigned i = 0; i < self->max; i++)
        if (self->slots[i] && strcmp(self->slots[i]->principal, principal) == 0) {
            drop_slot(self, i);
            n++;
        }
    pthread_mutex_unlock(&self->lock);
    return n;
}

bool sessions_alive(sessions_t *self, session_t *s)
{
    pthread_mutex_lock(&self->lock);
    bool alive = !s->closed && !expired(self, s, clock_mono_ms());
    for (unsigned i = 0; !alive && i < self->max; i++)
        if (self->slots[i] == s) {
            self->slots[i] = NULL;
            s->closed = true; /* expired: freed, its key wiped, at its last release */
        }
    pthread_mutex_unlock(&self->lock);
    return alive;
}

unsigned sessions_count(sessions_t *self)
{
    unsigned n = 0;
    pthread_mutex_lock(&self->lock);
    for (unsigned i = 0; i < self->max; i++)
        n += self->slots[i] != NULL;
    pthread_mutex_unlock(&self->lock);
    return n;
}

const char *session_id(const session_t *s)
{
    return s->id;
}
const char *session_csrf(const session_t *s)
{
    return s->csrf;
}
const char *session_account(const session_t *s)
{
    return s->account;
}
const char *session_principal(const session_t *s)
{
    return s->principal;
}
const char *session_role(const session_t *s)
{
    return s->role;
}
int64_t session_expires_ms(const session_t *s)
{
    return s->created_ms + SESSION_ABSOLUTE_MS;
}
bool session_must_change(const session_t *s)
{
    return s->must_change;
}
void session_password_changed(session_t *s)
{
    s->must_change = false;
}

bool session_csrf_ok(const session_t *s, const char *token)
{
    return token && strlen(token) == SESSION_ID_HEX &&
           sodium_memcmp(s->csrf, token, SESSION_ID_HEX) == 0;
}

int session_call(session_t *s, Thidua__V1__Request *req, Thidua__V1__Response **resp,
                 thd_status_t *st)
{
    pthread_mutex_lock(&s->call_lock);
    int rc = thd_call(s->client, req, resp, st);
    pthread_mutex_unlock(&s->call_lock);
    if (rc == THD_UNAUTHENTICATED) /* its next request finds it signed out */
        atomic_store(&s->refused, true);
    return rc;
}
