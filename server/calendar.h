/* The congress's working-day calendar (DOMAIN.md: ngày làm việc, ngày lễ):
 * the public-disclosure window's minimum in working days and the public
 * holidays, one record the admin sets. nominees.c asks it for the first
 * day a window may close; the arithmetic is thd_working_days_after's. */
#ifndef THD_CALENDAR_H
#define THD_CALENDAR_H

#include "request.h"

handler_fn calendar_holidays_set, calendar_min_days_set, calendar_get;

/* The first day a disclosure window opened on `opened` may close, under
 * the calendar in force, into out (YYYY-MM-DD); *days is the minimum
 * applied. 0, or an error code with ctx->st set. */
int calendar_close_from(req_ctx_t *ctx, const char *opened, char out[11], unsigned *days);

#endif
