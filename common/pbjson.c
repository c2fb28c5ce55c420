#include "pbjson.h"

#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "UnitKind" -> "UNIT_KIND_": the prefix every value of the enum carries. */
static void enum_prefix(const ProtobufCEnumDescriptor *d, char *buf, size_t cap)
{
    size_t n = 0;
    for (const char *p = d->short_name; *p && n + 3 < cap; p++) {
        if (isupper((unsigned char)*p) && p != d->short_name)
            buf[n++] = '_';
        buf[n++] = (char)toupper((unsigned char)*p);
    }
    buf[n++] = '_';
    buf[n] = '\0';
}

const char *pbjson_enum_name(const ProtobufCEnumDescriptor *d, int value, char *buf, size_t cap)
{
    const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(d, value);
    buf[0] = '\0';
    if (!v || cap == 0)
        return buf;
    char prefix[64];
    enum_prefix(d, prefix, sizeof prefix);
    const char *name = v->name;
    if (strncmp(name, prefix, strlen(prefix)) == 0)
        name += strlen(prefix);
    size_t i = 0;
    for (; name[i] && i + 1 < cap; i++)
        buf[i] = (char)tolower((unsigned char)name[i]);
    buf[i] = '\0';
    return buf;
}

int pbjson_enum_value(const ProtobufCEnumDescriptor *d, const char *name)
{
    char buf[64];
    for (unsigned i = 0; i < d->n_values; i++)
        if (strcmp(pbjson_enum_name(d, d->values[i].value, buf, sizeof buf), name) == 0)
            return d->values[i].value;
    return -1;
}

static json_t *scalar(const ProtobufCFieldDescriptor *f, const void *p)
{
    char buf[64];
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        return json_integer(*(const int32_t *)p);
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        return json_integer(*(const uint32_t *)p);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        return json_integer(*(const int64_t *)p);
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64: {
        uint64_t u = *(const uint64_t *)p;
        if (u <= INT64_MAX)
            return json_integer((json_int_t)u);
        snprintf(buf, sizeof buf, "%" PRIu64, u); /* past json_int_t: as pbjson_in reads it */
        return json_string(buf);
    }
    case PROTOBUF_C_TYPE_FLOAT:
        return json_real(*(const float *)p);
    case PROTOBUF_C_TYPE_DOUBLE:
        return json_real(*(const double *)p);
    case PROTOBUF_C_TYPE_BOOL:
        return json_boolean(*(const protobuf_c_boolean *)p);
    case PROTOBUF_C_TYPE_ENUM:
        return json_string(pbjson_enum_name(f->descriptor, *(const int *)p, buf, sizeof buf));
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)p;
        return json_string(s ? s : "");
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *b = p;
        size_t cap = sodium_base64_encoded_len(b->len, sodium_base64_VARIANT_ORIGINAL);
        char *enc = malloc(cap);
        if (!enc)
            return NULL;
        sodium_bin2base64(enc, cap, b->data, b->len, sodium_base64_VARIANT_ORIGINAL);
        json_t *j = json_string(enc);
        free(enc);
        return j;
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *m = *(ProtobufCMessage *const *)p;
        return m ? pbjson_from_message(m) : json_null();
    }
    }
    return json_null();
}

static size_t type_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    default:
        return 4;
    }
}

/* proto3 leaves defaults off the wire; leave them out of JSON as well. */
static bool is_default(const ProtobufCFieldDescriptor *f, const void *p)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)p;
        return !s || !*s;
    }
    case PROTOBUF_C_TYPE_MESSAGE:
        return *(void *const *)p == NULL;
    case PROTOBUF_C_TYPE_BYTES:
        return ((const ProtobufCBinaryData *)p)->len == 0;
    default: {
        static const char zero[8];
        return memcmp(p, zero, type_size(f)) == 0;
    }
    }
}

json_t *pbjson_from_message(const ProtobufCMessage *msg)
{
    json_t *obj = json_object();
    const ProtobufCMessageDescriptor *d = msg->descriptor;
    for (unsigned i = 0; obj && i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        const char *p = (const char *)msg + f->offset;
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            if (*(const uint32_t *)((const char *)msg + f->quantifier_offset) != f->id)
                continue;
        } else if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)((const char *)msg + f->quantifier_offset);
            if (n == 0)
                continue;
            json_t *arr = json_array();
            const char *items = *(char *const *)p;
            for (size_t k = 0; arr && k < n; k++)
                json_array_append_new(arr, scalar(f, items + k * type_size(f)));
            json_object_set_new(obj, f->name, arr);
            continue;
        } else if (is_default(f, p)) {
            continue;
        }
        json_object_set_new(obj, f->name, scalar(f, p));
    }
    return obj;
}
