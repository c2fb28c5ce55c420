/* What an edit changed, for its history entry: the task or nominee before
 * the edit against after it, field by field through the message's
 * descriptor, so a field added to Task or Nominee is named with no code
 * here (a oneof would need some: neither has one). Short values go in as
 * the JSON form writes them; long text and lists of messages are named
 * only, which keeps an entry small. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edits.h"
#include "mem.h"
#include "pbjson.h"
#include "records.h"

/* A value longer than this is named, not copied: an entry stays a few
 * hundred bytes however long a description grows. */
#define EDITS_VALUE_MAX 200

/* Fields an edit never sets, or that change with every write. */
static bool skipped(const char *name)
{
    return strcmp(name, "meta") == 0 || strcmp(name, "history") == 0;
}

static const void *at(const ProtobufCMessage *m, unsigned offset)
{
    return (const char *)m + offset;
}

static size_t count_of(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
    return *(const size_t *)at(m, f->quantifier_offset);
}

/* The packed bytes of a message, for comparing two. */
static uint8_t *packed(const ProtobufCMessage *m, size_t *len)
{
    *len = m ? protobuf_c_message_get_packed_size(m) : 0;
    uint8_t *buf = mem_alloc(*len + 1);
    if (m)
        protobuf_c_message_pack(m, buf);
    return buf;
}

static bool same_message(const ProtobufCMessage *a, const ProtobufCMessage *b)
{
    size_t la, lb;
    uint8_t *pa = packed(a, &la), *pb = packed(b, &lb);
    bool same = la == lb && memcmp(pa, pb, la) == 0;
    free(pa);
    free(pb);
    return same;
}

static size_t scalar_size(ProtobufCType type)
{
    switch (type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    default:
        return 4;
    }
}

/* Element i of field f in m (i 0 for a single field): its address. */
static const void *element(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, size_t i)
{
    if (f->label != PROTOBUF_C_LABEL_REPEATED)
        return at(m, f->offset);
    const char *arr = *(const char *const *)at(m, f->offset);
    size_t size = f->type == PROTOBUF_C_TYPE_STRING || f->type == PROTOBUF_C_TYPE_MESSAGE
                      ? sizeof(void *)
                  : f->type == PROTOBUF_C_TYPE_BYTES ? sizeof(ProtobufCBinaryData)
                                                     : scalar_size(f->type);
    return arr + i * size;
}

static bool same_element(const ProtobufCFieldDescriptor *f, const void *a, const void *b)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
        return strcmp(*(char *const *)a, *(char *const *)b) == 0;
    case PROTOBUF_C_TYPE_MESSAGE:
        return same_message(*(const ProtobufCMessage *const *)a,
                            *(const ProtobufCMessage *const *)b);
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *x = a, *y = b;
        return x->len == y->len && (!x->len || memcmp(x->data, y->data, x->len) == 0);
    }
    default:
        return memcmp(a, b, scalar_size(f->type)) == 0;
    }
}

static bool same_field(const ProtobufCFieldDescriptor *f, const ProtobufCMessage *a,
                       const ProtobufCMessage *b)
{
    size_t n = f->label == PROTOBUF_C_LABEL_REPEATED ? count_of(a, f) : 1;
    if (f->label == PROTOBUF_C_LABEL_REPEATED && n != count_of(b, f))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!same_element(f, element(a, f, i), element(b, f, i)))
            return false;
    return true;
}

/* One element as text into buf (cap bytes); false where it has none a
 * person would read (a message, bytes). */
static bool element_text(const ProtobufCFieldDescriptor *f, const void *v, char *buf, size_t cap)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
        snprintf(buf, cap, "%s", *(char *const *)v);
        return true;
    case PROTOBUF_C_TYPE_ENUM: /* a value the descriptor lacks: its number */
        if (!*pbjson_enum_name(f->descriptor, *(const int *)v, buf, cap))
            snprintf(buf, cap, "%d", *(const int *)v);
        return true;
    case PROTOBUF_C_TYPE_BOOL:
        snprintf(buf, cap, "%s", *(const protobuf_c_boolean *)v ? "true" : "false");
        return true;
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        snprintf(buf, cap, "%" PRId32, *(const int32_t *)v);
        return true;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        snprintf(buf, cap, "%" PRIu32, *(const uint32_t *)v);
        return true;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        snprintf(buf, cap, "%" PRId64, *(const int64_t *)v);
        return true;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        snprintf(buf, cap, "%" PRIu64, *(const uint64_t *)v);
        return true;
    default:
        return false;
    }
}

/* The field's value as text (a list joined by ", "), or NULL where it is
 * long or has no text: the change is then named only. */
static char *value_text(const ProtobufCFieldDescriptor *f, const ProtobufCMessage *m)
{
    char out[EDITS_VALUE_MAX + 1] = "", one[EDITS_VALUE_MAX + 2];
    size_t n = f->label == PROTOBUF_C_LABEL_REPEATED ? count_of(m, f) : 1, len = 0;
    for (size_t i = 0; i < n; i++) {
        if (!element_text(f, element(m, f, i), one, sizeof one))
            return NULL;
        int w = snprintf(out + len, sizeof out - len, "%s%s", i ? ", " : "", one);
        if (w < 0 || (size_t)w >= sizeof out - len)
            return NULL;
        len += (size_t)w;
    }
    return records_strdup(out);
}

void edits_note(Thidua__V1__HistoryEntry *entry, const ProtobufCMessage *before,
                const ProtobufCMessage *after)
{
    if (!before) /* its copy failed: the entry says "edit" alone */
        return;
    const ProtobufCMessageDescriptor *d = after->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (skipped(f->name) || (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) ||
            same_field(f, before, after))
            continue;
        Thidua__V1__FieldChange *c = mem_alloc(sizeof *c);
        thidua__v1__field_change__init(c);
        c->field = records_strdup(f->name);
        char *was = value_text(f, before), *is = value_text(f, after);
        if (was && is) { /* else one side is long: named only */
            c->before = was;
            c->after = is;
        } else {
            free(was);
            free(is);
        }
        entry->changes =
            mem_realloc(entry->changes, (entry->n_changes + 1) * sizeof *entry->changes);
        entry->changes[entry->n_changes++] = c;
    }
}

ProtobufCMessage *edits_keep(const ProtobufCMessage *m)
{
    size_t len;
    uint8_t *buf = packed(m, &len);
    ProtobufCMessage *copy = protobuf_c_message_unpack(m->descriptor, NULL, len, buf);
    free(buf);
    if (!copy) /* out of memory: the request is refused, as any allocation's */
        mem_short();
    return copy;
}

void edits_free(ProtobufCMessage **m)
{
    if (*m)
        protobuf_c_message_free_unpacked(*m, NULL);
    *m = NULL;
}
