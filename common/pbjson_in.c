/* The walk mirrors pbjson.c and validate.c: one pass over the descriptor's
 * fields, a scalar reader per type, lists and nested messages by recursion.
 * Everything is allocated with malloc, as protobuf-c's default allocator
 * does, so protobuf_c_message_free_unpacked frees what is built here. */
#include "pbjson_in.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pbjson.h"
#include "reasons.h"
#include "thd_limits.h"

enum { MAX_DEPTH = 8 };

/* What the page sent for field is no value it takes: each refusal a
 * reason, so the page says it in the person's words beside the field
 * (a number of -3, a choice the list does not have, text for a list). */
static int bad(thd_status_t *st, const char *field, thd_reason_t why)
{
    return thd_refuse(st, why, field, field);
}

/* Integers come as JSON integers or, for values past 2^63 and for
 * JavaScript's sake, as decimal strings. */
static int read_integer(const json_t *j, const char *name, bool is_signed, size_t size, void *out,
                        thd_status_t *st)
{
    long long v = 0;
    unsigned long long u = 0;
    if (json_is_integer(j)) {
        v = json_integer_value(j);
        u = (unsigned long long)v;
        if (!is_signed && v < 0)
            return bad(st, name, THD_R_WEB_JSON_NUMBER);
    } else if (json_is_string(j)) {
        const char *s = json_string_value(j);
        char *end = NULL;
        errno = 0;
        if (is_signed)
            v = strtoll(s, &end, 10);
        else
            u = strtoull(s, &end, 10);
        if (!*s || *end || errno || (!is_signed && strchr(s, '-')))
            return bad(st, name, THD_R_WEB_JSON_NUMBER);
    } else {
        return bad(st, name, THD_R_WEB_JSON_NUMBER);
    }
    if (size == 4 && (is_signed ? v < INT32_MIN || v > INT32_MAX : u > UINT32_MAX))
        return bad(st, name, THD_R_WEB_JSON_NUMBER);
    if (size == 4 && is_signed)
        *(int32_t *)out = (int32_t)v;
    else if (size == 4)
        *(uint32_t *)out = (uint32_t)u;
    else if (is_signed)
        *(int64_t *)out = v;
    else
        *(uint64_t *)out = u;
    return 0;
}

static int read_bytes(const json_t *j, const char *name, ProtobufCBinaryData *out, thd_status_t *st)
{
    if (!json_is_string(j))
        return bad(st, name, THD_R_WEB_JSON_KIND);
    size_t len = json_string_length(j);
    out->data = malloc(len ? len : 1);
    if (!out->data)
        return thd_status_set(st, THD_INTERNAL, name, "out of memory");
    if (sodium_base642bin(out->data, len, json_string_value(j), len, "\r\n", &out->len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        out->len = 0;
        return bad(st, name, THD_R_WEB_JSON_KIND);
    }
    return 0;
}

static int read_message(const ProtobufCMessageDescriptor *d, const json_t *obj,
                        ProtobufCMessage **out, int depth, thd_status_t *st);

/* One value of field f from j into p (an element or the member itself). */
static int read_scalar(const ProtobufCFieldDescriptor *f, const json_t *j, void *p, int depth,
                       thd_status_t *st)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        return read_integer(j, f->name, true, 4, p, st);
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        return read_integer(j, f->name, false, 4, p, st);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        return read_integer(j, f->name, true, 8, p, st);
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return read_integer(j, f->name, false, 8, p, st);
    case PROTOBUF_C_TYPE_FLOAT:
    case PROTOBUF_C_TYPE_DOUBLE:
        if (!json_is_number(j))
            return bad(st, f->name, THD_R_WEB_JSON_NUMBER);
        if (f->type == PROTOBUF_C_TYPE_FLOAT)
            *(float *)p = (float)json_number_value(j);
        else
            *(double *)p = json_number_value(j);
        return 0;
    case PROTOBUF_C_TYPE_BOOL:
        if (!json_is_boolean(j))
            return bad(st, f->name, THD_R_WEB_JSON_KIND);
        *(protobuf_c_boolean *)p = json_is_true(j);
        return 0;
    case PROTOBUF_C_TYPE_ENUM: {
        int v =
            json_is_string(j) ? pbjson_enum_value(f->descriptor, json_string_value(j))
            : json_is_integer(j) && json_integer_value(j) >= 0 && json_integer_value(j) <= INT_MAX
                ? (int)json_integer_value(j)
                : -1;
        if (v < 0 || !protobuf_c_enum_descriptor_get_value(f->descriptor, v))
            return bad(st, f->name, THD_R_WEB_JSON_CHOICE);
        *(int *)p = v;
        return 0;
    }
    case PROTOBUF_C_TYPE_STRING:
        if (!json_is_string(j))
            return bad(st, f->name, THD_R_WEB_JSON_KIND);
        *(char **)p = strdup(json_string_value(j));
        return *(char **)p ? 0 : thd_status_set(st, THD_INTERNAL, f->name, "out of memory");
    case PROTOBUF_C_TYPE_BYTES:
        return read_bytes(j, f->name, p, st);
    case PROTOBUF_C_TYPE_MESSAGE:
        return read_message(f->descriptor, j, (ProtobufCMessage **)p, depth + 1, st);
    }
    return bad(st, f->name, THD_R_WEB_JSON_KIND);
}

static size_t elem_size(const ProtobufCFieldDescriptor *f)
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

static int read_list(const ProtobufCFieldDescriptor *f, const json_t *arr, ProtobufCMessage *msg,
                     int depth, thd_status_t *st)
{
    if (!json_is_array(arr))
        return bad(st, f->name, THD_R_WEB_JSON_KIND);
    size_t n = json_array_size(arr);
    if (n > THD_MAX_IMPORT_ROWS) /* the longest list any request takes */
        return bad(st, f->name, THD_R_WEB_JSON_KIND);
    char *items = calloc(n ? n : 1, elem_size(f));
    if (!items)
        return thd_status_set(st, THD_INTERNAL, f->name, "out of memory");
    *(char **)((char *)msg + f->offset) = items;
    size_t *count = (size_t *)((char *)msg + f->quantifier_offset);
    for (size_t k = 0; k < n; k++) {
        int rc = read_scalar(f, json_array_get(arr, k), items + k * elem_size(f), depth, st);
        (*count)++; /* counted first: a failed element is freed with the rest */
        if (rc)
            return rc;
    }
    return 0;
}

static int read_field(const ProtobufCFieldDescriptor *f, const json_t *j, ProtobufCMessage *msg,
                      int depth, thd_status_t *st)
{
    if (json_is_null(j))
        return 0;
    if (f->label == PROTOBUF_C_LABEL_REPEATED)
        return read_list(f, j, msg, depth, st);
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
        uint32_t *which = (uint32_t *)((char *)msg + f->quantifier_offset);
        if (*which)
            return bad(st, f->name, THD_R_WEB_JSON_KIND);
        *which = f->id;
    }
    return read_scalar(f, j, (char *)msg + f->offset, depth, st);
}

static int read_message(const ProtobufCMessageDescriptor *d, const json_t *obj,
                        ProtobufCMessage **out, int depth, thd_status_t *st)
{
    if (!json_is_object(obj))
        return bad(st, d->short_name, THD_R_WEB_JSON_KIND);
    if (depth > MAX_DEPTH)
        return bad(st, d->short_name, THD_R_WEB_JSON_KIND);
    ProtobufCMessage *msg = malloc(d->sizeof_message);
    if (!msg)
        return thd_status_set(st, THD_INTERNAL, "", "out of memory");
    d->message_init(msg);
    *out = msg;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)obj, key, value)
    {
        const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, key);
        if (!f)
            return thd_refuse(st, THD_R_WEB_JSON_NO_FIELD, key, key);
        int rc = read_field(f, value, msg, depth, st);
        if (rc)
            return rc;
    }
    return 0;
}

ProtobufCMessage *pbjson_to_message(const ProtobufCMessageDescriptor *d, const json_t *obj,
                                    thd_status_t *st)
{
    ProtobufCMessage *msg = NULL;
    if (read_message(d, obj, &msg, 0, st) != 0 && msg) {
        protobuf_c_message_free_unpacked(msg, NULL);
        msg = NULL;
    }
    return msg;
}
