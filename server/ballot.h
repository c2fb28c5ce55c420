/* The council's ballot (Hội đồng Thi đua - Khen thưởng): the office opens a
 * ballot on vetted nominees, council members vote, the office closes it and
 * each nominee's tally is recorded; the admin sets the share of yes votes
 * each nominee kind needs before the chair may select it. */
#ifndef THD_BALLOT_H
#define THD_BALLOT_H

#include <stdbool.h>

#include "request.h"

handler_fn ballot_open, ballot_vote, ballot_close, ballot_get, ballot_list, threshold_set,
    threshold_list;

/* The one rule of ballot secrecy: a ballot as reader may see it, with that
 * member's own vote and no other ("" or NULL: no vote at all, as the event
 * socket carries it). True when rec is a ballot (whether or not it lost a
 * vote); other records are left alone. */
bool ballot_for_reader(Thidua__V1__Record *rec, const char *reader);

/* Whether the chair may select n: FAILED_PRECONDITION naming the tally
 * unless no threshold is set for its kind, or its closed ballot's yes votes
 * reach that share of all the ballot's members. */
int ballot_check_selectable(req_ctx_t *ctx, const Thidua__V1__Nominee *n);

#endif
