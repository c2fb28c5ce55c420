/* The XLSX export's "Statistics" sheet: the same tables as `thidua stats`
 * (stats_view.c) from the export's own snapshot, so the workbook's
 * figures are those of its other sheets, at their revision. */
#include <stdlib.h>
#include <string.h>

#include "export_xlsx.h"
#include "stats_view.h"
#include "text.h"

#define MAX_COLS  16
#define MAX_WIDTH 40

typedef struct sheet {
    lxw_worksheet *ws;
    lxw_format *bold, *header;
    lxw_row_t r;
    int width[MAX_COLS];
} sheet_t;

static void fit(sheet_t *s, int c, const char *text)
{
    int w = text_width(text);
    if (c < MAX_COLS && w > s->width[c])
        s->width[c] = w;
}

static void begin(void *arg, const char *title, int columns, int lead)
{
    sheet_t *s = arg;
    (void)columns;
    (void)lead; /* a count is written as a number, which a sheet aligns itself */
    worksheet_write_string(s->ws, ++s->r, 0, title, s->bold);
    s->r++;
}

/* A cell of digits is a count: written as a number, so a sheet sums it. */
static bool count(const char *text)
{
    return *text && strspn(text, "0123456789") == strlen(text);
}

static void row(void *arg, const char *const *cells, int n, bool header, bool total)
{
    sheet_t *s = arg;
    for (int c = 0; c < n && c < MAX_COLS; c++) {
        lxw_format *f = header ? s->header : total ? s->bold : NULL;
        if (!header && count(cells[c]))
            worksheet_write_number(s->ws, s->r, (lxw_col_t)c, atof(cells[c]), f);
        else
            worksheet_write_string(s->ws, s->r, (lxw_col_t)c, cells[c], f);
        fit(s, c, cells[c]);
    }
    s->r++;
}

static void end(void *arg)
{
    (void)arg;
}

int export_stats_sheet(lxw_worksheet *ws, lxw_format *bold, lxw_format *header,
                       const export_data_t *d)
{
    char *json = stats_of_export(d, NULL);
    if (!json)
        return -1;
    sheet_t s = {.ws = ws, .bold = bold, .header = header};
    char caption[512];
    worksheet_write_string(ws, 0, 0, stats_caption(json, caption, sizeof caption), bold);
    stats_sink_t sink = {.begin = begin, .row = row, .end = end, .arg = &s};
    int rc = stats_view(json, &sink);
    free(json);
    for (int c = 0; c < MAX_COLS; c++)
        if (s.width[c])
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                                 (s.width[c] > MAX_WIDTH ? MAX_WIDTH : s.width[c]) * 1.15 + 2,
                                 NULL);
    return rc;
}
