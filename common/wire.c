#include "wire.h"

#include <protobuf-c/protobuf-c.h>

static int read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    *out = 0;
    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        uint8_t b = *(*p)++;
        *out |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return 0;
    }
    return -1;
}

int wire_next(const uint8_t **p, const uint8_t *end, wire_field_t *f)
{
    if (*p >= end)
        return 0;
    uint64_t tag, skip = 0;
    if (read_varint(p, end, &tag) != 0 || tag >> 3 == 0 || tag >> 3 > UINT32_MAX)
        return -1;
    *f = (wire_field_t){.number = (uint32_t)(tag >> 3), .type = (int)(tag & 7)};
    switch (f->type) {
    case PROTOBUF_C_WIRE_TYPE_VARINT:
        return read_varint(p, end, &f->value) == 0 ? 1 : -1;
    case PROTOBUF_C_WIRE_TYPE_64BIT:
        skip = 8;
        break;
    case PROTOBUF_C_WIRE_TYPE_32BIT:
        skip = 4;
        break;
    case PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED:
        if (read_varint(p, end, &skip) != 0)
            return -1;
        break;
    default:
        return -1;
    }
    if (skip > (uint64_t)(end - *p))
        return -1;
    f->data = *p;
    f->len = (size_t)skip;
    *p += skip;
    return 1;
}
