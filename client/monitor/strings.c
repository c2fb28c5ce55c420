/* The monitor's labels through gettext, in the CLI's catalog (domain
 * "thidua") under the context "monitor", so a label the monitor shares
 * with the CLI ("Status") can be translated for a screen cell without
 * touching the CLI's sentence. The msgids are English; po/vi.po holds the
 * Vietnamese, which is the default. Values (statuses, fields, kinds) are
 * libthidua's words, as every client shows them. */
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor.h"
#include "thidua.h"

#define DOMAIN  "thidua"
#define CONTEXT "monitor"

#ifndef THIDUA_LOCALEDIR
#define THIDUA_LOCALEDIR "/usr/local/share/locale"
#endif

static const char *const msgid[S_COUNT_] = {
    [S_TASKS] = "Tasks",
    [S_NOMINEES] = "Nominees",
    [S_FEED] = "Latest changes",
    [S_OVERDUE] = "Overdue",
    [S_LIVE] = "● live",
    [S_RECONNECTING] = "◌ reconnecting",
    [S_DOWN] = "✕ down",
    [S_IN_SYNC] = "✓ in sync",
    [S_SYNCING] = "… syncing",
    [S_REV] = "rev",
    [S_COL_ID] = "ID",
    [S_COL_TITLE] = "Task",
    [S_COL_LEAD] = "Lead",
    [S_COL_PROGRESS] = "Progress",
    [S_COL_DEADLINE] = "Deadline",
    [S_COL_DAYS] = "Days",
    [S_COL_STATUS] = "Status",
    [S_COL_FIELD] = "Field",
    [S_COL_KIND] = "Kind",
    [S_COL_PROPOSED] = "Proposed",
    [S_COL_VETTING] = "Vetting",
    [S_COL_VETTED] = "Vetted",
    [S_COL_SELECTED] = "Sel/Quota",
    [S_DUE_TODAY] = "today",
    [S_FILTER] = "Filter",
    [S_UNIT] = "Unit",
    [S_KEYS_HINT] = "Tab panel  ↑↓ move  / filter  u unit  Enter detail  ? help  q quit",
    [S_HELP] = "Keys\n"
               "  Tab / Shift-Tab   next panel (tasks, nominees, changes)\n"
               "  ↑ ↓ PgUp PgDn     move in the panel; Home first\n"
               "  End               last; in the changes: back to following the newest\n"
               "  /                 filter by text (ignores diacritics and case)\n"
               "  u                 filter by one unit's code (Tab completes; empty: all)\n"
               "  Esc               clear the filters\n"
               "  Enter             a record's detail and history; on a nominees row,\n"
               "                    its nominees, and Enter again a nominee's dossier\n"
               "  Ctrl-L            redraw the screen\n"
               "  ?                 this help\n"
               "  q                 quit\n"
               "\n"
               "Overdue tasks: deadline passed, not accepted or cancelled; listed first.\n"
               "The changes panel follows the newest; after ↓ it stays where you are\n"
               "(its title says paused) until End.",
    [S_NO_TASKS] = "(no tasks)",
    [S_NO_EVENTS] = "(no changes yet)",
    [S_HISTORY] = "History",
    [S_DETAIL_CLOSE] = "Esc/Enter: close  ↑↓: scroll",
    [S_QUOTA_NONE] = "-",
    [S_BROKER_UP] = "broker connected",
    [S_BROKER_DOWN] = "broker not answering; reconnecting",
    [S_RELOAD] = "the change log no longer reaches that far back: reloading a snapshot",
    [S_SYNC_AT] = "in sync at revision",
    [S_NOT_FOUND] = "(record no longer present)",
    [S_LATEST] = "newest first",
    [S_NO_BROKER] = "cannot reach the broker",
    [S_CONNECTING] = "connecting to the broker…",
    [S_FEED_PAUSED] = "paused, End to follow",
    [S_UNIT_PROMPT] = "Unit code (Tab completes, empty: all)",
    [S_UNIT_CLEARED] = "unit filter cleared",
    [S_ABBREVIATIONS] = "Column headings",
    [S_ABBR_ID] = "the task's code",
    [S_ABBR_LEAD] = "the unit in charge of the task",
    [S_ABBR_DEADLINE] = "deadline (day/month/year)",
    [S_ABBR_DAYS] = "days left to the deadline, or days past it",
    [S_ABBR_PROPOSED] = "nominees proposed, not yet taken up for vetting",
    [S_ABBR_VETTING] = "nominees being vetted by the standing office",
    [S_ABBR_VETTED] = "nominees vetted, waiting for the chair's decision",
    [S_ABBR_SELECTED] = "nominees selected / the quota (- : no quota)",
    [S_ABBR_REV] = "the broker's revision: the number of its latest change",
    [S_LIST_CLOSE] = "↑↓: choose  Enter: dossier  Esc/q: back",
    [S_DOSSIER_CLOSE] = "Esc/q: back  ↑↓: scroll",
    [S_NO_NOMINEES] = "(no nominees)",
    [S_GENDER] = "Gender",
    [S_BIRTH_YEAR] = "Birth year",
    [S_POSITION] = "Position",
    [S_WORKPLACE] = "Workplace",
    [S_ACHIEVEMENTS] = "Achievements",
    [S_CLAIMED] = "Criteria claimed",
    [S_INFLUENTIAL] = "influential",
    [S_NEW_FACTOR] = "a new factor",
    [S_CHECKS] = "Criteria checks",
    [S_OPINIONS] = "Opinions",
    [S_DISCLOSURE] = "Disclosure",
    [S_DISC_NOT_OPENED] = "not opened",
    [S_DISC_OPEN] = "open for comments",
    [S_DISC_CLOSED] = "closed",
    [S_CLOSE_FROM] = "may close from",
    [S_HONOUR_OVERLAP] = "Earlier honours of the same form in the period",
    [S_COMPLAINTS] = "Complaints",
    [S_DECISION] = "Decision",
    [S_REASON] = "Reason",
    [S_NONE] = "(none)",
};

/* gettext with a context: the catalog key is "context\004msgid". */
static const char *ctx_gettext(const char *ctx, const char *id)
{
    char key[2048];
    int n = snprintf(key, sizeof key, "%s\004%s", ctx, id);
    if (n < 0 || (size_t)n >= sizeof key)
        return id;
    const char *t = dgettext(DOMAIN, key);
    return t == key ? id : t; /* not translated: gettext hands back its argument */
}

const char *mon_tr(const char *id)
{
    return ctx_gettext(CONTEXT, id);
}

const char *mon_str(mon_str_t id)
{
    return id < S_COUNT_ && msgid[id] ? ctx_gettext(CONTEXT, msgid[id]) : "";
}

static bool has_catalog(const char *dir)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/vi/LC_MESSAGES/" DOMAIN ".mo", dir);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

/* The catalogs beside the program (installed: bin/../share/locale; the
 * build tree: bin/../locale), else the configured install directory; the
 * same search as the CLI's. */
static void locale_dir(char *out, size_t cap)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        static const char *const rel[] = {"/../share/locale", "/../locale"};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            int len = snprintf(out, cap, "%s%s", exe, rel[i]);
            if (len > 0 && (size_t)len < cap && has_catalog(out))
                return;
        }
    }
    snprintf(out, cap, "%s", THIDUA_LOCALEDIR);
}

static const char *chosen = "vi";

const char *mon_lang(void)
{
    return chosen;
}

int mon_i18n_init(const char *lang)
{
    if (!lang) {
        static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
        const char *v = "";
        for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !*v; i++)
            v = getenv(vars[i]) ? getenv(vars[i]) : "";
        lang = strncmp(v, "en", 2) == 0 ? "en" : "vi";
    }
    if (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0)
        return -1;
    /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 also gives
     * ncursesw the wide characters it needs. */
    if (!setlocale(LC_ALL, "") || strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0 ||
        strcmp(setlocale(LC_MESSAGES, NULL), "POSIX") == 0)
        setlocale(LC_ALL, "C.UTF-8");
    setlocale(LC_NUMERIC, "C");
    setenv("LANGUAGE", lang, 1);
    chosen = strcmp(lang, "en") == 0 ? "en" : "vi";
    char dir[PATH_MAX];
    locale_dir(dir, sizeof dir);
    bindtextdomain(DOMAIN, dir);
    bind_textdomain_codeset(DOMAIN, "UTF-8");
    textdomain(DOMAIN);
    return 0;
}

/* A value's word from libthidua's labels (client/labels.c), the word the
 * CLI and the web pages show; in English it starts with a capital, as a
 * cell or a row heading does ("In progress", "Culture"). */
static const char *value_word(const ProtobufCEnumDescriptor *d, int v)
{
    static struct {
        const ProtobufCEnumDescriptor *d;
        int v;
        char word[64];
    } capital[48];
    static size_t n;
    const char *w = thd_label_enum(d, v, chosen);
    if (!w)
        return "";
    if (strcmp(chosen, "en") != 0)
        return w;
    for (size_t i = 0; i < n; i++)
        if (capital[i].d == d && capital[i].v == v)
            return capital[i].word;
    if (n == sizeof capital / sizeof capital[0])
        return w;
    snprintf(capital[n].word, sizeof capital[n].word, "%s", w);
    if (capital[n].word[0] >= 'a' && capital[n].word[0] <= 'z')
        capital[n].word[0] = (char)(capital[n].word[0] - 'a' + 'A');
    capital[n].d = d;
    capital[n].v = v;
    return capital[n++].word;
}

const char *mon_task_status(int s)
{
    return value_word(&thidua__v1__task_status__descriptor, s);
}

const char *mon_nominee_status(int s)
{
    return value_word(&thidua__v1__nominee_status__descriptor, s);
}

const char *mon_field(int f)
{
    return value_word(&thidua__v1__field__descriptor, f);
}

const char *mon_kind(int k)
{
    return value_word(&thidua__v1__nominee_kind__descriptor, k);
}
