/* CSV as the shared contract says (docs/INTEGRATION.md): UTF-8, a BOM
 * unless asked not to (Excel needs it to read Vietnamese), CRLF, RFC 4180
 * quoting, English column names, values import reads back; with --labels
 * the headers and values people read instead, which import reads too.
 * Nothing but the header and the rows goes into the file, so any export
 * imports. */
#include <errno.h>
#include <string.h>

#include "export.h"
#include "i18n.h"

#define CELL_BUF 32768 /* a cell: THD_MAX_REPEATED unit codes, a dossier's files */

/* RFC 4180: a field holding a comma, a quote, CR or LF is quoted, and its
 * quotes doubled. Leading or trailing spaces are quoted too, so that no
 * reader trims them. */
static void field(FILE *out, const char *s)
{
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

int export_csv(const export_data_t *d, enum export_kind k, FILE *out, bool bom, bool human)
{
    char buf[CELL_BUF];
    size_t cols = export_n_cols(k);
    if (bom)
        fputs("\xEF\xBB\xBF", out);
    for (size_t c = 0; c < cols; c++) {
        if (c)
            fputc(',', out);
        field(out, human ? _(export_col(k, c)->label) : export_col(k, c)->name);
    }
    fputs("\r\n", out);
    for (size_t r = 0; r < export_count(d, k); r++) {
        const void *row = export_row(d, k, r);
        for (size_t c = 0; c < cols; c++) {
            export_cell_t cell;
            export_cell(k, c, row, &cell);
            if (c)
                fputc(',', out);
            field(out, export_cell_text(&cell, human, buf, sizeof buf));
        }
        fputs("\r\n", out);
    }
    if (fflush(out) != 0 || ferror(out))
        return errno ? -errno : -1;
    return 0;
}
