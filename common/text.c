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

bool text_is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

size_t text_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int text_width(const char *s)
{
    char *nfc = text_nfc(s);
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
