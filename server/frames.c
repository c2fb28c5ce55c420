/* A peer decides how many frames it sends; only a bounded number is kept,
 * so a message of a thousand frames costs nothing to drop. */
#include "frames.h"

int frames_recv(void *sock, zmq_msg_t *frames, int cap)
{
    int n = 0;
    for (int more = 1; more; n++) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, sock, n ? 0 : ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&m);
            break;
        }
        more = zmq_msg_more(&m);
        if (n < cap)
            frames[n] = m;
        else
            zmq_msg_close(&m);
    }
    return n;
}
