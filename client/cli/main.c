/* thidua: the command line for departments, the office and scripts. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "pbjson.h"
#include "text.h"
#include "words.h"
#include "zone.h"

/* Split so translators get one option per message. */
static const char *const global_help[] = {
    N_("global options (before or after the command):"),
    N_("  -s, --server EP        broker request endpoint ($THIDUA_SERVER, default "
       "tcp://127.0.0.1:7510)"),
    N_("  -S, --server-key KEY   broker public key, Z85 or a file such as server.pub "
       "($THIDUA_SERVER_KEY)"),
    N_("  -e, --events EP        broker event endpoint ($THIDUA_EVENTS, default: server port + "
       "1)"),
    N_("  -k, --key FILE         your secret key file, mode 0600 ($THIDUA_KEY)"),
    N_("  -t, --timeout MS       wait per attempt (default 3000); two retries follow"),
    N_("  -c, --config FILE      settings file ($THIDUA_CONFIG, default "
       "~/.config/thidua/config.ini)"),
    N_("  -L, --lang vi|en       language of messages (default vi; en when LANG starts with en)"),
    N_("  -j, --json             machine output: one JSON object per line, never translated"),
    N_("  -h, --help             this text; `thidua <noun> --help` for a command"),
    N_("  -V, --version          the program's version"),
};

/* One entry per exit code: --help shows the label, thidua(1) the detail
 * where it says more, both in the user's language. The labels are laid
 * out by cli_table in display columns, never by spaces typed into a
 * translation, which could not line up in every language ("4 không tìm
 * thấy 5 ..."). */
const struct cli_exit_doc cli_exit_docs[] = {
    {EXIT_OK, N_("ok"), NULL},
    {EXIT_FAILURE_, N_("internal error"), NULL},
    {EXIT_USAGE, N_("bad command line"), N_("bad command line (nothing was sent)")},
    {EXIT_INVALID, N_("invalid argument"),
     N_("invalid argument, or an unusable config file or decision template")},
    {EXIT_NOT_FOUND, N_("not found"), NULL},
    {EXIT_DENIED, N_("permission denied"), NULL},
    {EXIT_CONFLICT, N_("conflict (exists, revision changed)"),
     N_("conflict: exists already, or the revision changed")},
    {EXIT_PRECONDITION, N_("precondition not met"), N_("failed precondition")},
    {EXIT_EXHAUSTED, N_("limit reached"), NULL},
    {EXIT_UNAVAILABLE, N_("broker unavailable or timed out"), NULL},
};
const size_t cli_n_exit_docs = sizeof cli_exit_docs / sizeof cli_exit_docs[0];

/* The exit codes in two columns, read down: the first half on the left. */
static void print_exit_codes(FILE *out)
{
    enum { COLUMNS = 2 };
    size_t rows = (cli_n_exit_docs + COLUMNS - 1) / COLUMNS;
    cli_table_t *t = cli_table_new(COLUMNS);
    if (!t)
        return;
    for (size_t r = 0; r < rows; r++) {
        char cell[COLUMNS][128];
        for (size_t c = 0; c < COLUMNS; c++) {
            size_t i = c * rows + r;
            if (i < cli_n_exit_docs)
                snprintf(cell[c], sizeof cell[c], "%s%d %s", c ? "" : "  ", cli_exit_docs[i].code,
                         _(cli_exit_docs[i].label));
            else
                cell[c][0] = '\0';
        }
        cli_table_row(t, cell[0], cell[1]);
    }
    fprintf(out, "%s\n", _("exit codes:"));
    cli_table_print(t, out);
    cli_table_destroy(&t);
}

/* How the CLI's own errors leave is chosen once, in main, before any
 * command runs, like the language and the language of errors (i18n.c,
 * which the export and the decision share): cli_error is called from
 * helpers that hold no cli_t. With --json the first one waits here until
 * the exit code is known, then leaves as one {"error":...} line, the shape
 * of the broker's refusals (cli_print_error), its code the one the exit
 * code stands for. Nothing else in the CLI is mutable process state. */
static struct {
    bool json;
    bool said;       /* an error has been printed already (cli_print_error) */
    thd_status_t st; /* the first error, its message in English */
} own_errors;

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!own_errors.json) {
        fputs("thidua: ", stderr);
        vfprintf(stderr, _(fmt), ap);
        fputc('\n', stderr);
    } else if (!own_errors.st.message[0]) { /* the first says what went wrong */
        vsnprintf(own_errors.st.message, sizeof own_errors.st.message, fmt, ap);
    }
    va_end(ap);
}

const char *cli_what(const char *what)
{
    /* an option is named as spelt, a positional in words of the
     * sentence's language */
    return strncmp(what, "--", 2) == 0 || strcmp(cli_error_lang(), "en") == 0 ? what : _(what);
}

/* The status code each exit code stands for (the inverse of
 * cli_exit_code, taking the first of two). */
static int code_of_exit(int rc)
{
    static const int map[] = {
        [EXIT_OK] = THD_OK,
        [EXIT_FAILURE_] = THD_INTERNAL,
        [EXIT_USAGE] = THD_INVALID_ARGUMENT,
        [EXIT_INVALID] = THD_INVALID_ARGUMENT,
        [EXIT_NOT_FOUND] = THD_NOT_FOUND,
        [EXIT_DENIED] = THD_PERMISSION_DENIED,
        [EXIT_CONFLICT] = THD_ALREADY_EXISTS,
        [EXIT_PRECONDITION] = THD_FAILED_PRECONDITION,
        [EXIT_EXHAUSTED] = THD_RESOURCE_EXHAUSTED,
        [EXIT_UNAVAILABLE] = THD_UNAVAILABLE,
    };
    return rc >= 0 && rc < (int)(sizeof map / sizeof map[0]) ? map[rc] : THD_INTERNAL;
}

/* With --json, a failed run that printed no broker error prints the CLI's
 * own: English, no field, no reason (those name the broker's refusals). */
static void own_error_flush(int rc)
{
    if (!own_errors.json || rc == EXIT_OK || own_errors.said)
        return;
    own_errors.st.code = code_of_exit(rc);
    if (!own_errors.st.message[0])
        snprintf(own_errors.st.message, sizeof own_errors.st.message, "see thidua --help");
    cli_t cli = {.json = true};
    cli_print_error(&cli, &own_errors.st);
}

/* "task list" into buf; its length. */
static int command_head(const struct cli_command *c, char *buf, size_t cap)
{
    return snprintf(buf, cap, "%s%s%s", c->noun, c->verb ? " " : "", c->verb ? c->verb : "");
}

static void print_help(FILE *out)
{
    fprintf(out, "%s\n\n%s\n", _("usage: thidua [options] <noun> <verb> [arguments]"),
            _("commands:"));
    /* the descriptions start in one column, after the longest command
     * ("nominee close-disclosure"): names are ASCII, one byte a column */
    char head[64];
    int width = 0;
    for (size_t i = 0; i < cli_n_commands; i++) {
        int n = command_head(&cli_commands[i], head, sizeof head);
        width = n > width ? n : width;
    }
    for (size_t i = 0; i < cli_n_commands; i++) {
        command_head(&cli_commands[i], head, sizeof head);
        fprintf(out, "  %-*s  %s\n", width, head, _(cli_commands[i].help));
    }
    fputc('\n', out);
    for (size_t i = 0; i < sizeof global_help / sizeof global_help[0]; i++)
        fprintf(out, "%s\n", _(global_help[i]));
    fputc('\n', out);
    print_exit_codes(out);
}

int cli_usage(const char *noun, const char *verb)
{
    cli_usage_print(stderr, noun, verb);
    return EXIT_USAGE;
}

/* Writes text in lines of at most HELP_COLUMNS terminal columns, each
 * after indent, broken at spaces (a word longer than a line stands alone). */
#define HELP_COLUMNS 80
static void print_wrapped(FILE *out, const char *indent, const char *text)
{
    int room = HELP_COLUMNS - (int)strlen(indent), used = 0;
    char word[512];
    fputs(indent, out);
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, " ");
        snprintf(word, sizeof word, "%.*s", (int)n, p);
        int w = text_width(word);
        if (used && used + 1 + w > room) {
            fprintf(out, "\n%s", indent);
            used = 0;
        }
        fprintf(out, "%s%s", used ? " " : "", word);
        used += (used ? 1 : 0) + w;
        p += n + strspn(p + n, " ");
    }
    fputc('\n', out);
}

/* The options whose values are words of an enum, by the noun they go
 * with: --help lists the words each one takes. */
static const struct {
    const char *noun, *option; /* as the English usage line names it */
    const ProtobufCEnumDescriptor *d;
} enum_options[] = {
    {"unit", "--kind", &thidua__v1__unit_kind__descriptor},
    {"principal", "--role", &thidua__v1__role__descriptor},
    {"task", "--kind", &thidua__v1__task_kind__descriptor},
    {"task", "--phase", &thidua__v1__phase__descriptor},
    {"task", "--status", &thidua__v1__task_status__descriptor},
    {"nominee", "--kind", &thidua__v1__nominee_kind__descriptor},
    {"nominee", "--field", &thidua__v1__field__descriptor},
    {"nominee", "--status", &thidua__v1__nominee_status__descriptor},
    {"quota", "FIELD", &thidua__v1__field__descriptor},
    {"quota", "KIND", &thidua__v1__nominee_kind__descriptor},
};

/* An option as the usage line in the language in use names it: --kind as
 * typed; a positional (quota's FIELD) by the word in its place in the
 * translated arguments, whose positionals keep their order, that being
 * the order they are typed in. */
static const char *option_shown(const struct cli_command *c, const char *option, char *buf,
                                size_t cap)
{
    if (option[0] == '-')
        return option;
    char text[CLI_USAGE_MAX];
    const char *en = c->args, *shown = cli_usage_text(c->args, text, sizeof text);
    for (;;) {
        size_t n = cli_usage_word(en), m = cli_usage_word(shown);
        if (n == strlen(option) && strncmp(en, option, n) == 0) {
            snprintf(buf, cap, "%.*s", (int)m, shown);
            return buf;
        }
        if (!en[n] || !shown[m])
            return option;
        en += n + 1;
        shown += m + 1;
    }
}

static void print_choices(FILE *out, const struct cli_command *c)
{
    for (size_t i = 0; i < sizeof enum_options / sizeof enum_options[0]; i++) {
        if (strcmp(enum_options[i].noun, c->noun) != 0 || !strstr(c->args, enum_options[i].option))
            continue;
        words_t *w = words_enum(enum_options[i].d);
        char list[1024], line[1100], name[64];
        if (!w)
            continue;
        words_choices(w, NULL, list, sizeof list);
        words_destroy(&w);
        snprintf(line, sizeof line, "%s: %s",
                 option_shown(c, enum_options[i].option, name, sizeof name), list);
        print_wrapped(out, "       ", line);
    }
}

void cli_usage_print(FILE *out, const char *noun, const char *verb)
{
    if (out == stderr && own_errors.json) /* stderr carries the one JSON error */
        return;
    for (size_t i = 0; i < cli_n_commands; i++) {
        const struct cli_command *c = &cli_commands[i];
        if (strcmp(c->noun, noun) == 0 && (!verb || !c->verb || strcmp(c->verb, verb) == 0)) {
            char text[CLI_USAGE_MAX];
            fprintf(out, "%s thidua %s%s%s%s%s\n", _("usage:"), c->noun, c->verb ? " " : "",
                    c->verb ? c->verb : "", *c->args ? " " : "",
                    cli_usage_text(c->args, text, sizeof text));
            print_wrapped(out, "       ", _(c->help));
            if (out == stdout) /* --help, not a usage error */
                print_choices(out, c);
        }
    }
}

int cli_exit_code(int code)
{
    static const int map[] = {
        [THD_OK] = EXIT_OK,
        [THD_CANCELLED] = EXIT_FAILURE_,
        [THD_UNKNOWN] = EXIT_FAILURE_,
        [THD_INVALID_ARGUMENT] = EXIT_INVALID,
        [THD_DEADLINE_EXCEEDED] = EXIT_UNAVAILABLE,
        [THD_NOT_FOUND] = EXIT_NOT_FOUND,
        [THD_ALREADY_EXISTS] = EXIT_CONFLICT,
        [THD_PERMISSION_DENIED] = EXIT_DENIED,
        [THD_RESOURCE_EXHAUSTED] = EXIT_EXHAUSTED,
        [THD_FAILED_PRECONDITION] = EXIT_PRECONDITION,
        [THD_ABORTED] = EXIT_CONFLICT,
        [THD_OUT_OF_RANGE] = EXIT_EXHAUSTED,
        [THD_UNIMPLEMENTED] = EXIT_FAILURE_,
        [THD_INTERNAL] = EXIT_FAILURE_,
        [THD_UNAVAILABLE] = EXIT_UNAVAILABLE,
        [THD_DATA_LOSS] = EXIT_FAILURE_,
        [THD_UNAUTHENTICATED] = EXIT_DENIED,
    };
    return code >= 0 && code < (int)(sizeof map / sizeof map[0]) ? map[code] : EXIT_FAILURE_;
}

long long cli_number(const char *s)
{
    if (*s < '0' || *s > '9') /* strtoll would take spaces, signs */
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    return !*end && errno == 0 ? v : -1;
}

/* A bound above this is the type's, not one a person works within: saying
 * "from 0 to 9223372036854775807" tells them nothing, so it goes unsaid. */
#define CLI_WHOLE_SAID_MAX 1000000000LL

long long cli_whole(const char *what, const char *text, long long min, long long max)
{
    long long v = cli_number(text);
    if (v >= min && v <= max)
        return v;
    const char *option = cli_what(what);
    if (max <= CLI_WHOLE_SAID_MAX)
        cli_error(N_("%s takes a whole number from %lld to %lld, not '%s'"), option, min, max,
                  text);
    else if (min == 0)
        cli_error(N_("%s takes a whole number that is not negative, not '%s'"), option, text);
    else
        cli_error(N_("%s takes a whole number from %lld up, not '%s'"), option, min, text);
    return -1;
}

int cli_expect_revision(const char *text, uint64_t *out)
{
    long long v = text ? cli_whole("--expect-revision", text, 0, INT64_MAX) : 0;
    if (v < 0)
        return EXIT_USAGE;
    if (text)
        *out = (uint64_t)v;
    return 0;
}

void cli_print_json(const ProtobufCMessage *msg)
{
    json_t *j = pbjson_from_message(msg);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    if (s)
        puts(s);
    free(s);
    json_decref(j);
}

/* Errors from libthidua or the broker: for a person, the reason in the
 * user's language alone (the exit code tells the status; program words
 * such as the field's name or the code's mean nothing to an office); with
 * --json, for a program, everything untranslated: code, field, reason,
 * its parameters and the English message. */
void cli_print_error(const cli_t *cli, const thd_status_t *st)
{
    if (cli->json) {
        own_errors.said = true;
        json_t *params = json_array();
        for (int i = 0; i < st->n_params; i++)
            json_array_append_new(params, json_string(st->params[i]));
        json_t *j = json_pack("{s:{s:s,s:s,s:s,s:s,s:o}}", "error", "code", thd_code_name(st->code),
                              "message", st->message, "field", st->field, "reason", st->reason,
                              "params", params);
        char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
        if (s)
            fprintf(stderr, "%s\n", s);
        free(s);
        json_decref(j);
        return;
    }
    char text[THD_STATUS_TEXT_MAX], line[THD_STATUS_TEXT_MAX + 256];
    const char *hint = cli_hint(st->reason); /* what to type, where the CLI knows it */
    snprintf(line, sizeof line, "%s%s%s", thd_status_text(st, text, sizeof text), hint ? "; " : "",
             hint ? hint : "");
    fprintf(stderr, "thidua: %s\n", line);
}

enum { CLI_WAIT_NOTICE_MS = 700 };

/* On a terminal, a person waiting for a broker that may be down hears
 * within a second what the program is doing. */
static void say_connecting(void *arg, const char *endpoint)
{
    (void)arg;
    fprintf(stderr, _("thidua: connecting to %s …\n"), endpoint);
}

/* Every date a command reads or prints is the province's, as the broker's
 * are, whatever zone the machine runs in: set before the command reads the
 * clock (decision draft's default day is read with its options). A file
 * that cannot be read says so when the command needs it (cli_opts); the
 * zone is then the default one. */
static void set_zone(const cli_t *cli)
{
    thd_status_t st = {0};
    thd_config_t *c = thd_config_new(cli->config_path, NULL, &st);
    zone_set(c ? thd_config_timezone(c) : ZONE_DEFAULT);
    thd_config_destroy(&c);
}

const thd_client_opts_t *cli_opts(cli_t *cli)
{
    thd_status_t st = {0};
    if (cli->config)
        return thd_config_opts(cli->config);
    if (!(cli->config = thd_config_new(cli->config_path, &cli->flags, &st))) {
        cli_print_error(cli, &st);
        return NULL;
    }
    zone_set(thd_config_timezone(cli->config)); /* a --config given after the command */
    return thd_config_opts(cli->config);
}

int cli_call(cli_t *cli, Thidua__V1__Request *req, Thidua__V1__Response **resp)
{
    thd_status_t st = {0};
    *resp = NULL;
    const thd_client_opts_t *opts = cli_opts(cli);
    if (!opts)
        return EXIT_INVALID;
    if (!cli->client && !(cli->client = thd_client_new(opts, &st))) {
        cli_print_error(cli, &st);
        return cli_exit_code(st.code);
    }
    if (!cli->json && isatty(STDERR_FILENO))
        thd_client_on_wait(cli->client, CLI_WAIT_NOTICE_MS, say_connecting, NULL);
    int code = thd_call(cli->client, req, resp, &st);
    if (code) {
        cli_print_error(cli, &st);
        if (*resp)
            thidua__v1__response__free_unpacked(*resp, NULL);
        *resp = NULL;
    }
    return cli_exit_code(code);
}

/* Edit distance with adjacent transpositions ("lsit" is one from "list"),
 * for "did you mean". Words are short (< 32). */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31)
        return 99;
    int d[32][32];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/* The noun (noun NULL) or the verb of noun closest to word, when close
 * enough to be a typo; NULL otherwise. */
static const char *closest(const char *noun, const char *word)
{
    const char *best = NULL;
    int best_d = (int)strlen(word) / 3 + 1;
    if (best_d > 3)
        best_d = 3;
    for (size_t i = 0; i < cli_n_commands; i++) {
        const struct cli_command *c = &cli_commands[i];
        const char *cand = noun ? c->verb : c->noun;
        if (!cand || (noun && strcmp(c->noun, noun) != 0))
            continue;
        int d = distance(word, cand);
        if (d < best_d || (d == best_d && !best)) {
            best_d = d;
            best = cand;
        }
    }
    return best;
}

/* "task takes the verbs create, edit, ...; more in: thidua task --help" */
static void print_verbs(FILE *out, const char *noun)
{
    if (out == stderr && own_errors.json) /* stderr carries the one JSON error */
        return;
    char verbs[512] = "";
    size_t len = 0;
    for (size_t i = 0; i < cli_n_commands && len < sizeof verbs; i++)
        if (cli_commands[i].verb && strcmp(cli_commands[i].noun, noun) == 0)
            len += (size_t)snprintf(verbs + len, sizeof verbs - len, "%s%s", len ? ", " : "",
                                    cli_commands[i].verb);
    fprintf(out, _("%s takes the verbs %s; more in: thidua %s --help\n"), noun, verbs, noun);
}

static bool is_help(const char *a)
{
    return a && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0);
}

static int run_command(cli_t *cli, int argc, char **argv)
{
    const char *noun = argv[0], *verb = argc > 1 ? argv[1] : NULL;
    bool noun_known = false;
    for (size_t i = 0; i < cli_n_commands; i++) {
        const struct cli_command *c = &cli_commands[i];
        if (strcmp(c->noun, noun) != 0)
            continue;
        noun_known = true;
        if (!c->verb)
            return c->fn(cli, argc, argv);
        if (verb && strcmp(c->verb, verb) == 0)
            return c->fn(cli, argc - 1, argv + 1);
    }
    if (!noun_known) {
        const char *near = closest(NULL, noun);
        if (near)
            cli_error(N_("'%s' is not a command; did you mean '%s'? See thidua --help"), noun,
                      near);
        else
            cli_error(N_("'%s' is not a command; see thidua --help"), noun);
        return EXIT_USAGE;
    }
    if (is_help(verb)) {
        cli_usage_print(stdout, noun, NULL);
        return EXIT_OK;
    }
    /* A guess comes with the usage of the command guessed, no guess with
     * the noun's verbs on one line: the usage of every verb (twenty lines
     * for task) would bury the one line that matters. */
    const char *near = verb ? closest(noun, verb) : NULL;
    if (near) {
        cli_error(N_("'%s %s' is not a command; did you mean '%s %s'?"), noun, verb, noun, near);
        return cli_usage(noun, near);
    }
    if (verb)
        cli_error(N_("'%s %s' is not a command"), noun, verb);
    else
        cli_error(N_("'%s' needs a verb"), noun);
    print_verbs(stderr, noun);
    return EXIT_USAGE;
}

/* The global options, in one table: getopt reads them, and those marked
 * anywhere may also follow the noun and verb (as in git or kubectl). --help
 * after a noun is that command's help, so it is not one of them. */
static const struct global {
    struct option opt;
    bool anywhere;
} globals[] = {
    {{"server", required_argument, 0, 's'}, true},
    {{"server-key", required_argument, 0, 'S'}, true},
    {{"events", required_argument, 0, 'e'}, true},
    {{"key", required_argument, 0, 'k'}, true},
    {{"timeout", required_argument, 0, 't'}, true},
    {{"config", required_argument, 0, 'c'}, true},
    {{"lang", required_argument, 0, 'L'}, true},
    {{"json", no_argument, 0, 'j'}, true},
    {{"help", no_argument, 0, 'h'}, false},
    {{"man", no_argument, 0, 'M'}, false},
    {{"version", no_argument, 0, 'V'}, false},
};
#define N_GLOBALS (sizeof globals / sizeof globals[0])

/* The global option arg names ("--lang", "--lang=en", "-L", "-Len"), or
 * NULL; *inline_value says whether its value is in the same word. */
static const struct global *global_of(const char *arg, bool *inline_value)
{
    *inline_value = false;
    for (size_t i = 0; i < N_GLOBALS; i++) {
        const struct option *o = &globals[i].opt;
        size_t n = strlen(o->name);
        bool takes = o->has_arg == required_argument;
        if (arg[0] == '-' && arg[1] == '-' && strncmp(arg + 2, o->name, n) == 0 &&
            (arg[2 + n] == '\0' || (takes && arg[2 + n] == '='))) {
            *inline_value = arg[2 + n] == '=';
            return &globals[i];
        }
        if (arg[0] == '-' && arg[1] == o->val && (arg[2] == '\0' || takes)) {
            *inline_value = arg[2] != '\0';
            return &globals[i];
        }
    }
    return NULL;
}

/* Moves every global option marked anywhere, with its value, in front of
 * the command, keeping the order they were typed in, so getopt reads
 * `thidua task list --json` as `thidua --json task list`. "--" ends the
 * options. Returns the value of the last --lang, or NULL, and sets *json
 * when --json is given: both are read before anything else so that every
 * message, --help's included, is in the language and the form asked for. */
static const char *hoist_globals(int argc, char **argv, bool *json)
{
    char **front = malloc((size_t)argc * sizeof *front), **rest = front ? front + argc : NULL;
    const char *lang = NULL;
    if (!front || !(rest = malloc((size_t)argc * sizeof *rest))) {
        free(front);
        return NULL; /* left as typed: options after the command are then refused */
    }
    int nf = 0, nr = 0, i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        bool inl;
        const struct global *g = global_of(argv[i], &inl);
        if (!g || !g->anywhere) {
            rest[nr++] = argv[i];
            continue;
        }
        front[nf++] = argv[i];
        const char *eq = strchr(argv[i], '=');
        const char *value = !inl ? NULL : argv[i][1] == '-' ? eq + 1 : argv[i] + 2;
        if (!inl && g->opt.has_arg == required_argument && i + 1 < argc)
            value = front[nf++] = argv[++i];
        if (g->opt.val == 'L')
            lang = value;
        *json = *json || g->opt.val == 'j';
    }
    while (i < argc)
        rest[nr++] = argv[i++];
    memcpy(argv + 1, front, (size_t)nf * sizeof *argv);
    memcpy(argv + 1 + nf, rest, (size_t)nr * sizeof *argv);
    free(front);
    free(rest);
    return lang;
}

static int run(cli_t *cli, int argc, char **argv);

int main(int argc, char **argv)
{
    const char *lang = hoist_globals(argc, argv, &own_errors.json);
    if (cli_i18n_init(lang) != 0) {
        cli_i18n_init(NULL);
        cli_error(N_("--lang takes vi or en, not '%s'"), lang);
        own_error_flush(EXIT_USAGE);
        return EXIT_USAGE;
    }
    if (own_errors.json)
        cli_i18n_english_errors();
    cli_t cli = {.json = own_errors.json};
    int rc = run(&cli, argc, argv);
    own_error_flush(rc);
    thd_client_destroy(&cli.client);
    thd_config_destroy(&cli.config);
    return rc;
}

/* The global options, then the command. */
static int run(cli_t *cli, int argc, char **argv)
{
    struct option opts[N_GLOBALS + 1] = {{0}};
    for (size_t i = 0; i < N_GLOBALS; i++)
        opts[i] = globals[i].opt;
    int c;
    long long timeout = 0;
    opterr = !cli->json; /* getopt's own words are not JSON */
    while ((c = getopt_long(argc, argv, "+s:S:e:k:t:c:L:jhV", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            cli->flags.server = optarg;
            break;
        case 'S':
            cli->flags.server_key = optarg;
            break;
        case 'e':
            cli->flags.events = optarg;
            break;
        case 'k':
            cli->flags.key_file = optarg;
            break;
        case 't':
            timeout = cli_number(optarg);
            if (timeout <= 0 || timeout > 3600000) {
                cli_error(N_("--timeout takes milliseconds from 1 to 3600000, e.g. --timeout "
                             "5000"));
                return EXIT_USAGE;
            }
            cli->flags.timeout_ms = (int)timeout;
            break;
        case 'c':
            cli->config_path = optarg;
            break;
        case 'L':
            break; /* read by hoist_globals */
        case 'V':
            printf("thidua %s\n", THIDUA_VERSION);
            return EXIT_OK;
        case 'j':
            cli->json = own_errors.json = true;
            break;
        case 'h':
            print_help(stdout);
            return EXIT_OK;
        case 'M':
            cli_print_man(stdout);
            return EXIT_OK;
        default: /* getopt said what it did not take; the help would bury that */
            if (cli->json)
                cli_error(N_("'%s': an unknown option, or one without its value; the options "
                             "are listed by: thidua --help"),
                          argv[optind - 1]);
            else /* most often a command's option typed before the command */
                cli_error(N_("a command's own options come after it (thidua task report T-31 "
                             "--percent 90); the options of thidua itself are listed by: thidua "
                             "--help"));
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        if (!cli->json)
            print_help(stderr);
        return EXIT_USAGE;
    }
    set_zone(cli);
    return run_command(cli, argc - optind, argv + optind);
}
