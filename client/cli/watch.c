/* thidua watch: the live feed of changes, for people or (with --json) as
 * JSON lines for other systems. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "cli.h"
#include "clock.h"
#include "pbjson.h"
#include "text.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* s, then spaces up to width terminal columns (at least one). */
static void pad(const char *s, int width)
{
    fputs(s, stdout);
    int w = text_width(s);
    do
        putchar(' ');
    while (++w < width);
}

/* "Văn hóa/Cá nhân" for a field and a kind, as the record's id has
 * their codes. */
static void field_kind(int field, int kind, const char *lang, char *buf, size_t cap)
{
    const char *f = thd_label_enum(&thidua__v1__field__descriptor, field, lang);
    const char *k = thd_label_enum(&thidua__v1__nominee_kind__descriptor, kind, lang);
    snprintf(buf, cap, "%s/%s", f ? f : "?", k ? k : "?");
}

/* How a line names a record: its id, or for the records whose ids are
 * codes (a quota's "culture/individual") the words; NULL for a history
 * entry, which the change's kind and its parent already say, and for a
 * unit's proposal count, which the proposal (or withdrawal) beside it
 * moved. A thin event's records have no body: their ids stand. */
static const char *record_name(const Thidua__V1__Record *r, const char *lang, char *buf, size_t cap)
{
    switch (r->body_case) {
    case THIDUA__V1__RECORD__BODY_HISTORY:
        return NULL;
    case THIDUA__V1__RECORD__BODY_QUOTA:
        field_kind(r->quota->field, r->quota->kind, lang, buf, cap);
        return buf;
    case THIDUA__V1__RECORD__BODY_PROPOSAL_COUNT:
        return NULL;
    case THIDUA__V1__RECORD__BODY_THRESHOLD: {
        const char *k =
            thd_label_enum(&thidua__v1__nominee_kind__descriptor, r->threshold->kind, lang);
        return k ? k : r->id;
    }
    default:
        return strcmp(r->type, "history") == 0 ? NULL : r->id;
    }
}

/* One line per change, in the user's words: "#12 04/12/2026 09:30 office
 * bắt đầu thẩm định gương điển hình N-8 (đã đổi: trạng thái, lịch sử)". */
static void print_human(const Thidua__V1__Event *ev)
{
    const char *lang = cli_i18n_lang(), *what = thd_label_change(ev, lang);
    char rev[32], when[32];
    snprintf(rev, sizeof rev, "#%llu", (unsigned long long)ev->revision);
    thd_format_time(ev->time_ms, true, when, sizeof when);
    pad(rev, 7);
    pad(when, 17);
    pad(thd_event_actor(ev), 24); /* a person's full name */
    pad(what ? what : ev->kind, 31);
    const char *sep = "";
    for (size_t i = 0; i < ev->n_records; i++) {
        char buf[128];
        const char *name = record_name(ev->records[i], lang, buf, sizeof buf);
        if (!name) /* a history entry, a count */
            continue;
        const char *type = thd_label_type(ev->records[i]->type, lang);
        printf("%s%s %s", sep, type ? type : ev->records[i]->type, name);
        sep = ", ";
    }
    for (size_t i = 0; i < ev->n_changed; i++) {
        const char *field = thd_label_field(ev->changed[i], lang);
        printf("%s%s", i ? ", " : _("  (changed: "), field ? field : ev->changed[i]);
    }
    fputs(ev->n_changed ? ")\n" : "\n", stdout);
    fflush(stdout);
}

struct feed {
    cli_t *cli;
    uint64_t printed; /* revision of the last event printed */
    long long seen, max;
    bool down;      /* said "not answering" last */
    bool told_sync; /* said "in sync" since the start, a reload or a silence */
};

static void on_change(void *arg, const Thidua__V1__Record *rec, const Thidua__V1__Event *ev)
{
    struct feed *f = arg;
    (void)rec;
    if (!ev || ev->revision <= f->printed) /* snapshot loads, or a second record */
        return;
    if (f->max && f->seen >= f->max) /* the rest of a batch already fetched */
        return;
    f->printed = ev->revision;
    f->seen++;
    if (f->cli->json) {
        cli_print_json(&ev->base);
        fflush(stdout);
    } else {
        print_human(ev);
    }
}

/* Said once, and again after a reload or a silence: the view is in sync
 * after every change too, and a line after each would only repeat it. */
static void on_sync(void *arg, uint64_t revision)
{
    struct feed *f = arg;
    if (!f->cli->json && !f->told_sync)
        fprintf(stderr, _("-- in sync at revision %llu\n"), (unsigned long long)revision);
    f->told_sync = true;
}

static void on_reset(void *arg)
{
    struct feed *f = arg;
    f->told_sync = false;
    fprintf(stderr, _("-- the change log no longer reaches that far back: reloading a snapshot\n"));
}

/* The first heartbeat says nothing new: "in sync" already told the
 * broker answered. Only a change after a silence is news. */
static void on_connection(void *arg, bool up)
{
    struct feed *f = arg;
    if (up && !f->down)
        return;
    f->down = !up;
    f->told_sync = false;
    fprintf(stderr, _("-- broker %s\n"),
            up ? _("answering again") : _("not answering; reconnecting"));
}

int cli_watch(cli_t *cli, int argc, char **argv)
{
    const char *unit = NULL, *since = NULL, *count = NULL, *duration = NULL;
    struct arg_spec s[] = {{.name = "unit", .value = &unit, .code = true},
                           {.name = "since", .value = &since},
                           {.name = "count", .value = &count},
                           {.name = "duration", .value = &duration}};
    int rc = args_parse(argc, argv, s, 4, NULL); /* nothing is required */
    if (rc != 0) {
        cli_usage_print(rc > 0 ? stdout : stderr, "watch", NULL);
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    }
    long long from = since ? cli_whole("--since", since, 0, INT64_MAX) : 0;
    long long max = from >= 0 && count ? cli_whole("--count", count, 0, INT64_MAX) : 0;
    long long secs =
        from >= 0 && max >= 0 && duration ? cli_whole("--duration", duration, 0, 86400 * 366) : 0;
    if (from < 0 || max < 0 || secs < 0)
        return EXIT_USAGE;
    if (unit && (rc = cli_unit_known(cli, unit)) != EXIT_OK)
        return rc;
    struct feed f = {.cli = cli, .printed = (uint64_t)from, .max = max};
    thd_watch_callbacks_t cb = {.change = on_change,
                                .reset = on_reset,
                                .sync = on_sync,
                                .connection = on_connection,
                                .arg = &f};
    thd_watch_opts_t wo = {.unit = unit, .since = (uint64_t)from};
    thd_status_t st = {0};
    const thd_client_opts_t *given = cli_opts(cli);
    if (!given)
        return EXIT_INVALID;
    thd_client_opts_t copts = *given;
    copts.stop = &interrupted; /* Ctrl-C ends a call to a broker that does not answer */
    thd_watch_t *w = thd_watch_new(&copts, &wo, &cb, &st);
    if (!w) {
        cli_print_error(cli, &st);
        return cli_exit_code(st.code);
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    int64_t end = secs ? clock_mono_ms() + secs * 1000 : 0;
    while (!interrupted && (!max || f.seen < max) && (!end || clock_mono_ms() < end)) {
        if (thd_watch_run(w, 200, &st) < 0) {
            cli_print_error(cli, &st);
            rc = cli_exit_code(st.code);
            break;
        }
    }
    thd_watch_destroy(&w);
    return rc;
}
