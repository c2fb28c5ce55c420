/* Wrong passwords per address: each failure doubles the wait before the
 * address may try again (up to a ceiling), so guessing from one address
 * costs time, and the table stays bounded (the stalest entry makes room).
 * A try is a reservation: throttle_begin takes the address's one slot
 * (refused while another try from there is running or its wait runs),
 * throttle_end gives it back with the outcome; so parallel tries from one
 * address cannot all pass the check before any of them is counted. */
#ifndef THD_WEB_THROTTLE_H
#define THD_WEB_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

#define THROTTLE_ENTRIES   4096
#define THROTTLE_BASE_MS   100LL
#define THROTTLE_MAX_MS    (60LL * 1000)
#define THROTTLE_FORGET_MS (15LL * 60 * 1000) /* quiet this long: start afresh */

typedef struct throttle throttle_t;

throttle_t *throttle_new(void);
void throttle_destroy(throttle_t **self_p);
/* Reserves addr's slot for one try: 0 when reserved (then call
 * throttle_end exactly once), else the milliseconds addr must wait,
 * because its wait after a wrong password runs or another try from addr
 * is still running (counted as if it were wrong: its wait would follow). */
int64_t throttle_begin(throttle_t *self, const char *addr);
/* Ends addr's reserved try: wrong starts the doubled wait, right does not. */
void throttle_end(throttle_t *self, const char *addr, bool wrong);
/* The delay after n failures in a row: base * 2^(n-1), at most the ceiling. */
int64_t throttle_delay(unsigned failures);

#endif
