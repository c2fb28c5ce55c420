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

/* The entry of addr, or NULL; with make, the stalest entry becomes it. */
static struct entry *lookup(throttle_t *self, const char *addr, bool make, int64_t now)
{
    struct entry *stalest = &self->e[0];
    for (size_t i = 0; i < THROTTLE_ENTRIES; i++) {
        struct entry *e = &self->e[i];
        if (e->failures && strcmp(e->addr, addr) == 0) {
            if (now - e->last_ms > THROTTLE_FORGET_MS)
                e->failures = 0;
            return e;
        }
        if (e->last_ms < stalest->last_ms)
            stalest = e;
    }
    if (!make)
        return NULL;
    memset(stalest, 0, sizeof *stalest);
    snprintf(stalest->addr, sizeof stalest->addr, "%s", addr);
    return stalest;
}

int64_t throttle_wait(throttle_t *self, const char *addr)
{
    int64_t now = clock_mono_ms();
    pthread_mutex_lock(&self->lock);
    struct entry *e = lookup(self, addr, false, now);
    int64_t wait = e && e->failures && e->next_ms > now ? e->next_ms - now : 0;
    pthread_mutex_unlock(&self->lock);
    return wait;
}

void throttle_fail(throttle_t *self, const char *addr)
{
    int64_t now = clock_mono_ms();
    pthread_mutex_lock(&self->lock);
    struct entry *e = lookup(self, addr, true, now);
    e->failures++;
    e->last_ms = now;
    e->next_ms = now + throttle_delay(e->failures);
    pthread_mutex_unlock(&self->lock);
}
