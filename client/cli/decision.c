/* thidua decision draft: the chair's draft decision and the certificates
 * as PDF, drawn from ONE snapshot so the annex is the selection at one
 * revision. The template and the output files (output.c: an existing one
 * only with --force) are checked before the broker is asked; every refusal
 * leaves the output files as they were. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "decision.h"
#include "export.h"

#define N(a)         ((int)(sizeof(a) / sizeof((a)[0])))
#define MAX_TEMPLATE (256 * 1024) /* a page or two of text; more is the wrong file */

typedef struct draft_opts {
    const char *output, *certificates, *template_path, *number, *date;
    bool force; /* replace existing output files */
    int day, month, year;
} draft_opts_t;

/* --template, else the installed file, else the built-in copy. */
static dec_tpl_t *load_template(const char *given)
{
    char err[1024];
    dec_tpl_t *t = dec_tpl_load(given, err, sizeof err);
    if (!t)
        cli_error("%s", err);
    return t;
}

static int parse(int argc, char **argv, draft_opts_t *o)
{
    const char *force = NULL;
    struct arg_spec s[] = {{.name = "output", .value = &o->output, .required = true},
                           {.name = "certificates", .value = &o->certificates},
                           {.name = "template", .value = &o->template_path},
                           {.name = "number", .value = &o->number},
                           {.name = "date", .value = &o->date},
                           {.name = "force", .value = &force, .flag = true}};
    int rc = cli_parse(argc, argv, s, N(s), "decision");
    if (rc >= 0)
        return rc;
    char iso[11];
    if (o->date && cli_date_in("--date", o->date, iso) != 0)
        return EXIT_USAGE;
    if (o->date)
        sscanf(iso, "%d-%d-%d", &o->year, &o->month, &o->day);
    else {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        o->day = tm.tm_mday, o->month = tm.tm_mon + 1, o->year = tm.tm_year + 1900;
    }
    if (!o->number)
        o->number = "";
    o->force = force != NULL;
    return -1;
}

typedef int writer_fn(const dec_input_t *in, const dec_list_t *l, const char *path, char *err,
                      size_t cap);

/* One PDF for cli_output_write: cairo opens the file by name. */
typedef struct pdf_job {
    writer_fn *fn;
    const dec_input_t *in;
    const dec_list_t *l;
    const char *path; /* the name the person gave, for the message */
} pdf_job_t;

static int write_pdf(FILE *f, const char *tmp, void *arg)
{
    (void)f;
    const pdf_job_t *j = arg;
    char err[512] = "";
    errno = 0;
    if (j->fn(j->in, j->l, tmp, err, sizeof err) == 0)
        return 0;
    if (!*err)
        return errno ? errno : EIO;
    cli_error(N_("cannot write '%s': %s"), j->path, err);
    return -1;
}

static int write_file(writer_fn *fn, const dec_input_t *in, const dec_list_t *l, const char *path,
                      bool force)
{
    pdf_job_t j = {.fn = fn, .in = in, .l = l, .path = path};
    return cli_output_write(path, force, write_pdf, &j);
}

static void report(const cli_t *cli, const export_data_t *d, const dec_list_t *l,
                   const draft_opts_t *o)
{
    if (cli->json) {
        printf("{\"revision\":%llu,\"collectives\":%zu,\"individuals\":%zu,\"decision\":\"%s\"",
               (unsigned long long)d->revision, l->n_collective, l->n_individual, o->output);
        if (o->certificates)
            printf(",\"certificates\":\"%s\"", o->certificates);
        printf("}\n");
        return;
    }
    fprintf(stderr,
            _("thidua: drafted the decision from revision %llu: %zu collectives and %zu "
              "individuals -> %s\n"),
            (unsigned long long)d->revision, l->n_collective, l->n_individual, o->output);
    if (o->certificates)
        fprintf(stderr, _("thidua: %zu certificates, one page each -> %s\n"), l->n,
                o->certificates);
}

static int draft(cli_t *cli, const draft_opts_t *o, const dec_tpl_t *tpl)
{
    export_data_t d = {0};
    dec_list_t l = {0};
    int rc = cli_read_snapshot(cli, NULL, &d);
    if (rc == EXIT_OK && (export_data_classify(&d) != 0 || dec_collect(&d, &l) != 0)) {
        cli_error(N_("out of memory"));
        rc = EXIT_FAILURE_;
    }
    if (rc == EXIT_OK && l.n == 0) {
        cli_error(N_("no nominee is selected at revision %llu: the decision lists those the chair "
                     "selected (thidua nominee decide ID selected); nothing was written"),
                  (unsigned long long)d.revision);
        rc = EXIT_PRECONDITION;
    }
    dec_input_t in = {.data = &d,
                      .tpl = tpl,
                      .number = o->number,
                      .day = o->day,
                      .month = o->month,
                      .year = o->year};
    if (rc == EXIT_OK)
        rc = write_file(dec_write_decision, &in, &l, o->output, o->force);
    if (rc == EXIT_OK && o->certificates)
        rc = write_file(dec_write_certificates, &in, &l, o->certificates, o->force);
    if (rc == EXIT_OK)
        report(cli, &d, &l, o);
    dec_list_free(&l);
    export_data_free(&d);
    return rc;
}

int cmd_decision_draft(cli_t *cli, int argc, char **argv)
{
    draft_opts_t o = {0};
    int rc = parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    dec_tpl_t *tpl = load_template(o.template_path);
    if (!tpl)
        return EXIT_INVALID;
    rc = cli_output_check(o.output, o.force);
    if (rc == EXIT_OK && o.certificates)
        rc = cli_output_check(o.certificates, o.force);
    if (rc != EXIT_OK) {
        dec_tpl_destroy(&tpl);
        return rc;
    }
    rc = draft(cli, &o, tpl);
    dec_tpl_destroy(&tpl);
    dec_release();
    return rc;
}
