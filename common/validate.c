#include "validate.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reasons.h"
#include "thd_limits.h"
#include "text.h"

/* Short fields by name; every other string may hold THD_MAX_TEXT_CHARS. */
static const validate_rule_t rules[] = {
    {.name = "request_id", .max_chars = THD_MAX_REQUEST_ID, .ascii = true},
    {.name = "public_key", .max_chars = 40},
    {.name = "cursor", .max_chars = 64, .ascii = true},
    {.name = "code", .max_chars = THD_MAX_CODE_CHARS},
    {.name = "unit", .max_chars = THD_MAX_CODE_CHARS},
    {.name = "units", .max_chars = THD_MAX_CODE_CHARS},
    {.name = "id", .max_chars = THD_MAX_HANDLE_CHARS, .broker_id = true},
    {.name = "type", .max_chars = THD_MAX_HANDLE_CHARS},
    {.name = "name", .max_chars = THD_MAX_NAME_CHARS},
    {.name = "display_name", .max_chars = THD_MAX_NAME_CHARS},
    {.name = "title", .max_chars = THD_MAX_NAME_CHARS},
    /* congress domain */
    {.name = "lead_unit", .max_chars = THD_MAX_CODE_CHARS},
    {.name = "support_units", .max_chars = THD_MAX_CODE_CHARS},
    {.name = "proposing_unit", .max_chars = THD_MAX_CODE_CHARS},
    {.name = "criterion", .max_chars = THD_MAX_CODE_CHARS},
    {.name = "criteria_met", .max_chars = THD_MAX_CODE_CHARS},
    {.name = "task", .max_chars = THD_MAX_HANDLE_CHARS, .broker_id = true},
    /* a ballot's nominees and each vote's: named like a nominee's own id */
    {.name = "nominee", .max_chars = THD_MAX_HANDLE_CHARS, .broker_id = true},
    {.name = "nominees", .max_chars = THD_MAX_HANDLE_CHARS, .broker_id = true},
    {.name = "deadline", .max_chars = THD_MAX_DATE_CHARS, .ascii = true},
    {.name = "deadline_before", .max_chars = THD_MAX_DATE_CHARS, .ascii = true},
    {.name = "deadline_after", .max_chars = THD_MAX_DATE_CHARS, .ascii = true},
    {.name = "page_token", .max_chars = THD_MAX_HANDLE_CHARS, .ascii = true},
    {.name = "sha256", .max_chars = 64, .ascii = true},
    {.name = "media_type", .max_chars = THD_MAX_NAME_CHARS},
    {.name = "gender", .max_chars = THD_MAX_CODE_CHARS},
    {.name = "position", .max_chars = THD_MAX_NAME_CHARS},
    {.name = "workplace", .max_chars = THD_MAX_NAME_CHARS},
    {.name = "agency", .max_chars = THD_MAX_NAME_CHARS},
    {.name = "verb", .max_chars = THD_MAX_HANDLE_CHARS},
    {.name = "actor", .max_chars = THD_MAX_HANDLE_CHARS},
    {.name = "query", .max_chars = THD_MAX_NAME_CHARS, .blank_ok = true},
    /* the working-day calendar and earlier honours */
    {.name = "holidays", .max_chars = THD_MAX_DATE_CHARS, .ascii = true},
    {.name = "disclosure_opened", .max_chars = THD_MAX_DATE_CHARS, .ascii = true},
    {.name = "disclosure_close_from", .max_chars = THD_MAX_DATE_CHARS, .ascii = true},
    {.name = "honour_form", .max_chars = THD_MAX_NAME_CHARS},
    {.name = "form", .max_chars = THD_MAX_NAME_CHARS},
    {.name = "decision_number", .max_chars = THD_MAX_HANDLE_CHARS},
};

/* Repeated fields allowed more than THD_MAX_REPEATED elements. */
static const struct {
    const char *message, *field;
    size_t max;
} long_lists[] = {
    {"thidua.v1.ImportRequest", "rows", THD_MAX_IMPORT_ROWS},
};

static size_t max_elements(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
    for (size_t i = 0; i < sizeof long_lists / sizeof long_lists[0]; i++)
        if (strcmp(long_lists[i].message, d->name) == 0 &&
            strcmp(long_lists[i].field, f->name) == 0)
            return long_lists[i].max;
    return THD_MAX_REPEATED;
}

const validate_rule_t *validate_rules(size_t *n)
{
    *n = sizeof rules / sizeof rules[0];
    return rules;
}

validate_rule_t validate_rule_for(const char *name)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].name, name) == 0)
            return rules[i];
    return (validate_rule_t){.name = name, .max_chars = THD_MAX_TEXT_CHARS, .multiline = true};
}

static size_t digits(const char *s)
{
    size_t n = 0;
    while (isdigit((unsigned char)s[n]))
        n++;
    return n;
}

/* The ids the broker makes are a short letter prefix, a dash and a number
 * ("T-31", "N-8"; a document is "T-31/v2"). Typed in any case they name
 * the same record, so here, where every request passes once, they are
 * written as the broker writes them: "t-31" is "T-31", "t-31/V2" is
 * "T-31/v2". Anything of another shape is left as it is. */
static void broker_id_case(char *s)
{
    size_t p = 0;
    while (p < 4 && isalpha((unsigned char)s[p]))
        p++;
    size_t num = s[p] == '-' ? digits(s + p + 1) : 0;
    if (p == 0 || p > 3 || num == 0)
        return;
    char *tail = s + p + 1 + num;
    bool version = tail[0] == '/' && (tail[1] == 'v' || tail[1] == 'V') && digits(tail + 2) &&
                   tail[2 + digits(tail + 2)] == '\0';
    if (*tail && !version)
        return;
    for (size_t i = 0; i < p; i++)
        s[i] = (char)toupper((unsigned char)s[i]);
    if (version)
        tail[1] = 'v';
}

static int check_string(char **sp, const char *path, const validate_rule_t *r, thd_status_t *st)
{
    char *s = *sp;
    if (!s || !*s)
        return 0;
    if (r->broker_id)
        broker_id_case(s);
    if (r->ascii) {
        size_t len = strlen(s);
        for (size_t i = 0; i < len; i++)
            if (s[i] < 0x21 || s[i] > 0x7e)
                return thd_refuse(st, THD_R_FIELD_NOT_ASCII, path, path);
        if (len > r->max_chars)
            return thd_refuse(st, THD_R_FIELD_TOO_MANY_BYTES, path, path, THD_U(r->max_chars));
        return 0;
    }
    bool composed = text_known_nfc(s); /* valid UTF-8, its own NFC form */
    char *nfc = composed ? s : text_nfc(s);
    if (!nfc)
        return thd_refuse(st, THD_R_FIELD_NOT_UTF8, path, path);
    if (text_chars(nfc) > r->max_chars || text_has_control(nfc, r->multiline)) {
        bool too_long = text_chars(nfc) > r->max_chars;
        if (!composed)
            free(nfc);
        if (too_long)
            return thd_refuse(st, THD_R_FIELD_TOO_LONG, path, path, THD_U(r->max_chars));
        return thd_refuse(st, THD_R_FIELD_CONTROL, path, path);
    }
    if (text_blank(nfc) && !r->blank_ok) { /* stored, it would be a row with no name */
        if (!composed)
            free(nfc);
        return thd_refuse(st, THD_R_FIELD_BLANK, path, path);
    }
    if (composed)
        return 0;
    if (strcmp(nfc, s) == 0) {
        free(nfc);
        return 0;
    }
    free(s); /* unpacked strings come from the default allocator */
    *sp = nfc;
    return 0;
}

static int check_enum(int value, const ProtobufCFieldDescriptor *f, const char *path,
                      thd_status_t *st)
{
    if (protobuf_c_enum_descriptor_get_value(f->descriptor, value))
        return 0;
    return thd_refuse(st, THD_R_FIELD_BAD_ENUM, path, path, THD_I(value));
}

static int check_one(void *member, const ProtobufCFieldDescriptor *f, const char *path,
                     thd_status_t *st)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING: {
        validate_rule_t r = validate_rule_for(f->name);
        return check_string((char **)member, path, &r, st);
    }
    case PROTOBUF_C_TYPE_ENUM:
        return check_enum(*(int *)member, f, path, st);
    case PROTOBUF_C_TYPE_MESSAGE:
        if (*(ProtobufCMessage **)member) {
            int rc = validate_message(*(ProtobufCMessage **)member, st);
            if (rc && st) {
                /* prefix the nested path: "unit" + "." + "name" */
                char full[2 * sizeof st->field];
                snprintf(full, sizeof full, "%s.%s", path, st->field);
                snprintf(st->field, sizeof st->field, "%.*s", (int)sizeof st->field - 1, full);
            }
            return rc;
        }
        return 0;
    default:
        return 0;
    }
}

static size_t elem_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
        return sizeof(char *);
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(ProtobufCMessage *);
    case PROTOBUF_C_TYPE_ENUM:
        return sizeof(int);
    default:
        return 0; /* numbers and bytes need no per-element check */
    }
}

static bool oneof_inactive(const ProtobufCMessage *msg, const ProtobufCFieldDescriptor *f)
{
    if (!(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
        return false;
    uint32_t which = *(const uint32_t *)((const char *)msg + f->quantifier_offset);
    return which != f->id;
}

/* Fields this build does not know are dropped here, so a newer client's
 * extra data is ignored rather than stored with a record. */
static void drop_unknown(ProtobufCMessage *msg)
{
    for (unsigned i = 0; i < msg->n_unknown_fields; i++)
        free(msg->unknown_fields[i].data);
    free(msg->unknown_fields);
    msg->unknown_fields = NULL;
    msg->n_unknown_fields = 0;
}

int validate_message(ProtobufCMessage *msg, thd_status_t *st)
{
    const ProtobufCMessageDescriptor *d = msg->descriptor;
    drop_unknown(msg);
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        char *base = (char *)msg + f->offset;
        if (oneof_inactive(msg, f))
            continue;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(size_t *)((char *)msg + f->quantifier_offset), max = max_elements(d, f);
            if (n > max)
                return thd_refuse(st, THD_R_FIELD_TOO_MANY, f->name, f->name, THD_U(max));
            size_t sz = elem_size(f);
            char *arr = *(char **)base;
            for (size_t k = 0; sz && k < n; k++) {
                /* messages in a list are named by index: "rows[12].task.title" */
                char path[96];
                snprintf(path, sizeof path, "%s[%zu]", f->name, k);
                int rc = check_one(arr + k * sz, f,
                                   f->type == PROTOBUF_C_TYPE_MESSAGE ? path : f->name, st);
                if (rc)
                    return rc;
            }
            continue;
        }
        int rc = check_one(base, f, f->name, st);
        if (rc)
            return rc;
    }
    return 0;
}
