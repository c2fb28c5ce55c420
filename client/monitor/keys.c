/* Keys: panel focus, movement, the text and unit filters, detail, help.
 * Reads wide characters so a filter can be typed in Vietnamese. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fold.h"
#include "monitor.h"

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

static void move_sel(mon_t *m, long delta)
{
    size_t n = list_len(m, m->focus);
    long s = (long)m->sel[m->focus] + delta;
    if (s < 0 || n == 0)
        s = 0;
    else if ((size_t)s >= n)
        s = (long)n - 1;
    m->sel[m->focus] = (size_t)s;
}

static void open_detail(mon_t *m)
{
    size_t s = m->sel[m->focus];
    m->detail_scroll = 0;
    if (m->focus == PANEL_TASKS && s < m->model.n_tasks) {
        snprintf(m->detail_type, sizeof m->detail_type, "task");
        snprintf(m->detail_id, sizeof m->detail_id, "%s", m->model.tasks[s].rec->id);
    } else if (m->focus == PANEL_NOMINEES) {
        snprintf(m->detail_type, sizeof m->detail_type, "fieldkind");
        snprintf(m->detail_id, sizeof m->detail_id, "%d/%d", 1 + (int)s / (N_KINDS - 1),
                 1 + (int)s % (N_KINDS - 1));
    } else {
        const mon_entry_t *e = feed_get(&m->feed, s);
        if (!e || !*e->type)
            return;
        snprintf(m->detail_type, sizeof m->detail_type, "%s", e->type);
        snprintf(m->detail_id, sizeof m->detail_id, "%s", e->id);
    }
    m->overlay = OVERLAY_DETAIL;
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
        if (m->prompt_kind == 'u') {
            for (char *p = m->prompt_buf; *p; p++)
                if (*p >= 'a' && *p <= 'z')
                    *p = (char)(*p - 'a' + 'A');
            size_t n = strnlen(m->prompt_buf, sizeof m->unit - 1);
            memcpy(m->unit, m->prompt_buf, n); /* unit codes are ASCII, at most 24 */
            m->unit[n] = '\0';
            m->dirty = true;
        }
        m->overlay = OVERLAY_NONE;
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

static void key(mon_t *m, int rc, wint_t ch)
{
    if (m->overlay == OVERLAY_PROMPT) {
        prompt_key(m, rc, ch);
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
            m->overlay = OVERLAY_NONE;
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
            break;
        case KEY_END:
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
        snprintf(m->prompt_buf, sizeof m->prompt_buf, "%s", ch == '/' ? m->query : m->unit);
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
