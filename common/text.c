#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

bool text_valid_utf8(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0 || cp == 0)
            return false;
        p += n;
        left -= n;
    }
    return true;
}

char *text_nfc(const char *s)
{
    if (!text_valid_utf8(s, strlen(s)))
        return NULL;
    return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

/* Code points that are starters, their own NFC form, and never the second
 * of a canonical composition, so no NFC changes a string made of them:
 * Latin-1 and Latin Extended-A and -B, Latin Extended Additional (every
 * precomposed Vietnamese letter), the common punctuation and the currency
 * signs. test_text checks every one alone and every pair of them against
 * utf8proc. */
static const struct {
    utf8proc_int32_t lo, hi;
} composed[] = {
    {0x00A0, 0x024F}, {0x1E00, 0x1EFF}, {0x2010, 0x2027}, {0x2030, 0x205E}, {0x20A0, 0x20C0}};

static bool composed_char(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return true;
    for (size_t i = 0; i < sizeof composed / sizeof composed[0]; i++)
        if (cp >= composed[i].lo && cp <= composed[i].hi)
            return true;
    return false;
}

bool text_known_nfc(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp = *p;
        utf8proc_ssize_t n = cp < 0x80 ? 1 : utf8proc_iterate(p, -1, &cp);
        if (n <= 0 || !composed_char(cp))
            return false;
        p += n;
    }
    return true;
}

size_t text_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

size_t text_copy(char *dst, size_t cap, const char *src, size_t len)
{
    if (cap == 0)
        return 0;
    if (len >= cap) /* back to a character's first byte */
        for (len = cap - 1; len && ((unsigned char)src[len] & 0xC0) == 0x80; len--)
            ;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return len;
}

int text_width(const char *s)
{
    char *nfc = text_known_nfc(s) ? NULL : text_nfc(s);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(nfc ? nfc : s);
    int width = 0;
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    while (*p && (n = utf8proc_iterate(p, -1, &cp)) > 0) {
        int w = utf8proc_charwidth(cp);
        width += w > 0 ? w : 0;
        p += n;
    }
    free(nfc);
    return width;
}

bool text_has_control(const char *s, bool multiline)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (multiline && (*p == '\n' || *p == '\t' || *p == '\r'))
            continue;
        if (*p < 0x20 || *p == 0x7f)
            return true;
    }
    return false;
}

/* Appends len bytes of s at *at, keeping room for the terminator. */
static void put(char *buf, size_t cap, size_t *at, const char *s, size_t len)
{
    if (*at + 1 < cap) {
        size_t room = cap - 1 - *at;
        memcpy(buf + *at, s, len < room ? len : room);
    }
    *at += len;
}

static size_t terminate(char *buf, size_t cap, size_t len)
{
    if (cap)
        buf[len < cap ? len : cap - 1] = '\0';
    return len;
}

size_t text_join(char *buf, size_t cap, char sep, size_t n, const char *const parts[])
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            put(buf, cap, &len, &sep, 1);
        put(buf, cap, &len, parts[i], strlen(parts[i]));
    }
    return terminate(buf, cap, len);
}

size_t text_uint(char *buf, size_t cap, unsigned long long v, int width)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[sizeof digits - ++n] = (char)('0' + v % 10);
        v /= 10;
    } while (v || (n < (size_t)width && n < sizeof digits));
    size_t len = 0;
    put(buf, cap, &len, digits + sizeof digits - n, n);
    return terminate(buf, cap, len);
}

bool text_blank(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        if (*p < 0x80 && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return false; /* a letter, a digit: most text ends here */
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0)
            return false;
        utf8proc_category_t c = utf8proc_category(cp);
        if (cp >= 0x80 && c != UTF8PROC_CATEGORY_ZS && c != UTF8PROC_CATEGORY_ZL &&
            c != UTF8PROC_CATEGORY_ZP && c != UTF8PROC_CATEGORY_CF)
            return false;
        p += n;
    }
    return true;
}
