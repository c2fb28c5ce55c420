/* Quotas and criteria (DOMAIN.md §5): the admin sets them; nominees.c asks
 * here before a proposal or a selection takes a place. Also the counts per
 * status and per (field, kind) against quota. */
#ifndef THD_QUOTAS_H
#define THD_QUOTAS_H

#include <stdbool.h>

#include "request.h"

handler_fn quotas_set, quotas_list, criteria_add, criteria_edit, criteria_list, quotas_counts;

/* A unit's proposal in (field, kind) takes a place under its cap:
 * RESOURCE_EXHAUSTED with the numbers when the cap is reached. */
int quotas_take_proposal(req_ctx_t *ctx, const char *unit, int field, int kind);
/* Gives a place back (withdraw or return of a standing proposal). */
int quotas_release_proposal(req_ctx_t *ctx, const char *unit, int field, int kind);
/* A selection in (field, kind): RESOURCE_EXHAUSTED when the quota is full. */
int quotas_take_selection(req_ctx_t *ctx, int field, int kind);

/* The criterion code, or NOT_FOUND naming field; *out fresh when asked. */
int criteria_get(req_ctx_t *ctx, const char *code, const char *field, Thidua__V1__Criterion **out);
/* The criterion code as one that applies to a nominee of kind (a criterion
 * that names no kind applies to both; kind 0, not known yet: any), else
 * NOT_FOUND or FAILED_PRECONDITION naming field. */
int criteria_get_for(req_ctx_t *ctx, const char *code, int kind, const char *field);
/* Mandatory criteria for a nominee kind (scans committed criteria). Fresh
 * array of fresh codes in *codes; free with criteria_free_codes. */
int criteria_mandatory(req_ctx_t *ctx, int kind, char ***codes, size_t *n);
void criteria_free_codes(char **codes, size_t n);

#endif
