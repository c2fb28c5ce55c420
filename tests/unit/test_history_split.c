/* The one rule of the split (history_split: tasks from format 3 to 4,
 * nominees from 4 to 5), which migrate, verify and a first write after a
 * mark-only upgrade share: what records a task's or nominee's embedded
 * history becomes, and that a failing sink stops it with nothing leaked
 * (run under valgrind by scripts/valgrind). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain.h"
#include "history.h"
#include "records.h"

/* What the sink was given. */
struct got {
    Thidua__V1__Record *recs[8];
    size_t n;
    char count_task[32];
    uint32_t count;
    size_t fail_at; /* refuse the record of this index (1-based); 0: none */
};

static int got_count(void *arg, const char *task, uint32_t n)
{
    struct got *g = arg;
    strncpy(g->count_task, task, sizeof g->count_task - 1);
    g->count = n;
    return 0;
}

static int got_record(void *arg, Thidua__V1__Record *rec)
{
    struct got *g = arg;
    if (g->n + 1 == g->fail_at) {
        thidua__v1__record__free_unpacked(rec, NULL);
        return 13;
    }
    g->recs[g->n++] = rec;
    return 0;
}

/* A format 3 task T-7 of units SO-A and H-B holding n entries, last
 * written at revision 42 by vhttdl. */
static Thidua__V1__Record *old_task(size_t n)
{
    Thidua__V1__Record *rec = domain_envelope("task", "T-7");
    Thidua__V1__Task *t = malloc(sizeof *t);
    assert_non_null(t);
    thidua__v1__task__init(t);
    rec->body_case = THIDUA__V1__RECORD__BODY_TASK;
    rec->task = t;
    t->id = records_strdup("T-7");
    domain_add_unit(rec, "SO-A");
    domain_add_unit(rec, "H-B");
    Thidua__V1__Meta *m = records_meta(rec);
    m->mod_revision = 42;
    m->mod_time_ms = 1700000000000;
    m->mod_actor = records_strdup("vhttdl");
    for (size_t i = 0; i < n; i++) {
        Thidua__V1__HistoryEntry *h = malloc(sizeof *h);
        assert_non_null(h);
        thidua__v1__history_entry__init(h);
        h->verb = records_strdup(i ? "report" : "create");
        h->percent = (uint32_t)i * 10;
        *domain_push((void ***)&t->history, &t->n_history) = h;
    }
    return rec;
}

static void entries_become_records_numbered_from_one_with_the_tasks_units_and_age(void **state)
{
    (void)state;
    Thidua__V1__Record *task = old_task(3);
    Thidua__V1__HistoryEntry **entries;
    size_t n = history_take(task, &entries);
    assert_int_equal(n, 3);
    assert_int_equal(task->task->n_history, 0); /* the task keeps none */
    struct got g = {0};
    history_sink_t sink = {.count = got_count, .record = got_record, .arg = &g};
    assert_int_equal(history_split(task, entries, n, &sink), 0);
    assert_string_equal(g.count_task, "T-7");
    assert_int_equal(g.count, 3);
    assert_int_equal(g.n, 3);
    const char *ids[] = {"T-7/0000000001", "T-7/0000000002", "T-7/0000000003"};
    for (size_t i = 0; i < 3; i++) {
        Thidua__V1__Record *r = g.recs[i];
        assert_string_equal(r->type, "history");
        assert_string_equal(r->id, ids[i]);
        assert_int_equal(r->n_units, 2);
        assert_string_equal(r->units[0], "SO-A");
        assert_string_equal(r->units[1], "H-B");
        assert_string_equal(r->history->parent, "T-7");
        assert_int_equal(r->history->seq, i + 1);
        assert_int_equal(r->history->entry->percent, i * 10);
        assert_int_equal(r->history->meta->create_revision, 42);
        assert_int_equal(r->history->meta->mod_revision, 42);
        assert_int_equal(r->history->meta->mod_time_ms, 1700000000000);
        assert_string_equal(r->history->meta->mod_actor, "vhttdl");
        thidua__v1__record__free_unpacked(r, NULL);
    }
    thidua__v1__record__free_unpacked(task, NULL);
}

static void a_refusing_sink_stops_the_split_and_frees_what_is_left(void **state)
{
    (void)state;
    Thidua__V1__Record *task = old_task(4);
    Thidua__V1__HistoryEntry **entries;
    size_t n = history_take(task, &entries);
    struct got g = {.fail_at = 2};
    history_sink_t sink = {.count = got_count, .record = got_record, .arg = &g};
    assert_int_equal(history_split(task, entries, n, &sink), 13);
    assert_int_equal(g.n, 1);
    thidua__v1__record__free_unpacked(g.recs[0], NULL);
    thidua__v1__record__free_unpacked(task, NULL);
}

static void a_task_with_no_history_splits_into_nothing(void **state)
{
    (void)state;
    Thidua__V1__Record *task = old_task(0);
    Thidua__V1__HistoryEntry **entries;
    assert_int_equal(history_take(task, &entries), 0);
    struct got g = {0};
    history_sink_t sink = {.count = got_count, .record = got_record, .arg = &g};
    assert_int_equal(history_split(task, entries, 0, &sink), 0);
    assert_int_equal(g.n, 0);
    assert_int_equal(g.count, 0); /* no index for a task with none */
    thidua__v1__record__free_unpacked(task, NULL);
}

/* A nominee N-3 of SO-A holding create, two dossier files (versions 1, 2)
 * and a check: its entries split as a task's do, and it keeps the count
 * of its files in versions, which the entries numbered. */
static void a_nominee_splits_by_the_same_rule_and_keeps_its_file_count(void **state)
{
    (void)state;
    Thidua__V1__Record *rec = domain_envelope("nominee", "N-3");
    Thidua__V1__Nominee *n = malloc(sizeof *n);
    assert_non_null(n);
    thidua__v1__nominee__init(n);
    rec->body_case = THIDUA__V1__RECORD__BODY_NOMINEE;
    rec->nominee = n;
    n->id = records_strdup("N-3");
    domain_add_unit(rec, "SO-A");
    records_meta(rec)->mod_revision = 9;
    const char *verbs[] = {"create", "attach", "attach", "check"};
    for (size_t i = 0; i < 4; i++) {
        Thidua__V1__HistoryEntry *h = malloc(sizeof *h);
        assert_non_null(h);
        thidua__v1__history_entry__init(h);
        h->verb = records_strdup(verbs[i]);
        h->version = i == 1 || i == 2 ? (uint32_t)i : 0;
        *domain_push((void ***)&n->history, &n->n_history) = h;
    }
    assert_int_equal(history_held(rec), 4);
    Thidua__V1__HistoryEntry **entries;
    size_t count = history_take(rec, &entries);
    assert_int_equal(count, 4);
    assert_int_equal(history_held(rec), 0);
    assert_int_equal(n->versions, 2);
    struct got g = {0};
    history_sink_t sink = {.count = got_count, .record = got_record, .arg = &g};
    assert_int_equal(history_split(rec, entries, count, &sink), 0);
    assert_string_equal(g.count_task, "N-3");
    assert_int_equal(g.n, 4);
    assert_string_equal(g.recs[2]->id, "N-3/0000000003");
    assert_string_equal(g.recs[2]->history->parent, "N-3");
    assert_int_equal(g.recs[2]->history->entry->version, 2);
    assert_string_equal(g.recs[3]->units[0], "SO-A");
    assert_int_equal(g.recs[3]->history->meta->mod_revision, 9);
    for (size_t i = 0; i < g.n; i++)
        thidua__v1__record__free_unpacked(g.recs[i], NULL);
    thidua__v1__record__free_unpacked(rec, NULL);
}

/* Which types split, and since which format; what other records hold. */
static void tasks_split_at_format_4_nominees_at_5_and_nothing_else(void **state)
{
    (void)state;
    assert_int_equal(history_format_of("task", 4), 4);
    assert_int_equal(history_format_of("nominee", 7), 5);
    assert_int_equal(history_format_of("history", 7), 0);
    assert_int_equal(history_format_of("tas", 3), 0);
    Thidua__V1__Record *unit = domain_envelope("unit", "SO-A");
    assert_int_equal(history_held(unit), 0);
    Thidua__V1__HistoryEntry **entries;
    assert_int_equal(history_take(unit, &entries), 0);
    assert_null(entries);
    thidua__v1__record__free_unpacked(unit, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entries_become_records_numbered_from_one_with_the_tasks_units_and_age),
        cmocka_unit_test(a_refusing_sink_stops_the_split_and_frees_what_is_left),
        cmocka_unit_test(a_task_with_no_history_splits_into_nothing),
        cmocka_unit_test(a_nominee_splits_by_the_same_rule_and_keeps_its_file_count),
        cmocka_unit_test(tasks_split_at_format_4_nominees_at_5_and_nothing_else),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
