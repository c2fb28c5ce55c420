/* The working-day calendar and what it decides, against a real
 * thidua-server whose "today" the test sets (THIDUA_TEST_TODAY, restarting
 * the broker to move it): a disclosure window stays open its minimum of
 * working days, weekends and the admin's holidays not counted, and closing
 * a day early is refused with the day it may close; the settings survive a
 * restart; bad settings change nothing. Also earlier honours: one of the
 * proposed form inside the achievement period is flagged, never refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "congress.h"
#include "rules.h"
#include "thd_limits.h"

#define REQ(b)   THIDUA__V1__REQUEST__BODY_##b
#define NS(x)    THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x
#define FORM     "Bằng khen của Chủ tịch UBND tỉnh"
#define OTHER    "Chiến sĩ thi đua cấp tỉnh"
#define THE_UNIT CG_UNIT

static cg_world_t w;

/* Restarts the broker with today fixed at day (YYYY-MM-DD). */
static void restart_on(const char *day)
{
    assert_int_equal(th_server_stop(&w.srv), 0);
    setenv("THIDUA_TEST_TODAY", day, 1);
    th_server_restart(&w.srv);
}

/* Calls as actor; *st gets the status, *resp the reply when asked. */
static int call(int actor, Thidua__V1__Request *req, thd_status_t *st, Thidua__V1__Response **resp)
{
    Thidua__V1__Response *r = NULL;
    req->request_id = "";
    int rc = thd_call(w.c[actor], req, &r, st);
    if (resp)
        *resp = r;
    else if (r)
        thidua__v1__response__free_unpacked(r, NULL);
    return rc;
}

static int set_holidays(char **days, size_t n, thd_status_t *st)
{
    Thidua__V1__CalendarHolidaysSet body = THIDUA__V1__CALENDAR_HOLIDAYS_SET__INIT;
    body.holidays = days;
    body.n_holidays = n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CALENDAR_HOLIDAYS_SET);
    req.calendar_holidays_set = &body;
    return call(CG_ADMIN, &req, st, NULL);
}

static int set_min_days(unsigned days, thd_status_t *st)
{
    Thidua__V1__CalendarMinDaysSet body = THIDUA__V1__CALENDAR_MIN_DAYS_SET__INIT;
    body.days = days;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CALENDAR_MIN_DAYS_SET);
    req.calendar_min_days_set = &body;
    return call(CG_ADMIN, &req, st, NULL);
}

/* The calendar as an observer reads it; free with ..._free_unpacked. */
static Thidua__V1__Response *calendar(void)
{
    Thidua__V1__CalendarGet body = THIDUA__V1__CALENDAR_GET__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CALENDAR_GET);
    req.calendar_get = &body;
    thd_status_t st;
    Thidua__V1__Response *r = NULL;
    assert_int_equal(call(CG_OBSERVER, &req, &st, &r), THD_OK);
    assert_non_null(r->record);
    assert_non_null(r->record->calendar);
    return r;
}

static Thidua__V1__Response *nominee(const char *id)
{
    Thidua__V1__NomineeGet body = THIDUA__V1__NOMINEE_GET__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_GET);
    req.nominee_get = &body;
    thd_status_t st;
    Thidua__V1__Response *r = NULL;
    assert_int_equal(call(CG_OFFICE, &req, &st, &r), THD_OK);
    return r;
}

static int close_window(const char *id, thd_status_t *st)
{
    Thidua__V1__NomineeVerb body = THIDUA__V1__NOMINEE_VERB__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_DISCLOSURE_CLOSE);
    req.nominee_disclosure_close = &body;
    return call(CG_OFFICE, &req, st, NULL);
}

static void the_default_is_ten_working_days_and_no_holidays(void **state)
{
    (void)state;
    /* cg_setup set 0 for the other tests: a broker of its own */
    th_server_t fresh = {0};
    th_server_init(&fresh);
    th_server_start(&fresh);
    thd_client_t *admin = th_client(&fresh, NULL, THD_SOCKET_DEALER, 10000, 2);
    Thidua__V1__CalendarGet body = THIDUA__V1__CALENDAR_GET__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CALENDAR_GET);
    req.calendar_get = &body;
    req.request_id = "";
    thd_status_t st;
    Thidua__V1__Response *r = NULL;
    assert_int_equal(thd_call(admin, &req, &r, &st), THD_OK);
    assert_int_equal(r->record->calendar->min_disclosure_days, THD_DEFAULT_DISCLOSURE_DAYS);
    assert_int_equal(r->record->calendar->n_holidays, 0);
    thidua__v1__response__free_unpacked(r, NULL);
    thd_client_destroy(&admin);
    th_server_cleanup(&fresh);
}

static void bad_settings_are_refused_naming_the_value_and_change_nothing(void **state)
{
    (void)state;
    thd_status_t st;
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    char *feb31[] = {"2026-09-02", "2026-02-31"};
    assert_int_equal(set_holidays(feb31, 2, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.reason, "calendar.bad_holiday");
    assert_string_equal(st.field, "holidays[1]");
    assert_string_equal(st.params[0], "2");
    assert_string_equal(st.params[1], "2026-02-31");
    /* several: each named by its line and value, the first five of them */
    char *two[] = {"2026-09-02", "2026-02-31", "2026-09-03", "31/02/2026"};
    assert_int_equal(set_holidays(two, 4, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.reason, "calendar.bad_holidays");
    assert_string_equal(st.field, "holidays[1]");
    assert_string_equal(st.params[0], "2");
    assert_string_equal(st.params[1], "2, 4");
    assert_string_equal(st.params[2], "'2026-02-31', '31/02/2026'");
    assert_string_equal(st.message, "2 holidays are not real dates: lines 2, 4 ('2026-02-31', "
                                    "'31/02/2026'); write them dd/mm/yyyy (or yyyy-mm-dd), e.g. "
                                    "15/01/2027; nothing was changed");
    char *seven[] = {"a", "b", "2026-09-02", "c", "d", "e", "f", "0123456789"};
    assert_int_equal(set_holidays(seven, 8, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.field, "holidays[0]");
    assert_string_equal(st.params[0], "7");
    assert_string_equal(st.params[1], "1, 2, 4, 5, 6, …");
    assert_string_equal(st.params[2], "'a', 'b', 'c', 'd', 'e', …");
    char *garbage[] = {"garbage"};
    assert_int_equal(set_holidays(garbage, 1, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.field, "holidays[0]");
    char *words[] = {"ngày mai"}; /* not even ASCII: the validator refuses it first */
    assert_int_equal(set_holidays(words, 1, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.field, "holidays");
    assert_int_equal(set_min_days(THD_MAX_DISCLOSURE_DAYS + 1, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.reason, "calendar.bad_min_days");
    assert_int_equal(set_min_days(4294967295u, &st), THD_INVALID_ARGUMENT); /* -1 as sent */
    assert_string_equal(st.field, "days");
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    Thidua__V1__Response *r = calendar();
    assert_int_equal(r->record->calendar->n_holidays, 0);
    thidua__v1__response__free_unpacked(r, NULL);
}

/* Opened on Tuesday 28/04/2026 with a minimum of 3 working days: 30/04 and
 * 01/05 are holidays, then a weekend, so the days are 29/04, 04/05 and
 * 05/05. On 04/05 closing is refused with 05/05; on 05/05 it closes. */
static void disclosure_closes_only_after_its_working_days(void **state)
{
    (void)state;
    thd_status_t st;
    char *days[] = {"2026-05-01", "2026-04-30", "2026-05-01"}; /* any order, once each */
    assert_int_equal(set_holidays(days, 3, &st), THD_OK);
    assert_int_equal(set_min_days(3, &st), THD_OK);
    restart_on("2026-04-28");
    char id[32];
    cg_nominee_in(&w, NS(VETTING), 0, 0, id);
    assert_int_equal(cg_nominee_verb(w.c[CG_OFFICE], REQ(NOMINEE_DISCLOSURE_OPEN), id, ""), 0);
    Thidua__V1__Response *r = nominee(id);
    assert_string_equal(r->record->nominee->disclosure_opened, "2026-04-28");
    assert_string_equal(r->record->nominee->disclosure_close_from, "2026-05-05");
    assert_int_equal(r->record->nominee->disclosure_min_days, 3);
    thidua__v1__response__free_unpacked(r, NULL);

    restart_on("2026-05-04"); /* also: the settings were kept across restarts */
    r = calendar();
    assert_int_equal(r->record->calendar->min_disclosure_days, 3);
    assert_int_equal(r->record->calendar->n_holidays, 2);
    assert_string_equal(r->record->calendar->holidays[0], "2026-04-30");
    assert_string_equal(r->record->calendar->holidays[1], "2026-05-01");
    thidua__v1__response__free_unpacked(r, NULL);
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(close_window(id, &st), THD_FAILED_PRECONDITION);
    assert_string_equal(st.reason, "nominee.disclosure_too_soon");
    assert_string_equal(st.params[1], "28/04/2026");
    assert_string_equal(st.params[2], "3");
    assert_string_equal(st.params[3], "05/05/2026");
    assert_non_null(strstr(st.message, "05/05/2026"));
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);

    restart_on("2026-05-05");
    assert_int_equal(close_window(id, &st), THD_OK);
    r = nominee(id);
    assert_int_equal(r->record->nominee->disclosure, THIDUA__V1__DISCLOSURE__DISCLOSURE_CLOSED);
    assert_string_equal(r->record->nominee->disclosure_close_from, "2026-05-05");
    thidua__v1__response__free_unpacked(r, NULL);
}

/* Without the holidays the same window could close on Friday 01/05; a
 * change of the calendar does not move a window already open. */
static void a_window_keeps_the_dates_it_opened_with(void **state)
{
    (void)state;
    thd_status_t st;
    restart_on("2026-04-28");
    assert_int_equal(set_holidays(NULL, 0, &st), THD_OK);
    char id[32];
    cg_nominee_in(&w, NS(VETTING), 0, 0, id);
    assert_int_equal(cg_nominee_verb(w.c[CG_OFFICE], REQ(NOMINEE_DISCLOSURE_OPEN), id, ""), 0);
    char *days[] = {"2026-04-29", "2026-04-30", "2026-05-01"};
    assert_int_equal(set_holidays(days, 3, &st), THD_OK);
    restart_on("2026-05-01");
    assert_int_equal(close_window(id, &st), THD_OK);
}

/* Across a year's end: opened on Wednesday 30/12/2026 with 2 days and 1/1
 * a holiday, it may close on Monday 04/01/2027, not on Friday 01/01. */
static void disclosure_counts_across_the_year_end(void **state)
{
    (void)state;
    thd_status_t st;
    char *days[] = {"2027-01-01"};
    assert_int_equal(set_holidays(days, 1, &st), THD_OK);
    assert_int_equal(set_min_days(2, &st), THD_OK);
    restart_on("2026-12-30");
    char id[32];
    cg_nominee_in(&w, NS(VETTING), 0, 0, id);
    assert_int_equal(cg_nominee_verb(w.c[CG_OFFICE], REQ(NOMINEE_DISCLOSURE_OPEN), id, ""), 0);
    restart_on("2027-01-03");
    assert_int_equal(close_window(id, &st), THD_FAILED_PRECONDITION);
    assert_string_equal(st.params[3], "04/01/2027");
    restart_on("2027-01-04");
    assert_int_equal(close_window(id, &st), THD_OK);
}

static void honour(Thidua__V1__EarlierHonour *h, unsigned year, const char *form,
                   const char *number)
{
    thidua__v1__earlier_honour__init(h);
    h->year = year;
    h->form = (char *)form;
    h->decision_number = (char *)number;
}

/* Creates a nominee with period 2016-2020, proposing FORM, with the
 * honours given; returns the status. */
static int create_with(Thidua__V1__EarlierHonour **hs, size_t n, unsigned from, unsigned to,
                       char id[32], thd_status_t *st)
{
    Thidua__V1__Nominee nm = THIDUA__V1__NOMINEE__INIT;
    nm.name = "Phạm Thị D";
    nm.field = THIDUA__V1__FIELD__FIELD_SOCIETY;
    nm.kind = THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL;
    nm.period_from = from;
    nm.period_to = to;
    nm.honour_form = FORM;
    nm.earlier_honours = hs;
    nm.n_earlier_honours = n;
    Thidua__V1__NomineeCreate body = THIDUA__V1__NOMINEE_CREATE__INIT;
    body.nominee = &nm;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_CREATE);
    req.nominee_create = &body;
    Thidua__V1__Response *r = NULL;
    int rc = call(THE_UNIT, &req, st, &r);
    if (rc == 0)
        snprintf(id, 32, "%s", r->record->nominee->id);
    if (r)
        thidua__v1__response__free_unpacked(r, NULL);
    return rc;
}

static void an_earlier_honour_of_the_same_form_in_the_period_is_flagged(void **state)
{
    (void)state;
    thd_status_t st;
    Thidua__V1__EarlierHonour a, b, c;
    honour(&a, 2014, FORM, "88/QĐ-UBND");   /* before the period */
    honour(&b, 2018, FORM, "1234/QĐ-UBND"); /* inside, same form: flagged */
    honour(&c, 2019, OTHER, "56/QĐ-UBND");  /* inside, another form */
    Thidua__V1__EarlierHonour *hs[] = {&a, &b, &c};
    char id[32], clean[32];
    assert_int_equal(create_with(hs, 3, 2016, 2020, id, &st), THD_OK);
    Thidua__V1__Response *r = nominee(id);
    const Thidua__V1__Nominee *n = r->record->nominee;
    assert_int_equal(n->n_earlier_honours, 3);
    assert_string_equal(n->earlier_honours[1]->decision_number, "1234/QĐ-UBND");
    assert_int_equal(thd_nominee_overlaps(n), 1);
    assert_true(thd_nominee_honour_overlaps(n, 1));
    thidua__v1__response__free_unpacked(r, NULL);
    /* a warning, not a refusal: the proposal goes on */
    assert_int_equal(cg_nominee_verb(w.c[THE_UNIT], REQ(NOMINEE_PROPOSE), id, ""), THD_OK);

    Thidua__V1__EarlierHonour *none[] = {&a, &c};
    assert_int_equal(create_with(none, 2, 2016, 2020, clean, &st), THD_OK);
    r = nominee(clean);
    assert_int_equal(thd_nominee_overlaps(r->record->nominee), 0);
    thidua__v1__response__free_unpacked(r, NULL);
}

static void bad_earlier_honours_are_refused_naming_the_field(void **state)
{
    (void)state;
    thd_status_t st;
    Thidua__V1__EarlierHonour ok, no_year, no_form;
    honour(&ok, 2018, FORM, "");
    honour(&no_year, 0, FORM, "");
    honour(&no_form, 2017, "", "12/QĐ-UBND");
    char id[32];
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    Thidua__V1__EarlierHonour *bad_year[] = {&ok, &no_year};
    assert_int_equal(create_with(bad_year, 2, 2016, 2020, id, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.field, "nominee.earlier_honours[1].year");
    Thidua__V1__EarlierHonour *bad_form[] = {&no_form};
    assert_int_equal(create_with(bad_form, 1, 2016, 2020, id, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.field, "nominee.earlier_honours[0].form");
    assert_int_equal(create_with(NULL, 0, 2020, 2016, id, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.reason, "nominee.bad_period");
    assert_int_equal(create_with(NULL, 0, 2016, 0, id, &st), THD_INVALID_ARGUMENT);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
}

CG_GROUP_FIXTURES(w)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_default_is_ten_working_days_and_no_holidays),
        cmocka_unit_test(bad_settings_are_refused_naming_the_value_and_change_nothing),
        cmocka_unit_test(disclosure_closes_only_after_its_working_days),
        cmocka_unit_test(a_window_keeps_the_dates_it_opened_with),
        cmocka_unit_test(disclosure_counts_across_the_year_end),
        cmocka_unit_test(an_earlier_honour_of_the_same_form_in_the_period_is_flagged),
        cmocka_unit_test(bad_earlier_honours_are_refused_naming_the_field),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
