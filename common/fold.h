/* Text search that ignores case and Vietnamese diacritics ("Đà Nẵng",
 * "da nang" and "DA NANG" are one), so people find what they typed
 * without marks. */
#ifndef THD_FOLD_H
#define THD_FOLD_H

#include <stdbool.h>

/* A fresh folded copy: decomposed, marks stripped, case folded, đ/Đ as d.
 * Caller frees; NULL when s is not UTF-8. */
char *fold_text(const char *s);
/* A fresh copy with the marks stripped and the case kept ("Báo cáo Đảng"
 * -> "Bao cao Dang"), for an ASCII rendering of a name. Caller frees; NULL
 * when s is not UTF-8. */
char *fold_marks(const char *s);
/* True when every word of the folded query (split at spaces) occurs in one
 * of the texts (NULL-terminated, the first FOLD_MAX_TEXTS read), in any
 * order: "ke hoach dai hoi" finds "Kế hoạch tổ chức Đại hội", as the web's
 * lists do. An empty query matches everything. */
#define FOLD_MAX_TEXTS 16
bool fold_match(const char *folded_query, const char *const *texts);

#endif
