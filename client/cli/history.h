/* A record's history and files for people (history.c). */
#ifndef THD_CLI_HISTORY_H
#define THD_CLI_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "thidua.pb-c.h"

/* "850 bytes", "1,2 MB" (en: "1.2 MB"); returns buf. */
const char *cli_format_size(uint64_t bytes, char *buf, size_t cap);
/* The history as a table under a heading; with a % column for tasks. */
void cli_print_history(Thidua__V1__HistoryEntry *const *history, size_t n, bool percent);
/* Each file the history carried: version, name, size, who, when. */
void cli_print_files(Thidua__V1__HistoryEntry *const *history, size_t n);

#endif
