#include "file_write.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "DIR/.NAME.XXXXXX" beside path: the same file system, so the last step
 * is a link or rename, never a copy; hidden, so a folder listing taken
 * meanwhile does not offer it. 0 or ENAMETOOLONG. */
static int temp_name(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path + 1) : 0;
    int n = snprintf(out, cap, "%.*s.%s.XXXXXX", dir, path, slash ? slash + 1 : path);
    return n < 0 || (size_t)n >= cap ? ENAMETOOLONG : 0;
}

enum { TEMP_MAX = PATH_MAX + 16 };

/* A new, empty temporary file beside path (its name in tmp): its
 * descriptor, or minus the errno. */
static int open_temp(const char *path, char tmp[TEMP_MAX])
{
    int err = temp_name(path, tmp, TEMP_MAX);
    if (err)
        return -err;
    int fd = mkstemp(tmp);
    return fd >= 0 ? fd : -errno;
}

/* Puts the finished temporary file at path. Without replace, link refuses
 * an existing path in the same step that would create it, so two writers
 * racing cannot both win; a file system without hard links (FAT on a USB
 * stick, some network shares) falls back to a look, then rename. */
static int place(const char *tmp, const char *path, bool replace)
{
    if (replace)
        return rename(tmp, path) == 0 ? 0 : errno;
    if (link(tmp, path) == 0)
        return 0;
    int err = errno;
    if (err != EPERM && err != ENOTSUP && err != EOPNOTSUPP && err != ENOSYS)
        return err;
    struct stat st;
    if (lstat(path, &st) == 0)
        return EEXIST;
    return rename(tmp, path) == 0 ? 0 : errno;
}

/* An existing name that is not a regular file (a pipe, a terminal), or one
 * under /dev or /proc (/dev/stdout is a link to whatever the output is), is
 * written into, as a shell's redirection would: a rename over it would put
 * a regular file where the device or link was (as root, over /dev/null). */
static bool special(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    return !S_ISDIR(st.st_mode) && (!S_ISREG(st.st_mode) || strncmp(path, "/dev/", 5) == 0 ||
                                    strncmp(path, "/proc/", 6) == 0);
}

static int write_into(const char *path, file_write_fn *fn, void *arg)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return errno;
    int err = fn(f, path, arg);
    if (fclose(f) != 0 && !err)
        err = errno ? errno : EIO;
    return err;
}

int file_write(const char *path, bool replace, mode_t mode, file_write_fn *fn, void *arg)
{
    if (special(path))
        return write_into(path, fn, arg);
    char tmp[TEMP_MAX];
    int fd = open_temp(path, tmp), err;
    if (fd < 0)
        return -fd;
    mode_t mask = umask(0);
    umask(mask);
    FILE *f = fchmod(fd, mode & ~mask) == 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        err = errno;
        close(fd);
        unlink(tmp);
        return err;
    }
    err = fn(f, tmp, arg);
    if (!err && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        err = errno ? errno : EIO;
    if (fclose(f) != 0 && !err)
        err = errno ? errno : EIO;
    if (!err)
        err = place(tmp, path, replace);
    unlink(tmp); /* after link, path holds the file; after rename, tmp is gone */
    return err;
}

int file_write_check(const char *path, bool replace)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return EISDIR;
    if (special(path))
        return access(path, W_OK) == 0 ? 0 : errno;
    if (!replace && lstat(path, &st) == 0)
        return EEXIST;
    char tmp[TEMP_MAX];
    int fd = open_temp(path, tmp);
    if (fd < 0)
        return -fd;
    close(fd);
    unlink(tmp);
    return 0;
}
