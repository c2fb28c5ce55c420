/* JSON into any protobuf-c message, through its descriptor: the inverse of
 * pbjson.h. Field names as in the .proto; enums by short name ("unit") or
 * number; 64-bit numbers as JSON integers or decimal strings; bytes as
 * base64. Unknown fields and values of the wrong type are refused, naming
 * the field, so a page's mistake is a clear error and never a guess. The
 * limits of lengths and lists stay with the validator (validate.h). */
#ifndef THD_PBJSON_IN_H
#define THD_PBJSON_IN_H

#include <jansson.h>
#include <protobuf-c/protobuf-c.h>

#include "status.h"

/* Builds a fresh message of type d from obj (a JSON object). Returns it
 * (free with protobuf_c_message_free_unpacked(msg, NULL)), or NULL with st
 * set: INVALID_ARGUMENT naming the field, or INTERNAL on ENOMEM. */
ProtobufCMessage *pbjson_to_message(const ProtobufCMessageDescriptor *d, const json_t *obj,
                                    thd_status_t *st);

#endif
