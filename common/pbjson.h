/* Any protobuf-c message as JSON, through its descriptor: field names as in
 * the .proto, enums as short lower-case names ("admin", "department"),
 * 64-bit numbers as JSON integers (past 2^63 as decimal strings, as
 * pbjson_in.h reads them), bytes as base64. Unset proto3 scalars
 * are left out unless they are in a repeated field. */
#ifndef THD_PBJSON_H
#define THD_PBJSON_H

#include <jansson.h>
#include <protobuf-c/protobuf-c.h>

/* Returns a fresh JSON object (json_decref it), NULL on ENOMEM. */
json_t *pbjson_from_message(const ProtobufCMessage *msg);
/* The short name of an enum value: "ROLE_ADMIN" of Role -> "admin". Writes
 * into buf and returns it; "" for unknown values. */
const char *pbjson_enum_name(const ProtobufCEnumDescriptor *d, int value, char *buf, size_t cap);
/* The value for a short name, or -1. */
int pbjson_enum_value(const ProtobufCEnumDescriptor *d, const char *name);

#endif
