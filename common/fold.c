/* Folding for diacritic-insensitive search, with utf8proc; shared by the
 * broker's list queries and the monitor's filter. */
#include "fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* đ and Đ carry a stroke, not a combining mark: decomposition keeps them. */
static utf8proc_int32_t map_d(utf8proc_int32_t cp, void *arg)
{
    (void)arg;
    return cp == 0x0110 || cp == 0x0111 ? 'd' : cp;
}

/* Đ keeps its case when the case is kept. */
static utf8proc_int32_t map_d_keep_case(utf8proc_int32_t cp, void *arg)
{
    (void)arg;
    return cp == 0x0110 ? 'D' : cp == 0x0111 ? 'd' : cp;
}

static char *map(const char *s, utf8proc_option_t extra, utf8proc_custom_func d)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, 0, &out,
                                             UTF8PROC_NULLTERM | UTF8PROC_STABLE |
                                                 UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | extra,
                                             d, NULL);
    return n < 0 ? NULL : (char *)out;
}

char *fold_text(const char *s)
{
    return map(s, UTF8PROC_CASEFOLD, map_d);
}

char *fold_marks(const char *s)
{
    return map(s, 0, map_d_keep_case);
}

bool fold_match(const char *folded_query, const char *const *texts)
{
    if (!folded_query || !*folded_query)
        return true;
    for (; *texts; texts++) {
        char *f = fold_text(*texts);
        bool hit = f && strstr(f, folded_query);
        free(f);
        if (hit)
            return true;
    }
    return false;
}
