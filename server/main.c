/* thidua-server: init | run | admin-key | verify | backup | restore | repair | migrate |
 * archive | verify-archive.
 * Options, help and signals; the work itself is in broker.c, maint.c,
 * store.c and verify.c, the settings in config.c. Run by root on a data
 * directory of another user, every command first becomes that user
 * (privdrop.c). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

#include "archive.h"
#include "broker.h"
#include "config.h"
#include "directory.h"
#include "dispatch.h"
#include "keys.h"
#include "log.h"
#include "maint.h"
#include "paths.h"
#include "privdrop.h"
#include "rules.h"
#include "store.h"
#include "text.h"
#include "thd_limits.h"
#include "zone.h"

#define ADMIN_NAME "admin" /* the first admin, made by init */

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

struct command {
    const char *name;
    int (*fn)(const config_t *);
    const char *summary;
    const char *help; /* the command's own options and notes */
    bool zone;        /* reads local dates: the province's timezone is set first */
};

/* verify-archive takes its file as an operand (into target) and works on no
 * data directory, so it runs as its caller. */
static bool takes_file(const struct command *cmd)
{
    return strcmp(cmd->name, "verify-archive") == 0;
}

static const char common_help[] =
    "options:\n"
    "  -d, --data DIR         data directory (default " CONFIG_DEFAULT_DATA ")\n"
    "  -c, --config FILE      INI file with a [server] section; flags override it\n"
    "  -l, --log-level LEVEL  error, warn, info (default) or debug\n"
    "  -h, --help             this text\n";

static const char run_help[] =
    "  -r, --requests EP      request endpoint (default " CONFIG_DEFAULT_REQUESTS ")\n"
    "  -e, --events EP        event endpoint (default " CONFIG_DEFAULT_EVENTS ")\n"
    "  -K, --keep-log N|Nd    keep the newest N change log entries, or N days (default: all)\n"
    "  -E, --event-max-kib N  an event over N KiB goes out thin: its records' type, id and\n"
    "                         units, which a subscriber reads through changes_since (default 16)\n"
    "  -Q, --event-queue-mib N  what the broker may queue for one subscriber, in MiB\n"
    "                         (default 32, 2048 events of 16 KiB); past it a subscriber misses\n"
    "                         events, and repairs them from the log\n"
    "  -H, --event-hwm N      deprecated: events queued per subscriber, in place of the\n"
    "                         number --event-queue-mib makes; large events then cost more\n"
    "  -C, --check-config     check the settings, print them as an INI file, and stop\n"
    "  -z, --timezone TZ      the province's timezone, for overdue tasks\n"
    "                         (default " ZONE_DEFAULT ")\n"
    "  -M, --metrics-dir DIR  write thidua-server.prom there every second, for\n"
    "                         node_exporter's textfile collector (default: none)\n"
    "Stop a running broker with SIGTERM or Ctrl-C: it finishes the batch in flight.\n";

static const char backup_help[] =
    "  -t, --to DIR           the new backup directory (absent or empty)\n"
    "  -i, --into DIR         without --to: kept backups in DIR, one directory per backup\n"
    "                         named by its UTC time (backup-dir in the config)\n"
    "  -k, --keep N           with --into: keep the newest N backups (backup-keep;\n"
    "                         default " CONFIG_DEFAULT_BACKUP_KEEP_TEXT
    " unless --keep-days is given)\n"
    "  -D, --keep-days D      with --into: keep the backups written in the last D days\n"
    "                         (backup-keep-days; by each backup directory's mtime)\n"
    "  -M, --metrics-dir DIR  with --into: the run's result into DIR/thidua-backup.prom\n"
    "With a broker running on DIR the broker copies a snapshot of its store while it\n"
    "keeps serving (run this as the broker's user: the copy is written by the broker);\n"
    "with none, the store is copied directly. The copy holds the store, server.key,\n"
    "server.pub and admin.pub, and is checked like verify before it is reported ok.\n"
    "A kept backup is written as NAME.partial and renamed once it verified; then the\n"
    "older backups are removed unless N or D keeps them: with both, a backup is kept\n"
    "if either keeps it; the newest is never removed. A run that finds another still\n"
    "running skips.\n";

static const char restore_help[] =
    "  -f, --from DIR         a directory made by thidua-server backup\n"
    "      --force            restore over a non-empty data directory, moving its\n"
    "                         contents aside into DIR/replaced-TIME\n"
    "The broker must be stopped. The backup is checked first, the restored store after.\n";

static const char repair_help[] =
    "Rebuilds a damaged store's table index (LevelDB's repair; the broker must be\n"
    "stopped), then runs verify's checks. Data LevelDB cannot read is dropped: when\n"
    "verify then fails, restore the newest backup.\n";

static const char migrate_help[] =
    "Upgrades a store written by an older release to this release's format (the\n"
    "broker must be stopped), then runs verify's checks. From format 3 or 4 it moves\n"
    "every task's and nominee's history into records of their own in synced batches\n"
    "of about 1 MiB (seconds per 500,000 entries); stopped or killed half-way, it\n"
    "resumes where it was when run again, and until then the broker refuses the\n"
    "store. From format 5 it rewrites nothing. Running it again when done does\n"
    "nothing. The revision and the change log are unchanged.\n";

static const char verify_help[] =
    "Checks the change log's hash chain, the records against the log (history records\n"
    "against the history their logged tasks and nominees held, where migrate split\n"
    "it), and the kept record counts, on a stopped store (also one of format 3, 4 or\n"
    "5, before its migrate). Exit status 0 sound, 1 damaged, 2 no store.\n";

static const char admin_key_help[] =
    "For the first admin's secret key lost with no other admin to replace it\n"
    "(thidua principal set-key): writes a new pair as DIR/admin.key and DIR/admin.pub,\n"
    "as init does, and gives the principal 'admin' the new public key through the\n"
    "request path (logged and chained, by 'thidua-server'). The old key is refused\n"
    "from then on. The broker must be stopped; DIR/admin.key must not exist (move\n"
    "the old one away). Move the new admin.key to the admin, as after init.\n";

static const char init_help[] =
    "Creates DIR with a store, the server key pair and the first admin key pair.\n";

static const char archive_help[] =
    "  -t, --to FILE          the archive to write (absent; a .tar)\n"
    "  -T, --title TEXT       the congress's name, atop the workbook's pages and in\n"
    "                         manifest.json (default: Đại hội Thi đua yêu nước)\n"
    "  -z, --timezone TZ      the province's timezone: the workbook's dates and\n"
    "                         overdue tasks (default " ZONE_DEFAULT ")\n"
    "Copies the store like backup (online through a running broker, or offline),\n"
    "then writes one uncompressed POSIX tar: the whole change log with its hash\n"
    "chain (changes.jsonl), every record (records.json), every document's bytes,\n"
    "the final workbook (thidua.xlsx, as thidua export all --format xlsx writes it,\n"
    "in Vietnamese), README.txt, verify.py and SHA256SUMS. It is written as\n"
    "FILE.partial, checked like verify-archive, then renamed to FILE.\n";

static const char verify_archive_help[] =
    "Checks an archive made by archive: every file against SHA256SUMS, the change\n"
    "log's hash chain, every document against its record, the workbook against the\n"
    "size and SHA-256 manifest.json gives. Needs no data directory.\n"
    "Exit status 0 sound, 1 damaged, 2 unreadable.\n";

static int cmd_init(const config_t *s);
static int cmd_run(const config_t *s);
static int cmd_admin_key(const config_t *s);

static const struct command commands[] = {
    {.name = "init",
     .fn = cmd_init,
     .summary = "create a store, the server key pair and the first admin key pair",
     .help = init_help},
    {.name = "run",
     .fn = cmd_run,
     .summary = "serve requests and publish events",
     .help = run_help,
     .zone = true},
    {.name = "admin-key",
     .fn = cmd_admin_key,
     .summary = "a new key pair for the first admin, whose key was lost",
     .help = admin_key_help},
    {.name = "verify",
     .fn = maint_verify,
     .summary = "check the change log's hash chain and the state against the log",
     .help = verify_help},
    {.name = "backup",
     .fn = maint_backup,
     .summary = "copy the store and server keys, online or offline, and check it",
     .help = backup_help},
    {.name = "restore",
     .fn = maint_restore,
     .summary = "bring a backup back into a data directory",
     .help = restore_help},
    {.name = "repair",
     .fn = maint_repair,
     .summary = "rebuild a damaged store's index, then verify",
     .help = repair_help},
    {.name = "migrate",
     .fn = maint_migrate,
     .summary = "upgrade a store written by an older release",
     .help = migrate_help},
    {.name = "archive",
     .fn = archive_write,
     .summary = "write the congress's records as one checked, self-contained tar",
     .help = archive_help,
     .zone = true},
    {.name = "verify-archive",
     .fn = archive_verify,
     .summary = "check an archive made by archive (FILE)",
     .help = verify_archive_help},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fputs("usage: thidua-server <command> [options]\n\ncommands:\n", out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
    fputs("\n", out);
    fputs(common_help, out);
    fputs("See thidua-server <command> --help for a command's own options;\n"
          "thidua-server --version prints the version.\n",
          out);
}

static void command_usage(const struct command *cmd, FILE *out)
{
    fprintf(out, "usage: thidua-server %s [options]\n%s\n", cmd->name, cmd->summary);
    fputs(common_help, out);
    fputs(cmd->help, out);
}

/* Sets a flag's value; a bad one is said and ends the command. */
/* Sets the config key a flag stands for. A refusal names the flag that was
 * typed (--keep-days), not the key of the file (backup-keep-days). */
static int set_flag(config_t *s, const char *flag, const char *key, const char *value)
{
    char err[400];
    if (config_set(s, key, value, err, sizeof err) == 0)
        return 0;
    size_t n = strlen(key);
    if (strncmp(err, key, n) == 0 && err[n] == ' ')
        fprintf(stderr, "thidua-server: --%s%s\n", flag, err + n);
    else
        fprintf(stderr, "thidua-server: --%s: %s\n", flag, err);
    return 2;
}

static int load_config(const char *path, config_t *s)
{
    char err[400];
    int line = config_read_file(s, path, err, sizeof err);
    if (line < 0)
        fprintf(stderr, "thidua-server: config '%s': %s\n", path, err);
    else if (line > 0)
        fprintf(stderr, "thidua-server: config '%s' line %d: %s\n", path, line, err);
    return line == 0 ? 0 : -1;
}

static int set_target(config_t *s, const char *value)
{
    if (strlen(value) >= sizeof s->target || !*value) {
        fprintf(stderr, "thidua-server: directory '%s' is empty or too long\n", value);
        return 2;
    }
    strcpy(s->target, value);
    return 0;
}

/* archive --title: one line of UTF-8 text that fits. */
static int set_title(config_t *s, const char *value)
{
    size_t len = strlen(value);
    if (!*value || len >= sizeof s->title || !text_valid_utf8(value, len) ||
        text_has_control(value, false)) {
        fprintf(stderr, "thidua-server: --title must be one line of UTF-8 text of 1 to %zu bytes\n",
                sizeof s->title - 1);
        return 2;
    }
    strcpy(s->title, value);
    return 0;
}

/* Parses flags after the command; config first, then flags over it. */
enum { OPT_FORCE = 1000 };

/* Every flag once: its long and short names, whether it takes a value and
 * the configuration key it sets (NULL: parse handles it). */
static const struct flag {
    const char *name;
    int letter;
    bool value;
    const char *key;
} flags[] = {
    {"data", 'd', true, "data"},
    {"config", 'c', true, NULL},
    {"log-level", 'l', true, "log-level"},
    {"requests", 'r', true, "requests"},
    {"events", 'e', true, "events"},
    {"keep-log", 'K', true, "keep-log"},
    {"event-hwm", 'H', true, "event-hwm"},
    {"event-max-kib", 'E', true, "event-max-kib"},
    {"event-queue-mib", 'Q', true, "event-queue-mib"},
    {"timezone", 'z', true, "timezone"},
    {"check-config", 'C', false, NULL},
    {"to", 't', true, NULL},
    {"from", 'f', true, NULL},
    {"force", OPT_FORCE, false, NULL},
    {"into", 'i', true, "backup-dir"},
    {"keep", 'k', true, "backup-keep"},
    {"keep-days", 'D', true, "backup-keep-days"},
    {"title", 'T', true, NULL},
    {"metrics-dir", 'M', true, "metrics-dir"},
    {"help", 'h', false, NULL},
};
#define N_FLAGS (sizeof flags / sizeof flags[0])

/* getopt_long's two forms of the table above. */
static void getopt_tables(struct option opts[N_FLAGS + 1], char *letters, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < N_FLAGS; i++) {
        opts[i] = (struct option){flags[i].name, flags[i].value ? required_argument : no_argument,
                                  0, flags[i].letter};
        if (flags[i].letter < 256 && n + 3 < cap) {
            letters[n++] = (char)flags[i].letter;
            if (flags[i].value)
                letters[n++] = ':';
        }
    }
    opts[N_FLAGS] = (struct option){0, 0, 0, 0};
    letters[n] = '\0';
}

static const struct flag *flag_of(int letter)
{
    for (size_t i = 0; i < N_FLAGS; i++)
        if (flags[i].letter == letter)
            return &flags[i];
    return NULL;
}

static int parse(const struct command *cmd, int argc, char **argv, config_t *s)
{
    struct option opts[N_FLAGS + 1];
    char letters[2 * N_FLAGS + 1];
    getopt_tables(opts, letters, sizeof letters);
    for (int i = 1; i < argc - 1; i++) /* the config file goes first */
        if (strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "--config") == 0)
            if (load_config(argv[i + 1], s) != 0)
                return 2;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, letters, opts, NULL)) != -1) {
        if (c == 'h') {
            command_usage(cmd, stdout);
            exit(0);
        } else if (c == 'C') {
            s->check_config = true;
        } else if (c == OPT_FORCE) {
            s->force = true;
        } else if (c == 't' || c == 'f') {
            rc = set_target(s, optarg);
        } else if (c == 'T') {
            rc = set_title(s, optarg);
        } else if (c == '?') {
            command_usage(cmd, stderr);
            rc = 2;
        } else if (flag_of(c) && flag_of(c)->key) {
            rc = set_flag(s, flag_of(c)->name, flag_of(c)->key, optarg);
        }
    }
    if (rc == 0 && optind < argc && takes_file(cmd) && !*s->target)
        rc = set_target(s, argv[optind++]);
    if (rc == 0 && optind < argc) {
        fprintf(stderr, "thidua-server: unexpected argument '%s'\n", argv[optind]);
        rc = 2;
    }
    if (rc == 0)
        log_set_level(s->level);
    return rc;
}
/* Runs req on store as the system principal as (role admin) through the
 * ordinary request path, so it is logged and chained like every change a
 * person makes, and commits it. 0, or the status code after saying why. */
static int run_as_system(store_t *store, const char *as, const Thidua__V1__Request *req)
{
    struct server_info info = {.version = THIDUA_VERSION};
    dispatch_t *d = dispatch_new(store, &info);
    if (!d)
        return THD_INTERNAL;
    Thidua__V1__Principal system = THIDUA__V1__PRINCIPAL__INIT;
    system.name = (char *)as;
    system.role = THIDUA__V1__ROLE__ROLE_ADMIN;
    dispatch_out_t out;
    dispatch_execute(d, &system, req, &out);
    dispatch_destroy(&d);
    Thidua__V1__Response *resp = thidua__v1__response__unpack(NULL, out.reply_len, out.reply);
    int code = resp && resp->status ? (int)resp->status->code : THD_INTERNAL;
    if (code)
        fprintf(stderr, "thidua-server: %s\n",
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

/* Registers the first admin. */
static int bootstrap_admin(store_t *store, const char *public_key)
{
    Thidua__V1__Principal admin = THIDUA__V1__PRINCIPAL__INIT;
    admin.name = ADMIN_NAME;
    admin.public_key = (char *)public_key;
    admin.role = THIDUA__V1__ROLE__ROLE_ADMIN;
    admin.display_name = "Quản trị hệ thống";
    Thidua__V1__PrincipalAdd add = THIDUA__V1__PRINCIPAL_ADD__INIT;
    add.principal = &admin;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = "init-admin";
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_ADD;
    req.principal_add = &add;
    return run_as_system(store, "init", &req);
}

static int write_keys(const char *dir, const char *secret_name, const char *public_name,
                      key_pair_t *kp, thd_status_t *st)
{
    char secret[PATHS_MAX], public[PATHS_MAX];
    if (keys_generate(kp, st) != 0)
        return -1;
    paths_join(secret, dir, secret_name);
    paths_join(public, dir, public_name);
    return keys_write_pair(secret, public, kp, st);
}

static int cmd_init(const config_t *s)
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
    if (maint_make_dirs(dir) != 0) {
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
           "next: thidua-server run --data %s (with the package: sudo systemctl start "
           "thidua-server)\n",
           dir, dir, PATHS_SERVER_PUB, dir, PATHS_ADMIN_KEY, dir);
    return 0;
}

/* principal.set_key of the first admin, as "thidua-server"; its request id
 * is random, so a second run in the same second is another request. */
static int set_admin_key(store_t *store, const char *public_key)
{
    unsigned char rnd[8];
    char hex[2 * sizeof rnd + 1], request_id[48];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
    snprintf(request_id, sizeof request_id, "admin-key-%s", hex);
    Thidua__V1__PrincipalSetKey set = THIDUA__V1__PRINCIPAL_SET_KEY__INIT;
    set.name = ADMIN_NAME;
    set.public_key = (char *)public_key;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = request_id;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_SET_KEY;
    req.principal_set_key = &set;
    return run_as_system(store, "thidua-server", &req);
}

/* Whether another admin has disabled the first: its new key waits for them. */
static bool admin_disabled(store_t *store)
{
    Thidua__V1__Principal *admin = NULL;
    bool disabled = directory_principal_by_name(store, ADMIN_NAME, &admin) == 1 && admin->disabled;
    if (admin)
        thidua__v1__principal__free_unpacked(admin, NULL);
    return disabled;
}

/* The first admin's secret key lost, and no other admin to give it a new
 * one: a new pair written where init writes it, registered through the
 * request path by "thidua-server" (logged and chained), so the old key is
 * refused from then on. The broker must be stopped (the store's lock). */
static int cmd_admin_key(const config_t *s)
{
    char secret[PATHS_MAX], public[PATHS_MAX], fresh[PATHS_MAX + 8], path[PATHS_MAX];
    paths_join(secret, s->data, PATHS_ADMIN_KEY);
    paths_join(public, s->data, PATHS_ADMIN_PUB);
    /* the old admin.pub stays until it is done; a .new left by a run
     * stopped before its change goes */
    snprintf(fresh, sizeof fresh, "%s.new", public);
    unlink(fresh);
    if (access(secret, F_OK) == 0) {
        fprintf(stderr,
                "thidua-server: '%s' exists; it is the admin's key, not the server's: "
                "move it away first (or use it: nothing needs replacing)\n",
                secret);
        return 1;
    }
    thd_status_t st = {0};
    paths_join(path, s->data, PATHS_STORE);
    store_t *store = store_open(path, false, &st);
    if (!store) {
        fprintf(stderr, "thidua-server: %s\n", st.message);
        return 1;
    }
    key_pair_t kp;
    int rc = keys_generate(&kp, &st);
    /* the key goes to the store only once its files are written */
    if (rc == 0)
        rc = keys_write_pair(secret, fresh, &kp, &st);
    if (rc != 0) {
        fprintf(stderr, "thidua-server: %s\n", st.message);
    } else if ((rc = set_admin_key(store, kp.public_key)) != 0) {
        unlink(secret);
        unlink(fresh);
    } else if (rename(fresh, public) != 0) { /* the change is made: only the copy is stale */
        fprintf(stderr,
                "thidua-server: the admin has the new key, but '%s' could not replace '%s' "
                "(%s): the new public key is in '%s'\n",
                fresh, public, strerror(errno), fresh);
        rc = 1;
    }
    sodium_memzero(&kp, sizeof kp);
    bool locked = rc == 0 && admin_disabled(store);
    store_destroy(&store);
    if (rc)
        return 1;
    if (locked) /* another admin disabled it: the new key waits for them too */
        fprintf(stderr,
                "thidua-server: warning: the admin '%s' is disabled: the new key is "
                "refused until another admin enables it (thidua principal enable %s)\n",
                ADMIN_NAME, ADMIN_NAME);
    printf("the admin '%s' has a new key pair: %s (keep it secret) and %s;\n"
           "the old key is refused from now on. Move %s to the admin, as after init.\n",
           ADMIN_NAME, secret, public, secret);
    return 0;
}

/* Dates (a task's overdue) are the province's: TZ is set once, here, before
 * anything reads the clock, and localtime_r follows it. */
static int set_timezone(const char *tz)
{
    if (zone_set(tz) == 0)
        return 0;
    fprintf(stderr,
            "thidua-server: timezone '%s' is not in " ZONE_DIR "; give a name like " ZONE_DEFAULT
            "\n",
            tz);
    return -1;
}

/* Tests only: THIDUA_TEST_TODAY=YYYY-MM-DD fixes the day the congress's
 * date rules see (overdue, the disclosure window), so a test can cross a
 * weekend without waiting for one. Never set it in production: the log
 * says so loudly at start. */
static const char *test_today(void)
{
    const char *v = getenv("THIDUA_TEST_TODAY");
    if (!v || !*v)
        return NULL;
    if (!thd_date_valid(v)) {
        log_error("THIDUA_TEST_TODAY '%s' is not a date YYYY-MM-DD; ignored", v);
        return NULL;
    }
    log_warn("THIDUA_TEST_TODAY is set: today is %s for every date rule (tests only)", v);
    return v;
}

/* The queue must hold a few of the largest events, and heartbeats: the
 * two settings are checked together, once both are read. */
static int check_event_queue(const config_t *s)
{
    if (s->hwm) {
        log_warn("event-hwm is deprecated: a subscriber's queue then holds %d events of up to "
                 "%zu KiB each; set event-queue-mib instead",
                 s->hwm, config_event_max_bytes(s) / 1024);
        return 0;
    }
    if (config_event_hwm(s) >= THD_PUB_HWM_MIN)
        return 0;
    fprintf(stderr,
            "thidua-server: event-queue-mib %d holds only %d events of event-max-kib %zu; "
            "give a queue of at least %d such events\n",
            s->queue_mib ? s->queue_mib : THD_EVENT_QUEUE_MIB, config_event_hwm(s),
            config_event_max_bytes(s) / 1024, THD_PUB_HWM_MIN);
    return -1;
}

/* Checks the run settings the command table does not (the timezone is
 * set) and fills opts; 0, or 2 with the reason said. */
static int run_options(const config_t *s, broker_opts_t *opts)
{
    if (check_event_queue(s) != 0)
        return 2;
    *opts = (broker_opts_t){.data_dir = s->data,
                            .requests = s->requests,
                            .events = s->events,
                            .timezone = s->timezone,
                            .test_today = test_today(),
                            .event_hwm = config_event_hwm(s),
                            .event_max_bytes = config_event_max_bytes(s),
                            .keep_log = s->keep,
                            .metrics_dir = s->metrics_dir};
    return 0;
}

/* run --check-config: the effective settings, as an INI file would set them. */
static int print_settings(const config_t *s, const broker_opts_t *o)
{
    char path[PATHS_MAX];
    paths_join(path, s->data, PATHS_SERVER_KEY);
    bool keys = access(path, R_OK) == 0;
    paths_join(path, s->data, PATHS_STORE);
    bool store = access(path, F_OK) == 0;
    printf("[server]\ndata = %s\nrequests = %s\nevents = %s\nlog-level = %s\n", s->data,
           s->requests, s->events, s->log_level);
    printf("keep-log = %s\nevent-max-kib = %zu\nevent-queue-mib = %d\n",
           *s->keep_log ? s->keep_log : "all", o->event_max_bytes / 1024,
           s->queue_mib ? s->queue_mib : THD_EVENT_QUEUE_MIB);
    printf("%sevent-hwm = %d\ntimezone = %s\n",
           s->hwm ? "" : "; made from the two above: ", o->event_hwm, s->timezone);
    if (*s->backup_dir)
        printf("backup-dir = %s\n", s->backup_dir);
    if (config_backup_keep(s))
        printf("backup-keep = %d\n", config_backup_keep(s));
    if (s->keep_days)
        printf("backup-keep-days = %d\n", s->keep_days);
    if (*s->metrics_dir)
        printf("metrics-dir = %s\n", s->metrics_dir);
    if (!keys || !store) {
        fprintf(stderr,
                "thidua-server: '%s' holds no %s; make one with: thidua-server init --data %s\n",
                s->data, keys ? "store" : "server key", s->data);
        return 1;
    }
    return 0;
}

static int cmd_run(const config_t *s)
{
    broker_opts_t opts;
    if (run_options(s, &opts) != 0)
        return 2;
    if (s->check_config)
        return print_settings(s, &opts);
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return broker_run(&opts, &stop_flag);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("thidua-server %s\n", THIDUA_VERSION);
        return 0;
    }
    config_t s;
    config_defaults(&s);
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = parse(&commands[i], argc - 1, argv + 1, &s);
            if (rc == 0 && !takes_file(&commands[i]) &&
                privdrop_to_owner(s.data, "thidua-server") != 0)
                rc = 1;
            if (rc == 0 && commands[i].zone && set_timezone(s.timezone) != 0)
                rc = 2;
            return rc ? rc : commands[i].fn(&s);
        }
    fprintf(stderr, "thidua-server: '%s' is not a command; see thidua-server --help\n", argv[1]);
    return 2;
}
