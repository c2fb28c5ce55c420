/* The kept backups' numbers for Prometheus: each run of `thidua-server
 * backup` into backup-dir (the daily timer's) writes
 * METRICS_DIR/thidua-backup.prom once it ends, ok or failed. The last good
 * backup's time is read from the newest kept backup's name, so a failed
 * run still reports it, and a backup deleted by hand stops counting. */
#ifndef THD_BACKUP_METRICS_H
#define THD_BACKUP_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#define BACKUP_METRICS_FILE "thidua-backup.prom"

typedef struct backup_run {
    bool ok;
    int64_t ended_ms;   /* wall clock */
    double secs;        /* how long it took */
    uint64_t revision;  /* ok: the backup's revision */
    const char *newest; /* the newest kept backup's name (2026-12-05T023412Z), or NULL */
    int kept;           /* kept backups after the run */
} backup_run_t;

/* Writes the file into dir; a failure is said on stderr and changes
 * nothing else (the backup's own result stands). */
void backup_metrics_write(const char *dir, const backup_run_t *run);

#endif
