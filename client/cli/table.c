/* Column alignment by display width (utf8proc), so Vietnamese names line up
 * whether typed as NFC or NFD. Text is flush left; a column of numbers is
 * flush right, so units line up under units. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "text.h"

struct cli_table {
    int columns;
    char **cells; /* rows * columns, NFC copies */
    size_t rows, cap;
    bool *right; /* per column: flush right (cli_table_right) */
};

cli_table_t *cli_table_new(int columns)
{
    cli_table_t *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->columns = columns;
    if (!(t->right = calloc((size_t)columns, sizeof *t->right))) {
        free(t);
        return NULL;
    }
    return t;
}

void cli_table_right(cli_table_t *t, int first, int last)
{
    for (int c = first < 0 ? 0 : first; t && c <= last && c < t->columns; c++)
        t->right[c] = true;
}

void cli_table_row(cli_table_t *t, ...)
{
    if (t->rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **c = realloc(t->cells, cap * t->columns * sizeof *c);
        if (!c)
            return;
        t->cells = c;
        t->cap = cap;
    }
    va_list ap;
    va_start(ap, t);
    for (int i = 0; i < t->columns; i++) {
        const char *s = va_arg(ap, const char *);
        char *nfc = text_nfc(s ? s : "");
        t->cells[t->rows * t->columns + i] = nfc ? nfc : strdup("?");
    }
    va_end(ap);
    t->rows++;
}

void cli_table_print(cli_table_t *t, FILE *out)
{
    int *width = calloc(t->columns, sizeof *width);
    if (!width)
        return;
    for (size_t r = 0; r < t->rows; r++)
        for (int c = 0; c < t->columns; c++) {
            int w = text_width(t->cells[r * t->columns + c]);
            if (w > width[c])
                width[c] = w;
        }
    for (size_t r = 0; r < t->rows; r++) {
        char **row = t->cells + r * t->columns;
        int end = t->columns; /* a row stops at its last filled cell: no trailing blanks */
        while (end > 1 && !*row[end - 1])
            end--;
        for (int c = 0; c < end; c++) {
            const char *cell = row[c];
            bool last = c == end - 1;
            int pad = width[c] - text_width(cell), gap = last ? 0 : 2;
            fprintf(out, "%*s%s%*s", t->right[c] ? pad : 0, "", cell,
                    (t->right[c] ? 0
                     : last      ? 0
                                 : pad) +
                        gap,
                    "");
        }
        fputc('\n', out);
    }
    free(width);
}

void cli_meta_rows(cli_table_t *t, const Thidua__V1__Meta *m, const char *who)
{
    if (!m)
        return;
    char when[32], rev[64], changed[480];
    thd_format_time(m->mod_time_ms, true, when, sizeof when);
    snprintf(rev, sizeof rev, _("%llu (created at %llu)"), (unsigned long long)m->mod_revision,
             (unsigned long long)m->create_revision);
    snprintf(changed, sizeof changed, _("%s by %s"), when, who ? who : m->mod_actor);
    cli_table_row(t, _("Revision"), rev);
    cli_table_row(t, _("Last changed"), changed);
}

void cli_table_print_list(cli_table_t *t, FILE *out, const char *none)
{
    if (t->rows > 1)
        cli_table_print(t, out);
    else
        fprintf(out, "%s\n", none);
}

void cli_table_destroy(cli_table_t **t_p)
{
    if (!t_p || !*t_p)
        return;
    cli_table_t *t = *t_p;
    for (size_t i = 0; i < t->rows * t->columns; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->right);
    free(t);
    *t_p = NULL;
}
