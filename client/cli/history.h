/* A record's history and files for people (history.c). */
#ifndef THD_CLI_HISTORY_H
#define THD_CLI_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "thidua.pb-c.h"

/* The history as a table under a heading; with a % column for tasks. */
void cli_print_history(Thidua__V1__HistoryEntry *const *history, size_t n, bool percent);
/* A record's revision and last change (cli_meta_rows) under a blank
 * line (nothing without m), whoever made the change named as the history
 * names them: by the entry of that change (its time and account), with
 * the unit, "Nguyễn Thị Lan (SO-VHTTDL)", as the documents' sender; by
 * the account where no entry is of it. */
void cli_print_last_change(const Thidua__V1__Meta *m, Thidua__V1__HistoryEntry *const *history,
                           size_t n);
/* Each file the history of record owner carried: version, name, size,
 * who, when; the heading shows how to fetch the newest. */
void cli_print_files(const char *owner, Thidua__V1__HistoryEntry *const *history, size_t n);
/* Replaces the entries a task.get or nominee.get carried for record id by
 * its whole history, read with history.list, when the get carried as many
 * as it ever takes from History records (older ones may be left). The
 * entries and the array are the reply's (protobuf-c's allocator, malloc):
 * freed or grown here. Returns the exit code, the error printed. */
int cli_whole_history(cli_t *cli, const char *id, Thidua__V1__HistoryEntry ***history, size_t *n);
/* Sends a task.get or nominee.get and prints the record with its whole
 * history, as JSON or through show: the exit code. */
int cli_show_whole(cli_t *cli, Thidua__V1__Request *req, cli_show_fn *show);
/* Sends a write to a task or nominee and prints the record it answers
 * with: for people, with the newest entries of its history (one more
 * read: the record's get), so the step just made shows; as JSON, the
 * reply as the broker sent it. */
int cli_run_whole(cli_t *cli, Thidua__V1__Request *req, cli_show_fn *show);

#endif
