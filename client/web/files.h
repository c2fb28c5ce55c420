/* What the gateway's file routes share (files.c): one snapshot read under
 * the person's key, a writer that wants a path, and a file sent back with
 * the revision it was drawn from. */
#ifndef THD_WEB_FILES_H
#define THD_WEB_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"
#include "http.h"

/* Every page of one snapshot, sorted into rows: 0 or the status code. */
int files_read_snapshot(web_req_t *r, export_data_t *d, thd_status_t *st);
/* write(path, arg) into a private temporary file, read back whole and
 * removed: fresh bytes (caller frees) and *len, or NULL. */
typedef int files_write_fn(const char *path, const void *arg);
char *files_temp_bytes(files_write_fn *write, const void *arg, size_t *len);
/* Sends buf (takes ownership) as an attachment named name, with the
 * revision in X-Thidua-Revision. */
enum MHD_Result files_send(web_req_t *r, char *buf, size_t len, const char *name, const char *type,
                           uint64_t revision);

#endif
