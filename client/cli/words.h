/* What people type for a value the program names: an enum value by its
 * code ("submitted", "SUBMITTED"), its English label ("submitted") or its
 * Vietnamese label ("Chờ duyệt", "cho duyet"); a CSV column by its name or
 * its spreadsheet header in either language. Case, diacritics, spaces and
 * punctuation are ignored (common/fold.c), so each of these is one word.
 * The CLI's options and `thidua import` read through here, so every place
 * takes the same words. */
#ifndef THD_CLI_WORDS_H
#define THD_CLI_WORDS_H

#include <stddef.h>

#include "thidua.pb-c.h"

typedef struct words words_t;

/* The values of d from 1 up (0 is "unspecified", never typed): code and
 * labels in both languages. NULL without memory. */
words_t *words_enum(const ProtobufCEnumDescriptor *d);
/* n names, each with a label (an N_() msgid, or NULL) read in both
 * languages; a match gives the name's index. NULL without memory. */
words_t *words_names(const char *const *names, const char *const *labels, size_t n);
void words_destroy(words_t **self_p);

/* The value (or index) text names, or -1 when none does. */
int words_match(const words_t *self, const char *text);
/* The accepted words for a message, in lang ("vi", "en"; NULL: the
 * language in use): "Chờ duyệt (submitted); Hoàn thành (accepted)". Cut
 * to cap. */
void words_choices(const words_t *self, const char *lang, char *buf, size_t cap);
/* A gender as the web's form writes it, "Nam" or "Nữ", for what people
 * type for them ("nữ", "NU", "female"); anything else as typed (the broker
 * keeps free text), NULL as NULL. Borrowed. */
const char *words_gender(const char *typed);

#endif
