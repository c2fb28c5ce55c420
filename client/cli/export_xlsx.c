/* XLSX export for people (libxlsxwriter): a summary sheet (revision, export
 * time, nominees per field and kind against quota), one sheet per kind and
 * last the statistics (export_stats.c),
 * with translated headers and labels, a frozen header row, an autofilter,
 * column widths from the text's display width, real Excel dates, and
 * overdue tasks highlighted. Every sheet prints as a chair would hand it
 * round: A4 landscape, one page wide, the header row on every page, a
 * title (congress, sheet, revision, time) and "page N/M". */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "export_xlsx.h"
#include "i18n.h"
#include "text.h"

#define CELL_BUF    32768
#define MAX_WIDTH   45   /* wider text wraps onto more lines of its row */
#define MAX_LINES   12   /* a longer text is cut there, in print: a row is not a page */
#define LINE_HEIGHT 15.0 /* points: the default row's, one line of 11-point text */
#define PAGE_WIDTH  280 /* column widths (characters) a landscape A4 page prints at >= 50 % */
#define OVERDUE_BG  0xFFC7CE
#define OVERDUE_FG  0x9C0006
#define HEADER_BG   0xD9E1F2
#define DATE_FORMAT "dd/mm/yyyy"
#define TIME_FORMAT "dd/mm/yyyy hh:mm"
#define PAPER_A4    9
#define TITLE_CHARS 80 /* Excel takes 255 characters of header in all */

/* Text sits one character in from its cell's left edge: a number is
 * right-aligned, and text starting at the next cell's edge printed as one
 * word with it ("100không", "50 / 5" for 5 and "0 / 5"). A ratio is text
 * aligned as the numbers are. */
enum { F_TEXT, F_NUM, F_RATIO, F_DATE, F_TIME, F_N };

typedef struct formats {
    lxw_format *header, *label;
    lxw_format *cell[2][F_N]; /* [overdue][kind of cell] */
} formats_t;

static void make_formats(lxw_workbook *wb, formats_t *f)
{
    f->header = workbook_add_format(wb);
    format_set_bold(f->header);
    format_set_bg_color(f->header, HEADER_BG);
    format_set_bottom(f->header, LXW_BORDER_THIN);
    f->label = workbook_add_format(wb);
    format_set_bold(f->label);
    for (int od = 0; od < 2; od++)
        for (int k = 0; k < F_N; k++) {
            lxw_format *x = workbook_add_format(wb);
            if (k == F_DATE)
                format_set_num_format(x, DATE_FORMAT);
            else if (k == F_TIME)
                format_set_num_format(x, TIME_FORMAT);
            else if (k == F_TEXT) { /* a long title wraps in its column, on paper too */
                format_set_indent(x, 1);
                format_set_text_wrap(x);
            } else if (k == F_RATIO)
                format_set_align(x, LXW_ALIGN_RIGHT);
            if (od) {
                format_set_bg_color(x, OVERDUE_BG);
                format_set_font_color(x, OVERDUE_FG);
            }
            f->cell[od][k] = x;
        }
}

static bool parse_date(const char *s, lxw_datetime *dt)
{
    memset(dt, 0, sizeof *dt);
    return s && sscanf(s, "%4d-%2d-%2d", &dt->year, &dt->month, &dt->day) == 3;
}

static void ms_datetime(int64_t ms, lxw_datetime *dt)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    *dt = (lxw_datetime){.year = tm.tm_year + 1900,
                         .month = tm.tm_mon + 1,
                         .day = tm.tm_mday,
                         .hour = tm.tm_hour,
                         .min = tm.tm_min,
                         .sec = tm.tm_sec};
}

/* Writes one cell; returns the columns its text takes, for the width. */
static int write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const export_cell_t *cell,
                      lxw_format *const fmt[F_N])
{
    char buf[CELL_BUF];
    lxw_datetime dt;
    switch (cell->type) {
    case CELL_DATE:
        if (!parse_date(cell->s, &dt))
            break;
        worksheet_write_datetime(ws, r, c, &dt, fmt[F_DATE]);
        return (int)strlen(DATE_FORMAT);
    case CELL_TIME:
        ms_datetime(cell->ms, &dt);
        worksheet_write_datetime(ws, r, c, &dt, fmt[F_TIME]);
        return (int)strlen(TIME_FORMAT);
    case CELL_NUMBER:
        if (cell->n == 0 && cell->blank_zero)
            break;
        worksheet_write_number(ws, r, c, cell->n, fmt[F_NUM]);
        return 6;
    default: {
        const char *s = export_cell_text(cell, true, buf, sizeof buf);
        worksheet_write_string(ws, r, c, s, fmt[F_TEXT]);
        return text_width(s) + 1; /* and its indent */
    }
    }
    worksheet_write_blank(ws, r, c, fmt[F_TEXT]);
    return 0;
}

/* How many lines s takes in a column `width` characters wide, wrapped (its
 * own line breaks too), at most MAX_LINES. */
static int text_lines(const char *s, int width)
{
    int lines = 0, avail = width > 4 ? width - 2 : 2; /* its indent and a margin */
    char part[CELL_BUF];
    for (const char *p = s;; p++) {
        size_t n = strcspn(p, "\n");
        snprintf(part, sizeof part, "%.*s", (int)n, p);
        lines += (text_width(part) + avail - 1) / avail + !*part;
        p += n;
        if (!*p || lines >= MAX_LINES)
            break;
    }
    return lines < MAX_LINES ? lines : MAX_LINES;
}

/* A row whose text wraps is as tall as its lines. Excel fits a row's
 * height to wrapped text itself; LibreOffice's import does not, and printed
 * one line of a long title and cut the rest. */
static void row_heights(lxw_worksheet *ws, enum export_kind k, const export_data_t *d,
                        const int *width, size_t cols)
{
    for (size_t r = 0, rows = export_count(d, k); r < rows; r++) {
        const void *row = export_row(d, k, r);
        int lines = 1;
        for (size_t c = 0; c < cols; c++) {
            export_cell_t cell;
            char buf[CELL_BUF];
            export_cell(k, c, row, &cell);
            if (cell.type == CELL_DATE || cell.type == CELL_TIME || cell.type == CELL_NUMBER)
                continue;
            int n = text_lines(export_cell_text(&cell, true, buf, sizeof buf), width[c]);
            lines = n > lines ? n : lines;
        }
        if (lines > 1)
            worksheet_set_row(ws, (lxw_row_t)(r + 1), LINE_HEIGHT * lines, NULL);
    }
}

/* What each sheet's printed header says. */
typedef struct print_title {
    const char *congress;
    uint64_t revision;
    char when[32]; /* dd/mm/yyyy hh:mm */
} print_title_t;

/* s with '&' doubled (a header's codes start with '&'), cut at
 * TITLE_CHARS characters. */
static void header_text(const char *s, char *out, size_t cap)
{
    size_t o = 0, chars = 0;
    for (; *s && o + 3 < cap; s++) {
        if (((unsigned char)*s & 0xC0) != 0x80 && ++chars > TITLE_CHARS)
            break;
        if (*s == '&')
            out[o++] = '&';
        out[o++] = *s;
    }
    while (o && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
        o--; /* a lead byte whose continuation was cut */
    out[o] = '\0';
}

static void page_setup(lxw_worksheet *ws, const print_title_t *t, const char *sheet,
                       bool repeat_header)
{
    char congress[4 * TITLE_CHARS], name[4 * TITLE_CHARS], head[1024], foot[128], rev[64];
    header_text(t->congress, congress, sizeof congress);
    header_text(sheet, name, sizeof name);
    snprintf(rev, sizeof rev, _("revision %llu"), (unsigned long long)t->revision);
    snprintf(head, sizeof head, "&L%s&C&\"-,Bold\"%s&R%s, %s", congress, name, rev, t->when);
    snprintf(foot, sizeof foot, "&C%s", _("Page &P of &N"));
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, PAPER_A4);
    worksheet_fit_to_pages(ws, 1, 0); /* one page wide (print_width widens it) */
    worksheet_set_header(ws, head);
    worksheet_set_footer(ws, foot);
    if (repeat_header)
        worksheet_repeat_rows(ws, 0, 0);
}

/* A sheet wider than a page prints across as many pages as keep its text
 * readable (half of full size or more), not shrunk onto one page: the
 * nominees' 26 columns on one A4 page printed at 2 points. Each page
 * repeats the columns up to the row's name or title (id and reference
 * before it) so a page read alone says whose row it is. */
static void print_width(lxw_worksheet *ws, enum export_kind k, const int *width, size_t cols)
{
    int total = 0;
    for (size_t c = 0; c < cols; c++)
        total += width[c];
    int pages = (total + PAGE_WIDTH - 1) / PAGE_WIDTH;
    if (pages <= 1)
        return;
    worksheet_fit_to_pages(ws, (uint16_t)pages, 0);
    for (size_t c = 0; c < cols; c++)
        if (strcmp(export_col(k, c)->name, "name") == 0 ||
            strcmp(export_col(k, c)->name, "title") == 0) {
            worksheet_repeat_columns(ws, 0, (lxw_col_t)c);
            break;
        }
}

static bool row_overdue(enum export_kind k, const void *row)
{
    return k == EXPORT_TASKS && ((const Thidua__V1__Task *)row)->overdue;
}

static const char *sheet_name(enum export_kind k)
{
    static const char *const names[EXPORT_N_KINDS] = {N_("Tasks"), N_("Nominees"),
                                                      N_("Progress reports")};
    return _(names[k]);
}

static void write_kind(lxw_workbook *wb, const formats_t *f, const export_data_t *d,
                       enum export_kind k, const print_title_t *title)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_name(k));
    page_setup(ws, title, sheet_name(k), true);
    size_t cols = export_n_cols(k), rows = export_count(d, k);
    int width[32] = {0};
    for (size_t c = 0; c < cols && c < 32; c++) {
        const char *label = _(export_col(k, c)->label);
        worksheet_write_string(ws, 0, (lxw_col_t)c, label, f->header);
        width[c] = text_width(label) + 3; /* room for the filter button */
    }
    for (size_t r = 0; r < rows; r++) {
        const void *row = export_row(d, k, r);
        lxw_format *const *fmt = f->cell[row_overdue(k, row)];
        for (size_t c = 0; c < cols && c < 32; c++) {
            export_cell_t cell;
            export_cell(k, c, row, &cell);
            int w = write_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &cell, fmt);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (size_t c = 0; c < cols && c < 32; c++) {
        width[c] = (width[c] > MAX_WIDTH ? MAX_WIDTH : width[c]) + 1;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c], NULL);
    }
    row_heights(ws, k, d, width, cols < 32 ? cols : 32);
    print_width(ws, k, width, cols < 32 ? cols : 32);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(cols - 1));
}

/* Nominees of (field, kind): selected, and standing proposals (proposed,
 * vetting or vetted, as `thidua counts` counts them). */
static void tally(const export_data_t *d, int field, int kind, unsigned *selected,
                  unsigned *proposed)
{
    *selected = *proposed = 0;
    for (size_t i = 0; i < d->n_nominees; i++) {
        const Thidua__V1__Nominee *n = d->nominees[i];
        if ((int)n->field != field || (int)n->kind != kind)
            continue;
        *selected += n->status == THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_SELECTED;
        *proposed += n->status == THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_PROPOSED ||
                     n->status == THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_VETTING ||
                     n->status == THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_VETTED;
    }
}

static unsigned quota_max(const export_data_t *d, int field, int kind)
{
    for (size_t i = 0; i < d->n_quotas; i++)
        if ((int)d->quotas[i]->field == field && (int)d->quotas[i]->kind == kind)
            return d->quotas[i]->max_selected;
    return 0;
}

/* Widens column c to hold s (in terminal columns, as Excel counts). */
static void fit(int *width, int c, const char *s)
{
    int w = text_width(s);
    if (w > width[c])
        width[c] = w;
}

static void write_header_row(lxw_worksheet *ws, lxw_row_t r, const char *const *labels, int n,
                             const formats_t *f)
{
    for (int c = 0; c < n; c++)
        worksheet_write_string(ws, r, (lxw_col_t)c, _(labels[c]), f->header);
}

/* Rows 0-4: revision, time and totals; from row 6: the quota table. */
static void write_summary(lxw_workbook *wb, const formats_t *f, const export_data_t *d,
                          const print_title_t *title)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, _("Summary"));
    page_setup(ws, title, _("Summary"), false);
    int width[6] = {0};
    lxw_datetime dt;
    unsigned overdue = 0;
    for (size_t i = 0; i < d->n_tasks; i++)
        overdue += d->tasks[i]->overdue;
    const struct {
        const char *label;
        double value;
    } totals[] = {{N_("Revision"), (double)d->revision},
                  {N_("Exported at"), 0},
                  {N_("Tasks"), (double)d->n_tasks},
                  {N_("Overdue tasks"), overdue},
                  {N_("Nominees"), (double)d->n_nominees}};
    for (lxw_row_t r = 0; r < 5; r++) {
        worksheet_write_string(ws, r, 0, _(totals[r].label), f->label);
        fit(width, 0, _(totals[r].label));
        if (r == 1) {
            ms_datetime(d->exported_at, &dt);
            worksheet_write_datetime(ws, r, 1, &dt, f->cell[0][F_TIME]);
        } else {
            worksheet_write_number(ws, r, 1, totals[r].value, NULL);
        }
    }
    static const char *const head[] = {
        N_("Field"),    N_("Kind"), N_("Selected"), N_("Quota"), N_("Selected / quota"),
        N_("Proposals")};
    write_header_row(ws, 6, head, 6, f);
    for (int c = 0; c < 6; c++)
        fit(width, c, _(head[c]));
    char buf[64], a[64], b[64];
    lxw_row_t r = 7;
    for (int field = 1; field <= 4; field++)
        for (int kind = 1; kind <= 2; kind++, r++) {
            unsigned sel, prop, max = quota_max(d, field, kind);
            tally(d, field, kind, &sel, &prop);
            const char *fl = cli_label(&thidua__v1__field__descriptor, field, a, sizeof a);
            const char *kl = cli_label(&thidua__v1__nominee_kind__descriptor, kind, b, sizeof b);
            worksheet_write_string(ws, r, 0, fl, NULL);
            worksheet_write_string(ws, r, 1, kl, NULL);
            fit(width, 0, fl);
            fit(width, 1, kl);
            worksheet_write_number(ws, r, 2, sel, NULL);
            if (max) {
                worksheet_write_number(ws, r, 3, max, NULL);
                snprintf(buf, sizeof buf, "%u / %u", sel, max);
            } else {
                snprintf(buf, sizeof buf, "%u / -", sel);
            }
            worksheet_write_string(ws, r, 4, buf, f->cell[sel > max && max][F_RATIO]);
            worksheet_write_number(ws, r, 5, prop, NULL);
        }
    if (width[1] < (int)strlen(TIME_FORMAT))
        width[1] = (int)strlen(TIME_FORMAT); /* the export time sits in column B */
    for (int c = 0; c < 6; c++) /* bold headers are wider than their count of columns */
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c] * 1.15 + 2, NULL);
}

int export_xlsx(const export_data_t *d, const bool kinds[EXPORT_N_KINDS], const char *title,
                const char *path, char why[EXPORT_WHY_MAX])
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        snprintf(why, EXPORT_WHY_MAX, "%s", cli_error_text(N_("out of memory")));
        return -1;
    }
    print_title_t pt = {.congress = title, .revision = d->revision};
    time_t t = (time_t)(d->exported_at / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(pt.when, sizeof pt.when, "%d/%m/%Y %H:%M", &tm);
    formats_t f;
    make_formats(wb, &f);
    write_summary(wb, &f, d, &pt);
    for (int k = 0; k < EXPORT_N_KINDS; k++)
        if (kinds[k])
            write_kind(wb, &f, d, k, &pt);
    lxw_worksheet *stats = workbook_add_worksheet(wb, _("Statistics"));
    page_setup(stats, &pt, _("Statistics"), false);
    if (export_stats_sheet(stats, f.label, f.header, d) != 0) {
        snprintf(why, EXPORT_WHY_MAX, "%s", cli_error_text(N_("out of memory")));
        workbook_close(wb);
        return -1;
    }
    workbook_set_custom_property_number(wb, "thidua revision", (double)d->revision);
    errno = 0;
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) { /* the system's reason says more than "zip error" */
        snprintf(why, EXPORT_WHY_MAX, "%s", errno ? cli_strerror(errno) : lxw_strerror(err));
        return -1;
    }
    return 0;
}
