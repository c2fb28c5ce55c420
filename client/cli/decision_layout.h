/* Pages for the decision's documents: a cairo PDF surface, a cursor going
 * down the page, paragraphs laid out by pango in Liberation Serif and
 * broken across pages line by line. Internal to thidua_decision. */
#ifndef THD_CLI_DECISION_LAYOUT_H
#define THD_CLI_DECISION_LAYOUT_H

#include <pango/pangocairo.h>
#include <stdbool.h>

#define DL_MM(x) ((x)*72.0 / 25.4) /* millimetres to PDF points */
#define DL_FONT  "Liberation Serif"
/* An alignment beside pango's: both edges straight (justified). */
#define DL_JUSTIFY ((PangoAlignment)(PANGO_ALIGN_RIGHT + 1))

typedef struct dl {
    cairo_surface_t *surface;
    cairo_t *cr;
    double w, h;                     /* the page, in points */
    double left, right, top, bottom; /* margins */
    double y;                        /* where the next block goes */
    int page;                        /* 1-based */
    bool number_pages;               /* page numbers from page 2, top centre (Decree 30) */
    char footer[512];                /* small print at the foot of every page */
    void (*on_new_page)(struct dl *d, void *arg); /* e.g. a table's header again */
    void *arg;
} dl_t;

/* A PDF of w x h points at path; 0, or -1 when cairo cannot write it. */
int dl_open(dl_t *d, const char *path, double w, double h);
/* Finishes the last page and the file: 0, or -1 on a write error. */
int dl_close(dl_t *d);
void dl_new_page(dl_t *d);
/* The width between the margins. */
double dl_width(const dl_t *d);

/* A paragraph in pango markup (escape people's text with
 * g_markup_printf_escaped), size in points, width in points; indent is the
 * first line's. Caller unrefs. */
PangoLayout *dl_text(dl_t *d, const char *markup, double size, double width, PangoAlignment align,
                     double indent);
/* <tag>text</tag> with text escaped (NULL reads as ""); g_free it. */
char *dec_markup(const char *tag, const char *text);
double dl_height(PangoLayout *l);
double dl_text_width(PangoLayout *l);
/* Draws l at (x, y) as it is, without page breaks. */
void dl_draw(dl_t *d, PangoLayout *l, double x, double y);
/* Draws l at x from the cursor, line by line, starting a page where a
 * line does not fit; the cursor moves below it. */
void dl_flow(dl_t *d, PangoLayout *l, double x);
/* A horizontal line centred on cx. */
void dl_rule(dl_t *d, double cx, double y, double width);
/* Starts a page unless h points still fit above the bottom margin. */
void dl_need(dl_t *d, double h);

#endif
