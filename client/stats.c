/* The congress's statistics, counted in one place: nominees by field, kind
 * and status, by proposing unit and by unit level; the quota funnel
 * (proposed, vetted, recommended, selected against the quota); tasks by
 * lead unit and status with the overdue. The CLI's table, the XLSX sheet
 * and thidua-web's page all render the JSON made here from one snapshot,
 * so they cannot disagree. Pure counting: no I/O, no gettext. */
#include "thidua.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "pbjson.h"
#include "rules.h"

#define NF 5 /* Field values 0..4 */
#define NK 3 /* NomineeKind values 0..2 */
#define NS 8 /* NomineeStatus values 0..7 */
#define NT 7 /* TaskStatus values 0..6 */

/* Unit levels as the province reports them, from the contract's unit
 * kinds. No kind names an enterprise yet: that level stays empty until
 * one does. A unit the snapshot does not describe is "unknown". */
enum level { LV_PROVINCIAL, LV_DISTRICT, LV_FORCES, LV_ENTERPRISE, LV_UNKNOWN, LV_N };
static const char *const level_names[LV_N] = {"provincial", "district", "armed_forces",
                                              "enterprise", "unknown"};

static enum level level_of(int unit_kind)
{
    switch (unit_kind) {
    case THIDUA__V1__UNIT_KIND__UNIT_KIND_COMMITTEE:
    case THIDUA__V1__UNIT_KIND__UNIT_KIND_OFFICE:
    case THIDUA__V1__UNIT_KIND__UNIT_KIND_SUBCOMMITTEE:
    case THIDUA__V1__UNIT_KIND__UNIT_KIND_DEPARTMENT:
    case THIDUA__V1__UNIT_KIND__UNIT_KIND_ORGANIZATION:
        return LV_PROVINCIAL;
    case THIDUA__V1__UNIT_KIND__UNIT_KIND_DISTRICT:
        return LV_DISTRICT;
    case THIDUA__V1__UNIT_KIND__UNIT_KIND_FORCE:
        return LV_FORCES;
    default:
        return LV_UNKNOWN;
    }
}

struct unit_row {
    char *code;
    const Thidua__V1__Unit *unit; /* borrowed from the records; NULL if not among them */
    uint32_t nominees[NS], tasks[NT], overdue;
};

/* A review step (submit, return, accept, cancel) in a task's history
 * record: the newest says whether a task in progress was sent back. */
struct review {
    const char *task;
    uint32_t seq;
    bool is_return;
};

typedef struct counts {
    const char *scope, *today;
    struct review *reviews; /* by task, then seq */
    size_t n_reviews;
    uint32_t fk[NF][NK][NS];
    uint32_t max_selected[NF][NK];
    bool quota[NF][NK];
    uint32_t tasks[NT], overdue;
    struct unit_row *units;
    size_t n_units, cap;
} counts_t;

static struct unit_row *unit_row(counts_t *c, const char *code)
{
    for (size_t i = 0; i < c->n_units; i++)
        if (strcmp(c->units[i].code, code) == 0)
            return &c->units[i];
    if (c->n_units == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        struct unit_row *u = realloc(c->units, cap * sizeof *u);
        if (!u)
            return NULL;
        c->units = u;
        c->cap = cap;
    }
    struct unit_row *u = &c->units[c->n_units];
    memset(u, 0, sizeof *u);
    if (!(u->code = strdup(code)))
        return NULL;
    c->n_units++;
    return u;
}

static int in_range(int v, int n)
{
    return v >= 0 && v < n ? v : 0;
}

static int add_nominee(counts_t *c, const Thidua__V1__Nominee *n)
{
    int s = in_range(n->status, NS);
    c->fk[in_range(n->field, NF)][in_range(n->kind, NK)][s]++;
    struct unit_row *u = unit_row(c, n->proposing_unit);
    if (!u)
        return -1;
    u->nominees[s]++;
    return 0;
}

static int review_cmp(const void *pa, const void *pb)
{
    const struct review *a = pa, *b = pb;
    int c = strcmp(a->task, b->task);
    return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* The review steps of the snapshot's history records, sorted. */
static int collect_reviews(counts_t *c, const Thidua__V1__Record *const *records, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Thidua__V1__Record *r = records[i];
        if (r->deleted || r->body_case != THIDUA__V1__RECORD__BODY_HISTORY || !r->history->entry ||
            !thd_task_review_verb(r->history->entry->verb))
            continue;
        if (!c->reviews && !(c->reviews = malloc(n * sizeof *c->reviews)))
            return -1;
        c->reviews[c->n_reviews++] = (struct review){
            r->history->parent, r->history->seq, strcmp(r->history->entry->verb, "return") == 0};
    }
    if (c->n_reviews > 1)
        qsort(c->reviews, c->n_reviews, sizeof *c->reviews, review_cmp);
    return 0;
}

/* The status people read: a task in progress whose newest review step is
 * the office's return is "returned", as task.get, the lists and the
 * monitor say (the history in the record first, then its own records). */
static int shown_status(const counts_t *c, const Thidua__V1__Task *t)
{
    if (t->status != THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS)
        return t->status;
    const char *last = "";
    for (size_t i = 0; i < t->n_history; i++)
        if (thd_task_review_verb(t->history[i]->verb))
            last = t->history[i]->verb;
    bool back = strcmp(last, "return") == 0;
    struct review key = {t->id, UINT32_MAX, false};
    size_t lo = 0, hi = c->n_reviews; /* the first review after t's newest */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (review_cmp(&c->reviews[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && strcmp(c->reviews[lo - 1].task, t->id) == 0)
        back = c->reviews[lo - 1].is_return;
    return back ? THIDUA__V1__TASK_STATUS__TASK_STATUS_RETURNED : (int)t->status;
}

static int add_task(counts_t *c, const Thidua__V1__Task *t)
{
    int s = in_range(shown_status(c, t), NT);
    bool late = thd_task_overdue(t, c->today);
    c->tasks[s]++;
    c->overdue += late;
    struct unit_row *u = unit_row(c, t->lead_unit);
    if (!u)
        return -1;
    u->tasks[s]++;
    u->overdue += late;
    return 0;
}

/* A unit record describes a unit (name, kind, so its level) whatever the
 * scope; nominees, tasks and quotas count only when they concern it. */
static int add_record(counts_t *c, const Thidua__V1__Record *r)
{
    if (r->deleted)
        return 0;
    if (r->body_case == THIDUA__V1__RECORD__BODY_UNIT) {
        struct unit_row *u = unit_row(c, r->unit->code);
        return u ? (u->unit = r->unit, 0) : -1;
    }
    if (!thd_record_concerns(r, c->scope))
        return 0;
    if (r->body_case == THIDUA__V1__RECORD__BODY_NOMINEE)
        return add_nominee(c, r->nominee);
    if (r->body_case == THIDUA__V1__RECORD__BODY_TASK)
        return add_task(c, r->task);
    if (r->body_case == THIDUA__V1__RECORD__BODY_QUOTA) {
        const Thidua__V1__Quota *q = r->quota;
        int f = in_range(q->field, NF), k = in_range(q->kind, NK);
        c->quota[f][k] = true;
        c->max_selected[f][k] = q->max_selected;
    }
    return 0;
}

/* ---- the JSON ---- */

static const char *name_of(const ProtobufCEnumDescriptor *d, int v, char *buf, size_t cap)
{
    return pbjson_enum_name(d, v, buf, cap);
}

/* {"draft": n, ...}: every status but "unspecified", a task's in the order
 * the work goes, with the total beside it. */
static void put_statuses(json_t *o, const ProtobufCEnumDescriptor *d, const uint32_t *n, int count)
{
    json_t *st = json_object();
    uint32_t total = 0;
    char buf[64];
    const int *task_order;
    size_t n_tasks = thd_task_status_order(&task_order);
    bool tasks = d == &thidua__v1__task_status__descriptor;
    int shown = tasks ? (int)n_tasks : count - 1;
    for (int i = 0; i < shown; i++) {
        int s = tasks ? task_order[i] : i + 1;
        total += n[s];
        json_object_set_new(st, name_of(d, s, buf, sizeof buf), json_integer(n[s]));
    }
    json_object_set_new(o, "total", json_integer(total + n[0]));
    json_object_set_new(o, "statuses", st);
}

static uint32_t sum(const uint32_t *n, int count)
{
    uint32_t t = 0;
    for (int i = 0; i < count; i++)
        t += n[i];
    return t;
}

static json_t *field_kind(int f, int k)
{
    char fb[64], kb[64];
    return json_pack("{s:s,s:s}", "field",
                     name_of(&thidua__v1__field__descriptor, f, fb, sizeof fb), "kind",
                     name_of(&thidua__v1__nominee_kind__descriptor, k, kb, sizeof kb));
}

/* Every (field, kind) the contract names, and an unspecified one only
 * when something is counted there. */
static bool shown(const counts_t *c, int f, int k)
{
    return (f && k) || c->quota[f][k] || sum(c->fk[f][k], NS);
}

/* The rows of every (field, kind) shown, one row(c, f, k) each: fields in
 * the contract's order, kinds in thd_nominee_kind_order's (collectives
 * first), an unspecified kind after the named ones, as the web lists an
 * unknown kind last. */
static json_t *field_kind_rows(const counts_t *c, json_t *(*row)(const counts_t *, int, int))
{
    const int *order;
    size_t n_order = thd_nominee_kind_order(&order);
    json_t *a = json_array();
    for (int f = 0; f < NF; f++)
        for (size_t i = 0; i <= n_order; i++) {
            int k = i < n_order ? order[i] : 0;
            if (shown(c, f, k))
                json_array_append_new(a, row(c, f, k));
        }
    return a;
}

static json_t *by_status(const counts_t *c, int f, int k)
{
    json_t *o = field_kind(f, k);
    put_statuses(o, &thidua__v1__nominee_status__descriptor, c->fk[f][k], NS);
    return o;
}

/* The funnel of one (field, kind): each stage counts the nominees that
 * reached it and were not withdrawn (a withdrawn one left the running). */
static json_t *funnel(const counts_t *c, int f, int k)
{
    const uint32_t *n = c->fk[f][k];
    enum {
        P = THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_PROPOSED,
        V = THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_VETTING,
        R = THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_VETTED,
        S = THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_SELECTED,
        X = THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_REJECTED,
    };
    json_t *o = field_kind(f, k);
    json_object_set_new(o, "proposed", json_integer(n[P] + n[V] + n[R] + n[S] + n[X]));
    json_object_set_new(o, "vetted", json_integer(n[V] + n[R] + n[S] + n[X]));
    json_object_set_new(o, "recommended", json_integer(n[R] + n[S] + n[X]));
    json_object_set_new(o, "selected", json_integer(n[S]));
    json_object_set_new(o, "max_selected",
                        c->quota[f][k] ? json_integer(c->max_selected[f][k]) : json_null());
    return o;
}

static int unit_cmp(const void *a, const void *b)
{
    return strcmp(((const struct unit_row *)a)->code, ((const struct unit_row *)b)->code);
}

static enum level unit_level(const struct unit_row *u)
{
    return u->unit ? level_of(u->unit->kind) : LV_UNKNOWN;
}

static json_t *unit_head(const struct unit_row *u)
{
    return json_pack("{s:s,s:s,s:s}", "unit", u->code, "name", u->unit ? u->unit->name : "",
                     "level", level_names[unit_level(u)]);
}

/* One row per unit with something counted, in code order. */
static json_t *by_unit(const counts_t *c, bool tasks)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->n_units; i++) {
        const struct unit_row *u = &c->units[i];
        if (tasks ? !sum(u->tasks, NT) : !sum(u->nominees, NS))
            continue;
        json_t *o = unit_head(u);
        if (tasks) {
            put_statuses(o, &thidua__v1__task_status__descriptor, u->tasks, NT);
            json_object_set_new(o, "overdue", json_integer(u->overdue));
        } else
            put_statuses(o, &thidua__v1__nominee_status__descriptor, u->nominees, NS);
        json_array_append_new(a, o);
    }
    return a;
}

/* The four levels always, "unknown" only when something is counted there. */
static json_t *by_level(const counts_t *c, bool tasks)
{
    uint32_t n[LV_N][NS > NT ? NS : NT] = {{0}}, late[LV_N] = {0};
    for (size_t i = 0; i < c->n_units; i++) {
        const struct unit_row *u = &c->units[i];
        enum level lv = unit_level(u);
        for (int s = 0; s < (tasks ? NT : NS); s++)
            n[lv][s] += tasks ? u->tasks[s] : u->nominees[s];
        late[lv] += u->overdue;
    }
    json_t *a = json_array();
    for (int lv = 0; lv < LV_N; lv++) {
        if (lv == LV_UNKNOWN && !sum(n[lv], tasks ? NT : NS))
            continue;
        json_t *o = json_pack("{s:s}", "level", level_names[lv]);
        if (tasks) {
            put_statuses(o, &thidua__v1__task_status__descriptor, n[lv], NT);
            json_object_set_new(o, "overdue", json_integer(late[lv]));
        } else
            put_statuses(o, &thidua__v1__nominee_status__descriptor, n[lv], NS);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *nominee_part(const counts_t *c)
{
    uint32_t all[NS] = {0};
    for (int f = 0; f < NF; f++)
        for (int k = 0; k < NK; k++)
            for (int s = 0; s < NS; s++)
                all[s] += c->fk[f][k][s];
    json_t *o = json_object();
    put_statuses(o, &thidua__v1__nominee_status__descriptor, all, NS);
    json_object_set_new(o, "by_field_kind", field_kind_rows(c, by_status));
    json_object_set_new(o, "by_unit", by_unit(c, false));
    json_object_set_new(o, "by_level", by_level(c, false));
    json_object_set_new(o, "quota", field_kind_rows(c, funnel));
    return o;
}

static json_t *task_part(const counts_t *c)
{
    json_t *o = json_object();
    put_statuses(o, &thidua__v1__task_status__descriptor, c->tasks, NT);
    json_object_set_new(o, "overdue", json_integer(c->overdue));
    json_object_set_new(o, "by_unit", by_unit(c, true));
    json_object_set_new(o, "by_level", by_level(c, true));
    return o;
}

static void counts_free(counts_t *c)
{
    free(c->reviews);
    for (size_t i = 0; i < c->n_units; i++)
        free(c->units[i].code);
    free(c->units);
}

char *thd_stats_json(const Thidua__V1__Record *const *records, size_t n, uint64_t revision,
                     const char *unit, const char *today)
{
    counts_t c = {.scope = unit && *unit ? unit : NULL, .today = today};
    char *out = NULL;
    if (collect_reviews(&c, records, n) != 0)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (add_record(&c, records[i]) != 0)
            goto done;
    qsort(c.units, c.n_units, sizeof *c.units, unit_cmp);
    json_t *o = json_pack("{s:I,s:s,s:s}", "revision", (json_int_t)revision, "today", today, "unit",
                          c.scope ? c.scope : "");
    if (o) {
        json_object_set_new(o, "nominees", nominee_part(&c));
        json_object_set_new(o, "tasks", task_part(&c));
        out = json_dumps(o, JSON_COMPACT);
        json_decref(o);
    }
done:
    counts_free(&c);
    return out;
}
