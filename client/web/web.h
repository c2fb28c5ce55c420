/* thidua-web: the browser front door of a thidua broker (DESIGN §10).
 * What the gateway's parts share: its settings and the objects that live
 * as long as the daemon. The gateway holds no right of its own: every
 * call goes to the broker under the signed-in person's own key. */
#ifndef THD_WEB_H
#define THD_WEB_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "keys.h"
#include "thd_limits.h"
#include "thidua.h"

#define WEB_MAX_FORM_BYTES (16 * 1024) /* sign-in and password bodies */
/* A call's JSON: a 16 MiB attachment as base64, and room for the rest. */
#define WEB_MAX_CALL_BYTES           (THD_MAX_ATTACHMENT_BYTES_B64 + 64 * 1024)
#define THD_MAX_ATTACHMENT_BYTES_B64 ((16 * 1024 * 1024 + 2) / 3 * 4)
/* An upload: the broker's most for one document, and room for the form's
 * other fields and part headers. A bigger announced body is refused (413)
 * on its headers, before any of it is read. */
#define WEB_MAX_UPLOAD_BYTES (THD_MAX_ATTACHMENT_BYTES + 64 * 1024)

#define WEB_MAX_CONNECTIONS 1024 /* threads: one per connection */
#define WEB_PER_IP          64   /* connections from one address, when not behind a proxy */
#define WEB_IDLE_TIMEOUT_S  60   /* a silent connection (slow-loris) is closed */
#define WEB_MAX_SESSIONS    1000
#define WEB_MAX_STREAMS     500 /* live event streams at once */
#define WEB_MIN_PASSWORD    10  /* characters of a password chosen at the first sign-in */

typedef struct sessions sessions_t;
typedef struct throttle throttle_t;
typedef struct live live_t;
typedef struct web_metrics web_metrics_t;

typedef struct web {
    char accounts_path[PATH_MAX]; /* STATE/accounts.json, mode 0600 */
    const char *static_dir;       /* the pages: HTML, ES modules, CSS */
    const char *bootstrap_css;    /* Debian's libjs-bootstrap5 */
    thd_client_opts_t broker;     /* endpoint and broker key; each session adds its key */
    bool tls;                     /* cookies get Secure; Origin is https */
    bool behind_proxy;            /* a TLS proxy in front: Origin is https */
    unsigned lock_after;          /* wrong passwords in a row before an account locks */
    sessions_t *sessions;
    throttle_t *throttle;
    live_t *live;
    web_metrics_t *metrics;
    const char *metrics_dir;        /* thidua-web.prom written here; NULL: none */
    const char *timezone;           /* the province's: TZ is set to it; the pages show time in it */
    char self_key[KEY_Z85_LEN + 1]; /* the gateway's public key: its principal is not locked */
    pthread_mutex_t pwhash_lock;    /* one Argon2id at a time: its memory is large */
} web_t;

#endif
