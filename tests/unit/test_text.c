/* Boundary rules for text and keys: UTF-8, NFC, lengths, widths, enums,
 * and key files that round-trip every key libzmq can make. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fold.h"
#include "keys.h"
#include "text.h"
#include "thidua.pb-c.h"
#include "validate.h"

// clang-format off
#define NFD_HOA "Ho\xcc\x9b\xcc\x80" "a" /* "Hờa": o, combining horn, combining grave */
#define NFC_HOA "H\xe1\xbb\x9d" "a"      /* the same, composed */
// clang-format on

static void nfd_and_nfc_are_one_name_with_one_width(void **state)
{
    (void)state;
    char *nfc = text_nfc(NFD_HOA);
    assert_string_equal(nfc, NFC_HOA);
    free(nfc);
    assert_int_equal(text_width(NFD_HOA), 3);
    assert_int_equal(text_width(NFC_HOA), 3);
    assert_int_equal(text_width("Sở Nội vụ"), 9);
    assert_null(text_nfc("bad \xff utf-8"));
    assert_false(text_valid_utf8("a\0b", 3));
}

static void folding_strips_marks_and_keeps_or_folds_case(void **state)
{
    (void)state;
    char *f = fold_text("Kế hoạch Đại hội");
    assert_string_equal(f, "ke hoach dai hoi");
    free(f);
    f = fold_marks("B\xc3\xa1o c\xc3\xa1o \"qu\xc3\xbd III\" \xc4\x90\xe1\xba\xa3ng.pdf");
    assert_string_equal(f, "Bao cao \"quy III\" Dang.pdf");
    free(f);
    f = fold_marks(NFD_HOA);
    assert_string_equal(f, "Hoa");
    free(f);
    assert_null(fold_marks("bad \xff utf-8"));
}

static Thidua__V1__Request *unit_add_request(const char *code, const char *name, int kind)
{
    Thidua__V1__Unit u = THIDUA__V1__UNIT__INIT;
    u.code = (char *)code;
    u.name = (char *)name;
    u.kind = kind;
    Thidua__V1__UnitAdd add = THIDUA__V1__UNIT_ADD__INIT;
    add.unit = &u;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = "r";
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_ADD;
    req.unit_add = &add;
    uint8_t buf[4096];
    size_t len = thidua__v1__request__pack(&req, buf);
    return thidua__v1__request__unpack(NULL, len, buf); /* as the broker sees it */
}

static void validation_names_the_field_and_normalizes(void **state)
{
    (void)state;
    thd_status_t st = {0};
    Thidua__V1__Request *r = unit_add_request("SO-NV", NFD_HOA, 4);
    assert_int_equal(validate_message(&r->base, &st), 0);
    assert_string_equal(r->unit_add->unit->name, NFC_HOA);
    thidua__v1__request__free_unpacked(r, NULL);

    r = unit_add_request("SO-NV", "bad \xc3", 4);
    assert_int_equal(validate_message(&r->base, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.field, "unit_add.unit.name");
    thidua__v1__request__free_unpacked(r, NULL);

    char longname[1200];
    memset(longname, 'a', 300);
    longname[300] = '\0';
    r = unit_add_request("SO-NV", longname, 4);
    assert_int_equal(validate_message(&r->base, &st), THD_INVALID_ARGUMENT);
    assert_non_null(strstr(st.message, "longer than 256"));
    thidua__v1__request__free_unpacked(r, NULL);

    r = unit_add_request("SO-NV", "ok", 99);
    assert_int_equal(validate_message(&r->base, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.field, "unit_add.unit.kind");
    thidua__v1__request__free_unpacked(r, NULL);

    r = unit_add_request("SO\nNV", "ok", 4);
    assert_int_equal(validate_message(&r->base, &st), THD_INVALID_ARGUMENT);
    assert_non_null(strstr(st.message, "control character"));
    thidua__v1__request__free_unpacked(r, NULL);
}

static void key_files_round_trip_every_key(void **state)
{
    (void)state;
    char dir[] = "/tmp/thidua-keys-XXXXXX";
    assert_non_null(mkdtemp(dir));
    thd_status_t st;
    for (int i = 0; i < 300; i++) { /* Z85 keys may start with '=' or '#' */
        key_pair_t kp, back;
        char sec[96], pub[96], loaded[KEY_Z85_LEN + 1];
        snprintf(sec, sizeof sec, "%s/k%d.key", dir, i);
        snprintf(pub, sizeof pub, "%s/k%d.pub", dir, i);
        assert_int_equal(keys_generate(&kp, &st), 0);
        assert_int_equal(keys_write_secret(sec, &kp, &st), 0);
        assert_int_equal(keys_write_public(pub, kp.public_key, &st), 0);
        assert_int_equal(keys_read_secret(sec, &back, &st), 0);
        assert_string_equal(back.public_key, kp.public_key);
        assert_string_equal(back.secret_key, kp.secret_key);
        assert_int_equal(keys_load_public(pub, loaded, &st), 0);
        assert_string_equal(loaded, kp.public_key);
        assert_int_equal(keys_load_public(kp.public_key, loaded, &st), 0);
        assert_int_not_equal(keys_write_secret(sec, &kp, &st), 0); /* never overwrites */
    }
    char sec[96];
    snprintf(sec, sizeof sec, "%s/k0.key", dir);
    chmod(sec, 0644);
    key_pair_t kp;
    assert_int_equal(keys_read_secret(sec, &kp, &st), THD_PERMISSION_DENIED);
    assert_non_null(strstr(st.message, "chmod 600"));
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* The key builders agree with snprintf byte for byte at every buffer size,
 * cut or not: a key built either way must be the same key. */
/* UTF-8 for cp into buf (4 bytes at most); returns the length. */
static size_t encode(long cp, char *buf)
{
    if (cp < 0x80)
        return buf[0] = (char)cp, 1;
    if (cp < 0x800)
        return buf[0] = (char)(0xC0 | cp >> 6), buf[1] = (char)(0x80 | (cp & 0x3F)), 2;
    if (cp < 0x10000)
        return buf[0] = (char)(0xE0 | cp >> 12), buf[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
               buf[2] = (char)(0x80 | (cp & 0x3F)), 3;
    return buf[0] = (char)(0xF0 | cp >> 18), buf[1] = (char)(0x80 | (cp >> 12 & 0x3F)),
           buf[2] = (char)(0x80 | (cp >> 6 & 0x3F)), buf[3] = (char)(0x80 | (cp & 0x3F)), 4;
}

static void assert_own_nfc(const char *s)
{
    char *nfc = text_nfc(s);
    assert_non_null(nfc);
    assert_string_equal(nfc, s);
    free(nfc);
}

/* text_known_nfc lets validation skip normalising: every code point it
 * accepts must be its own NFC form alone and beside every other one it
 * accepts (composition joins neighbours), and nothing invalid may pass. */
static void known_nfc_text_is_its_own_nfc_form(void **state)
{
    (void)state;
    enum { MAX_KNOWN = 2048 };
    static char known[MAX_KNOWN][5];
    size_t n = 0;
    for (long cp = 1; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char one[5] = {0};
        encode(cp, one);
        if (!text_known_nfc(one))
            continue;
        assert_own_nfc(one);
        assert_true(n < MAX_KNOWN);
        memcpy(known[n++], one, sizeof one);
    }
    assert_true(n > 128 + 256); /* ASCII and the Vietnamese letters at least */
    static char line[MAX_KNOWN * 8 + 1];
    for (size_t a = 0; a < n; a++) { /* a k1 a k2 ... : every pair, both orders */
        char *p = line;
        for (size_t k = 0; k < n; k++) {
            p = stpcpy(p, known[a]);
            p = stpcpy(p, known[k]);
        }
        assert_true(text_known_nfc(line));
        assert_own_nfc(line);
    }
    assert_true(text_known_nfc("Sở Nội vụ tỉnh – “Đại hội” … 100₫"));
    assert_true(text_known_nfc(NFC_HOA));
    assert_false(text_known_nfc(NFD_HOA));
    const char *bad[] = {"\xff",         "a\xc3",    "\xc0\xaf",
                         "\xed\xa0\x80", "\xe1\xbb", "\xf4\x90\x80\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(text_known_nfc(bad[i]));
}

static void join_and_uint_match_snprintf_at_every_size(void **state)
{
    (void)state;
    const char *parts[][3] = {{"task", "T-2026-001", ""},
                              {"so-vhttdl", "task", "T-1"},
                              {"", "", ""},
                              {"Sở Văn hóa", "nominee", "N-00012"}};
    const unsigned long long nums[] = {0, 7, 42, 4294967295ULL, 18446744073709551615ULL};
    for (size_t cap = 0; cap < 40; cap++) {
        char got[40], want[40];
        for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
            memset(got, 'x', sizeof got);
            memset(want, 'x', sizeof want);
            size_t n = TEXT_JOIN(got, cap, '/', parts[i][0], parts[i][1], parts[i][2]);
            int w = snprintf(want, cap, "%s/%s/%s", parts[i][0], parts[i][1], parts[i][2]);
            assert_int_equal(n, (size_t)w);
            assert_memory_equal(got, want, sizeof got);
        }
        for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
            for (int width = 0; width <= 12; width += 4) {
                memset(got, 'x', sizeof got);
                memset(want, 'x', sizeof want);
                size_t n = text_uint(got, cap, nums[i], width);
                int w = snprintf(want, cap, "%0*llu", width, nums[i]);
                assert_int_equal(n, (size_t)w);
                assert_memory_equal(got, want, sizeof got);
            }
    }
}

/* A copy cut to fit keeps whole characters only: at every size, the
 * longest prefix of whole characters that fits. */
static void a_cut_copy_keeps_whole_characters(void **state)
{
    (void)state;
    const char *src = "Nguyễn Văn An 🙂 Đạt";
    size_t len = strlen(src);
    for (size_t cap = 1; cap <= len + 2; cap++) {
        char dst[64];
        memset(dst, 'x', sizeof dst);
        text_copy(dst, cap, src, len);
        size_t got = strlen(dst), want = len < cap ? len : cap - 1;
        while (want && ((unsigned char)src[want] & 0xC0) == 0x80)
            want--;
        assert_int_equal(got, want);
        assert_memory_equal(dst, src, got);
        assert_true(text_valid_utf8(dst, got));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nfd_and_nfc_are_one_name_with_one_width),
        cmocka_unit_test(folding_strips_marks_and_keeps_or_folds_case),
        cmocka_unit_test(validation_names_the_field_and_normalizes),
        cmocka_unit_test(key_files_round_trip_every_key),
        cmocka_unit_test(join_and_uint_match_snprintf_at_every_size),
        cmocka_unit_test(known_nfc_text_is_its_own_nfc_form),
        cmocka_unit_test(a_cut_copy_keeps_whole_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
