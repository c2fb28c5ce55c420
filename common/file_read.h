/* Reading a file a person named. fopen opens a directory for reading on
 * Linux and fread then fails, which code that does not check reads as an
 * empty file: a folder given for an attachment became an empty document. */
#ifndef THD_FILE_READ_H
#define THD_FILE_READ_H

#include <stddef.h>
#include <stdio.h>

/* fopen(path, "rb"), refusing a directory: NULL with errno set (EISDIR). */
FILE *file_open_regular(const char *path);
/* The whole file into *out (fresh, NUL-terminated, free with free()) and
 * its length, at most max bytes. 0, or an errno value: EFBIG over max,
 * EISDIR for a directory, ENOMEM, or what open or read failed with. */
int file_read_all(const char *path, size_t max, char **out, size_t *len);

#endif
