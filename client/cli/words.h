/* What people type for a value the program names: an enum value by its
 * code ("submitted", "SUBMITTED"), its English label ("submitted") or its
 * Vietnamese label ("Chờ duyệt", "cho duyet"); a CSV column by its name or
 * its spreadsheet header in either language; a day as people here write
 * it. Case, diacritics, spaces and punctuation are ignored (common/fold.c),
 * so each of these is one word. The CLI's options and `thidua import` read
 * through here, so every place takes the same words and refuses the rest
 * in the same sentence. */
#ifndef THD_CLI_WORDS_H
#define THD_CLI_WORDS_H

#include <stddef.h>

#include "i18n.h"
#include "thidua.pb-c.h"

typedef struct words words_t;

/* The forms a name is typed in: its code (an enum's full name counts as
 * its code), its English label, its Vietnamese label. */
typedef enum words_form { WORDS_CODE, WORDS_EN, WORDS_VI } words_form_t;

/* The values of d from 1 up (0 is "unspecified", never typed): code and
 * labels in both languages. NULL without memory. */
words_t *words_enum(const ProtobufCEnumDescriptor *d);
/* n names, each with a label (an N_() msgid, or NULL) read in both
 * languages; a match gives the name's index. NULL without memory. */
words_t *words_names(const char *const *names, const char *const *labels, size_t n);
void words_destroy(words_t **self_p);

/* The value (or index) text names, or -1 when none does. */
int words_match(const words_t *self, const char *text);
/* The same, and with form non-NULL the form text is in: a text that is
 * several forms at once (the code "kind", the label "Kind") is the first
 * of code, English, Vietnamese. */
int words_match_form(const words_t *self, const char *text, words_form_t *form);
/* The i-th entry (as words_names gave them) in form: its code, or its
 * label in that language whatever the language in use; the code where it
 * has no label. Borrowed or buf. */
const char *words_name(const words_t *self, size_t i, words_form_t form, char *buf, size_t cap);
/* The accepted words for a message, in lang ("vi", "en"; NULL: the
 * language in use): "Chờ duyệt (submitted); Hoàn thành (accepted)". Cut
 * to cap. */
void words_choices(const words_t *self, const char *lang, char *buf, size_t cap);
/* A gender as the web's form writes it, "Nam" or "Nữ", for what people
 * type for them ("nữ", "NU", "female"); anything else as typed (the broker
 * keeps free text), NULL as NULL. Borrowed. */
const char *words_gender(const char *typed);

/* A day as people here write it, dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy,
 * d/m/yyyy), or yyyy-mm-dd, into out as YYYY-MM-DD; -1 when malformed or
 * no day of the calendar (the broker's rule: 31/02 is no day). */
int words_date(const char *typed, char out[11]);
/* Why a value is no date and how to write one: the one sentence for every
 * place a date is typed (the CLI's options, import's cells), a format of
 * the value as typed. An N_() msgid, translated where it is said. */
#define WORDS_NOT_A_DATE                                                                           \
    N_("'%s' is not a real date; write it dd/mm/yyyy (or yyyy-mm-dd), e.g. 15/01/2027")

#endif
