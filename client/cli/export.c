/* thidua export: tasks, nominees and progress reports as JSON, CSV or XLSX,
 * read from ONE paged snapshot, so every row reflects the same revision
 * (stamped into the file, or for CSV reported on stderr: a CSV carries
 * only what import reads back). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "clock.h"
#include "export.h"
#include "rules.h"

#define N(a)      ((int)(sizeof(a) / sizeof((a)[0])))
#define PAGE_SIZE 200 /* records a snapshot page; the broker also closes a page past 8 MiB */

enum format { FMT_JSON, FMT_CSV, FMT_XLSX };
static const char *const format_names[] = {"json", "csv", "xlsx"};

typedef struct export_opts {
    bool kinds[EXPORT_N_KINDS];
    bool all, bom, labels, force;
    enum format format;
    const char *output; /* NULL: stdout */
    const char *unit;   /* NULL: every unit */
    const char *title;  /* the congress's name on printed pages */
    char in_dir[4096];  /* -o DIR for one file: DIR/<what>.<format> */
    char unit_code[ARG_CODES_MAX]; /* --unit as read: the spec that read it is parse()'s own */
} export_opts_t;

static void progress(size_t pages, size_t records, bool done)
{
    if (!isatty(STDERR_FILENO))
        return;
    fputc('\r', stderr); /* the line is rewritten in place */
    fprintf(stderr, _("thidua: reading the snapshot: %zu pages, %zu records"), pages, records);
    fputs(done ? "\n" : "", stderr);
}

/* Reads every page of one snapshot; all pages are at one revision. */
int cli_read_snapshot(cli_t *cli, const char *unit, export_data_t *d)
{
    Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
    body.unit = (char *)(unit ? unit : "");
    body.page_size = PAGE_SIZE;
    char cursor[65] = "";
    size_t pages = 0;
    d->exported_at = clock_wall_ms();
    do {
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = THIDUA__V1__REQUEST__BODY_SNAPSHOT;
        req.snapshot = &body;
        body.cursor = cursor;
        Thidua__V1__Response *resp = NULL;
        int rc = cli_call(cli, &req, &resp);
        if (rc != EXIT_OK)
            return rc;
        d->revision = resp->snapshot->revision;
        snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
        rc = export_data_take_page(d, resp->snapshot);
        thidua__v1__response__free_unpacked(resp, NULL);
        if (rc != 0) {
            cli_error(N_("out of memory"));
            return EXIT_FAILURE_;
        }
        progress(++pages, d->n_records, !*cursor);
    } while (*cursor);
    return EXIT_OK;
}

/* The format an extension names ("x.csv"), -1 for another extension, or
 * -2 when the name has none. */
static int format_of_name(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return -2;
    for (int i = 0; i < N(format_names); i++)
        if (strcasecmp(dot + 1, format_names[i]) == 0)
            return i;
    return -1;
}

/* --format, else the output's extension, else JSON. An output whose
 * extension is not a format (x.pdf) is refused rather than written as JSON
 * under a name that promises something else. */
static int pick_format(const char *format, const char *output, enum format *out)
{
    *out = FMT_JSON;
    int by_name = output ? format_of_name(output) : -2;
    if (by_name == -1) {
        cli_error(N_("cannot export to '%s': thidua export writes json, csv or xlsx; name the file "
                     ".json, .csv or .xlsx"),
                  output);
        return -1;
    }
    if (!format) {
        *out = by_name >= 0 ? (enum format)by_name : FMT_JSON;
        return 0;
    }
    for (int i = 0; i < N(format_names); i++)
        if (strcmp(format, format_names[i]) == 0) {
            *out = (enum format)i;
            return 0;
        }
    cli_error(N_("--format takes json, csv or xlsx, not '%s'"), format);
    return -1;
}

static int parse_what(const char *what, export_opts_t *o)
{
    o->all = strcmp(what, "all") == 0;
    for (int k = 0; k < EXPORT_N_KINDS; k++)
        o->kinds[k] = o->all || strcmp(what, export_kind_name(k)) == 0;
    for (int k = 0; k < EXPORT_N_KINDS; k++)
        if (o->kinds[k])
            return 0;
    cli_error(N_("export takes tasks, nominees, reports or all, not '%s'"), what);
    return -1;
}

static int parse(int argc, char **argv, export_opts_t *o)
{
    const char *what = NULL, *format = NULL, *nobom = NULL, *labels = NULL, *force = NULL;
    struct arg_spec s[] = {{.value = &what, .required = true},
                           {.name = "format", .value = &format},
                           {.name = "output", .value = &o->output},
                           {.name = "no-bom", .value = &nobom, .flag = true},
                           {.name = "labels", .value = &labels, .flag = true},
                           {.name = "force", .value = &force, .flag = true},
                           {.name = "title", .value = &o->title},
                           {.name = "unit", .value = &o->unit, .code = true}};
    int rc = cli_parse(argc, argv, s, N(s), "export");
    if (rc >= 0)
        return rc;
    if (o->unit) { /* it points into s[], which is gone once parse returns */
        snprintf(o->unit_code, sizeof o->unit_code, "%s", o->unit);
        o->unit = o->unit_code;
    }
    if (parse_what(what, o) != 0)
        return EXIT_USAGE;
    if (o->output && strcmp(o->output, "-") == 0) {
        o->output = NULL; /* standard output, as document get reads "-" */
    } else if (!o->output && isatty(STDOUT_FILENO)) { /* pages of JSON over the screen */
        cli_error(N_("export writes a file: name it with -o (e.g. -o dai-hoi.xlsx for Excel, "
                     "-o nhiem-vu.csv), or write -o - to print it here"));
        return EXIT_USAGE;
    }
    if (pick_format(format, o->output, &o->format) != 0)
        return EXIT_USAGE;
    o->bom = !nobom;
    o->labels = labels != NULL;
    o->force = force != NULL;
    if (!o->title)
        o->title = _("Patriotic emulation congress");
    struct stat st;
    if (o->output && !(o->format == FMT_CSV && o->all) && stat(o->output, &st) == 0 &&
        S_ISDIR(st.st_mode)) { /* a folder: the file goes into it, named for what it holds */
        int n = snprintf(o->in_dir, sizeof o->in_dir, "%s/%s.%s", o->output, what,
                         format_names[o->format]);
        if (n < 0 || (size_t)n >= sizeof o->in_dir) {
            cli_error(N_("file name too long: '%s'"), o->output);
            return EXIT_USAGE;
        }
        o->output = o->in_dir;
    }
    if (o->format == FMT_XLSX && !o->output) {
        cli_error(N_("an XLSX export needs a file: -o FILE.xlsx"));
        return EXIT_USAGE;
    }
    if (o->format == FMT_CSV && o->all && (!o->output || format_of_name(o->output) >= 0)) {
        cli_error(N_("export all as CSV writes a folder of three files (tasks.csv, nominees.csv, "
                     "reports.csv): give the folder with -o DIR"));
        return EXIT_USAGE;
    }
    if (o->labels && o->format != FMT_CSV) {
        cli_error(N_("--labels is for CSV; XLSX always shows labels and JSON never does"));
        return EXIT_USAGE;
    }
    return -1;
}

/* Every file the export will write can be written, and none would
 * replace a file without --force: said before the snapshot is read. 0 or
 * the exit code. */
static int check_output(const export_opts_t *o)
{
    if (!o->output)
        return 0;
    if (!(o->format == FMT_CSV && o->all))
        return cli_output_check(o->output, o->force);
    if (mkdir(o->output, 0777) != 0 && errno != EEXIST) {
        int e = errno;
        cli_error(N_("cannot make directory '%s': %s"), o->output, cli_strerror(e));
        return cli_exit_for_errno(e);
    }
    for (int k = 0; k < EXPORT_N_KINDS; k++) {
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s.csv", o->output, export_kind_name(k));
        int rc = n < 0 || (size_t)n >= sizeof path ? EXIT_USAGE : cli_output_check(path, o->force);
        if (rc)
            return rc;
    }
    return 0;
}

/* What one file of the export holds, for write_kind. */
typedef struct one_file {
    const export_data_t *d;
    const export_opts_t *o;
    enum export_kind k;
    const char *name; /* as the person gave it, for an error */
} one_file_t;

/* Writes one file's content: CSV and JSON to the stream, XLSX by name
 * (libxlsxwriter opens the file itself). */
static int write_kind(FILE *f, const char *path, void *arg)
{
    const one_file_t *w = arg;
    const export_opts_t *o = w->o;
    int rc;
    errno = 0;
    if (o->format == FMT_CSV)
        rc = export_csv(w->d, w->k, f, o->bom, o->labels);
    else if (o->format == FMT_JSON)
        rc = export_json(w->d, o->kinds, f);
    else {
        char why[EXPORT_WHY_MAX];
        if (export_xlsx(w->d, o->kinds, o->title, path, why) == 0)
            return 0;
        cli_error(N_("cannot write '%s': %s"), w->name, why);
        return -1; /* said */
    }
    return rc == 0 ? 0 : errno ? errno : -1;
}

/* One file at path, or standard output for NULL: 0 or the exit code. */
static int write_one(const export_data_t *d, const export_opts_t *o, enum export_kind k,
                     const char *path)
{
    one_file_t w = {.d = d, .o = o, .k = k, .name = path ? path : "-"};
    if (path)
        return cli_output_write(path, o->force, write_kind, &w);
    int rc = write_kind(stdout, NULL, &w);
    if (rc == 0 && fflush(stdout) != 0)
        rc = errno;
    if (rc > 0)
        cli_error(N_("cannot write to standard output: %s"), cli_strerror(rc));
    return rc ? EXIT_FAILURE_ : EXIT_OK;
}

/* CSV of all kinds: DIR/tasks.csv, DIR/nominees.csv, DIR/reports.csv. */
static int write_dir(const export_data_t *d, const export_opts_t *o)
{
    if (mkdir(o->output, 0777) != 0 && errno != EEXIST) {
        int e = errno;
        cli_error(N_("cannot make directory '%s': %s"), o->output, cli_strerror(e));
        return cli_exit_for_errno(e);
    }
    for (int k = 0; k < EXPORT_N_KINDS; k++) {
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s.csv", o->output, export_kind_name(k));
        int rc = n < 0 || (size_t)n >= sizeof path ? EXIT_USAGE : write_one(d, o, k, path);
        if (rc)
            return rc;
    }
    return 0;
}

static int first_kind(const export_opts_t *o)
{
    for (int k = 0; k < EXPORT_N_KINDS; k++)
        if (o->kinds[k])
            return k;
    return 0;
}

/* The revision goes to stderr for every format: for CSV it is the only
 * place that cannot break an import. It counts what was written. */
static void summary(const cli_t *cli, const export_data_t *d, const export_opts_t *o)
{
    static const char *const counted[EXPORT_N_KINDS] = {N_("tasks"), N_("nominees"), N_("reports")};
    char when[40], what[128] = "", json[128] = "";
    export_time(d->exported_at, when, sizeof when);
    for (int k = 0; k < EXPORT_N_KINDS; k++) {
        if (!o->kinds[k])
            continue;
        size_t n = export_count(d, k), len = strlen(what), jlen = strlen(json);
        snprintf(what + len, sizeof what - len, "%s", len ? ", " : "");
        len = strlen(what);
        snprintf(what + len, sizeof what - len, "%zu %s", n, _(counted[k]));
        snprintf(json + jlen, sizeof json - jlen, ",\"%s\":%zu", export_kind_name(k), n);
    }
    if (cli->json)
        fprintf(stderr, "{\"revision\":%llu,\"exported_at\":\"%s\",\"format\":\"%s\"%s}\n",
                (unsigned long long)d->revision, when, format_names[o->format], json);
    else {
        export_human_time(d->exported_at, when, sizeof when);
        /* the format too: a name without an extension gets JSON, which
         * "-o bang-tong-hop" may not have meant */
        static const char *const shown[] = {"JSON", "CSV", "XLSX"};
        fprintf(stderr, _("exported the data at revision %llu, read at %s: %s -> %s (%s)\n"),
                (unsigned long long)d->revision, when, what, o->output ? o->output : "-",
                shown[o->format]);
    }
}

int cli_export(cli_t *cli, int argc, char **argv)
{
    export_opts_t o = {0};
    int rc = parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    rc = check_output(&o);
    if (rc)
        return rc;
    export_data_t d = {0};
    rc = cli_read_snapshot(cli, o.unit, &d);
    if (rc == EXIT_OK && export_data_classify(&d) != 0) {
        cli_error(N_("out of memory"));
        rc = EXIT_FAILURE_;
    }
    if (rc == EXIT_OK) {
        rc = o.format == FMT_CSV && o.all ? write_dir(&d, &o)
                                          : write_one(&d, &o, first_kind(&o), o.output);
        if (rc == EXIT_OK)
            summary(cli, &d, &o);
    }
    export_data_free(&d);
    return rc;
}
