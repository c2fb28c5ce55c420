/* Metrics in the Prometheus text exposition format (version 0.0.4), written
 * as a file for node_exporter's textfile collector: built in memory, then
 * written beside the target and renamed over it, so a scrape reads the
 * previous file or the next one, never half of one. No sockets here: the
 * broker and the gateway stay free of a metrics listener. */
#ifndef THD_PROM_H
#define THD_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROM_MAX_BYTES (256 * 1024) /* one file; far above what either program writes */

typedef struct prom {
    char *buf; /* fresh, grown as needed; prom_free */
    size_t len, cap;
    bool failed; /* out of memory or past PROM_MAX_BYTES: the file is not written */
} prom_t;

/* The # HELP and # TYPE lines of a family; type is gauge, counter or histogram. */
void prom_family(prom_t *p, const char *name, const char *type, const char *help);
/* One sample: name{labels} value. labels is "" or `k="v",k2="v2"` with
 * values already safe (no quote, backslash or newline: callers pass names
 * from their own tables). */
void prom_sample(prom_t *p, const char *name, const char *labels, double value);
/* The same for an integer, printed exactly. */
void prom_sample_u64(prom_t *p, const char *name, const char *labels, uint64_t value);
/* A whole histogram family: counts[i] observations <= bounds[i] (not
 * cumulative; n bounds), over the last bound in counts[n]; sum of all. */
void prom_histogram(prom_t *p, const char *name, const char *help, const double *bounds,
                    const uint64_t *counts, size_t n, double sum);
/* Writes DIR/FILE atomically, mode 0644 whatever the umask (node_exporter
 * runs as another user). 0, or -1 with errno set. */
int prom_write_file(const prom_t *p, const char *dir, const char *file);
void prom_free(prom_t *p);

#endif
