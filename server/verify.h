/* thidua-server verify: the whole change log's hash chain, and the state
 * against the log, on a stopped store. */
#ifndef THD_VERIFY_H
#define THD_VERIFY_H
#include "store.h"
/* 0 when sound; otherwise 1 with the first bad revision reported on stderr. */
int verify_store(store_t *store);
#endif
