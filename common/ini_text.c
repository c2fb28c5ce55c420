#include "ini_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "file_read.h"

struct cursor {
    const char *at;
    int line;
    bool too_long;
};

/* inih's reader (fgets's contract): one line into buf, whole or not at all.
 * The end of line is left out, which inih strips anyway, so a line may use
 * all of buf. A comment of any length is passed as an empty one. */
static char *next_line(char *buf, int cap, void *stream)
{
    struct cursor *c = stream;
    if (!*c->at || c->too_long)
        return NULL;
    size_t n = strcspn(c->at, "\n");
    const char *start = c->at + strspn(c->at, " \t\r\v\f");
    bool comment = *start == ';' || *start == '#';
    c->line++;
    if (n >= (size_t)cap && !comment) {
        c->too_long = true;
        return NULL;
    }
    if (n >= (size_t)cap)
        strcpy(buf, "#"); /* cap is INI_MAX_LINE: room enough */
    else {
        memcpy(buf, c->at, n);
        buf[n] = '\0';
    }
    c->at += n + (c->at[n] == '\n');
    return buf;
}

int ini_text_parse(const char *text, ini_handler handler, void *user, bool *too_long)
{
    struct cursor c = {.at = text};
    int line = ini_parse_stream(next_line, &c, handler, user);
    *too_long = c.too_long && line == 0;
    return *too_long ? c.line : line;
}

int ini_text_parse_file(const char *path, ini_handler handler, void *user, bool *too_long)
{
    char *text;
    size_t len;
    int err = file_read_all(path, INI_TEXT_FILE_MAX, &text, &len);
    if (err) {
        errno = err;
        return -1;
    }
    int line = memchr(text, '\0', len) ? -2 : ini_text_parse(text, handler, user, too_long);
    free(text);
    return line;
}

size_t ini_text_value_max(const char *name)
{
    size_t taken = strlen(name) + strlen(" = ");
    return taken < INI_TEXT_LINE_MAX ? INI_TEXT_LINE_MAX - taken : 0;
}
