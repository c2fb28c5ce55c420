/* Keys: panel focus, movement, the text and unit filters, detail, help.
 * Reads wide characters so a filter can be typed in Vietnamese. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncurses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "clock.h"
#include "fold.h"
#include "monitor.h"

#define KEY_CTRL_L 12

void mon_note(mon_t *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->note, sizeof m->note, fmt, ap);
    va_end(ap);
    m->note_until = clock_mono_ms() + MON_NOTE_MS;
}

void mon_set_query(mon_t *m, const char *q)
{
    snprintf(m->query, sizeof m->query, "%s", q);
    free(m->folded);
    m->folded = *m->query ? fold_text(m->query) : NULL;
    m->sel[PANEL_TASKS] = m->top[PANEL_TASKS] = 0;
    m->dirty = true;
}

static size_t list_len(const mon_t *m, enum mon_panel p)
{
    switch (p) {
    case PANEL_TASKS:
        return m->model.n_tasks;
    case PANEL_NOMINEES:
        return (N_FIELDS - 1) * (N_KINDS - 1);
    default:
        return m->feed.count;
    }
}

/* The feed shows the newest change again and keeps to it. */
static void follow_feed(mon_t *m)
{
    m->sel[PANEL_FEED] = m->top[PANEL_FEED] = 0;
    m->feed_unseen = 0;
}

static void move_sel(mon_t *m, long delta)
{
    size_t n = list_len(m, m->focus);
    long s = (long)m->sel[m->focus] + delta;
    if (s < 0 || n == 0)
        s = 0;
    else if ((size_t)s >= n)
        s = (long)n - 1;
    m->sel[m->focus] = (size_t)s;
    if (m->focus == PANEL_FEED && s == 0)
        follow_feed(m);
}

static void open_detail(mon_t *m)
{
    size_t s = m->sel[m->focus];
    m->detail_scroll = 0;
    if (m->focus == PANEL_TASKS && s < m->model.n_tasks) {
        snprintf(m->detail_type, sizeof m->detail_type, "task");
        snprintf(m->detail_id, sizeof m->detail_id, "%s", m->model.tasks[s].rec->id);
    } else if (m->focus == PANEL_NOMINEES) {
        m->list_field = 1 + (int)s / (N_KINDS - 1);
        m->list_kind = 1 + (int)s % (N_KINDS - 1);
        m->list_sel = 0;
        m->overlay = OVERLAY_LIST;
        return;
    } else {
        const mon_entry_t *e = feed_get(&m->feed, s);
        if (!e || !*e->type)
            return;
        snprintf(m->detail_type, sizeof m->detail_type, "%s", e->type);
        snprintf(m->detail_id, sizeof m->detail_id, "%s", e->id);
    }
    m->overlay = OVERLAY_DETAIL;
    m->detail_back = OVERLAY_NONE;
}

/* Enter on the list of a field and kind: that nominee's dossier, from
 * which Esc comes back to the list. */
static void open_dossier(mon_t *m)
{
    size_t n;
    const Thidua__V1__Record **v =
        model_nominees(m->watch, m->list_field, m->list_kind, m->unit, &n);
    if (m->list_sel < n) {
        snprintf(m->detail_type, sizeof m->detail_type, "nominee");
        snprintf(m->detail_id, sizeof m->detail_id, "%s", v[m->list_sel]->id);
        m->detail_scroll = 0;
        m->overlay = OVERLAY_DETAIL;
        m->detail_back = OVERLAY_LIST;
    }
    free(v);
}

/* Tab in the unit prompt: the codes starting with what is typed; one
 * completes the line, several extend it to what they share and are
 * listed in the footer. */
static void complete_unit(mon_t *m)
{
    size_t n, typed = strlen(m->prompt_buf), found = 0, common = 0;
    const Thidua__V1__Record **v = model_units(m->watch, &n);
    char list[sizeof m->note] = "", first[32] = "";
    for (size_t i = 0; i < n; i++) {
        const char *code = v[i]->id;
        if (strncasecmp(code, m->prompt_buf, typed) != 0)
            continue;
        if (!found++) {
            snprintf(first, sizeof first, "%s", code);
            common = strlen(first);
        } else {
            while (common > 0 && strncmp(first, code, common) != 0)
                common--;
        }
        size_t l = strlen(list);
        if (l + strlen(code) + 2 < sizeof list)
            snprintf(list + l, sizeof list - l, "%s%s", l ? " " : "", code);
    }
    free(v);
    if (found && common >= typed && common < sizeof m->prompt_buf)
        snprintf(m->prompt_buf, sizeof m->prompt_buf, "%.*s", (int)common, first);
    if (found > 1)
        mon_note(m, mon_tr("units: %s"), list);
    else if (!found)
        mon_note(m, mon_tr("no unit '%s'"), m->prompt_buf);
}

/* Enter in the unit prompt: the filter becomes that unit, or none when the
 * line is empty; a code the broker does not know changes nothing. */
static void set_unit(mon_t *m)
{
    for (char *p = m->prompt_buf; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    if (!*m->prompt_buf) {
        if (*m->unit)
            mon_note(m, "%s", mon_str(S_UNIT_CLEARED));
        m->unit[0] = '\0';
    } else if (strlen(m->prompt_buf) >= sizeof m->unit ||
               !thd_watch_get(m->watch, "unit", m->prompt_buf)) {
        mon_note(m, mon_tr("no unit '%s'"), m->prompt_buf);
        return;
    } else {
        memcpy(m->unit, m->prompt_buf, strlen(m->prompt_buf) + 1); /* its length checked above */
        m->note_until = 0;
    }
    m->sel[PANEL_TASKS] = m->top[PANEL_TASKS] = 0;
    m->dirty = true;
}

static void prompt_key(mon_t *m, int rc, wint_t ch)
{
    size_t len = strlen(m->prompt_buf);
    if (rc == KEY_CODE_YES && (ch == KEY_BACKSPACE || ch == KEY_DC)) {
        ch = 127;
        rc = OK;
    }
    if (rc != OK)
        return;
    if (ch == '\n' || ch == '\r') {
        if (m->prompt_kind == 'u')
            set_unit(m);
        m->overlay = OVERLAY_NONE;
    } else if (ch == '\t' && m->prompt_kind == 'u') {
        complete_unit(m);
    } else if (ch == 27) { /* Esc: leave the prompt, drop what it changed */
        if (m->prompt_kind == '/')
            mon_set_query(m, "");
        m->overlay = OVERLAY_NONE;
    } else if (ch == 127 || ch == 8) {
        while (len > 0 && ((unsigned char)m->prompt_buf[len - 1] & 0xC0) == 0x80)
            len--; /* continuation bytes of the last character */
        if (len > 0)
            len--;
        m->prompt_buf[len] = '\0';
    } else if (ch >= 0x20) {
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)ch, enc);
        if (n > 0 && len + (size_t)n < sizeof m->prompt_buf) {
            memcpy(m->prompt_buf + len, enc, (size_t)n);
            m->prompt_buf[len + (size_t)n] = '\0';
        }
    }
    if (m->prompt_kind == '/' && m->overlay == OVERLAY_PROMPT)
        mon_set_query(m, m->prompt_buf); /* the list narrows as one types */
}

/* The nominees of one field and kind: a list to choose from. */
static void list_key(mon_t *m, int rc, wint_t ch)
{
    long page = screen_page_rows(m, PANEL_TASKS), s = (long)m->list_sel;
    if (rc == KEY_CODE_YES) {
        s += ch == KEY_UP      ? -1
             : ch == KEY_DOWN  ? 1
             : ch == KEY_PPAGE ? -page
             : ch == KEY_NPAGE ? page
                               : 0;
        if (ch == KEY_HOME)
            s = 0;
        else if (ch == KEY_END)
            s = 1L << 30; /* clamped when drawn */
        else if (ch == KEY_ENTER)
            open_dossier(m);
        m->list_sel = s < 0 ? 0 : (size_t)s;
    } else if (ch == '\n' || ch == '\r') {
        open_dossier(m);
    } else if (ch == 27 || ch == 'q' || ch == '?') {
        m->overlay = OVERLAY_NONE;
    }
}

static void key(mon_t *m, int rc, wint_t ch)
{
    if (m->overlay == OVERLAY_PROMPT) {
        prompt_key(m, rc, ch);
        return;
    }
    if (rc == OK && ch == KEY_CTRL_L) {
        clearok(curscr, TRUE); /* the next refresh repaints every cell */
        return;
    }
    if (m->overlay == OVERLAY_LIST) {
        list_key(m, rc, ch);
        return;
    }
    if (m->overlay != OVERLAY_NONE) {
        if (rc == KEY_CODE_YES && ch == KEY_UP)
            m->detail_scroll--;
        else if (rc == KEY_CODE_YES && ch == KEY_DOWN)
            m->detail_scroll++;
        else if (rc == KEY_CODE_YES && ch == KEY_PPAGE)
            m->detail_scroll -= 10;
        else if (rc == KEY_CODE_YES && ch == KEY_NPAGE)
            m->detail_scroll += 10;
        else if (rc == OK && (ch == 27 || ch == '\n' || ch == '\r' || ch == 'q' || ch == '?'))
            m->overlay = m->overlay == OVERLAY_DETAIL ? m->detail_back : OVERLAY_NONE;
        return;
    }
    int page = screen_page_rows(m, m->focus);
    if (rc == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP:
            move_sel(m, -1);
            break;
        case KEY_DOWN:
            move_sel(m, 1);
            break;
        case KEY_PPAGE:
            move_sel(m, -page);
            break;
        case KEY_NPAGE:
            move_sel(m, page);
            break;
        case KEY_HOME:
            m->sel[m->focus] = 0;
            if (m->focus == PANEL_FEED)
                follow_feed(m);
            break;
        case KEY_END:
            /* the feed lists the newest first: its End is "follow again" */
            if (m->focus == PANEL_FEED)
                follow_feed(m);
            else
                move_sel(m, (long)list_len(m, m->focus));
            break;
        case KEY_BTAB:
            m->focus = (m->focus + PANEL_COUNT_ - 1) % PANEL_COUNT_;
            break;
        case KEY_ENTER:
            open_detail(m);
            break;
        default:
            break;
        }
        return;
    }
    switch (ch) {
    case 'q':
    case 'Q':
        m->quit = true;
        break;
    case '\t':
        m->focus = (m->focus + 1) % PANEL_COUNT_;
        break;
    case '\n':
    case '\r':
        open_detail(m);
        break;
    case '?':
        m->overlay = OVERLAY_HELP;
        m->detail_scroll = 0;
        break;
    case '/':
    case 'u':
        m->prompt_kind = (int)ch;
        /* the text filter is edited; a unit is chosen afresh */
        snprintf(m->prompt_buf, sizeof m->prompt_buf, "%s", ch == '/' ? m->query : "");
        m->overlay = OVERLAY_PROMPT;
        break;
    case 27:
        mon_set_query(m, "");
        m->unit[0] = '\0';
        break;
    default:
        break;
    }
}

bool keys_poll(mon_t *m, int timeout_ms)
{
    bool any = false;
    timeout(timeout_ms);
    for (;;) {
        wint_t ch;
        int rc = get_wch(&ch);
        if (rc == ERR)
            break;
        any = true;
        if (!(rc == KEY_CODE_YES && ch == KEY_RESIZE))
            key(m, rc, ch);
        if (m->quit)
            break;
        timeout(0); /* drain what is queued, then return */
    }
    return any;
}
