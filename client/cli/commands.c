/* The command table and the commands of the broker core: ping, status,
 * keygen, principal and unit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "congress.h"
#include "fold.h"
#include "keys.h"
#include "pbjson.h"
#include "rules.h"

#define N(a)      ((int)(sizeof(a) / sizeof((a)[0])))
#define ROLE_DESC (&thidua__v1__role__descriptor)
#define KIND_DESC (&thidua__v1__unit_kind__descriptor)

static void show_ping(const Thidua__V1__Response *r)
{
    char role[32];
    printf(_("pong: you are %s (%s); broker at revision %llu\n"), r->ping->principal,
           cli_enum_name(ROLE_DESC, r->ping->role, role, sizeof role),
           (unsigned long long)r->revision);
}

static int cmd_ping(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "ping");
    if (rc >= 0)
        return rc;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    Thidua__V1__PingRequest body = THIDUA__V1__PING_REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PING;
    req.ping = &body;
    return cli_run(cli, &req, show_ping);
}

static void show_status(const Thidua__V1__Response *r)
{
    const Thidua__V1__StatusReply *s = r->status_reply;
    long long up = s->uptime_ms / 1000;
    char rev[24], log[96], uptime[64];
    snprintf(rev, sizeof rev, "%llu", (unsigned long long)s->revision);
    snprintf(log, sizeof log, _("%llu entries from revision %llu"),
             (unsigned long long)s->log_entries, (unsigned long long)s->oldest_revision);
    snprintf(uptime, sizeof uptime, _("%lldd %02lld:%02lld:%02lld"), up / 86400, up / 3600 % 24,
             up / 60 % 60, up % 60);
    cli_table_t *t = cli_table_new(2);
    if (!t)
        return;
    cli_table_row(t, _("revision"), rev);
    cli_table_row(t, _("change log"), log);
    cli_table_row(t, _("uptime"), uptime);
    cli_table_row(t, _("version"), s->version);
    cli_table_row(t, _("writes"),
                  s->read_only ? _("REFUSED (disk error; see the broker's log)") : _("accepting"));
    if (s->n_counts) /* the store's records by type, under their heading */
        cli_table_row(t, _("records held, by type:"), "");
    for (size_t i = 0; i < s->n_counts; i++) {
        char n[24], name[96];
        const char *type = thd_label_type(s->counts[i]->type, cli_i18n_lang());
        snprintf(n, sizeof n, "%llu", (unsigned long long)s->counts[i]->count);
        snprintf(name, sizeof name, "  %s", type ? type : s->counts[i]->type);
        cli_table_row(t, name, n);
    }
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

static int cmd_status(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "status");
    if (rc >= 0)
        return rc;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    Thidua__V1__StatusRequest body = THIDUA__V1__STATUS_REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_STATUS;
    req.status = &body;
    return cli_run(cli, &req, show_status);
}

/* An account name close to what a person typed: "Sở NV" gives "so-nv"
 * (marks and case folded, every other run of characters one '-'). NULL
 * when nothing usable is left. Caller frees. */
static char *account_name_like(const char *typed)
{
    char *s = fold_text(typed);
    if (!s)
        return NULL;
    size_t n = 0;
    for (const char *p = s; *p && n < THD_MAX_HANDLE_CHARS; p++) {
        bool keep = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("._-", *p);
        if (keep)
            s[n++] = *p;
        else if (n && s[n - 1] != '-')
            s[n++] = '-';
    }
    while (n && s[n - 1] == '-')
        n--;
    s[n] = '\0';
    if (thd_name_valid(s))
        return s;
    free(s);
    return NULL;
}

/* The key files are named as the person likes; the account the admin makes
 * for them is not. A name that could not be one gets a word before the
 * admin's refusal does. */
static void note_account_name(const char *name)
{
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    if (thd_name_valid(base))
        return;
    char *like = account_name_like(base);
    if (like)
        fprintf(stderr,
                _("note: '%s' cannot be an account name (only a-z 0-9 . _ -); the key files "
                  "may keep their name, but ask your admin for an account such as '%s'\n"),
                base, like);
    else
        fprintf(stderr,
                _("note: '%s' cannot be an account name (only a-z 0-9 . _ -); the key files "
                  "may keep their name, but ask your admin which account is yours\n"),
                base);
    free(like);
}

static int cmd_keygen(cli_t *cli, int argc, char **argv)
{
    const char *name = NULL;
    struct arg_spec s[] = {{.value = &name, .required = true}};
    int rc = cli_parse(argc, argv, s, N(s), "keygen");
    if (rc >= 0)
        return rc;
    char sec[4096], pub[4096];
    snprintf(sec, sizeof sec, "%s.key", name);
    snprintf(pub, sizeof pub, "%s.pub", name);
    thd_status_t st = {0};
    if (thd_keygen(sec, pub, &st) != 0) {
        cli_print_error(cli, &st);
        return cli_exit_code(st.code);
    }
    if (cli->json)
        printf("{\"secret_key_file\":\"%s\",\"public_key_file\":\"%s\"}\n", sec, pub);
    else
        printf(_("wrote %s (secret, keep it) and %s (send it to your admin)\n"), sec, pub);
    if (!cli->json)
        note_account_name(name);
    return EXIT_OK;
}

/* A unit or a principal, label and value, the labels in one column however
 * wide their translations are (as task show lines them up). */
static void show_record(const Thidua__V1__Response *r)
{
    const Thidua__V1__Record *rec = r->record;
    char buf[32];
    const Thidua__V1__Meta *m = NULL;
    cli_table_t *t = cli_table_new(2);
    if (!t)
        return;
    if (rec->body_case == THIDUA__V1__RECORD__BODY_UNIT) {
        const Thidua__V1__Unit *u = rec->unit;
        cli_table_row(t, _("Unit code"), u->code);
        cli_table_row(t, _("Unit name"), u->name);
        cli_table_row(t, _("Kind"), cli_enum_name(KIND_DESC, u->kind, buf, sizeof buf));
        m = u->meta;
    } else if (rec->body_case == THIDUA__V1__RECORD__BODY_PRINCIPAL) {
        const Thidua__V1__Principal *p = rec->principal;
        cli_table_row(t, _("Account"), p->name);
        cli_table_row(t, _("Display name"), *p->display_name ? p->display_name : "-");
        cli_table_row(t, _("Role"), cli_enum_name(ROLE_DESC, p->role, buf, sizeof buf));
        cli_table_row(t, _("Unit"), *p->unit ? p->unit : "-");
        cli_table_row(t, _("Public key"), p->public_key);
        cli_table_row(t, _("State"), p->disabled ? _("disabled") : _("enabled"));
        m = p->meta;
    }
    cli_meta_rows(t, m, NULL);
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

/* --public-key's key, given as the key itself or a .pub file: 0, or the
 * exit code after saying why not. */
static int public_key(cli_t *cli, const char *arg, char z85[41])
{
    thd_status_t st = {0};
    if (keys_load_public(arg, z85, &st) == 0)
        return 0;
    cli_print_error(cli, &st);
    return cli_exit_code(st.code);
}

static int cmd_principal_add(cli_t *cli, int argc, char **argv)
{
    const char *name = NULL, *role = NULL, *unit = NULL, *key = NULL, *display = NULL;
    struct arg_spec s[] = {{.value = &name, .required = true},
                           {.name = "role", .value = &role, .required = true},
                           {.name = "public-key", .value = &key, .required = true},
                           {.name = "unit", .value = &unit, .code = true},
                           {.name = "display-name", .value = &display}};
    int rc = cli_parse(argc, argv, s, N(s), "principal");
    if (rc >= 0)
        return rc;
    int r = cli_enum(ROLE_DESC, "--role", role);
    if (r < 0)
        return EXIT_USAGE;
    char z85[41];
    if ((rc = public_key(cli, key, z85)) != 0)
        return rc;
    Thidua__V1__Principal p = THIDUA__V1__PRINCIPAL__INIT;
    p.name = (char *)name;
    p.role = r;
    p.unit = (char *)(unit ? unit : "");
    p.public_key = z85;
    p.display_name = (char *)(display ? display : "");
    Thidua__V1__PrincipalAdd body = THIDUA__V1__PRINCIPAL_ADD__INIT;
    body.principal = &p;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_ADD;
    req.principal_add = &body;
    return cli_run(cli, &req, show_record);
}

static void show_principals(const Thidua__V1__Response *r)
{
    cli_table_t *t = cli_table_new(6);
    cli_table_row(t, _("NAME"), _("ROLE"), _("UNIT"), _("STATE"), _("DISPLAY NAME"), _("KEY"));
    for (size_t i = 0; i < r->principals->n_principals; i++) {
        const Thidua__V1__Principal *p = r->principals->principals[i];
        char role[32], key[16];
        snprintf(key, sizeof key, "%.8s...", p->public_key);
        cli_table_row(t, p->name, cli_enum_name(ROLE_DESC, p->role, role, sizeof role),
                      *p->unit ? p->unit : "-", p->disabled ? _("disabled") : _("enabled"),
                      p->display_name, key);
    }
    cli_table_print_list(t, stdout, _("no account yet"));
    cli_table_destroy(&t);
}

static int cmd_principal_list(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "principal");
    if (rc >= 0)
        return rc;
    Thidua__V1__PrincipalList body = THIDUA__V1__PRINCIPAL_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_LIST;
    req.principal_list = &body;
    return cli_run(cli, &req, show_principals);
}

static int set_disabled(cli_t *cli, int argc, char **argv, bool disabled)
{
    const char *name = NULL, *expect = NULL;
    struct arg_spec s[] = {{.value = &name, .required = true},
                           {.name = "expect-revision", .value = &expect}};
    int rc = cli_parse(argc, argv, s, N(s), "principal");
    if (rc >= 0)
        return rc;
    Thidua__V1__PrincipalSetDisabled body = THIDUA__V1__PRINCIPAL_SET_DISABLED__INIT;
    body.name = (char *)name;
    body.disabled = disabled;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_SET_DISABLED;
    req.principal_set_disabled = &body;
    if (cli_expect_revision(expect, &req.expected_revision) != 0)
        return EXIT_USAGE;
    return cli_run(cli, &req, show_record);
}

static int cmd_principal_disable(cli_t *cli, int argc, char **argv)
{
    return set_disabled(cli, argc, argv, true);
}

static int cmd_principal_enable(cli_t *cli, int argc, char **argv)
{
    return set_disabled(cli, argc, argv, false);
}

static int cmd_principal_set_key(cli_t *cli, int argc, char **argv)
{
    const char *name = NULL, *key = NULL, *expect = NULL;
    struct arg_spec s[] = {{.value = &name, .required = true},
                           {.name = "public-key", .value = &key, .required = true},
                           {.name = "expect-revision", .value = &expect}};
    int rc = cli_parse(argc, argv, s, N(s), "principal");
    if (rc >= 0)
        return rc;
    char z85[41];
    if ((rc = public_key(cli, key, z85)) != 0)
        return rc;
    Thidua__V1__PrincipalSetKey body = THIDUA__V1__PRINCIPAL_SET_KEY__INIT;
    body.name = (char *)name;
    body.public_key = z85;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_SET_KEY;
    req.principal_set_key = &body;
    if (cli_expect_revision(expect, &req.expected_revision) != 0)
        return EXIT_USAGE;
    return cli_run(cli, &req, show_record);
}

/* unit add and unit edit share their arguments. */
static int unit_write(cli_t *cli, int argc, char **argv, bool add)
{
    const char *code = NULL, *name = NULL, *kind = NULL, *expect = NULL;
    struct arg_spec s[] = {{.value = &code, .required = true, .code = true},
                           {.name = "name", .value = &name, .required = add},
                           {.name = "kind", .value = &kind, .required = add},
                           {.name = "expect-revision", .value = &expect}};
    int rc = cli_parse(argc, argv, s, N(s), "unit");
    if (rc >= 0 || (!add && (rc = cli_edit_given(s, N(s), "unit", "edit")) >= 0))
        return rc;
    Thidua__V1__Unit u = THIDUA__V1__UNIT__INIT;
    u.code = (char *)code;
    u.name = (char *)(name ? name : "");
    int k = kind ? cli_enum(KIND_DESC, "--kind", kind) : 0;
    if (k < 0)
        return EXIT_USAGE;
    u.kind = k;
    Thidua__V1__UnitAdd a = THIDUA__V1__UNIT_ADD__INIT;
    Thidua__V1__UnitEdit e = THIDUA__V1__UNIT_EDIT__INIT;
    a.unit = e.unit = &u;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = add ? THIDUA__V1__REQUEST__BODY_UNIT_ADD : THIDUA__V1__REQUEST__BODY_UNIT_EDIT;
    req.unit_add = &a; /* the oneof shares storage; set the active member last */
    if (!add)
        req.unit_edit = &e;
    if (cli_expect_revision(expect, &req.expected_revision) != 0)
        return EXIT_USAGE;
    return cli_run(cli, &req, show_record);
}

static int cmd_unit_add(cli_t *cli, int argc, char **argv)
{
    return unit_write(cli, argc, argv, true);
}

static int cmd_unit_edit(cli_t *cli, int argc, char **argv)
{
    return unit_write(cli, argc, argv, false);
}

static int cmd_unit_show(cli_t *cli, int argc, char **argv)
{
    const char *code = NULL;
    struct arg_spec s[] = {{.value = &code, .required = true, .code = true}};
    int rc = cli_parse(argc, argv, s, N(s), "unit");
    return rc >= 0 ? rc : cli_unit_get(cli, code, show_record);
}

static void show_units(const Thidua__V1__Response *r)
{
    cli_table_t *t = cli_table_new(3);
    cli_table_row(t, _("CODE"), _("KIND"), _("NAME"));
    for (size_t i = 0; i < r->units->n_units; i++) {
        const Thidua__V1__Unit *u = r->units->units[i];
        char kind[32];
        cli_table_row(t, u->code, cli_enum_name(KIND_DESC, u->kind, kind, sizeof kind), u->name);
    }
    cli_table_print_list(t, stdout, _("no unit yet"));
    cli_table_destroy(&t);
}

static int cmd_unit_list(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "unit");
    if (rc >= 0)
        return rc;
    Thidua__V1__UnitList body = THIDUA__V1__UNIT_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_LIST;
    req.unit_list = &body;
    return cli_run(cli, &req, show_units);
}

#define SENDS(...)                                                                                 \
    {                                                                                              \
        __VA_ARGS__                                                                                \
    }
#define B(x) THIDUA__V1__REQUEST__BODY_##x

const struct cli_command cli_commands[] = {
    {"ping", NULL, cmd_ping, "", N_("check the broker answers and who you are to it"),
     SENDS(B(PING))},
    {"status", NULL, cmd_status, "", N_("revision, change log, uptime and record counts"),
     SENDS(B(STATUS))},
    {"keygen", NULL, cmd_keygen, "NAME", N_("make a key pair: NAME.key (secret) and NAME.pub"),
     SENDS(0)},
    {"principal", "add", cmd_principal_add,
     "NAME --role ROLE --public-key KEY|FILE [--unit CODE] [--display-name TEXT]",
     N_("register who may connect (admin)"), SENDS(B(PRINCIPAL_ADD))},
    {"principal", "list", cmd_principal_list, "", N_("list principals (admin)"),
     SENDS(B(PRINCIPAL_LIST))},
    {"principal", "disable", cmd_principal_disable, "NAME [--expect-revision N]",
     N_("refuse a principal from its next request on (admin)"), SENDS(B(PRINCIPAL_SET_DISABLED))},
    {"principal", "enable", cmd_principal_enable, "NAME [--expect-revision N]",
     N_("let a disabled principal in again (admin)"), SENDS(B(PRINCIPAL_SET_DISABLED))},
    {"principal", "set-key", cmd_principal_set_key,
     "NAME --public-key KEY|FILE [--expect-revision N]",
     N_("give a principal a new public key when its key file is lost or exposed; the old key "
        "is refused from its next request (admin)"),
     SENDS(B(PRINCIPAL_SET_KEY))},
    {"unit", "add", cmd_unit_add, "CODE --name TEXT --kind KIND", N_("add a unit (admin)"),
     SENDS(B(UNIT_ADD))},
    {"unit", "edit", cmd_unit_edit, "CODE [--name TEXT] [--kind KIND] [--expect-revision N]",
     N_("rename a unit or change its kind (admin)"), SENDS(B(UNIT_EDIT))},
    {"unit", "show", cmd_unit_show, "CODE", N_("show one unit"), SENDS(B(UNIT_GET))},
    {"unit", "list", cmd_unit_list, "", N_("list units"), SENDS(B(UNIT_LIST))},
    {"task", "create", cmd_task_create,
     "TITLE --lead UNIT --deadline DD/MM/YYYY [--support U1,U2] [--kind work|document] "
     "[--phase before|during|after] [--description TEXT]",
     N_("assign a task (office)"), SENDS(B(TASK_CREATE))},
    {"task", "edit", cmd_task_edit,
     "ID [--title TEXT] [--description TEXT] [--lead UNIT] [--support U1,U2|\"\"] "
     "[--deadline DD/MM/YYYY] [--kind work|document] [--phase before|during|after] "
     "[--expect-revision N]",
     N_("change or reassign a task; --support replaces the support units, \"\" clears them "
        "(office)"),
     SENDS(B(TASK_EDIT))},
    {"task", "list", cmd_task_list,
     "[--unit CODE] [--status S] [--overdue] [--search TEXT] [--page TOKEN]", N_("list tasks"),
     SENDS(B(TASK_LIST))},
    {"task", "show", cmd_task_show, "ID", N_("show a task with its documents and history"),
     SENDS(B(TASK_GET), B(HISTORY_LIST))},
    {"task", "report", cmd_task_report, "ID --percent N [--text TEXT] [--file PATH]",
     N_("report progress (office, lead or support unit)"), SENDS(B(TASK_REPORT))},
    {"task", "submit", cmd_task_submit, "ID [--text TEXT] [--file PATH]",
     N_("submit a task; a document task carries the file (lead unit)"), SENDS(B(TASK_SUBMIT))},
    {"task", "accept", cmd_task_accept, "ID [--reason TEXT]", N_("accept a submission (office)"),
     SENDS(B(TASK_ACCEPT))},
    {"task", "return", cmd_task_return, "ID --reason TEXT", N_("ask for more (office)"),
     SENDS(B(TASK_RETURN))},
    {"task", "cancel", cmd_task_cancel, "ID [--reason TEXT] [--yes]",
     N_("cancel a task (office); it asks first at a terminal, and takes --yes where there is none"),
     SENDS(B(TASK_CANCEL))},
    {"document", "get", cmd_document_get, "ID[/vN] [-o FILE|-] [--force]",
     N_("fetch a task's document or a nominee's dossier file (the newest without /vN) into "
        "FILE, - for standard output, or its own file name; never overwrites without --force"),
     SENDS(B(DOCUMENT_GET))},
    {"nominee", "create", cmd_nominee_create,
     "NAME --kind collective|individual --field F [--achievements TEXT] [--workplace TEXT] "
     "[--position TEXT] [--gender TEXT] [--birth-year YYYY] [--criteria TC1,TC2] "
     "[--influential yes|no] [--new-factor yes|no] [--period YYYY-YYYY] [--honour-form TEXT] "
     "[--earlier-honours \"YEAR|FORM|DECISION;...\"]",
     N_("draft a nominee for your unit (unit)"), SENDS(B(NOMINEE_CREATE))},
    {"nominee", "edit", cmd_nominee_edit,
     "ID [--name TEXT] [--kind K] [--field F] [--achievements TEXT] [--workplace TEXT] "
     "[--position TEXT] [--gender TEXT] [--birth-year YYYY] [--criteria TC1,TC2] "
     "[--influential yes|no] [--new-factor yes|no] [--period YYYY-YYYY] [--honour-form TEXT] "
     "[--earlier-honours \"YEAR|FORM|DECISION;...\"] [--expect-revision N]",
     N_("change a draft; what is not given stays (unit)"), SENDS(B(NOMINEE_GET), B(NOMINEE_EDIT))},
    {"nominee", "attach", cmd_nominee_attach, "ID --file PATH [--name NAME]",
     N_("attach a dossier file to a draft: PDF, image or office document, up to 16 MiB (unit)"),
     SENDS(B(NOMINEE_ATTACH))},
    {"nominee", "propose", cmd_nominee_propose, "ID", N_("propose a draft (unit)"),
     SENDS(B(NOMINEE_PROPOSE))},
    {"nominee", "withdraw", cmd_nominee_withdraw, "ID [--reason TEXT] [--yes]",
     N_("withdraw a proposal for good (unit); it asks first at a terminal, and takes --yes where "
        "there is none"),
     SENDS(B(NOMINEE_WITHDRAW))},
    {"nominee", "return", cmd_nominee_return, "ID --reason TEXT", N_("send back to draft (office)"),
     SENDS(B(NOMINEE_RETURN))},
    {"nominee", "vet", cmd_nominee_vet, "ID", N_("start vetting (office)"),
     SENDS(B(NOMINEE_START_VETTING))},
    {"nominee", "check", cmd_nominee_check,
     "ID --criterion CODE --result met|not_met [--note TEXT]",
     N_("record a criterion check (office)"), SENDS(B(NOMINEE_CHECK))},
    {"nominee", "opinion", cmd_nominee_opinion,
     "ID --agency TEXT --result favorable|unfavorable [--text TEXT]",
     N_("record an agency's opinion, e.g. the police's (office)"), SENDS(B(NOMINEE_OPINION))},
    {"nominee", "disclose", cmd_nominee_disclose, "ID [--note TEXT]",
     N_("open the public disclosure window (office)"), SENDS(B(NOMINEE_DISCLOSURE_OPEN))},
    {"nominee", "close-disclosure", cmd_nominee_close_disclosure, "ID [--note TEXT]",
     N_("close the public disclosure window (office)"), SENDS(B(NOMINEE_DISCLOSURE_CLOSE))},
    {"nominee", "complain", cmd_nominee_complain, "ID --text TEXT",
     N_("log a complaint received while the nominee's disclosure window is open (office)"),
     SENDS(B(NOMINEE_COMPLAINT))},
    {"nominee", "resolve", cmd_nominee_resolve, "ID --complaint N --text TEXT",
     N_("record how complaint N was settled (office)"), SENDS(B(NOMINEE_RESOLVE))},
    {"nominee", "recommend", cmd_nominee_recommend, "ID [--reason TEXT]",
     N_("recommend after vetting (office)"), SENDS(B(NOMINEE_RECOMMEND))},
    {"nominee", "decide", cmd_nominee_decide, "ID selected|rejected [--reason TEXT]",
     N_("decide (chair)"), SENDS(B(NOMINEE_DECIDE))},
    {"nominee", "list", cmd_nominee_list,
     "[--unit CODE] [--status S] [--search TEXT] [--page TOKEN]", N_("list nominees"),
     SENDS(B(NOMINEE_LIST))},
    {"nominee", "show", cmd_nominee_show, "ID",
     N_("the whole dossier: description, vetting record, decision and history"),
     SENDS(B(NOMINEE_GET))},
    {"quota", "set", cmd_quota_set, "FIELD KIND [--max N] [--per-unit N]",
     N_("set a selection quota or a per-unit proposal cap, 0 for none; what is left out is kept "
        "(admin)"),
     SENDS(B(QUOTA_SET))},
    {"quota", "list", cmd_quota_list, "", N_("list quotas"), SENDS(B(QUOTA_LIST))},
    {"criterion", "add", cmd_criterion_add,
     "CODE --text TEXT [--applies-to collective|individual|both] [--mandatory]",
     N_("add a criterion (admin)"), SENDS(B(CRITERION_ADD))},
    {"criterion", "edit", cmd_criterion_edit,
     "CODE [--text TEXT] [--applies-to collective|individual|both] [--mandatory yes|no] "
     "[--expect-revision N]",
     N_("correct a criterion: its text, the kind it applies to, whether it is mandatory; what is "
        "not given stays (admin)"),
     SENDS(B(CRITERION_EDIT))},
    {"criterion", "list", cmd_criterion_list, "", N_("list criteria"), SENDS(B(CRITERION_LIST))},
    {"calendar", "show", cmd_calendar_show, "",
     N_("the working-day calendar: the disclosure window's minimum and the public holidays"),
     SENDS(B(CALENDAR_GET))},
    {"calendar", "holidays", cmd_calendar_holidays, "DATE,DATE,...|--file FILE|--none",
     N_("replace the public holidays (dd/mm/yyyy or YYYY-MM-DD; a file: one date a line, # "
        "comments); weekends never count as working days (admin)"),
     SENDS(B(CALENDAR_HOLIDAYS_SET))},
    {"calendar", "min-days", cmd_calendar_min_days, "N",
     N_("the fewest working days a public disclosure window stays open, 0 (no minimum) to 60; "
        "default 10 (admin)"),
     SENDS(B(CALENDAR_MIN_DAYS_SET))},
    {"ballot", "open", cmd_ballot_open, "N-1,N-2,... [--name TEXT]",
     N_("open the council's ballot on vetted nominees (office)"), SENDS(B(BALLOT_OPEN))},
    {"ballot", "vote", cmd_ballot_vote, "ID [--yes N-1,N-2] [--no N-3] [--abstain N-4]",
     N_("vote on the ballot's nominees; a later vote replaces yours until it closes (council)"),
     SENDS(B(BALLOT_VOTE))},
    {"ballot", "close", cmd_ballot_close, "ID",
     N_("close the ballot and record each nominee's tally (office)"), SENDS(B(BALLOT_CLOSE))},
    {"ballot", "show", cmd_ballot_show, "ID",
     N_("a ballot: its turnout, your own vote, and the tallies once closed"), SENDS(B(BALLOT_GET))},
    {"ballot", "list", cmd_ballot_list, "", N_("list ballots"), SENDS(B(BALLOT_LIST))},
    {"threshold", "set", cmd_threshold_set, "collective|individual PERCENT",
     N_("the percent of all council members whose yes a nominee of the kind needs before the "
        "chair may select it; 0 lifts it (admin)"),
     SENDS(B(THRESHOLD_SET))},
    {"threshold", "list", cmd_threshold_list, "", N_("list the ballot thresholds"),
     SENDS(B(THRESHOLD_LIST))},
    {"counts", NULL, cmd_counts, "", N_("tasks and nominees per status; selections against quota"),
     SENDS(B(COUNTS))},
    {"stats", NULL, cli_stats, "[--unit CODE]",
     N_("statistics from one snapshot: nominees by field, kind, status, unit and unit level; "
        "proposed, vetted, recommended and selected against the quota; tasks by unit and status "
        "with the overdue (--unit: only records concerning that unit)"),
     SENDS(B(SNAPSHOT), B(UNIT_GET))},
    {"config", "show", cmd_config_show, "",
     N_("the settings in effect and where each comes from (flag, environment, file, default)"),
     SENDS(0)},
    {"config", "init", cmd_config_init,
     "--server EP --server-key FILE --key FILE [--events EP] [--timeout MS] [--force]",
     N_("write the settings file (mode 0600)"), SENDS(0)},
    {"export", NULL, cli_export,
     "tasks|nominees|reports|all [--format json|csv|xlsx] [-o FILE|DIR|-] [--no-bom] [--labels] "
     "[--unit CODE] [--title TEXT] [--force]",
     N_("write tasks, nominees, progress reports, or all three (all) from one snapshot as JSON, "
        "CSV or XLSX; all as XLSX is one workbook (summary, the three lists, statistics), as CSV "
        "a folder of tasks.csv, nominees.csv and reports.csv (-o DIR); a file that exists is "
        "replaced only with --force; CSV has codes for columns and values, which import reads "
        "back, or with --labels the words people read; --no-bom leaves out the UTF-8 mark Excel "
        "needs; --unit keeps one unit's rows; --title names the XLSX's printed pages"),
     SENDS(B(SNAPSHOT))},
    {"import", NULL, cmd_import, "units|tasks|nominees FILE.csv [--dry-run]",
     N_("create or update many records from a CSV file, all or nothing; re-running it is "
        "harmless (units: admin; tasks: office; nominees: unit, or admin for any unit)"),
     SENDS(B(IMPORT))},
    {"decision", "draft", cmd_decision_draft,
     "-o FILE.pdf [--certificates FILE.pdf] [--template FILE] [--number TEXT] [--date DD/MM/YYYY] "
     "[--force]",
     N_("draw the chair's draft decision with its annex of the selected nominees, and the "
        "certificates, as PDF from one snapshot; a file that exists is replaced only with --force"),
     SENDS(B(SNAPSHOT))},
    {"watch", NULL, cli_watch, "[--unit CODE] [--since REV] [--count N] [--duration SECONDS]",
     N_("print changes as they happen, none missed (--json: JSON lines)"),
     SENDS(B(SNAPSHOT), B(CHANGES_SINCE), B(UNIT_GET))},
};
const size_t cli_n_commands = sizeof cli_commands / sizeof cli_commands[0];
