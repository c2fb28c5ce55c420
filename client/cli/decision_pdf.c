/* The draft decision and its annex, laid out as Decree 30/2020/NĐ-CP
 * sets out an administrative decision: A4, margins 20/20/30/15 mm, the
 * issuing body and the national name side by side, number and date, title,
 * bases, articles, recipients beside the signature; then the annex listing
 * the selected collectives and individuals by field. The words are the
 * template's; only the frame is here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "decision_layout.h"
#include "i18n.h"
#include "thidua.h"

#define BODY  14.0 /* titles, in points (13-14 by the decree) */
#define PROSE 13.0 /* bases and articles (13-14): the signature keeps to page 1 more often */

/* ---- the selected nominees ------------------------------------------ */

static int entry_cmp(const void *a, const void *b)
{
    const dec_entry_t *x = a, *y = b;
    if (x->nominee->kind != y->nominee->kind)
        return x->nominee->kind < y->nominee->kind ? -1 : 1;
    if (x->nominee->field != y->nominee->field)
        return x->nominee->field < y->nominee->field ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order; /* qsort is not stable */
}

static const char *unit_name(const export_data_t *d, const char *code)
{
    for (size_t i = 0; i < d->n_records; i++) {
        const Thidua__V1__Record *r = d->records[i];
        if (r->body_case == THIDUA__V1__RECORD__BODY_UNIT && strcmp(r->unit->code, code) == 0)
            return *r->unit->name ? r->unit->name : code;
    }
    return code;
}

int dec_collect(const export_data_t *d, dec_list_t *out)
{
    memset(out, 0, sizeof *out);
    out->entries = calloc(d->n_nominees + 1, sizeof *out->entries);
    if (!out->entries)
        return -1;
    for (size_t i = 0; i < d->n_nominees; i++) {
        const Thidua__V1__Nominee *n = d->nominees[i];
        if (n->status != THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_SELECTED)
            continue;
        out->entries[out->n] = (dec_entry_t){n, unit_name(d, n->proposing_unit), out->n};
        out->n++;
        if (n->kind == THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE)
            out->n_collective++;
        else
            out->n_individual++;
    }
    qsort(out->entries, out->n, sizeof *out->entries, entry_cmp);
    return 0;
}

void dec_list_free(dec_list_t *l)
{
    free(l->entries);
    memset(l, 0, sizeof *l);
}

const char *dec_parts_text(size_t collectives, size_t individuals, char *buf, size_t cap)
{
    if (collectives && individuals)
        snprintf(buf, cap, "%zu tập thể và %zu cá nhân", collectives, individuals);
    else if (collectives)
        snprintf(buf, cap, "%zu tập thể", collectives);
    else if (individuals)
        snprintf(buf, cap, "%zu cá nhân", individuals);
    else
        snprintf(buf, cap, "0");
    return buf;
}

size_t dec_globals_fill(dec_globals_t *g, const dec_input_t *in, const dec_list_t *l)
{
    /* a number not yet given is a blank the office fills by hand */
    snprintf(g->number, sizeof g->number, "%s", *in->number ? in->number : "       ");
    snprintf(g->day, sizeof g->day, "%02d", in->day);
    snprintf(g->month, sizeof g->month, "%02d", in->month);
    snprintf(g->year, sizeof g->year, "%d", in->year);
    snprintf(g->n_coll, sizeof g->n_coll, "%zu", l->n_collective);
    snprintf(g->n_ind, sizeof g->n_ind, "%zu", l->n_individual);
    snprintf(g->n_all, sizeof g->n_all, "%zu", l->n);
    snprintf(g->revision, sizeof g->revision, "%llu", (unsigned long long)in->data->revision);
    dec_parts_text(l->n_collective, l->n_individual, g->parts, sizeof g->parts);
    const dec_var_t v[] = {{"so_quyet_dinh", g->number}, {"ngay", g->day},
                           {"thang", g->month},          {"nam", g->year},
                           {"so_tap_the", g->n_coll},    {"so_ca_nhan", g->n_ind},
                           {"tong_so", g->n_all},        {"thanh_phan", g->parts},
                           {"phien_ban", g->revision}};
    memcpy(g->vars, v, sizeof v);
    return sizeof v / sizeof v[0];
}

/* ---- pieces of the page ---------------------------------------------- */

typedef struct doc {
    dl_t dl;
    const dec_input_t *in;
    const dec_list_t *list;
    dec_globals_t g;
    size_t n_vars;
} doc_t;

static char *info(doc_t *d, const char *key)
{
    return dec_tpl_info(d->in->tpl, key, d->g.vars, d->n_vars);
}

/* A block of markup at (x, y) in a column: returns its height. */
static double put(doc_t *d, const char *markup, double size, double x, double y, double width,
                  PangoAlignment align)
{
    PangoLayout *l = dl_text(&d->dl, markup, size, width, align, 0);
    double h = dl_height(l);
    dl_draw(&d->dl, l, x, y);
    g_object_unref(l);
    return h;
}

/* A paragraph from the cursor, broken across pages as needed. */
static void flow(doc_t *d, const char *markup, double size, PangoAlignment align, double indent,
                 double space_after)
{
    PangoLayout *l = dl_text(&d->dl, markup, size, dl_width(&d->dl), align, indent);
    dl_flow(&d->dl, l, d->dl.left);
    g_object_unref(l);
    d->dl.y += space_after;
}

/* "Địa danh, ngày dd tháng mm năm yyyy" */
static char *place_date(doc_t *d)
{
    char *place = info(d, "dia_danh");
    char *s = g_markup_printf_escaped("<i>%s, ngày %s tháng %s năm %s</i>", place, d->g.day,
                                      d->g.month, d->g.year);
    free(place);
    return s;
}

/* The two columns at the top: issuing body left, national name right. */
static void header(doc_t *d)
{
    dl_t *p = &d->dl;
    double lw = DL_MM(68), rx = p->left + DL_MM(68), rw = dl_width(p) - DL_MM(68);
    double y = p->top;
    char *parent = info(d, "co_quan_chu_quan"), *body = info(d, "co_quan"),
         *sign = info(d, "ky_hieu");
    char *m = g_markup_printf_escaped("%s\n<b>%s</b>", parent, body);
    double hl = put(d, m, 13, p->left, y, lw, PANGO_ALIGN_CENTER);
    g_free(m);
    dl_rule(p, p->left + lw / 2, y + hl + 3, DL_MM(25));
    m = g_markup_printf_escaped("Số: %s/%s", d->g.number, sign);
    double hn = put(d, m, 13, p->left, y + hl + DL_MM(4), lw, PANGO_ALIGN_CENTER);
    g_free(m);

    PangoLayout *motto =
        dl_text(p, "<b>Độc lập - Tự do - Hạnh phúc</b>", 14, rw, PANGO_ALIGN_CENTER, 0);
    double hr =
        put(d, "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", 12.5, rx, y, rw, PANGO_ALIGN_CENTER);
    dl_draw(p, motto, rx, y + hr);
    double mh = dl_height(motto), mw = dl_text_width(motto);
    g_object_unref(motto);
    dl_rule(p, rx + rw / 2, y + hr + mh + 3, mw);
    m = place_date(d);
    put(d, m, 14, rx, y + hl + DL_MM(4), rw, PANGO_ALIGN_CENTER);
    g_free(m);
    p->y = y + hl + DL_MM(4) + hn + DL_MM(6);
    free(parent);
    free(body);
    free(sign);
}

/* Each line of a section in a style: tag is "b", "i" or another pango
 * tag. */
static void section(doc_t *d, enum dec_section s, const char *tag, double size,
                    PangoAlignment align, double indent, double space_after)
{
    const dec_tpl_t *t = d->in->tpl;
    for (size_t i = 0; i < dec_tpl_n_lines(t, s); i++) {
        char *line = dec_tpl_line(t, s, i, d->g.vars, d->n_vars);
        char *m = dec_markup(tag, line);
        flow(d, m, size, align, indent, space_after);
        g_free(m);
        free(line);
    }
}

/* "Điều 1. Text": the article's number bold, as the decree sets it. */
static void articles(doc_t *d)
{
    const dec_tpl_t *t = d->in->tpl;
    for (size_t i = 0; i < dec_tpl_n_lines(t, DEC_ARTICLES); i++) {
        char *line = dec_tpl_line(t, DEC_ARTICLES, i, d->g.vars, d->n_vars);
        const char *dot =
            line && strncmp(line, "Điều ", strlen("Điều ")) == 0 ? strchr(line, '.') : NULL;
        size_t head = dot ? (size_t)(dot - line + 1) : 0;
        char *number = g_strndup(line ? line : "", head);
        char *bold = dec_markup("b", number), *rest = dec_markup("span", line ? line + head : "");
        char *m = g_strconcat(bold, rest, NULL);
        g_free(number);
        g_free(bold);
        g_free(rest);
        flow(d, m, PROSE, DL_JUSTIFY, DL_MM(12.7), 6);
        g_free(m);
        free(line);
    }
}

/* The title block: QUYẾT ĐỊNH, its subject, a short rule, the authority. */
static void title(doc_t *d)
{
    dl_t *p = &d->dl;
    flow(d, "<b>QUYẾT ĐỊNH</b>", BODY, PANGO_ALIGN_CENTER, 0, 0);
    section(d, DEC_SUBJECT, "b", BODY, PANGO_ALIGN_CENTER, 0, 0);
    dl_rule(p, p->left + dl_width(p) / 2, p->y + 5, DL_MM(30));
    p->y += DL_MM(8);
    section(d, DEC_AUTHORITY, "b", BODY, PANGO_ALIGN_CENTER, 0, 0);
    p->y += DL_MM(4);
}

/* Recipients on the left, the signature on the right, kept on one page. */
static void signature(doc_t *d)
{
    dl_t *p = &d->dl;
    const dec_tpl_t *t = d->in->tpl;
    GString *to = g_string_new("<b><i>Nơi nhận:</i></b>");
    for (size_t i = 0; i < dec_tpl_n_lines(t, DEC_RECIPIENTS); i++) {
        char *line = dec_tpl_line(t, DEC_RECIPIENTS, i, d->g.vars, d->n_vars);
        char *m = g_markup_printf_escaped("\n<span size='%d'>%s</span>", 11 * PANGO_SCALE,
                                          line ? line : "");
        g_string_append(to, m);
        g_free(m);
        free(line);
    }
    GString *sig = g_string_new("");
    for (size_t i = 0; i < dec_tpl_n_lines(t, DEC_SIGNER); i++) {
        char *line = dec_tpl_line(t, DEC_SIGNER, i, d->g.vars, d->n_vars);
        char *m = g_markup_printf_escaped("%s<b>%s</b>", i ? "\n" : "", line ? line : "");
        g_string_append(sig, m);
        g_free(m);
        free(line);
    }
    char *who = info(d, "nguoi_ky");
    char *m = g_markup_printf_escaped("\n\n\n\n\n<b>%s</b>", who);
    g_string_append(sig, m);
    g_free(m);
    free(who);
    double lw = DL_MM(85), rx = p->left + DL_MM(85), rw = dl_width(p) - DL_MM(85);
    PangoLayout *left = dl_text(p, to->str, 12, lw, PANGO_ALIGN_LEFT, 0);
    PangoLayout *right = dl_text(p, sig->str, BODY, rw, PANGO_ALIGN_CENTER, 0);
    double h = MAX(dl_height(left), dl_height(right));
    p->y += 4;
    dl_need(p, h);
    dl_draw(p, left, p->left, p->y);
    dl_draw(p, right, rx, p->y);
    p->y += h;
    g_object_unref(left);
    g_object_unref(right);
    g_string_free(to, TRUE);
    g_string_free(sig, TRUE);
}

/* The "DỰ THẢO" mark in a box at the top left of the first page. */
static void draft_mark(doc_t *d)
{
    dl_t *p = &d->dl;
    PangoLayout *l = dl_text(p, "<b>DỰ THẢO</b>", 11, DL_MM(30), PANGO_ALIGN_CENTER, 0);
    double y = DL_MM(8), h = dl_height(l);
    dl_draw(p, l, p->left, y);
    cairo_set_line_width(p->cr, 0.8);
    cairo_rectangle(p->cr, p->left, y - 1, DL_MM(30), h + 2);
    cairo_stroke(p->cr);
    g_object_unref(l);
}

/* ---- the annex: the selected, by kind then field, numbered ----------- */

#define ANNEX_SIZE 12.0
#define PAD        3.0
static const double col_mm[] = {11, 47, 52}; /* the last column takes the rest */
#define N_COLS 4
/* a heading is not left at the foot of a page: it takes a row with it */
#define KEEP_WITH_NEXT 90.0

static double col_x(const dl_t *p, int c)
{
    double x = p->left;
    for (int i = 0; i < c; i++)
        x += DL_MM(col_mm[i]);
    return x;
}

static double col_w(const dl_t *p, int c)
{
    return c < N_COLS - 1 ? DL_MM(col_mm[c]) : p->left + dl_width(p) - col_x(p, c);
}

/* One row of the table: cells in markup (span: one cell across the row). */
static void row(doc_t *d, const char *const cells[N_COLS], bool span, PangoAlignment align)
{
    dl_t *p = &d->dl;
    PangoLayout *l[N_COLS] = {0};
    double h = 0;
    int n = span ? 1 : N_COLS;
    for (int c = 0; c < n; c++) {
        double w = span ? dl_width(p) : col_w(p, c);
        l[c] = dl_text(p, cells[c], ANNEX_SIZE, w - 2 * PAD,
                       c == 0 && !span ? PANGO_ALIGN_CENTER : align, 0);
        if (c == N_COLS - 1) { /* an achievement line, not the whole dossier */
            pango_layout_set_height(l[c], -4);
            pango_layout_set_ellipsize(l[c], PANGO_ELLIPSIZE_END);
        }
        h = MAX(h, dl_height(l[c]));
    }
    h += 2 * PAD;
    dl_need(p, h);
    for (int c = 0; c < n; c++) {
        dl_draw(p, l[c], (span ? p->left : col_x(p, c)) + PAD, p->y + PAD);
        g_object_unref(l[c]);
    }
    cairo_set_line_width(p->cr, 0.5);
    cairo_rectangle(p->cr, p->left, p->y, dl_width(p), h);
    for (int c = 1; c < n; c++) {
        cairo_move_to(p->cr, col_x(p, c), p->y);
        cairo_line_to(p->cr, col_x(p, c), p->y + h);
    }
    cairo_stroke(p->cr);
    p->y += h;
}

static void table_head(dl_t *p, void *arg)
{
    (void)p;
    static const char *const head[N_COLS] = {"<b>TT</b>", "<b>Tên tập thể, cá nhân</b>",
                                             "<b>Chức vụ, đơn vị</b>", "<b>Thành tích</b>"};
    row(arg, head, false, PANGO_ALIGN_CENTER);
}

static void entry_row(doc_t *d, const dec_entry_t *e, size_t number)
{
    const Thidua__V1__Nominee *n = e->nominee;
    char num[16];
    snprintf(num, sizeof num, "%zu", number);
    GString *where = g_string_new("");
    if (n->kind == THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL) {
        const char *sep = *n->position && *n->workplace ? ", " : "";
        char *m = g_markup_printf_escaped("%s%s%s", n->position, sep, n->workplace);
        g_string_append(where, m);
        g_free(m);
        /* the proposing unit only where no workplace says where the person
         * works: beside one, it repeated the unit or named another place */
        if (!*n->workplace) {
            m = g_markup_printf_escaped("%s<i>%s</i>", where->len ? "\n" : "", e->unit_name);
            g_string_append(where, m);
            g_free(m);
        }
    } else {
        char *m = g_markup_printf_escaped("%s", e->unit_name);
        g_string_append(where, m);
        g_free(m);
    }
    /* the achievement line: the first of the text */
    char *line = g_strndup(n->achievements, strcspn(n->achievements, "\n"));
    char *name = dec_markup("span", n->name), *did = dec_markup("span", line);
    g_free(line);
    const char *cells[N_COLS] = {num, name, where->str, did};
    row(d, cells, false, PANGO_ALIGN_LEFT);
    g_free(name);
    g_free(did);
    g_string_free(where, TRUE);
}

static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII"};

/* The rows of one kind (collectives or individuals), a heading per field;
 * numbers run through the kind. */
static void annex_kind(doc_t *d, int kind, const char *heading)
{
    const dec_list_t *l = d->list;
    size_t number = 0, fields = 0;
    int field = -1;
    for (size_t i = 0; i < l->n; i++) {
        const Thidua__V1__Nominee *n = l->entries[i].nominee;
        if ((int)n->kind != kind)
            continue;
        if (number == 0 || (int)n->field != field)
            dl_need(&d->dl, KEEP_WITH_NEXT);
        if (number == 0) {
            const char *cells[N_COLS] = {heading};
            row(d, cells, true, PANGO_ALIGN_LEFT);
        }
        if ((int)n->field != field) {
            field = (int)n->field;
            const char *label = thd_label_enum(&thidua__v1__field__descriptor, field, "vi");
            char *upper = g_utf8_strup(label ? label : "", -1);
            char *m = g_markup_printf_escaped("<b>%s. LĨNH VỰC %s</b>",
                                              roman[fields++ % G_N_ELEMENTS(roman)], upper);
            const char *cells[N_COLS] = {m};
            row(d, cells, true, PANGO_ALIGN_LEFT);
            g_free(m);
            g_free(upper);
        }
        entry_row(d, &l->entries[i], ++number);
    }
}

static void dec_annex(doc_t *d)
{
    dl_t *p = &d->dl;
    dl_new_page(p);
    char *body = info(d, "ten_co_quan"), *sign = info(d, "ky_hieu");
    if (!*body) { /* the optional name in running text; else the heading's, lowered */
        free(body);
        char *upper = info(d, "co_quan");
        char *low = g_utf8_strdown(upper, -1);
        body = strdup(low);
        g_free(low);
        free(upper);
    }
    flow(d, "<b>Phụ lục</b>", BODY, PANGO_ALIGN_CENTER, 0, 0);
    flow(d, "<b>DANH SÁCH TẬP THỂ, CÁ NHÂN ĐIỂN HÌNH TIÊN TIẾN\nĐƯỢC TUYÊN DƯƠNG</b>", BODY,
         PANGO_ALIGN_CENTER, 0, 0);
    char *m = g_markup_printf_escaped(
        "<i>(Kèm theo Quyết định số %s/%s ngày %s tháng %s năm %s của %s)</i>", d->g.number, sign,
        d->g.day, d->g.month, d->g.year, body ? body : "");
    flow(d, m, 13, PANGO_ALIGN_CENTER, 0, 0);
    g_free(m);
    free(body);
    free(sign);
    dl_rule(p, p->left + dl_width(p) / 2, p->y + 5, DL_MM(30));
    p->y += DL_MM(8);
    table_head(p, d);
    p->on_new_page = table_head;
    p->arg = d;
    char head[64];
    int part = 0;
    if (d->list->n_collective) {
        snprintf(head, sizeof head, "<b>%s. TẬP THỂ (%zu)</b>", part++ ? "B" : "A",
                 d->list->n_collective);
        annex_kind(d, THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE, head);
    }
    if (d->list->n_individual) {
        snprintf(head, sizeof head, "<b>%s. CÁ NHÂN (%zu)</b>", part++ ? "B" : "A",
                 d->list->n_individual);
        annex_kind(d, THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL, head);
    }
    p->on_new_page = NULL;
}

/* For the office, not part of the decision: in the reader's language. */
static void footer_text(doc_t *d)
{
    char when[40], day[64];
    int y = 0, m = 0, dd = 0;
    export_time(d->in->data->exported_at, when, sizeof when);
    sscanf(when, "%d-%d-%d", &y, &m, &dd);
    snprintf(d->dl.footer, sizeof d->dl.footer,
             _("Draft made from the thidua data at revision %llu, read at %.5s on %s"),
             (unsigned long long)d->in->data->revision, when + 11,
             cli_date_words(y, m, dd, day, sizeof day));
}

int dec_write_decision(const dec_input_t *in, const dec_list_t *l, const char *path, char *err,
                       size_t cap)
{
    doc_t d = {.in = in, .list = l};
    d.n_vars = dec_globals_fill(&d.g, in, l);
    d.dl = (dl_t){.left = DL_MM(30),
                  .right = DL_MM(15),
                  .top = DL_MM(20),
                  .bottom = DL_MM(20),
                  .number_pages = true};
    if (dl_open(&d.dl, path, DL_MM(210), DL_MM(297)) != 0) {
        snprintf(err, cap, _("cannot write '%s'"), path);
        return -1;
    }
    footer_text(&d);
    draft_mark(&d);
    header(&d);
    title(&d);
    section(&d, DEC_BASES, "i", PROSE, DL_JUSTIFY, DL_MM(12.7), 3);
    d.dl.y += 4;
    flow(&d, "<b>QUYẾT ĐỊNH:</b>", BODY, PANGO_ALIGN_CENTER, 0, 4);
    articles(&d);
    signature(&d);
    dec_annex(&d);
    if (dl_close(&d.dl) != 0) {
        snprintf(err, cap, _("cannot write '%s'"), path);
        return -1;
    }
    return 0;
}
