/* A POSIX ustar file, written and read as a stream: the archive's container
 * (archive.c). Each member's SHA-256 is computed as it is written or read,
 * so the archive's checksum list costs no second pass. */
#ifndef THD_TAR_H
#define THD_TAR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define TAR_NAME_MAX 255 /* ustar's prefix (155) + '/' + name (100) */

typedef struct tar_member {
    char name[TAR_NAME_MAX + 1];
    uint64_t size;
    uint8_t sha256[32];
} tar_member_t;

typedef struct tar_writer tar_writer_t;

/* Writes to out (seekable; the caller closes it). mtime stamps every member. */
tar_writer_t *tar_writer_new(FILE *out, int64_t mtime);
/* Starts a member; its header is written when it ends (its size unknown
 * until then). -1 when the name does not fit ustar. */
int tar_begin(tar_writer_t *w, const char *name);
int tar_write(tar_writer_t *w, const void *data, size_t len);
int tar_printf(tar_writer_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Pads the member, writes its header; *done (may be NULL) gets its name,
 * size and hash. */
int tar_end(tar_writer_t *w, tar_member_t *done);
/* The closing blocks; frees w. -1 when any write failed. */
int tar_writer_finish(tar_writer_t **w_p);
void tar_writer_destroy(tar_writer_t **w_p);

/* Reads the next member's header: 1, 0 at the end, -1 malformed (why set). */
int tar_next(FILE *in, tar_member_t *m, char *why, size_t cap);
/* Reads the member's data, hashing it into m->sha256; keep (when not NULL)
 * receives a malloc'd copy with a NUL after it. 0, or -1 (why set). */
int tar_read_data(FILE *in, tar_member_t *m, char **keep, char *why, size_t cap);

#endif
