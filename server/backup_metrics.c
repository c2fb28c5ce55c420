#define _DEFAULT_SOURCE /* timegm */
#include "backup_metrics.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "prom.h"

/* 2026-12-05T023412Z (maybe with -N after it) as Unix time; 0 when none. */
static double name_time(const char *name)
{
    struct tm tm = {0};
    if (!name || sscanf(name, "%4d-%2d-%2dT%2d%2d%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                        &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (double)timegm(&tm);
}

static void gauge(prom_t *p, const char *name, const char *help, double v)
{
    prom_family(p, name, "gauge", help);
    prom_sample(p, name, "", v);
}

void backup_metrics_write(const char *dir, const backup_run_t *run)
{
    prom_t p = {0};
    gauge(&p, "thidua_backup_last_run_timestamp_seconds", "When the last backup run ended.",
          (double)run->ended_ms / 1000);
    gauge(&p, "thidua_backup_last_run_ok", "1 when the last backup run made a verified backup.",
          run->ok);
    gauge(&p, "thidua_backup_last_run_seconds", "How long the last backup run took.", run->secs);
    gauge(&p, "thidua_backup_last_success_timestamp_seconds",
          "When the newest kept backup was started (its name); 0 when none is kept.",
          name_time(run->newest));
    gauge(&p, "thidua_backup_last_run_revision",
          "The revision the last run's backup holds; 0 when the run failed.",
          (double)run->revision);
    gauge(&p, "thidua_backup_kept", "Verified backups kept in backup-dir.", run->kept);
    if (prom_write_file(&p, dir, BACKUP_METRICS_FILE) != 0)
        fprintf(stderr, "thidua-server: cannot write the metrics file '%s/%s': %s\n", dir,
                BACKUP_METRICS_FILE, strerror(errno));
    prom_free(&p);
}
