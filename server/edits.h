/* What an edit changed, named in its history entry (HistoryEntry.changes). */
#ifndef THD_EDITS_H
#define THD_EDITS_H

#include "thidua.pb-c.h"

/* A copy of m to compare with after the edit; NULL when memory failed
 * (mem_short: dispatch refuses the request), which edits_note takes as
 * "nothing to name". Free with edits_free. */
ProtobufCMessage *edits_keep(const ProtobufCMessage *m);
/* Adds to entry a FieldChange for each field of after that differs from
 * before (the same message type), but meta and history. */
void edits_note(Thidua__V1__HistoryEntry *entry, const ProtobufCMessage *before,
                const ProtobufCMessage *after);
void edits_free(ProtobufCMessage **m);

#endif
