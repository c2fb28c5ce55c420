/* thidua task ...: create, edit, list, show, report, submit, accept,
 * return, cancel. Dates are typed and shown dd/mm/yyyy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "clock.h"
#include "congress.h"
#include "export.h"
#include "history.h"
#include "rules.h"

#define N(a)   ((int)(sizeof(a) / sizeof((a)[0])))
#define REQ(b) THIDUA__V1__REQUEST__BODY_##b

/* The status as the web shows it: "Trả lại" for a task the office sent
 * back and the unit has not submitted again (Task.returned). */
static const char *shown_status(const Thidua__V1__Task *t, char *buf, size_t cap)
{
    return cli_enum_name(&thidua__v1__task_status__descriptor,
                         t->returned ? THIDUA__V1__TASK_STATUS__TASK_STATUS_RETURNED : t->status,
                         buf, cap);
}

/* Today in the province (the CLI's zone is set to it), YYYY-MM-DD, as an
 * export reads it. */
static void today_ymd(char out[11])
{
    export_today(clock_wall_ms(), out);
}

/* The status with, for an overdue task, how late it is, as the web and the
 * monitor say it: "Đang thực hiện (trễ 5 ngày)". */
static const char *status_text(const Thidua__V1__Task *t, const char *today, char *buf, size_t cap)
{
    char code[32];
    int late = t->overdue ? thd_days_between(t->deadline, today) : 0;
    const char *status = shown_status(t, code, sizeof code);
    if (late == 1)
        snprintf(buf, cap, "%s%s", status, _(" (1 day late)"));
    else if (late > 1) {
        char days[48];
        snprintf(days, sizeof days, _(" (%d days late)"), late);
        snprintf(buf, cap, "%s%s", status, days);
    } else /* overdue by the broker's day, not yet by this machine's: said without a count */
        snprintf(buf, cap, "%s%s", status, t->overdue ? _(" (overdue)") : "");
    return buf;
}

static void show_task(const Thidua__V1__Response *r)
{
    const Thidua__V1__Record *rec = r->record;
    if (rec->body_case != THIDUA__V1__RECORD__BODY_TASK)
        return;
    const Thidua__V1__Task *t = rec->task;
    char st[128], today[11], kind[32], phase[32], date[11], pct[8];
    today_ymd(today);
    status_text(t, today, st, sizeof st);
    snprintf(pct, sizeof pct, "%u%%", t->progress);
    cli_table_t *tab = cli_table_new(2);
    if (!tab)
        return;
    cli_table_row(tab, _("Task"), t->id);
    cli_table_row(tab, _("Title"), t->title);
    cli_table_row(tab, _("Kind"),
                  cli_enum_name(&thidua__v1__task_kind__descriptor, t->kind, kind, sizeof kind));
    cli_table_row(tab, _("Phase"),
                  cli_enum_name(&thidua__v1__phase__descriptor, t->phase, phase, sizeof phase));
    cli_table_row(tab, _("Status"), st);
    char unit[256];
    cli_table_row(tab, _("Lead unit"), cli_unit_label(t->lead_unit, unit, sizeof unit));
    for (size_t i = 0; i < t->n_support_units; i++)
        cli_table_row(tab, i ? "" : _("Support units"),
                      cli_unit_label(t->support_units[i], unit, sizeof unit));
    cli_table_row(tab, _("Deadline"), cli_date_out(t->deadline, date));
    cli_table_row(tab, _("Progress"), pct);
    cli_table_print(tab, stdout);
    cli_table_destroy(&tab);
    if (*t->description)
        printf("\n%s\n", t->description);
    cli_print_files(t->id, t->history, t->n_history);
    cli_print_history(t->history, t->n_history, true);
    cli_print_last_change(t->meta, t->history, t->n_history);
}

/* "U1,U2" into units (at most cap); the copy they point into is fresh,
 * caller frees. NULL when out of memory. */
static char *split_units(const char *list, char **units, size_t cap, size_t *n)
{
    char *copy = strdup(list ? list : "");
    *n = 0;
    for (char *tok = copy ? strtok(copy, ",") : NULL; tok && *n < cap; tok = strtok(NULL, ","))
        units[(*n)++] = tok;
    return copy;
}

/* After a deadline is set: one already past makes the task overdue from
 * the start, which the web asks about; here a note says so. */
static void note_past(const cli_t *cli, const char *date)
{
    char today[11], shown[11];
    today_ymd(today);
    if (!cli->json && *date && strcmp(date, today) < 0)
        fprintf(stderr, _("note: the deadline %s has passed: the task shows as overdue\n"),
                cli_date_out(date, shown));
}

int cmd_task_create(cli_t *cli, int argc, char **argv)
{
    const char *title = NULL, *lead = NULL, *support = NULL, *deadline = NULL, *kind = "work",
               *phase = "before", *desc = NULL;
    struct arg_spec s[] = {{.value = &title, .required = true},
                           {.name = "lead", .value = &lead, .required = true, .code = true},
                           {.name = "deadline", .value = &deadline, .required = true},
                           {.name = "support", .value = &support, .code = true},
                           {.name = "kind", .value = &kind},
                           {.name = "phase", .value = &phase},
                           {.name = "description", .value = &desc}};
    int rc = cli_parse(argc, argv, s, N(s), "task");
    if (rc >= 0)
        return rc;
    Thidua__V1__Task t = THIDUA__V1__TASK__INIT;
    char date[11], *units[32];
    size_t n;
    char *copy = split_units(support, units, 32, &n);
    if (!copy)
        return EXIT_FAILURE_;
    t.title = (char *)title;
    t.description = (char *)(desc ? desc : "");
    t.lead_unit = (char *)lead;
    t.support_units = units;
    t.n_support_units = n;
    int k = cli_enum(&thidua__v1__task_kind__descriptor, "--kind", kind);
    int p = cli_enum(&thidua__v1__phase__descriptor, "--phase", phase);
    if (k < 0 || p < 0 || cli_date_in("--deadline", deadline, date) != 0) {
        free(copy);
        return EXIT_USAGE;
    }
    t.kind = k;
    t.phase = p;
    t.deadline = date;
    Thidua__V1__TaskCreate body = THIDUA__V1__TASK_CREATE__INIT;
    body.task = &t;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_CREATE);
    req.task_create = &body;
    rc = cli_run_whole(cli, &req, show_task);
    if (rc == 0)
        note_past(cli, date);
    free(copy);
    return rc;
}

/* Fills the edit's enums and date from their options; -1 when one is bad
 * (said on stderr). */
static int edit_values(Thidua__V1__TaskEdit *e, const char *kind, const char *phase,
                       const char *deadline, char date[11])
{
    int k = kind ? cli_enum(&thidua__v1__task_kind__descriptor, "--kind", kind) : 0;
    int p = phase ? cli_enum(&thidua__v1__phase__descriptor, "--phase", phase) : 0;
    if (k < 0 || p < 0)
        return -1;
    if (deadline && cli_date_in("--deadline", deadline, date) != 0)
        return -1;
    e->kind = k;
    e->phase = p;
    e->deadline = deadline ? date : "";
    return 0;
}

int cmd_task_edit(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *title = NULL, *desc = NULL, *lead = NULL, *support = NULL,
               *deadline = NULL, *kind = NULL, *phase = NULL, *expect = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "T"},
                           {.name = "title", .value = &title},
                           {.name = "description", .value = &desc},
                           {.name = "lead", .value = &lead, .code = true},
                           {.name = "support", .value = &support, .code = true},
                           {.name = "deadline", .value = &deadline},
                           {.name = "kind", .value = &kind},
                           {.name = "phase", .value = &phase},
                           {.name = "expect-revision", .value = &expect}};
    int rc = cli_parse(argc, argv, s, N(s), "task");
    if (rc >= 0 || (rc = cli_edit_given(s, N(s), "task", "edit")) >= 0)
        return rc;
    Thidua__V1__TaskEdit body = THIDUA__V1__TASK_EDIT__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    char date[11], *units[32];
    if (edit_values(&body, kind, phase, deadline, date) != 0 ||
        cli_expect_revision(expect, &req.expected_revision) != 0)
        return EXIT_USAGE;
    char *copy = split_units(support, units, 32, &body.n_support_units);
    if (!copy)
        return EXIT_FAILURE_;
    body.id = (char *)id;
    body.title = (char *)(title ? title : "");
    body.description = (char *)(desc ? desc : "");
    body.lead_unit = (char *)(lead ? lead : "");
    body.support_units = units;
    body.set_support_units = support != NULL;
    req.body_case = REQ(TASK_EDIT);
    req.task_edit = &body;
    rc = cli_run_whole(cli, &req, show_task);
    if (rc == 0)
        note_past(cli, body.deadline);
    free(copy);
    return rc;
}

int cmd_task_show(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "T"}};
    int rc = cli_parse(argc, argv, s, N(s), "task");
    if (rc >= 0)
        return rc;
    Thidua__V1__TaskGet body = THIDUA__V1__TASK_GET__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_GET);
    req.task_get = &body;
    return cli_show_whole(cli, &req, show_task);
}

static int by_urgency(const void *pa, const void *pb)
{
    const Thidua__V1__Task *a = *(Thidua__V1__Task *const *)pa, *b = *(Thidua__V1__Task *const *)pb;
    return thd_task_urgency(a, a->overdue, b, b->overdue);
}

static void show_tasks(const Thidua__V1__Response *const *pages, size_t n_pages, const char *more)
{
    /* every page's rows in the order people act on them, as the web and
     * the monitor list them: the overdue first, then by deadline */
    size_t n = 0;
    for (size_t p = 0; p < n_pages; p++)
        n += pages[p]->tasks->n_tasks;
    Thidua__V1__Task **rows = malloc((n ? n : 1) * sizeof *rows);
    if (!rows) {
        cli_error("%s", _("out of memory"));
        return;
    }
    n = 0;
    for (size_t p = 0; p < n_pages; p++)
        for (size_t i = 0; i < pages[p]->tasks->n_tasks; i++)
            rows[n++] = pages[p]->tasks->tasks[i];
    qsort(rows, n, sizeof *rows, by_urgency);
    cli_table_t *t = cli_table_new(7);
    cli_table_right(t, 4, 4);
    cli_table_row(t, _("ID"), _("STATUS"), _("LEAD"), _("DEADLINE"), "%", _("KIND"), _("TITLE"));
    char today[11];
    today_ymd(today);
    for (size_t i = 0; i < n; i++) {
        const Thidua__V1__Task *k = rows[i];
        char st[128], kind[32], date[11], pct[8];
        status_text(k, today, st, sizeof st);
        snprintf(pct, sizeof pct, "%u", k->progress);
        cli_table_row(t, k->id, st, k->lead_unit, cli_date_out(k->deadline, date), pct,
                      cli_enum_name(&thidua__v1__task_kind__descriptor, k->kind, kind, sizeof kind),
                      k->title);
    }
    free(rows);
    cli_table_print_list(t, stdout, _("no task matches"));
    cli_table_destroy(&t);
    cli_more(more);
}

static const char *next_tasks(const Thidua__V1__Response *r)
{
    return r->tasks ? r->tasks->next_page_token : "";
}

int cmd_task_list(cli_t *cli, int argc, char **argv)
{
    const char *unit = NULL, *status = NULL, *overdue = NULL, *query = NULL, *page = NULL;
    struct arg_spec s[] = {{.name = "unit", .value = &unit, .code = true},
                           {.name = "status", .value = &status},
                           {.name = "overdue", .value = &overdue, .flag = true},
                           {.name = "search", .value = &query},
                           {.name = "page", .value = &page}};
    int rc = cli_parse(argc, argv, s, N(s), "task");
    if (rc >= 0)
        return rc;
    Thidua__V1__TaskList body = THIDUA__V1__TASK_LIST__INIT;
    body.unit = (char *)(unit ? unit : "");
    body.query = (char *)(query ? query : "");
    body.page_token = (char *)(page ? page : "");
    body.overdue = overdue != NULL;
    if (status) {
        int v = cli_enum(&thidua__v1__task_status__descriptor, "--status", status);
        if (v < 0)
            return EXIT_USAGE;
        body.status = v; /* returned: those in progress the office sent back */
    }
    if (unit && (rc = cli_unit_known(cli, unit)) != 0) /* not an empty list for a typo */
        return rc;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_LIST);
    req.task_list = &body;
    return cli_run_pages(cli, &req, &body.page_token, next_tasks, show_tasks, page != NULL);
}

int cmd_task_report(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *pct = NULL, *text = NULL, *file = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "T"},
                           {.name = "percent", .value = &pct, .required = true},
                           {.name = "text", .value = &text},
                           {.name = "file", .value = &file}};
    int rc = cli_parse(argc, argv, s, N(s), "task");
    if (rc >= 0)
        return rc;
    long long percent = cli_whole("--percent", pct, 0, 100);
    if (percent < 0)
        return EXIT_USAGE;
    Thidua__V1__Attachment a;
    char sha[65];
    if (file && cli_load_file(file, NULL, &a, sha) != 0)
        return EXIT_USAGE;
    Thidua__V1__TaskReport body = THIDUA__V1__TASK_REPORT__INIT;
    body.id = (char *)id;
    body.percent = (uint32_t)percent;
    body.text = (char *)(text ? text : "");
    body.attachment = file ? &a : NULL;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_REPORT);
    req.task_report = &body;
    rc = cli_run_whole(cli, &req, show_task);
    if (file)
        free(a.data.data);
    return rc;
}

int cmd_task_submit(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *text = NULL, *file = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "T"},
                           {.name = "text", .value = &text},
                           {.name = "file", .value = &file}};
    int rc = cli_parse(argc, argv, s, N(s), "task");
    if (rc >= 0)
        return rc;
    Thidua__V1__Attachment a;
    char sha[65];
    if (file && cli_load_file(file, NULL, &a, sha) != 0)
        return EXIT_USAGE;
    Thidua__V1__TaskSubmit body = THIDUA__V1__TASK_SUBMIT__INIT;
    body.id = (char *)id;
    body.text = (char *)(text ? text : "");
    body.document = file ? &a : NULL;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_SUBMIT);
    req.task_submit = &body;
    rc = cli_run_whole(cli, &req, show_task);
    if (file)
        free(a.data.data);
    return rc;
}

/* accept takes --reason, return must (the broker's rule, said before
 * sending so the refusal names the option); cancel alone takes --yes.
 * --comments, the body's field, is read as --reason too, the word the
 * nominee's verbs use. */
static int task_verb(cli_t *cli, int argc, char **argv, int body_case)
{
    const char *id = NULL, *comments = NULL, *yes = NULL;
    bool cancel = body_case == REQ(TASK_CANCEL);
    struct arg_spec s[] = {
        {.value = &id, .required = true, .id_of = "T"},
        {.name = "reason", .value = &comments, .required = body_case == REQ(TASK_RETURN)},
        {.name = "comments", .value = &comments},
        {.name = "yes", .value = &yes, .flag = true}};
    int rc = cli_parse(argc, argv, s, N(s) - !cancel, "task");
    if (rc >= 0)
        return rc;
    if (cancel && (rc = cli_confirm(cli, yes, id, N_("cancel task %s? This cannot be undone."),
                                    N_("cancelling a task cannot be undone and there is no "
                                      "terminal to ask at; add --yes to cancel %s"),
                                    N_("not cancelled"))) >= 0)
        return rc;
    Thidua__V1__TaskVerb body = THIDUA__V1__TASK_VERB__INIT;
    body.id = (char *)id;
    body.comments = (char *)(comments ? comments : "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = body_case;
    req.task_accept = &body; /* the oneof's members share storage */
    return cli_run_whole(cli, &req, show_task);
}

int cmd_task_accept(cli_t *cli, int argc, char **argv)
{
    return task_verb(cli, argc, argv, REQ(TASK_ACCEPT));
}

int cmd_task_return(cli_t *cli, int argc, char **argv)
{
    return task_verb(cli, argc, argv, REQ(TASK_RETURN));
}

int cmd_task_cancel(cli_t *cli, int argc, char **argv)
{
    return task_verb(cli, argc, argv, REQ(TASK_CANCEL));
}
