/* Records in the store: the Record envelope, its bookkeeping (revisions,
 * times, actor) and the change each write adds to the request's event. */
#ifndef THD_RECORDS_H
#define THD_RECORDS_H

#include <stdbool.h>

#include "request.h"

/* Loads type/id. Returns 0 with *out fresh (free with
 * thidua__v1__record__free_unpacked), NOT_FOUND, or another code; st set. */
int records_get(req_ctx_t *ctx, const char *type, const char *id, Thidua__V1__Record **out);
/* records_get as the store stood at mark (NULL: now). */
int records_get_at(req_ctx_t *ctx, const store_mark_t *mark, const char *type, const char *id,
                   Thidua__V1__Record **out);
/* Writes rec (a complete envelope with a body), stamping its Meta; takes
 * ownership of rec. create selects create_* stamps. */
int records_put(req_ctx_t *ctx, Thidua__V1__Record *rec, bool create);
/* records_put of a new record under a key the caller knows holds none
 * (store_put_new). */
int records_put_new(req_ctx_t *ctx, Thidua__V1__Record *rec);
/* Writes rec as it is (its Meta kept), logging nothing: records a format
 * upgrade derives from logged ones (verify derives them too). Takes
 * ownership of rec. */
int records_put_derived(req_ctx_t *ctx, Thidua__V1__Record *rec);
/* ABORTED with the current record in the response when the request's
 * expected_revision is set and differs from rec's mod_revision. */
int records_check_expected(req_ctx_t *ctx, const Thidua__V1__Record *rec);
/* Notes a changed field name for the event. */
void records_changed(req_ctx_t *ctx, const char *field);
/* Notes that the request's records no longer concern unit: its events
 * name it (Event.left_units) and reach its subscribers too. */
void records_left(req_ctx_t *ctx, const char *unit);
/* The Meta of the record's body (NULL when the body has none). */
Thidua__V1__Meta *records_meta(const Thidua__V1__Record *rec);
/* A deep copy (pack and unpack); NULL on ENOMEM. */
Thidua__V1__Record *records_dup(const Thidua__V1__Record *rec);
/* Index entries: "<index>/<value>" -> id. Returns 1 found (*id fresh). */
int records_index_get(req_ctx_t *ctx, const char *index, const char *value, char **id);
int records_index_put(req_ctx_t *ctx, const char *index, const char *value, const char *id);
/* A document as the change log and the feed carry it: without its bytes,
 * which stay in the stored record (document.get) and are named by the
 * attachment's size and SHA-256. 1 with *out (from malloc) and *len, 0 when
 * rec is not a document with bytes (it is carried as stored), -1 on ENOMEM. */
int records_document_image(Thidua__V1__Record *rec, uint8_t **out, size_t *len);
/* True unless rec is a document whose bytes no longer match the size and
 * SHA-256 its attachment names. */
bool records_document_intact(const Thidua__V1__Record *rec);
/* Duplicates a string onto the heap for a message field (never NULL). */
char *records_strdup(const char *s);

#endif
