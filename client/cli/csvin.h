/* The CSV reader of `thidua import`: RFC 4180 through libcsv, UTF-8 with or
 * without a BOM, the header checked against the kind's columns
 * (docs/IMPORT.md), and each row turned into an ImportRow or into errors
 * naming its line, column and reason. Pure: no broker and no files, so the
 * fuzz harness drives it directly. */
#ifndef THD_CLI_CSVIN_H
#define THD_CLI_CSVIN_H

#include <stdbool.h>
#include <stddef.h>

#include "thidua.pb-c.h"

typedef enum csvin_kind { CSVIN_UNITS, CSVIN_TASKS, CSVIN_NOMINEES } csvin_kind_t;

typedef struct csvin_error {
    unsigned line; /* line of the file where the row starts (1: the header) */
    /* as the file's header names it ("Hạn", "deadline"); a column the file
     * lacks, as the rest of its header would; "" when the row or file as a
     * whole is at fault */
    char column[64];
    char reason[1024]; /* the accepted words of an enum, the columns of a kind fit */
} csvin_error_t;

#define CSVIN_KEPT_ERRORS 1000 /* errors kept in full; the rest are counted */

typedef struct csvin csvin_t;

/* "units", "tasks" or "nominees"; -1 for another name. */
int csvin_kind_parse(const char *name, csvin_kind_t *kind);

csvin_t *csvin_new(csvin_kind_t kind);
void csvin_destroy(csvin_t **self_p);
/* Reads the next bytes of the file, split anywhere. Returns 0, or -1 once
 * the file cannot be read further (broken quoting, a bad header, no
 * memory); the reason is among the errors. */
int csvin_feed(csvin_t *self, const void *buf, size_t len);
/* The end of the file: the last row and an unclosed quote. 0 or -1. */
int csvin_finish(csvin_t *self);

/* Good rows so far, in file order; borrowed. */
size_t csvin_rows(const csvin_t *self, Thidua__V1__ImportRow *const **rows);
/* Data rows read so far, good or bad. */
size_t csvin_row_count(const csvin_t *self);
/* The first CSVIN_KEPT_ERRORS errors; borrowed. */
size_t csvin_errors(const csvin_t *self, const csvin_error_t **errors);
/* All errors, including those not kept. */
size_t csvin_error_count(const csvin_t *self);
/* A column named as the broker names it (ImportError.column: "deadline",
 * "proposing_unit"), as the file's header names it (csvin_error_t.column);
 * column itself when it is none of the kind's. Borrowed, valid for self's
 * life. */
const char *csvin_column_shown(const csvin_t *self, const char *column);

#endif
