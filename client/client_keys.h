/* What the request and event sides of libthidua share: where the broker
 * is and which keys to use, from options, then the environment. */
#ifndef THD_CLIENT_KEYS_H
#define THD_CLIENT_KEYS_H

#include "keys.h"
#include "thidua.h"

/* opts->server, $THIDUA_SERVER or THD_DEFAULT_SERVER, into out; tcp://
 * is put before an address written without a transport (host:port). */
void client_server_endpoint(const thd_client_opts_t *opts, char *out, size_t cap);
/* opts->events, $THIDUA_EVENTS, or the server endpoint with port + 1; the
 * same. */
void client_events_endpoint(const thd_client_opts_t *opts, char *out, size_t cap);
/* Loads the broker's public key and our key pair. */
int client_load_keys(const thd_client_opts_t *opts, char server_key[KEY_Z85_LEN + 1],
                     key_pair_t *keys, thd_status_t *st);
/* thd_events_new with a receive high-water mark (0: libzmq's default). */
thd_events_t *client_events_new(const thd_client_opts_t *opts, const char *unit, int rcvhwm,
                                thd_status_t *st);
/* Sets the CURVE client options on a socket; 0 or -1. */
int client_curve(void *sock, const char *server_key, const key_pair_t *keys);

#endif
