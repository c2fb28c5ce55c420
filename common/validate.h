/* One check for every message that crosses the boundary: it walks the
 * message through its protobuf-c descriptor, so a new field is covered the
 * day it is added. */
#ifndef THD_VALIDATE_H
#define THD_VALIDATE_H

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* Checks every string (UTF-8, length, control characters), every enum
 * (a known value) and every repeated field (count), rewrites strings to
 * NFC in place, refuses one that shows nothing (text_blank: only spaces)
 * and drops unknown fields. The message must have been unpacked with the default
 * allocator. Returns 0 or INVALID_ARGUMENT with the field's path. */
int validate_message(ProtobufCMessage *msg, thd_status_t *st);

/* A string field's rule, picked by the field's name at any depth. */
typedef struct validate_rule {
    const char *name;
    size_t max_chars; /* code points after NFC, or bytes when ascii */
    bool multiline;   /* may hold tab, CR and LF */
    bool ascii;       /* printable ASCII only, counted in bytes, never rewritten */
    bool broker_id;   /* may name a record by the id the broker made: any case */
    bool blank_ok;    /* only spaces is taken as empty (a search), not refused */
} validate_rule_t;

/* The rules by name, in table order; every other name gets
 * validate_rule_for's default. docs/PROTOCOL.md's table is made from them
 * (tests/unit/test_field_table.c). */
const validate_rule_t *validate_rules(size_t *n);
validate_rule_t validate_rule_for(const char *name);

#endif
