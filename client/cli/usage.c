/* Usage lines in the language in use. The placeholders come from the
 * catalog (msgctxt "usage"); a choice of values, written in the English
 * line by their codes ("met|not_met"), is shown as the words people type
 * for those values in that language, read from the values' own labels,
 * so that no translation spells them by hand: Đạt|"Không đạt" in
 * Vietnamese, met|"not met" in English. A word with a blank in it is
 * quoted, as a shell needs it typed. Scripts keep typing the codes. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "pbjson.h"

/* The values a usage line offers by their codes: an enum's (from 1: 0 is
 * "unspecified", never typed, as words_enum reads them) or a choice the
 * program names itself (cli.h). A group of codes in a usage line is shown
 * in words when it names every value of one of these, in any order. */
static const struct offer {
    const ProtobufCEnumDescriptor *d;
    const struct cli_choices *c;
} offers[] = {
    {.d = &thidua__v1__task_kind__descriptor},
    {.d = &thidua__v1__phase__descriptor},
    {.d = &thidua__v1__nominee_kind__descriptor},
    {.d = &thidua__v1__check_result__descriptor},
    {.c = &cli_opinions},
    {.c = &cli_outcomes},
    {.c = &cli_applies_to},
    {.c = &cli_yes_no_words},
};

enum { GROUP_MAX = 8 }; /* the most values one offer has, with room */

static size_t offer_count(const struct offer *o)
{
    return o->d ? o->d->n_values - 1 : o->c->n;
}

static const char *offer_code(const struct offer *o, size_t i, char *buf, size_t cap)
{
    return o->d ? pbjson_enum_name(o->d, o->d->values[i + 1].value, buf, cap) : o->c->names[i];
}

/* The i-th value's word in the language in use, as words.c reads it. */
static const char *offer_word(const struct offer *o, size_t i, char *buf, size_t cap)
{
    return o->d ? cli_label(o->d, o->d->values[i + 1].value, buf, cap) : _(o->c->labels[i]);
}

/* The value of o whose code is the n bytes at code, or -1. */
static int offer_find(const struct offer *o, const char *code, size_t n)
{
    for (size_t i = 0; i < offer_count(o); i++) {
        char buf[64];
        const char *c = offer_code(o, i, buf, sizeof buf);
        if (strlen(c) == n && strncmp(c, code, n) == 0)
            return (int)i;
    }
    return -1;
}

/* The values of o that group ("a|b|c", n bytes) names, into at; their
 * number, or 0 unless it names each of o's values once. */
static size_t offer_match(const struct offer *o, const char *group, size_t n, int at[GROUP_MAX])
{
    size_t k = 0;
    unsigned seen = 0;
    for (const char *p = group, *end = group + n; p < end && k < GROUP_MAX; k++) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        size_t len = bar ? (size_t)(bar - p) : (size_t)(end - p);
        at[k] = offer_find(o, p, len);
        if (at[k] < 0 || (seen & 1u << at[k]))
            return 0;
        seen |= 1u << at[k];
        p += len + 1;
    }
    return k == offer_count(o) ? k : 0;
}

/* group (n bytes) in words into out when it is a choice of values; the
 * bytes written, or 0 when it is not (left as it stands). */
static size_t group_words(const char *group, size_t n, char *out, size_t cap)
{
    if (!memchr(group, '|', n))
        return 0;
    for (size_t i = 0; i < sizeof offers / sizeof offers[0]; i++) {
        int at[GROUP_MAX];
        size_t k = offer_match(&offers[i], group, n, at), used = 0;
        for (size_t j = 0; j < k; j++) {
            char buf[128];
            const char *w = offer_word(&offers[i], (size_t)at[j], buf, sizeof buf);
            const char *q = strchr(w, ' ') ? "\"" : "";
            int len = snprintf(out + used, cap - used, "%s%s%s%s", j ? "|" : "", q, w, q);
            if (len < 0 || used + (size_t)len >= cap)
                return 0;
            used += (size_t)len;
        }
        if (k)
            return used;
    }
    return 0;
}

size_t cli_usage_word(const char *p)
{
    bool quoted = false;
    size_t n = 0;
    for (; p[n] && (quoted || p[n] != ' '); n++)
        quoted ^= p[n] == '"';
    return n;
}

/* The catalog's words for args (msgctxt "usage"), or args. */
static const char *translated(const char *args)
{
    char key[CLI_USAGE_MAX];
    if (!*args || snprintf(key, sizeof key, "usage\004%s", args) >= (int)sizeof key)
        return args; /* "" would be the catalog's header; a longer one has no entry */
    const char *t = gettext(key);
    return t == key ? args : t;
}

const char *cli_usage_text(const char *args, char *buf, size_t cap)
{
    const char *t = translated(args);
    size_t used = 0;
    buf[0] = '\0';
    for (const char *p = t; *p && used + 1 < cap;) {
        size_t n = cli_usage_word(p), open = strspn(p, "["), close = 0, room = cap - used;
        while (close < n - open && p[n - 1 - close] == ']')
            close++;
        /* "[--kind", "work|document]": the brackets stay around the words */
        size_t w = open + close < room ? group_words(p + open, n - open - close, buf + used + open,
                                                     room - open - close)
                                       : 0;
        if (w) {
            memcpy(buf + used, p, open);
            memcpy(buf + used + open + w, p + n - close, close);
            used += open + w + close;
        } else {
            used += (size_t)snprintf(buf + used, cap - used, "%.*s", (int)n, p);
        }
        for (p += n; *p == ' ' && used + 1 < cap; p++)
            buf[used++] = ' ';
        buf[used < cap ? used : cap - 1] = '\0';
    }
    return used + 1 < cap ? buf : t; /* cut: as the catalog has it, codes and all */
}
