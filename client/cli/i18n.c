/* Language choice and catalog lookup; the words for enum values come from
 * libthidua (thd_label_enum). The catalogs are compiled from po/ by the
 * build into build/locale and installed into share/locale; the program
 * looks beside itself first so an uninstalled build and a relocated
 * install both find theirs. */
#include "i18n.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pbjson.h"
#include "syserr.h"
#include "thidua.h"

#define DOMAIN "thidua"

#ifndef THIDUA_LOCALEDIR
#define THIDUA_LOCALEDIR "/usr/local/share/locale"
#endif

static const char *current = "vi";
static bool english_errors; /* cli_i18n_english_errors */
static locale_t c_locale;   /* for the system's error texts in English */

/* The first non-empty of LC_ALL, LC_MESSAGES, LANG (POSIX's order). */
static const char *env_lang(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return "";
}

static bool has_catalog(const char *dir)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/vi/LC_MESSAGES/" DOMAIN ".mo", dir);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

/* prefix/bin/../share/locale when installed, build/bin/../locale in the
 * build tree, else the configured install directory. */
static void locale_dir(char *out, size_t cap)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        static const char *const rel[] = {"/../share/locale", "/../locale"};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            int len = snprintf(out, cap, "%s%s", exe, rel[i]);
            if (len > 0 && (size_t)len < cap && has_catalog(out))
                return;
        }
    }
    snprintf(out, cap, "%s", THIDUA_LOCALEDIR);
}

int cli_i18n_init(const char *lang)
{
    if (!lang)
        lang = strncmp(env_lang(), "en", 2) == 0 ? "en" : "vi";
    if (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0)
        return -1;
    current = strcmp(lang, "en") == 0 ? "en" : "vi";
    /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is on every
     * glibc system and keeps numbers and times as in C. */
    if (!setlocale(LC_ALL, "") || strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0 ||
        strcmp(setlocale(LC_MESSAGES, NULL), "POSIX") == 0)
        setlocale(LC_ALL, "C.UTF-8");
    setlocale(LC_NUMERIC, "C");
    setenv("LANGUAGE", current, 1);
    char dir[PATH_MAX];
    locale_dir(dir, sizeof dir);
    bindtextdomain(DOMAIN, dir);
    bind_textdomain_codeset(DOMAIN, "UTF-8");
    textdomain(DOMAIN);
    return 0;
}

const char *cli_i18n_lang(void)
{
    return current;
}

void cli_i18n_english_errors(void)
{
    english_errors = true;
    /* in the "C" locale glibc leaves its texts untranslated; kept for the
     * process's life */
    if (!c_locale)
        c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

const char *cli_error_lang(void)
{
    return english_errors ? "en" : current;
}

const char *cli_error_text(const char *msgid)
{
    return english_errors ? msgid : gettext(msgid);
}

/* The faults a person meets with the files they name are said in this
 * program's own words (common/syserr.h); the rest as the system says them,
 * in English where errors are (--json), else in the user's language
 * (strerror follows LANGUAGE, set above; without the "C" locale, out of
 * memory, the user's words). */
const char *cli_strerror(int e)
{
    const char *w = thd_syserr_words(e);
    if (w)
        return cli_error_text(w);
    if (english_errors && c_locale)
        return strerror_l(e, c_locale);
    return strerror(e);
}

const char *cli_decimal(double v, int digits, char *buf, size_t cap)
{
    snprintf(buf, cap, "%.*f", digits, v); /* LC_NUMERIC is "C": a point */
    char *dot = strchr(buf, '.');
    if (dot && strcmp(current, "vi") == 0)
        *dot = ',';
    return buf;
}

/* Binary units, as every limit is stated (16 MiB): dividing by 1024 and
 * writing MB would claim 5 % more than is there. */
const char *cli_format_size(uint64_t bytes, char *buf, size_t cap)
{
    static const char *const units[] = {"KiB", "MiB", "GiB"};
    if (bytes < 1024) {
        snprintf(buf, cap, _("%llu bytes"), (unsigned long long)bytes);
        return buf;
    }
    double v = (double)bytes / 1024;
    size_t u = 0;
    for (; v >= 1024 && u + 1 < sizeof units / sizeof units[0]; u++)
        v /= 1024;
    char number[32];
    snprintf(buf, cap, "%s %s", cli_decimal(v, u ? 1 : 0, number, sizeof number), units[u]);
    return buf;
}

const char *cli_date_words(int year, int month, int day, char *buf, size_t cap)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    if (month < 1 || month > 12)
        snprintf(buf, cap, "%04d-%02d-%02d", year, month, day);
    else if (strcmp(current, "vi") == 0)
        snprintf(buf, cap, "ngày %d tháng %d năm %d", day, month, year);
    else
        snprintf(buf, cap, "%d %s %d", day, months[month - 1], year);
    return buf;
}

/* The words live in libthidua (client/labels.c), shared with the monitor
 * and any other client, in both languages. */
const char *cli_label(const ProtobufCEnumDescriptor *d, int value, char *buf, size_t cap)
{
    const char *w = thd_label_enum(d, value, current);
    return w ? w : pbjson_enum_name(d, value, buf, cap);
}
