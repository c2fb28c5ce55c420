/* Requests about the broker itself: ping and status. */
#ifndef THD_INFO_H
#define THD_INFO_H
#include "request.h"
handler_fn info_ping;
handler_fn info_status;
#endif
