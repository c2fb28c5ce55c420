/* One check for every message that crosses the boundary: it walks the
 * message through its protobuf-c descriptor, so a new field is covered the
 * day it is added. */
#ifndef THD_VALIDATE_H
#define THD_VALIDATE_H

#include <protobuf-c/protobuf-c.h>
#include "status.h"

/* Checks every string (UTF-8, length, control characters), every enum
 * (a known value) and every repeated field (count), rewrites strings to
 * NFC in place and drops unknown fields. The message must have been unpacked with the default
 * allocator. Returns 0 or INVALID_ARGUMENT with the field's path. */
int validate_message(ProtobufCMessage *msg, thd_status_t *st);

#endif
