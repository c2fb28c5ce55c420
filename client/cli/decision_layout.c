/* Pages for the decision's documents (decision_layout.h). Text goes
 * through pango, so Vietnamese is shaped by HarfBuzz and stays text in the
 * PDF (pdftotext reads it back); nothing here writes PDF by hand. */
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include "decision_layout.h"

int dl_open(dl_t *d, const char *path, double w, double h)
{
    d->surface = cairo_pdf_surface_create(path, w, h);
    if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(d->surface);
        d->surface = NULL;
        return -1;
    }
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "thidua");
    d->cr = cairo_create(d->surface);
    d->w = w;
    d->h = h;
    d->y = d->top;
    d->page = 1;
    return 0;
}

double dl_width(const dl_t *d)
{
    return d->w - d->left - d->right;
}

PangoLayout *dl_text(dl_t *d, const char *markup, double size, double width, PangoAlignment align,
                     double indent)
{
    PangoLayout *l = pango_cairo_create_layout(d->cr);
    /* 72 dpi: a point of type is a unit of the PDF surface, in markup too */
    pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
    pango_layout_context_changed(l);
    PangoFontDescription *f = pango_font_description_from_string(DL_FONT);
    pango_font_description_set_size(f, (int)(size * PANGO_SCALE));
    pango_layout_set_font_description(l, f);
    pango_font_description_free(f);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align == DL_JUSTIFY ? PANGO_ALIGN_LEFT : align);
    pango_layout_set_justify(l, align == DL_JUSTIFY);
    pango_layout_set_indent(l, (int)(indent * PANGO_SCALE));
    pango_layout_set_markup(l, markup, -1);
    return l;
}

char *dec_markup(const char *tag, const char *text)
{
    char *esc = g_markup_escape_text(text ? text : "", -1);
    char *m = g_strdup_printf("<%s>%s</%s>", tag, esc, tag);
    g_free(esc);
    return m;
}

double dl_height(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

double dl_text_width(PangoLayout *l)
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(l, &ink, &logical);
    return (double)logical.width / PANGO_SCALE;
}

void dl_draw(dl_t *d, PangoLayout *l, double x, double y)
{
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, l);
}

static void page_marks(dl_t *d)
{
    cairo_save(d->cr);
    if (d->footer[0]) {
        char *m = g_markup_printf_escaped("%s", d->footer);
        PangoLayout *l = dl_text(d, m, 7.5, d->w - d->left - d->right, PANGO_ALIGN_CENTER, 0);
        g_free(m);
        cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
        cairo_move_to(d->cr, d->left, d->h - d->bottom / 2 - dl_height(l) / 2);
        pango_cairo_show_layout(d->cr, l);
        g_object_unref(l);
    }
    if (d->number_pages && d->page > 1) {
        char n[16];
        snprintf(n, sizeof n, "%d", d->page);
        PangoLayout *l = dl_text(d, n, 13, dl_width(d), PANGO_ALIGN_CENTER, 0);
        dl_draw(d, l, d->left, DL_MM(10));
        g_object_unref(l);
    }
    cairo_restore(d->cr);
}

void dl_new_page(dl_t *d)
{
    page_marks(d);
    cairo_show_page(d->cr);
    d->page++;
    d->y = d->top;
    if (d->on_new_page)
        d->on_new_page(d, d->arg);
}

void dl_need(dl_t *d, double h)
{
    if (d->y + h > d->h - d->bottom && d->y > d->top)
        dl_new_page(d);
}

void dl_flow(dl_t *d, PangoLayout *l, double x)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    double top = -1; /* the layout's y of the first line on this page */
    double page_y = d->y;
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        double ly0 = (double)y0 / PANGO_SCALE, ly1 = (double)y1 / PANGO_SCALE;
        if (top < 0)
            top = ly0;
        bool first_on_page = page_y <= d->top && ly0 <= top; /* fits nowhere better */
        if (page_y + (ly1 - top) > d->h - d->bottom && !first_on_page) {
            dl_new_page(d);
            page_y = d->y;
            top = ly0;
        }
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        int baseline = pango_layout_iter_get_baseline(it);
        cairo_set_source_rgb(d->cr, 0, 0, 0);
        cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE,
                      page_y + ((double)baseline / PANGO_SCALE - top));
        pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
        d->y = page_y + (ly1 - top);
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

void dl_rule(dl_t *d, double cx, double y, double width)
{
    cairo_save(d->cr);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    cairo_set_line_width(d->cr, 0.6);
    cairo_move_to(d->cr, cx - width / 2, y);
    cairo_line_to(d->cr, cx + width / 2, y);
    cairo_stroke(d->cr);
    cairo_restore(d->cr);
}

int dl_close(dl_t *d)
{
    page_marks(d);
    cairo_show_page(d->cr);
    cairo_destroy(d->cr);
    cairo_surface_finish(d->surface);
    int rc = cairo_surface_status(d->surface) == CAIRO_STATUS_SUCCESS ? 0 : -1;
    cairo_surface_destroy(d->surface);
    d->cr = NULL;
    d->surface = NULL;
    return rc;
}

/* Not cairo_debug_reset_static_data: pango may still hold a font of the
 * map just let go (its fontconfig set up on a thread of its own), and
 * cairo then aborts the program on its way out, after the PDF is written;
 * what cairo keeps is reachable, so leak checkers pass over it. */
void dec_release(void)
{
    pango_cairo_font_map_set_default(NULL);
    FcFini();
}
