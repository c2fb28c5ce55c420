/* The working-day calendar: one record, type "calendar", id "calendar".
 * Until the admin sets it the defaults hold (THD_DEFAULT_DISCLOSURE_DAYS,
 * no holidays). Each setting replaces its part whole after checking every
 * value, so a bad date anywhere changes nothing. */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "mem.h"
#include "reasons.h"
#include "records.h"
#include "rules.h"
#include "thd_limits.h"

#define TYPE_CALENDAR "calendar"

/* The stored calendar, or a fresh one with the defaults (create set). */
static int load(req_ctx_t *ctx, Thidua__V1__Record **out, bool *create)
{
    thd_status_t keep = *ctx->st;
    int rc = records_get(ctx, TYPE_CALENDAR, TYPE_CALENDAR, out);
    *create = rc == THD_NOT_FOUND;
    if (rc != THD_NOT_FOUND)
        return rc ? rc : records_check_expected(ctx, *out);
    *ctx->st = keep;
    Thidua__V1__Record *rec = domain_envelope(TYPE_CALENDAR, TYPE_CALENDAR);
    Thidua__V1__Calendar *c = mem_alloc(sizeof *c);
    thidua__v1__calendar__init(c);
    c->min_disclosure_days = THD_DEFAULT_DISCLOSURE_DAYS;
    rec->body_case = THIDUA__V1__RECORD__BODY_CALENDAR;
    rec->calendar = c;
    *out = rec;
    return 0;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Refuses a list holding days that are no real date, naming each by its
 * line (from 1: the admin types them one a line) and its value: one alone
 * in calendar.bad_holiday, several in calendar.bad_holidays (the first
 * THD_MAX_BAD_HOLIDAYS_NAMED, then "…"), so one try shows all to fix. */
static int refuse_bad_days(req_ctx_t *ctx, char *const *days, size_t n)
{
    size_t at[THD_MAX_BAD_HOLIDAYS_NAMED], bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (thd_date_valid(days[i]))
            continue;
        if (bad < THD_MAX_BAD_HOLIDAYS_NAMED)
            at[bad] = i;
        bad++;
    }
    if (!bad)
        return 0;
    char field[32];
    snprintf(field, sizeof field, "holidays[%zu]", at[0]);
    if (bad == 1)
        return thd_refuse(ctx->st, THD_R_CALENDAR_BAD_HOLIDAY, field, THD_U(at[0] + 1),
                          days[at[0]]);
    /* the validator let only ASCII of THD_MAX_DATE_CHARS through: both lists fit */
    _Static_assert(THD_MAX_BAD_HOLIDAYS_NAMED * (THD_MAX_DATE_CHARS + 4) + 8 <
                       THD_MAX_REASON_PARAM_BYTES,
                   "the named holidays fit a reason parameter");
    char lines[THD_MAX_REASON_PARAM_BYTES] = "", values[THD_MAX_REASON_PARAM_BYTES] = "";
    size_t named = bad < THD_MAX_BAD_HOLIDAYS_NAMED ? bad : THD_MAX_BAD_HOLIDAYS_NAMED;
    for (size_t k = 0, nl = 0, nv = 0; k < named; k++) {
        const char *sep = k ? ", " : "";
        nl += (size_t)snprintf(lines + nl, sizeof lines - nl, "%s%zu", sep, at[k] + 1);
        nv += (size_t)snprintf(values + nv, sizeof values - nv, "%s'%.*s'", sep, THD_MAX_DATE_CHARS,
                               days[at[k]]);
    }
    if (bad > named) {
        strcat(lines, ", …");
        strcat(values, ", …");
    }
    return thd_refuse(ctx->st, THD_R_CALENDAR_BAD_HOLIDAYS, field, THD_U(bad), lines, values);
}

int calendar_holidays_set(req_ctx_t *ctx)
{
    const Thidua__V1__CalendarHolidaysSet *in = ctx->in->req->calendar_holidays_set;
    int rc = refuse_bad_days(ctx, in->holidays, in->n_holidays);
    if (rc)
        return rc;
    Thidua__V1__Record *rec = NULL;
    bool create;
    rc = load(ctx, &rec, &create);
    if (rc)
        return rc;
    Thidua__V1__Calendar *c = rec->calendar;
    for (size_t i = 0; i < c->n_holidays; i++)
        free(c->holidays[i]);
    free(c->holidays);
    c->holidays = NULL;
    c->n_holidays = 0;
    char **sorted = mem_alloc((in->n_holidays + 1) * sizeof *sorted);
    if (in->n_holidays) { /* an empty list clears them; no NULL to memcpy */
        memcpy(sorted, in->holidays, in->n_holidays * sizeof *sorted);
        qsort(sorted, in->n_holidays, sizeof *sorted, by_text);
    }
    for (size_t i = 0; i < in->n_holidays; i++) /* each day once */
        if (!i || strcmp(sorted[i], sorted[i - 1]) != 0)
            *domain_push((void ***)&c->holidays, &c->n_holidays) = records_strdup(sorted[i]);
    free(sorted);
    records_changed(ctx, "holidays");
    return domain_put_and_reply(ctx, rec, create);
}

int calendar_min_days_set(req_ctx_t *ctx)
{
    unsigned days = ctx->in->req->calendar_min_days_set->days;
    if (days > THD_MAX_DISCLOSURE_DAYS)
        return thd_refuse(ctx->st, THD_R_CALENDAR_BAD_MIN_DAYS, "days",
                          THD_U(THD_MAX_DISCLOSURE_DAYS), THD_U(days));
    Thidua__V1__Record *rec = NULL;
    bool create;
    int rc = load(ctx, &rec, &create);
    if (rc)
        return rc;
    rec->calendar->min_disclosure_days = days;
    records_changed(ctx, "min_disclosure_days");
    return domain_put_and_reply(ctx, rec, create);
}

int calendar_get(req_ctx_t *ctx)
{
    Thidua__V1__Record *rec = NULL;
    bool create;
    int rc = load(ctx, &rec, &create);
    return rc ? rc : domain_reply(ctx, rec);
}

int calendar_close_from(req_ctx_t *ctx, const char *opened, char out[11], unsigned *days)
{
    Thidua__V1__Record *rec = NULL;
    thd_status_t keep = *ctx->st;
    int rc = records_get(ctx, TYPE_CALENDAR, TYPE_CALENDAR, &rec);
    if (rc && rc != THD_NOT_FOUND)
        return rc;
    *ctx->st = keep;
    const Thidua__V1__Calendar *c = rec ? rec->calendar : NULL;
    *days = c ? c->min_disclosure_days : THD_DEFAULT_DISCLOSURE_DAYS;
    bool ok = thd_working_days_after(opened, *days, c ? (const char *const *)c->holidays : NULL,
                                     c ? c->n_holidays : 0, out);
    thidua__v1__record__free_unpacked(rec, NULL);
    return ok ? 0
              : thd_refuse(ctx->st, THD_R_UNEXPLAINED, "", "the disclosure date is out of range");
}
