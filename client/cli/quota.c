/* thidua quota set|list, criterion add|edit|list, counts. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "congress.h"
#include "pbjson.h"

#define N(a)   ((int)(sizeof(a) / sizeof((a)[0])))
#define REQ(b) THIDUA__V1__REQUEST__BODY_##b

/* A quota's or a cap's number; 0 is none, said in words, not "0". */
static const char *limit(uint32_t n, char buf[16])
{
    if (!n)
        return _("no limit");
    snprintf(buf, 16, "%u", n);
    return buf;
}

static void show_quota(const Thidua__V1__Response *r)
{
    const Thidua__V1__Quota *q = r->record->quota;
    char f[32], k[32], max[16], pu[16];
    if (!q)
        return;
    printf(_("quota %s/%s: %u selected of %s; per unit %s\n"),
           cli_enum_name(&thidua__v1__field__descriptor, q->field, f, sizeof f),
           cli_enum_name(&thidua__v1__nominee_kind__descriptor, q->kind, k, sizeof k), q->selected,
           limit(q->max_selected, max), limit(q->max_per_unit, pu));
}

/* The quota set now for field and kind, to keep what a quota set leaves out:
 * EXIT_OK with *out (zero where none is set yet) and *rev, its revision,
 * for the write to name (compare-and-set: another admin's quota set in
 * between is refused, not overwritten), or the exit code after saying why. */
static int quota_now(cli_t *cli, int field, int kind, Thidua__V1__Quota *out, uint64_t *rev)
{
    Thidua__V1__QuotaList body = THIDUA__V1__QUOTA_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    Thidua__V1__Response *resp = NULL;
    req.body_case = REQ(QUOTA_LIST);
    req.quota_list = &body;
    int rc = cli_call(cli, &req, &resp);
    if (rc != EXIT_OK)
        return rc;
    for (size_t i = 0; resp->quotas && i < resp->quotas->n_quotas; i++) {
        const Thidua__V1__Quota *q = resp->quotas->quotas[i];
        if ((int)q->field == field && (int)q->kind == kind) {
            out->max_selected = q->max_selected;
            out->max_per_unit = q->max_per_unit;
            *rev = q->meta ? q->meta->mod_revision : 0;
        }
    }
    thidua__v1__response__free_unpacked(resp, NULL);
    return EXIT_OK;
}

/* quota set FIELD KIND [--max N] [--per-unit N]: what is left out keeps its
 * value (read first), so raising the quota does not lift the per-unit cap. */
int cmd_quota_set(cli_t *cli, int argc, char **argv)
{
    const char *field = NULL, *kind = NULL, *max = NULL, *per_unit = NULL;
    struct arg_spec s[] = {{.value = &field, .required = true},
                           {.value = &kind, .required = true},
                           {.name = "max", .value = &max},
                           {.name = "per-unit", .value = &per_unit}};
    int rc = cli_parse(argc, argv, s, N(s), "quota");
    if (rc >= 0)
        return rc;
    if (!max && !per_unit) {
        cli_error(N_("say what to set: --max N (the quota), --per-unit N (a unit's cap), or both; "
                     "0 is no limit"));
        return EXIT_USAGE;
    }
    Thidua__V1__Quota q = THIDUA__V1__QUOTA__INIT;
    int f = cli_enum(&thidua__v1__field__descriptor, N_("field"), field);
    int k = f < 0 ? -1 : cli_enum(&thidua__v1__nominee_kind__descriptor, N_("kind"), kind);
    long long m = k < 0 || !max ? 0 : cli_whole("--max", max, 0, UINT32_MAX);
    long long p = m < 0 || !per_unit ? 0 : cli_whole("--per-unit", per_unit, 0, UINT32_MAX);
    if (k < 0 || m < 0 || p < 0)
        return EXIT_USAGE;
    uint64_t rev = 0;
    if ((!max || !per_unit) && (rc = quota_now(cli, f, k, &q, &rev)) != EXIT_OK)
        return rc;
    q.field = f;
    q.kind = k;
    if (max)
        q.max_selected = (uint32_t)m;
    if (per_unit)
        q.max_per_unit = (uint32_t)p;
    Thidua__V1__QuotaSet body = THIDUA__V1__QUOTA_SET__INIT;
    body.quota = &q;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(QUOTA_SET);
    req.quota_set = &body;
    req.expected_revision = rev;
    return cli_run(cli, &req, show_quota);
}

/* Fields and kinds in the contract's order, as counts and stats list
 * them (the broker's keys go by name: culture before economy). */
static int quota_cmp(const void *pa, const void *pb)
{
    const Thidua__V1__Quota *a = *(Thidua__V1__Quota *const *)pa,
                            *b = *(Thidua__V1__Quota *const *)pb;
    return a->field != b->field ? (a->field > b->field) - (a->field < b->field)
                                : (a->kind > b->kind) - (a->kind < b->kind);
}

static void show_quotas(const Thidua__V1__Response *r)
{
    cli_table_t *t = cli_table_new(5);
    cli_table_right(t, 2, 4);
    cli_table_row(t, _("FIELD"), _("KIND"), _("SELECTED"), _("QUOTA"), _("PER UNIT"));
    qsort(r->quotas->quotas, r->quotas->n_quotas, sizeof *r->quotas->quotas, quota_cmp);
    for (size_t i = 0; i < r->quotas->n_quotas; i++) {
        const Thidua__V1__Quota *q = r->quotas->quotas[i];
        char f[32], k[32], sel[16], max[16], pu[16];
        snprintf(sel, sizeof sel, "%u", q->selected);
        cli_table_row(t, cli_enum_name(&thidua__v1__field__descriptor, q->field, f, sizeof f),
                      cli_enum_name(&thidua__v1__nominee_kind__descriptor, q->kind, k, sizeof k),
                      sel, limit(q->max_selected, max), limit(q->max_per_unit, pu));
    }
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

int cmd_quota_list(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "quota");
    if (rc >= 0)
        return rc;
    Thidua__V1__QuotaList body = THIDUA__V1__QUOTA_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(QUOTA_LIST);
    req.quota_list = &body;
    return cli_run(cli, &req, show_quotas);
}

/* One line for the criterion written, with what it was set to beyond its
 * text: mandatory, and the one kind it applies to (nothing for both). */
static void show_criterion(const Thidua__V1__Response *r)
{
    const Thidua__V1__Criterion *c = r->record->criterion;
    if (!c)
        return;
    char k[32], kind[32], note[96] = "";
    if (c->applies_to) {
        snprintf(kind, sizeof kind, "%s",
                 cli_enum_name(&thidua__v1__nominee_kind__descriptor, c->applies_to, k, sizeof k));
        kind[0] = (char)tolower((unsigned char)kind[0]); /* mid-sentence: "chỉ cho tập thể" */
        snprintf(note, sizeof note, c->mandatory ? _(" (mandatory; %s only)") : _(" (%s only)"),
                 kind);
    } else if (c->mandatory) {
        snprintf(note, sizeof note, "%s", _(" (mandatory)"));
    }
    printf(_("criterion %s%s: %s\n"), c->code, note, c->text);
}

/* --applies-to as typed: a kind, or both (NomineeKind 0, as the broker
 * reads a criterion that names no kind); -1 after naming the words it takes. */
static int applies_to(const char *typed)
{
    return cli_choice(&cli_applies_to, "--applies-to", typed);
}

int cmd_criterion_add(cli_t *cli, int argc, char **argv)
{
    const char *code = NULL, *text = NULL, *applies = NULL, *mandatory = NULL;
    struct arg_spec s[] = {{.value = &code, .required = true, .code = true},
                           {.name = "text", .value = &text, .required = true},
                           {.name = "applies-to", .value = &applies},
                           {.name = "mandatory", .value = &mandatory, .flag = true}};
    int rc = cli_parse(argc, argv, s, N(s), "criterion");
    if (rc >= 0)
        return rc;
    Thidua__V1__Criterion c = THIDUA__V1__CRITERION__INIT;
    c.code = (char *)code;
    c.text = (char *)text;
    c.mandatory = mandatory != NULL;
    int k = applies ? applies_to(applies) : 0;
    if (k < 0)
        return EXIT_USAGE;
    c.applies_to = k;
    Thidua__V1__CriterionAdd body = THIDUA__V1__CRITERION_ADD__INIT;
    body.criterion = &c;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CRITERION_ADD);
    req.criterion_add = &body;
    return cli_run(cli, &req, show_criterion);
}

/* criterion edit CODE [--text T] [--applies-to K] [--mandatory yes|no]:
 * what is left out stays as it is; nothing given is refused before
 * sending (cli_edit_given). */
int cmd_criterion_edit(cli_t *cli, int argc, char **argv)
{
    const char *code = NULL, *text = NULL, *applies = NULL, *mandatory = NULL, *expect = NULL;
    struct arg_spec s[] = {{.value = &code, .required = true, .code = true},
                           {.name = "text", .value = &text},
                           {.name = "applies-to", .value = &applies},
                           {.name = "mandatory", .value = &mandatory},
                           {.name = "expect-revision", .value = &expect}};
    int rc = cli_parse(argc, argv, s, N(s), "criterion");
    if (rc >= 0 || (rc = cli_edit_given(s, N(s), "criterion", "edit")) >= 0)
        return rc;
    Thidua__V1__Criterion c = THIDUA__V1__CRITERION__INIT;
    Thidua__V1__CriterionEdit body = THIDUA__V1__CRITERION_EDIT__INIT;
    c.code = (char *)code;
    c.text = (char *)(text ? text : "");
    int k = applies ? applies_to(applies) : 0;
    int m = k >= 0 && mandatory ? cli_yes_no("mandatory", mandatory) : 0;
    if (k < 0 || m < 0)
        return EXIT_USAGE;
    c.applies_to = k;
    c.mandatory = m;
    body.criterion = &c;
    body.set_applies_to = applies != NULL;
    body.set_mandatory = mandatory != NULL;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CRITERION_EDIT);
    req.criterion_edit = &body;
    if (cli_expect_revision(expect, &req.expected_revision) != 0)
        return EXIT_USAGE;
    return cli_run(cli, &req, show_criterion);
}

static void show_criteria(const Thidua__V1__Response *r)
{
    cli_table_t *t = cli_table_new(4);
    cli_table_row(t, _("CODE"), _("MANDATORY"), _("APPLIES TO"), _("TEXT"));
    for (size_t i = 0; i < r->criteria->n_criteria; i++) {
        const Thidua__V1__Criterion *c = r->criteria->criteria[i];
        char k[32];
        const char *applies =
            cli_enum_name(&thidua__v1__nominee_kind__descriptor, c->applies_to, k, sizeof k);
        cli_table_row(t, c->code, c->mandatory ? _("yes") : _("no"),
                      c->applies_to ? applies : _("both"), c->text);
    }
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

int cmd_criterion_list(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "criterion");
    if (rc >= 0)
        return rc;
    Thidua__V1__CriterionList body = THIDUA__V1__CRITERION_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CRITERION_LIST);
    req.criterion_list = &body;
    return cli_run(cli, &req, show_criteria);
}

/* Rows "what  state  count": the status the broker names by its code,
 * shown by its label. */
static void count_rows(cli_table_t *t, const char *what, const ProtobufCEnumDescriptor *d,
                       Thidua__V1__NamedCount *const *counts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char label[64], num[24];
        int v = pbjson_enum_value(d, counts[i]->status);
        snprintf(num, sizeof num, "%llu", (unsigned long long)counts[i]->count);
        cli_table_row(t, i ? "" : what,
                      v > 0 ? cli_label(d, v, label, sizeof label) : counts[i]->status, num);
    }
}

static void show_counts(const Thidua__V1__Response *r)
{
    const Thidua__V1__CountsReply *c = r->counts;
    char overdue[24];
    snprintf(overdue, sizeof overdue, "%u", c->overdue);
    cli_table_t *by_status = cli_table_new(3);
    cli_table_right(by_status, 2, 2);
    count_rows(by_status, _("Tasks"), &thidua__v1__task_status__descriptor, c->tasks, c->n_tasks);
    cli_table_row(by_status, "", _("Overdue"), overdue);
    count_rows(by_status, _("Nominees"), &thidua__v1__nominee_status__descriptor, c->nominees,
               c->n_nominees);
    cli_table_print(by_status, stdout);
    cli_table_destroy(&by_status);
    putchar('\n');
    cli_table_t *t = cli_table_new(5);
    cli_table_right(t, 2, 4);
    cli_table_row(t, _("FIELD"), _("KIND"), _("PROPOSED"), _("SELECTED"), _("QUOTA"));
    for (size_t i = 0; i < c->n_quotas; i++) {
        const Thidua__V1__QuotaUse *u = c->quotas[i];
        char f[32], k[32], p[16], s[16], q[16];
        snprintf(p, sizeof p, "%u", u->proposed);
        snprintf(s, sizeof s, "%u", u->selected);
        snprintf(q, sizeof q, "%u", u->max_selected);
        cli_table_row(t, cli_enum_name(&thidua__v1__field__descriptor, u->field, f, sizeof f),
                      cli_enum_name(&thidua__v1__nominee_kind__descriptor, u->kind, k, sizeof k), p,
                      s, u->max_selected ? q : "-");
    }
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

int cmd_counts(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "counts");
    if (rc >= 0)
        return rc;
    Thidua__V1__CountsRequest body = THIDUA__V1__COUNTS_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(COUNTS);
    req.counts = &body;
    return cli_run(cli, &req, show_counts);
}
