#include "packed.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

enum { WIRE_LEN = 2, EVENT_RECORDS = 6, EVENT_CHANGED = 7, EVENT_LEFT = 8, RESPONSE_RECORD = 12 };

static size_t varint_size(uint64_t v)
{
    size_t n = 1;
    for (; v >= 0x80; v >>= 7)
        n++;
    return n;
}

static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
    for (; v >= 0x80; v >>= 7)
        *p++ = (uint8_t)(v | 0x80);
    *p++ = (uint8_t)v;
    return p;
}

/* One length-delimited field: tag, length, bytes. */
static size_t field_size(uint32_t field, size_t len)
{
    return varint_size((uint64_t)field << 3 | WIRE_LEN) + varint_size(len) + len;
}

static uint8_t *put_field(uint8_t *p, uint32_t field, const void *data, size_t len)
{
    p = put_varint(p, (uint64_t)field << 3 | WIRE_LEN);
    p = put_varint(p, len);
    if (len)
        memcpy(p, data, len);
    return p + len;
}

uint8_t *packed_event(const Thidua__V1__Event *head, const ProtobufCBinaryData *records,
                      size_t n_records, char *const *changed, size_t n_changed, size_t *len)
{
    Thidua__V1__Event h = *head;
    h.records = NULL;
    h.n_records = 0;
    h.changed = NULL;
    h.n_changed = 0;
    h.left_units = NULL; /* after changed, in field order, as protobuf-c packs them */
    h.n_left_units = 0;
    size_t hlen = thidua__v1__event__get_packed_size(&h), total = hlen;
    for (size_t i = 0; i < n_records; i++)
        total += field_size(EVENT_RECORDS, records[i].len);
    for (size_t i = 0; i < n_changed; i++)
        total += field_size(EVENT_CHANGED, strlen(changed[i]));
    for (size_t i = 0; i < head->n_left_units; i++)
        total += field_size(EVENT_LEFT, strlen(head->left_units[i]));
    uint8_t *buf = malloc(total ? total : 1);
    if (!buf)
        return NULL;
    uint8_t *p = buf + thidua__v1__event__pack(&h, buf);
    for (size_t i = 0; i < n_records; i++)
        p = put_field(p, EVENT_RECORDS, records[i].data, records[i].len);
    for (size_t i = 0; i < n_changed; i++)
        p = put_field(p, EVENT_CHANGED, changed[i], strlen(changed[i]));
    for (size_t i = 0; i < head->n_left_units; i++)
        p = put_field(p, EVENT_LEFT, head->left_units[i], strlen(head->left_units[i]));
    *len = total;
    return buf;
}

uint8_t *packed_response(const Thidua__V1__Response *head, const ProtobufCBinaryData *record,
                         size_t *len)
{
    size_t hlen = thidua__v1__response__get_packed_size(head);
    size_t total = hlen + field_size(RESPONSE_RECORD, record->len);
    uint8_t *buf = mem_alloc(total);
    thidua__v1__response__pack(head, buf);
    put_field(buf + hlen, RESPONSE_RECORD, record->data, record->len);
    *len = total;
    return buf;
}
