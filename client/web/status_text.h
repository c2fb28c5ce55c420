/* A refusal as the page shows it. The one place where a broker status
 * becomes text for a person, so the broker's localized reasons (reason
 * ids, thd_status_text in libthidua) replace it here alone. */
#ifndef THD_WEB_STATUS_TEXT_H
#define THD_WEB_STATUS_TEXT_H

#include <stddef.h>

#include "status.h"

/* Writes the text for st in lang ("vi" or "en") into out. */
void web_status_text(const thd_status_t *st, const char *lang, char *out, size_t cap);
/* The HTTP status for a status code (gRPC's mapping). */
unsigned web_http_status(int code);

#endif
