/* thidua stats: the congress's statistics from ONE snapshot read through
 * libthidua, counted by libthidua (thd_stats_json) and shown as aligned
 * tables (stats_view.c) or, with --json, as the counted JSON itself, the
 * same object thidua-web's /api/stats answers. */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "export.h"
#include "stats_view.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

typedef struct printer {
    cli_table_t *t;
    int columns;
} printer_t;

static void begin(void *arg, const char *title, int columns, int lead)
{
    printer_t *p = arg;
    printf("\n%s\n", title);
    p->t = cli_table_new(columns);
    p->columns = columns;
    cli_table_right(p->t, lead, columns - 1);
}

/* cli_table_row takes exactly `columns` strings: a row is passed through
 * a fixed array, padded with empty cells. */
static void row(void *arg, const char *const *cells, int n, bool header, bool total)
{
    printer_t *p = arg;
    const char *c[16] = {0};
    (void)header;
    (void)total;
    for (int i = 0; i < n && i < N(c); i++)
        c[i] = cells[i];
    cli_table_row(p->t, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11],
                  c[12], c[13], c[14], c[15]);
}

static void end(void *arg)
{
    printer_t *p = arg;
    cli_table_print(p->t, stdout);
    cli_table_destroy(&p->t);
}

static int show(const cli_t *cli, const char *json)
{
    if (cli->json) {
        puts(json);
        return EXIT_OK;
    }
    char caption[512];
    puts(stats_caption(json, caption, sizeof caption));
    printer_t p = {0};
    stats_sink_t sink = {.begin = begin, .row = row, .end = end, .arg = &p};
    return stats_view(json, &sink) == 0 ? EXIT_OK : EXIT_FAILURE_;
}

int cli_stats(cli_t *cli, int argc, char **argv)
{
    const char *unit = NULL;
    struct arg_spec s[] = {{.name = "unit", .value = &unit, .code = true}};
    int rc = cli_parse(argc, argv, s, N(s), "stats");
    if (rc >= 0)
        return rc;
    if (unit && (rc = cli_unit_known(cli, unit)) != EXIT_OK)
        return rc;
    export_data_t d = {0};
    rc = cli_read_snapshot(cli, NULL, &d);
    char *json = rc == EXIT_OK ? stats_of_export(&d, unit) : NULL;
    if (rc == EXIT_OK && !json) {
        cli_error(N_("out of memory"));
        rc = EXIT_FAILURE_;
    }
    if (json)
        rc = show(cli, json);
    free(json);
    export_data_free(&d);
    return rc;
}
