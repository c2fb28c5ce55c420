/* The broker's CURVE server sockets: secret key, the ZAP domain (so the
 * handler in auth.c decides who connects), the message size limit and a
 * bounded linger, then bound. */
#ifndef THD_CURVE_H
#define THD_CURVE_H

#include "keys.h"

/* A socket of type bound on endpoint, or NULL (the reason is logged).
 * sndhwm above 0 sets ZMQ_SNDHWM; 0 leaves libzmq's. */
void *curve_socket(void *zmq_ctx, int type, const char *endpoint, const key_pair_t *kp, int sndhwm);

#endif
