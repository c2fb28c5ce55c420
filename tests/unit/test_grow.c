/* grow(): the one growable array (common/grow.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "grow.h"

static void grows_by_doubling_and_keeps_the_elements(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(grow(&a, &cap, (size_t)i + 1, sizeof *a, 4096), 0);
        a[i] = i;
    }
    assert_int_equal(cap, 1024);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(a[i], i);
    free(a);
}

static void over_its_cap_it_refuses_and_changes_nothing(void **state)
{
    (void)state;
    long *a = NULL;
    size_t cap = 0;
    assert_int_equal(grow(&a, &cap, 10, sizeof *a, 12), 0);
    assert_int_equal(cap, 12); /* doubling stops at the cap */
    long *before = a;
    a[11] = 42;
    assert_int_equal(grow(&a, &cap, 13, sizeof *a, 12), -1);
    assert_ptr_equal(a, before);
    assert_int_equal(cap, 12);
    assert_int_equal(a[11], 42);
    free(a);
}

static void a_size_that_cannot_be_counted_in_bytes_is_refused(void **state)
{
    (void)state;
    char *a = NULL;
    size_t cap = 0;
    assert_int_equal(grow(&a, &cap, SIZE_MAX / 2, 4, SIZE_MAX), -1);
    assert_null(a);
    assert_int_equal(cap, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grows_by_doubling_and_keeps_the_elements),
        cmocka_unit_test(over_its_cap_it_refuses_and_changes_nothing),
        cmocka_unit_test(a_size_that_cannot_be_counted_in_bytes_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
