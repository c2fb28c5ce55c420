/* From request bytes to reply bytes: decoding, validation, the permission
 * check and retry detection run here once, from a table, before any
 * handler. Writes land in the store's pending group; the broker commits. */
#ifndef THD_DISPATCH_H
#define THD_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "request.h"
#include "store.h"
#include "transitions.h"

typedef struct dispatch dispatch_t;

typedef struct dispatch_out {
    uint8_t *reply; /* packed Response; fresh, caller frees */
    size_t reply_len;
    change_list_t events; /* what the request logged, to publish; free with dispatch_out_clear */
    bool wrote;           /* the reply depends on the group reaching disk */
    int kind;             /* the handler row (dispatch_kind); DISPATCH_NO_KIND: none */
    int code;             /* the reply's status code (thd_code_t), for the metrics */
    /* Nothing ran and there is no reply: the request scans committed
     * records and the group holds writes. The caller commits the group
     * (and answers what it holds), then hands the request in again. */
    bool commit_first;
} dispatch_out_t;

#define DISPATCH_NO_KIND (-1) /* an undecodable request, or a body no row serves */

/* False when a row of the request table breaks the table's rules (a
 * verb the transition table lacks, a unit role without a unit scope),
 * naming it in *bad; dispatch_new refuses then. */
bool dispatch_rows_check(const char **bad);
/* Borrows store and info for its lifetime; NULL on ENOMEM or a table
 * mistake (dispatch_rows_check). */
dispatch_t *dispatch_new(store_t *store, const struct server_info *info);
void dispatch_destroy(dispatch_t **self_p);

/* One request on a connection whose ZAP User-Id is user ("<principal>
 * <key>", auth.h); refused unless that principal is enabled and holds
 * that key now (see commit_first). */
void dispatch_handle(dispatch_t *self, const char *user, const void *msg, size_t len,
                     dispatch_out_t *out);
/* A request already decoded, on behalf of who (used by init's bootstrap). */
void dispatch_execute(dispatch_t *self, const Thidua__V1__Principal *who,
                      const Thidua__V1__Request *req, dispatch_out_t *out);
/* A reply for a request that was never run, or whose group failed. */
void dispatch_error_reply(const char *request_id, uint64_t revision, const thd_status_t *st,
                          dispatch_out_t *out);
void dispatch_out_clear(dispatch_out_t *out);
/* Row i of the handler table: its Request body case, request kind and
 * whether it writes; false past the end. For tests that walk the kinds. */
bool dispatch_kind(size_t i, int *body, const char **name, bool *writes);
size_t dispatch_kinds(void); /* the table's rows */
/* The roles (a mask of 1u << role) the row of request kind kind (e.g.
 * "unit.add") allows; 0 when no row has that name. */
unsigned dispatch_roles(const char *kind);
/* The roles that may take verb on a record of machine m (the rows that
 * name it; 0 for a verb a body picks, like decide's select). */
unsigned dispatch_verb_roles(enum machine m, const char *verb);
/* roles as a label parameter: role codes in role order, '|' between
 * ("admin|unit"); writes at most cap bytes into buf. */
void dispatch_role_names(unsigned roles, char *buf, size_t cap);
/* One step of the request ctx runs (an import row's unit.add, nominee.edit,
 * ...): sub goes through its row as the single request would (role check,
 * the body's rules, the record and its transition, the handler), sent by
 * `as` (the importer, or the unit an admin acts for), under ctx's request
 * id and inside the caller's store mark. Nothing is logged, retried or
 * rolled back here: the caller does that. *kind: the row's request kind,
 * borrowed from the table. sub is borrowed; its request_id is set. */
int dispatch_step(req_ctx_t *ctx, Thidua__V1__Request *sub, const Thidua__V1__Principal *as,
                  const char **kind);

#endif
