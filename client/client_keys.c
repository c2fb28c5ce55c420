#include "client_keys.h"
#include "reasons.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

static const char *pick(const char *given, const char *env, const char *fallback)
{
    if (given && *given)
        return given;
    const char *e = getenv(env);
    return e && *e ? e : fallback;
}

/* An address as ZeroMQ takes it: "host:port", as people write one, is
 * tcp://host:port (the only transport the broker serves to clients over a
 * network; ipc:// and the like are kept as given). */
static void endpoint(const char *given, char *out, size_t cap)
{
    snprintf(out, cap, "%s%s", strstr(given, "://") ? "" : "tcp://", given);
}

void client_server_endpoint(const thd_client_opts_t *opts, char *out, size_t cap)
{
    endpoint(pick(opts->server, "THIDUA_SERVER", THD_DEFAULT_SERVER), out, cap);
}

void client_events_endpoint(const thd_client_opts_t *opts, char *out, size_t cap)
{
    const char *given = pick(opts->events, "THIDUA_EVENTS", NULL);
    if (given) {
        endpoint(given, out, cap);
        return;
    }
    char server[256];
    client_server_endpoint(opts, server, sizeof server);
    const char *colon = strrchr(server, ':');
    long port = colon ? strtol(colon + 1, NULL, 10) : 0;
    if (port > 0 && port < 65535)
        snprintf(out, cap, "%.*s:%ld", (int)(colon - server), server, port + 1);
    else
        snprintf(out, cap, "%s", server);
}

/* A key given in memory (the web gateway unseals it): the public half
 * follows from the secret one. */
static int keys_from_memory(const char *skey, const char *secret, char server_key[KEY_Z85_LEN + 1],
                            key_pair_t *keys, thd_status_t *st)
{
    int rc = keys_load_public(skey, server_key, st);
    if (rc)
        return rc;
    if (!keys_valid_z85(secret) || zmq_curve_public(keys->public_key, secret) != 0)
        return thd_status_set(st, THD_INVALID_ARGUMENT, "key", "the secret key is not Z85 text");
    memcpy(keys->secret_key, secret, KEY_Z85_LEN + 1);
    return 0;
}

int client_load_keys(const thd_client_opts_t *opts, char server_key[KEY_Z85_LEN + 1],
                     key_pair_t *keys, thd_status_t *st)
{
    const char *skey = pick(opts->server_key, "THIDUA_SERVER_KEY", NULL);
    if (skey && opts->secret_key)
        return keys_from_memory(skey, opts->secret_key, server_key, keys, st);
    const char *kfile = pick(opts->key_file, "THIDUA_KEY", NULL);
    if (!skey)
        return thd_refuse(st, THD_R_NO_SERVER_KEY, "server_key");
    if (!kfile)
        return thd_refuse(st, THD_R_NO_KEY, "key");
    int rc = keys_load_public(skey, server_key, st);
    return rc ? rc : keys_read_secret(kfile, keys, st);
}

int client_curve(void *sock, const char *server_key, const key_pair_t *keys)
{
    return zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, server_key, KEY_Z85_LEN) ||
                   zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, keys->public_key, KEY_Z85_LEN) ||
                   zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, keys->secret_key, KEY_Z85_LEN)
               ? -1
               : 0;
}
