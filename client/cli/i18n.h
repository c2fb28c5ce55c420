/* The CLI's own text through gettext: Vietnamese by default, English with
 * --lang en or a locale variable starting with "en". Messages from the
 * broker and --json output are never translated. */
#ifndef THD_CLI_I18N_H
#define THD_CLI_I18N_H

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>

#include "thidua.pb-c.h"

#define _(s)  gettext(s)
#define N_(s) (s)

/* Picks the language (lang: "vi", "en" or NULL for the environment's) and
 * binds the catalogs found beside the program, in the build tree or in
 * the install prefix. Returns -1 for a language it does not know. */
int cli_i18n_init(const char *lang);
/* "vi" or "en": the language in use. */
const char *cli_i18n_lang(void);

/* Errors in English from now on, whatever the language of other texts:
 * thidua --json, whose error line is never translated. */
void cli_i18n_english_errors(void);
/* The language of the words put into an error's message ("en" under
 * --json, else the user's), so a list of choices matches the sentence it
 * goes in. */
const char *cli_error_lang(void);
/* msgid (marked N_) in the language of errors: for the messages the
 * libraries shared with thidua-web build whole (decision_template.c). */
const char *cli_error_text(const char *msgid) __attribute__((format_arg(1)));
/* strerror(e) in the language of errors: English under --json, else the
 * user's. Borrowed, valid until the next call. Every system error text a
 * message of the CLI, the export or the decision puts in comes from here. */
const char *cli_strerror(int e);

/* v with digits decimals as the language writes it: "66,7" in
 * Vietnamese, "66.7" in English. Returns buf. */
const char *cli_decimal(double v, int digits, char *buf, size_t cap);

/* A file's size for people: "850 bytes", "293 KiB", "1,2 MiB" (en:
 * "1.2 MiB"). Returns buf. */
const char *cli_format_size(uint64_t bytes, char *buf, size_t cap);

/* A day in words as the language writes it: "ngày 6 tháng 12 năm 2026",
 * "6 December 2026". Returns buf. */
const char *cli_date_words(int year, int month, int day, char *buf, size_t cap);

/* A person's name for an enum value in the current language ("Đang thực
 * hiện" / "in progress"); falls back to the short name. Borrowed or buf. */
const char *cli_label(const ProtobufCEnumDescriptor *d, int value, char *buf, size_t cap);

#endif
