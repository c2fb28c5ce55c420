/* Tasks against a real thidua-server: every transition allowed and
 * forbidden, history, derived overdue, diacritic-insensitive search and
 * paging, each kind of bad input (nothing changes), and documents up to
 * 16 MiB kept byte-exact per version. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "congress.h"
#include "rules.h"
#include "thd_limits.h"

#define REQ(b)   THIDUA__V1__REQUEST__BODY_##b
#define TS(x)    THIDUA__V1__TASK_STATUS__TASK_STATUS_##x
#define DOCUMENT THIDUA__V1__TASK_KIND__TASK_KIND_DOCUMENT

static cg_world_t w;

/* One verb by its proper actor on a task in a given status. */
static int verb(int which, const char *id)
{
    switch (which) {
    case 0:
        return cg_task_edit_title(w.c[CG_OFFICE], id, "Tiêu đề mới");
    case 1:
        return cg_task_report(w.c[CG_UNIT], id, 40, "tiến độ");
    case 2:
        return cg_task_submit(w.c[CG_UNIT], id, NULL);
    case 3:
        return cg_task_verb(w.c[CG_OFFICE], REQ(TASK_ACCEPT), id, "");
    case 4:
        return cg_task_verb(w.c[CG_OFFICE], REQ(TASK_RETURN), id, "bổ sung");
    default:
        return cg_task_verb(w.c[CG_OFFICE], REQ(TASK_CANCEL), id, "");
    }
}

static const char *const verbs[] = {"edit", "report", "submit", "accept", "return", "cancel"};

static void every_task_transition_is_allowed_or_refused_as_the_table_says(void **state)
{
    (void)state;
    static const struct {
        int from;
        int to[6]; /* per verb: status after, or -1 for FAILED_PRECONDITION */
    } rows[] = {
        {TS(ASSIGNED), {TS(ASSIGNED), TS(IN_PROGRESS), -1, -1, -1, TS(CANCELLED)}},
        {TS(IN_PROGRESS), {TS(IN_PROGRESS), TS(IN_PROGRESS), TS(SUBMITTED), -1, -1, TS(CANCELLED)}},
        {TS(SUBMITTED), {TS(SUBMITTED), -1, -1, TS(ACCEPTED), TS(IN_PROGRESS), TS(CANCELLED)}},
        {TS(ACCEPTED), {-1, -1, -1, -1, -1, -1}},
        {TS(CANCELLED), {-1, -1, -1, -1, -1, -1}},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        for (int v = 0; v < 6; v++) {
            char id[32];
            cg_task_in(&w, rows[r].from, id);
            unsigned long long before = th_revision(w.c[CG_ADMIN]);
            int rc = verb(v, id);
            int want = rows[r].to[v] < 0 ? THD_FAILED_PRECONDITION : THD_OK;
            if (rc != want)
                fail_msg("%s from status %d: got %d, expected %d", verbs[v], rows[r].from, rc,
                         want);
            int now = cg_task_status(w.c[CG_OBSERVER], id);
            assert_int_equal(now, rows[r].to[v] < 0 ? rows[r].from : rows[r].to[v]);
            if (rc)
                assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
        }
}

static void reports_and_reviews_are_kept_in_history(void **state)
{
    (void)state;
    char id[32];
    cg_task_in(&w, TS(SUBMITTED), id);
    assert_int_equal(cg_task_verb(w.c[CG_OFFICE], REQ(TASK_RETURN), id, "thiếu số liệu"), THD_OK);
    assert_int_equal(cg_task_report(w.c[CG_UNIT], id, 60, "đã bổ sung"), THD_OK);
    assert_int_equal(cg_task_submit(w.c[CG_UNIT], id, NULL), THD_OK);
    assert_int_equal(cg_task_verb(w.c[CG_OFFICE], REQ(TASK_ACCEPT), id, "tốt"), THD_OK);
    Thidua__V1__Response *resp;
    const Thidua__V1__Task *t = cg_task_get(w.c[CG_OBSERVER], id, &resp);
    assert_non_null(t);
    const char *want[] = {"create", "report", "submit", "return", "report", "submit", "accept"};
    assert_int_equal(t->n_history, 7);
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(t->history[i]->verb, want[i]);
    assert_string_equal(t->history[3]->text, "thiếu số liệu");
    assert_int_equal(t->history[4]->percent, 60);
    assert_int_equal(t->progress, 100); /* accepted is done, whatever the last report said */
    assert_int_equal(t->status, TS(ACCEPTED));
    thidua__v1__response__free_unpacked(resp, NULL);
}

/* Whether task id is among those task.list gives for status RETURNED. */
static bool listed_returned(const char *id)
{
    Thidua__V1__TaskList body = THIDUA__V1__TASK_LIST__INIT;
    body.status = TS(RETURNED);
    body.page_size = 1000;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_LIST);
    req.task_list = &body;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(cg_call(w.c[CG_OBSERVER], &req, &resp), THD_OK);
    bool found = false;
    for (size_t i = 0; i < resp->tasks->n_tasks; i++)
        found = found || strcmp(resp->tasks->tasks[i]->id, id) == 0;
    thidua__v1__response__free_unpacked(resp, NULL);
    return found;
}

static bool got_returned(const char *id)
{
    Thidua__V1__Response *resp;
    const Thidua__V1__Task *t = cg_task_get(w.c[CG_OBSERVER], id, &resp);
    assert_non_null(t);
    bool returned = t->returned;
    thidua__v1__response__free_unpacked(resp, NULL);
    return returned;
}

/* "Returned" is read from the newest review step, not from the newest
 * entries a task.get shows: more reports than those after the office's
 * return leave the task returned, in task.get and in the list, until the
 * unit submits it again. */
static void a_task_sent_back_stays_returned_however_many_reports_follow(void **state)
{
    (void)state;
    char id[32];
    cg_task_in(&w, TS(SUBMITTED), id);
    assert_false(got_returned(id));
    assert_int_equal(cg_task_verb(w.c[CG_OFFICE], REQ(TASK_RETURN), id, "bổ sung"), THD_OK);
    assert_true(got_returned(id));
    for (int i = 0; i < THD_HISTORY_IN_GET + 5; i++)
        assert_int_equal(cg_task_report(w.c[CG_UNIT], id, 50, "bổ sung dần"), THD_OK);
    assert_true(got_returned(id));
    assert_true(listed_returned(id));
    assert_int_equal(cg_task_submit(w.c[CG_UNIT], id, NULL), THD_OK);
    assert_false(got_returned(id));
    assert_false(listed_returned(id));
    assert_int_equal(cg_task_verb(w.c[CG_OFFICE], REQ(TASK_RETURN), id, "lần hai"), THD_OK);
    assert_true(got_returned(id));
}

/* task.edit by the office: its code. */
static int task_edit(Thidua__V1__TaskEdit *body)
{
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_EDIT);
    req.task_edit = body;
    return cg_call(w.c[CG_OFFICE], &req, NULL);
}

/* An edit's entry names each field it changed, with the value before and
 * after where it is short, and a long text by name alone; an edit that
 * changes nothing writes nothing. */
static void an_edit_names_what_it_changed(void **state)
{
    (void)state;
    char id[32], *long_text = malloc(1001);
    assert_non_null(long_text);
    memset(long_text, 'x', 1000);
    long_text[1000] = '\0';
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Sửa để thử", "2099-01-15", 0, id), THD_OK);
    Thidua__V1__TaskEdit body = THIDUA__V1__TASK_EDIT__INIT;
    body.id = id;
    body.deadline = "2099-01-20";
    body.lead_unit = (char *)CG_OTHER_CODE;
    body.description = long_text;
    body.kind = DOCUMENT;
    assert_int_equal(task_edit(&body), THD_OK);
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(task_edit(&body), THD_OK); /* the same again: no change */
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    free(long_text);
    Thidua__V1__Response *resp;
    const Thidua__V1__Task *t = cg_task_get(w.c[CG_OBSERVER], id, &resp);
    assert_non_null(t);
    assert_int_equal(t->n_history, 2);
    const Thidua__V1__HistoryEntry *e = t->history[1];
    assert_string_equal(e->verb, "edit");
    assert_int_equal(t->history[0]->n_changes, 0); /* a create names nothing */
    /* in the order of Task's fields: description, kind, lead_unit, deadline */
    static const char *const want[][3] = {{"description", "", ""},
                                          {"kind", "work", "document"},
                                          {"lead_unit", CG_UNIT_CODE, CG_OTHER_CODE},
                                          {"deadline", "2099-01-15", "2099-01-20"}};
    assert_int_equal(e->n_changes, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(e->changes[i]->field, want[i][0]);
        assert_string_equal(e->changes[i]->before, want[i][1]);
        assert_string_equal(e->changes[i]->after, want[i][2]);
    }
    thidua__v1__response__free_unpacked(resp, NULL);
}

/* One report under a request id (and an expected revision); its code. */
static int report_at(const char *rid, const char *id, unsigned percent, uint64_t expected)
{
    Thidua__V1__TaskReport body = THIDUA__V1__TASK_REPORT__INIT;
    body.id = (char *)id;
    body.percent = percent;
    body.text = "tiến độ";
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_REPORT);
    req.task_report = &body;
    req.request_id = (char *)rid;
    req.expected_revision = expected;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    int rc = thd_call(w.c[CG_UNIT], &req, &resp, &st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

static int report_as(const char *rid, const char *id, unsigned percent)
{
    return report_at(rid, id, percent, 0);
}

/* task.report is compare-and-set when it names a revision (PROTOCOL.md 6):
 * a stale one is ABORTED and writes nothing, the current one goes through. */
static void a_report_honours_expected_revision(void **state)
{
    (void)state;
    char id[32];
    cg_task_in(&w, TS(ASSIGNED), id);
    Thidua__V1__Response *resp;
    const Thidua__V1__Task *t = cg_task_get(w.c[CG_OBSERVER], id, &resp);
    assert_non_null(t);
    uint64_t at = t->meta->mod_revision;
    thidua__v1__response__free_unpacked(resp, NULL);
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(report_at("cas-0001", id, 30, at - 1), THIDUA__V1__CODE__ABORTED);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    assert_int_equal(report_at("cas-0002", id, 30, at), THD_OK);
}

/* The foreign client's case: a report's request id resent with another
 * percent is refused, not answered OK with the first report's reply, and
 * the second percent is never written. The same report again is a retry. */
static void a_report_id_reused_with_another_percent_is_refused(void **state)
{
    (void)state;
    char id[32];
    cg_task_in(&w, TS(ASSIGNED), id);
    assert_int_equal(report_as("bao-cao-0001", id, 40), THD_OK);
    unsigned long long after = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(report_as("bao-cao-0001", id, 60), THD_FAILED_PRECONDITION);
    assert_int_equal(report_as("bao-cao-0001", id, 40), THD_OK);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), after);
    Thidua__V1__Response *resp;
    const Thidua__V1__Task *t = cg_task_get(w.c[CG_OBSERVER], id, &resp);
    assert_non_null(t);
    assert_int_equal(t->progress, 40);
    thidua__v1__response__free_unpacked(resp, NULL);
}

static void overdue_is_derived_from_the_deadline(void **state)
{
    (void)state;
    char late[32], due[32];
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Gửi giấy mời", "2001-01-01", 0, late), THD_OK);
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Thuê hội trường", "2099-01-01", 0, due),
                     THD_OK);
    Thidua__V1__Response *resp;
    assert_true(cg_task_get(w.c[CG_UNIT], late, &resp)->overdue);
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_false(cg_task_get(w.c[CG_UNIT], due, &resp)->overdue);
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(cg_task_verb(w.c[CG_OFFICE], REQ(TASK_CANCEL), late, ""), THD_OK);
    assert_false(cg_task_get(w.c[CG_UNIT], late, &resp)->overdue); /* cancelled: never overdue */
    thidua__v1__response__free_unpacked(resp, NULL);
}

/* A unit's watch from its first snapshot: the broker passes stored
 * records through as bytes, a task's derived overdue left unset as events
 * leave it (the reader derives it; task.get does), and the unit filter
 * still holds. */
static void a_units_snapshot_carries_tasks_as_stored_and_keeps_to_the_unit(void **state)
{
    (void)state;
    char late[32], due[32], nominee[32];
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Gửi báo cáo", "2001-01-01", 0, late), THD_OK);
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Chuẩn bị khánh tiết", "2099-01-01", 0, due),
                     THD_OK);
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "Trần Thị Mẫu", 0, 0, nominee), THD_OK);
    thd_watch_t *wt = th_watch_in_sync(&w.srv, CG_UNIT_CODE);
    const Thidua__V1__Record *t = thd_watch_get(wt, "task", late);
    assert_non_null(t);
    assert_false(t->task->overdue); /* as stored: a view derives it */
    Thidua__V1__Response *resp = NULL;
    assert_true(cg_task_get(w.c[CG_UNIT], late, &resp)->overdue);
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_string_equal(t->task->title, "Gửi báo cáo");
    t = thd_watch_get(wt, "task", due);
    assert_non_null(t);
    assert_false(t->task->overdue);
    t = thd_watch_get(wt, "nominee", nominee);
    assert_non_null(t);
    assert_string_equal(t->nominee->name, "Trần Thị Mẫu");
    assert_non_null(thd_watch_get(wt, "unit", CG_UNIT_CODE));
    assert_null(thd_watch_get(wt, "unit", CG_OTHER_CODE)); /* another unit's record */
    thd_watch_destroy(&wt);
}

/* A watch of unit's records, in sync with the broker. */
static thd_watch_t *unit_watch(const char *unit)
{
    return th_watch_in_sync(&w.srv, unit);
}

/* A task moved to another unit takes its history along: the new unit's
 * live watch receives every earlier entry, a fresh snapshot of it holds
 * them all, and one of the unit it left holds none. Its 150 reports of
 * 8,000 characters (1.2 MB) go out in two events, neither much over
 * HISTORY_REHOME_BYTES (1 MiB). */
static void a_task_moved_to_another_unit_takes_its_history_along(void **state)
{
    (void)state;
    enum { REPORTS = 150, ENTRIES = REPORTS + 2 }; /* create, reports, the move's edit */
    char id[32], *text = malloc(8001);
    assert_non_null(text);
    memset(text, 'a', 8000);
    text[8000] = '\0';
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Chuyển đơn vị", "2099-01-01", 0, id), THD_OK);
    for (int i = 1; i <= REPORTS; i++)
        assert_int_equal(cg_task_report(w.c[CG_UNIT], id, (unsigned)(i % 100), text), THD_OK);
    free(text);
    thd_watch_t *other = unit_watch(CG_OTHER_CODE);
    assert_int_equal(cg_entries_held(other, id, ENTRIES), 0);
    thd_watch_t *was = unit_watch(CG_UNIT_CODE); /* watching live as the task leaves */
    assert_non_null(thd_watch_get(was, "task", id));
    assert_int_equal(cg_entries_held(was, id, ENTRIES), ENTRIES - 1);
    Thidua__V1__TaskEdit body = THIDUA__V1__TASK_EDIT__INIT;
    body.id = id;
    body.lead_unit = (char *)CG_OTHER_CODE;
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(task_edit(&body), THD_OK);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before + 2);
    for (unsigned long long rev = before + 1; rev <= before + 2; rev++) {
        size_t len;
        Thidua__V1__Event *ev = cg_event_at(w.c[CG_OFFICE], rev, &len);
        assert_true(len < (1u << 20) + 64 * 1024);
        thidua__v1__event__free_unpacked(ev, NULL);
    }
    thd_status_t st;
    for (int i = 0; i < 200 && cg_entries_held(other, id, ENTRIES) < ENTRIES; i++)
        assert_int_equal(thd_watch_run(other, 50, &st), 0);
    assert_int_equal(cg_entries_held(other, id, ENTRIES), ENTRIES);
    for (int i = 0; i < 200 && thd_watch_get(was, "task", id); i++)
        assert_int_equal(thd_watch_run(was, 50, &st), 0);
    assert_null(thd_watch_get(was, "task", id)); /* the unit it left lets it go, live */
    assert_int_equal(cg_entries_held(was, id, ENTRIES), 0);
    thd_watch_destroy(&was);
    thd_watch_destroy(&other);
    other = unit_watch(CG_OTHER_CODE);
    assert_int_equal(cg_entries_held(other, id, ENTRIES), ENTRIES);
    thd_watch_destroy(&other);
    thd_watch_t *left = unit_watch(CG_UNIT_CODE);
    assert_int_equal(cg_entries_held(left, id, ENTRIES), 0);
    assert_null(thd_watch_get(left, "task", id));
    thd_watch_destroy(&left);
}

/* Lists tasks matching query (and overdue), all pages of page_size,
 * checking that they come in the order they were made (T-9 before T-10). */
static size_t list_count(const char *query, bool overdue, unsigned page_size)
{
    size_t total = 0;
    long last = 0;
    char token[128] = "";
    for (int pages = 0; pages < 1000; pages++) {
        Thidua__V1__TaskList body = THIDUA__V1__TASK_LIST__INIT;
        body.query = (char *)query;
        body.overdue = overdue;
        body.page_size = page_size;
        body.page_token = token;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = REQ(TASK_LIST);
        req.task_list = &body;
        Thidua__V1__Response *resp = NULL;
        assert_int_equal(cg_call(w.c[CG_OBSERVER], &req, &resp), THD_OK);
        total += resp->tasks->n_tasks;
        for (size_t i = 0; i < resp->tasks->n_tasks; i++) {
            long n = strtol(resp->tasks->tasks[i]->id + 2, NULL, 10);
            assert_true(n > last);
            last = n;
        }
        snprintf(token, sizeof token, "%s", resp->tasks->next_page_token);
        thidua__v1__response__free_unpacked(resp, NULL);
        if (!*token)
            return total;
    }
    fail_msg("paging did not end");
    return 0;
}

static void search_ignores_diacritics_case_and_normal_form(void **state)
{
    (void)state;
    /* "Đại hội" typed in NFD: D-stroke stays, the vowels carry combining marks */
    const char *nfd = "\xc4\x90"
                      "a\xcc\xa3i ho\xcc\x82\xcc\xa3i thi \xc4\x91ua la\xcc\x82\xcc\x80n VII";
    char id[32];
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], nfd, NULL, 0, id), THD_OK);
    Thidua__V1__Response *resp;
    const Thidua__V1__Task *t = cg_task_get(w.c[CG_UNIT], id, &resp);
    assert_string_equal(t->title, "Đại hội thi đua lần VII"); /* stored as NFC */
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(list_count("dai hoi thi dua", false, 0), 1);
    assert_int_equal(list_count("ĐẠI HỘI", false, 0), 1);
    assert_int_equal(list_count("Đại hội thi đua lần", false, 0), 1);
    assert_int_equal(list_count("dai hoi thi dua lan VIII", false, 0), 0);
    /* every word, in any order, with any spaces between, as the web's lists */
    assert_int_equal(list_count("lan dai  hoi VII", false, 0), 1);
    assert_int_equal(list_count("thi dua lan VIII", false, 0), 0);
    assert_int_equal(list_count("   ", false, 0), list_count("", false, 0));
    /* one word of 300 bytes (100 characters): found as before */
    char title[512] = "Mã ", word[301] = "";
    for (int i = 0; i < 100; i++)
        strcat(word, "\xe1\xbb\x87"); /* ệ */
    strcat(title, word);
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], title, NULL, 0, NULL), THD_OK);
    assert_int_equal(list_count(word, false, 0), 1);
}

static void paging_is_stable_and_complete(void **state)
{
    (void)state;
    for (int i = 0; i < 12; i++) /* ids past T-10: listed by number, not text */
        assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Tuyên truyền cổ động", NULL, 0, NULL),
                         THD_OK);
    size_t all = list_count("", false, 0);
    assert_true(all >= 12);
    assert_int_equal(list_count("", false, 2), all);
    assert_int_equal(list_count("tuyen truyen co dong", false, 3), 12);
}

/* Expects code and field from a task.create with one field spoiled. */
static void create_refused(Thidua__V1__Task *t, int code, const char *field)
{
    Thidua__V1__TaskCreate body = THIDUA__V1__TASK_CREATE__INIT;
    body.task = t;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_CREATE);
    req.task_create = &body;
    req.request_id = "";
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    Thidua__V1__Response *resp = NULL;
    thd_status_t st = {0};
    int rc = thd_call(w.c[CG_OFFICE], &req, &resp, &st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    if (rc != code || strcmp(st.field, field) != 0)
        fail_msg("expected %d on '%s', got %d on '%s': %s", code, field, rc, st.field, st.message);
    if (code != THD_OK)
        assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
}

static void good_task(Thidua__V1__Task *t)
{
    thidua__v1__task__init(t);
    t->title = "Phim tài liệu";
    t->kind = THIDUA__V1__TASK_KIND__TASK_KIND_WORK;
    t->phase = THIDUA__V1__PHASE__PHASE_BEFORE;
    t->lead_unit = CG_UNIT_CODE;
    t->deadline = "2020-08-10";
}

static void bad_task_input_is_refused_naming_the_field(void **state)
{
    (void)state;
    Thidua__V1__Task t;
    char long_title[300];
    memset(long_title, 'a', 257);
    long_title[257] = '\0';
    char *bad_support[] = {"SO-KHONGCO"};
    good_task(&t), t.title = "B\xe1o c\xe1o"; /* Latin-1, not UTF-8 */
    create_refused(&t, THD_INVALID_ARGUMENT, "task.title");
    good_task(&t), t.title = "B\xc3\xa1o\x07 c\xc3\xa1o";
    create_refused(&t, THD_INVALID_ARGUMENT, "task.title");
    good_task(&t), t.title = long_title;
    create_refused(&t, THD_INVALID_ARGUMENT, "task.title");
    good_task(&t), t.deadline = "2020-02-30";
    create_refused(&t, THD_INVALID_ARGUMENT, "task.deadline");
    good_task(&t), t.deadline = "10/08/2020";
    create_refused(&t, THD_INVALID_ARGUMENT, "task.deadline");
    good_task(&t), t.lead_unit = "SO-KHONGCO";
    create_refused(&t, THD_NOT_FOUND, "task.lead_unit");
    good_task(&t), t.support_units = bad_support, t.n_support_units = 1;
    create_refused(&t, THD_NOT_FOUND, "task.support_units");
    good_task(&t), t.deadline = "2020-02-29"; /* a leap day is a real date */
    create_refused(&t, THD_OK, "");
}

static void bad_report_input_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    char id[32], gone[32];
    cg_task_in(&w, TS(ASSIGNED), id);
    cg_task_in(&w, TS(CANCELLED), gone);
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(cg_task_report(w.c[CG_UNIT], id, 101, "quá"), THD_INVALID_ARGUMENT);
    assert_int_equal(cg_task_report(w.c[CG_UNIT], gone, 10, "muộn"), THD_FAILED_PRECONDITION);
    assert_int_equal(cg_task_report(w.c[CG_UNIT], "T-999999", 10, ""), THD_NOT_FOUND);
    assert_int_equal(cg_task_verb(w.c[CG_OFFICE], REQ(TASK_CANCEL), id, "\x1b[2J"),
                     THD_INVALID_ARGUMENT);
    Thidua__V1__Attachment a;
    char sha[65];
    cg_attachment(&a, "abc", 3, sha);
    sha[0] = sha[0] == '0' ? '1' : '0';
    Thidua__V1__TaskReport body = THIDUA__V1__TASK_REPORT__INIT;
    body.id = id;
    body.percent = 10;
    body.attachment = &a;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_REPORT);
    req.task_report = &body;
    req.request_id = "";
    thd_status_t st;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(thd_call(w.c[CG_UNIT], &req, &resp, &st), THD_INVALID_ARGUMENT);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    resp = NULL;
    assert_string_equal(st.field, "attachment.sha256");
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    assert_int_equal(cg_task_status(w.c[CG_UNIT], id), TS(ASSIGNED));
}

/* Fetches a document version's bytes; returns the status. */
static int document_get(const char *task, unsigned version, Thidua__V1__Response **resp)
{
    Thidua__V1__DocumentGet body = THIDUA__V1__DOCUMENT_GET__INIT;
    body.task = (char *)task;
    body.version = version;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(DOCUMENT_GET);
    req.document_get = &body;
    return cg_call(w.c[CG_OBSERVER], &req, resp);
}

static void document_versions_round_trip_byte_exact_up_to_16_mib(void **state)
{
    (void)state;
    const size_t big = 16u * 1024 * 1024;
    unsigned char *data = malloc(big + 1);
    assert_non_null(data);
    for (size_t i = 0; i < big + 1; i++)
        data[i] = (unsigned char)(i * 131 + (i >> 13));
    memcpy(data, "%PDF-1.7\n", 9); /* a PDF, as its name says */
    char id[32], sha[65];
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Báo cáo tổng kết 5 năm", NULL, DOCUMENT, id),
                     THD_OK);
    assert_int_equal(cg_task_report(w.c[CG_UNIT], id, 90, "dự thảo"), THD_OK);
    /* a document task's submission must carry the document */
    assert_int_equal(cg_task_submit(w.c[CG_UNIT], id, NULL), THD_INVALID_ARGUMENT);
    Thidua__V1__Attachment a;
    /* PNG bytes, or a text, under the PDF's name: refused, as a dossier's file is */
    unsigned long long was = th_revision(w.c[CG_ADMIN]);
    cg_attachment(&a, "\x89PNG\r\n\x1a\n", 8, sha);
    assert_int_equal(cg_task_submit(w.c[CG_UNIT], id, &a), THD_INVALID_ARGUMENT);
    cg_attachment(&a, "bản 1", strlen("bản 1"), sha);
    assert_int_equal(cg_task_submit(w.c[CG_UNIT], id, &a), THD_INVALID_ARGUMENT);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), was);
    static const char v1[] = "%PDF-1.4 bản 1";
    cg_attachment(&a, v1, strlen(v1), sha);
    assert_int_equal(cg_task_submit(w.c[CG_UNIT], id, &a), THD_OK);
    assert_int_equal(cg_task_verb(w.c[CG_OFFICE], REQ(TASK_RETURN), id, "sửa phần II"), THD_OK);
    /* one byte over 16 MiB: refused, nothing changes, the broker serves on */
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    cg_attachment(&a, data, big + 1, sha);
    assert_int_equal(cg_task_submit(w.c[CG_UNIT], id, &a), THD_RESOURCE_EXHAUSTED);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    cg_attachment(&a, data, big, sha);
    assert_int_equal(cg_task_submit(w.c[CG_UNIT], id, &a), THD_OK);
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(document_get(id, 0, &resp), THD_OK);
    const Thidua__V1__Document *d = resp->record->document;
    assert_int_equal(d->version, 2);
    assert_int_equal(d->attachment->data.len, big);
    assert_memory_equal(d->attachment->data.data, data, big);
    assert_string_equal(d->attachment->sha256, sha);
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(document_get(id, 1, &resp), THD_OK);
    assert_int_equal(resp->record->document->attachment->data.len, strlen(v1));
    assert_memory_equal(resp->record->document->attachment->data.data, v1, strlen(v1));
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(document_get(id, 3, NULL), THD_NOT_FOUND);
    assert_int_equal(cg_task_status(w.c[CG_UNIT], id), TS(SUBMITTED));
    free(data);
}

/* A page of a task's history from history.list; its code. */
/* Each entry is its own History record: a report's change carries the task
 * (its current fields only) and the one new entry, the same size on the
 * first report as on the 250th; task.get carries the newest
 * THD_HISTORY_IN_GET, history.list pages through all in order. */
static void a_long_history_lives_in_records_and_reads_in_pages(void **state)
{
    (void)state;
    enum { REPORTS = 250 };
    char id[32], text[32];
    cg_task_in(&w, TS(ASSIGNED), id);
    size_t first_size = 0, last_size = 0;
    for (int i = 1; i <= REPORTS; i++) {
        snprintf(text, sizeof text, "báo cáo %d", i);
        assert_int_equal(cg_task_report(w.c[CG_UNIT], id, (unsigned)(i % 100), text), THD_OK);
        if (i != 1 && i != REPORTS)
            continue;
        size_t len;
        Thidua__V1__Event *ev = cg_event_at(w.c[CG_OFFICE], th_revision(w.c[CG_ADMIN]), &len);
        assert_int_equal(ev->n_records, 2);
        assert_string_equal(ev->records[0]->type, "task");
        assert_int_equal(ev->records[0]->task->n_history, 0);
        assert_string_equal(ev->records[1]->type, "history");
        const Thidua__V1__History *h = ev->records[1]->history;
        assert_string_equal(h->parent, id);
        assert_int_equal(h->seq, (uint32_t)i + 1); /* after create */
        assert_string_equal(h->entry->verb, "report");
        assert_string_equal(h->entry->text, text);
        assert_int_equal(h->meta->mod_revision, ev->revision);
        char want[64];
        thd_history_id(want, sizeof want, id, h->seq);
        assert_string_equal(ev->records[1]->id, want);
        *(i == 1 ? &first_size : &last_size) = len;
        thidua__v1__event__free_unpacked(ev, NULL);
    }
    assert_true(last_size < 1024);
    assert_true(last_size <= first_size + 8); /* only the numbers grow a digit */

    Thidua__V1__Response *resp;
    const Thidua__V1__Task *t = cg_task_get(w.c[CG_OBSERVER], id, &resp);
    assert_non_null(t);
    assert_int_equal(t->n_history, THD_HISTORY_IN_GET);
    assert_string_equal(t->history[THD_HISTORY_IN_GET - 1]->text, "báo cáo 250");
    assert_string_equal(t->history[0]->text, "báo cáo 151");
    thidua__v1__response__free_unpacked(resp, NULL);

    uint32_t after = 0, seen = 0;
    int pages = 0;
    do {
        assert_int_equal(cg_history_page(w.c[CG_OBSERVER], id, after, 100, &resp), THD_OK);
        const Thidua__V1__HistoryListReply *p = resp->history;
        assert_int_equal(p->total, REPORTS + 1);
        for (size_t i = 0; i < p->n_entries; i++) {
            assert_int_equal(p->entries[i]->seq, ++seen);
            assert_string_equal(p->entries[i]->entry->verb, seen == 1 ? "create" : "report");
        }
        after = p->next_after;
        pages++;
        thidua__v1__response__free_unpacked(resp, NULL);
    } while (after);
    assert_int_equal(seen, REPORTS + 1);
    assert_int_equal(pages, 3);

    assert_int_equal(cg_history_page(w.c[CG_OBSERVER], id, 0, 5000, &resp), THD_OK); /* bounded */
    assert_int_equal(resp->history->n_entries, REPORTS + 1);
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(cg_history_page(w.c[CG_OBSERVER], id, REPORTS + 1, 0, &resp),
                     THD_OK); /* past the end */
    assert_int_equal(resp->history->n_entries, 0);
    assert_int_equal(resp->history->next_after, 0);
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(cg_history_page(w.c[CG_OBSERVER], "T-999999", 0, 0, &resp), THD_NOT_FOUND);
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(cg_history_page(w.c[CG_OBSERVER], "", 0, 0, &resp), THD_INVALID_ARGUMENT);
    thidua__v1__response__free_unpacked(resp, NULL);
}

/* A task a broker before history records wrote holds its entries in
 * itself: task.get and history.list read them there; its first write moves
 * them out as records 1..n, in the same change, before the new entry. */
static void a_task_written_before_history_records_moves_them_out_on_its_next_write(void **state)
{
    (void)state;
    char id[32];
    cg_task_in(&w, TS(IN_PROGRESS), id); /* create, report */
    assert_int_equal(th_server_stop(&w.srv), 0);
    assert_int_equal(
        th_sh("%s/thidua-embed-history %s/store %s 150 >/dev/null", THIDUA_BIN_DIR, w.srv.dir, id),
        0);
    th_server_restart(&w.srv);
    Thidua__V1__Response *resp;
    const Thidua__V1__Task *t = cg_task_get(w.c[CG_OBSERVER], id, &resp);
    assert_non_null(t);
    assert_int_equal(t->n_history, 152);
    assert_string_equal(t->history[0]->verb, "create");
    assert_string_equal(t->history[151]->text, "cũ 150");
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(cg_history_page(w.c[CG_OBSERVER], id, 100, 0, &resp), THD_OK);
    assert_int_equal(resp->history->total, 152);
    assert_int_equal(resp->history->n_entries, 52);
    assert_int_equal(resp->history->entries[0]->seq, 101);
    assert_string_equal(resp->history->entries[51]->entry->text, "cũ 150");
    assert_int_equal(resp->history->next_after, 0);
    thidua__v1__response__free_unpacked(resp, NULL);

    assert_int_equal(cg_task_report(w.c[CG_UNIT], id, 90, "mới"), THD_OK);
    size_t len;
    Thidua__V1__Event *ev = cg_event_at(w.c[CG_OFFICE], th_revision(w.c[CG_ADMIN]), &len);
    assert_int_equal(ev->n_records, 1 + 152 + 1);
    assert_string_equal(ev->records[0]->type, "task");
    assert_int_equal(ev->records[0]->task->n_history, 0);
    for (size_t i = 1; i < ev->n_records; i++) {
        assert_string_equal(ev->records[i]->type, "history");
        assert_int_equal(ev->records[i]->history->seq, i);
    }
    assert_string_equal(ev->records[152]->history->entry->text, "cũ 150");
    assert_string_equal(ev->records[153]->history->entry->text, "mới");
    thidua__v1__event__free_unpacked(ev, NULL);

    t = cg_task_get(w.c[CG_OBSERVER], id, &resp);
    assert_non_null(t);
    assert_int_equal(t->n_history, THD_HISTORY_IN_GET);
    assert_string_equal(t->history[0]->text, "cũ 52"); /* seq 54 */
    assert_string_equal(t->history[THD_HISTORY_IN_GET - 1]->text, "mới");
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(cg_history_page(w.c[CG_OBSERVER], id, 0, 1000, &resp), THD_OK);
    assert_int_equal(resp->history->total, 153);
    assert_int_equal(resp->history->n_entries, 153);
    assert_string_equal(resp->history->entries[0]->entry->verb, "create");
    thidua__v1__response__free_unpacked(resp, NULL);
}

CG_GROUP_FIXTURES(w)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_task_transition_is_allowed_or_refused_as_the_table_says),
        cmocka_unit_test(reports_and_reviews_are_kept_in_history),
        cmocka_unit_test(a_task_sent_back_stays_returned_however_many_reports_follow),
        cmocka_unit_test(an_edit_names_what_it_changed),
        cmocka_unit_test(a_long_history_lives_in_records_and_reads_in_pages),
        cmocka_unit_test(a_task_written_before_history_records_moves_them_out_on_its_next_write),
        cmocka_unit_test(a_report_id_reused_with_another_percent_is_refused),
        cmocka_unit_test(a_report_honours_expected_revision),
        cmocka_unit_test(overdue_is_derived_from_the_deadline),
        cmocka_unit_test(a_units_snapshot_carries_tasks_as_stored_and_keeps_to_the_unit),
        cmocka_unit_test(a_task_moved_to_another_unit_takes_its_history_along),
        cmocka_unit_test(search_ignores_diacritics_case_and_normal_form),
        cmocka_unit_test(paging_is_stable_and_complete),
        cmocka_unit_test(bad_task_input_is_refused_naming_the_field),
        cmocka_unit_test(bad_report_input_is_refused_and_changes_nothing),
        cmocka_unit_test(document_versions_round_trip_byte_exact_up_to_16_mib),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
