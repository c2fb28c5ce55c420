/* thidua-web: the browser front door of a thidua broker.
 *   thidua-web run --state DIR --key GATEWAY.key [--listen 127.0.0.1:8080] ...
 *   thidua-web account add|passwd|disable|enable|unlock|list ...
 * The gateway's own key (an observer principal) only feeds the shared
 * live view; every action goes to the broker under the signed-in person's
 * own key. */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decision.h"
#include "http.h"
#include "i18n.h"
#include "live.h"
#include "log.h"
#include "metrics.h"
#include "sessions.h"
#include "throttle.h"
#include "web.h"
#include "web_cli.h"
#include "zone.h"

#define SWEEP_S        5        /* expired sessions end within this */
#define PER_IP_DEFAULT UINT_MAX /* --per-ip not given */

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

struct run_opts {
    const char *state, *listen, *tls_cert, *tls_key, *port_file, *key;
    unsigned per_ip;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: thidua-web run --state DIR --key FILE [options]\n"
            "       thidua-web account VERB ...\n\n"
            "run options:\n"
            "  --state DIR          accounts file and lock (mode 0700)\n"
            "  --key FILE           the gateway's own secret key (an observer principal)\n"
            "  --listen HOST:PORT   default 127.0.0.1:8080; port 0 picks a free one\n"
            "  --server EP, --events EP, --server-key KEY   the broker, as for thidua\n"
            "  --static DIR         the pages (default %s)\n"
            "  --bootstrap FILE     Bootstrap 5 CSS (default %s)\n"
            "  --tls-cert FILE --tls-key FILE   serve HTTPS\n"
            "  --behind-proxy       a TLS proxy is in front: may listen beyond loopback;\n"
            "                       the client's address is the proxy's X-Real-IP\n"
            "  --lock-after N       wrong passwords in a row before an account locks (5)\n"
            "  --per-ip N           connections from one address at once (64; behind a\n"
            "                       proxy, which bounds each client itself, no bound)\n"
            "  --port-file FILE     write the port listened on\n"
            "  --metrics-dir DIR    write thidua-web.prom there every %d s, for\n"
            "                       node_exporter's textfile collector\n"
            "  --timezone TZ        the province's, for dates in exports and pages\n"
            "                       (default " ZONE_DEFAULT ")\n"
            "  --log-level L        error|warn|info|debug (info)\n\n"
            "account commands:\n",
            THIDUA_WEB_STATIC, THIDUA_WEB_BOOTSTRAP, SWEEP_S);
    account_usage(out);
}

static int parse_run(int argc, char **argv, web_t *web, struct run_opts *o)
{
    static const struct option longs[] = {{"state", required_argument, NULL, 'd'},
                                          {"key", required_argument, NULL, 'k'},
                                          {"listen", required_argument, NULL, 'l'},
                                          {"server", required_argument, NULL, 's'},
                                          {"events", required_argument, NULL, 'e'},
                                          {"server-key", required_argument, NULL, 'S'},
                                          {"static", required_argument, NULL, 'a'},
                                          {"bootstrap", required_argument, NULL, 'b'},
                                          {"tls-cert", required_argument, NULL, 'c'},
                                          {"tls-key", required_argument, NULL, 'K'},
                                          {"behind-proxy", no_argument, NULL, 'P'},
                                          {"lock-after", required_argument, NULL, 'L'},
                                          {"per-ip", required_argument, NULL, 'i'},
                                          {"port-file", required_argument, NULL, 'f'},
                                          {"log-level", required_argument, NULL, 'v'},
                                          {"metrics-dir", required_argument, NULL, 'M'},
                                          {"timezone", required_argument, NULL, 'z'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'd':
            o->state = optarg;
            break;
        case 'k':
            o->key = optarg;
            break;
        case 'l':
            o->listen = optarg;
            break;
        case 's':
            web->broker.server = optarg;
            break;
        case 'e':
            web->broker.events = optarg;
            break;
        case 'S':
            web->broker.server_key = optarg;
            break;
        case 'a':
            web->static_dir = optarg;
            break;
        case 'b':
            web->bootstrap_css = optarg;
            break;
        case 'c':
            o->tls_cert = optarg;
            break;
        case 'K':
            o->tls_key = optarg;
            break;
        case 'P':
            web->behind_proxy = true;
            break;
        case 'L':
            web->lock_after = (unsigned)atoi(optarg);
            break;
        case 'i':
            o->per_ip = (unsigned)atoi(optarg);
            break;
        case 'f':
            o->port_file = optarg;
            break;
        case 'M':
            web->metrics_dir = optarg;
            break;
        case 'z':
            web->timezone = optarg;
            break;
        case 'v':
            if (log_parse_level(optarg) < 0)
                return 2;
            log_set_level(log_parse_level(optarg));
            break;
        case 'h':
            usage(stdout);
            exit(0);
        default:
            return 2;
        }
    }
    if (!o->state || !o->key || !!o->tls_cert != !!o->tls_key || web->lock_after == 0 ||
        o->per_ip == 0) {
        fprintf(stderr, "thidua-web: give --state DIR and --key FILE (and --tls-cert with "
                        "--tls-key); see --help\n");
        return 2;
    }
    /* The exports' and the decision's dates, and the pages' clock, are the
     * province's, as the broker's are, whatever zone the server runs in. */
    if (zone_set(web->timezone) != 0) {
        fprintf(stderr,
                "thidua-web: timezone '%s' is not in " ZONE_DIR "; give a name like " ZONE_DEFAULT
                "\n",
                web->timezone);
        return 2;
    }
    /* Behind a proxy every connection comes from the proxy's address: a
     * per-address bound would cap the whole site (nginx bounds each client). */
    if (o->per_ip == PER_IP_DEFAULT)
        o->per_ip = web->behind_proxy ? WEB_MAX_CONNECTIONS : WEB_PER_IP;
    return 0;
}

static void write_port(const char *path, uint16_t port)
{
    FILE *f = path ? fopen(path, "w") : NULL;
    if (f) {
        fprintf(f, "%u\n", port);
        fclose(f);
    }
}

/* A principal locked or given another key at the broker, by any client:
 * its web sessions end (live.h). */
static void revoke(void *arg, const char *principal)
{
    web_t *web = arg;
    unsigned ended = sessions_close_principal(web->sessions, principal);
    if (ended)
        log_info("web principal '%s' locked or given a new key at the broker: %u sessions ended",
                 principal, ended);
}

static int serve(web_t *web, const struct run_opts *o)
{
    thd_status_t st = {0};
    thd_client_opts_t watch_opts = web->broker;
    watch_opts.key_file = o->key;
    if (keys_load_public(o->key, web->self_key, &st) == 0)
        web->live = live_new(&watch_opts, revoke, web, &st);
    struct MHD_Daemon *d =
        web->live ? http_start(web, o->listen, o->tls_cert, o->tls_key, o->per_ip, &st) : NULL;
    if (!d) {
        fprintf(stderr, "thidua-web: %s\n", st.message);
        live_destroy(&web->live);
        return 1;
    }
    write_port(o->port_file, http_port(d));
    log_info("web: serving %s://%s (port %u)", web->tls ? "https" : "http", o->listen,
             http_port(d));
    web_metrics_write(web, true);
    while (!stopping) {
        sleep(SWEEP_S); /* a signal cuts it short */
        sessions_sweep(web->sessions);
        web_metrics_write(web, true);
    }
    log_info("web: stopping");
    web_metrics_write(web, false);
    live_stop(web->live); /* streams end, so the daemon's threads can */
    MHD_stop_daemon(d);
    live_destroy(&web->live);
    return 0;
}

/* For tests only (docs/SECURITY.md): THIDUA_WEB_TEST_IDLE_MS shortens the
 * idle expiry, so a test sees a session expire in seconds, not 30 minutes. */
static int64_t idle_ms(void)
{
    const char *v = getenv("THIDUA_WEB_TEST_IDLE_MS");
    long long ms = v ? atoll(v) : 0;
    if (ms <= 0)
        return SESSION_IDLE_MS;
    log_warn("web: THIDUA_WEB_TEST_IDLE_MS: sessions expire after %lld ms idle (for tests only)",
             ms);
    return ms;
}

static int run_main(int argc, char **argv)
{
    web_t web = {.static_dir = THIDUA_WEB_STATIC,
                 .bootstrap_css = THIDUA_WEB_BOOTSTRAP,
                 .lock_after = 5,
                 .timezone = ZONE_DEFAULT};
    struct run_opts o = {.listen = "127.0.0.1:8080", .per_ip = PER_IP_DEFAULT};
    if (parse_run(argc, argv, &web, &o) != 0)
        return 2;
    if (sodium_init() < 0)
        return 1;
    cli_i18n_init("vi"); /* refusals in Vietnamese; English pages use the message */
    mkdir(o.state, 0700);
    snprintf(web.accounts_path, sizeof web.accounts_path, "%s/accounts.json", o.state);
    pthread_mutex_init(&web.pwhash_lock, NULL);
    web.sessions = sessions_new(WEB_MAX_SESSIONS, idle_ms(), SESSION_ABSOLUTE_MS);
    web.throttle = throttle_new();
    web.metrics = web_metrics_new();
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    web.broker.stop = &stopping; /* calls waiting on the broker end with the gateway */
    int rc = web.sessions && web.throttle && web.metrics ? serve(&web, &o) : 1;
    web_metrics_destroy(&web.metrics);
    dec_release(); /* the fonts the decision's PDFs loaded, once every thread is done */
    sessions_destroy(&web.sessions);
    throttle_destroy(&web.throttle);
    pthread_mutex_destroy(&web.pwhash_lock);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "run") == 0)
        return run_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "account") == 0) {
        if (sodium_init() < 0)
            return 1;
        return account_main(argc - 1, argv + 1);
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return 2;
}
