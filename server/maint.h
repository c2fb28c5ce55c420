/* thidua-server's maintenance commands on a data directory: backup (online
 * through the running broker's admin socket, or offline), restore, repair
 * and migrate. Each ends with the checks of verify and says what it did. */
#ifndef THD_MAINT_H
#define THD_MAINT_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

/* mkdir -p; the last directory gets mode 0700. */
int maint_make_dirs(const char *dir);

/* backup --to DIR, or kept backups (kept.h) without --to. */
int maint_backup(const config_t *c);

/* One backup made by maint_backup_make. */
typedef struct backup_made {
    char dir[PATHS_MAX]; /* the absolute path it was written to */
    uint64_t revision;
    bool online; /* copied by the running broker */
    double secs;
} backup_made_t;
/* Copies data's store and keys into target (absent or empty) and verifies
 * the copy. 0; 1 when the copy failed (target may hold a part); 2 when
 * target is not empty. The reason is said on stderr. */
int maint_backup_make(const char *data, const char *target, backup_made_t *made);
/* The line that says a backup in dir is ok. */
void maint_backup_report(const backup_made_t *made, const char *dir);
int maint_restore(const config_t *c);
int maint_repair(const config_t *c);
int maint_migrate(const config_t *c);
/* verify: 0 sound, 1 damaged, 2 cannot open. */
int maint_verify(const config_t *c);

#endif
