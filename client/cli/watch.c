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

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void print_human(const Thidua__V1__Event *ev)
{
    char when[32];
    cli_format_time(ev->time_ms, when, sizeof when);
    printf("#%-6llu %s  %-12s %-24s", (unsigned long long)ev->revision, when, ev->actor, ev->kind);
    for (size_t i = 0; i < ev->n_records; i++)
        printf(" %s/%s", ev->records[i]->type, ev->records[i]->id);
    for (size_t i = 0; i < ev->n_changed; i++)
        printf("%s%s", i ? "," : "  changed: ", ev->changed[i]);
    putchar('\n');
    fflush(stdout);
}

int cli_watch(cli_t *cli, int argc, char **argv)
{
    const char *unit = NULL, *count = NULL, *duration = NULL;
    struct arg_spec s[] = {{.name = "unit", .value = &unit},
                           {.name = "count", .value = &count},
                           {.name = "duration", .value = &duration}};
    int rc = args_parse(argc, argv, s, 3);
    if (rc != 0) {
        cli_usage("watch", NULL);
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    }
    long long max = count ? cli_number(count) : 0, secs = duration ? cli_number(duration) : 0;
    if (max < 0 || secs < 0)
        return cli_usage("watch", NULL);
    thd_status_t st = {0};
    thd_events_t *events = thd_events_new(&cli->opts, unit, &st);
    if (!events) {
        fprintf(stderr, "thidua: %s\n", st.message);
        return cli_exit_code(st.code);
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    long long seen = 0;
    int64_t end = secs ? clock_mono_ms() + secs * 1000 : 0;
    while (!interrupted && (!max || seen < max) && (!end || clock_mono_ms() < end)) {
        Thidua__V1__Event *ev;
        Thidua__V1__Heartbeat *hb;
        int got = thd_events_next(events, 200, &ev, &hb, &st);
        if (got < 0) {
            fprintf(stderr, "thidua: %s\n", st.message);
            rc = cli_exit_code(-got);
            break;
        }
        if (ev) {
            seen++;
            if (cli->json)
                cli_print_json(&ev->base);
            else
                print_human(ev);
            thidua__v1__event__free_unpacked(ev, NULL);
        }
        if (hb)
            thidua__v1__heartbeat__free_unpacked(hb, NULL);
    }
    thd_events_destroy(&events);
    return rc;
}
