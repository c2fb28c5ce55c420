#include "status_text.h"

#include "thidua.h"

#include <stdio.h>
#include <string.h>

/* The HTTP status that answers each code; the text comes from the
 * status's reason (web_status_text). */
static const struct {
    int code;
    unsigned http;
} codes[] = {
    {THD_OK, 200},
    {THD_CANCELLED, 499},
    {THD_UNKNOWN, 500},
    {THD_INVALID_ARGUMENT, 400},
    {THD_DEADLINE_EXCEEDED, 504},
    {THD_NOT_FOUND, 404},
    {THD_ALREADY_EXISTS, 409},
    {THD_PERMISSION_DENIED, 403},
    {THD_RESOURCE_EXHAUSTED, 429},
    {THD_FAILED_PRECONDITION, 409},
    {THD_ABORTED, 409},
    {THD_OUT_OF_RANGE, 400},
    {THD_UNIMPLEMENTED, 501},
    {THD_INTERNAL, 500},
    {THD_UNAVAILABLE, 503},
    {THD_DATA_LOSS, 500},
    {THD_UNAUTHENTICATED, 401},
};

static size_t row(int code)
{
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (codes[i].code == code)
            return i;
    return 2; /* UNKNOWN */
}

void web_status_text(const thd_status_t *st, const char *lang, char *out, size_t cap)
{
    /* The broker's message is the English rendering of the same reason;
     * the process's catalog is Vietnamese (bound at start-up). */
    char text[THD_STATUS_TEXT_MAX];
    if (strcmp(lang, "en") == 0)
        snprintf(out, cap, "%s", st->message);
    else
        snprintf(out, cap, "%s", thd_status_text(st, text, sizeof text));
}

unsigned web_http_status(int code)
{
    return codes[row(code)].http;
}
