/* thidua-web's multipart/form-data reader on the bodies browsers send and
 * on bodies cut or bent: the parts and the file's bytes exactly, or -1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "multipart.h"

#define CT "multipart/form-data; boundary=----WebKitFormBoundaryQ1"
#define D  "------WebKitFormBoundaryQ1"

/* A file whose bytes hold a CR LF, a NUL and a delimiter cut short. */
static const char FILE_BYTES[] = "%PDF-1.4\r\n\0\r\n------WebKitFormBoundaryQ\r\nend";
#define FILE_LEN (sizeof FILE_BYTES - 1)

static size_t form(char *buf, const char *closing)
{
    size_t n = (size_t)sprintf(
        buf, D "\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\nT-1\r\n" D
               "\r\nContent-Disposition: form-data; name=\"percent\"\r\n\r\n60\r\n" D
               "\r\nContent-Disposition: form-data; name=\"file\"; "
               "filename=\"B\xc3\xa1o c\xc3\xa1o %%22qu\xc3\xbd III%%22.pdf\"\r\n"
               "Content-Type: application/pdf\r\n\r\n");
    memcpy(buf + n, FILE_BYTES, FILE_LEN);
    n += FILE_LEN;
    return n + (size_t)sprintf(buf + n, "\r\n%s", closing);
}

static void a_browser_form_splits_into_its_parts(void **state)
{
    (void)state;
    char body[1024];
    size_t n = form(body, D "--\r\n");
    struct mp_part p[MP_MAX_PARTS];
    assert_int_equal(multipart_parse(CT, body, n, p, MP_MAX_PARTS), 3);
    assert_string_equal(p[0].name, "id");
    assert_false(p[0].is_file);
    assert_int_equal(p[0].len, 3);
    assert_memory_equal(p[0].data, "T-1", 3);
    assert_string_equal(p[1].name, "percent");
    assert_string_equal(p[2].name, "file");
    assert_true(p[2].is_file);
    assert_string_equal(p[2].filename, "B\xc3\xa1o c\xc3\xa1o \"qu\xc3\xbd III\".pdf");
    assert_string_equal(p[2].media_type, "application/pdf");
    assert_int_equal(p[2].len, FILE_LEN);
    assert_memory_equal(p[2].data, FILE_BYTES, FILE_LEN);
}

static void a_quoted_boundary_and_an_empty_file(void **state)
{
    (void)state;
    const char body[] = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
                        "Content-Type: application/octet-stream\r\n\r\n\r\n--b--";
    struct mp_part p[2];
    assert_int_equal(
        multipart_parse("multipart/form-data; boundary=\"b\"", body, sizeof body - 1, p, 2), 1);
    assert_true(p[0].is_file);
    assert_string_equal(p[0].filename, "");
    assert_int_equal(p[0].len, 0);
}

static void bent_bodies_are_refused(void **state)
{
    (void)state;
    char body[1024];
    struct mp_part p[MP_MAX_PARTS];
    size_t n = form(body, D); /* no closing "--" */
    assert_int_equal(multipart_parse(CT, body, n, p, MP_MAX_PARTS), -1);
    n = form(body, D "--\r\n");
    assert_int_equal(multipart_parse(CT, body, n - 40, p, MP_MAX_PARTS), -1); /* cut */
    assert_int_equal(multipart_parse(CT, body, n, p, 2), -1);                 /* too many parts */
    assert_int_equal(multipart_parse("application/json", body, n, p, MP_MAX_PARTS), -1);
    assert_int_equal(multipart_parse("multipart/form-data", body, n, p, MP_MAX_PARTS), -1);
    assert_int_equal(multipart_parse(CT, NULL, 0, p, MP_MAX_PARTS), -1);
    const char nameless[] = "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--";
    assert_int_equal(multipart_parse("multipart/form-data; boundary=b", nameless,
                                     sizeof nameless - 1, p, MP_MAX_PARTS),
                     -1);
    const char empty_name[] = "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--b--";
    assert_int_equal(multipart_parse("multipart/form-data; boundary=b", empty_name,
                                     sizeof empty_name - 1, p, MP_MAX_PARTS),
                     -1);
    char longline[2048] = "--b\r\nContent-Disposition: form-data; name=\"";
    memset(longline + strlen(longline), 'x', 1500);
    strcat(longline, "\"\r\n\r\nx\r\n--b--");
    assert_int_equal(multipart_parse("multipart/form-data; boundary=b", longline, strlen(longline),
                                     p, MP_MAX_PARTS),
                     -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_browser_form_splits_into_its_parts),
        cmocka_unit_test(a_quoted_boundary_and_an_empty_file),
        cmocka_unit_test(bent_bodies_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
