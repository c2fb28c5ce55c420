/* One rendering of a record's parts for every client: what the CLI's
 * tables, the monitor's detail and the web's pages show of a history
 * entry, a criterion check, an opinion and a complaint, in one language
 * and in the words of labels.c. Layout stays the client's. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pbjson.h"
#include "thidua.h"

const char *thd_format_time(int64_t ms, bool with_time, char *buf, size_t cap)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (!ms || !localtime_r(&t, &tm) ||
        !strftime(buf, cap, with_time ? "%d/%m/%Y %H:%M" : "%d/%m/%Y", &tm))
        snprintf(buf, cap, "-");
    return buf;
}

static void begin(thd_cells_t *c, int64_t ms)
{
    memset(c, 0, sizeof *c);
    c->key = c->what = c->text = c->note = c->who = c->unit = "";
    thd_format_time(ms, true, c->when, sizeof c->when);
    thd_format_time(ms, false, c->day, sizeof c->day);
}

static const char *word_or(const char *word, const char *fallback)
{
    return word ? word : fallback;
}

/* Who acted, as people know them: the display name kept with the entry
 * (since actor_name), else the account. */
static const char *person(const char *name, const char *account)
{
    return *name ? name : account;
}

/* yyyy-mm-dd, digits and dashes in their places, as the web's day() reads it. */
static bool is_day(const char *v)
{
    for (int i = 0; i < 10; i++)
        if (!v[i] || (i == 4 || i == 7 ? v[i] != '-' : v[i] < '0' || v[i] > '9'))
            return false;
    return v[10] == '\0';
}

/* A value an edit named (FieldChange), as people read it: a day as
 * dd/mm/yyyy, an enum's short name as its word (a field of Task, else of
 * Nominee: "kind" is in both, with names of their own), yes or no,
 * "(trống)" for nothing (a year 0 too); anything else as written. */
static const char *change_value(const char *field, const char *v, const char *lang, char *buf,
                                size_t cap)
{
    if (!*v)
        return thd_label_part("empty", lang);
    if (is_day(v)) {
        snprintf(buf, cap, "%.2s/%.2s/%.4s", v + 8, v + 5, v);
        return buf;
    }
    const ProtobufCMessageDescriptor *types[] = {&thidua__v1__task__descriptor,
                                                 &thidua__v1__nominee__descriptor};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field_by_name(types[i], field);
        if (f && f->type == PROTOBUF_C_TYPE_BOOL)
            return thd_label_part(strcmp(v, "true") == 0 ? "yes" : "no", lang);
        /* the numbers a nominee's edit changes are years (birth, period),
         * kept without presence (proto3): 0 is one not given */
        if (f && types[i] == &thidua__v1__nominee__descriptor &&
            f->type == PROTOBUF_C_TYPE_UINT32 && strcmp(v, "0") == 0)
            return thd_label_part("empty", lang);
        int value = f && f->type == PROTOBUF_C_TYPE_ENUM ? pbjson_enum_value(f->descriptor, v) : -1;
        const char *word = value >= 0 ? thd_label_enum(f->descriptor, value, lang) : NULL;
        if (word)
            return word;
    }
    return v;
}

/* What an edit changed, into buf: "hạn: 15/01/2027 → 20/01/2027; mô tả".
 * A change that does not fit is left out whole, and "…" says so. */
static void changes_text(const Thidua__V1__HistoryEntry *h, const char *lang, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < h->n_changes; i++) {
        const Thidua__V1__FieldChange *fc = h->changes[i];
        char one[600], was[32], is[32];
        const char *name = word_or(thd_label_field(fc->field, lang), fc->field);
        int n = *fc->before || *fc->after
                    ? snprintf(one, sizeof one, "%s%s: %s → %s", i ? "; " : "", name,
                               change_value(fc->field, fc->before, lang, was, sizeof was),
                               change_value(fc->field, fc->after, lang, is, sizeof is))
                    : snprintf(one, sizeof one, "%s%s", i ? "; " : "", name);
        if (n < 0 || (size_t)n >= sizeof one || len + (size_t)n + sizeof "; …" > cap) {
            snprintf(buf + len, cap - len, "%s…", i ? "; " : "");
            return;
        }
        memcpy(buf + len, one, (size_t)n + 1);
        len += (size_t)n;
    }
}

void thd_render_history(const Thidua__V1__HistoryEntry *h, const char *lang, thd_cells_t *c)
{
    begin(c, h->time_ms);
    c->what = word_or(thd_label_history(h->verb, lang), h->verb);
    c->who = person(h->actor_name, h->actor);
    c->unit = *h->unit ? h->unit : "-";
    char said[600];
    const char *text = thd_label_history_text(h->verb, h->text, lang, said, sizeof said);
    if (h->n_changes) { /* an edit: what it changed, then any text of its own */
        char changed[sizeof c->buf];
        changes_text(h, lang, changed, sizeof changed);
        snprintf(c->buf, sizeof c->buf, "%s%s%s", changed, *text ? " — " : "", text);
        c->text = c->buf;
        return;
    }
    if (!h->attachment || !h->version) { /* reviews name a version with no file */
        c->text = text == said ? strcpy(c->buf, said) : text; /* a person's text, whole */
        return;
    }
    char file[300];
    int n = snprintf(file, sizeof file, "(%s v%u: %s)", thd_label_part("file", lang), h->version,
                     h->attachment->name);
    size_t room = sizeof c->buf - 2 - (n > 0 && (size_t)n < sizeof file ? (size_t)n : 0);
    size_t len = strlen(text);
    if (len > room) /* cut at a character's start, so the note on the file stays */
        for (len = room; len && ((unsigned char)text[len] & 0xC0) == 0x80; len--)
            ;
    snprintf(c->buf, sizeof c->buf, "%.*s%s%s", (int)len, text, len ? " " : "", file);
    c->text = c->buf;
}

const char *thd_event_actor(const Thidua__V1__Event *ev)
{
    for (size_t i = 0; i < ev->n_records; i++) {
        const Thidua__V1__Record *r = ev->records[i];
        /* its own entry: a task moved to other units carries its earlier
         * ones too, which may be other people's */
        if (r->body_case == THIDUA__V1__RECORD__BODY_HISTORY && r->history->entry &&
            strcmp(r->history->entry->actor, ev->actor) == 0)
            return person(r->history->entry->actor_name, ev->actor);
    }
    return ev->actor;
}

void thd_render_check(const Thidua__V1__CriterionCheck *k, const char *lang, thd_cells_t *c)
{
    begin(c, k->time_ms);
    c->key = k->criterion;
    c->what = word_or(thd_label_enum(&thidua__v1__check_result__descriptor, k->result, lang), "?");
    c->text = k->note;
    c->who = person(k->actor_name, k->actor);
}

void thd_render_opinion(const Thidua__V1__Opinion *o, const char *lang, thd_cells_t *c)
{
    begin(c, o->time_ms);
    c->key = o->agency;
    c->what = thd_label_part(o->favorable ? "favorable" : "unfavorable", lang);
    c->text = o->text;
    c->who = person(o->actor_name, o->actor);
}

void thd_render_complaint(const Thidua__V1__Complaint *k, const char *lang, thd_cells_t *c)
{
    begin(c, k->time_ms);
    snprintf(c->buf, sizeof c->buf, "%u", k->number);
    c->key = c->buf;
    c->what = thd_label_part(k->resolved ? "settled" : "unsettled", lang);
    c->text = k->text;
    c->note = k->resolution;
}
