/* The broker's numbers for an operator's Prometheus: counters kept on the
 * broker's own thread (plain increments, no lock: nothing else touches
 * them), written once a heartbeat as DIR/thidua-server.prom for
 * node_exporter's textfile collector (docs/OPERATIONS.md, "Metrics"). */
#ifndef THD_METRICS_H
#define THD_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define METRICS_SERVER_FILE "thidua-server.prom"

typedef struct metrics metrics_t;

/* What the broker knows at a heartbeat, beside the counters. */
typedef struct metrics_state {
    uint64_t revision, oldest_revision; /* committed; the oldest log entry kept */
    uint64_t keep_entries;              /* --keep-log N, 0 when kept by days or whole */
    unsigned cursors;                   /* open snapshot cursors */
    bool read_only;                     /* writes refused after a disk error */
    bool up;                            /* false: the last file, written at a clean stop */
} metrics_state_t;

/* Counters from zero; writes into dir (NULL or "": count, write nothing).
 * Borrows dir and data_dir (measured: the store's size, its disk). */
metrics_t *metrics_new(const char *dir, const char *data_dir);
void metrics_destroy(metrics_t **self_p);

/* One answered request: its handler row (DISPATCH_NO_KIND for none) and
 * its reply's code; committed: a write whose change reached the disk. */
void metrics_request(metrics_t *self, int kind, int code, bool committed);
/* One group: requests answered, and the synced write's time in
 * microseconds (negative: the group wrote nothing). */
void metrics_group(metrics_t *self, size_t requests, int64_t commit_us);
/* Writes the file (when a directory was given); a failure is logged once
 * until a write succeeds again. */
void metrics_write(metrics_t *self, const metrics_state_t *state);

#endif
