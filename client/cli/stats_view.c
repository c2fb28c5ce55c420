/* The statistics' tables for people, from the JSON libthidua counts
 * (thd_stats_json): titles and headers through gettext, statuses, fields,
 * kinds and levels through libthidua's labels. Never counts anything
 * itself: every figure is read from the JSON. */
#include "stats_view.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pbjson.h"
#include "rules.h"
#include "thidua.h"

#define MAX_COLS 16
#define NS_DESC  (&thidua__v1__nominee_status__descriptor)
#define TS_DESC  (&thidua__v1__task_status__descriptor)

/* The cells of the row being built. */
typedef struct row {
    char cell[MAX_COLS][160];
    int n;
} row_t;

static void put(row_t *r, const char *s)
{
    if (r->n < MAX_COLS)
        snprintf(r->cell[r->n++], sizeof r->cell[0], "%s", s ? s : "");
}

static void put_n(row_t *r, json_int_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    put(r, buf);
}

static void emit(const stats_sink_t *s, const row_t *r, bool header, bool total)
{
    const char *cells[MAX_COLS];
    for (int i = 0; i < r->n; i++)
        cells[i] = r->cell[i];
    s->row(s->arg, cells, r->n, header, total);
}

static const char *label(const ProtobufCEnumDescriptor *d, const char *name, char *buf, size_t cap)
{
    int v = pbjson_enum_value(d, name);
    return v > 0 ? cli_label(d, v, buf, cap) : name;
}

static const char *level_label(const char *level)
{
    const char *w = thd_label_level(level, cli_i18n_lang());
    return w ? w : level;
}

static int n_statuses(const json_t *part)
{
    return (int)json_object_size(json_object_get(part, "statuses"));
}

/* The status columns' headers, in the JSON's order, then "Total". */
static void put_status_heads(row_t *r, const json_t *part, const ProtobufCEnumDescriptor *d)
{
    const char *key;
    json_t *v;
    char buf[64];
    json_object_foreach(json_object_get(part, "statuses"), key, v)
        put(r, label(d, key, buf, sizeof buf));
    put(r, _("Total"));
}

static void put_statuses(row_t *r, const json_t *o)
{
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(o, "statuses"), key, v) put_n(r, json_integer_value(v));
    put_n(r, json_integer_value(json_object_get(o, "total")));
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static json_int_t num(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* The leading cells of a row of each table kind. */
enum lead { BY_FIELD_KIND, BY_UNIT, BY_LEVEL };

static void put_lead(row_t *r, enum lead lead, const json_t *o)
{
    char a[64], b[64];
    if (lead == BY_FIELD_KIND) {
        put(r, label(&thidua__v1__field__descriptor, str(o, "field"), a, sizeof a));
        put(r, label(&thidua__v1__nominee_kind__descriptor, str(o, "kind"), b, sizeof b));
    } else if (lead == BY_UNIT) {
        put(r, *str(o, "unit") ? str(o, "unit") : "-");
        put(r, str(o, "name"));
    } else {
        put(r, level_label(str(o, "level")));
    }
}

static void put_lead_heads(row_t *r, enum lead lead)
{
    if (lead == BY_FIELD_KIND) {
        put(r, _("Field"));
        put(r, _("Kind"));
    } else if (lead == BY_UNIT) {
        put(r, _("Unit"));
        put(r, _("Unit name"));
    } else {
        put(r, _("Unit level"));
    }
}

static int lead_cols(enum lead lead)
{
    return lead == BY_FIELD_KIND || lead == BY_UNIT ? 2 : 1;
}

/* One table of counts by status: part's rows under key, led as lead says,
 * closed by part's own totals; tasks add the overdue. */
static void status_table(const stats_sink_t *s, const char *title, const json_t *part,
                         const char *key, enum lead lead, bool tasks)
{
    const ProtobufCEnumDescriptor *d = tasks ? TS_DESC : NS_DESC;
    s->begin(s->arg, title, lead_cols(lead) + n_statuses(part) + 1 + tasks, lead_cols(lead));
    row_t r = {0};
    put_lead_heads(&r, lead);
    put_status_heads(&r, part, d);
    if (tasks)
        put(&r, _("Overdue"));
    emit(s, &r, true, false);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(part, key), i, o)
    {
        r.n = 0;
        put_lead(&r, lead, o);
        put_statuses(&r, o);
        if (tasks)
            put_n(&r, num(o, "overdue"));
        emit(s, &r, false, false);
    }
    r.n = 0;
    put(&r, _("All"));
    for (int c = 1; c < lead_cols(lead); c++)
        put(&r, "");
    put_statuses(&r, part);
    if (tasks)
        put_n(&r, num(part, "overdue"));
    emit(s, &r, false, true);
    s->end(s->arg);
}

/* Proposed, vetted, recommended and selected against the quota. */
static void quota_table(const stats_sink_t *s, const json_t *part)
{
    static const char *const stages[] = {"proposed", "vetted", "recommended", "selected"};
    /* each stage counts every nominee that reached it, so not the status
     * words ("Đã đề xuất" is also a status): the web's words for them */
    static const char *const heads[] = {
        N_("Proposed, in all"), N_("Vetting reached"), N_("Recommended"),
        N_("Selected"),         N_("Quota"),           N_("Remaining")};
    s->begin(s->arg, _("Proposed, vetted, recommended and selected against the quota"), 8,
             lead_cols(BY_FIELD_KIND));
    row_t r = {0};
    put_lead_heads(&r, BY_FIELD_KIND);
    for (int c = 0; c < 6; c++)
        put(&r, _(heads[c]));
    emit(s, &r, true, false);
    json_int_t sum[4] = {0};
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(part, "quota"), i, o)
    {
        r.n = 0;
        put_lead(&r, BY_FIELD_KIND, o);
        for (int c = 0; c < 4; c++) {
            sum[c] += num(o, stages[c]);
            put_n(&r, num(o, stages[c]));
        }
        json_int_t max = num(o, "max_selected"), left = max - num(o, "selected");
        if (max > 0) {
            put_n(&r, max);
            put_n(&r, left > 0 ? left : 0);
        } else { /* no quota, or 0: no limit */
            put(&r, "-");
            put(&r, "-");
        }
        emit(s, &r, false, false);
    }
    r.n = 0;
    put(&r, _("All"));
    put(&r, "");
    for (int c = 0; c < 4; c++)
        put_n(&r, sum[c]);
    put(&r, "");
    put(&r, "");
    emit(s, &r, false, true);
    s->end(s->arg);
}

int stats_view(const char *text, const stats_sink_t *s)
{
    json_t *j = json_loads(text, 0, NULL);
    json_t *nom = json_object_get(j, "nominees"), *task = json_object_get(j, "tasks");
    if (!json_is_object(nom) || !json_is_object(task)) {
        json_decref(j);
        return -1;
    }
    status_table(s, _("Nominees by field, kind and status"), nom, "by_field_kind", BY_FIELD_KIND,
                 false);
    status_table(s, _("Nominees by proposing unit"), nom, "by_unit", BY_UNIT, false);
    status_table(s, _("Nominees by unit level"), nom, "by_level", BY_LEVEL, false);
    quota_table(s, nom);
    status_table(s, _("Tasks by lead unit and status"), task, "by_unit", BY_UNIT, true);
    status_table(s, _("Tasks by unit level"), task, "by_level", BY_LEVEL, true);
    json_decref(j);
    return 0;
}

const char *stats_caption(const char *text, char *buf, size_t cap)
{
    json_t *j = json_loads(text, 0, NULL);
    const char *unit = str(j, "unit"), *t = str(j, "today");
    char day[11];
    thd_date_dmy(t, day); /* YYYY-MM-DD read as dd/mm/yyyy */
    int n = snprintf(buf, cap, _("Statistics at broker revision %lld on %s, from one snapshot"),
                     (long long)num(j, "revision"), day);
    if (*unit && n >= 0 && (size_t)n < cap)
        snprintf(buf + n, cap - (size_t)n, _("; only records concerning unit %s"), unit);
    json_decref(j);
    return buf;
}

char *stats_of_export(const export_data_t *d, const char *unit)
{
    char today[11];
    export_today(d->exported_at, today);
    return thd_stats_json((const Thidua__V1__Record *const *)d->records, d->n_records, d->revision,
                          unit, today);
}
