/* Reading: bytes go to libcsv (strict RFC 4180) a line at a time, so each
 * row is known by the line it starts on: a line starts a row when the
 * quotes before it are balanced (strict mode refuses any other quote).
 * Checking: a table of columns per kind says which cell sets which field
 * and how it is parsed; lengths and text go through the broker's own
 * validate_message, so the client refuses what the broker would. */
#include "csvin.h"

#include <csv.h>
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rules.h"
#include "fold.h"
#include "thidua.h"
#include "text.h"
#include "thd_limits.h"
#include "validate.h"
#include "words.h"

#define MAX_COLUMNS 64

enum cell {
    CELL_TEXT,    /* any text */
    CELL_GENDER,  /* text, "Nam" or "Nữ" for what people type for them */
    CELL_UNIT,    /* a unit code */
    CELL_UNITS,   /* unit codes separated by ; */
    CELL_REF,     /* a stable key */
    CELL_ENUM,    /* a value's short name */
    CELL_DATE,    /* a day as the CLI's options take it (words_date) */
    CELL_LIST,    /* text values separated by ; */
    CELL_BOOL,    /* yes/no and friends */
    CELL_YEAR,    /* a plausible year */
    CELL_PERIOD,  /* a year of the achievement period */
    CELL_HONOURS, /* earlier honours: YEAR|FORM|DECISION, ; or a new line between */
    CELL_PROPOSE, /* ImportRow.propose, a boolean */
    CELL_IGNORED, /* written by export, read-only here */
};

struct column {
    const char *name;
    const char *label; /* N_(): the export's spreadsheet header, also read */
    enum cell cell;
    size_t offset, count_offset; /* in the kind's message; lists: the count */
    const ProtobufCEnumDescriptor *values;
    bool required;
    const char *fallback; /* enum value when the cell is empty */
};

#define UNIT_COL(f) offsetof(Thidua__V1__Unit, f)
#define TASK_COL(f) offsetof(Thidua__V1__Task, f)
#define NOM_COL(f)  offsetof(Thidua__V1__Nominee, f)
#define IGNORED(n, l)                                                                              \
    {                                                                                              \
        .name = n, .label = l, .cell = CELL_IGNORED                                                \
    }

/* The labels are those of the export's columns (export_cols.c), so a file
 * exported with --labels, or saved as CSV from the XLSX, reads back. */
static const struct column unit_columns[] = {
    {"code", N_("Unit code"), CELL_UNIT, UNIT_COL(code), 0, NULL, true, NULL},
    {"name", N_("Unit name"), CELL_TEXT, UNIT_COL(name), 0, NULL, true, NULL},
    {"kind", N_("Kind"), CELL_ENUM, UNIT_COL(kind), 0, &thidua__v1__unit_kind__descriptor, true,
     NULL},
};

static const struct column task_columns[] = {
    {"ref", N_("Reference"), CELL_REF, TASK_COL(ref), 0, NULL, true, NULL},
    {"title", N_("Title"), CELL_TEXT, TASK_COL(title), 0, NULL, true, NULL},
    {"kind", N_("Kind"), CELL_ENUM, TASK_COL(kind), 0, &thidua__v1__task_kind__descriptor, false,
     "work"},
    {"phase", N_("Phase"), CELL_ENUM, TASK_COL(phase), 0, &thidua__v1__phase__descriptor, false,
     "before"},
    {"lead_unit", N_("Lead unit"), CELL_UNIT, TASK_COL(lead_unit), 0, NULL, true, NULL},
    {"support_units", N_("Support units"), CELL_UNITS, TASK_COL(support_units),
     TASK_COL(n_support_units), NULL, false, NULL},
    {"deadline", N_("Deadline"), CELL_DATE, TASK_COL(deadline), 0, NULL, true, NULL},
    {"description", N_("Description"), CELL_TEXT, TASK_COL(description), 0, NULL, false, NULL},
    IGNORED("id", N_("Task")),
    IGNORED("status", N_("State")),
    IGNORED("progress", N_("Progress (%)")),
    IGNORED("overdue", N_("Overdue")),
};

static const struct column nominee_columns[] = {
    {"ref", N_("Reference"), CELL_REF, NOM_COL(ref), 0, NULL, true, NULL},
    {"kind", N_("Kind"), CELL_ENUM, NOM_COL(kind), 0, &thidua__v1__nominee_kind__descriptor, true,
     NULL},
    {"name", N_("Name"), CELL_TEXT, NOM_COL(name), 0, NULL, true, NULL},
    {"gender", N_("Gender"), CELL_GENDER, NOM_COL(gender), 0, NULL, false, NULL},
    {"birth_year", N_("Year of birth"), CELL_YEAR, NOM_COL(birth_year), 0, NULL, false, NULL},
    {"position", N_("Position"), CELL_TEXT, NOM_COL(position), 0, NULL, false, NULL},
    {"workplace", N_("Workplace"), CELL_TEXT, NOM_COL(workplace), 0, NULL, false, NULL},
    {"field", N_("Field"), CELL_ENUM, NOM_COL(field), 0, &thidua__v1__field__descriptor, true,
     NULL},
    {"proposing_unit", N_("Proposing unit"), CELL_UNIT, NOM_COL(proposing_unit), 0, NULL, false,
     NULL},
    {"achievements", N_("Achievements"), CELL_TEXT, NOM_COL(achievements), 0, NULL, false, NULL},
    {"criteria_met", N_("Criteria claimed"), CELL_LIST, NOM_COL(criteria_met),
     NOM_COL(n_criteria_met), NULL, false, NULL},
    {"influential", N_("Influential"), CELL_BOOL, NOM_COL(influential), 0, NULL, false, NULL},
    {"new_factor", N_("New factor"), CELL_BOOL, NOM_COL(new_factor), 0, NULL, false, NULL},
    {"propose", N_("Send the proposal"), CELL_PROPOSE, 0, 0, NULL, false, NULL},
    {"period_from", N_("Achievements from"), CELL_PERIOD, NOM_COL(period_from), 0, NULL, false,
     NULL},
    {"period_to", N_("Achievements to"), CELL_PERIOD, NOM_COL(period_to), 0, NULL, false, NULL},
    {"honour_form", N_("Form proposed"), CELL_TEXT, NOM_COL(honour_form), 0, NULL, false, NULL},
    {"earlier_honours", N_("Earlier honours"), CELL_HONOURS, NOM_COL(earlier_honours),
     NOM_COL(n_earlier_honours), NULL, false, NULL},
    IGNORED("id", N_("Nominee")),
    IGNORED("status", N_("State")),
    IGNORED("disclosure_opened", N_("Disclosure opened")),
    IGNORED("disclosure_close_from", N_("Disclosure may close from")),
    IGNORED("opinions", N_("Opinions")),
    IGNORED("complaints", N_("Complaints")),
    IGNORED("decision_reason", N_("Reason for the decision")),
    IGNORED("files", N_("Dossier files")),
};

#define KIND(cols, body, init, size)                                                               \
    {                                                                                              \
        cols, sizeof cols / sizeof cols[0], body, (void (*)(void *))init, size                     \
    }
static const struct kind {
    const struct column *cols;
    size_t n_cols;
    int record_case;
    void (*init)(void *);
    size_t size;
} kinds[] = {
    [CSVIN_UNITS] = KIND(unit_columns, THIDUA__V1__IMPORT_ROW__RECORD_UNIT, thidua__v1__unit__init,
                         sizeof(Thidua__V1__Unit)),
    [CSVIN_TASKS] = KIND(task_columns, THIDUA__V1__IMPORT_ROW__RECORD_TASK, thidua__v1__task__init,
                         sizeof(Thidua__V1__Task)),
    [CSVIN_NOMINEES] = KIND(nominee_columns, THIDUA__V1__IMPORT_ROW__RECORD_NOMINEE,
                            thidua__v1__nominee__init, sizeof(Thidua__V1__Nominee)),
};

/* Keys seen, for duplicates inside the file: open addressing on FNV-1a. */
struct key_set {
    char **keys;
    unsigned *lines;
    size_t cap, n;
};

struct csvin {
    const struct kind *kind;
    struct csv_parser parser;
    bool parser_ok, header_done, stopped, started;
    char head[8]; /* the first bytes, held until there are 8 or the file ends */
    size_t n_head;
    int map[MAX_COLUMNS];         /* file column -> kind column, -1: ignored */
    words_t *header;              /* the kind's column names and labels */
    char *shown[MAX_COLUMNS];     /* per kind column: its name in messages (csvin_column_shown) */
    words_t *values[MAX_COLUMNS]; /* per kind column: an enum's words, else NULL */
    size_t n_file_cols;
    unsigned line;     /* the line being read */
    unsigned row_line; /* the line the current row starts on */
    bool at_line_start, in_quote;
    bool pending_cr;     /* the last feed ended with '\r': the next byte says whether
                            it ended a line (old Mac files) or a "\r\n" goes on */
    unsigned quote_line; /* where an unclosed quote opened */
    char **cells;
    size_t n_cells, cap_cells;
    bool row_bad; /* a cell was not text */
    Thidua__V1__ImportRow **rows;
    size_t n_rows, cap_rows, row_count;
    csvin_error_t *errors;
    size_t n_errors, error_count;
    struct key_set seen;
};

int csvin_kind_parse(const char *name, csvin_kind_t *kind)
{
    static const char *const names[] = {"units", "tasks", "nominees"};
    for (int i = 0; i < 3; i++)
        if (name && strcmp(name, names[i]) == 0) {
            *kind = (csvin_kind_t)i;
            return 0;
        }
    return -1;
}

/* s as snprintf cut it: its last character whole, or left out. */
static void whole_chars(char *s)
{
    size_t n = strlen(s), at = n;
    while (at > 0 && ((unsigned char)s[at - 1] & 0xC0) == 0x80)
        at--;
    if (at == 0)
        return;
    unsigned char lead = (unsigned char)s[at - 1];
    size_t want = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (n - (at - 1) < want)
        s[at - 1] = '\0';
}

static void add_error(csvin_t *self, unsigned line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add_error(csvin_t *self, unsigned line, const char *column, const char *fmt, ...)
{
    self->error_count++;
    if (self->n_errors == CSVIN_KEPT_ERRORS)
        return;
    if (!self->errors && !(self->errors = calloc(CSVIN_KEPT_ERRORS, sizeof *self->errors))) {
        self->stopped = true;
        return;
    }
    csvin_error_t *e = &self->errors[self->n_errors++];
    e->line = line;
    snprintf(e->column, sizeof e->column, "%s", column ? column : "");
    whole_chars(e->column); /* a header the file wrote may be longer */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(e->reason, sizeof e->reason, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof e->reason) { /* cut at a character boundary, marked */
        size_t at = sizeof e->reason - 4;
        while (at > 0 && ((unsigned char)e->reason[at] & 0xC0) == 0x80)
            at--;
        memcpy(e->reason + at, "...", 4);
    }
}

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The line key was first seen on, or 0 after recording it at line. */
static unsigned key_seen(struct key_set *ks, const char *key, unsigned line)
{
    if (ks->n * 2 >= ks->cap) {
        struct key_set big = {.cap = ks->cap ? ks->cap * 2 : 64};
        big.keys = calloc(big.cap, sizeof *big.keys);
        big.lines = calloc(big.cap, sizeof *big.lines);
        if (!big.keys || !big.lines) {
            free(big.keys);
            free(big.lines);
            return 0; /* without memory a duplicate is left to the broker */
        }
        for (size_t i = 0; i < ks->cap; i++)
            if (ks->keys[i]) {
                size_t j = fnv(ks->keys[i]) & (big.cap - 1);
                while (big.keys[j])
                    j = (j + 1) & (big.cap - 1);
                big.keys[j] = ks->keys[i];
                big.lines[j] = ks->lines[i];
            }
        big.n = ks->n;
        free(ks->keys);
        free(ks->lines);
        *ks = big;
    }
    size_t j = fnv(key) & (ks->cap - 1);
    for (; ks->keys[j]; j = (j + 1) & (ks->cap - 1))
        if (strcmp(ks->keys[j], key) == 0)
            return ks->lines[j];
    if ((ks->keys[j] = strdup(key))) {
        ks->lines[j] = line;
        ks->n++;
    }
    return 0;
}

static void key_set_free(struct key_set *ks)
{
    for (size_t i = 0; i < ks->cap; i++)
        free(ks->keys[i]);
    free(ks->keys);
    free(ks->lines);
}

/* The words a header cell and an enum cell may be: made once per file. */
static int make_words(csvin_t *self)
{
    const struct kind *k = self->kind;
    const char *names[MAX_COLUMNS], *labels[MAX_COLUMNS];
    for (size_t i = 0; i < k->n_cols; i++) {
        names[i] = k->cols[i].name;
        labels[i] = k->cols[i].label;
        if (k->cols[i].values && !(self->values[i] = words_enum(k->cols[i].values)))
            return -1;
    }
    self->header = words_names(names, labels, k->n_cols);
    return self->header ? 0 : -1;
}

csvin_t *csvin_new(csvin_kind_t kind)
{
    if ((int)kind < 0 || kind > CSVIN_NOMINEES)
        return NULL;
    csvin_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    self->kind = &kinds[kind];
    if (make_words(self) != 0) {
        csvin_destroy(&self);
        return NULL;
    }
    self->line = 1;
    self->at_line_start = true;
    self->parser_ok = csv_init(&self->parser, CSV_STRICT | CSV_STRICT_FINI) == 0;
    if (!self->parser_ok)
        csvin_destroy(&self);
    return self;
}

static void clear_cells(csvin_t *self)
{
    for (size_t i = 0; i < self->n_cells; i++)
        free(self->cells[i]);
    self->n_cells = 0;
    self->row_bad = false;
}

void csvin_destroy(csvin_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    csvin_t *self = *self_p;
    if (self->parser_ok)
        csv_free(&self->parser);
    words_destroy(&self->header);
    for (size_t i = 0; i < MAX_COLUMNS; i++) {
        words_destroy(&self->values[i]);
        free(self->shown[i]);
    }
    clear_cells(self);
    free(self->cells);
    for (size_t i = 0; i < self->n_rows; i++)
        thidua__v1__import_row__free_unpacked(self->rows[i], NULL);
    free(self->rows);
    free(self->errors);
    key_set_free(&self->seen);
    free(self);
    *self_p = NULL;
}

/* Kind column c in messages: as the file's header names it. */
static const char *shown(const csvin_t *self, size_t c)
{
    return self->shown[c] ? self->shown[c] : self->kind->cols[c].name;
}

static const char *column_name(const csvin_t *self, size_t i)
{
    if (!self->header_done || i >= self->n_file_cols || self->map[i] < 0)
        return "";
    return shown(self, (size_t)self->map[i]);
}

const char *csvin_column_shown(const csvin_t *self, const char *column)
{
    for (size_t c = 0; column && c < self->kind->n_cols; c++)
        if (strcmp(self->kind->cols[c].name, column) == 0)
            return shown(self, c);
    return column;
}

/* The kind's columns for a message, as a person reading the language in
 * use writes a header: in Vietnamese the export's labels (as `export
 * --labels` and the web's CSV write them), in English the CSV contract's
 * names, which are English words; those import reads and ignores (the
 * export's read-only columns) after. Into buf, cut to cap. */
static const char *columns_list(const csvin_t *self, char *buf, size_t cap)
{
    words_form_t form = strcmp(cli_i18n_lang(), "vi") == 0 ? WORDS_VI : WORDS_CODE;
    /* labels hold commas ("Đơn thư, phản ánh"), codes never */
    const char *sep = form == WORDS_CODE ? ", " : "; ";
    char read[600] = "", ignored[600] = "";
    for (size_t c = 0; c < self->kind->n_cols; c++) {
        char name[64];
        char *to = self->kind->cols[c].cell == CELL_IGNORED ? ignored : read;
        size_t used = strlen(to);
        snprintf(to + used, sizeof read - used, "%s%s", used ? sep : "",
                 words_name(self->header, c, form, name, sizeof name));
    }
    if (*ignored)
        snprintf(buf, cap, _("%s (export's %s are ignored)"), read, ignored);
    else
        snprintf(buf, cap, "%s", read);
    return buf;
}

/* libcsv: one cell. Text must be UTF-8 without NUL bytes. */
static void on_cell(void *data, size_t len, void *arg)
{
    csvin_t *self = arg;
    if (self->stopped)
        return;
    if (self->n_cells == self->cap_cells) {
        size_t cap = self->cap_cells ? self->cap_cells * 2 : 16;
        char **c = realloc(self->cells, cap * sizeof *c);
        if (!c) {
            self->stopped = true;
            return;
        }
        self->cells = c;
        self->cap_cells = cap;
    }
    char *cell = malloc(len + 1);
    if (!cell) {
        self->stopped = true;
        return;
    }
    if (len)
        memcpy(cell, data, len);
    cell[len] = '\0';
    if (memchr(cell, '\0', len) || !text_valid_utf8(cell, len)) {
        const char *col = self->header_done ? column_name(self, self->n_cells) : "";
        add_error(self, self->row_line, col,
                  _("cell %zu is not UTF-8 text; save the file as CSV UTF-8"), self->n_cells + 1);
        self->row_bad = true;
    }
    self->cells[self->n_cells++] = cell;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Each kind column's name in messages: as the file's header wrote it,
 * or for a column it lacks, in the form the rest of the header is in (the
 * most telling one seen: a label over a code, Vietnamese over English), so
 * a Vietnamese file's errors name "Hạn", not "deadline". */
static void name_columns(csvin_t *self, const char *const *written, words_form_t form)
{
    for (size_t c = 0; c < self->kind->n_cols; c++) {
        char buf[64];
        const char *name =
            written[c] ? written[c] : words_name(self->header, c, form, buf, sizeof buf);
        self->shown[c] = strdup(name); /* without memory, shown() falls back to the code */
    }
}

/* A header read as one cell that holds ';' is a file whose columns are
 * separated by semicolons: Excel writes its "CSV UTF-8" so where the list
 * separator is ';' (as under Vietnamese settings, whose decimal mark is the
 * comma). The cell is split there, and the lines after it are read with ';'
 * (each line is its own csv_parse, which takes the delimiter as it starts). */
static void semicolon_header(csvin_t *self)
{
    if (self->n_cells != 1 || !strchr(self->cells[0], ';'))
        return;
    char *whole = self->cells[0];
    self->n_cells = 0;
    for (char *p = whole;; p++) {
        char *end = strchr(p, ';');
        on_cell(p, end ? (size_t)(end - p) : strlen(p), self);
        if (!end)
            break;
        p = end;
    }
    free(whole);
    csv_set_delim(&self->parser, ';');
}

static void read_header(csvin_t *self)
{
    semicolon_header(self);
    const struct kind *k = self->kind;
    bool bad = self->row_bad;
    const char *have[MAX_COLUMNS] = {NULL}; /* per kind column: its header cell */
    words_form_t form = WORDS_CODE, seen;
    char list[800];
    if (self->n_cells > MAX_COLUMNS) {
        add_error(self, self->row_line, "", _("the header has %zu columns; at most %d are read"),
                  self->n_cells, MAX_COLUMNS);
        bad = true;
    }
    for (size_t i = 0; !bad && i < self->n_cells; i++) {
        char *cell = trim(self->cells[i]);
        int c = words_match_form(self->header, cell, &seen);
        if (c < 0) {
            add_error(self, self->row_line, cell, _("unknown column '%s'; the columns are: %s"),
                      cell, columns_list(self, list, sizeof list));
            bad = true;
            continue;
        }
        if (have[c]) {
            add_error(self, self->row_line, cell, _("column '%s' appears twice"), cell);
            bad = true;
        }
        have[c] = cell;
        form = seen > form ? seen : form;
        self->map[i] = k->cols[c].cell == CELL_IGNORED ? -1 : c;
    }
    name_columns(self, have, form);
    for (size_t c = 0; !bad && c < k->n_cols; c++)
        if (k->cols[c].required && !have[c]) {
            add_error(self, self->row_line, shown(self, c),
                      _("the required column '%s' is missing from the header"), shown(self, c));
            bad = true;
        }
    self->n_file_cols = self->n_cells;
    self->header_done = true;
    self->stopped = bad; /* rows cannot be read against a wrong header */
}

/* yes/no in either language and any case: 1, 0, or -1. */
static int parse_bool(const char *s)
{
    static const char *const yes[] = {"yes", "true", "1", "x", "có", "đúng"};
    static const char *const no[] = {"", "no", "false", "0", "không", "sai"};
    char *f = fold_text(s);
    int v = -1;
    for (size_t i = 0; f && v < 0 && i < sizeof yes / sizeof yes[0]; i++) {
        char *y = fold_text(yes[i]), *n = fold_text(no[i]);
        v = y && strcmp(f, y) == 0 ? 1 : n && strcmp(f, n) == 0 ? 0 : -1;
        free(y);
        free(n);
    }
    free(f);
    return v;
}

/* Splits a ;-list into a repeated string field; unit codes are checked. */
static bool set_list(void *body, const struct column *c, char *value, bool units, char *why,
                     size_t cap)
{
    char ***arr = (char ***)((char *)body + c->offset);
    size_t *n = (size_t *)((char *)body + c->count_offset);
    for (char *save = NULL, *p = strtok_r(value, ";", &save); p; p = strtok_r(NULL, ";", &save)) {
        char *item = trim(p);
        if (!*item)
            continue;
        if (units && !thd_unit_code_valid(item)) {
            snprintf(why, cap, _("'%s' is not a unit code (2-24 of A-Z 0-9 -)"), item);
            return false;
        }
        char **a = realloc(*arr, (*n + 1) * sizeof *a);
        if (!a || !(a[*n] = strdup(item))) {
            *arr = a ? a : *arr;
            snprintf(why, cap, "%s", _("out of memory"));
            return false;
        }
        *arr = a;
        (*n)++;
    }
    return true;
}

/* Earlier honours "YEAR|FORM|DECISION", ';' or a new line between them;
 * the broker checks the year's range and that a form is given. */
static bool set_honours(void *body, const struct column *c, char *value, char *why, size_t cap)
{
    Thidua__V1__EarlierHonour ***arr = (void *)((char *)body + c->offset);
    size_t *n = (size_t *)((char *)body + c->count_offset);
    for (char *save = NULL, *p = strtok_r(value, ";\n", &save); p;
         p = strtok_r(NULL, ";\n", &save)) {
        char *item = trim(p), *form = strchr(item, '|'), *number = NULL, *end;
        if (!*item || !strcmp(item, "\r"))
            continue;
        if (form && (number = strchr(++form, '|')))
            *number++ = '\0';
        long year = strtol(item, &end, 10);
        if (!form || end == item || trim(end) != form - 1) {
            snprintf(why, cap, _("'%s' is not an earlier honour written YEAR|FORM|DECISION NUMBER"),
                     item);
            return false;
        }
        Thidua__V1__EarlierHonour *h = malloc(sizeof *h), **a = realloc(*arr, (*n + 1) * sizeof *a);
        if (a)
            *arr = a;
        if (!h || !a) {
            free(h);
            snprintf(why, cap, "%s", _("out of memory"));
            return false;
        }
        thidua__v1__earlier_honour__init(h);
        a[(*n)++] = h;
        h->year = year < 0 || year > 9999 ? 0 : (uint32_t)year;
        h->form = strdup(trim(form));
        h->decision_number = strdup(number ? trim(number) : "");
        if (!h->form || !h->decision_number) {
            snprintf(why, cap, "%s", _("out of memory"));
            return false;
        }
    }
    return true;
}

static bool set_string(char **dst, const char *value)
{
    char *copy = strdup(value);
    if (!copy)
        return false;
    *dst = copy; /* replaces the shared empty default, which is never freed */
    return true;
}

/* Parses one cell into the row; false with why set when it cannot.
 * words: the column's enum words. */
static bool set_cell(Thidua__V1__ImportRow *row, void *body, const struct column *c,
                     const words_t *words, char *value, char *why, size_t cap)
{
    char *field = (char *)body + c->offset, date[11], list[400];
    int v;
    switch (c->cell) {
    case CELL_UNIT:
        if (*value && !thd_unit_code_valid(value)) {
            snprintf(why, cap, _("'%s' is not a unit code (2-24 of A-Z 0-9 -)"), value);
            return false;
        }
        return !*value || set_string((char **)field, value);
    case CELL_REF:
        if (*value && !thd_ref_valid(value)) {
            snprintf(why, cap, _("ref '%s' must be 1-64 of A-Z a-z 0-9 . _ - /"), value);
            return false;
        }
        return !*value || set_string((char **)field, value);
    case CELL_TEXT:
        return !*value || set_string((char **)field, value);
    case CELL_GENDER: /* as `--gender` and the web's form write it */
        return !*value || set_string((char **)field, words_gender(value));
    case CELL_ENUM:
        if (!*value && c->fallback)
            value = (char *)c->fallback;
        v = *value ? words_match(words, value) : 0;
        if (v < 0) {
            words_choices(words, NULL, list, sizeof list);
            snprintf(why, cap, _("'%s' is not one of: %s"), value, list);
            return false;
        }
        *(int *)field = v;
        return true;
    case CELL_DATE:
        if (!*value)
            return true;
        if (words_date(value, date) != 0) { /* as the CLI's date options read it */
            snprintf(why, cap, _(WORDS_NOT_A_DATE), value);
            return false;
        }
        return set_string((char **)field, date);
    case CELL_UNITS:
    case CELL_LIST:
        return set_list(body, c, value, c->cell == CELL_UNITS, why, cap);
    case CELL_BOOL:
    case CELL_PROPOSE:
        if ((v = parse_bool(value)) < 0) {
            snprintf(why, cap, _("'%s' is not yes or no (also true/false, 1/0, có/không)"), value);
            return false;
        }
        *(protobuf_c_boolean *)(c->cell == CELL_PROPOSE ? (char *)&row->propose : field) = v;
        return true;
    case CELL_YEAR: {
        char *end;
        long y = *value ? strtol(value, &end, 10) : 0;
        if (*value && (*end || y < 1900 || y > 2100)) {
            snprintf(why, cap, _("birth year '%s' is not a year from 1900 to 2100"), value);
            return false;
        }
        *(uint32_t *)field = (uint32_t)y;
        return true;
    }
    case CELL_PERIOD: {
        char *end;
        long y = *value ? strtol(value, &end, 10) : 0;
        if (*value && (*end || y < 1900 || y > 2100)) {
            snprintf(why, cap, _("'%s' is not a year from 1900 to 2100"), value);
            return false;
        }
        *(uint32_t *)field = (uint32_t)y;
        return true;
    }
    case CELL_HONOURS:
        return set_honours(body, c, value, why, cap);
    case CELL_IGNORED:
        return true;
    }
    return true;
}

static Thidua__V1__ImportRow *new_row(const struct kind *k, unsigned line, void **body)
{
    Thidua__V1__ImportRow *row = malloc(sizeof *row);
    *body = malloc(k->size);
    if (!row || !*body) {
        free(row);
        free(*body);
        return NULL;
    }
    thidua__v1__import_row__init(row);
    k->init(*body);
    row->line = line;
    row->record_case = k->record_case;
    row->unit = *body; /* the oneof's members share one pointer */
    return row;
}

/* The body's first string field: the row's key (code or ref). */
static const char *row_key(const struct kind *k, void *body)
{
    return *(char **)((char *)body + k->cols[0].offset);
}

/* Lengths and text as the broker checks them: a field path's last part
 * is the column. */
static bool broker_check(csvin_t *self, Thidua__V1__ImportRow *row)
{
    thd_status_t st = {0};
    if (validate_message(&row->base, &st) == 0)
        return true;
    const char *dot = strrchr(st.field, '.');
    char msg[THD_STATUS_TEXT_MAX];
    add_error(self, row->line, csvin_column_shown(self, dot ? dot + 1 : st.field), "%s",
              thd_status_text(&st, msg, sizeof msg));
    return false;
}

static bool check_row(csvin_t *self, Thidua__V1__ImportRow *row, void *body)
{
    const struct kind *k = self->kind;
    bool ok = true;
    for (size_t i = 0; i < self->n_cells; i++) {
        if (self->map[i] < 0)
            continue;
        const struct column *c = &k->cols[self->map[i]];
        char *value = trim(self->cells[i]), why[512];
        const char *name = column_name(self, i);
        if (c->required && !*value) {
            add_error(self, row->line, name, _("the required cell '%s' is empty"), name);
            ok = false;
        } else if (!set_cell(row, body, c, self->values[self->map[i]], value, why, sizeof why)) {
            add_error(self, row->line, name, "%s", why);
            ok = false;
        }
    }
    for (size_t i = 0; i < k->n_cols; i++) /* defaults of absent columns */
        if (k->cols[i].fallback && !*(int *)((char *)body + k->cols[i].offset))
            *(int *)((char *)body + k->cols[i].offset) =
                words_match(self->values[i], k->cols[i].fallback);
    if (!ok || !broker_check(self, row))
        return false;
    unsigned first = key_seen(&self->seen, row_key(k, body), row->line);
    if (first) {
        add_error(self, row->line, shown(self, 0), _("%s '%s' is already on line %u"),
                  shown(self, 0), row_key(k, body), first);
        return false;
    }
    return true;
}

static void keep_row(csvin_t *self, Thidua__V1__ImportRow *row)
{
    if (self->n_rows == self->cap_rows) {
        size_t cap = self->cap_rows ? self->cap_rows * 2 : 64;
        Thidua__V1__ImportRow **r = realloc(self->rows, cap * sizeof *r);
        if (!r) {
            thidua__v1__import_row__free_unpacked(row, NULL);
            add_error(self, row->line, "", "%s", _("out of memory"));
            self->stopped = true;
            return;
        }
        self->rows = r;
        self->cap_rows = cap;
    }
    self->rows[self->n_rows++] = row;
}

static void read_row(csvin_t *self)
{
    self->row_count++;
    if (self->row_bad)
        return; /* its cells are already reported */
    if (self->n_cells != self->n_file_cols) {
        add_error(self, self->row_line, "", _("the row has %zu cells; the header has %zu"),
                  self->n_cells, self->n_file_cols);
        return;
    }
    void *body;
    Thidua__V1__ImportRow *row = new_row(self->kind, self->row_line, &body);
    if (!row) {
        self->stopped = true;
        return;
    }
    if (check_row(self, row, body))
        keep_row(self, row);
    else
        thidua__v1__import_row__free_unpacked(row, NULL);
}

/* libcsv: the end of a row. */
static void on_row(int term, void *arg)
{
    csvin_t *self = arg;
    (void)term;
    if (!self->stopped) {
        if (self->header_done)
            read_row(self);
        else
            read_header(self);
    }
    clear_cells(self);
}

static int parse_error(csvin_t *self)
{
    if (self->stopped)
        return -1; /* what stopped the reading is reported; the rest is unread */
    if (csv_error(&self->parser) == CSV_EPARSE)
        add_error(self, self->line, "",
                  _("broken quoting: a quote inside an unquoted cell, or text after a closing "
                    "quote; put the whole cell in quotes and double the quotes inside"));
    else
        add_error(self, self->line, "", "%s", _("out of memory"));
    self->stopped = true;
    return -1;
}

/* One piece of one line, ending it when ends_line: the row it starts,
 * then libcsv. */
static int feed_piece(csvin_t *self, const char *p, size_t len, bool ends_line)
{
    if (self->at_line_start && !self->in_quote)
        self->row_line = self->line;
    if (csv_parse(&self->parser, p, len, on_cell, on_row, self) != len)
        return parse_error(self);
    for (size_t i = 0; i < len; i++)
        if (p[i] == '"') {
            self->in_quote = !self->in_quote;
            if (self->in_quote)
                self->quote_line = self->line;
        }
    self->at_line_start = ends_line;
    if (ends_line)
        self->line++;
    return self->stopped ? -1 : 0;
}

/* The length of the piece starting at p: up to and including the line's
 * end ("\n", "\r\n", or a "\r" no "\n" follows), or all of it. */
static size_t piece_len(const char *p, size_t len, bool *ends_line)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] == '\n' || (p[i] == '\r' && i + 1 < len && p[i + 1] != '\n')) {
            *ends_line = true;
            return i + 1;
        }
    *ends_line = false;
    return len;
}

/* A '\r' that ended the previous feed ended its line unless a '\n'
 * follows it now (next is NULL at the end of the file). */
static void settle_cr(csvin_t *self, const char *next)
{
    if (!self->pending_cr)
        return;
    self->pending_cr = false;
    if (next && *next == '\n')
        return;
    self->at_line_start = true;
    self->line++;
}

/* What a file chosen in place of a CSV is, said at once, with what to do
 * (the usual slip is the workbook itself instead of its CSV copy); NULL
 * when it may be a CSV. */
static const char *not_csv(const char *p, size_t len)
{
    /* the signatures the attachments' check knows (common/rules.c) */
    if (thd_media_content_ok("application/zip", p, len))
        return _("this is an Excel or OpenDocument workbook (.xlsx, .ods), not a CSV file: save "
                 "the sheet as \"CSV UTF-8\" and import that file");
    if (thd_media_content_ok("application/vnd.ms-excel", p, len))
        return _("this is an old Excel workbook (.xls), not a CSV file: save the sheet as \"CSV "
                 "UTF-8\" and import that file");
    if (thd_media_content_ok("application/pdf", p, len))
        return _("this is a PDF file, not a CSV file: import the sheet saved as \"CSV UTF-8\"");
    if (memchr(p, '\0', len))
        return _("this is not a text file, so not a CSV file: save the sheet as \"CSV UTF-8\" and "
                 "import that file");
    return NULL;
}

static int feed_bytes(csvin_t *self, const char *p, size_t len)
{
    if (len)
        settle_cr(self, p);
    while (len) {
        bool ends_line;
        size_t piece = piece_len(p, len, &ends_line);
        if (feed_piece(self, p, piece, ends_line) != 0)
            return -1;
        self->pending_cr = !ends_line && p[piece - 1] == '\r';
        p += piece;
        len -= piece;
    }
    return 0;
}

/* The file's first bytes, whole however the feeds split them: what it is
 * (a workbook, a PDF), then, past a byte-order mark, the first cells. */
static int start(csvin_t *self)
{
    self->started = true;
    const char *why = not_csv(self->head, self->n_head);
    if (why) {
        add_error(self, 1, "", "%s", why);
        self->stopped = true;
        return -1;
    }
    size_t bom = self->n_head >= 3 && memcmp(self->head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    return feed_bytes(self, self->head + bom, self->n_head - bom);
}

int csvin_feed(csvin_t *self, const void *buf, size_t len)
{
    const char *p = buf;
    if (self->stopped)
        return -1;
    if (!self->started) {
        size_t take =
            sizeof self->head - self->n_head < len ? sizeof self->head - self->n_head : len;
        memcpy(self->head + self->n_head, p, take);
        self->n_head += take;
        p += take;
        len -= take;
        if (self->n_head < sizeof self->head)
            return 0;
        if (start(self) != 0)
            return -1;
    }
    return feed_bytes(self, p, len);
}

int csvin_finish(csvin_t *self)
{
    if (!self->stopped && !self->started && start(self) != 0)
        return -1;
    if (self->stopped)
        return -1;
    settle_cr(self, NULL);
    if (self->at_line_start && !self->in_quote)
        self->row_line = self->line;
    if (csv_fini(&self->parser, on_cell, on_row, self) != 0) {
        add_error(self, self->quote_line, "",
                  _("a quoted cell opened on this line is never closed"));
        self->stopped = true;
        return -1;
    }
    if (!self->header_done) {
        char list[800];
        add_error(self, 1, "", _("the file is empty; it needs a header row: %s"),
                  columns_list(self, list, sizeof list));
        return -1;
    }
    return self->stopped ? -1 : 0;
}

size_t csvin_rows(const csvin_t *self, Thidua__V1__ImportRow *const **rows)
{
    *rows = self->rows;
    return self->n_rows;
}

size_t csvin_row_count(const csvin_t *self)
{
    return self->row_count;
}

size_t csvin_errors(const csvin_t *self, const csvin_error_t **errors)
{
    *errors = self->errors;
    return self->n_errors;
}

size_t csvin_error_count(const csvin_t *self)
{
    return self->error_count;
}
