/* The statistics as tables for people: the JSON of thd_stats_json turned
 * into titled tables of text cells in the language in use, so the CLI's
 * table and the XLSX sheet show the same rows and columns. */
#ifndef THD_CLI_STATS_VIEW_H
#define THD_CLI_STATS_VIEW_H

#include <stdbool.h>

#include "export.h"

/* What a renderer is handed: begin(title, columns, lead), then rows (the
 * first is the header; total marks the closing sum), then end. The first
 * lead columns name what is counted, the others are counts. Cells are
 * borrowed for the call; a count is its digits. */
typedef struct stats_sink {
    void (*begin)(void *arg, const char *title, int columns, int lead);
    void (*row)(void *arg, const char *const *cells, int n, bool header, bool total);
    void (*end)(void *arg);
    void *arg;
} stats_sink_t;

/* Renders every table; -1 when json is not the statistics' JSON. */
int stats_view(const char *json, const stats_sink_t *sink);
/* The statistics' first line: revision, day and scope, translated, into buf. */
const char *stats_caption(const char *json, char *buf, size_t cap);

/* The statistics of an export's records (every record of its snapshot,
 * overdue as of its day). Fresh JSON text (free it); NULL on ENOMEM. */
char *stats_of_export(const export_data_t *d, const char *unit);

#endif
