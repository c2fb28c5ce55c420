/* The reason table and its one renderer, shared by the broker (English,
 * into Status.message) and libthidua (translated, thd_status_text). */
#include "reasons.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "thidua.pb-c.h"

static const thd_reason_row_t rows[THD_R_COUNT] = {
#define THD_R_ROW(name, id_, code_, side_, labels_, text_)                                         \
    [THD_R_##name] = {.id = id_,                                                                   \
                      .code = THD_##code_,                                                         \
                      .side = THD_SIDE_##side_,                                                    \
                      .labels = labels_,                                                           \
                      .text = text_},
    THD_REASONS(THD_R_ROW)
#undef THD_R_ROW
};

const thd_reason_row_t *thd_reason_row(thd_reason_t r)
{
    return r > THD_R_NONE && r < THD_R_COUNT ? &rows[r] : NULL;
}

const thd_reason_row_t *thd_reason_find(const char *id)
{
    for (int r = THD_R_NONE + 1; id && *id && r < THD_R_COUNT; r++)
        if (strcmp(rows[r].id, id) == 0)
            return &rows[r];
    return NULL;
}

/* The placeholder at p ("%s" or "%N$s"): its length, and *index the
 * 1-based parameter it names (0 for the next one). 0 when p holds none. */
static size_t placeholder(const char *p, unsigned *index)
{
    *index = 0;
    if (p[0] != '%')
        return 0;
    if (p[1] == 's')
        return 2;
    size_t i = 1;
    unsigned n = 0;
    while (p[i] >= '0' && p[i] <= '9' && n < 100)
        n = n * 10 + (unsigned)(p[i++] - '0');
    if (i == 1 || n == 0 || p[i] != '$' || p[i + 1] != 's')
        return 0;
    *index = n;
    return i + 2;
}

size_t thd_render(char *buf, size_t cap, const char *text, const char *const *params,
                  size_t n_params)
{
    assert(cap > 0);
    size_t len = 0;
    unsigned next = 0;
    for (const char *p = text; *p && len < cap - 1;) {
        unsigned index;
        size_t skip = placeholder(p, &index);
        const char *piece = p;
        size_t piece_len = 1;
        if (skip) {
            size_t i = index ? index - 1 : next++;
            piece = i < n_params && params[i] ? params[i] : "";
            piece_len = strlen(piece);
        } else if (p[0] == '%' && p[1] == '%') {
            skip = 2;
        } else {
            skip = 1;
        }
        len += text_copy(buf + len, cap - len, piece, piece_len);
        p += skip;
    }
    buf[len] = '\0';
    return len;
}

int thd_placeholders(const char *text, unsigned *used)
{
    int seq = 0, most = 0;
    *used = 0;
    for (const char *p = text; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        unsigned index;
        size_t skip = placeholder(p, &index);
        if (!skip)
            return -1;
        if (index == 0)
            index = (unsigned)++seq;
        else
            most = (int)index > most ? (int)index : most;
        if (index <= 32)
            *used |= 1u << (index - 1);
        p += skip - 1;
    }
    return seq && most ? -1 : seq ? seq : most;
}

size_t thd_render_alternatives(char *buf, size_t cap, const char *codes, const char *conj,
                               void (*word)(const char *code, char *out, size_t cap))
{
    if (cap == 0)
        return 0;
    size_t n = 1, len = 0;
    for (const char *p = codes; *p; p++)
        n += *p == '|';
    buf[0] = '\0';
    const char *p = codes;
    for (size_t i = 0; i < n && len < cap - 1; i++) {
        size_t k = strcspn(p, "|");
        char code[THD_MAX_REASON_PARAM_BYTES + 1], w[256];
        snprintf(code, sizeof code, "%.*s", (int)k, p);
        if (word)
            word(code, w, sizeof w);
        const char *text = word ? w : code, *sep = !i ? "" : i + 1 == n ? conj : ", ";
        len += text_copy(buf + len, cap - len, sep, strlen(sep));
        len += text_copy(buf + len, cap - len, text, strlen(text));
        p += k + (p[k] == '|');
    }
    return len;
}

/* English for a label parameter: its codes as they are ("admin|office|unit"
 * reads "admin, office or unit"). */
static void english_label(char *buf, size_t cap, const char *codes)
{
    thd_render_alternatives(buf, cap, codes, " or ", NULL);
}

size_t thd_render_parts(char *buf, size_t cap, const char *parts,
                        const char *(*text)(const char *english))
{
    size_t len = 0;
    buf[0] = '\0';
    for (const char *p = parts; *p && len < cap - 1;) {
        size_t item = strcspn(p, "|");
        char one[THD_MAX_REASON_PARAM_BYTES + 1], *fields[1 + THD_MAX_REASON_PARAMS];
        text_copy(one, sizeof one, p, item);
        size_t n = 0;
        for (char *f = one; f && n < 1 + THD_MAX_REASON_PARAMS; n++) {
            fields[n] = f;
            f = strchr(f, ':');
            if (f)
                *f++ = '\0';
        }
        const thd_reason_row_t *row = thd_reason_find(fields[0]);
        if (row) {
            if (len)
                len += text_copy(buf + len, cap - len, "; ", 2);
            len += thd_render(buf + len, cap - len, text ? text(row->text) : row->text,
                              (const char *const *)fields + 1, n - 1);
        }
        p += item + (p[item] == '|');
    }
    return len;
}

void thd_parts_add(char *buf, size_t cap, thd_reason_t r, const char *const *params, size_t n)
{
    char item[THD_MAX_REASON_PARAM_BYTES + 1];
    int len = snprintf(item, sizeof item, "%s%s", *buf ? "|" : "", thd_reason_row(r)->id);
    for (size_t i = 0; i < n && len > 0 && (size_t)len < sizeof item; i++)
        len += snprintf(item + len, sizeof item - (size_t)len, ":%s", params[i]);
    size_t have = strlen(buf);
    if (len > 0 && have + (size_t)len < cap) /* whole items only */
        memcpy(buf + have, item, (size_t)len + 1);
}

int thd_refuse_(thd_status_t *st, thd_reason_t r, const char *const *args)
{
    const thd_reason_row_t *row = thd_reason_row(r);
    assert(row && args[0]);
    if (!st)
        return row->code;
    memset(st, 0, sizeof *st);
    st->code = row->code;
    snprintf(st->field, sizeof st->field, "%s", args[0]);
    snprintf(st->reason, sizeof st->reason, "%s", row->id);
    const char *shown[THD_MAX_REASON_PARAMS];
    char labels[THD_MAX_REASON_PARAMS][sizeof st->message]; /* parts grow as text */
    for (const char *const *a = args + 1; *a && st->n_params < THD_MAX_REASON_PARAMS; a++) {
        int i = st->n_params++;
        text_copy(st->params[i], sizeof st->params[i], *a, strlen(*a));
        shown[i] = st->params[i];
        if (row->labels & THD_L(i)) {
            english_label(labels[i], sizeof labels[i], st->params[i]);
            shown[i] = labels[i];
        } else if (row->labels & THD_PARTS(i)) {
            thd_render_parts(labels[i], sizeof labels[i], st->params[i], NULL);
            shown[i] = labels[i];
        }
    }
    unsigned used;
    assert(thd_placeholders(row->text, &used) == st->n_params); /* the call matches its row */
    (void)used;
    thd_render(st->message, sizeof st->message, row->text, shown, (size_t)st->n_params);
    return st->code;
}

const char *thd_fmt_u(char *buf, unsigned long long n)
{
    snprintf(buf, 24, "%llu", n);
    return buf;
}

const char *thd_fmt_i(char *buf, long long n)
{
    snprintf(buf, 24, "%lld", n);
    return buf;
}

const char *thd_fmt_mib(char *buf, double bytes)
{
    snprintf(buf, 32, "%.1f", bytes / 1048576.0);
    return buf;
}
