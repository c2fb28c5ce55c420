/* thidua-server: init | run | verify. Options, configuration and signals;
 * the work itself is in broker.c, store.c and verify.c. */
#include <errno.h>
#include <getopt.h>
#include <ini.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "broker.h"
#include "dispatch.h"
#include "keys.h"
#include "log.h"
#include "paths.h"
#include "store.h"
#include "thd_limits.h"
#include "verify.h"

#define DEFAULT_DATA     "./var/thidua"
#define DEFAULT_REQUESTS "tcp://*:7510"
#define DEFAULT_EVENTS   "tcp://*:7511"
#define DEFAULT_TIMEZONE "Asia/Ho_Chi_Minh"
#define ZONEINFO_DIR     "/usr/share/zoneinfo"

struct settings {
    char data[PATHS_MAX];
    char requests[256];
    char events[256];
    char log_level[16];
    char keep_log[32];
    char event_hwm[16];
    char timezone[64];
    bool check_config; /* run: print the effective settings and stop */
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static const char usage_text[] =
    "usage: thidua-server <command> [options]\n"
    "\n"
    "commands:\n"
    "  init     create a store, the server key pair and the first admin key pair\n"
    "  run      serve requests and publish events\n"
    "  verify   check the change log's hash chain and the state against the log\n"
    "\n"
    "options (all commands):\n"
    "  -d, --data DIR         data directory (default " DEFAULT_DATA ")\n"
    "  -c, --config FILE      INI file with a [server] section; flags override it\n"
    "  -l, --log-level LEVEL  error, warn, info (default) or debug\n"
    "options (run):\n"
    "  -r, --requests EP      request endpoint (default " DEFAULT_REQUESTS ")\n"
    "  -e, --events EP        event endpoint (default " DEFAULT_EVENTS ")\n"
    "  -K, --keep-log N|Nd    keep the newest N change log entries, or N days (default: all)\n"
    "  -H, --event-hwm N      events queued per subscriber before it misses some (default 10000;\n"
    "                         a subscriber that misses events repairs them from the log)\n"
    "  -C, --check-config     check the settings, print them as an INI file, and stop\n"
    "  -z, --timezone TZ      the province's timezone, for overdue tasks\n"
    "                         (default " DEFAULT_TIMEZONE ")\n"
    "  -h, --help             this text\n"
    "\n"
    "Stop a running broker with SIGTERM or Ctrl-C: it finishes the batch in flight.\n";

static int set_value(struct settings *s, const char *name, const char *value)
{
    struct {
        const char *name;
        char *dst;
        size_t cap;
    } fields[] = {{"data", s->data, sizeof s->data},
                  {"requests", s->requests, sizeof s->requests},
                  {"events", s->events, sizeof s->events},
                  {"log-level", s->log_level, sizeof s->log_level},
                  {"keep-log", s->keep_log, sizeof s->keep_log},
                  {"event-hwm", s->event_hwm, sizeof s->event_hwm},
                  {"timezone", s->timezone, sizeof s->timezone}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(name, fields[i].name) == 0) {
            if (strlen(value) >= fields[i].cap)
                return -1;
            strcpy(fields[i].dst, value);
            return 0;
        }
    return -1;
}

static int ini_entry(void *arg, const char *section, const char *name, const char *value)
{
    if (strcmp(section, "server") != 0)
        return 0;
    return set_value(arg, name, value) == 0;
}

static int load_config(const char *path, struct settings *s)
{
    int line = ini_parse(path, ini_entry, s);
    if (line == -1)
        fprintf(stderr, "thidua-server: cannot open config '%s': %s\n", path, strerror(errno));
    else if (line > 0)
        fprintf(stderr,
                "thidua-server: config '%s' line %d: unknown key or bad value in [server] "
                "(keys: data, requests, events, log-level, keep-log, event-hwm, timezone)\n",
                path, line);
    return line == 0 ? 0 : -1;
}

/* Parses flags after the command; config first, then flags over it. */
static int parse(int argc, char **argv, struct settings *s)
{
    static const struct option opts[] = {{"data", required_argument, 0, 'd'},
                                         {"config", required_argument, 0, 'c'},
                                         {"log-level", required_argument, 0, 'l'},
                                         {"requests", required_argument, 0, 'r'},
                                         {"events", required_argument, 0, 'e'},
                                         {"keep-log", required_argument, 0, 'K'},
                                         {"event-hwm", required_argument, 0, 'H'},
                                         {"timezone", required_argument, 0, 'z'},
                                         {"check-config", no_argument, 0, 'C'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    for (int i = 1; i < argc - 1; i++) /* the config file goes first */
        if (strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "--config") == 0)
            if (load_config(argv[i + 1], s) != 0)
                return 2;
    int c;
    while ((c = getopt_long(argc, argv, "d:c:l:r:e:K:H:z:Ch", opts, NULL)) != -1) {
        const char *names[] = {
            ['d'] = "data",     ['l'] = "log-level", ['r'] = "requests", ['e'] = "events",
            ['K'] = "keep-log", ['H'] = "event-hwm", ['z'] = "timezone"};
        if (c == 'h') {
            fputs(usage_text, stdout);
            exit(0);
        }
        if (c == 'c')
            continue;
        if (c == 'C') {
            s->check_config = true;
            continue;
        }
        if (c == '?' || set_value(s, names[c], optarg) != 0) {
            fputs(usage_text, stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "thidua-server: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    int level = log_parse_level(s->log_level);
    if (level < 0) {
        fprintf(stderr, "thidua-server: log level '%s' is not error, warn, info or debug\n",
                s->log_level);
        return 2;
    }
    log_set_level(level);
    return 0;
}

/* Registers the first admin through the ordinary request path, so it is
 * logged and chained like every later change. */
static int bootstrap_admin(store_t *store, const char *public_key)
{
    struct server_info info = {.version = THIDUA_VERSION};
    dispatch_t *d = dispatch_new(store, &info, NULL, NULL);
    Thidua__V1__Principal system = THIDUA__V1__PRINCIPAL__INIT, admin = THIDUA__V1__PRINCIPAL__INIT;
    system.name = "init";
    system.role = THIDUA__V1__ROLE__ROLE_ADMIN;
    admin.name = "admin";
    admin.public_key = (char *)public_key;
    admin.role = THIDUA__V1__ROLE__ROLE_ADMIN;
    admin.display_name = "Quản trị hệ thống";
    Thidua__V1__PrincipalAdd add = THIDUA__V1__PRINCIPAL_ADD__INIT;
    add.principal = &admin;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = "init-admin";
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_ADD;
    req.principal_add = &add;
    dispatch_out_t out;
    dispatch_execute(d, &system, &req, &out);
    dispatch_destroy(&d);
    Thidua__V1__Response *resp = thidua__v1__response__unpack(NULL, out.reply_len, out.reply);
    int code = resp && resp->status ? (int)resp->status->code : 13;
    if (code)
        fprintf(stderr, "thidua-server: cannot register the admin: %s\n",
                resp && resp->status ? resp->status->message : "bad reply");
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    dispatch_out_clear(&out);
    thd_status_t st = {0};
    if (code == 0 && store_commit(store, &st) != 0) {
        fprintf(stderr, "thidua-server: %s\n", st.message);
        code = st.code;
    }
    return code;
}

static int write_keys(const char *dir, const char *secret_name, const char *public_name,
                      key_pair_t *kp, thd_status_t *st)
{
    char path[PATHS_MAX];
    if (keys_generate(kp, st) != 0)
        return -1;
    paths_join(path, dir, secret_name);
    if (keys_write_secret(path, kp, st) != 0)
        return -1;
    paths_join(path, dir, public_name);
    return keys_write_public(path, kp->public_key, st);
}

/* mkdir -p: the data directory may sit under one that does not exist yet. */
static int make_dirs(const char *dir)
{
    char path[PATHS_MAX];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(path, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int cmd_init(const struct settings *s)
{
    const char *dir = s->data;
    char path[PATHS_MAX];
    const char *files[] = {PATHS_STORE, PATHS_SERVER_KEY, PATHS_SERVER_PUB, PATHS_ADMIN_KEY,
                           PATHS_ADMIN_PUB};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        paths_join(path, dir, files[i]);
        if (access(path, F_OK) == 0) {
            fprintf(stderr, "thidua-server: '%s' already exists; refusing to overwrite a store\n",
                    path);
            return 1;
        }
    }
    if (make_dirs(dir) != 0) {
        fprintf(stderr, "thidua-server: cannot create '%s': %s\n", dir, strerror(errno));
        return 1;
    }
    thd_status_t st = {0};
    key_pair_t server, admin;
    if (write_keys(dir, PATHS_SERVER_KEY, PATHS_SERVER_PUB, &server, &st) != 0 ||
        write_keys(dir, PATHS_ADMIN_KEY, PATHS_ADMIN_PUB, &admin, &st) != 0) {
        fprintf(stderr, "thidua-server: %s\n", st.message);
        return 1;
    }
    paths_join(path, dir, PATHS_STORE);
    store_t *store = store_open(path, true, &st);
    if (!store) {
        fprintf(stderr, "thidua-server: %s\n", st.message);
        return 1;
    }
    int rc = bootstrap_admin(store, admin.public_key);
    store_destroy(&store);
    if (rc)
        return 1;
    printf("created store in %s\n"
           "  server public key: %s/%s\n"
           "  admin key pair:    %s/%s (keep it secret)\n"
           "next: thidua-server run --data %s\n",
           dir, dir, PATHS_SERVER_PUB, dir, PATHS_ADMIN_KEY, dir);
    return 0;
}

/* Dates (a task's overdue) are the province's: TZ is set once, here, before
 * anything reads the clock, and localtime_r follows it. */
static int set_timezone(const char *tz)
{
    char path[PATHS_MAX];
    snprintf(path, sizeof path, "%s/%s", ZONEINFO_DIR, tz);
    if (!*tz || strstr(tz, "..") || access(path, R_OK) != 0) {
        fprintf(stderr,
                "thidua-server: timezone '%s' is not in " ZONEINFO_DIR
                "; give a name like " DEFAULT_TIMEZONE "\n",
                tz);
        return -1;
    }
    setenv("TZ", tz, 1);
    tzset();
    return 0;
}

/* Checks every run setting and fills opts; 0, or 2 with the reason said. */
static int run_options(const struct settings *s, broker_opts_t *opts)
{
    if (set_timezone(s->timezone) != 0)
        return 2;
    *opts = (broker_opts_t){
        .data_dir = s->data, .requests = s->requests, .events = s->events, .timezone = s->timezone};
    char *end = NULL;
    long hwm = *s->event_hwm ? strtol(s->event_hwm, &end, 10) : 0;
    if (*s->event_hwm && (*end || hwm < 1 || hwm > 1000000)) {
        fprintf(stderr, "thidua-server: event-hwm '%s' is not a number from 1 to 1000000\n",
                s->event_hwm);
        return 2;
    }
    opts->event_hwm = (int)hwm;
    if (logkeep_parse(s->keep_log, &opts->keep_log) != 0) {
        fprintf(stderr, "thidua-server: keep-log '%s' is not N (revisions), Nd (days) or all\n",
                s->keep_log);
        return 2;
    }
    return 0;
}

/* run --check-config: the effective settings, as an INI file would set them. */
static int print_settings(const struct settings *s, const broker_opts_t *o)
{
    char path[PATHS_MAX];
    paths_join(path, s->data, PATHS_SERVER_KEY);
    bool keys = access(path, R_OK) == 0;
    paths_join(path, s->data, PATHS_STORE);
    bool store = access(path, F_OK) == 0;
    printf("[server]\ndata = %s\nrequests = %s\nevents = %s\nlog-level = %s\n", s->data,
           s->requests, s->events, s->log_level);
    printf("keep-log = %s\nevent-hwm = %d\ntimezone = %s\n", *s->keep_log ? s->keep_log : "all",
           o->event_hwm ? o->event_hwm : THD_PUB_HWM, s->timezone);
    if (!keys || !store) {
        fprintf(stderr,
                "thidua-server: '%s' holds no %s; make one with: thidua-server init --data %s\n",
                s->data, keys ? "store" : "server key", s->data);
        return 1;
    }
    return 0;
}

static int cmd_run(const struct settings *s)
{
    broker_opts_t opts;
    int rc = run_options(s, &opts);
    if (rc || s->check_config)
        return rc ? rc : print_settings(s, &opts);
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return broker_run(&opts, &stop_flag);
}

static int cmd_verify(const struct settings *s)
{
    char path[PATHS_MAX];
    thd_status_t st = {0};
    paths_join(path, s->data, PATHS_STORE);
    store_t *store = store_open(path, false, &st);
    if (!store) {
        fprintf(stderr, "thidua-server: %s\n", st.message);
        if (st.code == 5)
            fprintf(stderr,
                    "thidua-server: is '%s' a data directory? make one with: "
                    "thidua-server init --data %s\n",
                    s->data, s->data);
        return 2;
    }
    int rc = verify_store(store);
    store_destroy(&store);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(const struct settings *);
    } commands[] = {{"init", cmd_init}, {"run", cmd_run}, {"verify", cmd_verify}};
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    struct settings s = {.data = DEFAULT_DATA,
                         .requests = DEFAULT_REQUESTS,
                         .events = DEFAULT_EVENTS,
                         .log_level = "info",
                         .timezone = DEFAULT_TIMEZONE};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = parse(argc - 1, argv + 1, &s);
            return rc ? rc : commands[i].fn(&s);
        }
    fprintf(stderr, "thidua-server: '%s' is not a command; see thidua-server --help\n", argv[1]);
    return 2;
}
