/* Helpers every command shares: argument parsing with usage, calling
 * and printing a reply, enum values and dates as people type them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "args.h"
#include "cli.h"
#include "pbjson.h"
#include "reasons.h"
#include "rules.h"
#include "words.h"

/* The arguments of noun's verb as its usage line gives them; NULL for a
 * command not in the table. */
static const char *command_args(const char *noun, const char *verb)
{
    for (size_t i = 0; i < cli_n_commands; i++) {
        const struct cli_command *c = &cli_commands[i];
        if (strcmp(c->noun, noun) == 0 && (!c->verb || (verb && strcmp(c->verb, verb) == 0)))
            return c->args;
    }
    return NULL;
}

int cli_parse(int argc, char **argv, struct arg_spec *s, int n, const char *noun)
{
    int rc = args_parse(argc, argv, s, n, command_args(noun, argv[0]));
    if (rc == 0)
        return -1;
    cli_usage_print(rc > 0 ? stdout : stderr, noun, argv[0]);
    return rc > 0 ? EXIT_OK : EXIT_USAGE;
}

int cli_edit_given(const struct arg_spec *s, int n, const char *noun, const char *verb)
{
    char list[1024] = "";
    size_t used = 0;
    for (int k = 0; k < n; k++) {
        if (!s[k].name || strcmp(s[k].name, "expect-revision") == 0)
            continue; /* the record edited, and a check that changes nothing */
        if (*s[k].value)
            return -1;
        int w = snprintf(list + used, sizeof list - used, "%s--%s", used ? ", " : "", s[k].name);
        used = w < 0 || used + (size_t)w >= sizeof list ? sizeof list - 1 : used + (size_t)w;
    }
    cli_error(N_("nothing to change: give one or more of %s"), list);
    return cli_usage(noun, verb);
}

const char *cli_record_id(const char *typed, const char *prefix, char *buf, size_t cap)
{
    long long n = cli_number(typed);
    if (n >= 0) {
        thd_record_id(buf, cap, prefix, (unsigned long long)n);
        return buf;
    }
    size_t len = strlen(prefix);
    if (strncasecmp(typed, prefix, len) == 0 && typed[len] == '-' &&
        cli_number(typed + len + 1) >= 0)
        return typed; /* the broker writes the prefix in capitals */
    /* a format the compiler checks for each kind, hence no table */
    switch (*prefix) {
    case 'T':
        cli_error(N_("'%s' is not a task id: write T-31, or the number alone (31)"), typed);
        break;
    case 'N':
        cli_error(N_("'%s' is not a nominee id: write N-8, or the number alone (8)"), typed);
        break;
    default:
        cli_error(N_("'%s' is not a ballot id: write B-1, or the number alone (1)"), typed);
    }
    return NULL;
}

int cli_run(cli_t *cli, Thidua__V1__Request *req, cli_show_fn *show)
{
    Thidua__V1__Response *resp = NULL;
    int rc = cli_call(cli, req, &resp);
    if (rc == EXIT_OK)
        cli_show(cli, resp, show);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

#define LIST_PAGES_MAX 10000 /* a broker that kept naming pages: the rest stays unread */

int cli_run_pages(cli_t *cli, Thidua__V1__Request *req, char **token, cli_next_fn *next,
                  cli_pages_fn *show, bool one_page)
{
    Thidua__V1__Response **pages = NULL;
    size_t n = 0;
    int rc = EXIT_OK;
    char *at = NULL; /* the token asked for: it lives in the reply before */
    for (;;) {
        Thidua__V1__Response *resp = NULL, **grown;
        if (at)
            *token = at;
        if ((rc = cli_call(cli, req, &resp)) != EXIT_OK)
            break;
        if (!(grown = realloc(pages, (n + 1) * sizeof *pages))) {
            thidua__v1__response__free_unpacked(resp, NULL);
            cli_error("%s", _("out of memory"));
            rc = EXIT_FAILURE_;
            break;
        }
        pages = grown;
        pages[n++] = resp;
        if (cli->json)
            cli_print_json(&resp->base);
        const char *more = next(resp);
        if (one_page || !*more)
            break;
        if (n == LIST_PAGES_MAX || (at && strcmp(more, at) == 0)) {
            one_page = true; /* what was read, and how to go on from it */
            break;
        }
        at = (char *)more;
    }
    if (rc == EXIT_OK && !cli->json)
        show((const Thidua__V1__Response *const *)pages, n, one_page ? next(pages[n - 1]) : "");
    for (size_t i = 0; i < n; i++)
        thidua__v1__response__free_unpacked(pages[i], NULL);
    free(pages);
    return rc;
}

void cli_more(const char *more)
{
    if (more && *more)
        fprintf(stderr, _("more: --page %s\n"), more);
}

void cli_show(const cli_t *cli, const Thidua__V1__Response *resp, cli_show_fn *show)
{
    if (cli->json)
        cli_print_json(&resp->base);
    else
        show(resp);
}

int cli_date_in(const char *where, const char *typed, char out[11])
{
    if (words_date(typed, out) == 0)
        return 0;
    char why[256];
    snprintf(why, sizeof why, cli_error_text(WORDS_NOT_A_DATE), typed);
    cli_error("%s: %s", where, why);
    return -1;
}

const char *cli_date_out(const char *s, char out[11])
{
    return thd_date_dmy(s, out);
}

/* Two-way choices by their names or their labels in either language
 * ("Đồng ý", "dong y", "favorable"); index 0 is the yes. */
static const char *const opinion[] = {"favorable", "unfavorable"};
static const char *const opinion_labels[] = {N_("favorable"), N_("unfavorable")};
const struct cli_choices cli_opinions = {
    .names = opinion, .labels = opinion_labels, .n = sizeof opinion / sizeof *opinion};
static const char *const outcome[] = {"selected", "rejected"};
static const char *const outcome_labels[] = {N_("selected"), N_("rejected")};
const struct cli_choices cli_outcomes = {
    .names = outcome, .labels = outcome_labels, .n = sizeof outcome / sizeof *outcome};
/* a kind, or both (NomineeKind 0, as the broker reads a criterion that
 * names no kind): the index is the kind */
static const char *const applies[] = {"both", "collective", "individual"};
static const char *const applies_labels[] = {N_("both"), N_("collective"), N_("individual")};
const struct cli_choices cli_applies_to = {
    .names = applies, .labels = applies_labels, .n = sizeof applies / sizeof *applies};
/* the words usage lines show; cli_yes_no takes these and more */
static const char *const yes_no[] = {"yes", "no"};
static const char *const yes_no_labels[] = {N_("yes"), N_("no")};
const struct cli_choices cli_yes_no_words = {
    .names = yes_no, .labels = yes_no_labels, .n = sizeof yes_no / sizeof *yes_no};

int cli_yes_no(const char *option, const char *s)
{
    static const char *const yes[] = {"yes", "y", "true", "1", "có", "co"};
    static const char *const no[] = {"no", "n", "false", "0", "không", "khong"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(s, yes[i]) == 0)
            return 1;
        if (strcasecmp(s, no[i]) == 0)
            return 0;
    }
    cli_error(N_("--%s takes yes or no, not '%s'"), option, s);
    return -1;
}

const char *cli_enum_name(const ProtobufCEnumDescriptor *d, int v, char *buf, size_t cap)
{
    return cli_label(d, v, buf, cap);
}

/* The value of w that name names, at least min; else -1, after naming
 * what the person typed (cli_what) and the words w takes. Takes w. */
static int choose(words_t *w, int min, const char *what, const char *name)
{
    int v = w && name ? words_match(w, name) : -1;
    if (v < min && w) {
        char list[1024];
        words_choices(w, cli_error_lang(), list, sizeof list);
        cli_error(N_("%s '%s' is not one of: %s"), cli_what(what), name ? name : "", list);
    }
    words_destroy(&w);
    return v >= min ? v : -1;
}

int cli_enum(const ProtobufCEnumDescriptor *d, const char *what, const char *name)
{
    return choose(words_enum(d), 1, what, name);
}

int cli_choice(const struct cli_choices *c, const char *what, const char *text)
{
    return choose(words_names(c->names, c->labels, c->n), 0, what, text);
}

int cli_unit_get(cli_t *cli, const char *code, cli_show_fn *show)
{
    Thidua__V1__UnitGet body = THIDUA__V1__UNIT_GET__INIT;
    body.code = (char *)code;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_GET;
    req.unit_get = &body;
    if (show)
        return cli_run(cli, &req, show);
    Thidua__V1__Response *resp = NULL;
    int rc = cli_call(cli, &req, &resp);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

int cli_unit_known(cli_t *cli, const char *code)
{
    if (!thd_unit_code_valid(code)) {
        cli_error(N_("'%s' is not a unit code (2-24 of A-Z 0-9 -)"), code);
        return EXIT_USAGE;
    }
    return cli_unit_get(cli, code, NULL);
}

static cli_t *names_cli;                     /* cli_names_from's: whom to ask */
static bool units_asked, nominees_asked;     /* each list is asked for once */
static Thidua__V1__Response *units_read;     /* its unit.list reply */
static Thidua__V1__Response **nominee_pages; /* its nominee.list replies */
static size_t n_nominee_pages;

void cli_names_from(cli_t *cli)
{
    names_cli = cli->json ? NULL : cli;
    units_asked = nominees_asked = false;
}

/* One call for a list of names; NULL where it fails (the codes show alone,
 * with no error of their own). */
static Thidua__V1__Response *names_call(Thidua__V1__Request *req)
{
    thd_status_t st = {0};
    Thidua__V1__Response *resp = NULL;
    if (names_cli && names_cli->client && thd_call(names_cli->client, req, &resp, &st) == 0)
        return resp;
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return NULL;
}

/* Read at the first name asked for: by then the card's own request has
 * been answered, so a broker that is down is waited for once, not twice. */
static const Thidua__V1__UnitListReply *units(void)
{
    if (!units_asked) {
        units_asked = true;
        Thidua__V1__UnitList body = THIDUA__V1__UNIT_LIST__INIT;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_LIST;
        req.unit_list = &body;
        units_read = names_call(&req);
    }
    return units_read ? units_read->units : NULL;
}

const char *cli_unit_label(const char *code, char *buf, size_t cap)
{
    const Thidua__V1__UnitListReply *u = units();
    for (size_t i = 0; u && *code && i < u->n_units; i++)
        if (strcmp(u->units[i]->code, code) == 0 && *u->units[i]->name) {
            snprintf(buf, cap, "%s (%s)", u->units[i]->name, code);
            return buf;
        }
    return code;
}

#define NOMINEE_PAGES_MAX 100

/* Every page of nominee.list, read once; the pages read so far when one
 * fails. */
static void nominees(void)
{
    if (nominees_asked)
        return;
    nominees_asked = true;
    Thidua__V1__NomineeList body = THIDUA__V1__NOMINEE_LIST__INIT;
    body.page_size = THD_MAX_PAGE; /* the broker's largest */
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_NOMINEE_LIST;
    req.nominee_list = &body;
    while (n_nominee_pages < NOMINEE_PAGES_MAX) {
        Thidua__V1__Response *resp = names_call(&req), **grown;
        if (!resp || resp->body_case != THIDUA__V1__RESPONSE__BODY_NOMINEES ||
            !(grown = realloc(nominee_pages, (n_nominee_pages + 1) * sizeof *grown))) {
            if (resp)
                thidua__v1__response__free_unpacked(resp, NULL);
            return;
        }
        nominee_pages = grown;
        nominee_pages[n_nominee_pages++] = resp;
        if (!*resp->nominees->next_page_token)
            return;
        body.page_token = resp->nominees->next_page_token;
    }
}

const char *cli_nominee_name(const char *id)
{
    nominees();
    for (size_t p = 0; p < n_nominee_pages; p++) {
        const Thidua__V1__NomineeListReply *l = nominee_pages[p]->nominees;
        for (size_t i = 0; i < l->n_nominees; i++)
            if (strcmp(l->nominees[i]->id, id) == 0)
                return l->nominees[i]->name;
    }
    return "";
}

void cli_names_free(void)
{
    if (units_read)
        thidua__v1__response__free_unpacked(units_read, NULL);
    units_read = NULL;
    for (size_t p = 0; p < n_nominee_pages; p++)
        thidua__v1__response__free_unpacked(nominee_pages[p], NULL);
    free(nominee_pages);
    nominee_pages = NULL;
    n_nominee_pages = 0;
    names_cli = NULL;
}

int cli_confirm(const cli_t *cli, const char *yes, const char *id, const char *question,
                const char *no_terminal, const char *declined)
{
    if (yes)
        return -1;
    char text[512];
    const char *const params[] = {id};
    if (cli->json || !isatty(STDIN_FILENO) || !isatty(STDERR_FILENO)) {
        thd_render(text, sizeof text, cli_error_text(no_terminal), params, 1);
        cli_error("%s", text);
        return EXIT_USAGE;
    }
    thd_render(text, sizeof text, _(question), params, 1);
    fprintf(stderr, _("%s [y/N] "), text);
    char answer[16] = "";
    /* yes; "c", có, where the question asks [c/K] */
    const char *yes_keys = strcmp(cli_i18n_lang(), "vi") == 0 ? "yYcC" : "yY";
    if (fgets(answer, sizeof answer, stdin) && answer[0] && strchr(yes_keys, answer[0]))
        return -1;
    fprintf(stderr, "%s\n", _(declined));
    return EXIT_OK;
}
