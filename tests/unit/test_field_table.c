/* docs/PROTOCOL.md's per-field length table is made from the validator's
 * rules (common/validate.c), so it cannot drift from what the broker
 * enforces: this test fails when the table in the file differs from the
 * one the rules make. Run with --write to rewrite the table in place:
 *   build/bin/test_field_table --write */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "validate.h"

#define BEGIN "<!-- field-table: made from common/validate.c by test_field_table --write -->\n"
#define END   "<!-- field-table: end -->\n"

static bool same_rule(const validate_rule_t *a, const validate_rule_t *b)
{
    return a->max_chars == b->max_chars && a->multiline == b->multiline && a->ascii == b->ascii &&
           a->broker_id == b->broker_id;
}

static size_t put_row(char *out, size_t cap, const char *names, const validate_rule_t *r)
{
    return (size_t)snprintf(out, cap, "| %s | %zu | %s | %s |%s\n", names, r->max_chars,
                            r->ascii ? "bytes, printable ASCII only" : "characters (NFC)",
                            r->multiline ? "allowed" : "refused",
                            r->broker_id ? " an id the broker made (`T-31`, `N-8`, `B-1`, "
                                           "`T-31/v2`) may be typed in any case |"
                                         : " |");
}

/* The table: one row per distinct rule, its names in table order. */
static char *make_table(void)
{
    size_t n, cap = 16384, len = 0;
    const validate_rule_t *rules = validate_rules(&n);
    char *out = malloc(cap);
    assert_non_null(out);
    len += (size_t)snprintf(out + len, cap - len,
                            "%s| field name | at most | counted in | tab, CR, LF | note |\n"
                            "|---|---|---|---|---|\n",
                            BEGIN);
    bool *done = calloc(n, sizeof *done);
    assert_non_null(done);
    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        char names[1024] = "";
        size_t nl = 0;
        for (size_t j = i; j < n; j++)
            if (!done[j] && same_rule(&rules[i], &rules[j])) {
                done[j] = true;
                nl += (size_t)snprintf(names + nl, sizeof names - nl, "%s`%s`", nl ? ", " : "",
                                       rules[j].name);
                assert_true(nl < sizeof names);
            }
        len += put_row(out + len, cap - len, names, &rules[i]);
        assert_true(len < cap);
    }
    validate_rule_t other = validate_rule_for("any field not named above");
    len += put_row(out + len, cap - len, "any other name", &other);
    len += (size_t)snprintf(out + len, cap - len, "%s", END);
    assert_true(len < cap);
    free(done);
    return out;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    fclose(f);
    *len = (size_t)size;
    return buf;
}

/* The table's place in the file: from its first marker to past its last. */
static void find_table(const char *doc, const char **from, const char **to)
{
    *from = strstr(doc, BEGIN);
    if (!*from)
        fail_msg("%s has no line '%.*s'", THIDUA_PROTOCOL_MD, (int)strlen(BEGIN) - 1, BEGIN);
    *to = strstr(*from, END);
    assert_non_null(*to);
    *to += strlen(END);
}

static void the_protocol_documents_every_field_limit_the_broker_enforces(void **state)
{
    (void)state;
    size_t len;
    char *doc = read_file(THIDUA_PROTOCOL_MD, &len), *want = make_table();
    const char *from, *to;
    find_table(doc, &from, &to);
    if ((size_t)(to - from) != strlen(want) || memcmp(from, want, strlen(want)) != 0)
        fail_msg("docs/PROTOCOL.md's field table differs from common/validate.c's rules; "
                 "run build/bin/test_field_table --write. It should read:\n%s",
                 want);
    free(want);
    free(doc);
}

static int write_table(void)
{
    size_t len;
    char *doc = read_file(THIDUA_PROTOCOL_MD, &len), *table = make_table();
    const char *from, *to;
    find_table(doc, &from, &to);
    FILE *f = fopen(THIDUA_PROTOCOL_MD, "wb");
    if (!f)
        return 1;
    fwrite(doc, 1, (size_t)(from - doc), f);
    fputs(table, f);
    fputs(to, f);
    int rc = fclose(f) != 0;
    printf("%s: field table written\n", THIDUA_PROTOCOL_MD);
    free(table);
    free(doc);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--write") == 0)
        return write_table();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_protocol_documents_every_field_limit_the_broker_enforces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
