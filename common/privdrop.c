/* initgroups is BSD/XSI, beyond the project-wide POSIX level */
#undef _POSIX_C_SOURCE
#define _DEFAULT_SOURCE

#include "privdrop.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The owner's groups: its passwd entry's, or only the directory's group
 * for an owner with no entry (a uid from another system). */
static int take_groups(const struct stat *st, const struct passwd *pw)
{
    if (pw)
        return initgroups(pw->pw_name, pw->pw_gid);
    return setgroups(1, &st->st_gid);
}

/* The owner of dir, or of the directory dir would be made in (restore and
 * init make it). */
static int owner_stat(const char *dir, struct stat *st)
{
    if (stat(dir, st) == 0)
        return 0;
    if (errno != ENOENT)
        return -1;
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (!slash)
        return stat(".", st);
    *(slash == parent ? slash + 1 : slash) = '\0';
    return stat(parent, st);
}

int privdrop_to_owner(const char *dir, const char *program)
{
    struct stat st;
    if (geteuid() != 0 || owner_stat(dir, &st) != 0 || st.st_uid == 0)
        return 0; /* not root, nowhere to look, or root's own */
    struct passwd *pw = getpwuid(st.st_uid);
    gid_t gid = pw ? pw->pw_gid : st.st_gid;
    /* groups and gid first: after setuid there is no right left to set them */
    if (take_groups(&st, pw) != 0 || setgid(gid) != 0 || setuid(st.st_uid) != 0 || setuid(0) == 0) {
        fprintf(stderr, "%s: cannot become the owner of '%s' (uid %u): %s\n", program, dir,
                (unsigned)st.st_uid, strerror(errno));
        return -1;
    }
    if (pw)
        fprintf(stderr, "%s: running as %s, the owner of %s\n", program, pw->pw_name, dir);
    else
        fprintf(stderr, "%s: running as uid %u, the owner of %s\n", program, (unsigned)st.st_uid,
                dir);
    return 0;
}
