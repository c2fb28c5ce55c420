/* What the congress domain files share: envelopes, ids, dates, the unit
 * scope rule, attachments and history. Rules only; never sockets or LevelDB. */
#ifndef THD_DOMAIN_H
#define THD_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "reasons.h"
#include "request.h"

/* A fresh envelope for type/id with no units (never NULL: see mem.h). */
Thidua__V1__Record *domain_envelope(const char *type, const char *id);
/* Adds a unit to rec->units (once). */
void domain_add_unit(Thidua__V1__Record *rec, const char *unit);
/* Writes rec and answers with a copy of it; takes ownership of rec. */
int domain_put_and_reply(req_ctx_t *ctx, Thidua__V1__Record *rec, bool create);
/* Answers with rec itself (no write); takes ownership of rec. */
int domain_reply(req_ctx_t *ctx, Thidua__V1__Record *rec);
/* Loads type/id, naming field on a miss, then checks expected_revision. */
int domain_load(req_ctx_t *ctx, const char *type, const char *id, const char *field,
                Thidua__V1__Record **out);
/* The next "<prefix>-<n>" for a sequence, written in the request's group. */
int domain_next_id(req_ctx_t *ctx, const char *seq, const char *prefix, char *buf, size_t cap);

/* Stable keys (ref) that importers give tasks and nominees: 1-64 of
 * A-Z a-z 0-9 . _ - /, unique per record type, kept in the index
 * "ref-<type>/<ref>" -> id so a lookup is not a scan. */
/* INVALID_ARGUMENT for a malformed ref, ALREADY_EXISTS for a used one;
 * 0 for an empty or free ref. */
int domain_ref_check(req_ctx_t *ctx, const char *type, const char *ref, const char *field);
int domain_ref_put(req_ctx_t *ctx, const char *type, const char *ref, const char *id);
/* The id of the type record keyed ref: the one holding it, else the record
 * whose id is ref when it holds none (exports write the id then). Returns 1
 * (*id fresh), 0 when none, or <0. */
int domain_ref_find(req_ctx_t *ctx, const char *type, const char *ref, char **id);

/* Today's date in the province (TZ set at start), YYYY-MM-DD; under a test
 * clock (THIDUA_TEST_TODAY, tests only) that day instead. */
void domain_today(const req_ctx_t *ctx, char buf[11]);

/* NOT_FOUND naming field unless unit exists. */
int domain_unit_must_exist(req_ctx_t *ctx, const char *unit, const char *field);
/* A unit principal acts only for its own unit: PERMISSION_DENIED unless the
 * caller is not a unit principal, or its unit is one of units. why is the
 * refusal, with the record's id, units[0] and the caller's unit. */
int domain_unit_scope(req_ctx_t *ctx, thd_reason_t why, const char *id, const char *const *units,
                      size_t n_units);

/* Checks an attachment (size, SHA-256), fills its size; field names it. */
int domain_check_attachment(req_ctx_t *ctx, Thidua__V1__Attachment *a, const char *field);
/* A file's kind as people name it: its extension in capitals ("PDF",
 * "DOCX"), the same in every language; the media type for a name with
 * none (a foreign client's). */
const char *domain_file_kind(const Thidua__V1__Attachment *a, char buf[8]);
/* A copy without the bytes, for history (never NULL). */
Thidua__V1__Attachment *domain_attachment_info(const Thidua__V1__Attachment *a);
/* Appends a history entry; the caller fills verb-specific fields. */
Thidua__V1__HistoryEntry *domain_history_add(req_ctx_t *ctx, Thidua__V1__HistoryEntry ***arr,
                                             size_t *n, const char *verb, const char *text);
/* Replaces *dst with a copy of src. */
void domain_set_string(char **dst, const char *src);
/* Replaces the string list *dst (*n of them) with copies of src. */
void domain_set_strings(char ***dst, size_t *n, char *const *src, size_t n_src);
/* Grows a pointer array by one; returns the new slot (never NULL). */
void **domain_push(void ***arr, size_t *n);
/* The query folded for matching (common/fold.h), "" when that failed
 * (counted as a shortage: see mem.h). */
char *domain_fold(const char *query);
/* Calls visit for each committed record of type whose key ("type/id")
 * sorts after `after` (all when empty), in key order, at most THD_MAX_SCAN.
 * visit may steal *rec (set it NULL); it returns 0 to go on, 1 to stop, or
 * an error code. Returns 0 or that code. */
typedef int domain_visit_fn(void *arg, const char *key, Thidua__V1__Record **rec);
int domain_scan(req_ctx_t *ctx, const char *type, const char *after, domain_visit_fn *visit,
                void *arg);
/* Page size asked, bounded. */
size_t domain_page_size(uint32_t asked);

#endif
