/* The decision's template: sections of lines the office edits, with
 * {{placeholders}}. Every placeholder is checked when the file is read,
 * so a typo is refused with its line before anything is drawn, never
 * printed into a decision as it stands. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decision.h"
#include "file_read.h"
#include "i18n.h"
#include "text.h"

#define MAX_LINES    512          /* a template is a page or two; more is a wrong file */
#define MAX_TEMPLATE (256 * 1024) /* bytes, for the same reason */

static const char *const section_names[DEC_N_SECTIONS] = {
    [DEC_INFO] = "thong_tin", [DEC_SUBJECT] = "trich_yeu", [DEC_AUTHORITY] = "tham_quyen",
    [DEC_BASES] = "can_cu",   [DEC_ARTICLES] = "dieu",     [DEC_RECIPIENTS] = "noi_nhan",
    [DEC_SIGNER] = "ky",      [DEC_CERT] = "bang_khen",
};

/* Filled by the program for every section (dec_globals_fill). */
static const char *const global_names[] = {"so_quyet_dinh", "ngay",       "thang",
                                           "nam",           "so_tap_the", "so_ca_nhan",
                                           "tong_so",       "thanh_phan", "phien_ban"};
/* Filled per nominee, in [bang_khen] only (decision_cert.c). */
static const char *const nominee_names[] = {"ten",    "chuc_vu",  "noi_cong_tac",
                                            "don_vi", "linh_vuc", "thanh_tich"};
/* [thong_tin] keys the layout itself prints. */
static const char *const required_info[] = {"co_quan_chu_quan", "co_quan",  "ky_hieu",
                                            "dia_danh",         "nguoi_ky", "hinh_thuc"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct tpl_line {
    char *text;
    int lineno;
} tpl_line_t;

struct dec_tpl {
    tpl_line_t *lines[DEC_N_SECTIONS];
    size_t n[DEC_N_SECTIONS];
    char **keys, **values; /* [thong_tin] */
    size_t n_info;
};

void dec_tpl_destroy(dec_tpl_t **self_p)
{
    dec_tpl_t *t = *self_p;
    if (!t)
        return;
    for (int s = 0; s < DEC_N_SECTIONS; s++) {
        for (size_t i = 0; i < t->n[s]; i++)
            free(t->lines[s][i].text);
        free(t->lines[s]);
    }
    for (size_t i = 0; i < t->n_info; i++) {
        free(t->keys[i]);
        free(t->values[i]);
    }
    free(t->keys);
    free(t->values);
    free(t);
    *self_p = NULL;
}

static bool in_list(const char *name, size_t len, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(list[i], name, len) == 0)
            return true;
    return false;
}

static bool is_info_key(const dec_tpl_t *t, const char *name, size_t len)
{
    return in_list(name, len, (const char *const *)t->keys, t->n_info);
}

/* Checks the placeholders of one line; s is DEC_INFO for a value, where
 * only the program's own placeholders may appear (no value refers to
 * another). */
static int check_line(const dec_tpl_t *t, enum dec_section s, const char *text, int lineno,
                      const char *source, char *err, size_t cap)
{
    for (const char *p = strstr(text, "{{"); p; p = strstr(p, "{{")) {
        const char *end = strstr(p + 2, "}}");
        if (!end) {
            snprintf(err, cap, cli_error_text(N_("%s, line %d: '{{' is not closed by '}}'")),
                     source, lineno);
            return -1;
        }
        const char *name = p + 2;
        size_t len = (size_t)(end - name);
        bool known = in_list(name, len, global_names, N(global_names)) ||
                     (s != DEC_INFO && is_info_key(t, name, len)) ||
                     (s == DEC_CERT && in_list(name, len, nominee_names, N(nominee_names)));
        if (!known) {
            snprintf(err, cap,
                     cli_error_text(N_(
                         "%s, line %d: unknown placeholder {{%.*s}} (a [thong_tin] key, or one of "
                         "so_quyet_dinh, ngay, thang, nam, so_tap_the, so_ca_nhan, tong_so, "
                         "thanh_phan, phien_ban; in [bang_khen] also ten, chuc_vu, noi_cong_tac, "
                         "don_vi, "
                         "linh_vuc, thanh_tich)")),
                     source, lineno, (int)len, name);
            return -1;
        }
        p = end + 2;
    }
    return 0;
}

static int add_line(dec_tpl_t *t, enum dec_section s, const char *text, int lineno)
{
    if (t->n[s] >= MAX_LINES)
        return -1;
    tpl_line_t *l = realloc(t->lines[s], (t->n[s] + 1) * sizeof *l);
    if (!l)
        return -1;
    t->lines[s] = l;
    l[t->n[s]] = (tpl_line_t){.text = strdup(text), .lineno = lineno};
    return l[t->n[s]++].text ? 0 : -1;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* "key: value" of [thong_tin]. */
static int add_info(dec_tpl_t *t, char *line, int lineno, const char *source, char *err, size_t cap)
{
    char *colon = strchr(line, ':');
    if (!colon) {
        snprintf(
            err, cap,
            cli_error_text(N_("%s, line %d: [thong_tin] takes lines of the form 'key: value'")),
            source, lineno);
        return -1;
    }
    *colon = '\0';
    char *key = trim(line), *value = trim(colon + 1);
    for (const char *k = key; *k; k++)
        if (!islower((unsigned char)*k) && *k != '_' && !isdigit((unsigned char)*k)) {
            snprintf(
                err, cap,
                cli_error_text(N_("%s, line %d: a key is written in a-z, 0-9 and _, not '%s'")),
                source, lineno, key);
            return -1;
        }
    char **k = realloc(t->keys, (t->n_info + 1) * sizeof *k);
    if (k)
        t->keys = k;
    char **v = k ? realloc(t->values, (t->n_info + 1) * sizeof *v) : NULL;
    if (!v)
        return -1;
    t->values = v;
    t->keys[t->n_info] = strdup(key);
    t->values[t->n_info] = strdup(value);
    t->n_info++;
    return 0;
}

static int section_of(const char *line, int lineno, const char *source, char *err, size_t cap)
{
    size_t n = strlen(line);
    for (int s = 0; s < DEC_N_SECTIONS; s++)
        if (n == strlen(section_names[s]) + 2 && strncmp(line + 1, section_names[s], n - 2) == 0)
            return s;
    snprintf(err, cap,
             cli_error_text(N_(
                 "%s, line %d: unknown section %s (thong_tin, trich_yeu, tham_quyen, can_cu, dieu, "
                 "noi_nhan, ky, bang_khen)")),
             source, lineno, line);
    return -1;
}

/* Reads the lines into sections; comments (#) and blank lines are skipped. */
static int read_lines(dec_tpl_t *t, char *text, const char *source, char *err, size_t cap)
{
    int section = -1, lineno = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *l = trim(line);
        if (!*l || *l == '#')
            continue;
        if (*l == '[') {
            if ((section = section_of(l, lineno, source, err, cap)) < 0)
                return -1;
            continue;
        }
        if (section < 0) {
            snprintf(err, cap, cli_error_text(N_("%s, line %d: text before the first [section]")),
                     source, lineno);
            return -1;
        }
        int rc = section == DEC_INFO ? add_info(t, l, lineno, source, err, cap)
                                     : add_line(t, section, l, lineno);
        if (rc != 0) {
            if (!*err)
                snprintf(err, cap,
                         cli_error_text(N_("%s, line %d: a section holds at most 512 lines")),
                         source, lineno);
            return -1;
        }
    }
    return 0;
}

/* After the whole file is read, since a line may use a key defined below. */
static int check_all(const dec_tpl_t *t, const char *source, char *err, size_t cap)
{
    for (size_t i = 0; i < N(required_info); i++)
        if (!is_info_key(t, required_info[i], strlen(required_info[i]))) {
            snprintf(err, cap, cli_error_text(N_("%s: [thong_tin] lacks the key %s")), source,
                     required_info[i]);
            return -1;
        }
    for (size_t i = 0; i < t->n_info; i++)
        if (check_line(t, DEC_INFO, t->values[i], 0, source, err, cap) != 0)
            return -1;
    for (int s = 0; s < DEC_N_SECTIONS; s++)
        for (size_t i = 0; i < t->n[s]; i++)
            if (check_line(t, s, t->lines[s][i].text, t->lines[s][i].lineno, source, err, cap))
                return -1;
    return 0;
}

dec_tpl_t *dec_tpl_parse(const char *text, const char *source, char *err, size_t cap)
{
    *err = '\0';
    dec_tpl_t *t = calloc(1, sizeof *t);
    char *copy = strdup(text);
    if (!t || !copy || read_lines(t, copy, source, err, cap) != 0 ||
        check_all(t, source, err, cap) != 0) {
        if (!*err)
            snprintf(err, cap, cli_error_text(N_("out of memory")));
        free(copy);
        dec_tpl_destroy(&t);
        return NULL;
    }
    free(copy);
    return t;
}

size_t dec_tpl_n_lines(const dec_tpl_t *t, enum dec_section s)
{
    return t->n[s];
}

static const char *lookup(const dec_tpl_t *t, const char *name, size_t len, const dec_var_t *vars,
                          size_t n_vars, bool *is_info)
{
    *is_info = false;
    for (size_t i = 0; i < n_vars; i++)
        if (strlen(vars[i].name) == len && memcmp(vars[i].name, name, len) == 0)
            return vars[i].value;
    for (size_t i = 0; t && i < t->n_info; i++)
        if (strlen(t->keys[i]) == len && memcmp(t->keys[i], name, len) == 0) {
            *is_info = true;
            return t->values[i];
        }
    return "";
}

/* text with its placeholders filled; info values are filled in turn from
 * vars alone (t NULL), which the parse checked is enough. */
static char *expand(const dec_tpl_t *t, const char *text, const dec_var_t *vars, size_t n_vars)
{
    size_t cap = strlen(text) + 1, len = 0;
    char *out = malloc(cap);
    for (const char *p = text; out && *p;) {
        const char *end = strncmp(p, "{{", 2) == 0 ? strstr(p + 2, "}}") : NULL;
        char *piece = NULL;
        const char *add = p;
        size_t n = 1;
        if (end) {
            bool info;
            add = lookup(t, p + 2, (size_t)(end - p - 2), vars, n_vars, &info);
            if (info)
                add = piece = expand(NULL, add, vars, n_vars);
            n = add ? strlen(add) : 0;
            p = end + 2;
        } else
            p++;
        char *grown = len + n + 1 > cap ? realloc(out, cap = 2 * (len + n + 1)) : out;
        if (!grown) {
            free(out);
            free(piece);
            return NULL;
        }
        out = grown;
        memcpy(out + len, add ? add : "", n);
        len += n;
        free(piece);
    }
    if (out)
        out[len] = '\0';
    return out;
}

char *dec_tpl_info(const dec_tpl_t *t, const char *key, const dec_var_t *vars, size_t n_vars)
{
    for (size_t i = 0; i < t->n_info; i++)
        if (strcmp(t->keys[i], key) == 0)
            return expand(NULL, t->values[i], vars, n_vars);
    return strdup("");
}

char *dec_tpl_line(const dec_tpl_t *t, enum dec_section s, size_t i, const dec_var_t *vars,
                   size_t n_vars)
{
    return expand(t, t->lines[s][i].text, vars, n_vars);
}

/* The whole file, NUL-terminated, or NULL with the reason in err. */
static char *read_text(const char *path, char *err, size_t cap)
{
    char *buf;
    size_t n;
    int why = file_read_all(path, MAX_TEMPLATE, &buf, &n);
    if (why == EFBIG) {
        snprintf(err, cap, cli_error_text(N_("the template '%s' is over %d KiB")), path,
                 MAX_TEMPLATE / 1024);
        return NULL;
    }
    if (why) {
        snprintf(err, cap, cli_error_text(N_("cannot read the template '%s': %s")), path,
                 cli_strerror(why));
        return NULL;
    }
    if (!text_valid_utf8(buf, n) || memchr(buf, '\0', n)) {
        snprintf(err, cap, cli_error_text(N_("the template '%s' is not UTF-8 text")), path);
        free(buf);
        return NULL;
    }
    return buf;
}

dec_tpl_t *dec_tpl_load(const char *path, char *err, size_t cap)
{
    *err = '\0';
    if (!path && access(THIDUA_DECISION_TEMPLATE, R_OK) == 0)
        path = THIDUA_DECISION_TEMPLATE;
    char *raw = path ? read_text(path, err, cap) : strdup((const char *)dec_tpl_default);
    char *text = raw ? text_nfc(raw) : NULL; /* NFC, as every text the broker keeps */
    free(raw);
    if (!text) {
        if (!*err)
            snprintf(err, cap, cli_error_text(N_("out of memory")));
        return NULL;
    }
    dec_tpl_t *t =
        dec_tpl_parse(text, path ? path : cli_error_text(N_("the built-in template")), err, cap);
    free(text);
    return t;
}
