/* INI text through inih, whole lines only. inih reads each line into a
 * fixed buffer (INI_MAX_LINE bytes, 200 as Debian builds it) and takes the
 * rest of a longer line as a line of its own: a long path was cut, and its
 * tail read as a key or, after a space, as a continuation that replaced the
 * value. Here a line that does not fit stops the reading and is named. */
#ifndef THD_INI_TEXT_H
#define THD_INI_TEXT_H

#include <ini.h>
#include <stdbool.h>
#include <stddef.h>

/* The longest line, its end of line not counted, that inih reads whole. */
#define INI_TEXT_LINE_MAX (INI_MAX_LINE - 1)
/* The largest INI file read. */
#define INI_TEXT_FILE_MAX (1024 * 1024)

/* As ini_parse_string: 0, or the first line handler refused or inih could
 * not read. A line over INI_TEXT_LINE_MAX bytes ends the reading there; its
 * number is returned and *too_long set, unless an earlier line failed. */
int ini_text_parse(const char *text, ini_handler handler, void *user, bool *too_long);
/* The same for a file's text: -1 with errno set when it cannot be read
 * (file_read_all's reasons, EFBIG over INI_TEXT_FILE_MAX), -2 when it is
 * not text (it holds a NUL byte, where inih would stop unseen). */
int ini_text_parse_file(const char *path, ini_handler handler, void *user, bool *too_long);
/* The longest value that "name = value" holds on one line ini_text_parse
 * reads. */
size_t ini_text_value_max(const char *name);

#endif
