/* Nominees (DOMAIN.md §4): the proposing unit drafts, proposes and may
 * withdraw, and attaches the dossier's files while a draft; the office vets (checks, opinions,
 * public disclosure, complaints) and recommends; the chair decides within quota. */
#ifndef THD_NOMINEES_H
#define THD_NOMINEES_H

#include "request.h"

handler_fn nominees_create, nominees_edit, nominees_attach, nominees_propose, nominees_withdraw,
    nominees_return, nominees_start_vetting, nominees_check, nominees_opinion,
    nominees_disclosure_open, nominees_disclosure_close, nominees_complaint, nominees_resolve,
    nominees_recommend, nominees_decide, nominees_get, nominees_list;

#endif
