/* thidua import units|tasks|nominees FILE: the whole file is read and
 * checked here first (csvin.c), then sent as one import request, which the
 * broker applies entirely or not at all. */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "csvin.h"
#include "file_read.h"
#include "thd_limits.h"

#define N(a)        ((int)(sizeof(a) / sizeof((a)[0])))
#define SHOWN       20 /* errors printed for people; --json lists all kept */
#define READ_CHUNK  (64 * 1024)
#define PROGRESS_AT (1024 * 1024) /* bytes between progress lines */

/* One error as both sources give it; the column as the file's header
 * names it (csvin_column_shown), whichever side found the fault. */
struct bad_row {
    unsigned line;
    const char *column, *reason;
};

/* Progress on stderr only when it is a terminal: one line, rewritten. */
static void progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void progress(const char *fmt, ...)
{
    if (!isatty(STDERR_FILENO))
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("\r\033[K", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
}

static void progress_done(void)
{
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
}

/* Reads the file through the checker; -1 with errno when it cannot be read. */
static int read_file(const char *path, csvin_t *in)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : file_open_regular(path);
    if (!f)
        return -1;
    char *buf = malloc(READ_CHUNK);
    size_t n, total = 0, next = PROGRESS_AT;
    int rc = buf ? 0 : -1;
    while (rc == 0 && (n = fread(buf, 1, READ_CHUNK, f)) > 0) {
        total += n;
        if (total >= next) {
            progress(_("reading %s: %zu MiB, %zu rows"), path, total >> 20, csvin_row_count(in));
            next += PROGRESS_AT;
        }
        if (csvin_feed(in, buf, n) != 0)
            break; /* the reason is among the errors */
    }
    if (rc == 0 && ferror(f))
        rc = -1;
    int saved = errno;
    if (rc == 0)
        csvin_finish(in);
    free(buf);
    if (f != stdin)
        fclose(f);
    errno = saved;
    return rc;
}

static void print_bad_rows(const char *path, const struct bad_row *rows, size_t kept, size_t total)
{
    for (size_t i = 0; i < kept && i < SHOWN; i++) {
        if (*rows[i].column)
            fprintf(stderr, _("%s:%u: column %s: %s\n"), path, rows[i].line, rows[i].column,
                    rows[i].reason);
        else
            fprintf(stderr, _("%s:%u: %s\n"), path, rows[i].line, rows[i].reason);
    }
    if (total > SHOWN)
        fprintf(stderr, _("... and %zu more errors (--json lists up to %d)\n"), total - SHOWN,
                CSVIN_KEPT_ERRORS);
}

/* --json: {"created":..,"updated":..,"unchanged":..,"dry_run":..,
 * "error_count":..,"errors":[{"line","column","reason"}],"ids":[..]} */
static void print_json(const Thidua__V1__ImportReply *r, bool dry_run, const struct bad_row *bad,
                       size_t kept, size_t total)
{
    json_t *errs = json_array(), *ids = json_array();
    for (size_t i = 0; i < kept; i++)
        json_array_append_new(errs, json_pack("{s:i,s:s,s:s}", "line", (json_int_t)bad[i].line,
                                              "column", bad[i].column, "reason", bad[i].reason));
    for (size_t i = 0; r && i < r->n_ids; i++)
        json_array_append_new(ids, json_string(r->ids[i]));
    json_t *j = json_pack(
        "{s:i,s:i,s:i,s:b,s:i,s:o,s:o}", "created", (json_int_t)(r ? r->created : 0), "updated",
        (json_int_t)(r ? r->updated : 0), "unchanged", (json_int_t)(r ? r->unchanged : 0),
        "dry_run", dry_run, "error_count", (json_int_t)total, "errors", errs, "ids", ids);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    if (s)
        puts(s);
    free(s);
    json_decref(j);
}

static int by_line(const void *a, const void *b)
{
    unsigned x = ((const struct bad_row *)a)->line, y = ((const struct bad_row *)b)->line;
    return (x > y) - (x < y);
}

/* The errors of the file itself, and those the broker finds in the rows
 * that passed (more: a dry run of them, or NULL), by line: one pass over
 * the file shows every fault either side can name. Nothing is imported. */
static int report_file_errors(cli_t *cli, const char *path, const csvin_t *in, bool dry_run,
                              const Thidua__V1__ImportReply *more)
{
    const csvin_error_t *errs;
    size_t kept = csvin_errors(in, &errs), total = csvin_error_count(in);
    size_t m = more ? more->n_errors : 0;
    struct bad_row *bad = calloc(kept + m ? kept + m : 1, sizeof *bad);
    char(*text)[THD_STATUS_TEXT_MAX] = calloc(m ? m : 1, sizeof *text);
    if (!bad || !text) {
        free(bad);
        free(text);
        return EXIT_FAILURE_;
    }
    for (size_t i = 0; i < kept; i++)
        bad[i] = (struct bad_row){errs[i].line, errs[i].column, errs[i].reason};
    for (size_t i = 0; i < m; i++) {
        const Thidua__V1__ImportError *e = more->errors[i];
        thd_status_t row;
        thd_status_of_import_error(e, &row);
        bad[kept + i] =
            (struct bad_row){e->line, csvin_column_shown(in, e->column),
                             cli->json ? e->reason /* the broker's English */
                                       : thd_status_text(&row, text[i], sizeof text[i])};
    }
    qsort(bad, kept + m, sizeof *bad, by_line);
    if (cli->json)
        print_json(NULL, dry_run, bad, kept + m, total + m);
    print_bad_rows(path, bad, kept + m, total + m);
    fprintf(stderr, _("thidua: %s: nothing was imported, nothing changed (errors: %zu)\n"), path,
            total + m);
    free(text);
    free(bad);
    return EXIT_INVALID;
}

static int report_reply(cli_t *cli, const char *path, const csvin_t *in,
                        const Thidua__V1__ImportReply *r, const thd_status_t *st, int code,
                        bool dry_run)
{
    size_t n = r ? r->n_errors : 0;
    struct bad_row *bad = calloc(n ? n : 1, sizeof *bad);
    if (!bad)
        return EXIT_FAILURE_;
    for (size_t i = 0; i < n; i++)
        bad[i] = (struct bad_row){r->errors[i]->line, csvin_column_shown(in, r->errors[i]->column),
                                  r->errors[i]->reason};
    if (cli->json && (r || code == 0))
        print_json(r, dry_run, bad, n, n); /* --json: the broker's English, with its reason id */
    if (code) {
        /* people read each row's reason in their language */
        char(*text)[THD_STATUS_TEXT_MAX] = calloc(n < SHOWN ? n + 1 : SHOWN, sizeof *text);
        for (size_t i = 0; text && i < n && i < SHOWN; i++) {
            thd_status_t row;
            thd_status_of_import_error(r->errors[i], &row);
            bad[i].reason = thd_status_text(&row, text[i], sizeof text[i]);
        }
        print_bad_rows(path, bad, n, n);
        thd_status_t sum = *st; /* its last parameter is the first row's reason, in English */
        if (text && n && strcmp(sum.reason, "import.rows_refused") == 0 && sum.n_params == 4)
            snprintf(sum.params[3], sizeof sum.params[3], "%s", bad[0].reason);
        free(text);
        cli_print_error(cli, &sum);
    } else if (!cli->json && dry_run) {
        printf(_("%s: checked, nothing written: would create %u, update %u; %u unchanged\n"), path,
               r->created, r->updated, r->unchanged);
    } else if (!cli->json) {
        printf(_("%s: %u created, %u updated, %u unchanged\n"), path, r->created, r->updated,
               r->unchanged);
    }
    free(bad);
    return cli_exit_code(code);
}

/* The import request for rows, over the caller's body. */
static void import_request(Thidua__V1__Request *req, Thidua__V1__ImportRequest *body,
                           Thidua__V1__ImportRow *const *rows, size_t n, bool dry_run)
{
    thidua__v1__import_request__init(body);
    body->rows = (Thidua__V1__ImportRow **)rows;
    body->n_rows = n;
    body->dry_run = dry_run;
    thidua__v1__request__init(req);
    req->body_case = THIDUA__V1__REQUEST__BODY_IMPORT;
    req->import = body;
}

static const Thidua__V1__ImportReply *import_reply(const Thidua__V1__Response *resp)
{
    return resp && resp->body_case == THIDUA__V1__RESPONSE__BODY_IMPORT ? resp->import : NULL;
}

static int send_rows(cli_t *cli, const char *path, const csvin_t *in,
                     Thidua__V1__ImportRow *const *rows, size_t n, bool dry_run)
{
    Thidua__V1__ImportRequest body;
    Thidua__V1__Request req;
    import_request(&req, &body, rows, n, dry_run);
    size_t size = thidua__v1__request__get_packed_size(&req);
    if (size > THD_MAX_MSG_BYTES - 1024) {
        fprintf(stderr,
                _("thidua: %s: %zu rows make %zu MiB; one import carries at most %d MiB; "
                  "split the file\n"),
                path, n, size >> 20, THD_MAX_MSG_BYTES >> 20);
        return EXIT_INVALID;
    }
    const thd_client_opts_t *opts = cli_opts(cli);
    if (!opts)
        return EXIT_INVALID;
    thd_status_t st = {0};
    if (!cli->client && !(cli->client = thd_client_new(opts, &st))) {
        cli_print_error(cli, &st);
        return cli_exit_code(st.code);
    }
    progress(_("sending %zu rows of %s..."), n, path);
    Thidua__V1__Response *resp = NULL;
    int code = thd_call(cli->client, &req, &resp, &st);
    progress_done();
    const Thidua__V1__ImportReply *r = import_reply(resp);
    if (code == 0 && !r)
        code = THD_INTERNAL; /* a broker that answers otherwise is not ours */
    int rc = report_reply(cli, path, in, r, &st, code, dry_run);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

/* The file's own errors, with what the broker says of the rows that
 * passed when it can be asked at once: a dry run, one attempt, nothing
 * said when there is no broker or no settings (the file's errors alone
 * then, as before one could ask). */
static int report_all_errors(cli_t *cli, const char *path, const csvin_t *in,
                             Thidua__V1__ImportRow *const *rows, size_t n, bool dry_run)
{
    Thidua__V1__ImportRequest body;
    Thidua__V1__Request req;
    import_request(&req, &body, rows, n, true);
    Thidua__V1__Response *resp = NULL;
    thd_status_t st = {0};
    if (!cli->config)
        cli->config = thd_config_new(cli->config_path, &cli->flags, &st);
    if (cli->config && n && n <= THD_MAX_IMPORT_ROWS &&
        thidua__v1__request__get_packed_size(&req) <= THD_MAX_MSG_BYTES - 1024) {
        thd_client_opts_t once = *thd_config_opts(cli->config);
        once.retries = -1;
        thd_client_t *c = thd_client_new(&once, &st);
        if (c) {
            progress(_("sending %zu rows of %s..."), n, path);
            thd_call(c, &req, &resp, &st);
            progress_done();
        }
        thd_client_destroy(&c);
    }
    int rc = report_file_errors(cli, path, in, dry_run, import_reply(resp));
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

int cmd_import(cli_t *cli, int argc, char **argv)
{
    const char *what = NULL, *path = NULL, *dry = NULL;
    struct arg_spec s[] = {{.value = &what, .required = true},
                           {.value = &path, .required = true},
                           {.name = "dry-run", .value = &dry, .flag = true}};
    int rc = cli_parse(argc, argv, s, N(s), "import");
    if (rc >= 0)
        return rc;
    csvin_kind_t kind;
    if (csvin_kind_parse(what, &kind) != 0) {
        cli_error(N_("import what? '%s' is not units, tasks or nominees"), what);
        return cli_usage("import", NULL);
    }
    csvin_t *in = csvin_new(kind);
    if (!in)
        return EXIT_FAILURE_;
    bool dry_run = dry != NULL;
    progress(_("reading %s..."), path);
    if (read_file(path, in) != 0) {
        int why = errno; /* before progress_done's isatty */
        progress_done();
        cli_error(N_("cannot read %s: %s"), path, cli_strerror(why));
        csvin_destroy(&in);
        return cli_exit_for_errno(why);
    }
    progress(_("checking %zu rows of %s..."), csvin_row_count(in), path);
    Thidua__V1__ImportRow *const *rows;
    size_t n = csvin_rows(in, &rows);
    progress_done();
    if (csvin_error_count(in)) {
        rc = report_all_errors(cli, path, in, rows, n, dry_run);
    } else if (n == 0) {
        cli_error(N_("%s has a header but no rows; nothing to import"), path);
        rc = EXIT_INVALID;
    } else if (csvin_row_count(in) > THD_MAX_IMPORT_ROWS) {
        cli_error(N_("%s has %zu rows; one import takes at most %d; split the file (nothing was "
                     "sent)"),
                  path, csvin_row_count(in), THD_MAX_IMPORT_ROWS);
        rc = EXIT_INVALID;
    } else {
        rc = send_rows(cli, path, in, rows, n, dry_run);
    }
    csvin_destroy(&in);
    return rc;
}
