/* thidua nominee ...: create, edit, attach, propose, withdraw, return, vet, check,
 * opinion, disclose, close-disclosure, complain, resolve, recommend,
 * decide, list, show (the dossier itself is printed by dossier.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "congress.h"
#include "fold.h"
#include "history.h"
#include "words.h"

#define N(a)   ((int)(sizeof(a) / sizeof((a)[0])))
#define REQ(b) THIDUA__V1__REQUEST__BODY_##b

#define THD_CLI_MAX_CRITERIA 32
#define THD_CLI_MAX_HONOURS  32

/* The descriptive options create and edit share. */
struct describe {
    const char *name, *kind, *field, *achievements, *workplace, *position, *gender, *birth_year,
        *criteria, *influential, *new_factor, *period, *honour_form, *honours;
    char *criteria_copy; /* criteria split in place; fresh, freed by describe_free */
    char *codes[THD_CLI_MAX_CRITERIA];
    char *honours_copy; /* honours split in place; fresh, freed with criteria_copy */
    Thidua__V1__EarlierHonour honour[THD_CLI_MAX_HONOURS];
    Thidua__V1__EarlierHonour *honour_p[THD_CLI_MAX_HONOURS];
};

#define DESCRIBE_SPECS(d)                                                                          \
    {.name = "kind", .value = &(d).kind}, {.name = "field", .value = &(d).field},                  \
        {.name = "achievements", .value = &(d).achievements},                                      \
        {.name = "workplace", .value = &(d).workplace},                                            \
        {.name = "position", .value = &(d).position}, {.name = "gender", .value = &(d).gender},    \
        {.name = "birth-year", .value = &(d).birth_year},                                          \
        {.name = "criteria", .value = &(d).criteria, .code = true},                                \
        {.name = "influential", .value = &(d).influential},                                        \
        {.name = "period", .value = &(d).period},                                                  \
        {.name = "honour-form", .value = &(d).honour_form},                                        \
        {.name = "earlier-honours", .value = &(d).honours},                                        \
    {                                                                                              \
        .name = "new-factor", .value = &(d).new_factor                                             \
    }

/* --period FROM-TO (years): the achievement period; -1 after saying why. */
static int period_fill(const char *s, Thidua__V1__Nominee *n)
{
    unsigned from, to;
    char end;
    if (sscanf(s, "%u-%u%c", &from, &to, &end) != 2 || from > 9999 || to > 9999) {
        cli_error(N_("--period takes two years such as 2016-2020, not '%s'"), s);
        return -1;
    }
    n->period_from = from;
    n->period_to = to;
    return 0;
}

/* --earlier-honours "YEAR|FORM|DECISION;...": each honour's year, form and
 * decision number, ';' between honours; -1 after saying which is wrong. */
static int honours_fill(struct describe *d, Thidua__V1__Nominee *n)
{
    d->honours_copy = strdup(d->honours);
    if (!d->honours_copy)
        return -1;
    char *save = NULL;
    for (char *h = strtok_r(d->honours_copy, ";", &save); h; h = strtok_r(NULL, ";", &save)) {
        size_t i = n->n_earlier_honours;
        char *form = strchr(h, '|'), *number = form ? strchr(form + 1, '|') : NULL;
        long long year = -1;
        if (form)
            *form++ = '\0';
        if (number)
            *number++ = '\0';
        while (*h == ' ')
            h++;
        year = cli_number(h);
        if (i == THD_CLI_MAX_HONOURS || !form || year < 0 || year > 9999) {
            cli_error(N_("--earlier-honours: honour %zu must read YEAR|FORM|DECISION NUMBER, e.g. "
                         "2018|Bằng khen của Chủ tịch UBND tỉnh|1234/QĐ-UBND"),
                      i + 1);
            return -1;
        }
        thidua__v1__earlier_honour__init(&d->honour[i]);
        d->honour[i].year = (uint32_t)year;
        d->honour[i].form = form;
        d->honour[i].decision_number = number ? number : "";
        d->honour_p[i] = &d->honour[i];
        n->n_earlier_honours = i + 1;
    }
    n->earlier_honours = d->honour_p;
    return 0;
}

/* Fills n from the options given; -1 after saying what is wrong. Enums
 * and flags not given stay as n has them. */
static int describe_fill(struct describe *d, Thidua__V1__Nominee *n)
{
    int k = d->kind ? cli_enum(&thidua__v1__nominee_kind__descriptor, "--kind", d->kind) : 0;
    int f = k < 0 || !d->field ? 0 : cli_enum(&thidua__v1__field__descriptor, "--field", d->field);
    long long year = d->birth_year ? cli_number(d->birth_year) : 0;
    int infl = d->influential ? cli_yes_no("influential", d->influential) : n->influential;
    int nf = d->new_factor ? cli_yes_no("new-factor", d->new_factor) : n->new_factor;
    if (k < 0 || f < 0 || infl < 0 || nf < 0)
        return -1;
    if (year < 0 || year > 9999) {
        cli_error(N_("--birth-year takes a year such as 1975, not '%s'"), d->birth_year);
        return -1;
    }
    n->name = (char *)(d->name ? d->name : "");
    n->kind = k;
    n->field = f;
    n->birth_year = (uint32_t)year;
    n->influential = infl;
    n->new_factor = nf;
    n->achievements = (char *)(d->achievements ? d->achievements : "");
    n->workplace = (char *)(d->workplace ? d->workplace : "");
    n->position = (char *)(d->position ? d->position : "");
    n->gender = (char *)(d->gender ? words_gender(d->gender) : "");
    n->honour_form = (char *)(d->honour_form ? d->honour_form : "");
    if ((d->period && period_fill(d->period, n) != 0) || (d->honours && honours_fill(d, n) != 0))
        return -1;
    d->criteria_copy = strdup(d->criteria ? d->criteria : "");
    if (!d->criteria_copy)
        return -1;
    n->criteria_met = d->codes;
    n->n_criteria_met = 0;
    for (char *tok = strtok(d->criteria_copy, ","); tok && n->n_criteria_met < THD_CLI_MAX_CRITERIA;
         tok = strtok(NULL, ","))
        d->codes[n->n_criteria_met++] = tok;
    return 0;
}

/* The number of a nominee's id (N-12 is 12). */
static unsigned long id_number(const char *id)
{
    return strtoul(id + strcspn(id, "0123456789"), NULL, 10);
}

/* After a nominee is created: others of the same name (case and marks
 * aside), the newest, ours, left out, are named in a note. A person
 * proposed twice, by one unit or by two, is better seen at once. */
static void note_same_name(cli_t *cli, const char *name)
{
    Thidua__V1__NomineeList body = THIDUA__V1__NOMINEE_LIST__INIT;
    body.query = (char *)name;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_LIST);
    req.nominee_list = &body;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st = {0};
    char *want = fold_text(name);
    if (!want || cli->json || !cli->client || thd_call(cli->client, &req, &resp, &st) != 0 ||
        resp->body_case != THIDUA__V1__RESPONSE__BODY_NOMINEES) {
        free(want);
        if (resp)
            thidua__v1__response__free_unpacked(resp, NULL);
        return;
    }
    const Thidua__V1__NomineeListReply *l = resp->nominees;
    size_t same[16], n = 0, newest = 0;
    for (size_t i = 0; i < l->n_nominees && n < 16; i++) {
        char *f = fold_text(l->nominees[i]->name);
        if (f && strcmp(f, want) == 0) {
            if (n && id_number(l->nominees[i]->id) > id_number(l->nominees[same[newest]]->id))
                newest = n;
            same[n++] = i;
        }
        free(f);
    }
    char others[512] = "";
    for (size_t k = 0; k < n; k++) {
        const Thidua__V1__Nominee *o = l->nominees[same[k]];
        size_t used = strlen(others);
        if (k != newest)
            snprintf(others + used, sizeof others - used, "%s%s (%s)", used ? ", " : "", o->id,
                     o->proposing_unit);
    }
    if (*others)
        fprintf(stderr, _("note: a nominee of the same name is already in the system: %s\n"),
                others);
    free(want);
    thidua__v1__response__free_unpacked(resp, NULL);
}

int cmd_nominee_create(cli_t *cli, int argc, char **argv)
{
    struct describe d = {0};
    struct arg_spec s[] = {{.value = &d.name, .required = true}, DESCRIBE_SPECS(d)};
    /* DESCRIBE_SPECS opens with --kind and --field: a create needs them, an edit keeps them */
    s[1].required = s[2].required = true;
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    if (describe_fill(&d, &n) != 0) {
        free(d.criteria_copy);
        free(d.honours_copy);
        return EXIT_USAGE;
    }
    Thidua__V1__NomineeCreate body = THIDUA__V1__NOMINEE_CREATE__INIT;
    body.nominee = &n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_CREATE);
    req.nominee_create = &body;
    rc = cli_run_whole(cli, &req, cli_show_nominee);
    if (rc == EXIT_OK)
        note_same_name(cli, n.name);
    free(d.criteria_copy);
    free(d.honours_copy);
    return rc;
}

/* The nominee as the broker has it now; NULL after printing why. */
static Thidua__V1__Response *fetch(cli_t *cli, const char *id, int *rc)
{
    Thidua__V1__NomineeGet body = THIDUA__V1__NOMINEE_GET__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_GET);
    req.nominee_get = &body;
    Thidua__V1__Response *resp = NULL;
    *rc = cli_call(cli, &req, &resp);
    if (*rc == EXIT_OK && (!resp->record || !resp->record->nominee)) {
        cli_error(N_("the broker's reply holds no nominee"));
        *rc = EXIT_FAILURE_;
    }
    if (*rc != EXIT_OK && resp) {
        thidua__v1__response__free_unpacked(resp, NULL);
        resp = NULL;
    }
    return resp;
}

/* An edit replaces the yes/no flags every time, so those not given are
 * read first and sent back as they are, under compare-and-set: an edit
 * made in between is refused (ABORTED), never silently undone. */
int cmd_nominee_edit(cli_t *cli, int argc, char **argv)
{
    struct describe d = {0};
    const char *id = NULL, *expect = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "N"},
                           {.name = "name", .value = &d.name},
                           {.name = "expect-revision", .value = &expect},
                           DESCRIBE_SPECS(d)};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0 || (rc = cli_edit_given(s, N(s), "nominee", "edit")) >= 0)
        return rc;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    if (cli_expect_revision(expect, &req.expected_revision) != 0)
        return EXIT_USAGE;
    Thidua__V1__Response *now = fetch(cli, id, &rc);
    if (!now)
        return rc;
    const Thidua__V1__Nominee *cur = now->record->nominee;
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    n.influential = cur->influential;
    n.new_factor = cur->new_factor;
    if (!req.expected_revision && cur->meta)
        req.expected_revision = cur->meta->mod_revision;
    if (describe_fill(&d, &n) == 0) {
        n.id = (char *)id;
        Thidua__V1__NomineeEdit body = THIDUA__V1__NOMINEE_EDIT__INIT;
        body.nominee = &n;
        req.body_case = REQ(NOMINEE_EDIT);
        req.nominee_edit = &body;
        rc = cli_run_whole(cli, &req, cli_show_nominee);
    } else {
        rc = EXIT_USAGE;
    }
    free(d.criteria_copy);
    free(d.honours_copy);
    thidua__v1__response__free_unpacked(now, NULL);
    return rc;
}

/* A verb on one nominee with an optional text, given as --reason (or
 * --note where "reason" reads oddly, as for disclosure); the return's is
 * required, as the broker's. A withdrawal cannot be undone, so it alone
 * takes --yes. */
static int nominee_verb_as(cli_t *cli, int argc, char **argv, int body_case, const char *option)
{
    const char *id = NULL, *reason = NULL, *yes = NULL;
    bool withdraw = body_case == REQ(NOMINEE_WITHDRAW);
    struct arg_spec s[] = {
        {.value = &id, .required = true, .id_of = "N"},
        {.name = option, .value = &reason, .required = body_case == REQ(NOMINEE_RETURN)},
        {.name = "yes", .value = &yes, .flag = true}};
    int rc = cli_parse(argc, argv, s, N(s) - !withdraw, "nominee");
    if (rc >= 0)
        return rc;
    if (withdraw &&
        (rc = cli_confirm(cli, yes, id,
                          N_("withdraw nominee %s? A withdrawn proposal cannot be proposed again."),
                          N_("a withdrawal cannot be undone and there is no terminal to ask at; "
                             "add --yes to withdraw %s"),
                          N_("not withdrawn"))) >= 0)
        return rc;
    Thidua__V1__NomineeVerb body = THIDUA__V1__NOMINEE_VERB__INIT;
    body.id = (char *)id;
    body.reason = (char *)(reason ? reason : "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = body_case;
    req.nominee_propose = &body; /* the oneof's members share storage */
    return cli_run_whole(cli, &req, cli_show_nominee);
}

static int nominee_verb(cli_t *cli, int argc, char **argv, int body_case)
{
    return nominee_verb_as(cli, argc, argv, body_case, "reason");
}

int cmd_nominee_propose(cli_t *cli, int argc, char **argv)
{
    return nominee_verb(cli, argc, argv, REQ(NOMINEE_PROPOSE));
}

int cmd_nominee_withdraw(cli_t *cli, int argc, char **argv)
{
    return nominee_verb(cli, argc, argv, REQ(NOMINEE_WITHDRAW));
}

int cmd_nominee_return(cli_t *cli, int argc, char **argv)
{
    return nominee_verb(cli, argc, argv, REQ(NOMINEE_RETURN));
}

int cmd_nominee_vet(cli_t *cli, int argc, char **argv)
{
    return nominee_verb(cli, argc, argv, REQ(NOMINEE_START_VETTING));
}

int cmd_nominee_recommend(cli_t *cli, int argc, char **argv)
{
    return nominee_verb(cli, argc, argv, REQ(NOMINEE_RECOMMEND));
}

int cmd_nominee_check(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *crit = NULL, *result = NULL, *note = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "N"},
                           {.name = "criterion", .value = &crit, .required = true, .code = true},
                           {.name = "result", .value = &result, .required = true},
                           {.name = "note", .value = &note}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    int v = cli_enum(&thidua__v1__check_result__descriptor, "--result", result);
    if (v < 0)
        return EXIT_USAGE;
    Thidua__V1__NomineeCheck body = THIDUA__V1__NOMINEE_CHECK__INIT;
    body.id = (char *)id;
    body.criterion = (char *)crit;
    body.result = v;
    body.note = (char *)(note ? note : "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_CHECK);
    req.nominee_check = &body;
    return cli_run_whole(cli, &req, cli_show_nominee);
}

int cmd_nominee_disclose(cli_t *cli, int argc, char **argv)
{
    return nominee_verb_as(cli, argc, argv, REQ(NOMINEE_DISCLOSURE_OPEN), "note");
}

int cmd_nominee_close_disclosure(cli_t *cli, int argc, char **argv)
{
    return nominee_verb_as(cli, argc, argv, REQ(NOMINEE_DISCLOSURE_CLOSE), "note");
}

int cmd_nominee_opinion(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *agency = NULL, *result = NULL, *text = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "N"},
                           {.name = "agency", .value = &agency, .required = true},
                           {.name = "result", .value = &result, .required = true},
                           {.name = "text", .value = &text}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    int choice = cli_choice(&cli_opinions, "--result", result);
    int favorable = choice == 0;
    if (choice < 0)
        return EXIT_USAGE;
    Thidua__V1__NomineeOpinion body = THIDUA__V1__NOMINEE_OPINION__INIT;
    body.id = (char *)id;
    body.agency = (char *)agency;
    body.text = (char *)(text ? text : "");
    body.favorable = favorable;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_OPINION);
    req.nominee_opinion = &body;
    return cli_run_whole(cli, &req, cli_show_nominee);
}

int cmd_nominee_complain(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *text = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "N"},
                           {.name = "text", .value = &text, .required = true}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    Thidua__V1__NomineeComplaint body = THIDUA__V1__NOMINEE_COMPLAINT__INIT;
    body.id = (char *)id;
    body.text = (char *)text;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_COMPLAINT);
    req.nominee_complaint = &body;
    return cli_run_whole(cli, &req, cli_show_nominee);
}

int cmd_nominee_resolve(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *number = NULL, *text = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "N"},
                           {.name = "complaint", .value = &number, .required = true},
                           {.name = "text", .value = &text, .required = true}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    long long n = cli_number(number);
    if (n <= 0 || n > UINT32_MAX) {
        cli_error(N_("--complaint takes the complaint's number (1, 2, ...), not '%s'"), number);
        return EXIT_USAGE;
    }
    Thidua__V1__NomineeResolve body = THIDUA__V1__NOMINEE_RESOLVE__INIT;
    body.id = (char *)id;
    body.number = (uint32_t)n;
    body.resolution = (char *)text;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_RESOLVE);
    req.nominee_resolve = &body;
    return cli_run_whole(cli, &req, cli_show_nominee);
}

int cmd_nominee_decide(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *outcome = NULL, *reason = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "N"},
                           {.value = &outcome, .required = true},
                           {.name = "reason", .value = &reason}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    int choice = cli_choice(&cli_outcomes, N_("decision"), outcome);
    if (choice < 0)
        return EXIT_USAGE;
    bool selected = choice == 0;
    Thidua__V1__NomineeDecide body = THIDUA__V1__NOMINEE_DECIDE__INIT;
    body.id = (char *)id;
    body.selected = selected;
    body.reason = (char *)(reason ? reason : "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_DECIDE);
    req.nominee_decide = &body;
    return cli_run_whole(cli, &req, cli_show_nominee);
}

int cmd_nominee_attach(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *file = NULL, *name = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "N"},
                           {.name = "file", .value = &file, .required = true},
                           {.name = "name", .value = &name}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    Thidua__V1__Attachment a;
    char sha[65];
    if (cli_load_file(file, name, &a, sha) != 0)
        return EXIT_USAGE;
    Thidua__V1__NomineeAttach body = THIDUA__V1__NOMINEE_ATTACH__INIT;
    body.id = (char *)id;
    body.attachment = &a;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_ATTACH);
    req.nominee_attach = &body;
    rc = cli_run_whole(cli, &req, cli_show_nominee);
    free(a.data.data);
    return rc;
}

int cmd_nominee_show(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "N"}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    Thidua__V1__NomineeGet body = THIDUA__V1__NOMINEE_GET__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_GET);
    req.nominee_get = &body;
    return cli_show_whole(cli, &req, cli_show_nominee);
}

static void show_nominees(const Thidua__V1__Response *const *pages, size_t n_pages,
                          const char *more)
{
    cli_table_t *t = cli_table_new(6);
    cli_table_row(t, _("ID"), _("STATUS"), _("UNIT"), _("FIELD"), _("KIND"), _("NAME"));
    for (size_t p = 0; p < n_pages; p++)
        for (size_t i = 0; i < pages[p]->nominees->n_nominees; i++) {
            const Thidua__V1__Nominee *n = pages[p]->nominees->nominees[i];
            char st[32], field[32], kind[32];
            cli_table_row(
                t, n->id,
                cli_enum_name(&thidua__v1__nominee_status__descriptor, n->status, st, sizeof st),
                n->proposing_unit,
                cli_enum_name(&thidua__v1__field__descriptor, n->field, field, sizeof field),
                cli_enum_name(&thidua__v1__nominee_kind__descriptor, n->kind, kind, sizeof kind),
                n->name);
        }
    cli_table_print_list(t, stdout, _("no nominee matches"));
    cli_table_destroy(&t);
    cli_more(more);
}

static const char *next_nominees(const Thidua__V1__Response *r)
{
    return r->nominees ? r->nominees->next_page_token : "";
}

int cmd_nominee_list(cli_t *cli, int argc, char **argv)
{
    const char *unit = NULL, *status = NULL, *query = NULL, *page = NULL;
    struct arg_spec s[] = {{.name = "unit", .value = &unit, .code = true},
                           {.name = "status", .value = &status},
                           {.name = "search", .value = &query},
                           {.name = "page", .value = &page}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    Thidua__V1__NomineeList body = THIDUA__V1__NOMINEE_LIST__INIT;
    body.unit = (char *)(unit ? unit : "");
    body.query = (char *)(query ? query : "");
    body.page_token = (char *)(page ? page : "");
    if (status) {
        int v = cli_enum(&thidua__v1__nominee_status__descriptor, "--status", status);
        if (v < 0)
            return EXIT_USAGE;
        body.status = v;
    }
    if (unit && (rc = cli_unit_known(cli, unit)) != 0) /* not an empty list for a typo */
        return rc;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_LIST);
    req.nominee_list = &body;
    return cli_run_pages(cli, &req, &body.page_token, next_nominees, show_nominees, page != NULL);
}
