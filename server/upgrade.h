/* Store format 3 or 4 to 5 on a closed store: every task's and nominee's
 * history moves out of its record into History records, by the one rule
 * (history_split). */
#ifndef THD_UPGRADE_H
#define THD_UPGRADE_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

/* What upgrade_split did. */
typedef struct upgrade_done {
    int from;          /* the format found: 3 or 4, or 5 (a mark-only upgrade, or a stopped one) */
    bool resumed;      /* a migrate stopped half-way had begun it */
    uint64_t tasks;    /* tasks split by this run */
    uint64_t nominees; /* nominees split by this run */
    uint64_t entries;  /* history entries they held */
    uint64_t batches;  /* synced writes */
} upgrade_done_t;

/* The batch a synced write closes at: a record is never cut in two. */
#define UPGRADE_BATCH_BYTES (1u << 20)

/* Splits every nominee and task record at store_dir that holds its history
 * in itself, in synced batches of about UPGRADE_BATCH_BYTES, each with the
 * format mark and the last record key it finished; the last batch clears
 * that key.
 * A stop at any point leaves a store that only migrate opens, and the next
 * run resumes after the key and ends with the same records. Appends no
 * log entry: the revision is unchanged. 0, or -1 with st set. */
int upgrade_split(const char *store_dir, upgrade_done_t *done, thd_status_t *st);

#endif
