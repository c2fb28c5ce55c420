/* thidua-monitor: the standing office's live dashboard in the terminal.
 * One loop: the watch works for up to 50 ms, keys are read without
 * waiting, and the screen is redrawn when the view changed, a key came or
 * a second passed. Calls inside the watch wait at most 300 ms, so the
 * screen stays responsive while the broker is down. */
#include <getopt.h>
#include <libintl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "monitor.h"
#include "zone.h"

#define MONITOR_CALL_TIMEOUT_MS 300

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* In the catalog (gettext after the language is known); %s is the
 * default request endpoint. */
static const char usage[] =
    "usage: thidua-monitor [options]\n"
    "  -s, --server EP        broker request endpoint ($THIDUA_SERVER, default %s)\n"
    "  -S, --server-key KEY   broker public key, Z85 or a file ($THIDUA_SERVER_KEY)\n"
    "  -e, --events EP        broker event endpoint ($THIDUA_EVENTS, default: server port + 1)\n"
    "  -k, --key FILE         your secret key file, mode 0600 ($THIDUA_KEY)\n"
    "  -c, --config FILE      settings file ($THIDUA_CONFIG, default\n"
    "                         ~/.config/thidua/config.ini, as thidua config init writes it)\n"
    "  -u, --unit CODE        only records concerning this unit\n"
    "  -p, --plain            print the feed as lines (also when stdout is not a terminal)\n"
    "  -l, --lang vi|en       language of the labels (default vi; LANG=en* gives en)\n"
    "  -h, --help             this text\n"
    "  -V, --version          the program's version\n"
    "keys on screen: Tab, arrows, PgUp/PgDn, Home/End, / filter, u unit, Enter detail,\n"
    "  Ctrl-L redraw, ? help, q quit\n";

static void print_usage(FILE *out)
{
    fprintf(out, gettext(usage), THD_DEFAULT_SERVER);
}

static void on_change(void *arg, const Thidua__V1__Record *rec, const Thidua__V1__Event *ev)
{
    mon_t *m = arg;
    (void)rec;
    m->dirty = true;
    bool paused = mon_feed_paused(m);
    if (ev && feed_add(&m->feed, m->watch, ev) && paused) {
        /* a paused feed holds still: the entries in view keep their place
         * as newer ones arrive above, counted in the title */
        m->sel[PANEL_FEED]++;
        m->top[PANEL_FEED]++;
        m->feed_unseen++;
    }
}

static void on_reset(void *arg)
{
    mon_t *m = arg;
    m->dirty = true;
}

static void on_sync(void *arg, uint64_t revision)
{
    mon_t *m = arg;
    if (m->feed.last < revision)
        m->feed.last = revision;
    m->loaded = true;
    m->synced_at = time(NULL);
    m->redraw = true;
}

static void on_connection(void *arg, bool up)
{
    mon_t *m = arg;
    if (up) {
        m->ever_up = true;
        m->down_since = 0;
    } else {
        m->down_since = clock_mono_ms();
    }
    m->redraw = true;
}

static int run_screen(mon_t *m, const thd_client_opts_t *copts, const char *unit)
{
    thd_watch_callbacks_t cb = {.change = on_change,
                                .reset = on_reset,
                                .sync = on_sync,
                                .connection = on_connection,
                                .arg = m};
    thd_watch_opts_t wo = {.unit = unit};
    thd_status_t st = {0};
    char msg[THD_STATUS_TEXT_MAX];
    m->watch = thd_watch_new(copts, &wo, &cb, &st);
    if (!m->watch) {
        fprintf(stderr, "thidua-monitor: %s\n", thd_status_text(&st, msg, sizeof msg));
        return 1;
    }
    if (screen_open() != 0) {
        fprintf(stderr, "thidua-monitor: cannot open the terminal\n");
        thd_watch_destroy(&m->watch);
        return 1;
    }
    int rc = 0;
    time_t drawn = 0;
    m->started = clock_mono_ms();
    m->dirty = m->redraw = true;
    while (!stop && !m->quit) {
        if (thd_watch_run(m->watch, 50, &st) < 0) {
            rc = 1;
            break;
        }
        if (keys_poll(m, 0))
            m->redraw = true;
        if (m->dirty) {
            model_build(&m->model, m->watch, m->folded, m->unit);
            m->dirty = false;
            m->redraw = true;
        }
        time_t now = time(NULL);
        if (m->redraw || now != drawn) {
            screen_draw(m);
            m->redraw = false;
            drawn = now;
        }
    }
    screen_close();
    if (rc)
        fprintf(stderr, "thidua-monitor: %s\n", thd_status_text(&st, msg, sizeof msg));
    thd_watch_destroy(&m->watch);
    return rc;
}

/* The screen: its state lives as long as the run. */
static int run_dashboard(const thd_client_opts_t *copts, const char *unit)
{
    mon_t *m = calloc(1, sizeof *m);
    if (!m)
        return 1;
    m->server = copts->server ? copts->server : THD_DEFAULT_SERVER; /* flags, env, file merged */
    if (unit)
        snprintf(m->unit, sizeof m->unit, "%s", unit);
    int rc = run_screen(m, copts, unit);
    model_free(&m->model);
    free(m->folded);
    free(m);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"server", required_argument, 0, 's'},
                                         {"server-key", required_argument, 0, 'S'},
                                         {"events", required_argument, 0, 'e'},
                                         {"key", required_argument, 0, 'k'},
                                         {"config", required_argument, 0, 'c'},
                                         {"unit", required_argument, 0, 'u'},
                                         {"plain", no_argument, 0, 'p'},
                                         {"lang", required_argument, 0, 'l'},
                                         {"help", no_argument, 0, 'h'},
                                         {"version", no_argument, 0, 'V'},
                                         {0, 0, 0, 0}};
    thd_client_opts_t flags = {0};
    const char *unit = NULL, *lang = NULL, *config = NULL;
    bool plain = false, help = false, bad = false;
    int c;
    opterr = 0; /* said below, in the chosen language */
    while (!bad && (c = getopt_long(argc, argv, "s:S:e:k:c:u:pl:hV", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            flags.server = optarg;
            break;
        case 'S':
            flags.server_key = optarg;
            break;
        case 'e':
            flags.events = optarg;
            break;
        case 'k':
            flags.key_file = optarg;
            break;
        case 'c':
            config = optarg;
            break;
        case 'u':
            unit = optarg;
            break;
        case 'p':
            plain = true;
            break;
        case 'V':
            printf("thidua-monitor %s\n", THIDUA_VERSION);
            return 0;
        case 'l':
            lang = optarg;
            break;
        case 'h':
            help = true;
            break;
        default:
            bad = true;
        }
    }
    if (mon_i18n_init(lang) != 0) {
        fprintf(stderr, "thidua-monitor: unknown language '%s' (vi, en)\n", lang);
        return 2;
    }
    if (help) {
        print_usage(stdout);
        return 0;
    }
    if (bad || optind < argc) {
        fprintf(stderr, gettext("thidua-monitor: unknown option or argument '%s'\n"),
                argv[optind - (bad && optind > 1)]);
        print_usage(stderr);
        return 2;
    }
    /* the settings as the CLI reads them: flags, then the environment, then
     * the file thidua config init wrote */
    thd_status_t st = {0};
    thd_config_t *cfg = thd_config_new(config, &flags, &st);
    if (!cfg) {
        char msg[512];
        fprintf(stderr, "thidua-monitor: %s\n", thd_status_text(&st, msg, sizeof msg));
        return 2;
    }
    zone_set(thd_config_timezone(cfg)); /* its clock and dates are the province's */
    thd_client_opts_t copts = *thd_config_opts(cfg);
    copts.timeout_ms = MONITOR_CALL_TIMEOUT_MS;
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    copts.stop = &stop; /* a call to a broker that does not answer ends at once */
    int rc = plain || !isatty(STDOUT_FILENO) ? plain_run(&copts, unit, &stop)
                                             : run_dashboard(&copts, unit);
    thd_config_destroy(&cfg);
    return rc;
}
