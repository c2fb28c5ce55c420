/* Nominees (DOMAIN.md §4): the proposing unit drafts, proposes and may
 * withdraw, and attaches the dossier's files while a draft; the office vets (checks, opinions,
 * public disclosure, complaints) and recommends; the chair decides within quota. */
#ifndef THD_NOMINEES_H
#define THD_NOMINEES_H

#include "request.h"
#include "transitions.h"

/* requests that make or read nominees */
handler_fn nominees_create, nominees_get, nominees_list;
/* a move's body rules, before dispatch loads the nominee */
handler_fn nominees_edit_rules, nominees_attach_rules, nominees_return_rules, nominees_check_rules,
    nominees_opinion_rules, nominees_complaint_rules, nominees_resolve_rules, nominees_decide_rules;
/* the moves, on the nominee dispatch loaded and the transition it found */
record_fn nominees_edit, nominees_attach, nominees_propose, nominees_withdraw, nominees_return,
    nominees_start_vetting, nominees_check, nominees_opinion, nominees_disclosure_open,
    nominees_disclosure_close, nominees_complaint, nominees_resolve, nominees_recommend,
    nominees_decide;
/* decide's transition: select or reject, as the body says */
const char *nominees_decide_verb(const Thidua__V1__Request *req);

#endif
