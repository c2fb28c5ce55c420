#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The one process-wide setting: chosen once at start-up, read everywhere. */
static enum log_level current = LOG_INFO;
static const char *const names[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level)
{
    current = level;
}

int log_parse_level(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

/* Copies in to out with every control character written as an escape
 * (\n, \r, \t, \\, \xNN), C1 controls (U+0080-U+009F) too: values in a
 * log line come from anyone (an account name typed at sign-in, a URL), and
 * a raw newline would forge a line, an ESC would drive the reader's
 * terminal. Cut whole: an escape is never split at the end. */
static void escape(const char *in, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        char e[8];
        size_t n = 0;
        unsigned c = *p;
        bool c1 = c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
        if (c1)
            c = *++p;
        if (c == '\\' || c == '\n' || c == '\r' || c == '\t') {
            e[n++] = '\\';
            e[n++] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : '\\';
        } else if (c < 0x20 || c == 0x7f || c1) {
            e[n++] = '\\';
            e[n++] = 'x';
            e[n++] = hex[c >> 4];
            e[n++] = hex[c & 15];
        } else {
            e[n++] = (char)c;
        }
        if (o + n >= cap)
            break;
        memcpy(out + o, e, n);
        o += n;
    }
    out[o] = '\0';
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    if (level > current)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    char safe[sizeof line * 2];
    escape(line, safe, sizeof safe);
    fprintf(stderr, "%s.%03ldZ %-5s %s\n", when, ts.tv_nsec / 1000000, names[level], safe);
}
