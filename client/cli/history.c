/* What `task show` and `nominee show` share: a record's whole history,
 * read a page at a time once a get carried only the newest entries, and
 * the history and its files in the words of libthidua's labels (never the
 * program's words), lined up by display width. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "history.h"
#include "thd_limits.h"

void cli_print_history(Thidua__V1__HistoryEntry *const *history, size_t n, bool percent)
{
    if (!n)
        return;
    cli_table_t *tb = cli_table_new(percent ? 6 : 5);
    if (percent)
        cli_table_right(tb, 4, 4);
    if (percent)
        cli_table_row(tb, _("WHEN"), _("WHO"), _("UNIT"), _("VERB"), "%", _("TEXT"));
    else
        cli_table_row(tb, _("WHEN"), _("WHO"), _("UNIT"), _("VERB"), _("TEXT"));
    for (size_t i = 0; i < n; i++) {
        thd_cells_t c;
        thd_render_history(history[i], cli_i18n_lang(), &c);
        char pct[8] = ""; /* other steps carry no percent: blank, not 0 */
        if (export_is_report(history[i]))
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

/* Who made entry h, as the history names them, with the unit they acted
 * for: "Nguyễn Thị Lan (SO-VHTTDL)". Returns buf. */
static const char *who_of(const Thidua__V1__HistoryEntry *h, char *buf, size_t cap)
{
    thd_cells_t c;
    thd_render_history(h, cli_i18n_lang(), &c);
    snprintf(buf, cap, "%s%s%s%s", c.who, *h->unit ? " (" : "", h->unit, *h->unit ? ")" : "");
    return buf;
}

void cli_print_last_change(const Thidua__V1__Meta *m, Thidua__V1__HistoryEntry *const *history,
                           size_t n)
{
    cli_table_t *t = m ? cli_table_new(2) : NULL;
    if (!t)
        return;
    char who[400];
    const char *named = NULL;
    /* every change to a task or a nominee writes an entry stamped with the
     * change's time and account; the newest such is the last change's */
    for (size_t i = n; !named && i-- > 0;)
        if (history[i]->time_ms == m->mod_time_ms && strcmp(history[i]->actor, m->mod_actor) == 0)
            named = who_of(history[i], who, sizeof who);
    putchar('\n');
    cli_meta_rows(t, m, named);
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

void cli_print_files(const char *owner, Thidua__V1__HistoryEntry *const *history, size_t n)
{
    uint32_t newest = 0;
    cli_table_t *tb = cli_table_new(5);
    cli_table_right(tb, 2, 2);
    cli_table_row(tb, _("VERSION"), _("FILE"), _("SIZE"), _("SENT BY"), _("WHEN"));
    size_t files = 0;
    for (size_t i = 0; i < n; i++) {
        const Thidua__V1__HistoryEntry *h = history[i];
        if (!h->attachment || !h->version)
            continue;  /* reviews name the version they judged, with no file */
        thd_cells_t c; /* who and when as the history shows them */
        thd_render_history(h, cli_i18n_lang(), &c);
        char version[16], size[32], who[400];
        snprintf(version, sizeof version, "v%u", h->version);
        cli_table_row(tb, version, h->attachment->name,
                      cli_format_size(h->attachment->size, size, sizeof size),
                      who_of(h, who, sizeof who), c.when);
        files++;
        newest = h->version > newest ? h->version : newest;
    }
    if (files) {
        putchar('\n');
        printf(_("Documents (to fetch one: thidua document get %s/v%u)\n"), owner, newest);
        cli_table_print(tb, stdout);
    }
    cli_table_destroy(&tb);
}

/* Appends a history.list page's entries to history (taken from the page). */
static int take_page(Thidua__V1__HistoryListReply *page, Thidua__V1__HistoryEntry ***history,
                     size_t *n)
{
    Thidua__V1__HistoryEntry **h = realloc(*history, (*n + page->n_entries + 1) * sizeof *h);
    if (!h)
        return -1;
    *history = h;
    for (size_t i = 0; i < page->n_entries; i++)
        if (page->entries[i]->entry) {
            h[(*n)++] = page->entries[i]->entry;
            page->entries[i]->entry = NULL;
        }
    return 0;
}

int cli_whole_history(cli_t *cli, const char *id, Thidua__V1__HistoryEntry ***history, size_t *n)
{
    /* fewer: all there are; more: a record written before its history
     * became records holds it all, and a get sends it whole */
    if (*n != THD_HISTORY_IN_GET)
        return EXIT_OK;
    for (size_t i = 0; i < *n; i++)
        thidua__v1__history_entry__free_unpacked((*history)[i], NULL);
    *n = 0;
    Thidua__V1__HistoryList body = THIDUA__V1__HISTORY_LIST__INIT;
    body.id = (char *)id;
    body.page_size = THD_MAX_PAGE;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_HISTORY_LIST;
    req.history_list = &body;
    int rc = EXIT_OK;
    do {
        Thidua__V1__Response *resp = NULL;
        rc = cli_call(cli, &req, &resp);
        bool page = rc == EXIT_OK && resp->body_case == THIDUA__V1__RESPONSE__BODY_HISTORY;
        if (page && take_page(resp->history, history, n) == 0)
            body.after = resp->history->next_after;
        else if (rc == EXIT_OK)
            rc = EXIT_FAILURE_;
        if (resp)
            thidua__v1__response__free_unpacked(resp, NULL);
    } while (rc == EXIT_OK && body.after);
    return rc;
}

/* The history array of the record a reply holds, when a task or a
 * nominee, and where its count is; NULL otherwise. */
static Thidua__V1__HistoryEntry ***history_of(Thidua__V1__Response *resp, size_t **n)
{
    Thidua__V1__Record *rec =
        resp->body_case == THIDUA__V1__RESPONSE__BODY_RECORD ? resp->record : NULL;
    if (rec && rec->body_case == THIDUA__V1__RECORD__BODY_TASK) {
        *n = &rec->task->n_history;
        return &rec->task->history;
    }
    if (rec && rec->body_case == THIDUA__V1__RECORD__BODY_NOMINEE) {
        *n = &rec->nominee->n_history;
        return &rec->nominee->history;
    }
    return NULL;
}

/* The whole history of the task or nominee a get's reply holds. */
static int complete(cli_t *cli, Thidua__V1__Response *resp)
{
    size_t *n;
    Thidua__V1__HistoryEntry ***h = history_of(resp, &n);
    return h ? cli_whole_history(cli, resp->record->id, h, n) : EXIT_OK;
}

/* Gives a write's reply, which carries no history, the newest entries the
 * record's get carries: the step just made shows, in one read whatever the
 * record's age. The write is done: a failed read only shortens the card. */
static void newest(cli_t *cli, Thidua__V1__Response *resp)
{
    size_t *n, *got_n;
    Thidua__V1__HistoryEntry ***h = history_of(resp, &n), ***got_h = NULL;
    if (!h || *n)
        return;
    Thidua__V1__TaskGet task = THIDUA__V1__TASK_GET__INIT;
    Thidua__V1__NomineeGet nominee = THIDUA__V1__NOMINEE_GET__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    task.id = nominee.id = resp->record->id;
    if (resp->record->body_case == THIDUA__V1__RECORD__BODY_TASK) {
        req.body_case = THIDUA__V1__REQUEST__BODY_TASK_GET;
        req.task_get = &task;
    } else {
        req.body_case = THIDUA__V1__REQUEST__BODY_NOMINEE_GET;
        req.nominee_get = &nominee;
    }
    Thidua__V1__Response *got = NULL;
    if (cli_call(cli, &req, &got) == EXIT_OK)
        got_h = history_of(got, &got_n);
    if (got_h && got->record->body_case == THIDUA__V1__RECORD__BODY_TASK &&
        resp->record->body_case == THIDUA__V1__RECORD__BODY_TASK) {
        /* the get's answers about now, which a write's record does not carry */
        resp->record->task->returned = got->record->task->returned;
        resp->record->task->overdue = got->record->task->overdue;
    }
    if (got_h) {
        free(*h); /* both replies' arrays are malloc's (protobuf-c's allocator) */
        *h = *got_h;
        *n = *got_n;
        *got_h = NULL;
        *got_n = 0;
    }
    if (got)
        thidua__v1__response__free_unpacked(got, NULL);
}

/* Sends req and prints its reply: a get's with the record's whole
 * history, a write's (for people) with the newest entries; either card
 * names its units (cli_unit_label). */
static int call_and_show(cli_t *cli, Thidua__V1__Request *req, cli_show_fn *show, bool write)
{
    Thidua__V1__Response *resp = NULL;
    cli_names_from(cli);
    int rc = cli_call(cli, req, &resp);
    if (rc == EXIT_OK && write && !cli->json)
        newest(cli, resp);
    else if (rc == EXIT_OK && !write)
        rc = complete(cli, resp);
    if (rc == EXIT_OK)
        cli_show(cli, resp, show);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    cli_names_free();
    return rc;
}

int cli_run_whole(cli_t *cli, Thidua__V1__Request *req, cli_show_fn *show)
{
    return call_and_show(cli, req, show, true);
}

int cli_show_whole(cli_t *cli, Thidua__V1__Request *req, cli_show_fn *show)
{
    return call_and_show(cli, req, show, false);
}
