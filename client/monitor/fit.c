/* Text fitted to a number of terminal columns. Widths come from utf8proc
 * on the composed (NFC) form, as common/text.c measures them, so a name
 * typed decomposed takes the same columns as one typed precomposed. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "monitor.h"
#include "text.h"

char *mon_fit(const char *s, int width, bool right_align, char *out, size_t cap)
{
    if (!cap)
        return out;
    out[0] = '\0';
    if (width <= 0)
        return out;
    char *nfc = text_nfc(s ? s : "");
    const char *src = nfc ? nfc : "?";
    int total = text_width(src);
    bool cut = total > width;
    int room = cut ? width - 1 : width; /* one column for the ellipsis */
    /* the bytes that fit */
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)src;
    int used = 0;
    size_t bytes = 0;
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    while (p[bytes] && (n = utf8proc_iterate(p + bytes, -1, &cp)) > 0) {
        int w = utf8proc_charwidth(cp);
        w = w > 0 ? w : 0;
        if (used + w > room)
            break;
        if (cp < 0x20 || cp == 0x7f) /* no control characters on screen */
            break;
        used += w;
        bytes += (size_t)n;
    }
    int pad = width - used - (cut ? 1 : 0);
    size_t need = bytes + (cut ? 3 : 0) + (size_t)(pad > 0 ? pad : 0) + 1;
    if (need > cap) { /* cannot happen with the callers' buffers; stay safe */
        free(nfc);
        return out;
    }
    size_t o = 0;
    if (right_align)
        for (int i = 0; i < pad; i++)
            out[o++] = ' ';
    memcpy(out + o, src, bytes);
    o += bytes;
    if (cut) {
        memcpy(out + o, "\xe2\x80\xa6", 3); /* … */
        o += 3;
    }
    if (!right_align)
        for (int i = 0; i < pad; i++)
            out[o++] = ' ';
    out[o] = '\0';
    free(nfc);
    return out;
}
