/* The statistics (thd_stats_json) against a real thidua-server: a congress
 * with nominees in every status, field and kind from two units, tasks in
 * every status led by units of three levels, some overdue and a quota; a
 * raw snapshot read page by page; every figure compared with counts the
 * test makes itself from that snapshot. A unit's scope counts what
 * concerns the unit, as the broker's own unit filter does. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "congress.h"
#include "pbjson.h"

#define REQ(b)  THIDUA__V1__REQUEST__BODY_##b
#define NS(x)   THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x
#define TS(x)   THIDUA__V1__TASK_STATUS__TASK_STATUS_##x
#define FI(x)   THIDUA__V1__FIELD__FIELD_##x
#define NK(x)   THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_##x
#define UK(x)   THIDUA__V1__UNIT_KIND__UNIT_KIND_##x
#define FORCE   "CA-TINH"
#define MAX_REC 256

static cg_world_t w;
CG_GROUP_FIXTURES(w)

/* ---- the congress ---- */

static void unit_put(int body, const char *code, const char *name, int kind)
{
    Thidua__V1__Unit u = THIDUA__V1__UNIT__INIT;
    u.code = (char *)code;
    u.name = (char *)name;
    u.kind = kind;
    Thidua__V1__UnitAdd add = THIDUA__V1__UNIT_ADD__INIT; /* UnitEdit has the same shape */
    add.unit = &u;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = body;
    req.unit_add = &add;
    assert_int_equal(cg_call(w.c[CG_ADMIN], &req, NULL), 0);
}

static void task_led(const char *lead, const char *support, const char *deadline, char id[32])
{
    Thidua__V1__Task t = THIDUA__V1__TASK__INIT;
    char *sup[] = {(char *)support};
    t.title = "Tổ chức hội nghị điển hình tiên tiến";
    t.kind = THIDUA__V1__TASK_KIND__TASK_KIND_WORK;
    t.phase = THIDUA__V1__PHASE__PHASE_BEFORE;
    t.lead_unit = (char *)lead;
    t.support_units = support ? sup : NULL;
    t.n_support_units = support ? 1 : 0;
    t.deadline = (char *)deadline;
    Thidua__V1__TaskCreate body = THIDUA__V1__TASK_CREATE__INIT;
    body.task = &t;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_CREATE);
    req.task_create = &body;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(cg_call(w.c[CG_OFFICE], &req, &resp), 0);
    snprintf(id, 32, "%s", resp->record->task->id);
    thidua__v1__response__free_unpacked(resp, NULL);
}

static void build_congress(void)
{
    char id[32];
    unit_put(REQ(UNIT_EDIT), CG_OTHER_CODE, "Huyện Ninh Hải", UK(DISTRICT));
    unit_put(REQ(UNIT_ADD), FORCE, "Công an tỉnh", UK(FORCE));
    /* every nominee status, over the fields and kinds, from SO-VHTTDL */
    for (int s = NS(DRAFT); s <= NS(WITHDRAWN); s++)
        cg_nominee_in(&w, s, 1 + s % 4, 1 + s % 2, id);
    cg_nominee_in(&w, NS(SELECTED), FI(ECONOMY), NK(COLLECTIVE), id);
    cg_nominee_in(&w, NS(VETTED), FI(ECONOMY), NK(COLLECTIVE), id);
    /* two from the district, one proposed */
    assert_int_equal(
        cg_nominee_create(w.c[CG_OTHER_UNIT], "Trần Thị B", FI(SOCIETY), NK(INDIVIDUAL), id), 0);
    assert_int_equal(cg_nominee_verb(w.c[CG_OTHER_UNIT], REQ(NOMINEE_PROPOSE), id, ""), 0);
    assert_int_equal(cg_nominee_create(w.c[CG_OTHER_UNIT], "Hợp tác xã Nhơn Hải", FI(ECONOMY),
                                       NK(COLLECTIVE), id),
                     0);
    assert_int_equal(cg_quota_set(w.c[CG_ADMIN], FI(ECONOMY), NK(COLLECTIVE), 3, 0), 0);
    /* every task status (SO-VHTTDL leads, due in 2099), and overdue ones */
    for (int s = TS(ASSIGNED); s <= TS(CANCELLED); s++)
        if (s != TS(RETURNED))
            cg_task_in(&w, s, id);
    task_led(CG_OTHER_CODE, CG_UNIT_CODE, "2020-01-01", id); /* overdue; SO-VHTTDL supports */
    task_led(FORCE, NULL, "2021-06-30", id);                 /* overdue */
    task_led(FORCE, NULL, "2020-02-01", id);                 /* cancelled: not overdue */
    assert_int_equal(cg_task_verb(w.c[CG_OFFICE], REQ(TASK_CANCEL), id, ""), 0);
    cg_task_in(&w, TS(SUBMITTED), id);
}

/* ---- a raw snapshot ---- */

typedef struct snap {
    Thidua__V1__Record *rec[MAX_REC];
    size_t n;
    uint64_t revision;
} snap_t;

/* Every page of one snapshot (or one unit's), 7 records a page. */
static void snapshot(thd_client_t *c, const char *unit, snap_t *s)
{
    char cursor[65] = "";
    s->n = 0;
    do {
        Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
        body.cursor = cursor;
        body.unit = (char *)(unit ? unit : "");
        body.page_size = 7;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = REQ(SNAPSHOT);
        req.snapshot = &body;
        Thidua__V1__Response *resp = NULL;
        assert_int_equal(cg_call(c, &req, &resp), 0);
        s->revision = resp->snapshot->revision;
        snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
        for (size_t i = 0; i < resp->snapshot->n_records; i++) {
            assert_true(s->n < MAX_REC);
            s->rec[s->n++] = resp->snapshot->records[i];
            resp->snapshot->records[i] = NULL;
        }
        resp->snapshot->n_records = 0;
        thidua__v1__response__free_unpacked(resp, NULL);
    } while (*cursor);
}

static void snap_free(snap_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        thidua__v1__record__free_unpacked(s->rec[i], NULL);
    s->n = 0;
}

static void today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static json_t *stats(const snap_t *s, const char *unit)
{
    char day[11];
    today(day);
    char *text =
        thd_stats_json((const Thidua__V1__Record *const *)s->rec, s->n, s->revision, unit, day);
    assert_non_null(text);
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "revision")), s->revision);
    return j;
}

/* ---- the test's own counts, from the raw records ---- */

static bool concerns(const Thidua__V1__Record *r, const char *unit)
{
    if (!unit)
        return true;
    for (size_t i = 0; i < r->n_units; i++)
        if (strcmp(r->units[i], unit) == 0)
            return true;
    return false;
}

static int unit_kind(const snap_t *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->rec[i]->body_case == THIDUA__V1__RECORD__BODY_UNIT &&
            strcmp(s->rec[i]->unit->code, code) == 0)
            return s->rec[i]->unit->kind;
    return -1;
}

/* The level a unit reports at (docs/ARCHITECTURE.md, Statistics). */
static const char *level(const snap_t *s, const char *code)
{
    int k = unit_kind(s, code);
    return k == UK(DISTRICT) ? "district"
           : k == UK(FORCE)  ? "armed_forces"
           : k < 0           ? "unknown"
                             : "provincial";
}

typedef struct want {
    const char *field, *kind, *status, *unit, *level; /* NULL: any */
} want_t;

/* The contract's short name of an enum value ("in_progress"), as the JSON
 * names it; rotating buffers, so one expression may use several. */
static const char *enum_name(const ProtobufCEnumDescriptor *d, int v)
{
    static char buf[4][64];
    static int next;
    return pbjson_enum_name(d, v, buf[next++ % 4], sizeof buf[0]);
}

static bool is(const char *want, const char *got)
{
    return !want || strcmp(want, got) == 0;
}

static long count_nominees(const snap_t *s, const char *scope, const want_t *q)
{
    long n = 0;
    for (size_t i = 0; i < s->n; i++) {
        const Thidua__V1__Record *r = s->rec[i];
        if (r->body_case != THIDUA__V1__RECORD__BODY_NOMINEE || !concerns(r, scope))
            continue;
        const Thidua__V1__Nominee *x = r->nominee;
        n += is(q->field, enum_name(&thidua__v1__field__descriptor, x->field)) &&
             is(q->kind, enum_name(&thidua__v1__nominee_kind__descriptor, x->kind)) &&
             is(q->status, enum_name(&thidua__v1__nominee_status__descriptor, x->status)) &&
             is(q->unit, x->proposing_unit) && is(q->level, level(s, x->proposing_unit));
    }
    return n;
}

static long count_tasks(const snap_t *s, const char *scope, const want_t *q, bool late)
{
    char day[11];
    today(day);
    long n = 0;
    for (size_t i = 0; i < s->n; i++) {
        const Thidua__V1__Record *r = s->rec[i];
        if (r->body_case != THIDUA__V1__RECORD__BODY_TASK || !concerns(r, scope))
            continue;
        const Thidua__V1__Task *t = r->task;
        bool overdue =
            strcmp(t->deadline, day) < 0 && t->status != TS(ACCEPTED) && t->status != TS(CANCELLED);
        n += is(q->status, enum_name(&thidua__v1__task_status__descriptor, t->status)) &&
             is(q->unit, t->lead_unit) && is(q->level, level(s, t->lead_unit)) &&
             (!late || overdue);
    }
    return n;
}

static long num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    assert_true(json_is_integer(v));
    return (long)json_integer_value(v);
}

/* Each row's statuses and total against the test's own counts of q
 * narrowed to the row. */
static void check_statuses(const snap_t *s, const char *scope, const json_t *row, want_t q,
                           bool tasks)
{
    const char *status;
    json_t *v;
    long sum = 0;
    json_object_foreach(json_object_get(row, "statuses"), status, v)
    {
        q.status = status;
        long want = tasks ? count_tasks(s, scope, &q, false) : count_nominees(s, scope, &q);
        if (json_integer_value(v) != want)
            fail_msg("%s %s/%s/%s/%s: %lld, counted %ld", status, q.field ? q.field : "",
                     q.kind ? q.kind : "", q.unit ? q.unit : "", q.level ? q.level : "",
                     (long long)json_integer_value(v), want);
        sum += want;
    }
    q.status = NULL;
    long total = tasks ? count_tasks(s, scope, &q, false) : count_nominees(s, scope, &q);
    assert_int_equal(num(row, "total"), total);
    assert_int_equal(sum, total); /* no record outside the statuses shown */
    if (tasks)
        assert_int_equal(num(row, "overdue"), count_tasks(s, scope, &q, true));
}

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void check_rows(const snap_t *s, const char *scope, const json_t *part, const char *key,
                       bool tasks)
{
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(part, key), i, row)
    {
        want_t q = {.field = jstr(row, "field"),
                    .kind = jstr(row, "kind"),
                    .unit = jstr(row, "unit"),
                    .level = jstr(row, "level")};
        check_statuses(s, scope, row, q, tasks);
    }
}

/* proposed .. selected: the nominees that reached each stage, not withdrawn. */
static void check_funnel(const snap_t *s, const char *scope, const json_t *nominees)
{
    static const char *const reached[][5] = {
        {"proposed", "vetting", "vetted", "selected", "rejected"},
        {"vetting", "vetted", "selected", "rejected"},
        {"vetted", "selected", "rejected"},
        {"selected"},
    };
    static const char *const stage[] = {"proposed", "vetted", "recommended", "selected"};
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(nominees, "quota"), i, row)
    {
        for (int st = 0; st < 4; st++) {
            long want = 0;
            for (int k = 0; k < 5 && reached[st][k]; k++) {
                want_t q = {.field = jstr(row, "field"),
                            .kind = jstr(row, "kind"),
                            .status = reached[st][k]};
                want += count_nominees(s, scope, &q);
            }
            assert_int_equal(num(row, stage[st]), want);
        }
    }
}

static void check_all(const snap_t *s, const char *scope, const json_t *j)
{
    const json_t *nom = json_object_get(j, "nominees"), *tasks = json_object_get(j, "tasks");
    check_statuses(s, scope, nom, (want_t){0}, false);
    check_statuses(s, scope, tasks, (want_t){0}, true);
    check_rows(s, scope, nom, "by_field_kind", false);
    check_rows(s, scope, nom, "by_unit", false);
    check_rows(s, scope, nom, "by_level", false);
    check_rows(s, scope, tasks, "by_unit", true);
    check_rows(s, scope, tasks, "by_level", true);
    check_funnel(s, scope, nom);
}

/* ---- the tests ---- */

static void whole_congress_figures_equal_the_snapshot_counts(void **state)
{
    (void)state;
    build_congress();
    snap_t s;
    snapshot(w.c[CG_OFFICE], NULL, &s);
    json_t *j = stats(&s, NULL);
    check_all(&s, NULL, j);
    const json_t *nom = json_object_get(j, "nominees"), *tasks = json_object_get(j, "tasks");
    /* what the congress above holds, so the comparison is not of zeros */
    assert_int_equal(num(nom, "total"), 11);
    assert_int_equal(num(tasks, "total"), 9);
    assert_int_equal(num(tasks, "overdue"), 2);
    assert_int_equal(json_array_size(json_object_get(nom, "by_field_kind")), 8);
    /* in each field collectives before individuals (thd_nominee_kind_order),
     * as the CLI, the XLSX sheet and the web's pages list them */
    const json_t *fk = json_object_get(nom, "by_field_kind");
    for (size_t i = 0; i < json_array_size(fk); i++)
        assert_string_equal(jstr(json_array_get(fk, i), "kind"),
                            i % 2 ? "individual" : "collective");
    assert_int_equal(json_array_size(json_object_get(nom, "by_level")), 4); /* no unknown level */
    const json_t *ec = json_array_get(json_object_get(nom, "quota"), 0);
    assert_string_equal(jstr(ec, "field"), "economy");
    assert_string_equal(jstr(ec, "kind"), "collective");
    assert_int_equal(num(ec, "max_selected"), 3);
    assert_int_equal(num(ec, "selected"), 1);
    assert_true(json_is_null(
        json_object_get(json_array_get(json_object_get(nom, "quota"), 1), "max_selected")));
    const json_t *force = json_array_get(json_object_get(tasks, "by_level"), 2);
    assert_string_equal(jstr(force, "level"), "armed_forces");
    assert_int_equal(num(force, "total"), 2);
    assert_int_equal(num(force, "overdue"), 1);
    json_decref(j);
    snap_free(&s);
}

static void unit_scope_counts_what_concerns_the_unit_as_the_broker_filters(void **state)
{
    (void)state;
    snap_t all, own;
    snapshot(w.c[CG_OTHER_UNIT], NULL, &all);
    snapshot(w.c[CG_OTHER_UNIT], CG_UNIT_CODE, &own);
    json_t *scoped = stats(&all, CG_UNIT_CODE), *filtered = stats(&own, NULL);
    check_all(&all, CG_UNIT_CODE, scoped);
    assert_string_equal(jstr(scoped, "unit"), CG_UNIT_CODE);
    const json_t *sn = json_object_get(scoped, "nominees"), *st = json_object_get(scoped, "tasks");
    assert_int_equal(num(sn, "total"), 9); /* the district's two are not its concern */
    assert_int_equal(num(st, "total"), 7); /* the district's task it supports counts */
    assert_int_equal(num(st, "overdue"), 1);
    assert_int_equal(json_array_size(json_object_get(sn, "by_unit")), 1);
    assert_true(json_is_null(json_object_get(json_array_get(json_object_get(sn, "quota"), 0),
                                             "max_selected"))); /* a quota is the province's */
    /* the broker's own unit filter gives the same nominees and tasks */
    const json_t *fn = json_object_get(filtered, "nominees"),
                 *ft = json_object_get(filtered, "tasks");
    assert_true(
        json_equal(json_object_get(sn, "by_field_kind"), json_object_get(fn, "by_field_kind")));
    assert_true(json_equal(json_object_get(st, "statuses"), json_object_get(ft, "statuses")));
    assert_int_equal(num(st, "overdue"), num(ft, "overdue"));
    json_decref(scoped);
    json_decref(filtered);
    snap_free(&all);
    snap_free(&own);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_congress_figures_equal_the_snapshot_counts),
        cmocka_unit_test(unit_scope_counts_what_concerns_the_unit_as_the_broker_filters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
