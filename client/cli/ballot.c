/* thidua ballot open|vote|close|show|list and threshold set|list: the
 * council's ballot. A member sees its own vote beside each nominee; the
 * others' votes never reach it (the broker leaves them out). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "congress.h"

#define N(a)       ((int)(sizeof(a) / sizeof((a)[0])))
#define REQ(b)     THIDUA__V1__REQUEST__BODY_##b
#define MAX_LISTED 256 /* THD_MAX_REPEATED */

/* "N-1,2" into ids (at most cap), each nominee id read as a positional
 * marked id_of "N" is (cli_record_id), so a list takes what one id does:
 * a number alone is written as its id into bare[i], the rest point into
 * *copy, which is fresh (caller frees, also on failure). EXIT_OK, or the
 * exit code after saying which id is not one. */
static int split_ids(const char *list, char **ids, char (*bare)[ARG_ID_MAX], size_t cap, size_t *n,
                     char **copy)
{
    *n = 0;
    *copy = strdup(list ? list : "");
    if (!*copy)
        return EXIT_FAILURE_;
    for (char *tok = strtok(*copy, ","); tok && *n < cap; tok = strtok(NULL, ",")) {
        const char *id = cli_record_id(tok, "N", bare[*n], ARG_ID_MAX);
        if (!id)
            return EXIT_USAGE;
        ids[(*n)++] = (char *)id;
    }
    return EXIT_OK;
}

static const Thidua__V1__BallotChoice *own_choice(const Thidua__V1__Ballot *b, const char *nominee)
{
    for (size_t i = 0; i < b->n_votes; i++)
        for (size_t k = 0; k < b->votes[i]->n_choices; k++)
            if (strcmp(b->votes[i]->choices[k]->nominee, nominee) == 0)
                return b->votes[i]->choices[k];
    return NULL;
}

static const Thidua__V1__Tally *tally_of(const Thidua__V1__Ballot *b, const char *nominee)
{
    for (size_t i = 0; i < b->n_tallies; i++)
        if (strcmp(b->tallies[i]->nominee, nominee) == 0)
            return b->tallies[i];
    return NULL;
}

/* One row per nominee: your vote, and once closed the tally against the
 * threshold; the name last, where a long one widens nothing after it. */
static void nominee_rows(const Thidua__V1__Ballot *b, bool closed)
{
    cli_table_t *t = cli_table_new(closed ? 8 : 3);
    if (closed) /* yes, no, abstain, percent */
        cli_table_right(t, 2, 5);
    if (closed)
        cli_table_row(t, _("NOMINEE"), _("YOUR VOTE"), _("YES"), _("NO"), _("ABSTAIN"),
                      _("PERCENT"), _("THRESHOLD"), _("NAME"));
    else
        cli_table_row(t, _("NOMINEE"), _("YOUR VOTE"), _("NAME"));
    for (size_t i = 0; i < b->n_nominees; i++) {
        const Thidua__V1__BallotChoice *c = own_choice(b, b->nominees[i]);
        char buf[64], y[16], n[16], a[16], pct[32], thr[64];
        const char *mine =
            c ? cli_enum_name(&thidua__v1__vote_choice__descriptor, c->choice, buf, sizeof buf)
              : "-";
        const Thidua__V1__Tally *tl = tally_of(b, b->nominees[i]);
        const char *name = cli_nominee_name(b->nominees[i]);
        if (!closed || !tl) {
            cli_table_row(t, b->nominees[i], mine, name);
            continue;
        }
        snprintf(y, sizeof y, "%u/%u", tl->yes, tl->members);
        snprintf(n, sizeof n, "%u", tl->no);
        snprintf(a, sizeof a, "%u", tl->abstain);
        char share[24];
        cli_decimal(tl->members ? 100.0 * tl->yes / tl->members : 0.0, 1, share, sizeof share);
        snprintf(pct, sizeof pct, "%s %%", share);
        if (tl->threshold)
            snprintf(thr, sizeof thr, "%u %% %s", tl->threshold,
                     tl->met ? _("(met)") : _("(not met)"));
        else
            snprintf(thr, sizeof thr, "%s", _("none set"));
        cli_table_row(t, b->nominees[i], mine, y, n, a, pct, thr, name);
    }
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

static void show_ballot(const Thidua__V1__Ballot *b)
{
    char status[64];
    bool closed = b->status == THIDUA__V1__BALLOT_STATUS__BALLOT_STATUS_CLOSED;
    printf(_("ballot   %s %s\n"), b->id, b->name);
    printf(_("status   %s\n"),
           cli_enum_name(&thidua__v1__ballot_status__descriptor, b->status, status, sizeof status));
    printf(_("turnout  %u of %zu council members have voted\n"), b->turnout, b->n_members);
    nominee_rows(b, closed);
}

static void show_ballot_reply(const Thidua__V1__Response *r)
{
    if (r->record && r->record->ballot)
        show_ballot(r->record->ballot);
}

/* Sends req and prints the ballot it answers with, its nominees named. */
static int run_ballot(cli_t *cli, Thidua__V1__Request *req)
{
    cli_names_from(cli);
    int rc = cli_run(cli, req, show_ballot_reply);
    cli_names_free();
    return rc;
}

int cmd_ballot_open(cli_t *cli, int argc, char **argv)
{
    const char *nominees = NULL, *name = NULL;
    struct arg_spec s[] = {{.value = &nominees, .required = true},
                           {.name = "name", .value = &name}};
    int rc = cli_parse(argc, argv, s, N(s), "ballot");
    if (rc >= 0)
        return rc;
    char *ids[MAX_LISTED], bare[MAX_LISTED][ARG_ID_MAX], *copy;
    Thidua__V1__BallotOpen body = THIDUA__V1__BALLOT_OPEN__INIT;
    rc = split_ids(nominees, ids, bare, MAX_LISTED, &body.n_nominees, &copy);
    if (rc != EXIT_OK) {
        free(copy);
        return rc;
    }
    body.nominees = ids;
    body.name = (char *)(name ? name : "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(BALLOT_OPEN);
    req.ballot_open = &body;
    rc = run_ballot(cli, &req);
    free(copy);
    return rc;
}

/* The choices of --yes, --no and --abstain, in that order. */
struct choices {
    Thidua__V1__BallotChoice items[MAX_LISTED], *ptrs[MAX_LISTED];
    char bare[MAX_LISTED][ARG_ID_MAX]; /* ids typed as the number alone */
    size_t n;
    char *copies[3];
};

/* EXIT_OK, or the exit code after saying why (split_ids). */
static int add_choices(struct choices *c, int k, const char *list, int choice)
{
    char *ids[MAX_LISTED];
    size_t n;
    int rc = split_ids(list, ids, c->bare + c->n, MAX_LISTED - c->n, &n, &c->copies[k]);
    for (size_t i = 0; i < n; i++) {
        Thidua__V1__BallotChoice *b = &c->items[c->n];
        thidua__v1__ballot_choice__init(b);
        b->nominee = ids[i];
        b->choice = choice;
        c->ptrs[c->n++] = b;
    }
    return rc;
}

int cmd_ballot_vote(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *yes = NULL, *no = NULL, *abstain = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "B"},
                           {.name = "yes", .value = &yes},
                           {.name = "no", .value = &no},
                           {.name = "abstain", .value = &abstain}};
    int rc = cli_parse(argc, argv, s, N(s), "ballot");
    if (rc >= 0)
        return rc;
    struct choices *c = calloc(1, sizeof *c);
    if (!c)
        return EXIT_FAILURE_;
    rc = add_choices(c, 0, yes, THIDUA__V1__VOTE_CHOICE__VOTE_CHOICE_YES);
    if (rc == EXIT_OK)
        rc = add_choices(c, 1, no, THIDUA__V1__VOTE_CHOICE__VOTE_CHOICE_NO);
    if (rc == EXIT_OK)
        rc = add_choices(c, 2, abstain, THIDUA__V1__VOTE_CHOICE__VOTE_CHOICE_ABSTAIN);
    Thidua__V1__BallotVote body = THIDUA__V1__BALLOT_VOTE__INIT;
    body.id = (char *)id;
    body.choices = c->ptrs;
    body.n_choices = c->n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(BALLOT_VOTE);
    req.ballot_vote = &body;
    if (rc == EXIT_OK)
        rc = run_ballot(cli, &req);
    for (int k = 0; k < 3; k++)
        free(c->copies[k]);
    free(c);
    return rc;
}

/* close and show: a ballot by its id. */
static int ballot_verb(cli_t *cli, int argc, char **argv, int body_case)
{
    const char *id = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true, .id_of = "B"}};
    int rc = cli_parse(argc, argv, s, N(s), "ballot");
    if (rc >= 0)
        return rc;
    Thidua__V1__BallotVerb body = THIDUA__V1__BALLOT_VERB__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = body_case;
    if (body_case == REQ(BALLOT_CLOSE))
        req.ballot_close = &body;
    else
        req.ballot_get = &body;
    return run_ballot(cli, &req);
}

int cmd_ballot_close(cli_t *cli, int argc, char **argv)
{
    return ballot_verb(cli, argc, argv, REQ(BALLOT_CLOSE));
}

int cmd_ballot_show(cli_t *cli, int argc, char **argv)
{
    return ballot_verb(cli, argc, argv, REQ(BALLOT_GET));
}

static void show_ballots(const Thidua__V1__Response *r)
{
    cli_table_t *t = cli_table_new(5);
    cli_table_right(t, 2, 3);
    cli_table_row(t, _("ID"), _("STATUS"), _("NOMINEES"), _("TURNOUT"), _("NAME"));
    for (size_t i = 0; i < r->ballots->n_ballots; i++) {
        const Thidua__V1__Ballot *b = r->ballots->ballots[i];
        char status[64], n[16], turnout[32];
        snprintf(n, sizeof n, "%zu", b->n_nominees);
        snprintf(turnout, sizeof turnout, "%u/%zu", b->turnout, b->n_members);
        cli_table_row(
            t, b->id,
            cli_enum_name(&thidua__v1__ballot_status__descriptor, b->status, status, sizeof status),
            n, turnout, b->name);
    }
    cli_table_print_list(t, stdout, _("no ballot yet"));
    cli_table_destroy(&t);
}

int cmd_ballot_list(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "ballot");
    if (rc >= 0)
        return rc;
    Thidua__V1__BallotList body = THIDUA__V1__BALLOT_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(BALLOT_LIST);
    req.ballot_list = &body;
    return cli_run(cli, &req, show_ballots);
}

static void show_threshold(const Thidua__V1__Response *r)
{
    const Thidua__V1__Threshold *t = r->record ? r->record->threshold : NULL;
    char k[64];
    if (t)
        printf(_("threshold for %s: %u %% of all council members voting yes\n"),
               cli_enum_name(&thidua__v1__nominee_kind__descriptor, t->kind, k, sizeof k),
               t->percent);
}

int cmd_threshold_set(cli_t *cli, int argc, char **argv)
{
    const char *kind = NULL, *percent = NULL;
    struct arg_spec s[] = {{.value = &kind, .required = true},
                           {.value = &percent, .required = true}};
    int rc = cli_parse(argc, argv, s, N(s), "threshold");
    if (rc >= 0)
        return rc;
    int k = cli_enum(&thidua__v1__nominee_kind__descriptor, N_("kind"), kind);
    if (k < 0)
        return EXIT_USAGE;
    long long p = cli_whole(N_("percent"), percent, 0, 100);
    if (p < 0)
        return EXIT_USAGE;
    Thidua__V1__Threshold t = THIDUA__V1__THRESHOLD__INIT;
    t.kind = k;
    t.percent = (uint32_t)p; /* the broker refuses over 100, so every client hears the same */
    Thidua__V1__ThresholdSet body = THIDUA__V1__THRESHOLD_SET__INIT;
    body.threshold = &t;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(THRESHOLD_SET);
    req.threshold_set = &body;
    return cli_run(cli, &req, show_threshold);
}

static void show_thresholds(const Thidua__V1__Response *r)
{
    cli_table_t *t = cli_table_new(2);
    cli_table_right(t, 1, 1);
    cli_table_row(t, _("KIND"), _("YES NEEDED"));
    for (size_t i = 0; i < r->thresholds->n_thresholds; i++) {
        const Thidua__V1__Threshold *th = r->thresholds->thresholds[i];
        char k[64], p[16];
        snprintf(p, sizeof p, "%u %%", th->percent);
        cli_table_row(
            t, cli_enum_name(&thidua__v1__nominee_kind__descriptor, th->kind, k, sizeof k), p);
    }
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
}

int cmd_threshold_list(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "threshold");
    if (rc >= 0)
        return rc;
    Thidua__V1__ThresholdList body = THIDUA__V1__THRESHOLD_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(THRESHOLD_LIST);
    req.threshold_list = &body;
    return cli_run(cli, &req, show_thresholds);
}
