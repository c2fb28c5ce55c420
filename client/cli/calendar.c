/* thidua calendar show|holidays|min-days: the working-day calendar the
 * broker counts a public disclosure window in (DOMAIN terms: ngày làm
 * việc, ngày lễ). Dates are read and shown as people here write them,
 * dd/mm/yyyy; YYYY-MM-DD is read too. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "congress.h"
#include "file_read.h"
#include "thd_limits.h"

#define N(a)   ((int)(sizeof(a) / sizeof((a)[0])))
#define REQ(b) THIDUA__V1__REQUEST__BODY_##b

static void show_calendar(const Thidua__V1__Response *r)
{
    const Thidua__V1__Calendar *c = r->record ? r->record->calendar : NULL;
    if (!c)
        return;
    if (c->min_disclosure_days) /* 0 is no minimum, as min-days sets it, not "at least 0" */
        printf(_("public disclosure: at least %u working days (Saturdays, Sundays and holidays "
                 "do not count)\n"),
               c->min_disclosure_days);
    else
        printf("%s\n", _("public disclosure: no minimum of working days; the window may close "
                         "the day it opens"));
    if (!c->n_holidays) {
        printf("%s\n", _("public holidays: none"));
        return;
    }
    printf(_("public holidays (%zu):\n"), c->n_holidays);
    for (size_t i = 0; i < c->n_holidays; i++) {
        char date[11];
        printf("  %s\n", cli_date_out(c->holidays[i], date));
    }
}

int cmd_calendar_show(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "calendar");
    if (rc >= 0)
        return rc;
    Thidua__V1__CalendarGet body = THIDUA__V1__CALENDAR_GET__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CALENDAR_GET);
    req.calendar_get = &body;
    return cli_run(cli, &req, show_calendar);
}

struct dates {
    char (*days)[11];
    char **ptrs;
    size_t n, cap;
};

/* Adds one date as written (trimmed); where names it (e.g. "holiday 2",
 * "ngay-le.txt, line 4": a file's count of dates skips its comments) on
 * error. -1 after saying what is wrong: nothing is sent then. */
static int add_date(struct dates *d, char *s, const char *where)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len && strchr(" \t\r\n", s[len - 1]))
        s[--len] = '\0';
    if (!*s || *s == '#')
        return 0;
    if (d->n == d->cap) {
        cli_error(N_("too many holidays: at most %zu"), d->cap);
        return -1;
    }
    if (cli_date_in(where, s, d->days[d->n]) != 0)
        return -1;
    d->ptrs[d->n] = d->days[d->n];
    d->n++;
    return 0;
}

static int dates_from_list(struct dates *d, const char *list)
{
    char *copy = strdup(list), *save = NULL;
    int rc = copy ? 0 : -1;
    char where[32];
    int k = 0;
    for (char *s = copy ? strtok_r(copy, ",", &save) : NULL; s && rc == 0;
         s = strtok_r(NULL, ",", &save)) {
        snprintf(where, sizeof where, _("holiday %d"), ++k);
        rc = add_date(d, s, where);
    }
    free(copy);
    return rc;
}

static int dates_from_file(struct dates *d, const char *path)
{
    FILE *f = file_open_regular(path);
    char line[256], where[PATH_MAX + 32];
    int rc = 0;
    for (int no = 1; f && rc == 0 && fgets(line, sizeof line, f); no++) {
        snprintf(where, sizeof where, _("%s, line %d"), path, no);
        rc = add_date(d, line, where);
    }
    if (!f || ferror(f)) { /* a list cut short would clear the dates after */
        cli_error(N_("cannot read %s: %s"), path, cli_strerror(errno));
        rc = -1;
    }
    if (f)
        fclose(f);
    return rc;
}

int cmd_calendar_holidays(cli_t *cli, int argc, char **argv)
{
    const char *list = NULL, *file = NULL, *none = NULL;
    struct arg_spec s[] = {{.value = &list},
                           {.name = "file", .value = &file},
                           {.name = "none", .value = &none, .flag = true}};
    int rc = cli_parse(argc, argv, s, N(s), "calendar");
    if (rc >= 0)
        return rc;
    if (!!list + !!file + !!none != 1) {
        cli_error(N_("give the holidays as a list, --file FILE or --none (to clear them)"));
        return cli_usage("calendar", "holidays");
    }
    struct dates d = {.cap = THD_MAX_REPEATED};
    d.days = calloc(d.cap, sizeof *d.days);
    d.ptrs = calloc(d.cap, sizeof *d.ptrs);
    rc = !d.days || !d.ptrs ? -1
         : list             ? dates_from_list(&d, list)
         : file             ? dates_from_file(&d, file)
                            : 0;
    if (rc == 0) {
        Thidua__V1__CalendarHolidaysSet body = THIDUA__V1__CALENDAR_HOLIDAYS_SET__INIT;
        body.holidays = d.ptrs;
        body.n_holidays = d.n;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = REQ(CALENDAR_HOLIDAYS_SET);
        req.calendar_holidays_set = &body;
        rc = cli_run(cli, &req, show_calendar);
    } else {
        rc = EXIT_USAGE;
    }
    free(d.days);
    free(d.ptrs);
    return rc;
}

int cmd_calendar_min_days(cli_t *cli, int argc, char **argv)
{
    const char *days = NULL;
    struct arg_spec s[] = {{.value = &days, .required = true}};
    int rc = cli_parse(argc, argv, s, N(s), "calendar");
    if (rc >= 0)
        return rc;
    long long n = cli_number(days);
    if (n < 0 || n > THD_MAX_DISCLOSURE_DAYS) {
        cli_error(N_("the minimum is a number of working days from 0 to %d, not '%s'; nothing was "
                     "changed"),
                  THD_MAX_DISCLOSURE_DAYS, days);
        return EXIT_USAGE;
    }
    Thidua__V1__CalendarMinDaysSet body = THIDUA__V1__CALENDAR_MIN_DAYS_SET__INIT;
    body.days = (uint32_t)n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CALENDAR_MIN_DAYS_SET);
    req.calendar_min_days_set = &body;
    return cli_run(cli, &req, show_calendar);
}
