/* Tasks: every move goes through the transition table (transitions.c);
 * attachments are Document records "<task>/v<n>" (documents.c) and history entries
 * History records "<task>/<seq>" (history.c), so the task stays small. */
#include "tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "documents.h"
#include "domain.h"
#include "edits.h"
#include "history.h"
#include "mem.h"
#include "reasons.h"
#include "records.h"
#include "rules.h"
#include "fold.h"
#include "thd_limits.h"
#include "transitions.h"

#define TYPE_TASK      "task"
/* The verb of a task's newest review step (submit, return, accept,
 * cancel), kept beside it at each one, so whether a task in progress was
 * sent back is one lookup however many reports followed. A task not
 * reviewed since this was kept has none; for it the newest
 * THD_HISTORY_IN_GET entries are read, as before. */
#define REVIEW_INDEX   "review"
#define TASK_STATUS(x) THIDUA__V1__TASK_STATUS__TASK_STATUS_##x

/* The concerned units: lead first, then support units. True when they
 * differ from those the record named; each unit left is told (ctx). */
static bool set_units(req_ctx_t *ctx, Thidua__V1__Record *rec)
{
    char **old = rec->units;
    size_t n_old = rec->n_units;
    rec->units = NULL;
    rec->n_units = 0;
    domain_add_unit(rec, rec->task->lead_unit);
    for (size_t i = 0; i < rec->task->n_support_units; i++)
        domain_add_unit(rec, rec->task->support_units[i]);
    bool changed = n_old != rec->n_units;
    for (size_t i = 0; i < n_old; i++) {
        changed = changed || strcmp(old[i], rec->units[i]) != 0;
        if (!thd_record_concerns(rec, old[i]))
            records_left(ctx, old[i]);
        free(old[i]);
    }
    free(old);
    return changed;
}

static int check_units(req_ctx_t *ctx, const char *lead, char *const *support, size_t n,
                       const char *prefix)
{
    char f[32];
    snprintf(f, sizeof f, "%slead_unit", prefix);
    int rc = domain_unit_must_exist(ctx, lead, f);
    snprintf(f, sizeof f, "%ssupport_units", prefix);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = domain_unit_must_exist(ctx, support[i], f);
        if (rc == 0 && strcmp(support[i], lead) == 0)
            rc = thd_refuse(ctx->st, THD_R_TASK_LEAD_SUPPORTS, f, lead);
        for (size_t j = 0; rc == 0 && j < i; j++)
            if (strcmp(support[i], support[j]) == 0)
                rc = thd_refuse(ctx->st, THD_R_TASK_SUPPORT_TWICE, f, support[i]);
    }
    return rc;
}

static int check_deadline(req_ctx_t *ctx, const char *deadline, const char *field, bool required)
{
    if (!*deadline && !required)
        return 0;
    if (!thd_date_valid(deadline))
        return thd_refuse(ctx->st, THD_R_BAD_DATE, field, field, deadline);
    return 0;
}

int tasks_create(req_ctx_t *ctx)
{
    const Thidua__V1__Task *in = ctx->in->req->task_create->task;
    thd_status_t *st = ctx->st;
    if (!in)
        return thd_refuse(st, THD_R_PART_MISSING, "task", "task");
    if (!*in->title)
        return thd_refuse(st, THD_R_TASK_NO_TITLE, "task.title");
    if (in->kind == THIDUA__V1__TASK_KIND__TASK_KIND_UNSPECIFIED)
        return thd_refuse(st, THD_R_TASK_NO_KIND, "task.kind");
    if (in->phase == THIDUA__V1__PHASE__PHASE_UNSPECIFIED)
        return thd_refuse(st, THD_R_TASK_NO_PHASE, "task.phase");
    int rc = check_deadline(ctx, in->deadline, "task.deadline", true);
    if (rc == 0)
        rc = check_units(ctx, in->lead_unit, in->support_units, in->n_support_units, "task.");
    if (rc == 0)
        rc = domain_ref_check(ctx, TYPE_TASK, in->ref, "task.ref");
    char id[32];
    if (rc == 0)
        rc = domain_next_id(ctx, TYPE_TASK, "T", id, sizeof id);
    if (rc == 0)
        rc = domain_ref_put(ctx, TYPE_TASK, in->ref, id);
    if (rc)
        return rc;
    Thidua__V1__Record *rec = domain_envelope(TYPE_TASK, id);
    Thidua__V1__Task *t = mem_alloc(sizeof *t);
    thidua__v1__task__init(t);
    rec->body_case = THIDUA__V1__RECORD__BODY_TASK;
    rec->task = t;
    t->id = records_strdup(id);
    t->title = records_strdup(in->title);
    t->description = records_strdup(in->description);
    t->kind = in->kind;
    t->phase = in->phase;
    t->lead_unit = records_strdup(in->lead_unit);
    for (size_t i = 0; i < in->n_support_units; i++)
        *domain_push((void ***)&t->support_units, &t->n_support_units) =
            records_strdup(in->support_units[i]);
    t->deadline = records_strdup(in->deadline);
    t->ref = records_strdup(in->ref);
    t->status = TASK_STATUS(ASSIGNED);
    set_units(ctx, rec);
    return history_write(ctx, domain_put_and_reply, rec, true, history_new(ctx, rec, "create", ""));
}

/* Applies row's move to t; 0, or a status code (rec is then freed). */
static int move(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    Thidua__V1__Task *t = rec->task;
    int to = transitions_target(row, t->status);
    if (to != (int)t->status) {
        t->status = to;
        records_changed(ctx, "status");
    }
    records_changed(ctx, "history");
    int rc = thd_task_review_verb(row->verb)
                 ? records_index_put(ctx, REVIEW_INDEX, rec->id, row->verb)
                 : 0;
    if (rc)
        thidua__v1__record__free_unpacked(rec, NULL);
    return rc;
}

static bool replace(req_ctx_t *ctx, char **dst, const char *src, const char *field)
{
    if (!*src || strcmp(*dst, src) == 0)
        return false;
    domain_set_string(dst, src);
    records_changed(ctx, field);
    return true;
}

int tasks_edit_rules(req_ctx_t *ctx)
{
    return check_deadline(ctx, ctx->in->req->task_edit->deadline, "deadline", false);
}

/* The fields given that differ, each noted as changed; true when any did. */
static bool edit_fields(req_ctx_t *ctx, Thidua__V1__Task *t, const Thidua__V1__TaskEdit *in)
{
    bool changed = replace(ctx, &t->title, in->title, "title");
    changed |= replace(ctx, &t->description, in->description, "description");
    changed |= replace(ctx, &t->deadline, in->deadline, "deadline");
    changed |= replace(ctx, &t->lead_unit, in->lead_unit, "lead_unit");
    if (in->kind && in->kind != t->kind) {
        t->kind = in->kind;
        records_changed(ctx, "kind");
        changed = true;
    }
    if (in->phase && in->phase != t->phase) {
        t->phase = in->phase;
        records_changed(ctx, "phase");
        changed = true;
    }
    if (in->set_support_units) {
        domain_set_strings(&t->support_units, &t->n_support_units, in->support_units,
                           in->n_support_units);
        records_changed(ctx, "support_units");
        changed = true;
    }
    return changed;
}

int tasks_edit(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    const Thidua__V1__TaskEdit *in = ctx->in->req->task_edit;
    Thidua__V1__Task *t = rec->task;
    const char *lead = *in->lead_unit ? in->lead_unit : t->lead_unit;
    char *const *sup = in->set_support_units ? in->support_units : t->support_units;
    size_t n_sup = in->set_support_units ? in->n_support_units : t->n_support_units;
    int rc = check_units(ctx, lead, sup, n_sup, "");
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    /* nothing given differs: answered before history_write, which would
     * split the history a task from an older store still holds in itself
     * (a change that perform_edit must keep) for an edit that says nothing */
    ProtobufCMessage *was = edits_keep(&t->base);
    if (!edit_fields(ctx, t, in)) {
        edits_free(&was);
        return domain_reply(ctx, rec);
    }
    bool moved = set_units(ctx, rec);
    Thidua__V1__Record *entry = history_new(ctx, rec, row->verb, "");
    edits_note(history_entry(entry), was, &t->base);
    edits_free(&was);
    rc = history_write(ctx, domain_put_and_reply, rec, false, entry);
    /* rec lives on in ctx->changes[0] after the put */
    return rc == 0 && moved ? history_rehome(ctx, ctx->changes[0], "task.edit") : rc;
}

/* The history entry and Document for an optional attachment; writes the
 * task (the entry and the document after it) and answers with the task. */
static int write_with_attachment(req_ctx_t *ctx, Thidua__V1__Record *rec, Thidua__V1__Record *entry,
                                 Thidua__V1__Attachment *a)
{
    Thidua__V1__HistoryEntry *h = history_entry(entry);
    uint32_t version = 0;
    if (a) {
        version = ++rec->task->versions;
        h->version = version;
        h->attachment = domain_attachment_info(a);
        records_changed(ctx, "versions");
    }
    int rc = history_write(ctx, domain_put_and_reply, rec, false, entry);
    return rc == 0 && a ? documents_keep(ctx, rec, a, h->verb, version) : rc;
}

int tasks_report_rules(req_ctx_t *ctx)
{
    const Thidua__V1__TaskReport *in = ctx->in->req->task_report;
    if (in->percent > 100)
        return thd_refuse(ctx->st, THD_R_TASK_BAD_PERCENT, "percent", THD_U(in->percent));
    return in->attachment ? domain_check_attachment(ctx, in->attachment, "attachment") : 0;
}

int tasks_report(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    const Thidua__V1__TaskReport *in = ctx->in->req->task_report;
    Thidua__V1__Task *t = rec->task;
    int rc = move(ctx, rec, row);
    if (rc)
        return rc;
    if (t->progress != in->percent) {
        t->progress = in->percent;
        records_changed(ctx, "progress");
    }
    Thidua__V1__Record *entry = history_new(ctx, rec, row->verb, in->text);
    history_entry(entry)->percent = in->percent;
    return write_with_attachment(ctx, rec, entry, in->attachment);
}

int tasks_submit_rules(req_ctx_t *ctx)
{
    Thidua__V1__Attachment *doc = ctx->in->req->task_submit->document;
    return doc ? domain_check_attachment(ctx, doc, "document") : 0;
}

int tasks_submit(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    const Thidua__V1__TaskSubmit *in = ctx->in->req->task_submit;
    Thidua__V1__Task *t = rec->task;
    if (t->kind == THIDUA__V1__TASK_KIND__TASK_KIND_DOCUMENT && !in->document) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return thd_refuse(ctx->st, THD_R_TASK_DOCUMENT_IN_REPORT, "document", in->id);
    }
    int rc = move(ctx, rec, row);
    if (rc)
        return rc;
    Thidua__V1__Record *entry = history_new(ctx, rec, row->verb, in->text);
    history_entry(entry)->percent = t->progress;
    return write_with_attachment(ctx, rec, entry, in->document);
}

/* accept, return and cancel: the office's verbs with comments. */
static int review(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row,
                  const char *comments)
{
    Thidua__V1__Task *t = rec->task;
    int rc = move(ctx, rec, row);
    if (rc)
        return rc;
    Thidua__V1__Record *entry = history_new(ctx, rec, row->verb, comments);
    /* the version under review is the newest document */
    history_entry(entry)->version =
        t->kind == THIDUA__V1__TASK_KIND__TASK_KIND_DOCUMENT ? t->versions : 0;
    return history_write(ctx, domain_put_and_reply, rec, false, entry);
}

/* An accepted task is done: its progress reads 100 %, whatever the last
 * report said (a 90 % report submitted and accepted is not 90 % done). */
int tasks_accept(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    if (rec->task->progress != 100) {
        rec->task->progress = 100;
        records_changed(ctx, "progress");
    }
    return review(ctx, rec, row, ctx->in->req->task_accept->comments);
}

int tasks_return_rules(req_ctx_t *ctx)
{
    return *ctx->in->req->task_return->comments
               ? 0
               : thd_refuse(ctx->st, THD_R_TASK_NO_COMMENTS, "comments");
}

int tasks_return(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    return review(ctx, rec, row, ctx->in->req->task_return->comments);
}

int tasks_cancel(req_ctx_t *ctx, Thidua__V1__Record *rec, const struct transition *row)
{
    return review(ctx, rec, row, ctx->in->req->task_cancel->comments);
}

int tasks_mark_returned(req_ctx_t *ctx, Thidua__V1__Record *rec)
{
    Thidua__V1__Task *t = rec->task;
    t->returned = false;
    if (t->status != TASK_STATUS(IN_PROGRESS))
        return 0;
    char *kept = NULL;
    int rc = records_index_get(ctx, REVIEW_INDEX, rec->id, &kept);
    if (rc == 1)
        t->returned = strcmp(kept, "return") == 0;
    free(kept);
    if (rc != 0)
        return rc < 0 ? (ctx->st->code ? ctx->st->code : THD_INTERNAL) : 0;
    char verb[16];
    rc = history_newest_verb(ctx, rec, thd_task_review_verb, THD_HISTORY_IN_GET, verb, sizeof verb);
    t->returned = rc == 0 && strcmp(verb, "return") == 0;
    return rc;
}

int tasks_get(req_ctx_t *ctx)
{
    Thidua__V1__Record *rec = NULL;
    int rc = domain_load(ctx, TYPE_TASK, ctx->in->req->task_get->id, "id", &rec);
    if (rc)
        return rc;
    char today[11];
    domain_today(ctx, today);
    rec->task->overdue = thd_task_overdue(rec->task, today);
    rc = history_fill(ctx, rec);
    if (rc == 0)
        rc = tasks_mark_returned(ctx, rec);
    if (rc) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return rc;
    }
    return domain_reply(ctx, rec);
}

struct list_state {
    req_ctx_t *ctx;
    const Thidua__V1__TaskList *in;
    Thidua__V1__TaskListReply *out;
    char today[11];
    char *query; /* folded */
    size_t page;
    char last[128];
};

static bool has_unit(const Thidua__V1__Task *t, const char *unit)
{
    if (strcmp(t->lead_unit, unit) == 0)
        return true;
    for (size_t i = 0; i < t->n_support_units; i++)
        if (strcmp(t->support_units[i], unit) == 0)
            return true;
    return false;
}

static bool task_matches(const struct list_state *ls, const Thidua__V1__Task *t)
{
    const Thidua__V1__TaskList *in = ls->in;
    const char *texts[] = {t->title, t->description, t->id, t->ref, NULL};
    return (!*in->unit || has_unit(t, in->unit)) && (!in->kind || in->kind == t->kind) &&
           (!in->overdue || thd_task_overdue(t, ls->today)) &&
           (!*in->deadline_before || strcmp(t->deadline, in->deadline_before) < 0) &&
           (!*in->deadline_after || strcmp(t->deadline, in->deadline_after) > 0) &&
           fold_match(ls->query, texts);
}

/* The status asked for, as the lists show statuses: "returned" (a history
 * word otherwise) is a task in progress the office sent back
 * (Task.returned, marked first), and in_progress the others. */
static bool status_matches(const Thidua__V1__TaskList *in, const Thidua__V1__Task *t)
{
    if (in->status == THIDUA__V1__TASK_STATUS__TASK_STATUS_RETURNED)
        return t->returned;
    if (in->status == THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS)
        return t->status == in->status && !t->returned;
    return !in->status || in->status == t->status;
}

/* Whether the status asked for could still match before the history is
 * read: any in progress might be returned, the rest must be as asked. */
static bool status_may_match(const Thidua__V1__TaskList *in, const Thidua__V1__Task *t)
{
    bool either = !in->status || in->status == THIDUA__V1__TASK_STATUS__TASK_STATUS_RETURNED ||
                  in->status == THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS;
    return either ? !in->status || t->status == THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS
                  : in->status == t->status;
}

static int visit_task(void *arg, const char *key, Thidua__V1__Record **rec)
{
    struct list_state *ls = arg;
    Thidua__V1__Task *t = (*rec)->task;
    if (!t || !task_matches(ls, t) || !status_may_match(ls->in, t))
        return 0;
    int rc = tasks_mark_returned(ls->ctx, *rec);
    if (rc)
        return rc;
    if (!status_matches(ls->in, t))
        return 0;
    if (ls->out->n_tasks == ls->page) {
        ls->out->next_page_token = records_strdup(ls->last);
        return 1;
    }
    t->overdue = thd_task_overdue(t, ls->today);
    for (size_t i = 0; i < t->n_history; i++)
        thidua__v1__history_entry__free_unpacked(t->history[i], NULL);
    free(t->history);
    t->history = NULL;
    t->n_history = 0;
    *domain_push((void ***)&ls->out->tasks, &ls->out->n_tasks) = t;
    (*rec)->task = NULL;
    (*rec)->body_case = THIDUA__V1__RECORD__BODY__NOT_SET;
    snprintf(ls->last, sizeof ls->last, "%s", key);
    return 0;
}

int tasks_list(req_ctx_t *ctx)
{
    const Thidua__V1__TaskList *in = ctx->in->req->task_list;
    int rc = check_deadline(ctx, in->deadline_before, "deadline_before", false);
    if (rc == 0)
        rc = check_deadline(ctx, in->deadline_after, "deadline_after", false);
    if (rc)
        return rc;
    struct list_state ls = {.ctx = ctx, .in = in, .page = domain_page_size(in->page_size)};
    domain_today(ctx, ls.today);
    ls.query = domain_fold(in->query);
    ls.out = mem_alloc(sizeof *ls.out);
    thidua__v1__task_list_reply__init(ls.out);
    ctx->resp->tasks = ls.out;
    ctx->resp->body_case = THIDUA__V1__RESPONSE__BODY_TASKS;
    rc = domain_scan(ctx, TYPE_TASK, in->page_token, visit_task, &ls);
    free(ls.query);
    return rc;
}
