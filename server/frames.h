/* Reading one multipart ZeroMQ message of a bounded shape. */
#ifndef THIDUA_FRAMES_H
#define THIDUA_FRAMES_H

#include <zmq.h>

/* Receives the message waiting on sock, if any, without blocking for its
 * first frame: keeps its first cap frames in frames[] (the caller closes
 * them) and drops the rest. Returns how many frames it had, 0 when no
 * message was waiting. */
int frames_recv(void *sock, zmq_msg_t *frames, int cap);

#endif
