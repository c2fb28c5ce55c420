/* libFuzzer harness for what thidua-web reads from a browser. The first
 * byte picks: even, the rest as the JSON body of POST /api/call/<kind>,
 * read into a Request (pbjson_in.c), which, when accepted, must come back
 * the same through the JSON writer (pbjson.c) and the reader again; odd,
 * a multipart/form-data upload (multipart.c), its Content-Type the first
 * line, whose parts must lie inside the body. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"
#include "pbjson.h"
#include "pbjson_in.h"
#include "thidua.pb-c.h"

static const ProtobufCMessageDescriptor *const REQUEST = &thidua__v1__request__descriptor;

/* The message packed, in a fresh buffer of *len bytes. */
static uint8_t *packed(const ProtobufCMessage *m, size_t *len)
{
    *len = protobuf_c_message_get_packed_size(m);
    uint8_t *buf = malloc(*len ? *len : 1);
    if (!buf)
        abort();
    protobuf_c_message_pack(m, buf);
    return buf;
}

static void json_body(const uint8_t *data, size_t size)
{
    json_error_t err;
    json_t *in = json_loadb((const char *)data, size, 0, &err);
    if (!in)
        return;
    thd_status_t st = {0};
    ProtobufCMessage *m = pbjson_to_message(REQUEST, in, &st);
    json_decref(in);
    if (!m)
        return;
    json_t *out = pbjson_from_message(m);
    if (!out)
        abort();
    ProtobufCMessage *back = pbjson_to_message(REQUEST, out, &st);
    if (!back)
        abort(); /* the writer wrote what the reader refuses */
    size_t n1, n2;
    uint8_t *a = packed(m, &n1), *b = packed(back, &n2);
    if (n1 != n2 || memcmp(a, b, n1) != 0)
        abort(); /* came back different */
    free(a);
    free(b);
    json_decref(out);
    protobuf_c_message_free_unpacked(m, NULL);
    protobuf_c_message_free_unpacked(back, NULL);
}

static void upload(const uint8_t *data, size_t size)
{
    const uint8_t *eol = memchr(data, '\n', size);
    if (!eol)
        return;
    char *type = strndup((const char *)data, (size_t)(eol - data));
    size_t len = size - (size_t)(eol + 1 - data);
    char *body = malloc(len ? len : 1); /* its own block: ASan sees a read past it */
    if (!type || !body)
        abort();
    memcpy(body, eol + 1, len);
    struct mp_part parts[MP_MAX_PARTS];
    int n = multipart_parse(type, body, len, parts, MP_MAX_PARTS);
    if (n > MP_MAX_PARTS)
        abort();
    for (int i = 0; i < n; i++)
        if (parts[i].data < body || parts[i].len > len ||
            (size_t)(parts[i].data - body) > len - parts[i].len || !parts[i].name[0])
            abort(); /* a part outside the body, or without its name */
    free(type);
    free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    if (data[0] & 1)
        upload(data + 1, size - 1);
    else
        json_body(data + 1, size - 1);
    return 0;
}
