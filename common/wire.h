/* Reading packed protobuf messages field by field, without decoding them:
 * for code that passes records on as bytes and needs only a key or two. */
#ifndef THD_WIRE_H
#define THD_WIRE_H

#include <stddef.h>
#include <stdint.h>

typedef struct wire_field {
    uint32_t number;
    int type;            /* a ProtobufCWireType */
    uint64_t value;      /* varint fields */
    const uint8_t *data; /* length-prefixed fields */
    size_t len;
} wire_field_t;

/* Reads the field at *p and moves past it: 1, 0 at end, -1 when the
 * bytes are not a well-formed message. Nested messages are not entered. */
int wire_next(const uint8_t **p, const uint8_t *end, wire_field_t *f);

#endif
