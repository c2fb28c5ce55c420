/* The pending-write map of a group commit: later writes win, a rollback
 * restores exactly what a mark saw, and order is kept for the batch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "overlay.h"

static int get_str(overlay_t *o, const char *key, const char **val)
{
    size_t len;
    const void *v;
    int rc = overlay_get(o, key, strlen(key), &v, &len);
    *val = v;
    return rc;
}

static void later_write_wins_and_delete_is_visible(void **state)
{
    (void)state;
    overlay_t *o = overlay_new();
    const char *v;
    assert_int_equal(get_str(o, "a", &v), 0);
    overlay_put(o, "a", 1, "1", 2);
    overlay_put(o, "a", 1, "2", 2);
    assert_int_equal(get_str(o, "a", &v), 1);
    assert_string_equal(v, "2");
    overlay_put(o, "a", 1, NULL, 0);
    assert_int_equal(get_str(o, "a", &v), 1);
    assert_null(v);
    overlay_destroy(&o);
    assert_null(o);
    overlay_destroy(&o); /* idempotent */
}

/* An owned value is the one later reads see; a rollback or clear frees it
 * (the ASan build reports a leak or double free otherwise). */
static void owned_values_are_kept_and_freed_once(void **state)
{
    (void)state;
    overlay_t *o = overlay_new();
    overlay_put(o, "a", 1, "1", 2);
    size_t mark = overlay_count(o);
    char *owned = strdup("2");
    assert_int_equal(overlay_put_owned(o, "a", 1, owned, 2), 0);
    const char *v;
    assert_int_equal(get_str(o, "a", &v), 1);
    assert_ptr_equal(v, owned);
    overlay_rollback(o, mark);
    assert_int_equal(get_str(o, "a", &v), 1);
    assert_string_equal(v, "1");
    assert_int_equal(overlay_put_owned(o, "b", 1, strdup("3"), 2), 0);
    overlay_destroy(&o);
}

static void rollback_restores_the_state_at_the_mark(void **state)
{
    (void)state;
    overlay_t *o = overlay_new();
    char key[32], val[32];
    for (int i = 0; i < 1000; i++) { /* past several table growths */
        snprintf(key, sizeof key, "k%d", i);
        snprintf(val, sizeof val, "v%d", i);
        overlay_put(o, key, strlen(key), val, strlen(val) + 1);
    }
    size_t mark = overlay_count(o);
    overlay_put(o, "k5", 2, "changed", 8);
    overlay_put(o, "new", 3, "x", 2);
    overlay_put(o, "k7", 2, NULL, 0);
    overlay_rollback(o, mark);
    const char *v;
    assert_int_equal(get_str(o, "k5", &v), 1);
    assert_string_equal(v, "v5");
    assert_int_equal(get_str(o, "k7", &v), 1);
    assert_string_equal(v, "v7");
    assert_int_equal(get_str(o, "new", &v), 0);
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        snprintf(val, sizeof val, "v%d", i);
        assert_int_equal(get_str(o, key, &v), 1);
        assert_string_equal(v, val);
    }
    overlay_rollback(o, 0);
    assert_int_equal(overlay_count(o), 0);
    assert_int_equal(get_str(o, "k1", &v), 0);
    overlay_destroy(&o);
}

/* What a request's own writes replaced: a read before a mark sees the
 * latest write made before it, or nothing where none was. */
static void get_before_sees_the_state_at_the_mark(void **state)
{
    (void)state;
    overlay_t *o = overlay_new();
    overlay_put(o, "a", 1, "1", 2);
    overlay_put(o, "a", 1, "2", 2);
    size_t mark = overlay_count(o);
    overlay_put(o, "a", 1, "3", 2);
    overlay_put(o, "b", 1, "x", 2);
    const void *v;
    size_t len;
    assert_int_equal(overlay_get_before(o, mark, "a", 1, &v, &len), 1);
    assert_string_equal(v, "2");
    assert_int_equal(overlay_get_before(o, mark, "b", 1, &v, &len), 0);
    assert_int_equal(overlay_get_before(o, 1, "a", 1, &v, &len), 1);
    assert_string_equal(v, "1");
    assert_int_equal(overlay_get_before(o, 0, "a", 1, &v, &len), 0);
    assert_int_equal(overlay_get(o, "a", 1, &v, &len), 1);
    assert_string_equal(v, "3");
    overlay_destroy(&o);
}

struct seen {
    char order[64];
};

static void visit(void *arg, const void *key, size_t klen, const void *val, size_t vlen)
{
    struct seen *s = arg;
    (void)val;
    (void)vlen;
    strncat(s->order, key, klen);
}

static void visit_marked(void *arg, const void *key, size_t klen, const void *val, size_t vlen)
{
    visit(arg, key, klen, val, vlen);
    strcat(((struct seen *)arg)->order, "|");
}

static void each_visits_writes_in_order(void **state)
{
    (void)state;
    overlay_t *o = overlay_new();
    overlay_put(o, "b", 1, "", 0);
    overlay_put(o, "a", 1, "", 0);
    overlay_put(o, "b", 1, NULL, 0);
    struct seen s = {""};
    overlay_each(o, visit, &s);
    assert_string_equal(s.order, "bab");
    overlay_destroy(&o);
}

static void each_latest_leaves_out_replaced_writes(void **state)
{
    (void)state;
    overlay_t *o = overlay_new();
    overlay_put(o, "b", 1, "", 0);
    overlay_put(o, "a", 1, "", 0);
    overlay_put(o, "b", 1, NULL, 0);
    size_t mark = overlay_count(o);
    overlay_put(o, "a", 1, "x", 1);
    overlay_put(o, "c", 1, "", 0);
    struct seen s = {""};
    overlay_each_latest(o, visit, &s);
    assert_string_equal(s.order, "bac");
    overlay_rollback(o, mark); /* "a" is the latest again where it was */
    s.order[0] = '\0';
    overlay_each_latest(o, visit, &s);
    assert_string_equal(s.order, "ab");
    overlay_destroy(&o);
}

/* The commit's order: bytewise as LevelDB compares, a key before its
 * extensions, bytes past 0x7f after ASCII, replaced writes left out. */
static void each_latest_sorted_visits_in_key_order(void **state)
{
    (void)state;
    overlay_t *o = overlay_new();
    const char *keys[] = {"b", "\xc3", "ab", "a", "b", "ba"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        overlay_put(o, keys[i], strlen(keys[i]), i == 4 ? NULL : "", 0);
    struct seen s = {""};
    assert_int_equal(overlay_each_latest_sorted(o, visit_marked, &s), 0);
    assert_string_equal(s.order, "a|ab|b|ba|\xc3|");
    overlay_destroy(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(later_write_wins_and_delete_is_visible),
        cmocka_unit_test(owned_values_are_kept_and_freed_once),
        cmocka_unit_test(rollback_restores_the_state_at_the_mark),
        cmocka_unit_test(get_before_sees_the_state_at_the_mark),
        cmocka_unit_test(each_visits_writes_in_order),
        cmocka_unit_test(each_latest_leaves_out_replaced_writes),
        cmocka_unit_test(each_latest_sorted_visits_in_key_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
