/* The archive's workbook: the final XLSX export, written by the same code
 * as `thidua export all --format xlsx` (client/cli/export_xlsx.c), from the
 * records of the archived store instead of a snapshot read over the wire. */
#ifndef THD_ARCHIVE_BOOK_H
#define THD_ARCHIVE_BOOK_H

#include "store.h"

#define ARCHIVE_BOOK_NAME "thidua.xlsx" /* its name in the archive */

/* Makes the process's language Vietnamese (gettext: the workbook's words),
 * then returns the title to print: given, or else the congress's default
 * name. Borrowed (given, or the catalog's). */
const char *archive_book_title(const char *given);
/* Writes the workbook of every record in store (at its committed revision,
 * overdue as of made_ms's day in the process's timezone) to path, title
 * atop every page; call archive_book_title first. 0, or -1 with the reason
 * on stderr. */
int archive_book_write(store_t *store, const char *title, int64_t made_ms, const char *path);

#endif
