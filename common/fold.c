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

/* Whether word occurs in any of the n folded texts. */
static bool word_in(const char *word, char *const *folded, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (folded[i] && strstr(folded[i], word))
            return true;
    return false;
}

bool fold_match(const char *folded_query, const char *const *texts)
{
    if (!folded_query || !*folded_query)
        return true;
    char *folded[FOLD_MAX_TEXTS];
    size_t n = 0;
    for (; *texts && n < FOLD_MAX_TEXTS; texts++)
        folded[n++] = fold_text(*texts);
    char small[256];
    bool all = true;
    for (const char *q = folded_query; all && *q;) {
        q += strspn(q, " \t");
        size_t len = strcspn(q, " \t");
        if (len == 0)
            break;
        char *word = len < sizeof small ? small : malloc(len + 1); /* a pasted address, say */
        if (!word)
            all = false;
        else {
            memcpy(word, q, len);
            word[len] = '\0';
            all = word_in(word, folded, n);
        }
        if (word != small)
            free(word);
        q += len;
    }
    for (size_t i = 0; i < n; i++)
        free(folded[i]);
    return all;
}
