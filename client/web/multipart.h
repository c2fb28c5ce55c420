/* A bounded multipart/form-data reader (RFC 7578) over a body already in
 * memory: the parts point into the body, nothing is copied. */
#ifndef THD_WEB_MULTIPART_H
#define THD_WEB_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#define MP_MAX_PARTS 16
#define MP_MAX_NAME  256 /* a field name, a file name (UTF-8 bytes), a media type */

struct mp_part {
    char name[MP_MAX_NAME];
    char filename[MP_MAX_NAME]; /* UTF-8; "" when the part is not a file */
    char media_type[MP_MAX_NAME];
    bool is_file; /* the part had filename= */
    const char *data;
    size_t len;
};

/* Splits body by the boundary that content_type names. Returns the number
 * of parts, or -1 when the body is not well-formed multipart/form-data
 * (no boundary, a part without a name, a header line too long, more than
 * max parts, no closing delimiter). */
int multipart_parse(const char *content_type, const char *body, size_t len, struct mp_part *parts,
                    size_t max);

#endif
