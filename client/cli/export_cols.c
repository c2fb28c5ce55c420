/* The columns of each export kind, in one table per kind: the CSV
 * contract's name (docs/INTEGRATION.md), the spreadsheet header, and where
 * the value comes from. Most columns are a field of the record read
 * through its protobuf descriptor, so adding one is adding a row. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "export.h"
#include "i18n.h"
#include "pbjson.h"
#include "rules.h"
#include "thidua.h"

enum col_source {
    SRC_FIELD,      /* the row's message field `field` */
    SRC_TASK,       /* a report row: the task's field `field` */
    SRC_PROPOSE,    /* a nominee past draft was proposed */
    SRC_NOTES,      /* a nominee's opinions, complaints, honours or files, as text */
    SRC_ATTACHMENT, /* a report row: its attachment's field `field` */
};

struct col_def {
    export_col_t col;
    enum col_source src;
    const char *field;
    enum export_cell_type as; /* CELL_DATE or CELL_TIME refine a string or int64 field */
    bool blank_zero;
    bool ref; /* the stored ref, else the id (so natively made records re-import) */
    enum export_notes notes;
};

#define COL(n, l, ...)                                                                             \
    {                                                                                              \
        .col = {.name = n, .label = l}, .field = n, __VA_ARGS__                                    \
    }

static const struct col_def task_cols[] = {
    COL("id", N_("Task")),
    COL("ref", N_("Reference"), .ref = true),
    COL("title", N_("Title")),
    COL("kind", N_("Kind")),
    COL("phase", N_("Phase")),
    COL("status", N_("State")),
    COL("lead_unit", N_("Lead unit")),
    COL("support_units", N_("Support units")),
    COL("deadline", N_("Deadline"), .as = CELL_DATE),
    COL("progress", N_("Progress (%)")),
    COL("overdue", N_("Overdue")),
    COL("description", N_("Description")),
};

static const struct col_def nominee_cols[] = {
    COL("id", N_("Nominee")),
    COL("ref", N_("Reference"), .ref = true),
    COL("kind", N_("Kind")),
    COL("name", N_("Name")),
    COL("gender", N_("Gender")),
    COL("birth_year", N_("Year of birth"), .blank_zero = true),
    COL("position", N_("Position")),
    COL("workplace", N_("Workplace")),
    COL("field", N_("Field")),
    COL("proposing_unit", N_("Proposing unit")),
    COL("status", N_("State")),
    COL("criteria_met", N_("Criteria claimed")), /* the unit's claim; the checks are the office's */
    COL("influential", N_("Influential")),
    COL("new_factor", N_("New factor")),
    COL("propose", N_("Send the proposal"), .src = SRC_PROPOSE), /* not the status of that name */
    COL("achievements", N_("Achievements")),
    COL("opinions", N_("Opinions"), .src = SRC_NOTES, .notes = NOTES_OPINIONS),
    COL("complaints", N_("Complaints"), .src = SRC_NOTES, .notes = NOTES_COMPLAINTS),
    COL("decision_reason", N_("Reason for the decision")),
    COL("period_from", N_("Achievements from"), .blank_zero = true),
    COL("period_to", N_("Achievements to"), .blank_zero = true),
    COL("honour_form", N_("Form proposed")),
    COL("earlier_honours", N_("Earlier honours"), .src = SRC_NOTES, .notes = NOTES_HONOURS),
    COL("disclosure_opened", N_("Disclosure opened"), .as = CELL_DATE),
    COL("disclosure_close_from", N_("Disclosure may close from"), .as = CELL_DATE),
    COL("files", N_("Dossier files"), .src = SRC_NOTES, .notes = NOTES_FILES),
};

static const struct col_def report_cols[] = {
    {.col = {"task_id", N_("Task")}, .src = SRC_TASK, .field = "id"},
    {.col = {"task_ref", N_("Reference")}, .src = SRC_TASK, .field = "ref", .ref = true},
    {.col = {"time", N_("Time")}, .field = "time_ms", .as = CELL_TIME},
    COL("unit", N_("Unit")),
    COL("actor", N_("Reported by")),
    COL("actor_name", N_("Reporter's name")),
    COL("percent", N_("Progress (%)")),
    COL("text", N_("Report")),
    {.col = {"document", N_("Document")}, .src = SRC_ATTACHMENT, .field = "name"},
    {.col = {"document_version", N_("Version")}, .field = "version", .blank_zero = true},
    {.col = {"document_size", N_("Size")}, .src = SRC_ATTACHMENT, .field = "size", .as = CELL_SIZE},
};

static const struct {
    const char *name;
    const struct col_def *cols;
    size_t n;
} kinds[EXPORT_N_KINDS] = {
    [EXPORT_TASKS] = {"tasks", task_cols, sizeof task_cols / sizeof task_cols[0]},
    [EXPORT_NOMINEES] = {"nominees", nominee_cols, sizeof nominee_cols / sizeof nominee_cols[0]},
    [EXPORT_REPORTS] = {"reports", report_cols, sizeof report_cols / sizeof report_cols[0]},
};

size_t export_n_cols(enum export_kind k)
{
    return kinds[k].n;
}

const export_col_t *export_col(enum export_kind k, size_t i)
{
    return &kinds[k].cols[i].col;
}

const char *export_kind_name(enum export_kind k)
{
    return kinds[k].name;
}

/* The value of a message field by name, typed for the writers. */
static void field_cell(const ProtobufCMessage *m, const char *name, export_cell_t *out)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
    const char *p = f ? (const char *)m + f->offset : NULL;
    if (!f) {
        out->type = CELL_TEXT;
        out->s = "";
    } else if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        out->type = CELL_LIST;
        out->n_list = *(const size_t *)((const char *)m + f->quantifier_offset);
        out->list = *(char *const *const *)p;
    } else if (f->type == PROTOBUF_C_TYPE_STRING) {
        out->type = CELL_TEXT;
        out->s = *(char *const *)p ? *(char *const *)p : "";
    } else if (f->type == PROTOBUF_C_TYPE_ENUM) {
        out->type = CELL_ENUM;
        out->desc = f->descriptor;
        out->e = *(const int *)p;
    } else if (f->type == PROTOBUF_C_TYPE_BOOL) {
        out->type = CELL_BOOL;
        out->b = *(const protobuf_c_boolean *)p;
    } else if (f->type == PROTOBUF_C_TYPE_INT64) {
        out->type = CELL_NUMBER;
        out->ms = *(const int64_t *)p;
        out->n = (double)out->ms;
    } else if (f->type == PROTOBUF_C_TYPE_UINT64) {
        out->type = CELL_NUMBER;
        out->n = (double)*(const uint64_t *)p;
    } else {
        out->type = CELL_NUMBER;
        out->n = *(const uint32_t *)p;
    }
}

static const char *record_id(const ProtobufCMessage *m)
{
    export_cell_t c = {0};
    field_cell(m, "id", &c);
    return c.s;
}

void export_cell(enum export_kind k, size_t i, const void *row, export_cell_t *out)
{
    const struct col_def *d = &kinds[k].cols[i];
    const ProtobufCMessage *m = row;
    if (k == EXPORT_REPORTS) {
        const export_report_t *r = row;
        m = d->src == SRC_TASK ? &r->task->base : &r->entry->base;
    }
    memset(out, 0, sizeof *out);
    out->blank_zero = d->blank_zero;
    if (d->src == SRC_NOTES) {
        out->type = CELL_NOTES;
        out->msg = m;
        out->notes = (int)d->notes;
        return;
    }
    if (d->src == SRC_ATTACHMENT) {
        const Thidua__V1__Attachment *a = ((const export_report_t *)row)->entry->attachment;
        m = a ? &a->base : NULL;
        if (!m) {
            out->type = d->as == CELL_SIZE ? CELL_SIZE : CELL_TEXT;
            out->s = "";
            return;
        }
    }
    if (d->src == SRC_PROPOSE) {
        const Thidua__V1__Nominee *n = row;
        out->type = CELL_BOOL;
        out->b = n->status != THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_DRAFT &&
                 n->status != THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_WITHDRAWN;
        return;
    }
    field_cell(m, d->field, out);
    if (d->ref && !*out->s)
        out->s = record_id(m);
    if (d->as == CELL_DATE || d->as == CELL_TIME || d->as == CELL_SIZE)
        out->type = d->as;
}

size_t export_count(const export_data_t *d, enum export_kind k)
{
    return k == EXPORT_TASKS ? d->n_tasks : k == EXPORT_NOMINEES ? d->n_nominees : d->n_reports;
}

const void *export_row(const export_data_t *d, enum export_kind k, size_t i)
{
    if (k == EXPORT_TASKS)
        return d->tasks[i];
    if (k == EXPORT_NOMINEES)
        return d->nominees[i];
    return &d->reports[i];
}

/* Bytes, or for people as the CLI writes sizes ("293 KiB", "1,2 MiB"). */
static const char *size_text(double n, bool human, char *buf, size_t cap)
{
    if (n == 0)
        return "";
    if (human)
        return cli_format_size((uint64_t)n, buf, cap);
    snprintf(buf, cap, "%.0f", n);
    return buf;
}

void export_human_time(int64_t ms, char *buf, size_t cap)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, cap, "%d/%m/%Y %H:%M", &tm);
}

/* Appends one line to buf (lines joined by "\n"); false once full. */
static bool add_line(char *buf, size_t cap, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool add_line(char *buf, size_t cap, size_t *used, const char *fmt, ...)
{
    if (*used && *used + 1 < cap)
        buf[(*used)++] = '\n';
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *used, cap - *used, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= cap - *used) {
        buf[*used ? *used - 1 : 0] = '\0'; /* the line that does not fit is left out */
        return false;
    }
    *used += (size_t)w;
    return true;
}

/* A nominee's earlier honours, one per line "YEAR|FORM|DECISION", as
 * `thidua nominee create --earlier-honours` and the importer read them. */
static void honours_text(const Thidua__V1__Nominee *n, char *buf, size_t cap, size_t *used)
{
    for (size_t i = 0; i < n->n_earlier_honours; i++) {
        const Thidua__V1__EarlierHonour *h = n->earlier_honours[i];
        if (!add_line(buf, cap, used, "%u|%s|%s", h->year, h->form, h->decision_number))
            break;
    }
}

/* A nominee's dossier files, one per line, oldest first: what `thidua
 * document get ID/vN` fetches. For a program "vN|NAME|SIZE|SHA256" (size
 * in bytes); for people "vN: NAME (300 KiB)" (import ignores the column). */
static void files_text(const Thidua__V1__Nominee *n, bool human, char *buf, size_t cap,
                       size_t *used)
{
    for (size_t i = 0; i < n->n_history; i++) {
        const Thidua__V1__HistoryEntry *h = n->history[i];
        if (!h->version || !h->attachment)
            continue;
        char size[32];
        bool fits =
            human ? add_line(buf, cap, used, "v%u: %s (%s)", h->version, h->attachment->name,
                             cli_format_size(h->attachment->size, size, sizeof size))
                  : add_line(buf, cap, used, "v%u|%s|%llu|%s", h->version, h->attachment->name,
                             (unsigned long long)h->attachment->size, h->attachment->sha256);
        if (!fits)
            break;
    }
}

/* A nominee's opinions ("Công an tỉnh: thuận: text") or complaints
 * ("1: text: resolved: resolution"), one per line. */
static const char *notes_text(const export_cell_t *c, bool human, char *buf, size_t cap)
{
    const Thidua__V1__Nominee *n = (const Thidua__V1__Nominee *)c->msg;
    size_t used = 0;
    buf[0] = '\0';
    if (c->notes == NOTES_HONOURS)
        honours_text(n, buf, cap, &used);
    else if (c->notes == NOTES_FILES)
        files_text(n, human, buf, cap, &used);
    else if (c->notes == NOTES_OPINIONS)
        for (size_t i = 0; i < n->n_opinions; i++) {
            const Thidua__V1__Opinion *o = n->opinions[i];
            const char *view = o->favorable ? "favorable" : "unfavorable";
            if (!add_line(buf, cap, &used, "%s: %s: %s", o->agency,
                          human ? thd_label_part(view, cli_i18n_lang()) : view, o->text))
                break;
        }
    else
        for (size_t i = 0; i < n->n_complaints; i++) {
            const Thidua__V1__Complaint *k = n->complaints[i];
            const char *state = k->resolved ? "resolved" : "not resolved";
            const char *word =
                thd_label_part(k->resolved ? "settled" : "unsettled", cli_i18n_lang());
            if (!add_line(buf, cap, &used, "%u: %s: %s%s%s", k->number, k->text,
                          human ? word : state, *k->resolution ? ": " : "", k->resolution))
                break;
        }
    return buf;
}

const char *export_cell_text(const export_cell_t *c, bool human, char *buf, size_t cap)
{
    switch (c->type) {
    case CELL_TEXT:
        return c->s;
    case CELL_DATE:
        if (human && cap >= 11)
            return thd_date_dmy(c->s, buf);
        return c->s;
    case CELL_SIZE:
        return size_text(c->n, human, buf, cap);
    case CELL_NOTES:
        return notes_text(c, human, buf, cap);
    case CELL_ENUM:
        return human ? cli_label(c->desc, c->e, buf, cap)
                     : pbjson_enum_name(c->desc, c->e, buf, cap);
    case CELL_BOOL:
        return human ? (c->b ? _("yes") : _("no")) : (c->b ? "yes" : "no");
    case CELL_NUMBER:
        if (c->n == 0 && c->blank_zero)
            return "";
        snprintf(buf, cap, "%.0f", c->n);
        return buf;
    case CELL_TIME:
        if (human)
            export_human_time(c->ms, buf, cap);
        else
            export_time(c->ms, buf, cap);
        return buf;
    case CELL_LIST:
        break;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->n_list; i++) {
        int w = snprintf(buf + used, cap - used, "%s%s", i ? (human ? "; " : ";") : "", c->list[i]);
        if (w < 0 || (size_t)w >= cap - used)
            break; /* cap holds THD_MAX_REPEATED codes; never cut in practice */
        used += (size_t)w;
    }
    return buf;
}

void export_time(int64_t ms, char *buf, size_t cap)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    char zone[8];
    localtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%z", &tm); /* +0700 -> +07:00 for RFC 3339 */
    size_t n = strlen(buf);
    if (strlen(zone) == 5 && n + 7 <= cap)
        snprintf(buf + n, cap - n, "%.3s:%.2s", zone, zone + 3);
}
