/* The overlays over the panels, built as lines of text: the help (keys
 * and what the column headings' abbreviations mean), a record's detail,
 * the nominees of one field and kind, and a nominee's dossier. Labels are
 * padded to one display width, long values wrapped at spaces; screen.c
 * draws the lines. Reads the view only. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor.h"
#include "rules.h"
#include "text.h"

#define CELL 1024 /* as screen.c: one fitted cell */

static void add_line(mon_lines_t *ls, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One screen line per text line of the formatted text. */
static void add_line(mon_lines_t *ls, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    for (char *p = buf, *next; p; p = next) { /* empty lines keep their place */
        next = strchr(p, '\n');
        if (next)
            *next++ = '\0';
        if (ls->n == ls->cap) {
            size_t cap = ls->cap ? ls->cap * 2 : 32;
            char **v = realloc(ls->v, cap * sizeof *v);
            if (!v)
                return;
            ls->v = v;
            ls->cap = cap;
        }
        ls->v[ls->n] = strdup(p);
        if (ls->v[ls->n])
            ls->n++;
    }
}

void lines_free(mon_lines_t *ls)
{
    for (size_t i = 0; i < ls->n; i++)
        free(ls->v[i]);
    free(ls->v);
    memset(ls, 0, sizeof *ls);
}

/* lead, then text wrapped at spaces into width columns, its further lines
 * indented by indent columns. */
static void add_wrapped(mon_lines_t *ls, const char *lead, int indent, const char *text, int width)
{
    int room = width - indent > 20 ? width - indent : 20;
    char *copy = text_nfc(text ? text : "");
    if (!copy)
        return;
    char line[2048] = "";
    size_t len = 0;
    int used = 0, emitted = 0;
    char *s1 = NULL;
    for (char *para = strtok_r(copy, "\n", &s1); para; para = strtok_r(NULL, "\n", &s1)) {
        char *s2 = NULL;
        for (char *word = strtok_r(para, " ", &s2); word; word = strtok_r(NULL, " ", &s2)) {
            int w = text_width(word);
            if (len && used + 1 + w > room) {
                add_line(ls, "%*s%s", emitted ? indent : 0, emitted ? "" : lead, line);
                emitted++;
                len = 0;
                used = 0;
            }
            int n = snprintf(line + len, sizeof line - len, "%s%s", len ? " " : "", word);
            if (n > 0 && (size_t)n < sizeof line - len) {
                len += (size_t)n;
                used += w + (used ? 1 : 0);
            }
        }
        if (len) {
            add_line(ls, "%*s%s", emitted ? indent : 0, emitted ? "" : lead, line);
            emitted++;
            len = 0;
            used = 0;
        }
    }
    if (!emitted)
        add_line(ls, "%s", lead);
    free(copy);
}

/* The labels of a block, padded to the widest of them. */
struct kv {
    mon_lines_t *ls;
    int labelw, width;
};

static void kv_init(struct kv *kv, mon_lines_t *ls, int width, const mon_str_t *labels, size_t n)
{
    kv->ls = ls;
    kv->width = width;
    kv->labelw = 0;
    for (size_t i = 0; i < n; i++) {
        int w = text_width(mon_str(labels[i]));
        if (w > kv->labelw)
            kv->labelw = w;
    }
}

static void add_kv(struct kv *kv, mon_str_t label, const char *value)
{
    char lead[CELL];
    mon_fit(mon_str(label), kv->labelw + 2, false, lead, sizeof lead);
    add_wrapped(kv->ls, lead, kv->labelw + 2, value, kv->width);
}

/* The entries in libthidua's rendering: when, who (a person's name, so
 * wider than the unit's code), unit, the verb's word (with a report's
 * percent) and the text in the chosen language. */
static void history_lines(mon_lines_t *ls, Thidua__V1__HistoryEntry **h, size_t n)
{
    if (!n)
        return;
    add_line(ls, " ");
    add_line(ls, "%s", mon_str(S_HISTORY));
    for (size_t i = 0; i < n; i++) {
        thd_cells_t c;
        thd_render_history(h[i], mon_lang(), &c);
        char actor[CELL], unit[CELL], pct[16] = "";
        if (!strcmp(h[i]->verb, "report"))
            snprintf(pct, sizeof pct, " %u%%", h[i]->percent);
        add_line(ls, "  %s  %s %s %s%s  %s", c.when, mon_fit(c.who, 16, false, actor, sizeof actor),
                 mon_fit(c.unit, 10, false, unit, sizeof unit), c.what, pct, c.text);
    }
}

/* A task's or a nominee's history: what its record still holds (written
 * before its history became records: format 4 for tasks, 5 for nominees),
 * then its History records from the view, 1, 2, ... */
static void record_history_lines(const mon_t *m, const char *id,
                                 Thidua__V1__HistoryEntry *const *held, size_t n, mon_lines_t *ls)
{
    size_t cap = n + 16;
    Thidua__V1__HistoryEntry **h = malloc(cap * sizeof *h);
    if (!h)
        return;
    if (n) /* a record written since holds none (and its history is NULL) */
        memcpy(h, held, n * sizeof *h);
    char hid[96];
    for (uint32_t seq = 1;; seq++) {
        thd_history_id(hid, sizeof hid, id, seq);
        const Thidua__V1__Record *r = thd_watch_get(m->watch, "history", hid);
        if (!r || r->body_case != THIDUA__V1__RECORD__BODY_HISTORY || !r->history->entry)
            break;
        if (n == cap) {
            Thidua__V1__HistoryEntry **g = realloc(h, (cap *= 2) * sizeof *h);
            if (!g)
                break;
            h = g;
        }
        h[n++] = r->history->entry;
    }
    history_lines(ls, h, n);
    free(h);
}

static const char *unit_name(const mon_t *m, const char *code, char *out, size_t cap)
{
    const Thidua__V1__Record *u = thd_watch_get(m->watch, "unit", code);
    if (u && u->body_case == THIDUA__V1__RECORD__BODY_UNIT && *u->unit->name)
        snprintf(out, cap, "%s · %s", code, u->unit->name);
    else
        snprintf(out, cap, "%s", code);
    return out;
}

static void task_lines(const mon_t *m, const Thidua__V1__Record *r, mon_lines_t *ls, int width)
{
    static const mon_str_t labels[] = {S_COL_STATUS, S_COL_LEAD, S_COL_DEADLINE, S_COL_PROGRESS};
    const Thidua__V1__Task *t = r->task;
    struct kv kv;
    kv_init(&kv, ls, width, labels, sizeof labels / sizeof labels[0]);
    char buf[CELL];
    add_line(ls, "%s  %s", t->id, t->title);
    add_kv(&kv, S_COL_STATUS, mon_task_status(model_task_status(m->watch, t)));
    add_kv(&kv, S_COL_LEAD, unit_name(m, t->lead_unit, buf, sizeof buf));
    for (size_t i = 0; i < t->n_support_units; i++)
        add_line(ls, "%*s+ %s", kv.labelw + 2, "",
                 unit_name(m, t->support_units[i], buf, sizeof buf));
    add_kv(&kv, S_COL_DEADLINE, *t->deadline ? thd_date_dmy(t->deadline, buf) : "-");
    snprintf(buf, sizeof buf, "%u%%", t->progress);
    add_kv(&kv, S_COL_PROGRESS, buf);
    if (*t->description)
        add_wrapped(ls, "", 0, t->description, width);
    record_history_lines(m, t->id, t->history, t->n_history, ls);
}

/* ---- a nominee's dossier ---- */

static const mon_str_t dossier_labels[] = {
    S_COL_STATUS, S_UNIT,      S_COL_KIND, S_COL_FIELD,    S_GENDER,     S_BIRTH_YEAR,
    S_POSITION,   S_WORKPLACE, S_CLAIMED,  S_ACHIEVEMENTS, S_DISCLOSURE, S_DECISION,
    S_REASON,     S_CHECKS,    S_OPINIONS, S_COMPLAINTS};

static void claimed_line(struct kv *kv, const Thidua__V1__Nominee *n)
{
    char buf[CELL] = "";
    size_t len = 0;
    for (size_t i = 0; i < n->n_criteria_met && len < sizeof buf; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? ", " : "",
                                n->criteria_met[i]);
    if (n->influential && len < sizeof buf)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? " · " : "",
                                mon_str(S_INFLUENTIAL));
    if (n->new_factor && len < sizeof buf)
        snprintf(buf + len, sizeof buf - len, "%s%s", len ? " · " : "", mon_str(S_NEW_FACTOR));
    add_kv(kv, S_CLAIMED, *buf ? buf : mon_str(S_NONE));
}

/* The latest check per criterion, the result column lined up. */
static void checks_lines(struct kv *kv, const Thidua__V1__Nominee *n)
{
    if (!n->n_checks) {
        add_kv(kv, S_CHECKS, mon_str(S_NONE));
        return;
    }
    add_line(kv->ls, "%s", mon_str(S_CHECKS));
    int cw = 0, rw = 0;
    for (size_t i = 0; i < n->n_checks; i++) {
        thd_cells_t c;
        thd_render_check(n->checks[i], mon_lang(), &c);
        cw = text_width(c.key) > cw ? text_width(c.key) : cw;
        rw = text_width(c.what) > rw ? text_width(c.what) : rw;
    }
    for (size_t i = 0; i < n->n_checks; i++) {
        thd_cells_t c;
        thd_render_check(n->checks[i], mon_lang(), &c);
        char code[CELL], res[CELL], lead[3 * CELL], tail[CELL];
        snprintf(lead, sizeof lead, "  %s %s  ", mon_fit(c.key, cw, false, code, sizeof code),
                 mon_fit(c.what, rw, false, res, sizeof res));
        snprintf(tail, sizeof tail, "%s%s(%s, %s)", c.text, *c.text ? " " : "", c.who, c.day);
        add_wrapped(kv->ls, lead, 2 + cw + 1 + rw + 2, tail, kv->width);
    }
}

static void opinion_lines(struct kv *kv, const Thidua__V1__Nominee *n)
{
    if (!n->n_opinions) {
        add_kv(kv, S_OPINIONS, mon_str(S_NONE));
        return;
    }
    add_line(kv->ls, "%s", mon_str(S_OPINIONS));
    for (size_t i = 0; i < n->n_opinions; i++) {
        thd_cells_t c;
        thd_render_opinion(n->opinions[i], mon_lang(), &c);
        char lead[CELL], text[2 * CELL];
        snprintf(lead, sizeof lead, "  %s: %s — ", c.key, c.what);
        snprintf(text, sizeof text, "%s (%s, %s)", c.text, c.who, c.day);
        add_wrapped(kv->ls, lead, 4, text, kv->width);
    }
}

static void complaint_lines(struct kv *kv, const Thidua__V1__Nominee *n)
{
    if (!n->n_complaints) {
        add_kv(kv, S_COMPLAINTS, mon_str(S_NONE));
        return;
    }
    add_line(kv->ls, "%s", mon_str(S_COMPLAINTS));
    for (size_t i = 0; i < n->n_complaints; i++) {
        thd_cells_t c;
        thd_render_complaint(n->complaints[i], mon_lang(), &c);
        char lead[64], text[3 * CELL];
        snprintf(lead, sizeof lead, "  #%s ", c.key);
        snprintf(text, sizeof text, "%s (%s) — %s%s%s", c.text, c.day, c.what, *c.note ? ": " : "",
                 c.note);
        add_wrapped(kv->ls, lead, 4, text, kv->width);
    }
}

static void nominee_lines(const mon_t *m, const Thidua__V1__Record *r, mon_lines_t *ls, int width)
{
    const Thidua__V1__Nominee *n = r->nominee;
    struct kv kv;
    kv_init(&kv, ls, width, dossier_labels, sizeof dossier_labels / sizeof dossier_labels[0]);
    char buf[CELL];
    add_line(ls, "%s  %s", n->id, n->name);
    add_kv(&kv, S_COL_STATUS, mon_nominee_status(n->status));
    add_kv(&kv, S_UNIT, unit_name(m, n->proposing_unit, buf, sizeof buf));
    add_kv(&kv, S_COL_KIND, mon_kind(n->kind));
    add_kv(&kv, S_COL_FIELD, mon_field(n->field));
    if (*n->gender)
        add_kv(&kv, S_GENDER, n->gender);
    if (n->birth_year) {
        snprintf(buf, sizeof buf, "%u", n->birth_year);
        add_kv(&kv, S_BIRTH_YEAR, buf);
    }
    if (*n->position)
        add_kv(&kv, S_POSITION, n->position);
    if (*n->workplace)
        add_kv(&kv, S_WORKPLACE, n->workplace);
    add_kv(&kv, S_ACHIEVEMENTS, *n->achievements ? n->achievements : mon_str(S_NONE));
    claimed_line(&kv, n);
    checks_lines(&kv, n);
    opinion_lines(&kv, n);
    mon_str_t disc = n->disclosure == THIDUA__V1__DISCLOSURE__DISCLOSURE_OPEN ? S_DISC_OPEN
                     : n->disclosure == THIDUA__V1__DISCLOSURE__DISCLOSURE_CLOSED
                         ? S_DISC_CLOSED
                         : S_DISC_NOT_OPENED;
    char window[200], from[11];
    snprintf(window, sizeof window, "%s", mon_str(disc));
    if (*n->disclosure_close_from)
        snprintf(window + strlen(window), sizeof window - strlen(window), "; %s %s",
                 mon_str(S_CLOSE_FROM), thd_date_dmy(n->disclosure_close_from, from));
    add_kv(&kv, S_DISCLOSURE, window);
    size_t overlaps = thd_nominee_overlaps(n); /* a warning for the office */
    if (overlaps) {
        snprintf(buf, sizeof buf, "%zu", overlaps);
        add_kv(&kv, S_HONOUR_OVERLAP, buf);
    }
    complaint_lines(&kv, n);
    bool decided = n->status == THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_SELECTED ||
                   n->status == THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_REJECTED;
    add_kv(&kv, S_DECISION, decided ? mon_nominee_status(n->status) : mon_str(S_NONE));
    if (*n->decision_reason)
        add_kv(&kv, S_REASON, n->decision_reason);
    record_history_lines(m, n->id, n->history, n->n_history, ls);
}

static void record_lines(mon_t *m, mon_lines_t *ls, int width)
{
    const Thidua__V1__Record *r = thd_watch_get(m->watch, m->detail_type, m->detail_id);
    ls->footer = m->detail_back == OVERLAY_LIST ? S_DOSSIER_CLOSE : S_DETAIL_CLOSE;
    if (!r) {
        add_line(ls, "%s/%s %s", m->detail_type, m->detail_id, mon_str(S_NOT_FOUND));
    } else if (r->body_case == THIDUA__V1__RECORD__BODY_TASK) {
        task_lines(m, r, ls, width);
    } else if (r->body_case == THIDUA__V1__RECORD__BODY_NOMINEE) {
        nominee_lines(m, r, ls, width);
    } else {
        add_line(ls, "%s/%s", r->type, r->id);
    }
}

/* The nominees of one row of the nominees panel, one to choose. */
static void list_lines(mon_t *m, mon_lines_t *ls)
{
    size_t n;
    const Thidua__V1__Record **v =
        model_nominees(m->watch, m->list_field, m->list_kind, m->unit, &n);
    add_line(ls, "%s · %s (%zu)", mon_field(m->list_field), mon_kind(m->list_kind), n);
    ls->footer = S_LIST_CLOSE;
    if (!n)
        add_line(ls, "%s", mon_str(S_NO_NOMINEES));
    if (m->list_sel >= n)
        m->list_sel = n ? n - 1 : 0;
    for (size_t i = 0; i < n; i++) {
        const Thidua__V1__Nominee *nm = v[i]->nominee;
        char id[CELL], name[CELL], unit[CELL];
        if (i == m->list_sel)
            ls->mark = (long)ls->n;
        add_line(ls, "%s %s %s %s", mon_fit(nm->id, 6, false, id, sizeof id),
                 mon_fit(nm->name, 36, false, name, sizeof name),
                 mon_fit(nm->proposing_unit, 12, false, unit, sizeof unit),
                 mon_nominee_status(nm->status));
    }
    free(v);
}

/* Keys, then each heading abbreviation beside what it means: the
 * abbreviations are the headings' own labels, so they cannot drift. */
static void help_lines(mon_lines_t *ls, int width)
{
    static const struct {
        mon_str_t heading, meaning;
    } abbr[] = {
        {S_COL_ID, S_ABBR_ID},
        {S_COL_LEAD, S_ABBR_LEAD},
        {S_COL_DEADLINE, S_ABBR_DEADLINE},
        {S_COL_DAYS, S_ABBR_DAYS},
        {S_COL_PROPOSED, S_ABBR_PROPOSED},
        {S_COL_VETTING, S_ABBR_VETTING},
        {S_COL_VETTED, S_ABBR_VETTED},
        {S_COL_SELECTED, S_ABBR_SELECTED},
        {S_REV, S_ABBR_REV},
    };
    add_line(ls, "%s", mon_str(S_HELP));
    add_line(ls, " ");
    add_line(ls, "%s", mon_str(S_ABBREVIATIONS));
    int w = 0;
    for (size_t i = 0; i < sizeof abbr / sizeof abbr[0]; i++) {
        int tw = text_width(mon_str(abbr[i].heading));
        w = tw > w ? tw : w;
    }
    for (size_t i = 0; i < sizeof abbr / sizeof abbr[0]; i++) {
        char cell[CELL], lead[CELL + 8];
        snprintf(lead, sizeof lead, "  %s  ",
                 mon_fit(mon_str(abbr[i].heading), w, false, cell, sizeof cell));
        add_wrapped(ls, lead, w + 4, mon_str(abbr[i].meaning), width);
    }
    ls->footer = S_DETAIL_CLOSE;
}

void overlay_lines(mon_t *m, int width, mon_lines_t *ls)
{
    memset(ls, 0, sizeof *ls);
    ls->mark = -1;
    if (m->overlay == OVERLAY_HELP)
        help_lines(ls, width);
    else if (m->overlay == OVERLAY_LIST)
        list_lines(m, ls);
    else
        record_lines(m, ls, width);
}
