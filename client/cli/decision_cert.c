/* The certificates (Bằng khen / Giấy khen): one A4 landscape page per
 * selected nominee, in the order of the annex, for printing on the
 * province's stock or plain paper. The form's name and the lines under
 * the nominee's name come from the template. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "decision_layout.h"
#include "i18n.h"
#include "thidua.h"

#define RED 0.62, 0.08, 0.08

typedef struct cert {
    dl_t dl;
    const dec_input_t *in;
    dec_globals_t g;
    dec_var_t vars[16]; /* the globals, then the nominee's */
    size_t n_vars;
} cert_t;

static char *info(cert_t *c, const char *key)
{
    return dec_tpl_info(c->in->tpl, key, c->vars, c->n_vars);
}

/* Centred markup across the page at the cursor; moves the cursor. */
static void centre(cert_t *c, const char *markup, double size, double space_after)
{
    PangoLayout *l = dl_text(&c->dl, markup, size, dl_width(&c->dl), PANGO_ALIGN_CENTER, 0);
    dl_draw(&c->dl, l, c->dl.left, c->dl.y);
    c->dl.y += dl_height(l) + space_after;
    g_object_unref(l);
}

static void frame(cert_t *c)
{
    cairo_t *cr = c->dl.cr;
    cairo_save(cr);
    cairo_set_source_rgb(cr, RED);
    cairo_set_line_width(cr, 3);
    cairo_rectangle(cr, DL_MM(10), DL_MM(10), c->dl.w - DL_MM(20), c->dl.h - DL_MM(20));
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, DL_MM(12.5), DL_MM(12.5), c->dl.w - DL_MM(25), c->dl.h - DL_MM(25));
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The nominee's placeholders: ten, chuc_vu, noi_cong_tac, don_vi, linh_vuc,
 * thanh_tich (decision_template.c checks templates against the same). */
static void nominee_vars(cert_t *c, size_t n_globals, const dec_entry_t *e)
{
    const Thidua__V1__Nominee *n = e->nominee;
    const char *field = thd_label_enum(&thidua__v1__field__descriptor, n->field, "vi");
    const dec_var_t v[] = {{"ten", n->name},
                           {"chuc_vu", n->position},
                           {"noi_cong_tac", n->workplace},
                           {"don_vi", e->unit_name},
                           {"linh_vuc", field ? field : ""},
                           {"thanh_tich", n->achievements}};
    memcpy(c->vars + n_globals, v, sizeof v);
    c->n_vars = n_globals + sizeof v / sizeof v[0];
}

/* Under the name: position and workplace of a person, or the unit a
 * collective belongs to. */
static char *who_line(const dec_entry_t *e)
{
    const Thidua__V1__Nominee *n = e->nominee;
    if (n->kind == THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE)
        return g_markup_printf_escaped("%s", e->unit_name);
    const char *sep = *n->position && *n->workplace ? ", " : "";
    return g_markup_printf_escaped("%s%s%s", n->position, sep, n->workplace);
}

static void lines(cert_t *c, enum dec_section s, const char *tag, double size)
{
    for (size_t i = 0; i < dec_tpl_n_lines(c->in->tpl, s); i++) {
        char *line = dec_tpl_line(c->in->tpl, s, i, c->vars, c->n_vars);
        if (line && *line) { /* a line whose placeholders were all empty is left out */
            char *m = dec_markup(tag, line);
            centre(c, m, size, 2);
            g_free(m);
        }
        free(line);
    }
}

/* The foot: the decision's number left, the place, date and signature right. */
static void foot(cert_t *c)
{
    dl_t *p = &c->dl;
    char *place = info(c, "dia_danh"), *sign = info(c, "ky_hieu"), *who = info(c, "nguoi_ky");
    GString *right = g_string_new("");
    char *m = g_markup_printf_escaped("<i>%s, ngày %s tháng %s năm %s</i>", place, c->g.day,
                                      c->g.month, c->g.year);
    g_string_append(right, m);
    g_free(m);
    for (size_t i = 0; i < dec_tpl_n_lines(c->in->tpl, DEC_SIGNER); i++) {
        char *line = dec_tpl_line(c->in->tpl, DEC_SIGNER, i, c->vars, c->n_vars);
        m = g_markup_printf_escaped("\n<b>%s</b>", line ? line : "");
        g_string_append(right, m);
        g_free(m);
        free(line);
    }
    m = g_markup_printf_escaped("\n\n\n\n<b>%s</b>", who);
    g_string_append(right, m);
    g_free(m);
    double w = dl_width(p) / 2;
    PangoLayout *r = dl_text(p, right->str, 14, w, PANGO_ALIGN_CENTER, 0);
    double y = p->h - p->bottom - dl_height(r);
    dl_draw(p, r, p->left + w, MAX(y, p->y));
    m = g_markup_printf_escaped("Quyết định số: %s/%s\nngày %s/%s/%s", c->g.number, sign, c->g.day,
                                c->g.month, c->g.year);
    PangoLayout *l = dl_text(p, m, 12, w * 0.6, PANGO_ALIGN_LEFT, 0);
    dl_draw(p, l, p->left + DL_MM(8), MAX(y, p->y) + dl_height(r) - dl_height(l));
    g_free(m);
    g_object_unref(l);
    g_object_unref(r);
    g_string_free(right, TRUE);
    free(place);
    free(sign);
    free(who);
}

static void certificate(cert_t *c, const dec_entry_t *e)
{
    dl_t *p = &c->dl;
    frame(c);
    centre(c, "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", 14, 0);
    PangoLayout *motto =
        dl_text(p, "<b>Độc lập - Tự do - Hạnh phúc</b>", 15, dl_width(p), PANGO_ALIGN_CENTER, 0);
    dl_draw(p, motto, p->left, p->y);
    p->y += dl_height(motto);
    dl_rule(p, p->left + dl_width(p) / 2, p->y + 3, dl_text_width(motto));
    g_object_unref(motto);
    p->y += DL_MM(8);
    lines(c, DEC_AUTHORITY, "b", 16);
    p->y += DL_MM(3);
    char *form = info(c, "hinh_thuc");
    char *upper = g_utf8_strup(form, -1);
    char *m = g_markup_printf_escaped("<span foreground='#9e1414'><b>%s</b></span>", upper);
    centre(c, m, 46, DL_MM(2));
    g_free(m);
    g_free(upper);
    free(form);
    centre(c, "<i>Tặng</i>", 16, DL_MM(1));
    m = g_markup_printf_escaped("<span foreground='#9e1414'><b>%s</b></span>", e->nominee->name);
    centre(c, m, 26, DL_MM(1));
    g_free(m);
    m = who_line(e);
    if (*m)
        centre(c, m, 16, DL_MM(3));
    g_free(m);
    lines(c, DEC_CERT, "i", 16);
    foot(c);
}

int dec_write_certificates(const dec_input_t *in, const dec_list_t *l, const char *path, char *err,
                           size_t cap)
{
    cert_t c = {.in = in};
    size_t n_globals = dec_globals_fill(&c.g, in, l);
    memcpy(c.vars, c.g.vars, n_globals * sizeof *c.vars);
    c.n_vars = n_globals;
    c.dl = (dl_t){.left = DL_MM(25), .right = DL_MM(25), .top = DL_MM(20), .bottom = DL_MM(30)};
    snprintf(c.dl.footer, sizeof c.dl.footer, _("thidua data at revision %llu"),
             (unsigned long long)in->data->revision);
    if (dl_open(&c.dl, path, DL_MM(297), DL_MM(210)) != 0) {
        snprintf(err, cap, _("cannot write '%s'"), path);
        return -1;
    }
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            dl_new_page(&c.dl);
        nominee_vars(&c, n_globals, &l->entries[i]);
        certificate(&c, &l->entries[i]);
    }
    if (dl_close(&c.dl) != 0) {
        snprintf(err, cap, _("cannot write '%s'"), path);
        return -1;
    }
    return 0;
}
