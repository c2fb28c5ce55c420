/* The files the CLI writes where a person says (-o FILE, --certificates
 * FILE, document get's own name): one rule, in file_write.c, and here one
 * way of saying when it refuses. An existing file is kept unless --force
 * is given; the check runs before anything is fetched, so a refusal costs
 * no download, and again as the file is put in place. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "file_write.h"

int cli_exit_for_errno(int e)
{
    if (e == EISDIR) /* a folder where a file was meant: the command line's mistake */
        return EXIT_USAGE;
    if (e == ENOENT || e == ENOTDIR)
        return EXIT_NOT_FOUND;
    if (e == EACCES || e == EPERM || e == EROFS)
        return EXIT_DENIED;
    return EXIT_FAILURE_;
}

static int refuse(const char *path, int err, bool before)
{
    if (err == EEXIST) {
        cli_error(N_("'%s' exists; give --force to replace it, or another -o FILE"), path);
        return EXIT_CONFLICT;
    }
    if (err == ENAMETOOLONG) {
        cli_error(N_("file name too long: '%s'"), path);
        return EXIT_USAGE;
    }
    if (before)
        cli_error(N_("cannot write '%s': %s (check that the folder exists and that you may write "
                     "to it)"),
                  path, cli_strerror(err));
    else
        cli_error(N_("cannot write '%s': %s"), path, cli_strerror(err));
    return cli_exit_for_errno(err);
}

int cli_output_check(const char *path, bool force)
{
    int err = file_write_check(path, force);
    return err ? refuse(path, err, true) : EXIT_OK;
}

int cli_output_write(const char *path, bool force, file_write_fn *fn, void *arg)
{
    int err = file_write(path, force, 0666, fn, arg);
    if (err == -1)
        return EXIT_FAILURE_; /* fn said why */
    return err ? refuse(path, err, false) : EXIT_OK;
}
