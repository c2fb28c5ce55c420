/* Documents: a file's bytes kept as a record of type "document", id
 * "<owner>/v<n>", for each owner that keeps files: a task (its reports'
 * and submissions' files) and a nominee (its dossier). One path for both:
 * the same record, the same document.get, and the same rule that the
 * bytes never travel in events, the change log or snapshots (records.c).
 * Rules only; the store keeps the bytes. */
#ifndef THD_DOCUMENTS_H
#define THD_DOCUMENTS_H

#include <stdint.h>

#include "request.h"

/* Writes a as owner's Document version (bytes copied; a is borrowed),
 * concerning owner's units, with the verb that brought it. The owner must
 * be written first, so it leads the event. Returns 0 or the status code. */
int documents_keep(req_ctx_t *ctx, const Thidua__V1__Record *owner, const Thidua__V1__Attachment *a,
                   const char *verb, uint32_t version);

/* document.get: a version of a task's or a nominee's file, with its bytes. */
handler_fn documents_get;

#endif
