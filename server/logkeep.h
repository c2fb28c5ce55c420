/* How much change log to keep: the last N revisions, or the last N days.
 * Older entries are compacted away a batch at a time, between groups;
 * `verify` and ChangesSince know where the kept log starts. */
#ifndef THD_LOGKEEP_H
#define THD_LOGKEEP_H

#include <stdint.h>

#include "store.h"

typedef struct logkeep {
    uint64_t revisions; /* keep this many newest entries; 0: no limit */
    int64_t days;       /* keep entries newer than this many days; 0: no limit */
} logkeep_t;

/* Parses "5000" (revisions) or "30d" (days); "" or "all" keep everything. */
int logkeep_parse(const char *text, logkeep_t *out);
/* Compacts up to one batch; returns entries removed, or <0 on error. */
int logkeep_step(store_t *store, const logkeep_t *keep, int64_t now_ms);

#endif
