/* The reason table walked row by row: ids well formed and unique, texts
 * that the renderer can fill, a Vietnamese and an English text for each in
 * the compiled catalogs with the same parameters, and every id listed in
 * docs/PROTOCOL.md. The renderer itself on examples. */
#include <libintl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "reasons.h"
#include "thidua.h"

#define N_PARAMS(row, used) thd_placeholders((row)->text, (used))

static const thd_reason_row_t *row_at(int r)
{
    return thd_reason_row((thd_reason_t)r);
}

static void every_id_is_lower_case_dotted_and_unique(void **state)
{
    (void)state;
    for (int r = THD_R_NONE + 1; r < THD_R_COUNT; r++) {
        const char *id = row_at(r)->id;
        assert_true(strlen(id) <= THD_MAX_REASON_ID_BYTES);
        assert_non_null(strchr(id, '.'));
        assert_int_equal(strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789._"), strlen(id));
        assert_ptr_equal(thd_reason_find(id), row_at(r));
        for (int o = r + 1; o < THD_R_COUNT; o++)
            if (strcmp(id, row_at(o)->id) == 0)
                fail_msg("reason id '%s' is used twice", id);
    }
    assert_null(thd_reason_find("no.such_reason"));
    assert_null(thd_reason_find(""));
}

static void every_text_has_string_placeholders_within_the_limit(void **state)
{
    (void)state;
    for (int r = THD_R_NONE + 1; r < THD_R_COUNT; r++) {
        const thd_reason_row_t *row = row_at(r);
        unsigned used;
        int n = N_PARAMS(row, &used);
        if (n < 0 || n > THD_MAX_REASON_PARAMS)
            fail_msg("%s: text '%s' holds %d parameters", row->id, row->text, n);
        assert_int_equal((row->labels & 0xffu) >> n, 0); /* labels name real parameters */
        assert_int_equal((row->labels >> 8 & 0xffu) >> n, 0);
        assert_int_equal((row->labels >> 16 & 0xffu) >> n, 0);
        assert_int_equal(row->labels >> (24 + n), 0);
        assert_int_not_equal(row->code, 0);
    }
}

/* Each row refused with its own number of parameters renders the English
 * text with them in place, and keeps id, code and field. */
static void refuse_fills_reason_params_and_the_english_message(void **state)
{
    (void)state;
    thd_status_t st;
    assert_int_equal(thd_refuse(&st, THD_R_TASK_NOT_FOUND, "id", "T-999"), THD_NOT_FOUND);
    assert_string_equal(st.reason, "task.not_found");
    assert_string_equal(st.field, "id");
    assert_int_equal(st.n_params, 1);
    assert_string_equal(st.params[0], "T-999");
    assert_string_equal(st.message, "task 'T-999' does not exist");

    thd_refuse(&st, THD_R_ROLE_DENIED, "", "unit.add", "admin|office", "nv", "unit");
    assert_string_equal(st.params[1], "admin|office"); /* codes travel as they are */
    assert_string_equal(st.message, "unit.add needs role admin or office; you (nv) are unit");

    thd_refuse(&st, THD_R_ROLE_DENIED, "", "task.report", "admin|office|unit", "o", "observer");
    assert_string_equal(st.message, /* a list of three reads "A, B or C" */
                        "task.report needs role admin, office or unit; you (o) are observer");

    thd_refuse(&st, THD_R_TASK_BAD_PERCENT, "percent", THD_U(140));
    assert_string_equal(st.message, "percent 140 is outside 0-100");
}

static void a_long_parameter_is_cut_at_a_character_boundary(void **state)
{
    (void)state;
    char id[400] = "";
    for (int i = 0; i < 100; i++)
        strcat(id, "ữ"); /* 3 bytes each */
    thd_status_t st;
    thd_refuse(&st, THD_R_TASK_NOT_FOUND, "id", id);
    size_t len = strlen(st.params[0]);
    assert_true(len <= THD_MAX_REASON_PARAM_BYTES);
    assert_int_equal(len % 3, 0);
}

static void render_puts_parameters_in_order_by_number_and_never_past_the_end(void **state)
{
    (void)state;
    char buf[64];
    const char *p[] = {"a", "b"};
    thd_render(buf, sizeof buf, "%s-%s", p, 2);
    assert_string_equal(buf, "a-b");
    thd_render(buf, sizeof buf, "%2$s-%1$s 100%%", p, 2);
    assert_string_equal(buf, "b-a 100%");
    thd_render(buf, sizeof buf, "%s %s %s|%d", p, 2); /* a missing one is empty */
    assert_string_equal(buf, "a b |%d");
    thd_render(buf, sizeof buf, "%s", p, 2); /* an extra one is left out */
    assert_string_equal(buf, "a");
    thd_render(buf, 4, "%s%s%s", (const char *[]){"ab", "cd", "ef"}, 3);
    assert_string_equal(buf, "abc");
}

static void status_text_of_an_unknown_reason_is_the_message(void **state)
{
    (void)state;
    thd_status_t st = {.code = 5};
    snprintf(st.message, sizeof st.message, "%s", "from a newer broker");
    snprintf(st.reason, sizeof st.reason, "%s", "future.reason");
    char buf[THD_STATUS_TEXT_MAX];
    assert_string_equal(thd_status_text(&st, buf, sizeof buf), "from a newer broker");
    st.reason[0] = '\0';
    assert_string_equal(thd_status_text(&st, buf, sizeof buf), "from a newer broker");
}

/* Switches the catalog language: textdomain() makes gettext reread
 * LANGUAGE. Checked on one known text, so that a switch that did not
 * happen cannot let one catalog pass for the other. */
static void use_language(const char *lang)
{
    setenv("LANGUAGE", lang, 1);
    setlocale(LC_ALL, "C.UTF-8");
    bindtextdomain("thidua", THIDUA_LOCALE_DIR);
    bind_textdomain_codeset("thidua", "UTF-8");
    textdomain("thidua");
    const char *probe = dgettext("thidua", row_at(THD_R_TASK_NOT_FOUND)->text);
    assert_string_equal(probe, strcmp(lang, "vi") == 0 ? "nhiệm vụ '%s' không tồn tại"
                                                       : "task '%s' does not exist");
}

/* Both catalogs translate every row, with exactly the row's parameters
 * (reordered or not), so no refusal shows in English by mistake. */
static void every_reason_has_a_vietnamese_and_an_english_text_with_its_parameters(void **state)
{
    (void)state;
    static const char *const langs[] = {"vi", "en"};
    int missing = 0;
    for (size_t l = 0; l < 2; l++) {
        use_language(langs[l]);
        for (int r = THD_R_NONE + 1; r < THD_R_COUNT; r++) {
            const thd_reason_row_t *row = row_at(r);
            const char *t = dgettext("thidua", row->text);
            unsigned want, got;
            int n = N_PARAMS(row, &want);
            if (t == row->text) {
                printf("%s: no %s text for '%s'\n", row->id, langs[l], row->text);
                missing++;
            } else if (thd_placeholders(t, &got) != n || got != want) {
                printf("%s: %s text '%s' does not take the parameters of '%s'\n", row->id, langs[l],
                       t, row->text);
                missing++;
            }
        }
    }
    assert_int_equal(missing, 0);
}

static void a_refusal_reads_in_vietnamese_with_role_labels(void **state)
{
    (void)state;
    use_language("vi");
    thd_status_t st;
    thd_refuse(&st, THD_R_ROLE_DENIED, "", "unit.add", "admin", "nv", "unit");
    char buf[THD_STATUS_TEXT_MAX];
    assert_string_equal(thd_status_text(&st, buf, sizeof buf),
                        "thêm đơn vị cần vai trò Quản trị; bạn (nv) có vai trò Đơn vị");
    thd_refuse(&st, THD_R_ROLE_DENIED, "", "principal.list", "admin", "nv", "unit"); /* a read */
    assert_string_equal(thd_status_text(&st, buf, sizeof buf),
                        "xem danh sách người dùng cần vai trò Quản trị; bạn (nv) có vai trò Đơn vị");
    thd_refuse(&st, THD_R_QUOTA_PROPOSALS_FULL, "id", "SO-NV", "1", "1", "society/individual");
    assert_string_equal(thd_status_text(&st, buf, sizeof buf),
                        "đơn vị SO-NV đã có 1 trên 1 đề xuất được phép trong Xã hội/Cá nhân; hãy "
                        "rút bớt một đề xuất trước");
    assert_string_equal(st.message, "unit SO-NV already has 1 of 1 proposals allowed in "
                                    "society/individual; withdraw one first");
    thd_refuse(&st, THD_R_RECORD_NOT_FOUND, "", "principal", "zzz"); /* THD_NAME: a type */
    assert_string_equal(thd_status_text(&st, buf, sizeof buf), "người dùng 'zzz' không tồn tại");
    thd_refuse(&st, THD_R_FIELD_TOO_LONG, "task.title", "task.title", "256"); /* a field */
    assert_string_equal(thd_status_text(&st, buf, sizeof buf), "tên nhiệm vụ dài quá 256 ký tự");
    thd_refuse(&st, THD_R_TASK_WRONG_STATUS, "id", "T-1", "accepted", "report",
               "assigned|in_progress");
    assert_string_equal(thd_status_text(&st, buf, sizeof buf),
                        "nhiệm vụ T-1 đang ở trạng thái Hoàn thành; chỉ được báo cáo tiến độ khi ở "
                        "trạng thái Đã giao hoặc Đang thực hiện");
    thd_refuse(&st, THD_R_NOMINEE_WRONG_STATUS, "id", "N-2", "vetted", "withdraw",
               "draft|proposed|vetting");
    assert_non_null(strstr(thd_status_text(&st, buf, sizeof buf), /* "A, B hoặc C" */
                           "Dự thảo, Đã đề xuất hoặc Đang thẩm định"));
    thd_refuse(&st, THD_R_NOMINEE_NOT_READY, "id", "N-8",
               "nominee.criterion_unmet:TC1|nominee.disclosure_not_opened|future.part:x|"
               "nominee.complaint_open:2");
    assert_string_equal(st.message, "nominee N-8 cannot be recommended: criterion TC1 not checked "
                                    "met; the disclosure window is not opened yet; complaint 2 "
                                    "is open");
    assert_string_equal(thd_status_text(&st, buf, sizeof buf),
                        "chưa thể đề nghị gương điển hình N-8: tiêu chuẩn TC1 chưa được thẩm định "
                        "là đạt; chưa mở thời gian công khai; khiếu nại số 2 chưa được giải "
                        "quyết");
    st.n_params = 1; /* a broker that sent too few: what is there, no crash */
    assert_non_null(strstr(thd_status_text(&st, buf, sizeof buf), "N-8"));
    use_language("en");
    thd_refuse(&st, THD_R_TASK_NOT_FOUND, "id", "T-9");
    assert_string_equal(thd_status_text(&st, buf, sizeof buf), "task 'T-9' does not exist");
}

/* The count the broker keeps of an earlier honour is no list the person
 * sees: both languages name the honour by its year and skip its place,
 * which still travels first (numbered placeholders). */
static void an_earlier_honour_is_named_by_its_year_not_its_place(void **state)
{
    (void)state;
    use_language("vi");
    thd_status_t st;
    char buf[THD_STATUS_TEXT_MAX];
    thd_refuse(&st, THD_R_NOMINEE_HONOUR_YEAR, "nominee.earlier_honours[2].year", "3", "20199",
               "2026");
    assert_string_equal(st.params[0], "3");
    assert_string_equal(
        st.message, "earlier honour: year 20199 is not plausible; write a year from 1900 to 2026");
    assert_string_equal(
        thd_status_text(&st, buf, sizeof buf),
        "khen thưởng đã nhận: năm 20199 không hợp lệ; hãy viết năm từ 1900 đến 2026");
    thd_refuse(&st, THD_R_NOMINEE_HONOUR_NO_FORM, "nominee.earlier_honours[0].form", "1", "2018");
    assert_string_equal(
        thd_status_text(&st, buf, sizeof buf),
        "khen thưởng đã nhận năm 2018: hãy ghi hình thức khen thưởng, ví dụ Bằng khen "
        "của Chủ tịch UBND tỉnh");
    thd_refuse(&st, THD_R_NOMINEE_BIRTH_YEAR, "nominee.birth_year", "3000", "2026");
    assert_string_equal(thd_status_text(&st, buf, sizeof buf),
                        "năm sinh 3000 không hợp lệ: hãy viết năm từ 1900 đến 2026 (ví dụ 1978)");
}

/* A holiday is named by its line, never "thứ 5" (Thursday to a reader). */
static void a_bad_holiday_is_named_by_its_line(void **state)
{
    (void)state;
    use_language("vi");
    thd_status_t st;
    char buf[THD_STATUS_TEXT_MAX];
    thd_refuse(&st, THD_R_CALENDAR_BAD_HOLIDAY, "holidays[4]", "5", "31/02/2026");
    assert_string_equal(
        thd_status_text(&st, buf, sizeof buf),
        "ngày lễ ở dòng 5 ('31/02/2026') không phải là ngày có thật; hãy viết dạng "
        "ngày/tháng/năm (dd/mm/yyyy, hoặc yyyy-mm-dd), ví dụ 15/01/2027; chưa có gì "
        "thay đổi");
    thd_refuse(&st, THD_R_CALENDAR_BAD_HOLIDAYS, "holidays[1]", "2", "2, 5",
               "'31/02/2026', '30/02/2026'");
    assert_string_equal(
        thd_status_text(&st, buf, sizeof buf),
        "có 2 ngày lễ không phải là ngày có thật: dòng 2, 5 ('31/02/2026', "
        "'30/02/2026'); hãy viết dạng ngày/tháng/năm (dd/mm/yyyy, hoặc yyyy-mm-dd), "
        "ví dụ 15/01/2027; chưa có gì thay đổi");
}

/* docs/PROTOCOL.md is where a foreign client's author finds the ids. */
static void the_protocol_document_lists_every_reason_id(void **state)
{
    (void)state;
    FILE *f = fopen(THIDUA_PROTOCOL_MD, "r");
    assert_non_null(f);
    static char doc[1 << 20];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    int missing = 0;
    for (int r = THD_R_NONE + 1; r < THD_R_COUNT; r++) {
        char quoted[THD_MAX_REASON_ID_BYTES + 3];
        snprintf(quoted, sizeof quoted, "`%s`", row_at(r)->id);
        if (!strstr(doc, quoted)) {
            printf("docs/PROTOCOL.md does not list %s\n", quoted);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_id_is_lower_case_dotted_and_unique),
        cmocka_unit_test(every_text_has_string_placeholders_within_the_limit),
        cmocka_unit_test(refuse_fills_reason_params_and_the_english_message),
        cmocka_unit_test(a_long_parameter_is_cut_at_a_character_boundary),
        cmocka_unit_test(render_puts_parameters_in_order_by_number_and_never_past_the_end),
        cmocka_unit_test(status_text_of_an_unknown_reason_is_the_message),
        cmocka_unit_test(every_reason_has_a_vietnamese_and_an_english_text_with_its_parameters),
        cmocka_unit_test(a_refusal_reads_in_vietnamese_with_role_labels),
        cmocka_unit_test(an_earlier_honour_is_named_by_its_year_not_its_place),
        cmocka_unit_test(a_bad_holiday_is_named_by_its_line),
        cmocka_unit_test(the_protocol_document_lists_every_reason_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
