/* thidua-server's maintenance commands on a data directory: backup (online
 * through the running broker's admin socket, or offline), restore, repair
 * and migrate. Each ends with the checks of verify and says what it did. */
#ifndef THD_MAINT_H
#define THD_MAINT_H

#include "config.h"

/* mkdir -p; the last directory gets mode 0700. */
int maint_make_dirs(const char *dir);

int maint_backup(const config_t *c);
int maint_restore(const config_t *c);
int maint_repair(const config_t *c);
int maint_migrate(const config_t *c);
/* verify: 0 sound, 1 damaged, 2 cannot open. */
int maint_verify(const config_t *c);

#endif
