/* The draft decision's words for who is honoured (dec_parts_text): a kind
 * with none is left out, not written "0 tập thể và 7 cá nhân". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "decision.h"

static void both_kinds_are_named(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(dec_parts_text(3, 7, buf, sizeof buf), "3 tập thể và 7 cá nhân");
}

static void a_kind_with_none_is_left_out(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(dec_parts_text(0, 7, buf, sizeof buf), "7 cá nhân");
    assert_string_equal(dec_parts_text(3, 0, buf, sizeof buf), "3 tập thể");
    assert_string_equal(dec_parts_text(0, 0, buf, sizeof buf), "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_kinds_are_named),
        cmocka_unit_test(a_kind_with_none_is_left_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
