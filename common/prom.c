#include "prom.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"

static void add(prom_t *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(prom_t *p, const char *fmt, ...)
{
    if (p->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(p->buf ? p->buf + p->len : NULL, p->buf ? p->cap - p->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            break;
        if (p->buf && (size_t)n < p->cap - p->len) {
            p->len += (size_t)n;
            return;
        }
        if (grow(&p->buf, &p->cap, p->len + (size_t)n + 1, 1, PROM_MAX_BYTES) != 0)
            break;
    }
    p->failed = true;
}

void prom_family(prom_t *p, const char *name, const char *type, const char *help)
{
    add(p, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static const char *braces(const char *labels, char open[2], char close[2])
{
    bool any = labels && *labels;
    open[0] = any ? '{' : '\0', open[1] = '\0';
    close[0] = any ? '}' : '\0', close[1] = '\0';
    return any ? labels : "";
}

void prom_sample(prom_t *p, const char *name, const char *labels, double value)
{
    char o[2], c[2];
    const char *l = braces(labels, o, c);
    add(p, "%s%s%s%s %.15g\n", name, o, l, c, value);
}

void prom_sample_u64(prom_t *p, const char *name, const char *labels, uint64_t value)
{
    char o[2], c[2];
    const char *l = braces(labels, o, c);
    add(p, "%s%s%s%s %llu\n", name, o, l, c, (unsigned long long)value);
}

void prom_histogram(prom_t *p, const char *name, const char *help, const double *bounds,
                    const uint64_t *counts, size_t n, double sum)
{
    prom_family(p, name, "histogram", help);
    uint64_t below = 0;
    for (size_t i = 0; i < n; i++) {
        below += counts[i];
        add(p, "%s_bucket{le=\"%g\"} %llu\n", name, bounds[i], (unsigned long long)below);
    }
    below += counts[n];
    add(p, "%s_bucket{le=\"+Inf\"} %llu\n", name, (unsigned long long)below);
    add(p, "%s_sum %.15g\n%s_count %llu\n", name, sum, name, (unsigned long long)below);
}

/* The temporary name does not end in .prom: the collector never reads it. */
int prom_write_file(const prom_t *p, const char *dir, const char *file)
{
    if (p->failed) {
        errno = ENOMEM;
        return -1;
    }
    char path[4096], tmp[4200];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return -1;
    bool ok = fchmod(fd, 0644) == 0;
    for (size_t off = 0; ok && off < p->len;) {
        ssize_t n = write(fd, p->buf + off, p->len - off);
        ok = n > 0 || (n < 0 && errno == EINTR);
        off += n > 0 ? (size_t)n : 0;
    }
    int saved = errno;
    if (close(fd) != 0 && ok)
        ok = false, saved = errno;
    if (ok && rename(tmp, path) == 0)
        return 0;
    saved = ok ? errno : saved;
    unlink(tmp);
    errno = saved;
    return -1;
}

void prom_free(prom_t *p)
{
    free(p->buf);
    *p = (prom_t){0};
}
