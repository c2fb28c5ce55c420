/* The generic call's two halves, shared by the JSON call (call.c) and the
 * upload (upload.c): the kind's body field, and the send under the
 * session's key with the reply as JSON. */
#ifndef THD_WEB_CALL_H
#define THD_WEB_CALL_H

#include "http.h"

/* The body field of Request for kind ("task.report"), or NULL. */
const ProtobufCFieldDescriptor *call_body_field(const char *kind);
/* Sends body (of field f) under the session's key; replies with the result.
 * body stays the caller's. */
enum MHD_Result call_send(web_req_t *r, const ProtobufCFieldDescriptor *f, ProtobufCMessage *body);

#endif
