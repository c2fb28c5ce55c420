/* thidua export: what the writers share. One paged snapshot is read into
 * an export_data_t (every record at one revision); the kinds' columns are
 * tables (export_cols.c) that the CSV and XLSX writers walk, so a column
 * is named, typed and read in one place. JSON goes through pbjson. */
#ifndef THD_CLI_EXPORT_H
#define THD_CLI_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "thidua.pb-c.h"

enum export_kind { EXPORT_TASKS, EXPORT_NOMINEES, EXPORT_REPORTS, EXPORT_N_KINDS };

/* One row of the reports kind: a task's progress report. Borrowed. */
typedef struct export_report {
    const Thidua__V1__Task *task;
    const Thidua__V1__HistoryEntry *entry;
} export_report_t;

typedef struct export_data {
    uint64_t revision;            /* the snapshot's: every record below reflects it */
    int64_t exported_at;          /* Unix ms, when the snapshot was opened */
    Thidua__V1__Record **records; /* owned: every record of the snapshot */
    size_t n_records, cap_records;
    const Thidua__V1__Task **tasks; /* borrowed from records, in id order */
    size_t n_tasks;
    const Thidua__V1__Nominee **nominees;
    size_t n_nominees;
    const Thidua__V1__Quota **quotas;
    size_t n_quotas;
    export_report_t *reports; /* in task order, then time */
    size_t n_reports;
} export_data_t;

/* Takes one record into d (d owns it then): 0, or -1 with rec still the
 * caller's. */
int export_data_take(export_data_t *d, Thidua__V1__Record *rec);
/* Takes a snapshot page's records into d (the page keeps none): 0 or -1. */
int export_data_take_page(export_data_t *d, Thidua__V1__SnapshotReply *page);
/* Sorts the records into the kinds' rows, once every page is in: 0 or -1. */
int export_data_classify(export_data_t *d);
void export_data_free(export_data_t *d);
/* Whether a task's history entry is a progress report (the entries the
 * reports export lists and the only ones whose percent means anything). */
bool export_is_report(const Thidua__V1__HistoryEntry *h);

/* Rows of kind k: how many, and row i (a Task, a Nominee or an
 * export_report_t; borrowed). */
size_t export_count(const export_data_t *d, enum export_kind k);
const void *export_row(const export_data_t *d, enum export_kind k, size_t i);

/* A cell as the writers see it: the CSV writer prints it as the contract
 * says, the XLSX writer as a typed, translated cell. */
enum export_cell_type {
    CELL_TEXT,   /* s */
    CELL_ENUM,   /* e of desc */
    CELL_BOOL,   /* b */
    CELL_NUMBER, /* n; blank when n is 0 and blank_zero */
    CELL_LIST,   /* list[n_list] */
    CELL_DATE,   /* s: YYYY-MM-DD or empty */
    CELL_TIME,   /* ms: Unix milliseconds */
    CELL_SIZE,   /* n: bytes; blank when 0 */
    CELL_NOTES,  /* a nominee's opinions or complaints (msg), one line each */
};

typedef struct export_cell {
    enum export_cell_type type;
    const char *s;
    const ProtobufCEnumDescriptor *desc;
    int e;
    bool b;
    double n;
    bool blank_zero;
    char *const *list;
    size_t n_list;
    int64_t ms;
    const ProtobufCMessage *msg; /* CELL_NOTES: the nominee */
    int notes;                   /* CELL_NOTES: which (enum export_notes) */
} export_cell_t;

enum export_notes { NOTES_OPINIONS, NOTES_COMPLAINTS, NOTES_HONOURS, NOTES_FILES };

typedef struct export_col {
    const char *name;  /* the CSV contract's column name */
    const char *label; /* N_(): the spreadsheet header */
} export_col_t;

/* The columns of kind k: how many, and column i (static). */
size_t export_n_cols(enum export_kind k);
const export_col_t *export_col(enum export_kind k, size_t i);
/* Column i of a row of kind k (row as export_rows gives it). */
void export_cell(enum export_kind k, size_t i, const void *row, export_cell_t *out);
/* The cell as text: as the CSV contract writes it, or (human) with
 * translated labels and dates as dd/mm/yyyy. Returns c's own string or
 * buf. */
const char *export_cell_text(const export_cell_t *c, bool human, char *buf, size_t cap);
/* "tasks", "nominees", "reports". */
const char *export_kind_name(enum export_kind k);

/* Writers: 0, or -1 with errno or a message printed. */
/* human: headers and values as the XLSX shows them (--labels); import
 * reads both. */
int export_csv(const export_data_t *d, enum export_kind k, FILE *out, bool bom, bool human);
int export_json(const export_data_t *d, const bool kinds[EXPORT_N_KINDS], FILE *out);
/* title: the congress's name, printed atop every page. Prints nothing
 * (the CLI, thidua-web and the broker's archive share it, and each says a
 * failure its own way): on -1, why holds the reason in the language of
 * errors (cli_strerror: English under thidua --json), or libxlsxwriter's
 * own words, which are English. */
enum { EXPORT_WHY_MAX = 160 };
int export_xlsx(const export_data_t *d, const bool kinds[EXPORT_N_KINDS], const char *title,
                const char *path, char why[EXPORT_WHY_MAX]);

/* The local day of Unix ms as YYYY-MM-DD: the day overdue is judged on. */
void export_today(int64_t ms, char out[11]);

/* RFC 3339 local time with offset, e.g. 2026-11-25T08:30:00+07:00. */
void export_time(int64_t ms, char *buf, size_t cap);
/* The same as people read it, in local time: "07/12/2026 12:32". */
void export_human_time(int64_t ms, char *buf, size_t cap);

#endif
