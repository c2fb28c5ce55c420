/* thidua-server archive and verify-archive: the congress's records, after
 * it, as one self-contained tar that is checked without thidua. */
#ifndef THD_ARCHIVE_H
#define THD_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

/* manifest.json's "format". 2 added the workbook (thidua.xlsx), named with
 * its size and SHA-256 in "workbook"; verify-archive still reads 1. */
#define ARCHIVE_FORMAT   "thidua-archive 2"
#define ARCHIVE_FORMAT_1 "thidua-archive 1"

/* archive --to FILE [--title TEXT]: a backup of the store (online or offline) into a work
 * directory under the data directory, then the tar written from it as
 * FILE.partial, checked like verify-archive, renamed to FILE. 0 ok, 1
 * failed (no FILE), 2 bad arguments. */
int archive_write(const config_t *c);
/* verify-archive FILE: 0 sound, 1 damaged, 2 cannot read. */
int archive_verify(const config_t *c);
/* What a sound archive holds. */
typedef struct archive_summary {
    unsigned long long first, entries, documents, files;
    char head[65]; /* the chain head, hex */
    bool workbook; /* format 2: the workbook is there and matches the manifest */
} archive_summary_t;
/* The same check on path: 0 sound (*sum filled when not NULL), 1 damaged,
 * 2 cannot read; a fault is said on stderr. */
int archive_check(const char *path, archive_summary_t *sum);

/* Files every archive carries as they are (generated from server/archive/). */
typedef struct archive_file {
    const char *name;
    const unsigned char *bytes;
    size_t len;
} archive_file_t;
extern const archive_file_t archive_fixed_files[];

#endif
