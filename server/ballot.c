/* The council's ballot. The stored ballot holds every member's vote, so a
 * retried or repeated vote replaces the member's choices and never counts
 * twice; what leaves the broker goes through ballot_for_reader, so no
 * member, office or subscriber ever reads another member's vote. The
 * close writes the tally into the ballot and into each nominee, in the
 * same change, so the log records it. */
#include "ballot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "history.h"
#include "mem.h"
#include "pbjson.h"
#include "reasons.h"
#include "records.h"
#include "transitions.h"

#define TYPE_BALLOT    "ballot"
#define TYPE_THRESHOLD "threshold"
#define TYPE_NOMINEE   "nominee"
#define TYPE_PRINCIPAL "principal"
#define BSTATUS(x)     THIDUA__V1__BALLOT_STATUS__BALLOT_STATUS_##x
#define CHOICE(x)      THIDUA__V1__VOTE_CHOICE__VOTE_CHOICE_##x

bool ballot_for_reader(Thidua__V1__Record *rec, const char *reader)
{
    if (rec->body_case != THIDUA__V1__RECORD__BODY_BALLOT || !rec->ballot)
        return false;
    Thidua__V1__Ballot *b = rec->ballot;
    size_t kept = 0;
    for (size_t i = 0; i < b->n_votes; i++) {
        if (reader && *reader && strcmp(b->votes[i]->member, reader) == 0)
            b->votes[kept++] = b->votes[i];
        else
            thidua__v1__vote__free_unpacked(b->votes[i], NULL);
    }
    b->n_votes = kept;
    if (!kept) {
        free(b->votes);
        b->votes = NULL;
    }
    return true;
}

/* Writes rec and answers with it as the caller may read it. */
static int put_and_reply(req_ctx_t *ctx, Thidua__V1__Record *rec, bool create)
{
    int rc = records_put(ctx, rec, create);
    if (rc)
        return rc;
    const ProtobufCBinaryData *w = &ctx->packed[ctx->n_changes - 1];
    Thidua__V1__Record *reply = thidua__v1__record__unpack(NULL, w->len, w->data);
    if (!reply)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    ballot_for_reader(reply, ctx->in->who->name);
    return domain_reply(ctx, reply);
}

static const char *kind_id(int kind, char *buf, size_t cap)
{
    return pbjson_enum_name(&thidua__v1__nominee_kind__descriptor, kind, buf, cap);
}

/* The percent of all members a nominee kind needs; 0 when none is set. */
static uint32_t threshold_of(req_ctx_t *ctx, int kind)
{
    char id[32];
    Thidua__V1__Record *rec = NULL;
    thd_status_t keep = *ctx->st;
    uint32_t percent = 0;
    if (records_get(ctx, TYPE_THRESHOLD, kind_id(kind, id, sizeof id), &rec) == 0 &&
        rec->body_case == THIDUA__V1__RECORD__BODY_THRESHOLD)
        percent = rec->threshold->percent;
    thidua__v1__record__free_unpacked(rec, NULL);
    *ctx->st = keep;
    return percent;
}

static bool met(uint32_t yes, uint32_t members, uint32_t threshold)
{
    return (uint64_t)yes * 100 >= (uint64_t)threshold * members;
}

/* "55.6": yes as a percent of members, one decimal. */
static const char *percent_text(uint32_t yes, uint32_t members, char *buf, size_t cap)
{
    unsigned long tenths =
        members ? (unsigned long)(((uint64_t)yes * 1000 + members / 2) / members) : 0;
    snprintf(buf, cap, "%lu.%lu", tenths / 10, tenths % 10);
    return buf;
}

/* ---- open ---- */

struct council {
    char **names;
    size_t n;
};

static int visit_member(void *arg, const char *key, Thidua__V1__Record **rec)
{
    (void)key;
    struct council *c = arg;
    const Thidua__V1__Principal *p = (*rec)->principal;
    if (p && p->role == THIDUA__V1__ROLE__ROLE_COUNCIL && !p->disabled)
        *domain_push((void ***)&c->names, &c->n) = records_strdup(p->name);
    return 0;
}

static void council_free(struct council *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->names[i]);
    free(c->names);
}

static Thidua__V1__Tally *new_tally(const char *nominee, size_t members)
{
    Thidua__V1__Tally *t = mem_alloc(sizeof *t);
    thidua__v1__tally__init(t);
    t->nominee = records_strdup(nominee);
    t->members = (uint32_t)members;
    return t;
}

static Thidua__V1__Record *new_ballot(const char *id, const char *name, struct council *c)
{
    Thidua__V1__Record *rec = domain_envelope(TYPE_BALLOT, id);
    Thidua__V1__Ballot *b = mem_alloc(sizeof *b);
    thidua__v1__ballot__init(b);
    rec->body_case = THIDUA__V1__RECORD__BODY_BALLOT;
    rec->ballot = b;
    b->id = records_strdup(id);
    b->name = records_strdup(name);
    b->status = BSTATUS(OPEN);
    b->members = c->names; /* the ballot takes the names */
    b->n_members = c->n;
    c->names = NULL;
    c->n = 0;
    return rec;
}

static int refuse_listed_twice(req_ctx_t *ctx, char *const *ids, size_t n, const char *field)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(ids[i], ids[j]) == 0)
                return thd_refuse(ctx->st, THD_R_BALLOT_LISTED_TWICE, field, ids[i]);
    return 0;
}

/* Puts a vetted nominee, in no open ballot, on ballot id. */
static int enter_nominee(req_ctx_t *ctx, const char *nominee, const char *id, size_t members)
{
    Thidua__V1__Record *rec = NULL;
    int rc = records_get(ctx, TYPE_NOMINEE, nominee, &rec);
    if (rc) {
        snprintf(ctx->st->field, sizeof ctx->st->field, "nominees");
        return rc;
    }
    Thidua__V1__Nominee *n = rec->nominee;
    char status[32];
    if (n->status != THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_VETTED)
        rc = thd_refuse(ctx->st, THD_R_BALLOT_NOT_VETTED, "nominees", nominee,
                        transitions_status_name(MACHINE_NOMINEE, n->status, status, sizeof status));
    else if (*n->ballot && !n->ballot_closed)
        rc = thd_refuse(ctx->st, THD_R_BALLOT_NOMINEE_BUSY, "nominees", nominee, n->ballot);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    domain_set_string(&n->ballot, id);
    n->ballot_yes = 0;
    n->ballot_members = (uint32_t)members;
    n->ballot_threshold = 0;
    n->ballot_closed = false;
    return history_write(ctx, records_put, rec, false, history_new(ctx, rec, "ballot", id));
}

/* A ballot opened with no name is named by the province's day, as the
 * council's meetings are, so no list shows it as a bare "B-3". */
static const char *day_name(const req_ctx_t *ctx, char named[96])
{
    char today[11];
    domain_today(ctx, today); /* YYYY-MM-DD */
    snprintf(named, 96, "Phiên họp Hội đồng Thi đua - Khen thưởng ngày %.2s/%.2s/%.4s", today + 8,
             today + 5, today);
    return named;
}

int ballot_open(req_ctx_t *ctx)
{
    const Thidua__V1__BallotOpen *in = ctx->in->req->ballot_open;
    if (!in->n_nominees)
        return thd_refuse(ctx->st, THD_R_BALLOT_NO_NOMINEES, "nominees");
    int rc = refuse_listed_twice(ctx, in->nominees, in->n_nominees, "nominees");
    if (rc)
        return rc;
    struct council c = {0};
    rc = domain_scan(ctx, TYPE_PRINCIPAL, "", visit_member, &c);
    if (rc == 0 && !c.n)
        rc = thd_refuse(ctx->st, THD_R_BALLOT_NO_COUNCIL, "");
    char id[32];
    if (rc == 0)
        rc = domain_next_id(ctx, TYPE_BALLOT, "B", id, sizeof id);
    if (rc) {
        council_free(&c);
        return rc;
    }
    size_t members = c.n;
    char named[96];
    Thidua__V1__Record *rec = new_ballot(id, *in->name ? in->name : day_name(ctx, named), &c);
    for (size_t i = 0; i < in->n_nominees; i++)
        *domain_push((void ***)&rec->ballot->nominees, &rec->ballot->n_nominees) =
            records_strdup(in->nominees[i]);
    for (size_t i = 0; i < in->n_nominees; i++)
        *domain_push((void ***)&rec->ballot->tallies, &rec->ballot->n_tallies) =
            new_tally(in->nominees[i], members);
    rc = put_and_reply(ctx, rec, true); /* the ballot leads the event */
    for (size_t i = 0; rc == 0 && i < in->n_nominees; i++)
        rc = enter_nominee(ctx, in->nominees[i], id, members);
    if (rc == 0)
        records_changed(ctx, "ballot");
    return rc;
}

/* ---- vote ---- */

static bool listed(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

static int check_choices(req_ctx_t *ctx, const Thidua__V1__BallotVote *in,
                         const Thidua__V1__Ballot *b)
{
    if (!in->n_choices)
        return thd_refuse(ctx->st, THD_R_BALLOT_NO_CHOICES, "choices");
    for (size_t i = 0; i < in->n_choices; i++) {
        const Thidua__V1__BallotChoice *c = in->choices[i];
        char field[64];
        snprintf(field, sizeof field, "choices[%zu]", i);
        if (!listed(b->nominees, b->n_nominees, c->nominee))
            return thd_refuse(ctx->st, THD_R_BALLOT_NOT_ON_BALLOT, field, c->nominee, b->id);
        if (!c->choice)
            return thd_refuse(ctx->st, THD_R_BALLOT_NO_CHOICE, field, c->nominee);
        for (size_t j = 0; j < i; j++)
            if (strcmp(in->choices[j]->nominee, c->nominee) == 0)
                return thd_refuse(ctx->st, THD_R_BALLOT_LISTED_TWICE, field, c->nominee);
    }
    return 0;
}

static Thidua__V1__Vote *member_vote(Thidua__V1__Ballot *b, const char *member)
{
    for (size_t i = 0; i < b->n_votes; i++)
        if (strcmp(b->votes[i]->member, member) == 0)
            return b->votes[i];
    Thidua__V1__Vote *v = mem_alloc(sizeof *v);
    thidua__v1__vote__init(v);
    v->member = records_strdup(member);
    *domain_push((void ***)&b->votes, &b->n_votes) = v;
    return v;
}

static void set_choice(Thidua__V1__Vote *v, const Thidua__V1__BallotChoice *in)
{
    for (size_t i = 0; i < v->n_choices; i++)
        if (strcmp(v->choices[i]->nominee, in->nominee) == 0) {
            v->choices[i]->choice = in->choice;
            return;
        }
    Thidua__V1__BallotChoice *c = mem_alloc(sizeof *c);
    thidua__v1__ballot_choice__init(c);
    c->nominee = records_strdup(in->nominee);
    c->choice = in->choice;
    *domain_push((void ***)&v->choices, &v->n_choices) = c;
}

/* Loads ballot id, open: FAILED_PRECONDITION once closed. */
static int load_open(req_ctx_t *ctx, const char *id, thd_reason_t closed, Thidua__V1__Record **out)
{
    int rc = domain_load(ctx, TYPE_BALLOT, id, "id", out);
    if (rc == 0 && (*out)->ballot->status != BSTATUS(OPEN)) {
        thidua__v1__record__free_unpacked(*out, NULL);
        *out = NULL;
        rc = thd_refuse(ctx->st, closed, "id", id);
    }
    return rc;
}

int ballot_vote(req_ctx_t *ctx)
{
    const Thidua__V1__BallotVote *in = ctx->in->req->ballot_vote;
    Thidua__V1__Record *rec = NULL;
    int rc = load_open(ctx, in->id, THD_R_BALLOT_CLOSED, &rec);
    if (rc)
        return rc;
    Thidua__V1__Ballot *b = rec->ballot;
    if (!listed(b->members, b->n_members, ctx->in->who->name))
        rc = thd_refuse(ctx->st, THD_R_BALLOT_NOT_MEMBER, "", ctx->in->who->name, b->id);
    if (rc == 0)
        rc = check_choices(ctx, in, b);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    Thidua__V1__Vote *v = member_vote(b, ctx->in->who->name);
    for (size_t i = 0; i < in->n_choices; i++)
        set_choice(v, in->choices[i]);
    v->time_ms = ctx->in->now_ms;
    b->turnout = (uint32_t)b->n_votes;
    records_changed(ctx, "votes");
    records_changed(ctx, "turnout");
    return put_and_reply(ctx, rec, false);
}

/* ---- close ---- */

static void count(const Thidua__V1__Ballot *b, Thidua__V1__Tally *t)
{
    t->yes = t->no = t->abstain = 0;
    for (size_t i = 0; i < b->n_votes; i++)
        for (size_t k = 0; k < b->votes[i]->n_choices; k++) {
            const Thidua__V1__BallotChoice *c = b->votes[i]->choices[k];
            if (strcmp(c->nominee, t->nominee) != 0)
                continue;
            t->yes += c->choice == CHOICE(YES);
            t->no += c->choice == CHOICE(NO);
            t->abstain += c->choice == CHOICE(ABSTAIN);
        }
}

/* Records t on its nominee, when the nominee is still this ballot's. */
static int record_tally(req_ctx_t *ctx, const char *ballot, const Thidua__V1__Tally *t)
{
    Thidua__V1__Record *rec = NULL;
    int rc = records_get(ctx, TYPE_NOMINEE, t->nominee, &rec);
    if (rc)
        return rc;
    Thidua__V1__Nominee *n = rec->nominee;
    if (strcmp(n->ballot, ballot) != 0) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return 0;
    }
    n->ballot_yes = t->yes;
    n->ballot_members = t->members;
    n->ballot_threshold = t->threshold;
    n->ballot_closed = true;
    char text[96], pct[16];
    snprintf(text, sizeof text, "%s: %u/%u (%s %%)", ballot, t->yes, t->members,
             percent_text(t->yes, t->members, pct, sizeof pct));
    return history_write(ctx, records_put, rec, false, history_new(ctx, rec, "tally", text));
}

/* Counts t and judges it against its nominee kind's threshold. */
static int judge(req_ctx_t *ctx, const Thidua__V1__Ballot *b, Thidua__V1__Tally *t)
{
    Thidua__V1__Record *rec = NULL;
    int rc = records_get(ctx, TYPE_NOMINEE, t->nominee, &rec);
    if (rc)
        return rc;
    count(b, t);
    t->threshold = threshold_of(ctx, rec->nominee->kind);
    t->met = met(t->yes, t->members, t->threshold);
    thidua__v1__record__free_unpacked(rec, NULL);
    return 0;
}

int ballot_close(req_ctx_t *ctx)
{
    const char *id = ctx->in->req->ballot_close->id;
    Thidua__V1__Record *rec = NULL;
    int rc = load_open(ctx, id, THD_R_BALLOT_ALREADY_CLOSED, &rec);
    if (rc)
        return rc;
    Thidua__V1__Ballot *b = rec->ballot;
    for (size_t i = 0; rc == 0 && i < b->n_tallies; i++)
        rc = judge(ctx, b, b->tallies[i]);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    b->status = BSTATUS(CLOSED);
    records_changed(ctx, "status");
    records_changed(ctx, "tallies");
    Thidua__V1__Record *kept = records_dup(rec); /* the tallies, after rec is the store's */
    if (!kept)
        return thd_refuse(ctx->st, THD_R_OUT_OF_MEMORY, "");
    rc = put_and_reply(ctx, rec, false);
    for (size_t i = 0; rc == 0 && i < kept->ballot->n_tallies; i++)
        rc = record_tally(ctx, kept->ballot->id, kept->ballot->tallies[i]);
    if (rc == 0)
        records_changed(ctx, "ballot_yes");
    thidua__v1__record__free_unpacked(kept, NULL);
    return rc;
}

/* ---- reads ---- */

int ballot_get(req_ctx_t *ctx)
{
    Thidua__V1__Record *rec = NULL;
    int rc = domain_load(ctx, TYPE_BALLOT, ctx->in->req->ballot_get->id, "id", &rec);
    if (rc)
        return rc;
    ballot_for_reader(rec, ctx->in->who->name);
    return domain_reply(ctx, rec);
}

struct ballots {
    Thidua__V1__BallotListReply *out;
    const char *reader;
};

static int visit_ballot(void *arg, const char *key, Thidua__V1__Record **rec)
{
    (void)key;
    struct ballots *bs = arg;
    if (!ballot_for_reader(*rec, bs->reader))
        return 0;
    *domain_push((void ***)&bs->out->ballots, &bs->out->n_ballots) = (*rec)->ballot;
    (*rec)->ballot = NULL;
    (*rec)->body_case = THIDUA__V1__RECORD__BODY__NOT_SET;
    return 0;
}

int ballot_list(req_ctx_t *ctx)
{
    struct ballots bs = {.reader = ctx->in->who->name};
    bs.out = mem_alloc(sizeof *bs.out);
    thidua__v1__ballot_list_reply__init(bs.out);
    ctx->resp->ballots = bs.out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_BALLOTS;
    return domain_scan(ctx, TYPE_BALLOT, "", visit_ballot, &bs);
}

/* ---- thresholds ---- */

int threshold_set(req_ctx_t *ctx)
{
    const Thidua__V1__Threshold *in = ctx->in->req->threshold_set->threshold;
    if (!in)
        return thd_refuse(ctx->st, THD_R_PART_MISSING, "threshold", "threshold");
    if (!in->kind)
        return thd_refuse(ctx->st, THD_R_NO_KIND, "threshold.kind");
    if (in->percent > 100)
        return thd_refuse(ctx->st, THD_R_THRESHOLD_OVER_100, "threshold.percent",
                          THD_U(in->percent));
    char id[32];
    kind_id(in->kind, id, sizeof id);
    Thidua__V1__Record *rec = NULL;
    thd_status_t keep = *ctx->st;
    bool create = records_get(ctx, TYPE_THRESHOLD, id, &rec) != 0;
    *ctx->st = keep;
    if (!create && records_check_expected(ctx, rec)) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return THD_ABORTED;
    }
    if (create) {
        rec = domain_envelope(TYPE_THRESHOLD, id);
        Thidua__V1__Threshold *t = mem_alloc(sizeof *t);
        thidua__v1__threshold__init(t);
        t->kind = in->kind;
        rec->body_case = THIDUA__V1__RECORD__BODY_THRESHOLD;
        rec->threshold = t;
    }
    rec->threshold->percent = in->percent;
    records_changed(ctx, "percent");
    return domain_put_and_reply(ctx, rec, create);
}

static int visit_threshold(void *arg, const char *key, Thidua__V1__Record **rec)
{
    (void)key;
    Thidua__V1__ThresholdListReply *out = arg;
    if ((*rec)->body_case != THIDUA__V1__RECORD__BODY_THRESHOLD)
        return 0;
    *domain_push((void ***)&out->thresholds, &out->n_thresholds) = (*rec)->threshold;
    (*rec)->threshold = NULL;
    (*rec)->body_case = THIDUA__V1__RECORD__BODY__NOT_SET;
    return 0;
}

int threshold_list(req_ctx_t *ctx)
{
    Thidua__V1__ThresholdListReply *out = mem_alloc(sizeof *out);
    thidua__v1__threshold_list_reply__init(out);
    ctx->resp->thresholds = out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_THRESHOLDS;
    return domain_scan(ctx, TYPE_THRESHOLD, "", visit_threshold, out);
}

/* ---- the chair's decision ---- */

int ballot_check_selectable(req_ctx_t *ctx, const Thidua__V1__Nominee *n)
{
    uint32_t threshold = threshold_of(ctx, n->kind);
    char need[16], got[16], yes[16], members[16];
    snprintf(need, sizeof need, "%u", threshold);
    if (!threshold)
        return 0;
    if (!*n->ballot || !n->ballot_closed)
        return thd_refuse(ctx->st, THD_R_BALLOT_NO_TALLY, "id", n->id, need);
    if (met(n->ballot_yes, n->ballot_members, threshold))
        return 0;
    snprintf(yes, sizeof yes, "%u", n->ballot_yes);
    snprintf(members, sizeof members, "%u", n->ballot_members);
    return thd_refuse(ctx->st, THD_R_BALLOT_BELOW_THRESHOLD, "id", n->id, yes, members,
                      percent_text(n->ballot_yes, n->ballot_members, got, sizeof got), n->ballot,
                      need);
}
