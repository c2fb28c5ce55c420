#include "throttle.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

struct entry {
    char addr[64];
    unsigned failures;
    bool busy;                /* a try from addr is running (reserved) */
    int64_t last_ms, next_ms; /* monotonic */
};

struct throttle {
    pthread_mutex_t lock;
    struct entry e[THROTTLE_ENTRIES];
};

throttle_t *throttle_new(void)
{
    throttle_t *self = calloc(1, sizeof *self);
    if (self)
        pthread_mutex_init(&self->lock, NULL);
    return self;
}

void throttle_destroy(throttle_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    pthread_mutex_destroy(&(*self_p)->lock);
    free(*self_p);
    *self_p = NULL;
}

int64_t throttle_delay(unsigned failures)
{
    if (failures == 0)
        return 0;
    int64_t d = THROTTLE_BASE_MS << (failures > 20 ? 20 : failures - 1);
    return d > THROTTLE_MAX_MS ? THROTTLE_MAX_MS : d;
}

/* The entry of addr; else the stalest entry not in use becomes it, or
 * NULL when every entry holds a running try. */
static struct entry *lookup(throttle_t *self, const char *addr, int64_t now)
{
    struct entry *stalest = NULL;
    for (size_t i = 0; i < THROTTLE_ENTRIES; i++) {
        struct entry *e = &self->e[i];
        if ((e->failures || e->busy) && strcmp(e->addr, addr) == 0) {
            if (!e->busy && now - e->last_ms > THROTTLE_FORGET_MS)
                e->failures = 0;
            return e;
        }
        if (!e->busy && (!stalest || e->last_ms < stalest->last_ms))
            stalest = e;
    }
    if (!stalest)
        return NULL;
    memset(stalest, 0, sizeof *stalest);
    snprintf(stalest->addr, sizeof stalest->addr, "%s", addr);
    return stalest;
}

int64_t throttle_begin(throttle_t *self, const char *addr)
{
    int64_t now = clock_mono_ms(), wait;
    pthread_mutex_lock(&self->lock);
    struct entry *e = lookup(self, addr, now);
    if (!e) /* THROTTLE_ENTRIES tries at once: the table's bound holds */
        wait = THROTTLE_BASE_MS;
    else if (e->busy)
        wait = throttle_delay(e->failures + 1);
    else if (e->failures && e->next_ms > now)
        wait = e->next_ms - now;
    else {
        wait = 0;
        e->busy = true;
        e->last_ms = now;
    }
    pthread_mutex_unlock(&self->lock);
    return wait;
}

void throttle_end(throttle_t *self, const char *addr, bool wrong)
{
    int64_t now = clock_mono_ms();
    pthread_mutex_lock(&self->lock);
    struct entry *e = lookup(self, addr, now);
    if (e) {
        e->busy = false;
        e->last_ms = now;
        if (wrong) {
            e->failures++;
            e->next_ms = now + throttle_delay(e->failures);
        }
    }
    pthread_mutex_unlock(&self->lock);
}
