/* The council's ballot against a real thidua-server: nine members, one
 * absent; the tallies and the thresholds decide whom the chair may select;
 * each member reads its own vote and the turnout, never another's, in its
 * replies, snapshots, change log and the event socket; a vote retried after
 * kill -9 counts once; bad input is refused and changes nothing. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "congress.h"

#define REQ(b)     THIDUA__V1__REQUEST__BODY_##b
#define NS(x)      THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x
#define YES        THIDUA__V1__VOTE_CHOICE__VOTE_CHOICE_YES
#define NO         THIDUA__V1__VOTE_CHOICE__VOTE_CHOICE_NO
#define ABSTAIN    THIDUA__V1__VOTE_CHOICE__VOTE_CHOICE_ABSTAIN
#define CULTURE    THIDUA__V1__FIELD__FIELD_CULTURE
#define INDIVIDUAL THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL
#define COLLECTIVE THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE
#define MEMBERS    9 /* the world's "hoi-dong" and hd-2 .. hd-9 */

static cg_world_t w;
static thd_client_t *member[MEMBERS];
static char member_name[MEMBERS][16];

static void key_of(const char *name, char *buf, size_t cap)
{
    char base[320];
    snprintf(buf, cap, "%s.key", th_path(&w.srv, name, base, sizeof base));
}

static int setup(void **state)
{
    (void)state;
    cg_setup(&w);
    member[0] = w.c[CG_COUNCIL];
    snprintf(member_name[0], sizeof member_name[0], "hoi-dong");
    for (int i = 1; i < MEMBERS; i++) {
        char key[340];
        snprintf(member_name[i], sizeof member_name[i], "hd-%d", i + 1);
        th_add_principal(&w.srv, member_name[i], THIDUA__V1__ROLE__ROLE_COUNCIL, NULL);
        key_of(member_name[i], key, sizeof key);
        member[i] = th_client(&w.srv, key, THD_SOCKET_DEALER, 10000, 2);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 1; i < MEMBERS; i++)
        thd_client_destroy(&member[i]);
    cg_teardown(&w);
    return 0;
}

/* Sends req as c; the status in st, the reply in *resp when asked. */
static int call(thd_client_t *c, Thidua__V1__Request *req, Thidua__V1__Response **resp,
                thd_status_t *st)
{
    Thidua__V1__Response *r = NULL;
    memset(st, 0, sizeof *st);
    int rc = thd_call(c, req, &r, st);
    if (resp)
        *resp = r;
    else if (r)
        thidua__v1__response__free_unpacked(r, NULL);
    return rc;
}

/* The ballot as c reads it (free with thidua__v1__response__free_unpacked). */
static const Thidua__V1__Ballot *ballot_as(thd_client_t *c, const char *id,
                                           Thidua__V1__Response **resp)
{
    Thidua__V1__BallotVerb body = THIDUA__V1__BALLOT_VERB__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(BALLOT_GET);
    req.ballot_get = &body;
    thd_status_t st;
    assert_int_equal(call(c, &req, resp, &st), 0);
    return (*resp)->record->ballot;
}

static const Thidua__V1__Nominee *nominee_as(thd_client_t *c, const char *id,
                                             Thidua__V1__Response **resp)
{
    Thidua__V1__NomineeGet body = THIDUA__V1__NOMINEE_GET__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_GET);
    req.nominee_get = &body;
    thd_status_t st;
    assert_int_equal(call(c, &req, resp, &st), 0);
    return (*resp)->record->nominee;
}

static int decide(const char *id, thd_status_t *st)
{
    Thidua__V1__NomineeDecide body = THIDUA__V1__NOMINEE_DECIDE__INIT;
    body.id = (char *)id;
    body.selected = true;
    body.reason = "";
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_DECIDE);
    req.nominee_decide = &body;
    return call(w.c[CG_CHAIR], &req, NULL, st);
}

static const Thidua__V1__Tally *tally_of(const Thidua__V1__Ballot *b, const char *nominee)
{
    for (size_t i = 0; i < b->n_tallies; i++)
        if (strcmp(b->tallies[i]->nominee, nominee) == 0)
            return b->tallies[i];
    fail_msg("no tally for %s", nominee);
    return NULL;
}

static void open_on(const char *const *nominees, size_t n, char id[32])
{
    assert_int_equal(cg_ballot_open(w.c[CG_OFFICE], nominees, n, id), 0);
}

/* A just over 50 % (5 of 9), B just under (4 of 9, after member 5 changed
 * its yes to no); member 9 never votes. */
static void tallies_and_thresholds_decide_whom_the_chair_may_select(void **state)
{
    (void)state;
    char a[32], b[32], ballot[32];
    assert_int_equal(cg_threshold_set(w.c[CG_ADMIN], INDIVIDUAL, 50), 0);
    cg_nominee_in(&w, NS(VETTED), CULTURE, INDIVIDUAL, a);
    cg_nominee_in(&w, NS(VETTED), CULTURE, INDIVIDUAL, b);
    const char *both[] = {a, b};
    open_on(both, 2, ballot);
    static const int on_a[MEMBERS - 1] = {YES, YES, YES, YES, YES, NO, NO, ABSTAIN};
    static const int on_b[MEMBERS - 1] = {YES, YES, YES, YES, YES, NO, ABSTAIN, ABSTAIN};
    for (int i = 0; i < MEMBERS - 1; i++) {
        assert_int_equal(cg_ballot_vote(member[i], ballot, a, on_a[i]), 0);
        assert_int_equal(cg_ballot_vote(member[i], ballot, b, on_b[i]), 0);
    }
    assert_int_equal(cg_ballot_vote(member[4], ballot, b, NO), 0); /* changed until closed */

    thd_status_t st;
    assert_int_equal(decide(a, &st), THD_FAILED_PRECONDITION); /* no tally while open */
    assert_string_equal(st.reason, "ballot.no_tally");

    assert_int_equal(cg_ballot_verb(w.c[CG_OFFICE], REQ(BALLOT_CLOSE), ballot), 0);
    Thidua__V1__Response *resp;
    const Thidua__V1__Ballot *bb = ballot_as(w.c[CG_OBSERVER], ballot, &resp);
    assert_int_equal(bb->status, THIDUA__V1__BALLOT_STATUS__BALLOT_STATUS_CLOSED);
    assert_int_equal(bb->turnout, MEMBERS - 1);
    assert_int_equal(bb->n_members, MEMBERS);
    const Thidua__V1__Tally *ta = tally_of(bb, a), *tb = tally_of(bb, b);
    assert_int_equal(ta->yes, 5);
    assert_int_equal(ta->no, 2);
    assert_int_equal(ta->abstain, 1);
    assert_int_equal(ta->members, MEMBERS);
    assert_true(ta->met);
    assert_int_equal(tb->yes, 4);
    assert_int_equal(tb->no, 2);
    assert_int_equal(tb->abstain, 2);
    assert_false(tb->met);
    thidua__v1__response__free_unpacked(resp, NULL);

    const Thidua__V1__Nominee *n = nominee_as(w.c[CG_OBSERVER], b, &resp);
    assert_string_equal(n->ballot, ballot);
    assert_int_equal(n->ballot_yes, 4);
    assert_int_equal(n->ballot_members, MEMBERS);
    assert_true(n->ballot_closed);
    thidua__v1__response__free_unpacked(resp, NULL);

    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(decide(b, &st), THD_FAILED_PRECONDITION);
    assert_string_equal(st.reason, "ballot.below_threshold");
    assert_non_null(strstr(st.message, "4 yes of 9"));
    assert_non_null(strstr(st.message, "44.4"));
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    assert_int_equal(cg_nominee_status(w.c[CG_CHAIR], b), NS(VETTED));

    assert_int_equal(decide(a, &st), 0);
    assert_int_equal(cg_nominee_status(w.c[CG_CHAIR], a), NS(SELECTED));
    assert_int_equal(cg_nominee_decide(w.c[CG_CHAIR], b, false, "chưa đủ phiếu"), 0);
    /* a kind with no threshold set needs no ballot */
    char c[32];
    cg_nominee_in(&w, NS(SELECTED), CULTURE, COLLECTIVE, c);
}

/* Every ballot in an event or a page as reader sees it: only its vote. */
static void assert_only_own(const Thidua__V1__Record *rec, const char *reader)
{
    if (rec->body_case != THIDUA__V1__RECORD__BODY_BALLOT)
        return;
    for (size_t i = 0; i < rec->ballot->n_votes; i++)
        if (!reader || strcmp(rec->ballot->votes[i]->member, reader) != 0)
            fail_msg("%s reads %s's vote", reader ? reader : "a subscriber",
                     rec->ballot->votes[i]->member);
}

/* The reader's own choice in b, or 0. */
static int own_choice(const Thidua__V1__Ballot *b, const char *reader)
{
    for (size_t i = 0; i < b->n_votes; i++)
        if (strcmp(b->votes[i]->member, reader) == 0 && b->votes[i]->n_choices == 1)
            return b->votes[i]->choices[0]->choice;
    return 0;
}

/* The ballot records of a whole snapshot as c; counts them. */
static int snapshot_ballots(thd_client_t *c, const char *reader)
{
    Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(SNAPSHOT);
    req.snapshot = &body;
    int ballots = 0;
    char cursor[128] = "";
    do {
        body.cursor = cursor;
        Thidua__V1__Response *resp;
        thd_status_t st;
        assert_int_equal(call(c, &req, &resp, &st), 0);
        for (size_t i = 0; i < resp->snapshot->n_records; i++) {
            assert_only_own(resp->snapshot->records[i], reader);
            ballots += resp->snapshot->records[i]->body_case == THIDUA__V1__RECORD__BODY_BALLOT;
        }
        snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
        thidua__v1__response__free_unpacked(resp, NULL);
    } while (*cursor);
    return ballots;
}

/* The change log after rev as c: every ballot only with reader's vote;
 * returns the reader's own latest choice seen there. */
static int log_own_choice(thd_client_t *c, unsigned long long rev, const char *reader)
{
    Thidua__V1__ChangesSinceRequest body = THIDUA__V1__CHANGES_SINCE_REQUEST__INIT;
    body.revision = rev;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CHANGES_SINCE);
    req.changes_since = &body;
    Thidua__V1__Response *resp;
    thd_status_t st;
    assert_int_equal(call(c, &req, &resp, &st), 0);
    int mine = 0;
    for (size_t e = 0; e < resp->changes->n_events; e++)
        for (size_t r = 0; r < resp->changes->events[e]->n_records; r++) {
            const Thidua__V1__Record *rec = resp->changes->events[e]->records[r];
            assert_only_own(rec, reader);
            if (rec->body_case == THIDUA__V1__RECORD__BODY_BALLOT && reader &&
                own_choice(rec->ballot, reader))
                mine = own_choice(rec->ballot, reader);
        }
    thidua__v1__response__free_unpacked(resp, NULL);
    return mine;
}

static thd_events_t *subscribe_as(const char *name)
{
    char key[340];
    key_of(name, key, sizeof key);
    thd_client_opts_t o = {.server = w.srv.requests,
                           .server_key = w.srv.server_pub,
                           .key_file = key,
                           .events = w.srv.events};
    thd_status_t st = {0};
    thd_events_t *ev = thd_events_new(&o, NULL, &st);
    assert_non_null(ev);
    return ev;
}

/* Events up to revision `until` on the socket, each ballot without votes;
 * returns how many ballot changes came. */
static int published_ballots(thd_events_t *sub, unsigned long long until)
{
    int ballots = 0;
    long long deadline = th_now_ms() + 5000;
    unsigned long long seen = 0;
    while (seen < until && th_now_ms() < deadline) {
        Thidua__V1__Event *ev = NULL;
        Thidua__V1__Heartbeat *hb = NULL;
        thd_status_t st;
        int got = thd_events_next(sub, 500, &ev, &hb, &st);
        assert_true(got >= 0);
        if (got == 1) {
            seen = ev->revision;
            for (size_t i = 0; i < ev->n_records; i++) {
                assert_only_own(ev->records[i], NULL);
                ballots += ev->records[i]->body_case == THIDUA__V1__RECORD__BODY_BALLOT;
            }
            thidua__v1__event__free_unpacked(ev, NULL);
        }
        if (hb)
            thidua__v1__heartbeat__free_unpacked(hb, NULL);
    }
    assert_true(seen >= until);
    return ballots;
}

static void votes_stay_secret_between_members(void **state)
{
    (void)state;
    thd_events_t *sub = subscribe_as(member_name[1]);
    th_sleep_ms(300); /* the subscription reaches the broker */
    char n[32], ballot[32];
    cg_nominee_in(&w, NS(VETTED), CULTURE, INDIVIDUAL, n);
    unsigned long long from = th_revision(w.c[CG_ADMIN]);
    const char *one[] = {n};
    open_on(one, 1, ballot);
    assert_int_equal(cg_ballot_vote(member[0], ballot, n, YES), 0);
    assert_int_equal(cg_ballot_vote(member[1], ballot, n, NO), 0);

    Thidua__V1__Response *resp;
    const Thidua__V1__Ballot *b = ballot_as(member[0], ballot, &resp);
    assert_int_equal(b->turnout, 2);
    assert_int_equal(b->n_votes, 1);
    assert_int_equal(own_choice(b, member_name[0]), YES);
    thidua__v1__response__free_unpacked(resp, NULL);
    b = ballot_as(member[1], ballot, &resp);
    assert_int_equal(b->turnout, 2);
    assert_int_equal(b->n_votes, 1);
    assert_int_equal(own_choice(b, member_name[1]), NO);
    thidua__v1__response__free_unpacked(resp, NULL);
    b = ballot_as(member[2], ballot, &resp); /* a member who has not voted */
    assert_int_equal(b->turnout, 2);
    assert_int_equal(b->n_votes, 0);
    thidua__v1__response__free_unpacked(resp, NULL);
    b = ballot_as(w.c[CG_OFFICE], ballot, &resp);
    assert_int_equal(b->n_votes, 0);
    thidua__v1__response__free_unpacked(resp, NULL);

    assert_true(snapshot_ballots(member[0], member_name[0]) >= 1);
    assert_true(snapshot_ballots(w.c[CG_ADMIN], NULL) >= 1);
    assert_int_equal(log_own_choice(member[0], from, member_name[0]), YES);
    assert_int_equal(log_own_choice(member[1], from, member_name[1]), NO);
    assert_int_equal(log_own_choice(w.c[CG_CHAIR], from, NULL), 0);
    assert_int_equal(published_ballots(sub, th_revision(w.c[CG_ADMIN])), 3);
    thd_events_destroy(&sub);
    assert_int_equal(cg_ballot_verb(w.c[CG_OFFICE], REQ(BALLOT_CLOSE), ballot), 0);
}

static int vote_with_id(thd_client_t *c, const char *ballot, const char *nominee, int choice,
                        const char *request_id, thd_status_t *st)
{
    Thidua__V1__BallotChoice ch = THIDUA__V1__BALLOT_CHOICE__INIT, *chp = &ch;
    ch.nominee = (char *)nominee;
    ch.choice = choice;
    Thidua__V1__BallotVote body = THIDUA__V1__BALLOT_VOTE__INIT;
    body.id = (char *)ballot;
    body.choices = &chp;
    body.n_choices = 1;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = (char *)request_id;
    req.body_case = REQ(BALLOT_VOTE);
    req.ballot_vote = &body;
    return call(c, &req, NULL, st);
}

struct late_vote {
    thd_client_t *c;
    const char *ballot, *nominee;
    int rc;
};

static void *vote_while_down(void *arg)
{
    struct late_vote *v = arg;
    thd_status_t st;
    v->rc = vote_with_id(v->c, v->ballot, v->nominee, YES, "vote-while-down", &st);
    return NULL;
}

static void a_vote_retried_after_kill_9_counts_once(void **state)
{
    (void)state;
    char n[32], ballot[32];
    cg_nominee_in(&w, NS(VETTED), CULTURE, INDIVIDUAL, n);
    const char *one[] = {n};
    open_on(one, 1, ballot);
    thd_status_t st;
    /* acknowledged, then the broker dies: the retry gets the kept answer */
    assert_int_equal(vote_with_id(member[2], ballot, n, YES, "vote-before-kill", &st), 0);
    th_server_kill(&w.srv);
    th_server_restart(&w.srv);
    unsigned long long rev = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(vote_with_id(member[2], ballot, n, YES, "vote-before-kill", &st), 0);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), rev);
    /* sent while the broker is down: the client's own retries reuse the id */
    char key[340];
    key_of(member_name[3], key, sizeof key);
    thd_client_t *patient = th_client(&w.srv, key, THD_SOCKET_DEALER, 700, 20);
    th_server_kill(&w.srv);
    struct late_vote v = {.c = patient, .ballot = ballot, .nominee = n, .rc = -1};
    pthread_t t;
    pthread_create(&t, NULL, vote_while_down, &v);
    th_sleep_ms(1500); /* two attempts queue up before the broker is back */
    th_server_restart(&w.srv);
    pthread_join(t, NULL);
    assert_int_equal(v.rc, 0);
    thd_client_destroy(&patient);

    Thidua__V1__Response *resp;
    const Thidua__V1__Ballot *b = ballot_as(member[2], ballot, &resp);
    assert_int_equal(b->turnout, 2);
    assert_int_equal(own_choice(b, member_name[2]), YES);
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(cg_ballot_verb(w.c[CG_OFFICE], REQ(BALLOT_CLOSE), ballot), 0);
    b = ballot_as(w.c[CG_OFFICE], ballot, &resp);
    assert_int_equal(tally_of(b, n)->yes, 2);
    thidua__v1__response__free_unpacked(resp, NULL);
}

/* rc is code and reason; the revision did not move. */
static void refused(int rc, const thd_status_t *st, int code, const char *reason,
                    unsigned long long before)
{
    if (rc != code || strcmp(st->reason, reason) != 0)
        fail_msg("got %d %s (%s), expected %d %s", rc, st->reason, st->message, code, reason);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
}

static int open_with_status(const char *nominee, thd_status_t *st)
{
    const char *one[] = {nominee};
    Thidua__V1__BallotOpen body = THIDUA__V1__BALLOT_OPEN__INIT;
    body.nominees = (char **)one;
    body.n_nominees = 1;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(BALLOT_OPEN);
    req.ballot_open = &body;
    return call(w.c[CG_OFFICE], &req, NULL, st);
}

static void bad_input_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    char vetted[32], vetting[32], ballot[32];
    thd_status_t st;
    cg_nominee_in(&w, NS(VETTED), CULTURE, INDIVIDUAL, vetted);
    cg_nominee_in(&w, NS(VETTING), CULTURE, INDIVIDUAL, vetting);
    unsigned long long rev = th_revision(w.c[CG_ADMIN]);
    refused(open_with_status(vetting, &st), &st, THD_FAILED_PRECONDITION,
            "ballot.nominee_not_vetted", rev);
    assert_string_equal(st.field, "nominees");
    const char *one[] = {vetted};
    open_on(one, 1, ballot);
    rev = th_revision(w.c[CG_ADMIN]);
    refused(open_with_status(vetted, &st), &st, THD_FAILED_PRECONDITION,
            "ballot.nominee_in_open_ballot", rev);

    /* not of the council at all, and of the council but named after it opened */
    refused(vote_with_id(w.c[CG_OFFICE], ballot, vetted, YES, "", &st), &st, THD_PERMISSION_DENIED,
            "request.role_denied", rev);
    th_add_principal(&w.srv, "hd-late", THIDUA__V1__ROLE__ROLE_COUNCIL, NULL);
    char key[340];
    key_of("hd-late", key, sizeof key);
    thd_client_t *late = th_client(&w.srv, key, THD_SOCKET_DEALER, 10000, 2);
    rev = th_revision(w.c[CG_ADMIN]);
    refused(vote_with_id(late, ballot, vetted, YES, "", &st), &st, THD_PERMISSION_DENIED,
            "ballot.not_member", rev);
    thd_client_destroy(&late);
    refused(vote_with_id(member[0], ballot, vetting, YES, "", &st), &st, THD_INVALID_ARGUMENT,
            "ballot.not_on_ballot", rev);

    assert_int_equal(cg_ballot_vote(member[0], ballot, vetted, YES), 0);
    assert_int_equal(cg_ballot_verb(w.c[CG_OFFICE], REQ(BALLOT_CLOSE), ballot), 0);
    rev = th_revision(w.c[CG_ADMIN]);
    refused(vote_with_id(member[0], ballot, vetted, NO, "", &st), &st, THD_FAILED_PRECONDITION,
            "ballot.closed", rev);
    Thidua__V1__BallotVerb verb = THIDUA__V1__BALLOT_VERB__INIT;
    verb.id = ballot;
    Thidua__V1__Request close = THIDUA__V1__REQUEST__INIT;
    close.body_case = REQ(BALLOT_CLOSE);
    close.ballot_close = &verb;
    refused(call(w.c[CG_OFFICE], &close, NULL, &st), &st, THD_FAILED_PRECONDITION,
            "ballot.already_closed", rev);

    Thidua__V1__Threshold t = THIDUA__V1__THRESHOLD__INIT;
    t.kind = COLLECTIVE;
    t.percent = 101;
    Thidua__V1__ThresholdSet body = THIDUA__V1__THRESHOLD_SET__INIT;
    body.threshold = &t;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(THRESHOLD_SET);
    req.threshold_set = &body;
    refused(call(w.c[CG_ADMIN], &req, NULL, &st), &st, THD_INVALID_ARGUMENT, "threshold.over_100",
            rev);
    assert_string_equal(st.field, "threshold.percent");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tallies_and_thresholds_decide_whom_the_chair_may_select),
        cmocka_unit_test(votes_stay_secret_between_members),
        cmocka_unit_test(a_vote_retried_after_kill_9_counts_once),
        cmocka_unit_test(bad_input_is_refused_and_changes_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
