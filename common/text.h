/* Text rules at the boundary: valid UTF-8, Unicode NFC (so Vietnamese typed
 * as NFD and NFC is one name), lengths in characters, widths in columns. */
#ifndef THD_TEXT_H
#define THD_TEXT_H

#include <stdbool.h>
#include <stddef.h>

bool text_valid_utf8(const char *s, size_t len);
/* Returns a fresh NFC copy (caller frees), or NULL if s is not UTF-8. */
char *text_nfc(const char *s);
/* True when s is valid UTF-8 that no NFC changes, known without
 * normalising: every character ASCII, a precomposed Latin letter (all of
 * Vietnamese's) or common punctuation. False says only "normalise it".
 * Most text is of this kind, and normalising a report's text was 5 % of
 * the broker's work on it. */
bool text_known_nfc(const char *s);
/* Copies len bytes of src into dst (cap bytes, terminated when cap > 0),
 * cut before the first character that would not fit whole: a cut never
 * leaves half of one. Returns the bytes copied. */
size_t text_copy(char *dst, size_t cap, const char *src, size_t len);
/* Code points in s (valid UTF-8 assumed). */
size_t text_chars(const char *s);
/* Terminal columns s takes once composed (NFC). */
int text_width(const char *s);
/* True when s (valid UTF-8) shows nothing: only spaces of any kind, tabs,
 * line ends and invisible format characters (U+200B, U+FEFF...). Looks at
 * one byte of most text. */
bool text_blank(const char *s);
/* True when s has a control character (tab and newline allowed if multiline). */
bool text_has_control(const char *s, bool multiline);
/* Writes the n parts joined by sep into buf, cut to cap - 1 bytes and
 * terminated as snprintf would; returns the length the whole would have.
 * Record keys and topics are built on every write: this is a copy, not a
 * format string's parse. */
size_t text_join(char *buf, size_t cap, char sep, size_t n, const char *const parts[]);
#define TEXT_JOIN(buf, cap, sep, ...)                                                              \
    text_join(buf, cap, sep, sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *),         \
              (const char *[]){__VA_ARGS__})
/* Writes v in decimal into buf, at least width digits (zeros before), cut
 * and terminated as text_join does; returns the length. */
size_t text_uint(char *buf, size_t cap, unsigned long long v, int width);

#endif
