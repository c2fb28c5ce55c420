/* thidua: the command line for departments, the office and scripts. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "pbjson.h"

static const char global_help[] =
    "global options (before the command):\n"
    "  -s, --server EP        broker request endpoint ($THIDUA_SERVER, default " THD_DEFAULT_SERVER
    ")\n"
    "  -S, --server-key KEY   broker public key, Z85 or a file such as server.pub "
    "($THIDUA_SERVER_KEY)\n"
    "  -e, --events EP        broker event endpoint ($THIDUA_EVENTS, default: server port + 1)\n"
    "  -k, --key FILE         your secret key file, mode 0600 ($THIDUA_KEY)\n"
    "  -t, --timeout MS       wait per attempt (default 3000); two retries follow\n"
    "  -j, --json             machine output: one JSON object per line\n"
    "  -h, --help             this text; `thidua <noun> --help` for a command\n"
    "\n"
    "exit codes:\n"
    "  0 ok            1 internal error     2 bad command line  3 invalid argument\n"
    "  4 not found     5 permission denied  6 conflict (exists, revision changed)\n"
    "  7 precondition  8 limit reached      9 broker unavailable or timed out\n";

static void print_help(FILE *out)
{
    fprintf(out, "usage: thidua [options] <noun> <verb> [arguments]\n\ncommands:\n");
    for (size_t i = 0; i < cli_n_commands; i++) {
        const struct cli_command *c = &cli_commands[i];
        char head[64];
        snprintf(head, sizeof head, "%s%s%s", c->noun, c->verb ? " " : "", c->verb ? c->verb : "");
        fprintf(out, "  %-20s %s\n", head, c->help);
    }
    fprintf(out, "\n%s", global_help);
}

int cli_usage(const char *noun, const char *verb)
{
    for (size_t i = 0; i < cli_n_commands; i++) {
        const struct cli_command *c = &cli_commands[i];
        if (strcmp(c->noun, noun) == 0 && (!verb || !c->verb || strcmp(c->verb, verb) == 0))
            fprintf(stderr, "usage: thidua %s%s%s %s\n       %s\n", c->noun, c->verb ? " " : "",
                    c->verb ? c->verb : "", c->args, c->help);
    }
    return EXIT_USAGE;
}

int cli_exit_code(int code)
{
    static const int map[] = {
        [0] = EXIT_OK,           [1] = EXIT_FAILURE_,    [2] = EXIT_FAILURE_,
        [3] = EXIT_INVALID,      [4] = EXIT_UNAVAILABLE, [5] = EXIT_NOT_FOUND,
        [6] = EXIT_CONFLICT,     [7] = EXIT_DENIED,      [8] = EXIT_EXHAUSTED,
        [9] = EXIT_PRECONDITION, [10] = EXIT_CONFLICT,   [11] = EXIT_EXHAUSTED,
        [12] = EXIT_FAILURE_,    [13] = EXIT_FAILURE_,   [14] = EXIT_UNAVAILABLE,
        [15] = EXIT_FAILURE_,    [16] = EXIT_DENIED,
    };
    return code >= 0 && code < (int)(sizeof map / sizeof map[0]) ? map[code] : EXIT_FAILURE_;
}

long long cli_number(const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    return *s && !*end && v >= 0 ? v : -1;
}

void cli_format_time(long long ms, char *buf, size_t cap)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, cap, "%d/%m/%Y %H:%M", &tm);
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

static void print_error(const cli_t *cli, const thd_status_t *st)
{
    if (cli->json) {
        json_t *j = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", thd_code_name(st->code),
                              "message", st->message, "field", st->field);
        char *s = json_dumps(j, JSON_COMPACT);
        if (s)
            fprintf(stderr, "%s\n", s);
        free(s);
        json_decref(j);
        return;
    }
    fprintf(stderr, "thidua: %s", st->message);
    if (*st->field)
        fprintf(stderr, " [%s]", st->field);
    fprintf(stderr, " (%s)\n", thd_code_name(st->code));
}

int cli_call(cli_t *cli, Thidua__V1__Request *req, Thidua__V1__Response **resp)
{
    thd_status_t st = {0};
    *resp = NULL;
    if (!cli->client && !(cli->client = thd_client_new(&cli->opts, &st))) {
        print_error(cli, &st);
        return cli_exit_code(st.code);
    }
    int code = thd_call(cli->client, req, resp, &st);
    if (code) {
        print_error(cli, &st);
        if (*resp)
            thidua__v1__response__free_unpacked(*resp, NULL);
        *resp = NULL;
    }
    return cli_exit_code(code);
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
        fprintf(stderr, "thidua: '%s' is not a command; see thidua --help\n", noun);
        return EXIT_USAGE;
    }
    if (verb && strcmp(verb, "--help") != 0 && strcmp(verb, "-h") != 0)
        fprintf(stderr, "thidua: '%s %s' is not a command\n", noun, verb);
    cli_usage(noun, NULL);
    return verb && (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0) ? EXIT_OK : EXIT_USAGE;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"server", required_argument, 0, 's'},  {"server-key", required_argument, 0, 'S'},
        {"events", required_argument, 0, 'e'},  {"key", required_argument, 0, 'k'},
        {"timeout", required_argument, 0, 't'}, {"json", no_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    cli_t cli = {0};
    int c;
    while ((c = getopt_long(argc, argv, "+s:S:e:k:t:jh", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            cli.opts.server = optarg;
            break;
        case 'S':
            cli.opts.server_key = optarg;
            break;
        case 'e':
            cli.opts.events = optarg;
            break;
        case 'k':
            cli.opts.key_file = optarg;
            break;
        case 't':
            cli.opts.timeout_ms = (int)cli_number(optarg);
            break;
        case 'j':
            cli.json = true;
            break;
        case 'h':
            print_help(stdout);
            return EXIT_OK;
        default:
            print_help(stderr);
            return EXIT_USAGE;
        }
    }
    if (cli.opts.timeout_ms < 0) {
        fprintf(stderr, "thidua: --timeout takes milliseconds, e.g. --timeout 5000\n");
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    int rc = run_command(&cli, argc - optind, argv + optind);
    thd_client_destroy(&cli.client);
    return rc;
}
