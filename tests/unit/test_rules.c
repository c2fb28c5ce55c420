/* The shared value rules (common/rules.c) at their edges: the calendar
 * (leap years, 31/02), refs, names, unit codes, a task's overdue on the
 * boundary day, which records concern a unit; and the one code enum
 * against the .proto. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rules.h"
#include "status.h"
#include "thd_limits.h"
#include "thidua.pb-c.h"

static void dates_are_real_days(void **state)
{
    (void)state;
    assert_true(thd_date_valid("2030-01-31"));
    assert_true(thd_date_valid("2030-12-31"));
    assert_true(thd_date_valid("1900-01-01"));
    assert_true(thd_date_valid("9999-12-31"));
    assert_false(thd_date_valid("2030-02-31")); /* 31/02 */
    assert_false(thd_date_valid("2030-02-30"));
    assert_false(thd_date_valid("2030-04-31"));
    assert_false(thd_date_valid("2030-13-01"));
    assert_false(thd_date_valid("2030-00-10"));
    assert_false(thd_date_valid("2030-01-00"));
    assert_false(thd_date_valid("1899-12-31"));
    assert_false(thd_date_ymd_valid(10000, 1, 1));
}

static void leap_years_follow_gregory(void **state)
{
    (void)state;
    assert_true(thd_date_valid("2028-02-29"));  /* divisible by 4 */
    assert_false(thd_date_valid("2030-02-29")); /* not */
    assert_true(thd_date_valid("2000-02-29"));  /* by 400 */
    assert_false(thd_date_valid("1900-02-29")); /* by 100, not by 400 */
    assert_false(thd_date_valid("2100-02-29"));
    assert_true(thd_date_valid("2030-02-28"));
}

static void dates_are_written_one_way(void **state)
{
    (void)state;
    const char *bad[] = {"",           "2030-1-05",  "2030-01-5",   "30-01-05",
                         "2030/01/05", "05/01/2030", "2030-01-05 ", " 2030-01-05",
                         "2030-0a-05", "2030-01-+5", "20300105",    "2030-01-050"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(thd_date_valid(bad[i]));
}

static void refs_names_and_unit_codes(void **state)
{
    (void)state;
    char long_ref[THD_MAX_HANDLE_CHARS + 2];
    memset(long_ref, 'a', sizeof long_ref);
    long_ref[THD_MAX_HANDLE_CHARS] = '\0';
    assert_true(thd_ref_valid(long_ref));
    assert_true(thd_name_valid(long_ref));
    long_ref[THD_MAX_HANDLE_CHARS] = 'a';
    long_ref[THD_MAX_HANDLE_CHARS + 1] = '\0';
    assert_false(thd_ref_valid(long_ref));
    assert_false(thd_name_valid(long_ref));

    assert_true(thd_ref_valid("KH-01"));
    assert_true(thd_ref_valid("a.b_c-d/E9"));
    assert_false(thd_ref_valid(""));
    assert_false(thd_ref_valid("KH 01"));
    assert_false(thd_ref_valid("Hồ"));

    assert_true(thd_name_valid("nguyen.van_a-1"));
    assert_false(thd_name_valid("Nguyen")); /* lower case only */
    assert_false(thd_name_valid("a/b"));
    assert_false(thd_name_valid(""));

    assert_true(thd_unit_code_valid("SO-VHTTDL"));
    assert_true(thd_unit_code_valid("B2"));
    assert_true(thd_unit_code_valid("ABCDEFGHIJKLMNOPQRSTUVWX")); /* 24 */
    assert_false(thd_unit_code_valid("ABCDEFGHIJKLMNOPQRSTUVWXY"));
    assert_false(thd_unit_code_valid("S")); /* one is too few */
    assert_false(thd_unit_code_valid("so-nv"));
    assert_false(thd_unit_code_valid("SO_NV"));
    assert_false(thd_unit_code_valid(""));
}

static Thidua__V1__Task task(const char *deadline, Thidua__V1__TaskStatus status)
{
    Thidua__V1__Task t = THIDUA__V1__TASK__INIT;
    t.deadline = (char *)deadline;
    t.status = status;
    return t;
}

static void overdue_starts_the_day_after_the_deadline(void **state)
{
    (void)state;
    Thidua__V1__Task t = task("2030-03-10", THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS);
    assert_false(thd_task_overdue(&t, "2030-03-09"));
    assert_false(thd_task_overdue(&t, "2030-03-10")); /* due today */
    assert_true(thd_task_overdue(&t, "2030-03-11"));
    assert_true(thd_task_overdue(&t, "2031-01-01"));

    t = task("", THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS); /* no deadline */
    assert_false(thd_task_overdue(&t, "2030-03-11"));
}

static void accepted_and_cancelled_tasks_are_closed(void **state)
{
    (void)state;
    for (int s = 0; s < (int)thidua__v1__task_status__descriptor.n_values; s++) {
        int v = thidua__v1__task_status__descriptor.values[s].value;
        Thidua__V1__Task t = task("2030-03-10", (Thidua__V1__TaskStatus)v);
        bool closed = v == THIDUA__V1__TASK_STATUS__TASK_STATUS_ACCEPTED ||
                      v == THIDUA__V1__TASK_STATUS__TASK_STATUS_CANCELLED;
        assert_int_equal(thd_task_open(&t), !closed);
        assert_int_equal(thd_task_overdue(&t, "2030-03-11"), !closed);
    }
}

static void a_record_concerns_the_units_it_names(void **state)
{
    (void)state;
    char *units[] = {"SO-NV", "SO-TC"};
    Thidua__V1__Record r = THIDUA__V1__RECORD__INIT;
    r.units = units;
    r.n_units = 2;
    assert_true(thd_record_concerns(&r, "SO-TC"));
    assert_false(thd_record_concerns(&r, "SO-YT"));
    assert_false(thd_record_concerns(&r, "SO-N")); /* whole codes, not prefixes */
    assert_true(thd_record_concerns(&r, ""));
    assert_true(thd_record_concerns(&r, NULL));
    r.n_units = 0;
    assert_false(thd_record_concerns(&r, "SO-NV"));
    assert_true(thd_record_concerns(&r, ""));
}

/* status.c checks each value at compile time; this checks the .proto
 * has no code the enum lacks. */
static void the_code_enum_covers_the_proto(void **state)
{
    (void)state;
    assert_int_equal(thidua__v1__code__descriptor.n_values, THD_UNAUTHENTICATED + 1);
    for (unsigned i = 0; i < thidua__v1__code__descriptor.n_values; i++) {
        const ProtobufCEnumValue *v = &thidua__v1__code__descriptor.values[i];
        assert_string_equal(thd_code_name(v->value), v->name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_are_real_days),
        cmocka_unit_test(leap_years_follow_gregory),
        cmocka_unit_test(dates_are_written_one_way),
        cmocka_unit_test(refs_names_and_unit_codes),
        cmocka_unit_test(overdue_starts_the_day_after_the_deadline),
        cmocka_unit_test(accepted_and_cancelled_tasks_are_closed),
        cmocka_unit_test(a_record_concerns_the_units_it_names),
        cmocka_unit_test(the_code_enum_covers_the_proto),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
