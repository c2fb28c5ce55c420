/* import: many units, tasks or nominees in one all-or-nothing request. */
#ifndef THD_IMPORT_H
#define THD_IMPORT_H

#include "request.h"

/* Runs every row through its single-record handler (unit.add, task.create,
 * nominee.edit, ...) and logs each step as that request would; refuses the
 * whole request, listing every row's error, when any row fails. */
int import_run(req_ctx_t *ctx);

#endif
