#include "curve.h"

#include <stdint.h>
#include <zmq.h>

#include "log.h"
#include "thd_limits.h"

void *curve_socket(void *zmq_ctx, int type, const char *endpoint, const key_pair_t *kp, int sndhwm)
{
    void *s = zmq_socket(zmq_ctx, type);
    int one = 1, linger = 1000;
    int64_t maxmsg = THD_MAX_MSG_BYTES;
    bool ok = s && zmq_setsockopt(s, ZMQ_CURVE_SERVER, &one, sizeof one) == 0 &&
              zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, kp->secret_key, KEY_Z85_LEN) == 0 &&
              zmq_setsockopt(s, ZMQ_ZAP_DOMAIN, "thidua", 6) == 0 &&
              zmq_setsockopt(s, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg) == 0 &&
              zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger) == 0 &&
              (sndhwm <= 0 || zmq_setsockopt(s, ZMQ_SNDHWM, &sndhwm, sizeof sndhwm) == 0) &&
              zmq_bind(s, endpoint) == 0;
    if (!ok) {
        log_error("cannot bind %s: %s", endpoint, zmq_strerror(zmq_errno()));
        if (s)
            zmq_close(s);
        return NULL;
    }
    return s;
}
