/* An export's tasks and nominees with their whole history: each adopts its
 * History records (tasks since store format 4, nominees since format 5),
 * after the entries its record still holds, in seq order, whatever order
 * the snapshot gave them and however the ids of both kinds interleave. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "export.h"

/* A heap copy of rec, as a snapshot page holds it (the export frees it). */
static Thidua__V1__Record *copy(const Thidua__V1__Record *rec)
{
    size_t len = thidua__v1__record__get_packed_size(rec);
    uint8_t *buf = malloc(len ? len : 1);
    assert_non_null(buf);
    thidua__v1__record__pack(rec, buf);
    Thidua__V1__Record *out = thidua__v1__record__unpack(NULL, len, buf);
    free(buf);
    assert_non_null(out);
    return out;
}

static void take(export_data_t *d, const Thidua__V1__Record *rec)
{
    assert_int_equal(export_data_take(d, copy(rec)), 0);
}

/* Entry `verb` with version (0: none) and text. */
static Thidua__V1__HistoryEntry entry(const char *verb, uint32_t version, const char *text)
{
    Thidua__V1__HistoryEntry h = THIDUA__V1__HISTORY_ENTRY__INIT;
    h.verb = (char *)verb;
    h.version = version;
    h.text = (char *)text;
    return h;
}

/* History record parent/seq holding h. */
static void history(export_data_t *d, const char *parent, uint32_t seq, Thidua__V1__HistoryEntry h)
{
    char id[64];
    snprintf(id, sizeof id, "%s/%010u", parent, seq);
    Thidua__V1__History body = THIDUA__V1__HISTORY__INIT;
    body.parent = (char *)parent;
    body.seq = seq;
    body.entry = &h;
    Thidua__V1__Record rec = THIDUA__V1__RECORD__INIT;
    rec.type = "history";
    rec.id = id;
    rec.body_case = THIDUA__V1__RECORD__BODY_HISTORY;
    rec.history = &body;
    take(d, &rec);
}

/* A task or nominee record, holding `held` entries of its own (a record
 * written before its history became records). */
static void parent(export_data_t *d, const char *id, Thidua__V1__HistoryEntry *held, size_t n)
{
    Thidua__V1__HistoryEntry *p[4];
    for (size_t i = 0; i < n; i++)
        p[i] = &held[i];
    Thidua__V1__Task t = THIDUA__V1__TASK__INIT;
    Thidua__V1__Nominee nom = THIDUA__V1__NOMINEE__INIT;
    Thidua__V1__Record rec = THIDUA__V1__RECORD__INIT;
    rec.id = (char *)id;
    if (id[0] == 'T') {
        t.id = (char *)id;
        t.history = p;
        t.n_history = n;
        rec.type = "task";
        rec.body_case = THIDUA__V1__RECORD__BODY_TASK;
        rec.task = &t;
    } else {
        nom.id = (char *)id;
        nom.history = p;
        nom.n_history = n;
        rec.type = "nominee";
        rec.body_case = THIDUA__V1__RECORD__BODY_NOMINEE;
        rec.nominee = &nom;
    }
    take(d, &rec);
}

/* The record id of the snapshot d holds, or fails. */
static const Thidua__V1__Record *record(const export_data_t *d, const char *id)
{
    for (size_t i = 0; i < d->n_records; i++)
        if (strcmp(d->records[i]->id, id) == 0)
            return d->records[i];
    fail_msg("no record %s", id);
    return NULL;
}

/* The verbs of a history, joined by spaces. */
static const char *verbs(Thidua__V1__HistoryEntry *const *h, size_t n, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? " " : "", h[i]->verb);
    return buf;
}

static void a_nominee_exports_its_history_records_after_what_its_record_holds(void **state)
{
    (void)state;
    export_data_t d = {.exported_at = 1764000000000};
    history(&d, "N-3", 2, entry("attach", 1, "ho-so.pdf"));
    Thidua__V1__HistoryEntry held = entry("create", 0, "");
    parent(&d, "N-10", &held, 1); /* written before format 5 and not split */
    history(&d, "N-10", 2, entry("propose", 0, ""));
    history(&d, "N-10", 1, entry("attach", 1, "bien-ban.pdf"));
    parent(&d, "N-3", NULL, 0);
    history(&d, "N-3", 1, entry("create", 0, ""));
    history(&d, "N-99", 1, entry("create", 0, "")); /* of no nominee in the snapshot */
    assert_int_equal(export_data_classify(&d), 0);

    char buf[200];
    const Thidua__V1__Nominee *n3 = record(&d, "N-3")->nominee, *n10 = record(&d, "N-10")->nominee;
    assert_string_equal(verbs(n3->history, n3->n_history, buf, sizeof buf), "create attach");
    assert_string_equal(verbs(n10->history, n10->n_history, buf, sizeof buf),
                        "create attach propose");
    assert_string_equal(n10->history[1]->text, "bien-ban.pdf");
    export_data_free(&d);
}

static void tasks_and_nominees_adopt_their_own_records_whatever_their_ids_lengths(void **state)
{
    (void)state;
    /* by length, then bytes: N-3, T-2, N-10, T-11 interleave */
    export_data_t d = {.exported_at = 1764000000000};
    history(&d, "T-11", 1, entry("create", 0, ""));
    history(&d, "N-10", 1, entry("create", 0, ""));
    history(&d, "T-2", 2, entry("report", 0, "50 %"));
    history(&d, "N-3", 1, entry("create", 0, ""));
    history(&d, "T-2", 1, entry("create", 0, ""));
    history(&d, "N-10", 2, entry("recommend", 0, ""));
    parent(&d, "T-11", NULL, 0);
    parent(&d, "N-10", NULL, 0);
    parent(&d, "T-2", NULL, 0);
    parent(&d, "N-3", NULL, 0);
    assert_int_equal(export_data_classify(&d), 0);

    char buf[200];
    const Thidua__V1__Task *t2 = record(&d, "T-2")->task, *t11 = record(&d, "T-11")->task;
    const Thidua__V1__Nominee *n3 = record(&d, "N-3")->nominee, *n10 = record(&d, "N-10")->nominee;
    assert_string_equal(verbs(t2->history, t2->n_history, buf, sizeof buf), "create report");
    assert_string_equal(verbs(t11->history, t11->n_history, buf, sizeof buf), "create");
    assert_string_equal(verbs(n3->history, n3->n_history, buf, sizeof buf), "create");
    assert_string_equal(verbs(n10->history, n10->n_history, buf, sizeof buf), "create recommend");
    assert_int_equal(d.n_reports, 1); /* a task's report; a nominee has none */
    assert_ptr_equal(d.reports[0].task, t2);
    export_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_nominee_exports_its_history_records_after_what_its_record_holds),
        cmocka_unit_test(tasks_and_nominees_adopt_their_own_records_whatever_their_ids_lengths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
