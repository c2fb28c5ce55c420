/* Wrong passwords per address: each failure doubles the wait before the
 * address may try again (up to a ceiling), so guessing from one address
 * costs time, and the table stays bounded (the stalest entry makes room). */
#ifndef THD_WEB_THROTTLE_H
#define THD_WEB_THROTTLE_H

#include <stdint.h>

#define THROTTLE_ENTRIES   4096
#define THROTTLE_BASE_MS   100LL
#define THROTTLE_MAX_MS    (60LL * 1000)
#define THROTTLE_FORGET_MS (15LL * 60 * 1000) /* quiet this long: start afresh */

typedef struct throttle throttle_t;

throttle_t *throttle_new(void);
void throttle_destroy(throttle_t **self_p);
/* Milliseconds addr must still wait; 0 when it may try now. */
int64_t throttle_wait(throttle_t *self, const char *addr);
/* A wrong password from addr. */
void throttle_fail(throttle_t *self, const char *addr);
/* The delay after n failures in a row: base * 2^(n-1), at most the ceiling. */
int64_t throttle_delay(unsigned failures);

#endif
