/* Nominees: every move goes through the transition table (transitions.c);
 * places under quotas and caps are taken through quotas.c in the same
 * request, after the nominee is written so it leads the event. */
#include "nominees.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ballot.h"
#include "calendar.h"
#include "documents.h"
#include "domain.h"
#include "fold.h"
#include "edits.h"
#include "history.h"
#include "mem.h"
#include "quotas.h"
#include "reasons.h"
#include "records.h"
#include "rules.h"
#include "thd_limits.h"
#include "transitions.h"

#define TYPE_NOMINEE "nominee"
#define NSTATUS(x)   THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x

/* A year as people write one; outside it a slip of the keys (20199,
 * 3000), refused naming the years taken, 1900 to this year. One inside it
 * but after this year is refused as a year yet to come (past_year). */
static bool plausible_year(uint32_t y)
{
    return y >= 1900 && y <= 2100;
}

/* The broker's year today (the test clock's under tests). */
static unsigned this_year(req_ctx_t *ctx)
{
    char today[11];
    domain_today(ctx, today);
    return (unsigned)strtoul(today, NULL, 10);
}

/* A year that must already have come (a birth, an honour received):
 * refused when after this year, as a year that is yet to come. */
static int past_year(req_ctx_t *ctx, uint32_t y, const char *field)
{
    unsigned now = this_year(ctx);
    if (y <= now)
        return 0;
    return thd_refuse(ctx->st, THD_R_NOMINEE_FUTURE_YEAR, field, THD_U(y), THD_U(now));
}

/* The achievement period (both years or neither) and each earlier honour. */
static int check_history(req_ctx_t *ctx, const Thidua__V1__Nominee *in)
{
    if ((in->period_from || in->period_to) &&
        (!plausible_year(in->period_from) || !plausible_year(in->period_to) ||
         in->period_from > in->period_to))
        return thd_refuse(ctx->st, THD_R_NOMINEE_BAD_PERIOD, "nominee.period_from",
                          THD_U(in->period_from), THD_U(in->period_to));
    for (size_t i = 0; i < in->n_earlier_honours; i++) {
        const Thidua__V1__EarlierHonour *h = in->earlier_honours[i];
        char field[64];
        snprintf(field, sizeof field, "nominee.earlier_honours[%zu].year", i);
        if (!plausible_year(h->year))
            return thd_refuse(ctx->st, THD_R_NOMINEE_HONOUR_YEAR, field, THD_U(i + 1),
                              THD_U(h->year), THD_U(this_year(ctx)));
        int rc = past_year(ctx, h->year, field);
        if (rc)
            return rc;
        if (!*h->form) {
            snprintf(field, sizeof field, "nominee.earlier_honours[%zu].form", i);
            return thd_refuse(ctx->st, THD_R_NOMINEE_HONOUR_NO_FORM, field, THD_U(i + 1),
                              THD_U(h->year));
        }
    }
    return 0;
}

/* The criteria a unit claims for a nominee of kind (0: not known yet). */
static int claims_apply(req_ctx_t *ctx, char **codes, size_t n, int kind)
{
    for (size_t i = 0; i < n; i++) {
        int rc = criteria_get_for(ctx, codes[i], kind, "nominee.criteria_met");
        if (rc)
            return rc;
    }
    return 0;
}

/* Gender and birth year are a person's: given for a collective they are a
 * slip (an import's column filled for every row), refused rather than
 * kept. gender and birth_year: what the request gives anew (new_text);
 * kind: the nominee's kind as it will stand. */
static int person_fields(req_ctx_t *ctx, const char *gender, uint32_t birth_year, int kind)
{
    if (*gender && !thd_gender_word(gender))
        return thd_refuse(ctx->st, THD_R_NOMINEE_GENDER, "nominee.gender", gender);
    if (kind == THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE && (*gender || birth_year))
        return thd_refuse(ctx->st, THD_R_NOMINEE_COLLECTIVE_PERSON,
                          *gender ? "nominee.gender" : "nominee.birth_year");
    return 0;
}

/* An edit's gender or birth year as the nominee already holds it is the
 * record's own, sent back because the web's form and an import send every
 * field: not new, so not judged by a rule younger than the record (a
 * gender kept before the broker took only Nam or Nữ). Judging it would
 * hold back every edit of such a dossier until its gender is changed. */
static const char *new_text(const char *given, const char *stored)
{
    return strcmp(given, stored) == 0 ? "" : given;
}

static uint32_t new_number(uint32_t given, uint32_t stored)
{
    return given == stored ? 0 : given;
}

/* What create and edit check alike before the record is read: the claims
 * against the kind sent, the birth year, the honours. */
static int check_claims(req_ctx_t *ctx, const Thidua__V1__Nominee *in)
{
    int rc = claims_apply(ctx, in->criteria_met, in->n_criteria_met, in->kind);
    if (rc)
        return rc;
    if (in->birth_year && !plausible_year(in->birth_year))
        return thd_refuse(ctx->st, THD_R_NOMINEE_BIRTH_YEAR, "nominee.birth_year",
                          THD_U(in->birth_year), THD_U(this_year(ctx)));
    rc = in->birth_year ? past_year(ctx, in->birth_year, "nominee.birth_year") : 0;
    return rc ? rc : check_history(ctx, in);
}

/* Earlier honours: a list given replaces the list. */
static void set_honours(Thidua__V1__Nominee *n, const Thidua__V1__Nominee *in)
{
    for (size_t i = 0; i < n->n_earlier_honours; i++)
        thidua__v1__earlier_honour__free_unpacked(n->earlier_honours[i], NULL);
    free(n->earlier_honours);
    n->earlier_honours = NULL;
    n->n_earlier_honours = 0;
    for (size_t i = 0; i < in->n_earlier_honours; i++) {
        Thidua__V1__EarlierHonour *h = mem_alloc(sizeof *h);
        thidua__v1__earlier_honour__init(h);
        h->year = in->earlier_honours[i]->year;
        h->form = records_strdup(in->earlier_honours[i]->form);
        h->decision_number = records_strdup(in->earlier_honours[i]->decision_number);
        *domain_push((void ***)&n->earlier_honours, &n->n_earlier_honours) = h;
    }
}

/* The descriptive fields a unit writes: strings when given, enums when set. */
static void describe(Thidua__V1__Nominee *n, const Thidua__V1__Nominee *in)
{
    const char *gender = thd_gender_word(in->gender); /* "nữ" is kept as "Nữ" */
    char **dst[] = {&n->name,      &n->gender,       &n->position,
                    &n->workplace, &n->achievements, &n->honour_form};
    const char *src[] = {in->name,         gender ? gender : in->gender,
                         in->position,     in->workplace,
                         in->achievements, in->honour_form};
    for (size_t i = 0; i < sizeof dst / sizeof dst[0]; i++)
        if (*src[i])
            domain_set_string(dst[i], src[i]);
    if (in->kind)
        n->kind = in->kind;
    if (in->field)
        n->field = in->field;
    if (in->birth_year)
        n->birth_year = in->birth_year;
    if (in->n_criteria_met)
        domain_set_strings(&n->criteria_met, &n->n_criteria_met, in->criteria_met,
                           in->n_criteria_met);
    if (in->period_from) {
        n->period_from = in->period_from;
        n->period_to = in->period_to;
    }
    if (in->n_earlier_honours)
        set_honours(n, in);
    n->influential = in->influential;
    n->new_factor = in->new_factor;
}

int nominees_create(req_ctx_t *ctx)
{
    const Thidua__V1__Nominee *in = ctx->in->req->nominee_create->nominee;
    thd_status_t *st = ctx->st;
    if (!in)
        return thd_refuse(st, THD_R_PART_MISSING, "nominee", "nominee");
    if (!*in->name)
        return thd_refuse(st, THD_R_NOMINEE_NO_NAME, "nominee.name");
    if (!in->kind)
        return thd_refuse(st, THD_R_NO_KIND, "nominee.kind");
    if (!in->field)
        return thd_refuse(st, THD_R_NO_FIELD, "nominee.field");
    const char *unit = ctx->in->who->unit;
    if (*in->proposing_unit && strcmp(in->proposing_unit, unit) != 0)
        return thd_refuse(st, THD_R_NOMINEE_OTHER_UNIT, "nominee.proposing_unit", unit,
                          in->proposing_unit);
    char id[32];
    int rc = check_claims(ctx, in);
    if (rc == 0)
        rc = person_fields(ctx, in->gender, in->birth_year, in->kind);
    if (rc == 0)
        rc = domain_ref_check(ctx, TYPE_NOMINEE, in->ref, "nominee.ref");
    if (rc == 0)
        rc = domain_next_id(ctx, TYPE_NOMINEE, "N", id, sizeof id);
    if (rc == 0)
        rc = domain_ref_put(ctx, TYPE_NOMINEE, in->ref, id);
    if (rc)
        return rc;
    Thidua__V1__Record *rec = domain_envelope(TYPE_NOMINEE, id);
    Thidua__V1__Nominee *n = mem_alloc(sizeof *n);
    thidua__v1__nominee__init(n);
    rec->body_case = THIDUA__V1__RECORD__BODY_NOMINEE;
    rec->nominee = n;
    n->id = records_strdup(id);
    n->proposing_unit = records_strdup(unit);
    n->ref = records_strdup(in->ref);
    n->status = NSTATUS(DRAFT);
    describe(n, in);
    domain_add_unit(rec, unit);
    return history_write(ctx, domain_put_and_reply, rec, true, history_new(ctx, rec, "create", ""));
}

/* Moves the nominee by row; returns its history entry for the move, to be
 * written after it by put(). */
static Thidua__V1__Record *move(req_ctx_t *ctx, Thidua__V1__Record *rec,
                                const struct transition *row, const char *text)
{
    Thidua__V1__Nominee *n = rec->nominee;
    int to = transitions_target(row, n->status);
    if (to != (int)n->status) {
        n->status = to;
        records_changed(ctx, "status");
    }
    records_changed(ctx, "history");
    return history_new(ctx, rec, row->verb, text);
}

/* Writes the nominee, then entry after it, and answers with the nominee;
 * rec stays valid in ctx->changes. */
static int put(req_ctx_t *ctx, Thidua__V1__Record *rec, Thidua__V1__Record *entry)
{
    return history_write(ctx, domain_put_and_reply, rec, false, entry);
}

/* A verb with nothing but a status move and an optional reason. */
static int simple(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row,
                  const char *reason)
{
    return put(ctx, rec, move(ctx, rec, row, reason));
}

int nominees_edit_rules(req_ctx_t *ctx)
{
    const Thidua__V1__Nominee *in = ctx->in->req->nominee_edit->nominee;
    return in ? check_claims(ctx, in)
              : thd_refuse(ctx->st, THD_R_PART_MISSING, "nominee", "nominee");
}

int nominees_edit(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    Thidua__V1__Nominee *n = rec->nominee;
    const Thidua__V1__Nominee *in = ctx->in->req->nominee_edit->nominee;
    ProtobufCMessage *was = edits_keep(&n->base);
    int kind_before = n->kind;
    const char *gender = new_text(in->gender, n->gender);
    uint32_t birth_year = new_number(in->birth_year, n->birth_year);
    describe(n, in);
    /* a person made a collective keeps no gender or birth year; one sent
     * anew for a collective is refused (person_fields) */
    int rc = person_fields(ctx, gender, birth_year, (int)n->kind);
    if (rc == 0 && (int)n->kind != kind_before &&
        n->kind == THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE) {
        domain_set_string(&n->gender, "");
        n->birth_year = 0;
    }
    /* the claims as they stand after the edit, against the kind as it does,
     * when the edit sends claims or changes the kind: a stored claim that a
     * criterion.edit has since narrowed to the other kind holds no other
     * edit of the draft back (docs/PROTOCOL.md, "Correcting a criterion") */
    bool claims_move = in->n_criteria_met || (int)n->kind != kind_before;
    if (rc == 0 && claims_move)
        rc = claims_apply(ctx, n->criteria_met, n->n_criteria_met, n->kind);
    if (rc) {
        edits_free(&was);
        thidua__v1__record__free_unpacked(rec, NULL); /* a record_fn frees it on a refusal */
        return rc;
    }
    records_changed(ctx, "nominee");
    Thidua__V1__Record *entry = move(ctx, rec, row, "");
    edits_note(history_entry(entry), was, &n->base);
    edits_free(&was);
    return put(ctx, rec, entry);
}

/* The file's kind and the dossier's room, before anything is loaded. */
int nominees_attach_rules(req_ctx_t *ctx)
{
    Thidua__V1__Attachment *a = ctx->in->req->nominee_attach->attachment;
    if (!a)
        return thd_refuse(ctx->st, THD_R_PART_MISSING, "attachment", "attachment");
    int rc = domain_check_attachment(ctx, a, "attachment");
    if (rc == 0 && !thd_dossier_type_ok(a->media_type)) {
        char kind[8];
        rc = thd_refuse(ctx->st, THD_R_NOMINEE_FILE_TYPE, "attachment.media_type", a->name,
                        domain_file_kind(a, kind));
    }
    return rc;
}

/* A dossier file: the nominee's history names it (without bytes) under
 * its next version, then the Document with the bytes follows the nominee
 * and the entry in the same event (documents.c). */
int nominees_attach(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    const Thidua__V1__NomineeAttach *in = ctx->in->req->nominee_attach;
    Thidua__V1__Nominee *n = rec->nominee;
    uint32_t version = thd_nominee_files(n) + 1;
    if (version > THD_MAX_NOMINEE_FILES) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return thd_refuse(ctx->st, THD_R_NOMINEE_TOO_MANY_FILES, "id", in->id,
                          THD_U(THD_MAX_NOMINEE_FILES));
    }
    Thidua__V1__Record *entry = move(ctx, rec, row, "");
    history_entry(entry)->version = version;
    history_entry(entry)->attachment = domain_attachment_info(in->attachment);
    n->versions = version;
    records_changed(ctx, "versions");
    int rc = put(ctx, rec, entry);
    return rc ? rc : documents_keep(ctx, rec, in->attachment, row->verb, version);
}

/* Standing proposals count against the unit's cap. */
static bool standing(int status)
{
    return status == NSTATUS(PROPOSED) || status == NSTATUS(VETTING);
}

int nominees_propose(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    Thidua__V1__Nominee *n = rec->nominee;
    char *unit = records_strdup(n->proposing_unit);
    int field = n->field, kind = n->kind;
    int rc = put(ctx, rec, move(ctx, rec, row, ctx->in->req->nominee_propose->reason));
    if (rc == 0)
        rc = quotas_take_proposal(ctx, unit, field, kind);
    free(unit);
    return rc;
}

/* withdraw and return give a standing proposal's place back. */
static int release(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row,
                   const char *reason)
{
    Thidua__V1__Nominee *n = rec->nominee;
    bool was_standing = standing(n->status);
    char *unit = records_strdup(n->proposing_unit);
    int field = n->field, kind = n->kind;
    int rc = put(ctx, rec, move(ctx, rec, row, reason));
    if (rc == 0 && was_standing)
        rc = quotas_release_proposal(ctx, unit, field, kind);
    free(unit);
    return rc;
}

int nominees_withdraw(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    return release(ctx, rec, row, ctx->in->req->nominee_withdraw->reason);
}

int nominees_return_rules(req_ctx_t *ctx)
{
    return *ctx->in->req->nominee_return->reason
               ? 0
               : thd_refuse(ctx->st, THD_R_NOMINEE_NO_RETURN_REASON, "reason");
}

int nominees_return(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    return release(ctx, rec, row, ctx->in->req->nominee_return->reason);
}

int nominees_start_vetting(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    return simple(ctx, rec, row, ctx->in->req->nominee_start_vetting->reason);
}

int nominees_check_rules(req_ctx_t *ctx)
{
    const Thidua__V1__NomineeCheck *in = ctx->in->req->nominee_check;
    if (!in->result)
        return thd_refuse(ctx->st, THD_R_NOMINEE_NO_RESULT, "result");
    return criteria_get(ctx, in->criterion, "criterion", NULL);
}

int nominees_check(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    const Thidua__V1__NomineeCheck *in = ctx->in->req->nominee_check;
    Thidua__V1__Nominee *n = rec->nominee;
    int rc = criteria_get_for(ctx, in->criterion, n->kind, "criterion");
    if (rc)
        return rc;
    Thidua__V1__CriterionCheck *c = NULL;
    for (size_t i = 0; i < n->n_checks && !c; i++)
        if (strcmp(n->checks[i]->criterion, in->criterion) == 0)
            c = n->checks[i];
    if (!c) {
        c = mem_alloc(sizeof *c);
        thidua__v1__criterion_check__init(c);
        c->criterion = records_strdup(in->criterion);
        *domain_push((void ***)&n->checks, &n->n_checks) = c;
    }
    c->result = in->result;
    domain_set_string(&c->note, in->note);
    domain_set_string(&c->actor, ctx->in->who->name);
    domain_set_string(&c->actor_name, ctx->in->who->display_name);
    c->time_ms = ctx->in->now_ms;
    records_changed(ctx, "checks");
    char text[300];
    snprintf(text, sizeof text, "%s: %s", in->criterion,
             in->result == THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET ? "met" : "not met");
    return simple(ctx, rec, row, text);
}

int nominees_opinion_rules(req_ctx_t *ctx)
{
    return *ctx->in->req->nominee_opinion->agency
               ? 0
               : thd_refuse(ctx->st, THD_R_NOMINEE_NO_AGENCY, "agency");
}

int nominees_opinion(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    const Thidua__V1__NomineeOpinion *in = ctx->in->req->nominee_opinion;
    Thidua__V1__Nominee *n = rec->nominee;
    Thidua__V1__Opinion *o = mem_alloc(sizeof *o);
    thidua__v1__opinion__init(o);
    o->agency = records_strdup(in->agency);
    o->text = records_strdup(in->text);
    o->favorable = in->favorable;
    o->actor = records_strdup(ctx->in->who->name);
    o->actor_name = records_strdup(ctx->in->who->display_name);
    o->time_ms = ctx->in->now_ms;
    *domain_push((void ***)&n->opinions, &n->n_opinions) = o;
    records_changed(ctx, "opinions");
    return simple(ctx, rec, row, in->agency);
}

/* Refuses a request the disclosure window's state does not allow, naming
 * that state; frees rec. */
static int refuse_window(req_ctx_t *ctx, Thidua__V1__Record *rec, const char *id)
{
    int now = rec->nominee->disclosure; /* read before the record is freed */
    thidua__v1__record__free_unpacked(rec, NULL);
    return thd_refuse(ctx->st,
                      now == THIDUA__V1__DISCLOSURE__DISCLOSURE_OPEN ? THD_R_NOMINEE_DISCLOSURE_OPEN
                      : now == THIDUA__V1__DISCLOSURE__DISCLOSURE_CLOSED
                          ? THD_R_NOMINEE_DISCLOSURE_CLOSED
                          : THD_R_NOMINEE_DISCLOSURE_NOT_OPEN,
                      "id", id);
}

/* Opening fixes the window's dates: today and the first day it may close
 * under the calendar in force (calendar.c), as a published notice states
 * them; a later change of the calendar does not move them. */
static int window_open(req_ctx_t *ctx, Thidua__V1__Nominee *n)
{
    char today[11], close_from[11];
    unsigned days;
    domain_today(ctx, today);
    int rc = calendar_close_from(ctx, today, close_from, &days);
    if (rc)
        return rc;
    domain_set_string(&n->disclosure_opened, today);
    domain_set_string(&n->disclosure_close_from, close_from);
    n->disclosure_min_days = days;
    records_changed(ctx, "disclosure_opened");
    records_changed(ctx, "disclosure_close_from");
    records_changed(ctx, "disclosure_min_days");
    return 0;
}

/* Closing before the first day it may close is refused with that day; a
 * window opened before the broker kept dates has none and closes freely. */
static int window_close(req_ctx_t *ctx, Thidua__V1__Nominee *n)
{
    char today[11], opened[11], from[11];
    domain_today(ctx, today);
    if (*n->disclosure_close_from && strcmp(today, n->disclosure_close_from) < 0)
        return thd_refuse(ctx->st, THD_R_NOMINEE_DISCLOSURE_TOO_SOON, "id", n->id,
                          thd_date_dmy(n->disclosure_opened, opened), THD_U(n->disclosure_min_days),
                          thd_date_dmy(n->disclosure_close_from, from));
    return 0;
}

/* Opens or closes the public-disclosure window: from -> to. */
static int disclosure(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row,
                      const Thidua__V1__NomineeVerb *in, int from, int to)
{
    Thidua__V1__Nominee *n = rec->nominee;
    if ((int)n->disclosure != from)
        return refuse_window(ctx, rec, in->id);
    int rc =
        to == THIDUA__V1__DISCLOSURE__DISCLOSURE_OPEN ? window_open(ctx, n) : window_close(ctx, n);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    n->disclosure = to;
    records_changed(ctx, "disclosure");
    return simple(ctx, rec, row, in->reason);
}

int nominees_disclosure_open(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    return disclosure(ctx, rec, row, ctx->in->req->nominee_disclosure_open,
                      THIDUA__V1__DISCLOSURE__DISCLOSURE_NOT_OPENED,
                      THIDUA__V1__DISCLOSURE__DISCLOSURE_OPEN);
}

int nominees_disclosure_close(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    return disclosure(ctx, rec, row, ctx->in->req->nominee_disclosure_close,
                      THIDUA__V1__DISCLOSURE__DISCLOSURE_OPEN,
                      THIDUA__V1__DISCLOSURE__DISCLOSURE_CLOSED);
}

int nominees_complaint_rules(req_ctx_t *ctx)
{
    return *ctx->in->req->nominee_complaint->text
               ? 0
               : thd_refuse(ctx->st, THD_R_NOMINEE_NO_COMPLAINT_TEXT, "text");
}

int nominees_complaint(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    const Thidua__V1__NomineeComplaint *in = ctx->in->req->nominee_complaint;
    Thidua__V1__Nominee *n = rec->nominee;
    /* a complaint answers the public disclosure: received while it is open */
    if (n->disclosure != THIDUA__V1__DISCLOSURE__DISCLOSURE_OPEN)
        return refuse_window(ctx, rec, in->id);
    Thidua__V1__Complaint *c = mem_alloc(sizeof *c);
    thidua__v1__complaint__init(c);
    c->number = (uint32_t)n->n_complaints + 1;
    c->text = records_strdup(in->text);
    c->time_ms = ctx->in->now_ms;
    *domain_push((void ***)&n->complaints, &n->n_complaints) = c;
    records_changed(ctx, "complaints");
    return simple(ctx, rec, row, in->text);
}

int nominees_resolve_rules(req_ctx_t *ctx)
{
    return *ctx->in->req->nominee_resolve->resolution
               ? 0
               : thd_refuse(ctx->st, THD_R_NOMINEE_NO_RESOLUTION, "resolution");
}

int nominees_resolve(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    const Thidua__V1__NomineeResolve *in = ctx->in->req->nominee_resolve;
    Thidua__V1__Nominee *n = rec->nominee;
    if (in->number == 0 || in->number > n->n_complaints) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return thd_refuse(ctx->st, THD_R_NOMINEE_NO_COMPLAINT, "number", in->id, THD_U(in->number));
    }
    Thidua__V1__Complaint *c = n->complaints[in->number - 1];
    if (c->resolved) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return thd_refuse(ctx->st, THD_R_NOMINEE_COMPLAINT_RESOLVED, "number", THD_U(in->number),
                          in->id);
    }
    c->resolved = true;
    domain_set_string(&c->resolution, in->resolution);
    records_changed(ctx, "complaints");
    return simple(ctx, rec, row, in->resolution);
}

static bool met(const Thidua__V1__Nominee *n, const char *code)
{
    for (size_t i = 0; i < n->n_checks; i++)
        if (strcmp(n->checks[i]->criterion, code) == 0)
            return n->checks[i]->result == THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET;
    return false;
}

/* What stands between a nominee and recommend, as the parts of
 * nominee.not_ready (common/reasons.h); "" when nothing. */
static int missing(req_ctx_t *ctx, const Thidua__V1__Nominee *n, char *buf, size_t cap)
{
    char **codes;
    size_t n_codes;
    int rc = criteria_mandatory(ctx, n->kind, &codes, &n_codes);
    if (rc)
        return rc;
    buf[0] = '\0';
    for (size_t i = 0; i < n_codes; i++)
        if (!met(n, codes[i]))
            thd_parts_add(buf, cap, THD_R_NOMINEE_CRITERION_UNMET, (const char *const[]){codes[i]},
                          1);
    criteria_free_codes(codes, n_codes);
    if (n->disclosure != THIDUA__V1__DISCLOSURE__DISCLOSURE_CLOSED)
        thd_parts_add(buf, cap,
                      n->disclosure ? THD_R_NOMINEE_DISCLOSURE_STILL_OPEN
                                    : THD_R_NOMINEE_DISCLOSURE_NOT_OPENED,
                      NULL, 0);
    for (size_t i = 0; i < n->n_complaints; i++)
        if (!n->complaints[i]->resolved)
            thd_parts_add(buf, cap, THD_R_NOMINEE_COMPLAINT_OPEN,
                          (const char *const[]){THD_U(n->complaints[i]->number)}, 1);
    return 0;
}

int nominees_recommend(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    const Thidua__V1__NomineeVerb *in = ctx->in->req->nominee_recommend;
    char why[THD_MAX_REASON_PARAM_BYTES + 1];
    int rc = missing(ctx, rec->nominee, why, sizeof why);
    if (rc == 0 && *why)
        rc = thd_refuse(ctx->st, THD_R_NOMINEE_NOT_READY, "id", in->id, why);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    return simple(ctx, rec, row, in->reason);
}

const char *nominees_decide_verb(const Thidua__V1__Request *req)
{
    return req->nominee_decide->selected ? "select" : "reject";
}

int nominees_decide_rules(req_ctx_t *ctx)
{
    const Thidua__V1__NomineeDecide *in = ctx->in->req->nominee_decide;
    return in->selected || *in->reason
               ? 0
               : thd_refuse(ctx->st, THD_R_NOMINEE_NO_REJECT_REASON, "reason");
}

int nominees_decide(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    const Thidua__V1__NomineeDecide *in = ctx->in->req->nominee_decide;
    Thidua__V1__Nominee *n = rec->nominee;
    int rc;
    if (in->selected && (rc = ballot_check_selectable(ctx, n)) != 0) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    int field = n->field, kind = n->kind;
    domain_set_string(&n->decision_reason, in->reason);
    records_changed(ctx, "decision_reason");
    rc = put(ctx, rec, move(ctx, rec, row, in->reason));
    if (rc == 0 && in->selected)
        rc = quotas_take_selection(ctx, field, kind);
    return rc;
}

int nominees_get(req_ctx_t *ctx)
{
    Thidua__V1__Record *rec = NULL;
    int rc = domain_load(ctx, TYPE_NOMINEE, ctx->in->req->nominee_get->id, "id", &rec);
    if (rc)
        return rc;
    rc = history_fill(ctx, rec);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    return domain_reply(ctx, rec);
}

struct list_state {
    const Thidua__V1__NomineeList *in;
    Thidua__V1__NomineeListReply *out;
    char *query;
    size_t page;
    char last[128];
};

static int visit_nominee(void *arg, const char *key, Thidua__V1__Record **rec)
{
    struct list_state *ls = arg;
    const Thidua__V1__NomineeList *in = ls->in;
    Thidua__V1__Nominee *n = (*rec)->nominee;
    if (!n)
        return 0;
    const char *texts[] = {n->name, n->achievements, n->workplace, n->position,
                           n->id,   n->ref,          NULL};
    if ((*in->unit && strcmp(in->unit, n->proposing_unit)) ||
        (in->status && in->status != n->status) || (in->field && in->field != n->field) ||
        (in->kind && in->kind != n->kind) || !fold_match(ls->query, texts))
        return 0;
    if (ls->out->n_nominees == ls->page) {
        ls->out->next_page_token = records_strdup(ls->last);
        return 1;
    }
    for (size_t i = 0; i < n->n_history; i++)
        thidua__v1__history_entry__free_unpacked(n->history[i], NULL);
    free(n->history);
    n->history = NULL;
    n->n_history = 0;
    *domain_push((void ***)&ls->out->nominees, &ls->out->n_nominees) = n;
    (*rec)->nominee = NULL;
    (*rec)->body_case = THIDUA__V1__RECORD__BODY__NOT_SET;
    snprintf(ls->last, sizeof ls->last, "%s", key);
    return 0;
}

int nominees_list(req_ctx_t *ctx)
{
    const Thidua__V1__NomineeList *in = ctx->in->req->nominee_list;
    struct list_state ls = {.in = in, .page = domain_page_size(in->page_size)};
    ls.query = domain_fold(in->query);
    ls.out = mem_alloc(sizeof *ls.out);
    thidua__v1__nominee_list_reply__init(ls.out);
    ctx->resp->nominees = ls.out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_NOMINEES;
    int rc = domain_scan(ctx, TYPE_NOMINEE, in->page_token, visit_nominee, &ls);
    free(ls.query);
    return rc;
}
