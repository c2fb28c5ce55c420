/* `nominee show` and every nominee verb's reply: the whole dossier, as the
 * standing office and the chair read it: who the nominee is, what the unit
 * claims, each criterion check, the agencies' opinions, the disclosure
 * window, the complaints and how each was settled, the recommendation, the
 * decision and the history. Words come from libthidua's labels. */
#include <stdio.h>
#include <string.h>

#include "congress.h"
#include "history.h"
#include "rules.h"

static const char *label(const ProtobufCEnumDescriptor *d, int v, char *buf, size_t cap)
{
    return cli_enum_name(d, v, buf, cap);
}

/* The newest history entry with verb, or NULL. */
static const Thidua__V1__HistoryEntry *last(const Thidua__V1__Nominee *n, const char *verb)
{
    for (size_t i = n->n_history; i-- > 0;)
        if (strcmp(n->history[i]->verb, verb) == 0)
            return n->history[i];
    return NULL;
}

/* "dd/mm/yyyy hh:mm, who" of the newest entry with verb (the person's name
 * as the entry keeps it, else the account); "" when none. */
static const char *when_who(const Thidua__V1__Nominee *n, const char *verb, char *buf, size_t cap)
{
    const Thidua__V1__HistoryEntry *h = last(n, verb);
    char when[32];
    buf[0] = '\0';
    if (h) {
        thd_format_time(h->time_ms, true, when, sizeof when);
        snprintf(buf, cap, "%s, %s", when, *h->actor_name ? h->actor_name : h->actor);
    }
    return buf;
}

static void disclosure_line(cli_table_t *t, const Thidua__V1__Nominee *n)
{
    char buf[64], opened[128], closed[128], line[400], from[11];
    const char *st = label(&thidua__v1__disclosure__descriptor, n->disclosure, buf, sizeof buf);
    when_who(n, "disclosure_open", opened, sizeof opened);
    when_who(n, "disclosure_close", closed, sizeof closed);
    if (*closed)
        snprintf(line, sizeof line, _("%s (opened %s; closed %s)"), st, opened, closed);
    else if (*opened)
        snprintf(line, sizeof line, _("%s (opened %s)"), st, opened);
    else
        snprintf(line, sizeof line, "%s", st);
    cli_table_row(t, _("Public disclosure"), line);
    if (!*n->disclosure_close_from || !n->disclosure_min_days)
        return; /* no minimum: the window may close the day it opens */
    snprintf(line, sizeof line, _("%s (at least %u working days)"),
             cli_date_out(n->disclosure_close_from, from), n->disclosure_min_days);
    cli_table_row(t, _("May close from"), line);
}

/* The achievement period, the form proposed and each earlier honour; one
 * inside the period with the same form is flagged for the office
 * (thd_nominee_honour_overlaps), never refused. */
static void honours_lines(cli_table_t *t, const Thidua__V1__Nominee *n)
{
    char line[400];
    if (n->period_from) {
        snprintf(line, sizeof line, "%u-%u", n->period_from, n->period_to);
        cli_table_row(t, _("Achievement period"), line);
    }
    if (*n->honour_form)
        cli_table_row(t, _("Form proposed"), n->honour_form);
    for (size_t i = 0; i < n->n_earlier_honours; i++) {
        const Thidua__V1__EarlierHonour *h = n->earlier_honours[i];
        snprintf(line, sizeof line, "%u, %s%s%s%s", h->year, h->form,
                 *h->decision_number ? ", " : "", h->decision_number,
                 thd_nominee_honour_overlaps(n, i) ? _(" — WARNING: same form within the period")
                                                   : "");
        cli_table_row(t, i ? "" : _("Earlier honours"), line);
    }
}

/* Recommendation and decision, each with when and by whom. */
static void outcome_lines(cli_table_t *t, const Thidua__V1__Nominee *n)
{
    char buf[128], line[300], name[64];
    if (*when_who(n, "recommend", buf, sizeof buf))
        cli_table_row(t, _("Recommended"), buf);
    bool selected = n->status == THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_SELECTED;
    if (selected || n->status == THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_REJECTED) {
        const char *st = label(&thidua__v1__nominee_status__descriptor, n->status, name, 64);
        when_who(n, selected ? "select" : "reject", buf, sizeof buf);
        snprintf(line, sizeof line, "%s%s%s", st, *buf ? ", " : "", buf);
        cli_table_row(t, _("Decision"), line);
    }
    if (*n->decision_reason)
        cli_table_row(t, _("Reason"), n->decision_reason);
}

static void identity(const Thidua__V1__Nominee *n)
{
    char kind[64], field[64], st[64], year[16], flags[200] = "", claims[400] = "";
    cli_table_t *t = cli_table_new(2);
    cli_table_row(t, _("Nominee"), n->id);
    cli_table_row(t, _("Name"), n->name);
    cli_table_row(t, _("Kind"), label(&thidua__v1__nominee_kind__descriptor, n->kind, kind, 64));
    if (*n->gender)
        cli_table_row(t, _("Gender"), n->gender);
    if (n->birth_year) {
        snprintf(year, sizeof year, "%u", n->birth_year);
        cli_table_row(t, _("Birth year"), year);
    }
    if (*n->position)
        cli_table_row(t, _("Position"), n->position);
    if (*n->workplace)
        cli_table_row(t, _("Workplace"), n->workplace);
    cli_table_row(t, _("Field"), label(&thidua__v1__field__descriptor, n->field, field, 64));
    char unit[256];
    cli_table_row(t, _("Proposing unit"), cli_unit_label(n->proposing_unit, unit, sizeof unit));
    cli_table_row(t, _("Status"),
                  label(&thidua__v1__nominee_status__descriptor, n->status, st, 64));
    snprintf(flags, sizeof flags, "%s%s%s", n->influential ? _("influential") : "",
             n->influential && n->new_factor ? ", " : "", n->new_factor ? _("new factor") : "");
    if (*flags)
        cli_table_row(t, _("Priority"), flags);
    for (size_t i = 0; i < n->n_criteria_met; i++) {
        size_t len = strlen(claims);
        snprintf(claims + len, sizeof claims - len, "%s%s", i ? ", " : "", n->criteria_met[i]);
    }
    if (*claims)
        cli_table_row(t, _("Criteria claimed"), claims);
    honours_lines(t, n);
    disclosure_line(t, n);
    outcome_lines(t, n);
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

static void checks(const Thidua__V1__Nominee *n)
{
    if (!n->n_checks)
        return;
    cli_table_t *t = cli_table_new(5);
    cli_table_row(t, _("CRITERION"), _("RESULT"), _("NOTE"), _("WHO"), _("WHEN"));
    for (size_t i = 0; i < n->n_checks; i++) {
        thd_cells_t c;
        thd_render_check(n->checks[i], cli_i18n_lang(), &c);
        cli_table_row(t, c.key, c.what, c.text, c.who, c.when);
    }
    printf("\n%s\n", _("Criterion checks"));
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

static void opinions(const Thidua__V1__Nominee *n)
{
    if (!n->n_opinions)
        return;
    cli_table_t *t = cli_table_new(5);
    cli_table_row(t, _("AGENCY"), _("OPINION"), _("TEXT"), _("WHO"), _("WHEN"));
    for (size_t i = 0; i < n->n_opinions; i++) {
        thd_cells_t c;
        thd_render_opinion(n->opinions[i], cli_i18n_lang(), &c);
        cli_table_row(t, c.key, c.what, c.text, c.who, c.when);
    }
    printf("\n%s\n", _("Agency opinions"));
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

static void complaints(const Thidua__V1__Nominee *n)
{
    if (!n->n_complaints)
        return;
    cli_table_t *t = cli_table_new(4);
    cli_table_row(t, "#", _("RECEIVED"), _("COMPLAINT"), _("SETTLEMENT"));
    for (size_t i = 0; i < n->n_complaints; i++) {
        thd_cells_t c;
        thd_render_complaint(n->complaints[i], cli_i18n_lang(), &c);
        cli_table_row(t, c.key, c.when, c.text, n->complaints[i]->resolved ? c.note : c.what);
    }
    printf("\n%s\n", _("Complaints"));
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

void cli_show_nominee(const Thidua__V1__Response *r)
{
    const Thidua__V1__Record *rec = r->record;
    if (!rec || rec->body_case != THIDUA__V1__RECORD__BODY_NOMINEE)
        return;
    const Thidua__V1__Nominee *n = rec->nominee;
    identity(n);
    size_t overlaps = thd_nominee_overlaps(n);
    if (overlaps)
        printf(_("\nWARNING: %zu earlier honour(s) of the form proposed fall in the achievement "
                 "period %u-%u; check that the same achievements are not honoured twice\n"),
               overlaps, n->period_from, n->period_to);
    if (*n->achievements)
        printf("\n%s\n%s\n", _("Achievements"), n->achievements);
    checks(n);
    opinions(n);
    complaints(n);
    cli_print_files(n->id, n->history, n->n_history); /* before the history, as task show */
    cli_print_history(n->history, n->n_history, false);
    cli_print_last_change(n->meta, n->history, n->n_history);
}
