/* Kept backups: `thidua-server backup` without --to, as the daily timer
 * runs it. Each backup goes into backup-dir under its UTC time, written as
 * NAME.partial and renamed to NAME only once it verified, so a backup that
 * looks complete is one; then the older backups that neither backup-keep
 * (a count) nor backup-keep-days (an age: the backup directory's mtime)
 * keeps are removed, never the newest (config_backup_keep states the rule).
 * One run at a time per directory: a run that finds another one still
 * going says so and skips. */
#ifndef THD_KEPT_H
#define THD_KEPT_H

#include "config.h"

/* 0 made (or skipped), 1 failed with nothing kept of the attempt, 2 bad
 * directory; each said on stdout or stderr. */
int kept_backup(const config_t *c);

/* rm -rf path, not following links. */
int kept_remove_tree(const char *path);

#endif
