/* What `task show` and `nominee show` share: a record's history and its
 * files, in the words of libthidua's labels (never the program's words),
 * lined up by display width. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "history.h"

const char *cli_format_size(uint64_t bytes, char *buf, size_t cap)
{
    static const char *const units[] = {"KB", "MB", "GB"};
    if (bytes < 1024) {
        snprintf(buf, cap, _("%llu bytes"), (unsigned long long)bytes);
        return buf;
    }
    double v = (double)bytes / 1024;
    size_t u = 0;
    for (; v >= 1024 && u + 1 < sizeof units / sizeof units[0]; u++)
        v /= 1024;
    snprintf(buf, cap, "%.1f %s", v, units[u]);
    /* Vietnamese writes the decimal comma: 1,2 MB */
    char *dot = strchr(buf, '.');
    if (dot && strcmp(cli_i18n_lang(), "vi") == 0)
        *dot = ',';
    return buf;
}

void cli_print_history(Thidua__V1__HistoryEntry *const *history, size_t n, bool percent)
{
    if (!n)
        return;
    cli_table_t *tb = cli_table_new(percent ? 6 : 5);
    if (percent)
        cli_table_row(tb, _("WHEN"), _("WHO"), _("UNIT"), _("VERB"), "%", _("TEXT"));
    else
        cli_table_row(tb, _("WHEN"), _("WHO"), _("UNIT"), _("VERB"), _("TEXT"));
    for (size_t i = 0; i < n; i++) {
        thd_cells_t c;
        thd_render_history(history[i], cli_i18n_lang(), &c);
        char pct[8];
        snprintf(pct, sizeof pct, "%u", history[i]->percent);
        if (percent)
            cli_table_row(tb, c.when, c.who, c.unit, c.what, pct, c.text);
        else
            cli_table_row(tb, c.when, c.who, c.unit, c.what, c.text);
    }
    printf("\n%s\n", _("History"));
    cli_table_print(tb, stdout);
    cli_table_destroy(&tb);
}

void cli_print_files(Thidua__V1__HistoryEntry *const *history, size_t n)
{
    cli_table_t *tb = cli_table_new(5);
    cli_table_row(tb, _("VERSION"), _("FILE"), _("SIZE"), _("SENT BY"), _("WHEN"));
    size_t files = 0;
    for (size_t i = 0; i < n; i++) {
        const Thidua__V1__HistoryEntry *h = history[i];
        if (!h->attachment || !h->version)
            continue; /* reviews name the version they judged, with no file */
        char version[16], size[32], who[160], when[32];
        snprintf(version, sizeof version, "v%u", h->version);
        snprintf(who, sizeof who, "%s%s%s%s", h->actor, *h->unit ? " (" : "", h->unit,
                 *h->unit ? ")" : "");
        thd_format_time(h->time_ms, true, when, sizeof when);
        cli_table_row(tb, version, h->attachment->name,
                      cli_format_size(h->attachment->size, size, sizeof size), who, when);
        files++;
    }
    if (files) {
        printf("\n%s\n", _("Documents (thidua document get ID/vN)"));
        cli_table_print(tb, stdout);
    }
    cli_table_destroy(&tb);
}
