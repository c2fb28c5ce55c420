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
    {0, 200}, {1, 499},  {2, 500},  {3, 400},  {4, 504},  {5, 404},  {6, 409},  {7, 403},  {8, 429},
    {9, 409}, {10, 409}, {11, 400}, {12, 501}, {13, 500}, {14, 503}, {15, 500}, {16, 401},
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
