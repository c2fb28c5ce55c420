/* Messages packed around records that are already packed. A write packs
 * its record once, for the store; the change-log entry and the reply carry
 * the same bytes instead of packing the record again. The result is the
 * encoding protobuf-c gives the whole message (fields in number order), so
 * log entries, their hashes and replies stay byte for byte what they were. */
#ifndef THD_PACKED_H
#define THD_PACKED_H

#include <stddef.h>
#include <stdint.h>

#include "thidua.pb-c.h"

/* head's fields 1-5 (its records and changed are ignored), then records,
 * then changed. Fresh buffer (free), NULL on ENOMEM. */
uint8_t *packed_event(const Thidua__V1__Event *head, const ProtobufCBinaryData *records,
                      size_t n_records, char *const *changed, size_t n_changed, size_t *len);
/* head (with no body) followed by record as its body. Fresh buffer, NULL on ENOMEM. */
uint8_t *packed_response(const Thidua__V1__Response *head, const ProtobufCBinaryData *record,
                         size_t *len);

#endif
