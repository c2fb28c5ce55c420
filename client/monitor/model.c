/* The panels' numbers and the task list, derived from the watch's view on
 * every change: a few thousand records take well under a millisecond, and
 * deriving (rather than patching counters per event) cannot drift from
 * the view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fold.h"
#include "monitor.h"
#include "rules.h"

struct build {
    mon_model_t *m;
    const thd_watch_t *w;
    const char *query, *unit;
};

static bool task_matches(const struct build *b, const Thidua__V1__Record *r)
{
    const Thidua__V1__Task *t = r->task;
    if (b->unit && *b->unit && strcmp(t->lead_unit, b->unit) != 0 &&
        !thd_record_concerns(r, b->unit))
        return false;
    if (!b->query || !*b->query)
        return true;
    const Thidua__V1__Record *u = thd_watch_get(b->w, "unit", t->lead_unit);
    const char *texts[] = {t->id,
                           t->title,
                           t->description,
                           t->lead_unit,
                           u && u->body_case == THIDUA__V1__RECORD__BODY_UNIT ? u->unit->name : "",
                           NULL};
    return fold_match(b->query, texts);
}

int model_task_status(const thd_watch_t *w, const Thidua__V1__Task *t)
{
    if (t->status != THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS)
        return (int)t->status;
    const char *last = ""; /* its newest review step: what it holds, then its records */
    for (size_t i = 0; i < t->n_history; i++)
        if (thd_task_review_verb(t->history[i]->verb))
            last = t->history[i]->verb;
    char hid[96];
    for (uint32_t seq = 1;; seq++) {
        thd_history_id(hid, sizeof hid, t->id, seq);
        const Thidua__V1__Record *h = thd_watch_get(w, "history", hid);
        if (!h || h->body_case != THIDUA__V1__RECORD__BODY_HISTORY || !h->history->entry)
            break;
        if (thd_task_review_verb(h->history->entry->verb))
            last = h->history->entry->verb;
    }
    return strcmp(last, "return") == 0 ? THIDUA__V1__TASK_STATUS__TASK_STATUS_RETURNED
                                       : (int)t->status;
}

static void visit(void *arg, const Thidua__V1__Record *r)
{
    struct build *b = arg;
    mon_model_t *m = b->m;
    if (r->deleted)
        return;
    if (r->body_case == THIDUA__V1__RECORD__BODY_TASK) {
        const Thidua__V1__Task *t = r->task;
        bool overdue = thd_task_overdue(t, m->today);
        if (!task_matches(b, r))
            return;
        int status = model_task_status(b->w, t);
        if (status < N_TASK_STATUS)
            m->task_counts[status]++;
        m->overdue += overdue;
        if (m->n_tasks == m->cap_tasks) {
            size_t cap = m->cap_tasks ? m->cap_tasks * 2 : 64;
            mon_task_t *n = realloc(m->tasks, cap * sizeof *n);
            if (!n)
                return; /* the list shows what fitted; the next build retries */
            m->tasks = n;
            m->cap_tasks = cap;
        }
        m->tasks[m->n_tasks++] =
            (mon_task_t){.rec = r,
                         .overdue = overdue,
                         .returned = status == THIDUA__V1__TASK_STATUS__TASK_STATUS_RETURNED,
                         .days = thd_days_between(m->today, t->deadline)};
    } else if (r->body_case == THIDUA__V1__RECORD__BODY_NOMINEE) {
        const Thidua__V1__Nominee *n = r->nominee;
        if (b->unit && *b->unit && strcmp(n->proposing_unit, b->unit) != 0)
            return;
        if (n->field < N_FIELDS && n->kind < N_KINDS && n->status < N_NOM_STATUS)
            m->noms[n->field][n->kind][n->status]++;
    } else if (r->body_case == THIDUA__V1__RECORD__BODY_QUOTA) {
        const Thidua__V1__Quota *q = r->quota;
        if (q->field < N_FIELDS && q->kind < N_KINDS) {
            m->quota[q->field][q->kind] = q->max_selected;
            m->has_quota[q->field][q->kind] = true;
        }
    }
}

static int by_urgency(const void *pa, const void *pb)
{
    const mon_task_t *a = pa, *b = pb;
    return thd_task_urgency(a->rec->task, a->overdue, b->rec->task, b->overdue);
}

void model_build(mon_model_t *m, const thd_watch_t *w, const char *folded_query, const char *unit)
{
    mon_task_t *keep = m->tasks;
    size_t cap = m->cap_tasks;
    memset(m, 0, sizeof *m);
    m->tasks = keep;
    m->cap_tasks = cap;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(m->today, sizeof m->today, "%Y-%m-%d", &tm);
    struct build b = {.m = m, .w = w, .query = folded_query, .unit = unit};
    thd_watch_each(w, visit, &b);
    if (m->n_tasks > 1)
        qsort(m->tasks, m->n_tasks, sizeof *m->tasks, by_urgency);
}

void model_free(mon_model_t *m)
{
    free(m->tasks);
    memset(m, 0, sizeof *m);
}

/* ---- records picked for the overlays ---- */

struct pick {
    const char *type; /* record type wanted */
    int field, kind;  /* nominees: this row of the panel */
    const char *unit; /* nominees: the unit filter, or empty */
    const Thidua__V1__Record **v;
    size_t n, cap;
    bool failed;
};

static bool wanted(const struct pick *p, const Thidua__V1__Record *r)
{
    if (r->deleted || strcmp(r->type, p->type) != 0)
        return false;
    if (r->body_case != THIDUA__V1__RECORD__BODY_NOMINEE)
        return r->body_case == THIDUA__V1__RECORD__BODY_UNIT;
    const Thidua__V1__Nominee *n = r->nominee;
    return (int)n->field == p->field && (int)n->kind == p->kind &&
           (!p->unit || !*p->unit || strcmp(n->proposing_unit, p->unit) == 0);
}

static void pick_one(void *arg, const Thidua__V1__Record *r)
{
    struct pick *p = arg;
    if (p->failed || !wanted(p, r))
        return;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        const Thidua__V1__Record **v = realloc(p->v, cap * sizeof *v);
        if (!v) {
            p->failed = true;
            return;
        }
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = r;
}

/* N-2 before N-10, SO-NV before SO-TC */
static int by_id(const void *pa, const void *pb)
{
    const Thidua__V1__Record *a = *(const Thidua__V1__Record *const *)pa;
    const Thidua__V1__Record *b = *(const Thidua__V1__Record *const *)pb;
    size_t la = strlen(a->id), lb = strlen(b->id);
    bool numbered = a->body_case == THIDUA__V1__RECORD__BODY_NOMINEE;
    if (numbered && la != lb)
        return la < lb ? -1 : 1;
    return strcmp(a->id, b->id);
}

static const Thidua__V1__Record **pick(const thd_watch_t *w, struct pick *p, size_t *n)
{
    thd_watch_each(w, pick_one, p);
    if (p->failed) {
        free(p->v);
        *n = 0;
        return NULL;
    }
    if (p->n > 1)
        qsort(p->v, p->n, sizeof *p->v, by_id);
    *n = p->n;
    return p->v;
}

const Thidua__V1__Record **model_nominees(const thd_watch_t *w, int field, int kind,
                                          const char *unit, size_t *n)
{
    struct pick p = {.type = "nominee", .field = field, .kind = kind, .unit = unit};
    return pick(w, &p, n);
}

const Thidua__V1__Record **model_units(const thd_watch_t *w, size_t *n)
{
    struct pick p = {.type = "unit"};
    return pick(w, &p, n);
}
