/* Commands run by root on a directory that belongs to a service user (the
 * package's /var/lib/thidua and /var/lib/thidua-web, owned by thidua)
 * become that user first, so every file they create or lock is the
 * owner's and the service can open it afterwards, and no link the service
 * user planted there leads root's writes elsewhere. */
#ifndef THD_PRIVDROP_H
#define THD_PRIVDROP_H

/* When running as root and dir (or, while dir does not exist, the
 * directory it would be made in) is owned by another user, takes that
 * user's uid, gid and groups for good (setuid cannot be undone). 0 when
 * done or nothing to do; -1 with the reason said on stderr. Call before
 * opening anything in dir. program names the command in what it says. */
int privdrop_to_owner(const char *dir, const char *program);

#endif
