/* thidua-web's per-address throttle: a try holds its address's one slot
 * from throttle_begin to throttle_end, so a second try from there waits
 * meanwhile; a wrong try starts the doubled wait, a right one does not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "throttle.h"

static int setup(void **state)
{
    *state = throttle_new();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    throttle_t *t = *state;
    throttle_destroy(&t);
    assert_null(t);
    throttle_destroy(&t); /* idempotent */
    return 0;
}

static void a_second_try_from_an_address_waits_while_the_first_runs(void **state)
{
    throttle_t *t = *state;
    assert_int_equal(throttle_begin(t, "10.0.0.1"), 0);
    int64_t wait = throttle_begin(t, "10.0.0.1");
    assert_true(wait > 0 && wait <= THROTTLE_BASE_MS); /* as if the first were wrong */
    throttle_end(t, "10.0.0.1", false);
    assert_int_equal(throttle_begin(t, "10.0.0.1"), 0); /* right: no wait follows */
    throttle_end(t, "10.0.0.1", false);
}

static void a_wrong_try_starts_the_wait(void **state)
{
    throttle_t *t = *state;
    assert_int_equal(throttle_begin(t, "10.0.0.2"), 0);
    throttle_end(t, "10.0.0.2", true);
    int64_t wait = throttle_begin(t, "10.0.0.2");
    assert_true(wait > 0 && wait <= THROTTLE_BASE_MS);
}

static void another_address_has_its_own_slot(void **state)
{
    throttle_t *t = *state;
    assert_int_equal(throttle_begin(t, "10.0.0.3"), 0);
    assert_int_equal(throttle_begin(t, "10.0.0.4"), 0);
    assert_true(throttle_begin(t, "10.0.0.3") > 0);
    throttle_end(t, "10.0.0.3", true);
    throttle_end(t, "10.0.0.4", false);
    assert_int_equal(throttle_begin(t, "10.0.0.4"), 0);
    throttle_end(t, "10.0.0.4", false);
}

static void the_delay_doubles_up_to_the_ceiling(void **state)
{
    (void)state;
    assert_int_equal(throttle_delay(0), 0);
    assert_int_equal(throttle_delay(1), THROTTLE_BASE_MS);
    assert_int_equal(throttle_delay(3), 4 * THROTTLE_BASE_MS);
    assert_int_equal(throttle_delay(40), THROTTLE_MAX_MS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_second_try_from_an_address_waits_while_the_first_runs,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_wrong_try_starts_the_wait, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(another_address_has_its_own_slot, setup, teardown),
        cmocka_unit_test(the_delay_doubles_up_to_the_ceiling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
