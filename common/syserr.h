/* The faults a person meets with the files they name (ENOENT, EACCES, ...)
 * in this program's own words. They are English, and the catalogs say
 * them in the user's language: the system's own Vietnamese calls a file
 * "tập tin" where every other line says "tệp". */
#ifndef THIDUA_SYSERR_H
#define THIDUA_SYSERR_H

#include <stdbool.h>

/* The program's English words for e, or NULL where it has none. */
const char *thd_syserr_words(int e);
/* thd_syserr_words(e), or else the system's text. */
const char *thd_syserr(int e);
/* Whether text is one of those words: a refusal's parameter that the
 * client then says in its language. */
bool thd_syserr_is_words(const char *text);

#endif
