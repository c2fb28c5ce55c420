/* The shared value rules (common/rules.c) at their edges: the calendar
 * (leap years, 31/02), refs, names, unit codes, a task's overdue on the
 * boundary day, which records concern a unit, a file's first bytes
 * against its media type; and the one code enum against the .proto. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rules.h"
#include "status.h"
#include "thd_limits.h"
#include "thidua.pb-c.h"

/* Each string in yes passes rule, each in no fails it. */
static void judge(bool (*rule)(const char *), const char *const *yes, size_t n_yes,
                  const char *const *no, size_t n_no)
{
    for (size_t i = 0; i < n_yes; i++)
        if (!rule(yes[i]))
            fail_msg("'%s' refused", yes[i]);
    for (size_t i = 0; i < n_no; i++)
        if (rule(no[i]))
            fail_msg("'%s' accepted", no[i]);
}

#define JUDGE(rule, yes, no)                                                                       \
    judge(rule, yes, sizeof yes / sizeof yes[0], no, sizeof no / sizeof no[0])

static void dates_are_real_days(void **state)
{
    (void)state;
    static const char *const yes[] = {"2030-01-31", "2030-12-31", "1900-01-01", "9999-12-31",
                                      "2030-02-28"};
    static const char *const no[] = {"2030-02-31", /* 31/02 */
                                     "2030-02-30", "2030-04-31", "2030-13-01",
                                     "2030-00-10", "2030-01-00", "1899-12-31"};
    JUDGE(thd_date_valid, yes, no);
    assert_false(thd_date_ymd_valid(10000, 1, 1));
    assert_true(thd_date_ymd_valid(2030, 3, 31));
}

static void leap_years_follow_gregory(void **state)
{
    (void)state;
    static const char *const yes[] = {"2028-02-29",  /* divisible by 4 */
                                      "2000-02-29"}; /* by 400 */
    static const char *const no[] = {"2030-02-29",   /* not by 4 */
                                     "1900-02-29",   /* by 100, not by 400 */
                                     "2100-02-29"};
    JUDGE(thd_date_valid, yes, no);
}

static void dates_are_written_one_way(void **state)
{
    (void)state;
    static const char *const yes[] = {"2030-01-05"};
    static const char *const no[] = {"",           "2030-1-05",  "2030-01-5",   "30-01-05",
                                     "2030/01/05", "05/01/2030", "2030-01-05 ", " 2030-01-05",
                                     "2030-0a-05", "2030-01-+5", "20300105",    "2030-01-050"};
    JUDGE(thd_date_valid, yes, no);
}

static void refs_names_and_unit_codes(void **state)
{
    (void)state;
    char longest[THD_MAX_HANDLE_CHARS + 1], too_long[THD_MAX_HANDLE_CHARS + 2];
    memset(longest, 'a', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    memset(too_long, 'a', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';

    const char *const ref_yes[] = {"KH-01", "a.b_c-d/E9", longest};
    const char *const ref_no[] = {"", "KH 01", "Hồ", too_long};
    JUDGE(thd_ref_valid, ref_yes, ref_no);

    const char *const name_yes[] = {"nguyen.van_a-1", longest};
    const char *const name_no[] = {"", "Nguyen" /* lower case only */, "a/b", too_long};
    JUDGE(thd_name_valid, name_yes, name_no);

    static const char *const unit_yes[] = {"SO-VHTTDL", "B2", "ABCDEFGHIJKLMNOPQRSTUVWX" /* 24 */};
    static const char *const unit_no[] = {"", "S" /* one is too few */, "so-nv", "SO_NV",
                                          "ABCDEFGHIJKLMNOPQRSTUVWXY"};
    JUDGE(thd_unit_code_valid, unit_yes, unit_no);
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

/* The day `days` working days after from, or "" when refused. */
static const char *after(const char *from, unsigned days, const char *const *hol, size_t n)
{
    static char out[11];
    return thd_working_days_after(from, days, hol, n, out) ? out : "";
}

static void working_days_skip_weekends(void **state)
{
    (void)state;
    assert_string_equal(after("2026-03-02", 10, NULL, 0), "2026-03-16"); /* Mon: two weeks */
    assert_string_equal(after("2026-03-02", 4, NULL, 0), "2026-03-06");  /* the same Friday */
    assert_string_equal(after("2026-03-06", 1, NULL, 0), "2026-03-09");  /* Fri -> Mon */
    assert_string_equal(after("2026-03-07", 1, NULL, 0), "2026-03-09");  /* opened on a Sat */
    assert_string_equal(after("2026-03-08", 5, NULL, 0), "2026-03-13");  /* opened on a Sun */
    assert_string_equal(after("2026-03-02", 0, NULL, 0), "2026-03-02");
}

static void working_days_skip_holidays(void **state)
{
    (void)state;
    /* 30/4 and 1/5, a Thursday and a Friday, then the weekend */
    static const char *const hol[] = {"2026-05-01", "2026-04-30", "2026-09-02"};
    assert_string_equal(after("2026-04-23", 5, hol, 3), "2026-05-04");
    assert_string_equal(after("2026-04-23", 4, hol, 3), "2026-04-29");
    assert_string_equal(after("2026-04-29", 1, hol, 3), "2026-05-04");
    /* a holiday on a weekend changes nothing */
    static const char *const sat[] = {"2026-03-07"};
    assert_string_equal(after("2026-03-06", 1, sat, 1), "2026-03-09");
}

static void working_days_cross_the_year_end(void **state)
{
    (void)state;
    static const char *const hol[] = {"2027-01-01"};
    assert_string_equal(after("2026-12-30", 2, hol, 1), "2027-01-04");
    assert_string_equal(after("2026-12-30", 2, NULL, 0), "2027-01-01");
    assert_string_equal(after("2026-12-31", 1, NULL, 0), "2027-01-01");
    assert_string_equal(after("2028-02-28", 1, NULL, 0), "2028-02-29"); /* a leap day */
    assert_string_equal(after("2030-02-28", 1, NULL, 0), "2030-03-01");
    assert_string_equal(after("2026-12-18", 10, hol, 1), "2027-01-04");
}

static void working_days_refuse_what_is_not_a_day(void **state)
{
    (void)state;
    assert_string_equal(after("2026-02-31", 1, NULL, 0), "");
    assert_string_equal(after("garbage", 1, NULL, 0), "");
    assert_string_equal(after("2026-03-02", THD_MAX_DISCLOSURE_DAYS + 1, NULL, 0), "");
    assert_string_equal(after("9999-12-31", 1, NULL, 0), "");
    assert_string_equal(after("2026-03-02", THD_MAX_DISCLOSURE_DAYS, NULL, 0), "2026-05-25");
}

static void dates_are_shown_the_vietnamese_way(void **state)
{
    (void)state;
    char out[11];
    assert_string_equal(thd_date_dmy("2026-03-16", out), "16/03/2026");
    assert_string_equal(thd_date_dmy("2027-01-04", out), "04/01/2027");
    assert_string_equal(thd_date_dmy("bad", out), "bad");
    assert_string_equal(thd_date_dmy("2026-02-31", out), "2026-02-31"); /* no day: as it is */
}

static void an_earlier_honour_overlaps_in_period_and_form(void **state)
{
    (void)state;
    Thidua__V1__EarlierHonour in = THIDUA__V1__EARLIER_HONOUR__INIT, out = in, other = in;
    in.year = 2018;
    in.form = "Bằng khen của Chủ tịch UBND tỉnh";
    out.year = 2015;
    out.form = in.form;
    other.year = 2019;
    other.form = "Chiến sĩ thi đua cấp tỉnh";
    Thidua__V1__EarlierHonour *hs[] = {&in, &out, &other};
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    n.earlier_honours = hs;
    n.n_earlier_honours = 3;
    assert_int_equal(thd_nominee_overlaps(&n), 0); /* no period, no form */
    n.period_from = 2016;
    n.period_to = 2020;
    n.honour_form = "Bằng khen của Chủ tịch UBND tỉnh";
    assert_true(thd_nominee_honour_overlaps(&n, 0));
    assert_false(thd_nominee_honour_overlaps(&n, 1)); /* before the period */
    assert_false(thd_nominee_honour_overlaps(&n, 2)); /* another form */
    assert_false(thd_nominee_honour_overlaps(&n, 3));
    assert_int_equal(thd_nominee_overlaps(&n), 1);
    n.period_to = 2017; /* the period's ends count; 2018 is now past it */
    assert_int_equal(thd_nominee_overlaps(&n), 0);
    n.period_from = n.period_to = 2018;
    assert_int_equal(thd_nominee_overlaps(&n), 1);
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

static void record_ids_are_the_prefix_and_the_number(void **state)
{
    (void)state;
    char id[32];
    thd_record_id(id, sizeof id, "T", 31);
    assert_string_equal(id, "T-31");
    thd_record_id(id, sizeof id, "N", 18446744073709551615ULL);
    assert_string_equal(id, "N-18446744073709551615");
}

/* A file's first bytes against the media type it is sent under: each
 * kind passes under its own types and is refused under every other; text,
 * a program, a web page, a cut signature or nothing pass under none of
 * them, and anything passes under a type that names no kind. */
static void a_file_is_what_its_type_names(void **state)
{
    (void)state;
    static const char *const pdf = "application/pdf", *png = "image/png", *jpg = "image/jpeg",
                             *tif = "image/tiff", *doc = "application/msword",
                             *xls = "application/vnd.ms-excel",
                             *docx = "application/vnd.openxmlformats-officedocument."
                                     "wordprocessingml.document",
                             *odt = "application/vnd.oasis.opendocument.text",
                             *zip = "application/zip";
    const char *const types[] = {pdf, png, jpg, tif, doc, xls, docx, odt, zip};
    uint8_t pe[0x48] = {'M', 'Z'};
    pe[0x3c] = 0x40;
    memcpy(pe + 0x40, "PE\0\0", 4);
    static const char elf[] = "\x7F"
                              "ELF\x02\x01";
    char late_pdf[1100]; /* a PDF reader takes "%PDF-" within the first kilobyte */
    memset(late_pdf, ' ', sizeof late_pdf);
    memcpy(late_pdf + 1019, "%PDF-1.4", 8);
    const struct {
        const char *bytes;
        size_t len;
        const char *ok[3]; /* the types it passes under */
    } kinds[] = {
        {"%PDF-1.7\n", 9, {pdf}},
        {"\r\n%PDF-1.4\n", 11, {pdf}},
        {late_pdf, sizeof late_pdf, {pdf}},
        {late_pdf + 1, sizeof late_pdf - 1, {pdf}},
        {"\x89PNG\r\n\x1a\n\0\0", 10, {png}},
        {"\xFF\xD8\xFF\xE0\0\x10JFIF", 10, {jpg}},
        {"\xFF\xD8\xFF\xDB\0\x43", 6, {jpg}},
        {"\xFF\xD8\xFF\xC4\0\x1f", 6, {jpg}},
        {"II*\0\x08\0", 6, {tif}},
        {"MM\0*\0\0", 6, {tif}},
        {"II+\0\x08\0", 6, {tif}},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0", 9, {doc, xls}},
        {"PK\x03\x04\x14\0", 6, {docx, odt, zip}},
        {"PK\x05\x06\0\0", 6, {docx, odt, zip}},
        {"Báo cáo thành tích", strlen("Báo cáo thành tích"), {NULL}},
        {"<!DOCTYPE html><p>", 18, {NULL}},
        {elf, sizeof elf - 1, {NULL}},
        {(const char *)pe, sizeof pe, {NULL}},
        {"MZ not a program", 16, {NULL}},
        {"%PDF", 4, {NULL}},
        {"\xFF\xD8", 2, {NULL}},
        {"\x89PNG\r\n", 6, {NULL}},
        {"PK", 2, {NULL}},
        {"", 0, {NULL}},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
            bool own = false;
            for (size_t o = 0; o < 3 && kinds[k].ok[o]; o++)
                own |= strcmp(kinds[k].ok[o], types[t]) == 0;
            if (thd_media_content_ok(types[t], kinds[k].bytes, kinds[k].len) != own)
                fail_msg("kind %zu under %s: %s", k, types[t], own ? "refused" : "passed");
            if (!thd_media_content_ok("application/octet-stream", kinds[k].bytes, kinds[k].len) ||
                !thd_media_content_ok("text/plain", kinds[k].bytes, kinds[k].len))
                fail_msg("kind %zu refused under a type that names no kind", k);
        }
    assert_true(thd_media_content_ok("APPLICATION/PDF", "%PDF-1.5", 8)); /* types are caseless */
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
        cmocka_unit_test(working_days_skip_weekends),
        cmocka_unit_test(working_days_skip_holidays),
        cmocka_unit_test(working_days_cross_the_year_end),
        cmocka_unit_test(working_days_refuse_what_is_not_a_day),
        cmocka_unit_test(dates_are_shown_the_vietnamese_way),
        cmocka_unit_test(an_earlier_honour_overlaps_in_period_and_form),
        cmocka_unit_test(the_code_enum_covers_the_proto),
        cmocka_unit_test(record_ids_are_the_prefix_and_the_number),
        cmocka_unit_test(a_file_is_what_its_type_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
