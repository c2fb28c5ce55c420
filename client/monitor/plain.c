/* Without a terminal: the feed as one line per change, and the connection
 * and sync notes, so the monitor can run under a service manager. */
#include <stdio.h>
#include <time.h>

#include "monitor.h"

struct plain {
    thd_watch_t *w;
    mon_feed_t feed; /* only for one entry per revision */
    bool down;       /* said "down" last */
};

static void note(const char *what, unsigned long long rev)
{
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(when, sizeof when, "%d/%m/%Y %H:%M:%S", &tm);
    if (rev)
        printf("%s  -- %s %llu\n", when, what, rev);
    else
        printf("%s  -- %s\n", when, what);
    fflush(stdout);
}

static void on_change(void *arg, const Thidua__V1__Record *rec, const Thidua__V1__Event *ev)
{
    struct plain *p = arg;
    (void)rec;
    const mon_entry_t *e = p->w ? feed_add(&p->feed, p->w, ev) : NULL;
    if (!e)
        return;
    char when[32];
    time_t t = (time_t)(e->time_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(when, sizeof when, "%d/%m/%Y %H:%M:%S", &tm);
    printf("%s  #%llu  %s  %s  %s\n", when, (unsigned long long)e->revision, e->unit, e->actor,
           e->what);
    fflush(stdout);
}

static void on_reset(void *arg)
{
    (void)arg;
    note(mon_str(S_RELOAD), 0);
}

static void on_sync(void *arg, uint64_t revision)
{
    struct plain *p = arg;
    if (p->feed.last < revision)
        p->feed.last = revision; /* what the snapshot held is not news */
    note(mon_str(S_SYNC_AT), (unsigned long long)revision);
}

/* The first heartbeat says nothing new: "in sync" already told the
 * broker answered (as thidua watch). Only a change after a silence is news. */
static void on_connection(void *arg, bool up)
{
    struct plain *p = arg;
    if (up && !p->down)
        return;
    p->down = !up;
    note(mon_str(up ? S_BROKER_UP : S_BROKER_DOWN), 0);
}

int plain_run(const thd_client_opts_t *copts, const char *unit, volatile sig_atomic_t *stop)
{
    struct plain p = {0};
    thd_watch_callbacks_t cb = {.change = on_change,
                                .reset = on_reset,
                                .sync = on_sync,
                                .connection = on_connection,
                                .arg = &p};
    thd_watch_opts_t wo = {.unit = unit};
    thd_status_t st = {0};
    char msg[THD_STATUS_TEXT_MAX];
    p.w = thd_watch_new(copts, &wo, &cb, &st);
    if (!p.w) {
        fprintf(stderr, "thidua-monitor: %s\n", thd_status_text(&st, msg, sizeof msg));
        return 1;
    }
    int rc = 0;
    while (!*stop) {
        if (thd_watch_run(p.w, 200, &st) < 0) {
            fprintf(stderr, "thidua-monitor: %s\n", thd_status_text(&st, msg, sizeof msg));
            rc = 1;
            break;
        }
    }
    thd_watch_destroy(&p.w);
    return rc;
}
