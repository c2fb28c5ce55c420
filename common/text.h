/* Text rules at the boundary: valid UTF-8, Unicode NFC (so Vietnamese typed
 * as NFD and NFC is one name), lengths in characters, widths in columns. */
#ifndef THD_TEXT_H
#define THD_TEXT_H

#include <stdbool.h>
#include <stddef.h>

bool text_valid_utf8(const char *s, size_t len);
/* Returns a fresh NFC copy (caller frees), or NULL if s is not UTF-8. */
char *text_nfc(const char *s);
/* True when every byte of s is ASCII (below 0x80). */
bool text_is_ascii(const char *s);
/* Code points in s (valid UTF-8 assumed). */
size_t text_chars(const char *s);
/* Terminal columns s takes once composed (NFC). */
int text_width(const char *s);
/* True when s has a control character (tab and newline allowed if multiline). */
bool text_has_control(const char *s, bool multiline);

#endif
