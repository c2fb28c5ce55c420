/* A call in two halves, for callers that do work while the broker
 * answers (the watch asks for the next snapshot page before it stores
 * the current one). One attempt, no retry: the caller owns recovery. */
#ifndef THD_CLIENT_CALL_H
#define THD_CLIENT_CALL_H

#include "thidua.h"

/* Sends req under a fresh request id; 0 or a status code. */
int client_send(thd_client_t *self, Thidua__V1__Request *req, thd_status_t *st);
/* Waits for the reply to the last request sent, decoded as desc: Response
 * or a message wire-compatible with it. The caller frees *resp, also when
 * the reply carries a refusal (its code is returned). */
int client_await(thd_client_t *self, const ProtobufCMessageDescriptor *desc,
                 ProtobufCMessage **resp, thd_status_t *st);

#endif
