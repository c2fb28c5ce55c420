/* multipart/form-data as browsers send it (RFC 7578, and the HTML
 * standard's encoding of names: '"', CR and LF as %22, %0D, %0A). The
 * whole body is in memory and bounded by the route's limit; this only
 * finds the parts in it. */
#include "multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_BOUNDARY 70 /* RFC 2046 */

static const char *find(const char *hay, size_t n, const char *needle, size_t m)
{
    const char *p = hay, *end = hay + n;
    while (m <= (size_t)(end - p)) {
        p = memchr(p, needle[0], (size_t)(end - p) - m + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, m) == 0)
            return p;
        p++;
    }
    return NULL;
}

/* The boundary parameter of a Content-Type, quoted or not. */
static bool boundary_of(const char *ct, char *out, size_t cap)
{
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
        return false;
    const char *b = strstr(ct, "boundary=");
    if (!b)
        return false;
    b += 9;
    bool quoted = *b == '"';
    b += quoted;
    size_t n = strcspn(b, quoted ? "\"" : "; \t");
    if (n == 0 || n > MAX_BOUNDARY || n + 1 > cap)
        return false;
    memcpy(out, b, n);
    out[n] = '\0';
    return true;
}

/* The value of param (name= or filename=) in a Content-Disposition line,
 * with the browser's %22, %0D, %0A turned back. */
static bool param(const char *line, const char *key, char *out, size_t cap)
{
    size_t k = strlen(key);
    for (const char *p = line; (p = strstr(p, key)) != NULL; p += k) {
        if (p != line && p[-1] != ' ' && p[-1] != ';')
            continue; /* "filename=" is not "name=" */
        if (p[k] != '"')
            return false;
        size_t o = 0;
        for (const char *q = p + k + 1; *q != '"'; q++) {
            if (!*q || o + 1 >= cap)
                return false;
            char c = *q;
            if (c == '%' &&
                (!strncmp(q, "%22", 3) || !strncmp(q, "%0D", 3) || !strncmp(q, "%0A", 3))) {
                c = q[2] == '2' ? '"' : q[2] == 'D' ? '\r' : '\n';
                q += 2;
            }
            out[o++] = c;
        }
        out[o] = '\0';
        return true;
    }
    return false;
}

/* Reads a part's header lines from p (up to end); sets *body to the first
 * byte after the empty line. */
static bool headers(const char *p, const char *end, struct mp_part *part, const char **body)
{
    char line[4 * MP_MAX_NAME]; /* a name with every byte escaped still fits */
    bool named = false;
    for (;;) {
        const char *eol = find(p, (size_t)(end - p), "\r\n", 2);
        if (!eol || (size_t)(eol - p) >= sizeof line)
            return false;
        if (eol == p) {
            *body = eol + 2;
            return named;
        }
        memcpy(line, p, (size_t)(eol - p));
        line[eol - p] = '\0';
        if (strncasecmp(line, "Content-Disposition:", 20) == 0) {
            if (!strstr(line, "form-data"))
                return false;
            named = param(line, "name=", part->name, sizeof part->name) && *part->name;
            part->is_file = strstr(line, "filename=") != NULL;
            if (part->is_file && !param(line, "filename=", part->filename, sizeof part->filename))
                return false;
        } else if (strncasecmp(line, "Content-Type:", 13) == 0) {
            snprintf(part->media_type, sizeof part->media_type, "%s",
                     line + 13 + strspn(line + 13, " \t"));
        }
        p = eol + 2;
    }
}

int multipart_parse(const char *content_type, const char *body, size_t len, struct mp_part *parts,
                    size_t max)
{
    char b[MAX_BOUNDARY + 1], delim[MAX_BOUNDARY + 5];
    if (!body || !boundary_of(content_type, b, sizeof b))
        return -1;
    int m = snprintf(delim, sizeof delim, "\r\n--%s", b);
    const char *end = body + len;
    /* the first delimiter may open the body without its CRLF */
    const char *p = find(body, len, delim + 2, (size_t)m - 2);
    if (!p)
        return -1;
    p += m - 2;
    size_t n = 0;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return (int)n; /* the closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n' || n == max)
            return -1;
        struct mp_part *part = &parts[n];
        memset(part, 0, sizeof *part);
        const char *data;
        if (!headers(p + 2, end, part, &data))
            return -1;
        const char *next = find(data, (size_t)(end - data), delim, (size_t)m);
        if (!next)
            return -1;
        part->data = data;
        part->len = (size_t)(next - data);
        n++;
        p = next + m;
    }
}
