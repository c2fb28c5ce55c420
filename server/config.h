/* thidua-server's settings: defaults, an INI file's [server] section, then
 * flags, each value checked as it is set so a bad one is named with its
 * line. Pure parsing: no file but the one named, no side effects, so the
 * fuzzer drives it directly. */
#ifndef THD_CONFIG_H
#define THD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "logkeep.h"
#include "paths.h"

#define CONFIG_DEFAULT_DATA             "./var/thidua"
#define CONFIG_DEFAULT_REQUESTS         "tcp://*:7510"
#define CONFIG_DEFAULT_EVENTS           "tcp://*:7511"
#define CONFIG_DEFAULT_BACKUP_KEEP      14   /* backups, when no backup-keep-days is set either */
#define CONFIG_MAX_BACKUP_KEEP          1000 /* backups */
#define CONFIG_MAX_BACKUP_DAYS          3650 /* ten years: a congress's term and then some */
#define CONFIG_STR_(x)                  #x
#define CONFIG_STR(x)                   CONFIG_STR_(x)
#define CONFIG_DEFAULT_BACKUP_KEEP_TEXT CONFIG_STR(CONFIG_DEFAULT_BACKUP_KEEP)
#define CONFIG_KEYS                                                                                \
    "data, requests, events, log-level, keep-log, event-max-kib, event-queue-mib, event-hwm, "     \
    "timezone, backup-dir, backup-keep, backup-keep-days, metrics-dir"

typedef struct config {
    char data[PATHS_MAX];
    char requests[256];
    char events[256];
    char log_level[16];
    char keep_log[32];
    char event_max_kib[16];
    char event_queue_mib[16];
    char event_hwm[16]; /* deprecated: replaces the mark event-queue-mib makes */
    char timezone[64];
    char backup_dir[PATHS_MAX]; /* backup without --to: kept backups (config_backup_keep) */
    char backup_keep[16];
    char backup_keep_days[16];
    char metrics_dir[PATHS_MAX]; /* run and kept backups write their .prom files here; "": none */
    /* checked forms */
    int level;        /* enum log_level */
    logkeep_t keep;   /* from keep_log */
    int max_kib;      /* from event_max_kib; 0: the default */
    int queue_mib;    /* from event_queue_mib; 0: the default */
    int hwm;          /* from event_hwm; 0: made from queue_mib and max_kib */
    int keep_backups; /* from backup_keep; 0: not set */
    int keep_days;    /* from backup_keep_days; 0: not set */
    /* command line only */
    char target[PATHS_MAX]; /* backup --to, restore --from */
    char title[256];        /* archive --title: the congress's name; "": the default */
    bool force;             /* restore over a non-empty directory */
    bool check_config;      /* run: print the effective settings and stop */
} config_t;

void config_defaults(config_t *c);
/* The kept backups' count rule in effect: backup-keep when set, else the
 * default CONFIG_DEFAULT_BACKUP_KEEP unless backup-keep-days is set; 0:
 * none (the days alone decide). A backup is kept when the count keeps it
 * (among the newest N) or the days do (made within the last D days); the
 * newest is always kept. */
int config_backup_keep(const config_t *c);
/* Sets key name (as in the INI file) to value. 0, or -1 with the reason in
 * err (cap bytes). */
int config_set(config_t *c, const char *name, const char *value, char *err, size_t cap);
/* Reads an INI text's [server] section over c. 0, or the first bad line
 * with the reason in err. Other sections are left to other programs. */
int config_read_string(config_t *c, const char *text, char *err, size_t cap);
/* The same from a file; -1 when it cannot be opened. */
int config_read_file(config_t *c, const char *path, char *err, size_t cap);
/* The largest event published whole, in bytes; a larger one goes out thin. */
size_t config_event_max_bytes(const config_t *c);
/* Messages queued per subscriber (ZMQ_SNDHWM): event-hwm where set, else
 * as many of the largest whole events as event-queue-mib holds. */
int config_event_hwm(const config_t *c);

#endif
