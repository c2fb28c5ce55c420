/* The words people type for values and columns (client/cli/words.c),
 * read in either language. thidua-web reads them from request threads
 * while other threads render Vietnamese texts, so reading an English
 * label must not switch the process's language even for a moment. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "i18n.h"
#include "words.h"

static const char *const names[] = {"title", "deadline"};
static const char *const labels[] = {"Title", "Deadline"};

static void a_name_reads_in_both_languages(void **state)
{
    (void)state;
    words_t *w = words_names(names, labels, 2);
    assert_non_null(w);
    char buf[64];
    assert_string_equal(words_name(w, 1, WORDS_VI, buf, sizeof buf), "Hạn");
    assert_string_equal(words_name(w, 1, WORDS_EN, buf, sizeof buf), "Deadline");
    assert_string_equal(words_name(w, 1, WORDS_CODE, buf, sizeof buf), "deadline");
    assert_int_equal(words_match(w, "han"), 1);
    assert_int_equal(words_match(w, "TÊN NHIỆM VỤ"), 0);
    assert_int_equal(words_match(w, "Title"), 0);
    words_choices(w, "en", buf, sizeof buf);
    assert_string_equal(buf, "Title (title); Deadline (deadline)");
    assert_string_equal(cli_i18n_lang(), "vi");
    words_destroy(&w);
}

static void an_english_process_reads_the_vietnamese_too(void **state)
{
    (void)state;
    assert_int_equal(cli_i18n_init("en"), 0);
    words_t *w = words_names(names, labels, 2);
    assert_non_null(w);
    char buf[64];
    assert_string_equal(words_name(w, 1, WORDS_VI, buf, sizeof buf), "Hạn");
    assert_string_equal(cli_i18n_lang(), "en");
    assert_string_equal(_("Deadline"), "Deadline");
    assert_int_equal(words_match(w, "hạn"), 1);
    words_destroy(&w);
    assert_int_equal(cli_i18n_init("vi"), 0);
}

static atomic_bool done;
static atomic_int english_seen;

/* Another request thread: renders a Vietnamese text over and over. */
static void *reader(void *arg)
{
    (void)arg;
    while (!atomic_load(&done))
        if (strcmp(_("Deadline"), "Hạn") != 0)
            atomic_fetch_add(&english_seen, 1);
    return NULL;
}

static void reading_words_leaves_the_language_alone(void **state)
{
    (void)state;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, reader, NULL), 0);
    char buf[64];
    /* bounded: a few thousand tables, well under a second */
    for (int i = 0; i < 3000; i++) {
        words_t *w = words_names(names, labels, 2);
        assert_non_null(w);
        words_name(w, i % 2, WORDS_EN, buf, sizeof buf);
        words_choices(w, "en", buf, sizeof buf);
        words_destroy(&w);
    }
    atomic_store(&done, true);
    pthread_join(t, NULL);
    assert_int_equal(atomic_load(&english_seen), 0);
    assert_string_equal(cli_i18n_lang(), "vi");
}

static int start_vietnamese(void **state)
{
    (void)state;
    return cli_i18n_init("vi");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_name_reads_in_both_languages),
        cmocka_unit_test(an_english_process_reads_the_vietnamese_too),
        cmocka_unit_test(reading_words_leaves_the_language_alone),
    };
    return cmocka_run_group_tests(tests, start_vietnamese, NULL);
}
