/* Writing a file a person named (an export, a document, a draft decision,
 * the settings file, a key): one rule for every program. The file appears
 * whole or not at all: it is written under a temporary name beside it
 * (same folder, same file system), synced, then put in place by one link
 * or rename, so a full disk or a killed process never leaves half a file
 * where a whole one was expected. An existing file is replaced only when
 * the caller says so (the CLI's --force): an export must not silently
 * destroy last week's. A name that exists and is no regular file
 * (/dev/stdout, a pipe) is written straight into. Library code: prints nothing, exits never. */
#ifndef THD_FILE_WRITE_H
#define THD_FILE_WRITE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* Writes the content: to f (a stream on the temporary file), or for a
 * library that opens files by name, to path (the temporary file's name;
 * f is then left alone). Returns 0, an errno value, or -1 when it has
 * reported the failure itself (its own words say more than an errno). */
typedef int file_write_fn(FILE *f, const char *path, void *arg);

/* Writes path through fn; mode is the file's permission bits before the
 * umask (0666, or 0600 for a secret). Returns 0; EEXIST when path exists
 * and replace is false (nothing is written); fn's nonzero value; or the
 * errno of making, syncing or placing the file. Whatever fails, path is as
 * it was and no temporary file remains. */
int file_write(const char *path, bool replace, mode_t mode, file_write_fn *fn, void *arg);

/* Whether file_write(path, replace, ...) can succeed now, asked before the
 * work that produces the content (a download, a snapshot): 0; EEXIST as
 * above; EISDIR for a folder; or the errno of making a temporary file
 * beside path (ENOENT: no such folder, EACCES: not yours to write). Leaves
 * nothing behind. */
int file_write_check(const char *path, bool replace);

#endif
