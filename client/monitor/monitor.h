/* thidua-monitor: the standing office's live dashboard. One loop drives a
 * thd_watch and the terminal; the watch's callbacks mark the model dirty
 * and append to the feed, the screen redraws from the model.
 *
 * Files: main.c (options, the loop), model.c (panels derived from the
 * watch's view), feed.c (ring of recent changes), strings.c (labels per
 * language), fit.c (text fitted to display columns), screen.c (ncurses
 * drawing), keys.c (key handling), plain.c (the feed as lines). */
#ifndef THD_MONITOR_H
#define THD_MONITOR_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "thidua.h"

/* ---- strings.c: labels through gettext ---- */

typedef enum mon_str {
    S_TASKS,
    S_NOMINEES,
    S_FEED,
    S_OVERDUE,
    S_LIVE,
    S_RECONNECTING,
    S_DOWN,
    S_IN_SYNC,
    S_SYNCING,
    S_REV,
    S_COL_ID,
    S_COL_TITLE,
    S_COL_LEAD,
    S_COL_PROGRESS,
    S_COL_DEADLINE,
    S_COL_DAYS,
    S_COL_STATUS,
    S_COL_FIELD,
    S_COL_KIND,
    S_COL_PROPOSED,
    S_COL_VETTING,
    S_COL_VETTED,
    S_COL_SELECTED,
    S_DUE_TODAY,
    S_FILTER,
    S_UNIT,
    S_KEYS_HINT,
    S_HELP,
    S_NO_TASKS,
    S_NO_EVENTS,
    S_HISTORY,
    S_DETAIL_CLOSE,
    S_QUOTA_NONE,
    S_BROKER_UP,
    S_BROKER_DOWN,
    S_RELOAD,
    S_SYNC_AT,
    S_NOT_FOUND,
    S_LATEST,
    S_NO_BROKER,
    S_CONNECTING,
    S_FEED_PAUSED,
    S_UNIT_PROMPT,
    S_UNIT_CLEARED,
    S_ABBREVIATIONS,
    S_ABBR_ID,
    S_ABBR_LEAD,
    S_ABBR_DEADLINE,
    S_ABBR_DAYS,
    S_ABBR_PROPOSED,
    S_ABBR_VETTING,
    S_ABBR_VETTED,
    S_ABBR_SELECTED,
    S_ABBR_REV,
    S_LIST_CLOSE,
    S_DOSSIER_CLOSE,
    S_NO_NOMINEES,
    S_GENDER,
    S_BIRTH_YEAR,
    S_POSITION,
    S_WORKPLACE,
    S_ACHIEVEMENTS,
    S_CLAIMED,
    S_INFLUENTIAL,
    S_NEW_FACTOR,
    S_CHECKS,
    S_OPINIONS,
    S_DISCLOSURE,
    S_DISC_NOT_OPENED,
    S_DISC_OPEN,
    S_DISC_CLOSED,
    S_CLOSE_FROM,
    S_HONOUR_OVERLAP,
    S_COMPLAINTS,
    S_DECISION,
    S_REASON,
    S_NONE,
    S_COUNT_
} mon_str_t;

/* Picks the language (lang: "vi", "en" or NULL for the environment's),
 * sets the locale and binds the catalogs. Returns -1 for a language it
 * does not know. */
int mon_i18n_init(const char *lang);
/* The language chosen ("vi" or "en"), for libthidua's words. */
const char *mon_lang(void);
/* The label in the chosen language; borrowed, static. */
const char *mon_str(mon_str_t id);
/* The translation of a msgid written at the call, for printf formats
 * (the compiler checks the arguments against the English). Borrowed. */
const char *mon_tr(const char *msgid) __attribute__((format_arg(1)));
const char *mon_task_status(int status);
const char *mon_nominee_status(int status);
const char *mon_field(int field);
const char *mon_kind(int kind);

/* ---- fit.c: text in display columns ---- */
/* Writes s into out (cap bytes) fitted to exactly width columns: composed
 * (NFC), cut with an ellipsis when too wide, padded with spaces (on the
 * left when right_align). Returns out. */
char *mon_fit(const char *s, int width, bool right_align, char *out, size_t cap);

/* ---- feed.c: recent changes, newest last ---- */
#define FEED_CAP 256

typedef struct mon_entry {
    uint64_t revision;
    int64_t time_ms;
    char unit[32], actor[64], what[200];
    char type[16], id[32]; /* the record the change concerns, for detail */
} mon_entry_t;

typedef struct mon_feed {
    mon_entry_t entries[FEED_CAP];
    size_t head, count; /* next slot to write; entries held */
    uint64_t last;      /* revision of the last entry added */
} mon_feed_t;

/* Adds the change once per revision (an event touching two records calls
 * back twice). Returns the entry added, or NULL for a repeat. */
const mon_entry_t *feed_add(mon_feed_t *f, const thd_watch_t *w, const Thidua__V1__Event *ev);
/* i-th newest entry (0 = newest), or NULL. */
const mon_entry_t *feed_get(const mon_feed_t *f, size_t i);

/* ---- model.c: the panels, derived from the view ---- */
#define N_TASK_STATUS 8
#define N_NOM_STATUS  8
#define N_FIELDS      5
#define N_KINDS       3

typedef struct mon_task {
    const Thidua__V1__Record *rec; /* borrowed from the view */
    bool overdue;
    bool returned; /* in progress, sent back by the office (model_returned) */
    int days;      /* deadline minus today, in days */
} mon_task_t;

typedef struct mon_model {
    char today[11]; /* YYYY-MM-DD, local */
    mon_task_t *tasks;
    size_t n_tasks, cap_tasks;
    unsigned task_counts[N_TASK_STATUS], overdue;
    unsigned noms[N_FIELDS][N_KINDS][N_NOM_STATUS];
    unsigned quota[N_FIELDS][N_KINDS];
    bool has_quota[N_FIELDS][N_KINDS];
} mon_model_t;

/* Rebuilds m from the view: tasks passing the filters (folded text query,
 * unit code; either may be empty), sorted overdue first, then by deadline.
 * Nominee counts follow the unit filter; quotas do not. */
void model_build(mon_model_t *m, const thd_watch_t *w, const char *folded_query, const char *unit);
void model_free(mon_model_t *m);
/* The status a task shows: RETURNED for one in progress that the office
 * sent back (its newest review step, thd_task_review_verb, is a return,
 * read from its entries in the view), as task.get and the web say. */
int model_task_status(const thd_watch_t *w, const Thidua__V1__Task *t);
/* The nominees of one field and kind (of one unit when unit is not empty),
 * by number; or every unit, by code. Returns a fresh array of records
 * borrowed from the view (valid until the watch next runs) and sets *n;
 * caller frees the array. NULL with *n = 0 when there are none or memory
 * ran out. */
const Thidua__V1__Record **model_nominees(const thd_watch_t *w, int field, int kind,
                                          const char *unit, size_t *n);
const Thidua__V1__Record **model_units(const thd_watch_t *w, size_t *n);

/* ---- the monitor's state, shared by screen.c, keys.c and main.c ---- */
enum mon_panel { PANEL_TASKS = 0, PANEL_NOMINEES = 1, PANEL_FEED = 2, PANEL_COUNT_ };
enum mon_overlay { OVERLAY_NONE = 0, OVERLAY_HELP, OVERLAY_DETAIL, OVERLAY_LIST, OVERLAY_PROMPT };

#define MON_NOTE_MS 6000 /* how long a note stays in the footer */

typedef struct mon {
    const char *server; /* borrowed: for the header */
    thd_watch_t *watch;
    mon_model_t model;
    mon_feed_t feed;
    bool dirty;  /* the view changed: rebuild the model */
    bool redraw; /* something on screen changed */
    bool quit;
    bool ever_up;
    int64_t down_since; /* monotonic ms when the broker stopped answering; 0 when up */
    int64_t started;    /* monotonic ms at start: "connecting" before "cannot reach" */
    bool loaded;        /* the view has been in sync once: its figures are real */
    time_t synced_at;   /* wall clock of the last sync: the age of the figures */
    size_t feed_unseen; /* changes that came while the feed was paused */
    /* navigation */
    enum mon_panel focus;
    size_t sel[PANEL_COUNT_], top[PANEL_COUNT_];
    enum mon_overlay overlay;
    enum mon_overlay detail_back; /* where Esc leaves the detail for */
    char detail_type[16], detail_id[32];
    int detail_scroll;
    int list_field, list_kind; /* OVERLAY_LIST: the nominees of one row */
    size_t list_sel;
    char note[256];     /* a short answer in the footer ("no unit 'X'") */
    int64_t note_until; /* monotonic ms; the note shows until then */
    /* filters */
    char query[128];      /* as typed */
    char *folded;         /* fold_text(query), owned */
    char unit[32];        /* unit code filter */
    char prompt_buf[128]; /* the line being edited */
    int prompt_kind;      /* '/' or 'u' */
} mon_t;

/* The feed follows the newest change unless the reader moved down in it. */
static inline bool mon_feed_paused(const mon_t *m)
{
    return m->sel[PANEL_FEED] > 0 || m->top[PANEL_FEED] > 0;
}

/* keys.c: a note in the footer for MON_NOTE_MS; fmt as printf. */
void mon_note(mon_t *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* detail.c: the text of the overlay shown (help, a record's detail, the
 * nominees of one field and kind, a nominee's dossier), one entry per
 * screen line, wrapped to width columns. */
typedef struct mon_lines {
    char **v; /* owned */
    size_t n, cap;
    long mark;        /* the line chosen in a list, or -1 */
    mon_str_t footer; /* the keys that close or move it */
} mon_lines_t;
void overlay_lines(mon_t *m, int width, mon_lines_t *ls);
void lines_free(mon_lines_t *ls);

/* screen.c */
int screen_open(void);
void screen_close(void);
void screen_draw(mon_t *m);
/* Rows a panel shows for its list at the current size (for paging). */
int screen_page_rows(const mon_t *m, enum mon_panel p);

/* keys.c: reads keys without waiting beyond timeout_ms; returns true when
 * the screen should be redrawn. */
bool keys_poll(mon_t *m, int timeout_ms);
void mon_set_query(mon_t *m, const char *q);

/* plain.c: the feed as lines on stdout until a signal. */
int plain_run(const thd_client_opts_t *copts, const char *unit, volatile sig_atomic_t *stop);

#endif
