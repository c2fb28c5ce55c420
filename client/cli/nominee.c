/* thidua nominee ...: create, propose, withdraw, return, vet, check,
 * recommend, decide, list, show. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "congress.h"

#define N(a)   ((int)(sizeof(a) / sizeof((a)[0])))
#define REQ(b) THIDUA__V1__REQUEST__BODY_##b

static void show_nominee(const Thidua__V1__Response *r)
{
    const Thidua__V1__Record *rec = r->record;
    if (rec->body_case != THIDUA__V1__RECORD__BODY_NOMINEE)
        return;
    const Thidua__V1__Nominee *n = rec->nominee;
    char st[32], kind[32], field[32], res[32];
    printf(
        _("nominee   %s\nname      %s\nkind      %s\nfield     %s\nunit      %s\nstatus    %s\n"),
        n->id, n->name,
        cli_enum_name(&thidua__v1__nominee_kind__descriptor, n->kind, kind, sizeof kind),
        cli_enum_name(&thidua__v1__field__descriptor, n->field, field, sizeof field),
        n->proposing_unit,
        cli_enum_name(&thidua__v1__nominee_status__descriptor, n->status, st, sizeof st));
    printf(_("disclosure %s\n"),
           cli_enum_name(&thidua__v1__disclosure__descriptor, n->disclosure, res, sizeof res));
    for (size_t i = 0; i < n->n_checks; i++)
        printf(_("check     %s: %s %s\n"), n->checks[i]->criterion,
               cli_enum_name(&thidua__v1__check_result__descriptor, n->checks[i]->result, res,
                             sizeof res),
               n->checks[i]->note);
    for (size_t i = 0; i < n->n_complaints; i++)
        printf(_("complaint %u (%s): %s\n"), n->complaints[i]->number,
               n->complaints[i]->resolved ? _("resolved") : _("open"), n->complaints[i]->text);
    if (*n->decision_reason)
        printf(_("reason    %s\n"), n->decision_reason);
}

int cmd_nominee_create(cli_t *cli, int argc, char **argv)
{
    const char *name = NULL, *kind = NULL, *field = NULL, *ach = NULL, *workplace = NULL;
    struct arg_spec s[] = {{.value = &name, .required = true},
                           {.name = "kind", .value = &kind, .required = true},
                           {.name = "field", .value = &field, .required = true},
                           {.name = "achievements", .value = &ach},
                           {.name = "workplace", .value = &workplace}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    int k = cli_enum(&thidua__v1__nominee_kind__descriptor, "kind", kind);
    int f = k < 0 ? -1 : cli_enum(&thidua__v1__field__descriptor, "field", field);
    if (f < 0)
        return EXIT_USAGE;
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    n.name = (char *)name;
    n.kind = k;
    n.field = f;
    n.achievements = (char *)(ach ? ach : "");
    n.workplace = (char *)(workplace ? workplace : "");
    Thidua__V1__NomineeCreate body = THIDUA__V1__NOMINEE_CREATE__INIT;
    body.nominee = &n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_CREATE);
    req.nominee_create = &body;
    return cli_run(cli, &req, show_nominee);
}

static int nominee_verb(cli_t *cli, int argc, char **argv, int body_case)
{
    const char *id = NULL, *reason = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true}, {.name = "reason", .value = &reason}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    Thidua__V1__NomineeVerb body = THIDUA__V1__NOMINEE_VERB__INIT;
    body.id = (char *)id;
    body.reason = (char *)(reason ? reason : "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = body_case;
    req.nominee_propose = &body; /* the oneof's members share storage */
    return cli_run(cli, &req, show_nominee);
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
    struct arg_spec s[] = {{.value = &id, .required = true},
                           {.name = "criterion", .value = &crit, .required = true},
                           {.name = "result", .value = &result, .required = true},
                           {.name = "note", .value = &note}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    int v = cli_enum(&thidua__v1__check_result__descriptor, "result", result);
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
    return cli_run(cli, &req, show_nominee);
}

int cmd_nominee_decide(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *outcome = NULL, *reason = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true},
                           {.value = &outcome, .required = true},
                           {.name = "reason", .value = &reason}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    bool selected = strcmp(outcome, "selected") == 0;
    if (!selected && strcmp(outcome, "rejected") != 0) {
        fprintf(stderr, _("thidua: decide selected or rejected, not '%s'\n"), outcome);
        return EXIT_USAGE;
    }
    Thidua__V1__NomineeDecide body = THIDUA__V1__NOMINEE_DECIDE__INIT;
    body.id = (char *)id;
    body.selected = selected;
    body.reason = (char *)(reason ? reason : "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_DECIDE);
    req.nominee_decide = &body;
    return cli_run(cli, &req, show_nominee);
}

int cmd_nominee_show(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true}};
    int rc = cli_parse(argc, argv, s, N(s), "nominee");
    if (rc >= 0)
        return rc;
    Thidua__V1__NomineeGet body = THIDUA__V1__NOMINEE_GET__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_GET);
    req.nominee_get = &body;
    return cli_run(cli, &req, show_nominee);
}

static void show_nominees(const Thidua__V1__Response *r)
{
    cli_table_t *t = cli_table_new(6);
    cli_table_row(t, _("ID"), _("STATUS"), _("UNIT"), _("FIELD"), _("KIND"), _("NAME"));
    for (size_t i = 0; i < r->nominees->n_nominees; i++) {
        const Thidua__V1__Nominee *n = r->nominees->nominees[i];
        char st[32], field[32], kind[32];
        cli_table_row(
            t, n->id,
            cli_enum_name(&thidua__v1__nominee_status__descriptor, n->status, st, sizeof st),
            n->proposing_unit,
            cli_enum_name(&thidua__v1__field__descriptor, n->field, field, sizeof field),
            cli_enum_name(&thidua__v1__nominee_kind__descriptor, n->kind, kind, sizeof kind),
            n->name);
    }
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
    if (*r->nominees->next_page_token)
        printf(_("more: --page %s\n"), r->nominees->next_page_token);
}

int cmd_nominee_list(cli_t *cli, int argc, char **argv)
{
    const char *unit = NULL, *status = NULL, *query = NULL, *page = NULL;
    struct arg_spec s[] = {{.name = "unit", .value = &unit},
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
        int v = cli_enum(&thidua__v1__nominee_status__descriptor, "status", status);
        if (v < 0)
            return EXIT_USAGE;
        body.status = v;
    }
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_LIST);
    req.nominee_list = &body;
    return cli_run(cli, &req, show_nominees);
}
