/* Drawing with ncursesw. Every frame is drawn whole into stdscr and
 * ncurses sends only the difference. Every cell of text goes through
 * mon_fit, so columns are counted in display width, never in bytes. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncurses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "monitor.h"
#include "rules.h"
#include "text.h"

enum { PAIR_OVERDUE = 1, PAIR_TITLE, PAIR_LIVE, PAIR_DOWN, PAIR_BAR };

#define CELL 1024 /* bytes for one fitted cell: up to ~250 columns of Vietnamese */

struct layout {
    int rows, cols;
    int tasks_y, tasks_h; /* panel rows, title included */
    int noms_y, noms_h;
    int feed_y, feed_h;
};

static void compute(struct layout *l)
{
    getmaxyx(stdscr, l->rows, l->cols);
    int body = l->rows - 2; /* header and footer */
    l->noms_h = 2 + (N_FIELDS - 1) * (N_KINDS - 1);
    l->feed_h = body / 4 > 4 ? body / 4 : 4;
    l->tasks_h = body - l->noms_h - l->feed_h;
    if (l->tasks_h < 4) { /* a very small terminal: shrink the nominees first */
        l->noms_h -= 4 - l->tasks_h;
        l->tasks_h = 4;
    }
    if (l->noms_h < 2)
        l->noms_h = 2;
    l->tasks_y = 1;
    l->noms_y = l->tasks_y + l->tasks_h;
    l->feed_y = l->noms_y + l->noms_h;
}

int screen_page_rows(const mon_t *m, enum mon_panel p)
{
    (void)m;
    struct layout l;
    compute(&l);
    int n = p == PANEL_TASKS ? l.tasks_h - 3 : p == PANEL_NOMINEES ? l.noms_h - 2 : l.feed_h - 1;
    return n > 1 ? n : 1;
}

/* Colour only where the terminal has it and the user did not opt out
 * (https://no-color.org: NO_COLOR set and not empty). */
static bool colour(void)
{
    const char *no = getenv("NO_COLOR");
    return has_colors() && !(no && *no);
}

int screen_open(void)
{
    if (!initscr()) /* the locale is set by mon_i18n_init */
        return -1;
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    if (colour()) {
        start_color();
        use_default_colors();
        init_pair(PAIR_OVERDUE, COLOR_RED, -1);
        init_pair(PAIR_TITLE, COLOR_CYAN, -1);
        init_pair(PAIR_LIVE, COLOR_GREEN, -1);
        init_pair(PAIR_DOWN, COLOR_RED, -1);
        init_pair(PAIR_BAR, COLOR_GREEN, -1);
    }
    return 0;
}

void screen_close(void)
{
    endwin();
}

/* Writes s at (y, x) fitted to w columns. */
static void put(int y, int x, int w, const char *s, bool right, attr_t a)
{
    char cell[CELL];
    if (w <= 0)
        return;
    attron(a);
    mvaddstr(y, x, mon_fit(s, w, right, cell, sizeof cell));
    attroff(a);
}

/* A row of cells separated by one space; widths in columns. */
static void row(int y, int cols, int n, const int *w, const char *const *cells, const bool *right,
                attr_t a)
{
    int x = 0;
    for (int i = 0; i < n && x < cols; i++) {
        int cw = w[i] < cols - x ? w[i] : cols - x;
        put(y, x, cw, cells[i], right && right[i], a);
        x += cw;
        if (x < cols) {
            attron(a);
            mvaddstr(y, x, " ");
            attroff(a);
            x++;
        }
    }
    if (x < cols)
        put(y, x, cols - x, "", false, a);
}

static void bar(char *out, size_t cap, int width, unsigned have, unsigned of)
{
    size_t o = 0;
    int fill = of ? (int)((have * (unsigned)width + of / 2) / of) : 0;
    if (fill > width)
        fill = width;
    for (int i = 0; i < width && o + 4 < cap; i++) {
        const char *c = i < fill ? "\xe2\x96\x88" : "\xe2\x96\x91"; /* █ ░ */
        memcpy(out + o, c, 3);
        o += 3;
    }
    out[o] = '\0';
}

static void title(int y, int cols, const char *text, bool focus)
{
    attr_t a = A_BOLD | (focus ? A_REVERSE : 0) | (colour() ? COLOR_PAIR(PAIR_TITLE) : 0);
    char line[512];
    if (snprintf(line, sizeof line, "%s %s ", focus ? "▶" : "─", text) >= (int)sizeof line)
        line[sizeof line - 1] = '\0'; /* a title that long is cut to the width anyway */
    put(y, 0, cols, line, false, a);
}

static void header(mon_t *m, const struct layout *l)
{
    const char *state;
    int pair;
    if (thd_watch_up(m->watch)) {
        state = mon_str(S_LIVE);
        pair = PAIR_LIVE;
    } else if (!m->ever_up || clock_mono_ms() - m->down_since < 5000) {
        state = mon_str(S_RECONNECTING);
        pair = PAIR_DOWN;
    } else {
        state = mon_str(S_DOWN);
        pair = PAIR_DOWN;
    }
    char clk[16];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(clk, sizeof clk, "%H:%M:%S", &tm);
    char left[512];
    snprintf(left, sizeof left, " thidua │ %s │ ", m->server);
    char rest[256];
    snprintf(rest, sizeof rest, " │ %s %llu │ %s", mon_str(S_REV),
             (unsigned long long)thd_watch_revision(m->watch),
             mon_str(thd_watch_in_sync(m->watch) ? S_IN_SYNC : S_SYNCING));
    attr_t base = A_REVERSE;
    put(0, 0, l->cols, "", false, base);
    int x = 0, lw = text_width(left);
    put(0, x, lw, left, false, base);
    x += lw;
    int sw = text_width(state);
    put(0, x, sw, state, false, base | A_BOLD | (colour() ? COLOR_PAIR(pair) : 0));
    x += sw;
    int rw = l->cols - x - 10;
    put(0, x, rw, rest, false, base);
    put(0, l->cols - 10 > x ? l->cols - 10 : x, 10, clk, true, base);
}

/* What the tables say in place of their headings while the broker is not
 * answering, or NULL when it is. Figures loaded before stay, dimmed, with
 * their age; none loaded yet means no figures at all rather than zeros. */
static const char *away(const mon_t *m, char *buf, size_t cap)
{
    bool up = thd_watch_up(m->watch);
    if (up && m->loaded)
        return NULL;
    if (up || (!m->ever_up && clock_mono_ms() - m->started < 3000))
        return mon_str(S_CONNECTING);
    if (!m->loaded)
        return mon_str(S_NO_BROKER);
    char at[16];
    struct tm tm;
    localtime_r(&m->synced_at, &tm);
    strftime(at, sizeof at, "%H:%M:%S", &tm);
    snprintf(buf, cap, "%s — ", mon_str(S_NO_BROKER));
    size_t n = strlen(buf);
    snprintf(buf + n, cap - n, mon_tr("figures as of %s"), at);
    return buf;
}

static attr_t away_attr(void)
{
    return A_BOLD | (colour() ? COLOR_PAIR(PAIR_DOWN) : 0);
}

static void scroll_into_view(mon_t *m, enum mon_panel p, size_t n, int visible)
{
    if (n == 0) {
        m->sel[p] = m->top[p] = 0;
        return;
    }
    if (m->sel[p] >= n)
        m->sel[p] = n - 1;
    if (m->sel[p] < m->top[p])
        m->top[p] = m->sel[p];
    if (visible > 0 && m->sel[p] >= m->top[p] + (size_t)visible)
        m->top[p] = m->sel[p] - (size_t)visible + 1;
}

static void tasks_panel(mon_t *m, const struct layout *l)
{
    const mon_model_t *md = &m->model;
    char head[512], note[512];
    const char *gone = away(m, note, sizeof note);
    int n = snprintf(head, sizeof head, "%s (%zu)", mon_str(S_TASKS), md->n_tasks);
    if (!m->loaded) {
        title(l->tasks_y, l->cols, mon_str(S_TASKS), m->focus == PANEL_TASKS);
        put(l->tasks_y + 1, 0, l->cols, gone ? gone : "", false, away_attr());
        return;
    }
    const int *order;
    size_t n_order = thd_task_status_order(&order);
    for (size_t i = 0; i < n_order && n < (int)sizeof head; i++)
        n += snprintf(head + n, sizeof head - (size_t)n, " · %s %u", mon_task_status(order[i]),
                      md->task_counts[order[i]]);
    if (n < (int)sizeof head)
        snprintf(head + n, sizeof head - (size_t)n, " · %s %u", mon_str(S_OVERDUE), md->overdue);
    title(l->tasks_y, l->cols, head, m->focus == PANEL_TASKS);

    int lead = l->cols >= 110 ? 22 : 10, barw = l->cols >= 110 ? 10 : 4, status = 14;
    int fixed = 5 + lead + (barw + 5) + 10 + 9 + status + 6;
    int tw = l->cols - fixed > 8 ? l->cols - fixed : 8;
    int w[] = {5, tw, lead, barw + 5, 10, 9, status};
    bool right[] = {false, false, false, false, false, true, false};
    const char *hdr[] = {mon_str(S_COL_ID),       mon_str(S_COL_TITLE),    mon_str(S_COL_LEAD),
                         mon_str(S_COL_PROGRESS), mon_str(S_COL_DEADLINE), mon_str(S_COL_DAYS),
                         mon_str(S_COL_STATUS)};
    if (gone)
        put(l->tasks_y + 1, 0, l->cols, gone, false, away_attr());
    else
        row(l->tasks_y + 1, l->cols, 7, w, hdr, right, A_UNDERLINE);
    int visible = l->tasks_h - 2;
    scroll_into_view(m, PANEL_TASKS, md->n_tasks, visible);
    if (!md->n_tasks && visible > 0)
        put(l->tasks_y + 2, 0, l->cols, mon_str(S_NO_TASKS), false, A_DIM);
    for (int i = 0; i < visible; i++) {
        size_t k = m->top[PANEL_TASKS] + (size_t)i;
        if (k >= md->n_tasks)
            break;
        const mon_task_t *mt = &md->tasks[k];
        const Thidua__V1__Task *t = mt->rec->task;
        const Thidua__V1__Record *u = thd_watch_get(m->watch, "unit", t->lead_unit);
        const char *lead_name = u && u->body_case == THIDUA__V1__RECORD__BODY_UNIT && *u->unit->name
                                    ? u->unit->name
                                    : t->lead_unit;
        char prog[128], b[64], date[16] = "", days[32] = "";
        bar(b, sizeof b, barw, t->progress, 100);
        snprintf(prog, sizeof prog, "%s %3u%%", b, t->progress);
        thd_date_dmy(t->deadline, date);
        if (thd_task_open(t) && *date) {
            if (mt->days == 0)
                snprintf(days, sizeof days, "%s", mon_str(S_DUE_TODAY));
            else /* "3 left", "còn 3": the catalog places the number */
                snprintf(days, sizeof days, mt->days > 0 ? mon_tr("%d left") : mon_tr("%d late"),
                         abs(mt->days));
        }
        const char *cells[] = {t->id,
                               t->title,
                               lead_name,
                               prog,
                               date,
                               days,
                               mon_task_status(mt->returned
                                                   ? THIDUA__V1__TASK_STATUS__TASK_STATUS_RETURNED
                                                   : (int)t->status)};
        attr_t a = gone ? A_DIM : 0;
        if (mt->overdue)
            a |= A_BOLD | (colour() ? COLOR_PAIR(PAIR_OVERDUE) : 0);
        if (m->focus == PANEL_TASKS && k == m->sel[PANEL_TASKS])
            a |= A_REVERSE;
        row(l->tasks_y + 2 + i, l->cols, 7, w, cells, right, a);
    }
}

static void nominees_panel(mon_t *m, const struct layout *l)
{
    const mon_model_t *md = &m->model;
    char note[512];
    const char *gone = away(m, note, sizeof note);
    title(l->noms_y, l->cols, mon_str(S_NOMINEES), m->focus == PANEL_NOMINEES);
    if (l->noms_h < 2)
        return;
    if (!m->loaded) {
        put(l->noms_y + 1, 0, l->cols, gone ? gone : "", false, away_attr());
        return;
    }
    int fw = 20, kw = 10, nw = 7;
    int barw = l->cols - (fw + kw + nw * 4 + 6);
    if (barw < 0)
        barw = 0;
    int w[] = {fw, kw, nw, nw, nw, nw + 1, barw};
    bool right[] = {false, false, true, true, true, true, false};
    const char *hdr[] = {mon_str(S_COL_FIELD),
                         mon_str(S_COL_KIND),
                         mon_str(S_COL_PROPOSED),
                         mon_str(S_COL_VETTING),
                         mon_str(S_COL_VETTED),
                         mon_str(S_COL_SELECTED),
                         ""};
    if (gone)
        put(l->noms_y + 1, 0, l->cols, gone, false, away_attr());
    else
        row(l->noms_y + 1, l->cols, 7, w, hdr, right, A_UNDERLINE);
    int visible = l->noms_h - 2, n = (N_FIELDS - 1) * (N_KINDS - 1);
    scroll_into_view(m, PANEL_NOMINEES, (size_t)n, visible);
    for (int i = 0; i < visible; i++) {
        int k = (int)m->top[PANEL_NOMINEES] + i;
        if (k >= n)
            break;
        int f = 1 + k / (N_KINDS - 1), kind = 1 + k % (N_KINDS - 1);
        const unsigned *c = md->noms[f][kind];
        char p[16], v[16], d[16], s[32], b[256] = "";
        snprintf(p, sizeof p, "%u", c[THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_PROPOSED]);
        snprintf(v, sizeof v, "%u", c[THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_VETTING]);
        snprintf(d, sizeof d, "%u", c[THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_VETTED]);
        unsigned sel = c[THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_SELECTED];
        unsigned q = md->quota[f][kind];
        if (md->has_quota[f][kind] && q)
            snprintf(s, sizeof s, "%u/%u", sel, q);
        else
            snprintf(s, sizeof s, "%u/%s", sel, mon_str(S_QUOTA_NONE));
        if (barw > 0 && q)
            bar(b, sizeof b, barw < 20 ? barw : 20, sel, q);
        const char *cells[] = {mon_field(f), mon_kind(kind), p, v, d, s, b};
        attr_t a = (q && sel >= q ? A_BOLD : 0) | (gone ? A_DIM : 0);
        if (m->focus == PANEL_NOMINEES && (size_t)k == m->sel[PANEL_NOMINEES])
            a |= A_REVERSE;
        row(l->noms_y + 2 + i, l->cols, 7, w, cells, right, a);
    }
}

static void feed_panel(mon_t *m, const struct layout *l)
{
    char head[512];
    int n = snprintf(head, sizeof head, "%s (%s", mon_str(S_FEED),
                     mon_str(mon_feed_paused(m) ? S_FEED_PAUSED : S_LATEST));
    if (mon_feed_paused(m) && m->feed_unseen)
        n += snprintf(head + n, sizeof head - (size_t)n, " · ");
    if (mon_feed_paused(m) && m->feed_unseen && n < (int)sizeof head)
        n += snprintf(head + n, sizeof head - (size_t)n, mon_tr("%zu new"), m->feed_unseen);
    if (n < (int)sizeof head)
        snprintf(head + n, sizeof head - (size_t)n, ")");
    title(l->feed_y, l->cols, head, m->focus == PANEL_FEED);
    int visible = l->feed_h - 1;
    scroll_into_view(m, PANEL_FEED, m->feed.count, visible);
    if (!m->feed.count && visible > 0)
        put(l->feed_y + 1, 0, l->cols, mon_str(S_NO_EVENTS), false, A_DIM);
    int uw = l->cols >= 110 ? 14 : 10, aw = l->cols >= 110 ? 14 : 10;
    int w[] = {8, uw, aw, l->cols - (8 + uw + aw + 3)};
    for (int i = 0; i < visible; i++) {
        size_t k = m->top[PANEL_FEED] + (size_t)i;
        const mon_entry_t *e = feed_get(&m->feed, k);
        if (!e)
            break;
        char when[16];
        time_t t = (time_t)(e->time_ms / 1000);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(when, sizeof when, "%H:%M:%S", &tm);
        const char *cells[] = {when, e->unit, e->actor, e->what};
        attr_t a = m->focus == PANEL_FEED && k == m->sel[PANEL_FEED] ? A_REVERSE : 0;
        row(l->feed_y + 1 + i, l->cols, 4, w, cells, NULL, a);
    }
}

static void footer(mon_t *m, const struct layout *l)
{
    char line[512];
    bool noted = m->note_until && clock_mono_ms() < m->note_until;
    if (m->overlay == OVERLAY_PROMPT) {
        snprintf(line, sizeof line, "%s: %s_",
                 mon_str(m->prompt_kind == 'u' ? S_UNIT_PROMPT : S_FILTER), m->prompt_buf);
        put(l->rows - 1, 0, l->cols, line, false, A_BOLD);
        if (noted) /* completions or a refusal, above the line being typed */
            put(l->rows - 2, 0, l->cols, m->note, false, A_BOLD | A_REVERSE);
        return;
    }
    if (noted) {
        put(l->rows - 1, 0, l->cols, m->note, false, A_BOLD);
        return;
    }
    int n = 0;
    line[0] = '\0';
    if (*m->query)
        n += snprintf(line + n, sizeof line - (size_t)n, "[%s: %s] ", mon_str(S_FILTER), m->query);
    if (*m->unit && n < (int)sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, "[%s: %s] ", mon_str(S_UNIT), m->unit);
    if (n < (int)sizeof line)
        snprintf(line + n, sizeof line - (size_t)n, "%s", mon_str(S_KEYS_HINT));
    put(l->rows - 1, 0, l->cols, line, false, A_DIM);
}

/* The overlay's lines over the panels; a list keeps its chosen line in
 * view and shows it reversed. */
static void draw_overlay(mon_t *m, const struct layout *l)
{
    mon_lines_t ls;
    overlay_lines(m, l->cols, &ls);
    int top = 1, h = l->rows - 2;
    if (ls.mark >= 0) {
        if (ls.mark < m->detail_scroll)
            m->detail_scroll = (int)ls.mark;
        else if (ls.mark >= m->detail_scroll + h)
            m->detail_scroll = (int)ls.mark - h + 1;
    }
    if (m->detail_scroll > (int)ls.n - 1)
        m->detail_scroll = ls.n ? (int)ls.n - 1 : 0;
    if (m->detail_scroll < 0)
        m->detail_scroll = 0;
    for (int i = 0; i < h; i++) {
        size_t k = (size_t)m->detail_scroll + (size_t)i;
        attr_t a = (long)k == ls.mark ? A_REVERSE : k == 0 ? A_BOLD : 0;
        put(top + i, 0, l->cols, k < ls.n ? ls.v[k] : "", false, a);
    }
    put(l->rows - 1, 0, l->cols, mon_str(ls.footer), false, A_DIM);
    lines_free(&ls);
}

void screen_draw(mon_t *m)
{
    struct layout l;
    compute(&l);
    erase();
    if (l.rows < 3 || l.cols < 20) {
        put(0, 0, l.cols, "thidua: terminal too small", false, 0);
        refresh();
        return;
    }
    header(m, &l);
    if (m->overlay == OVERLAY_HELP || m->overlay == OVERLAY_DETAIL || m->overlay == OVERLAY_LIST) {
        draw_overlay(m, &l);
    } else {
        tasks_panel(m, &l);
        nominees_panel(m, &l);
        feed_panel(m, &l);
        footer(m, &l);
    }
    refresh();
}
