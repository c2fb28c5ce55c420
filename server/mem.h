/* Memory on the request path. A handler builds records and replies in many
 * small allocations; checking each and unwinding every half-built message
 * would double the handlers and still leave paths no test reaches.
 * Instead an allocation that fails spends a reserve set aside at start and
 * is tried again, so the request runs to its end on memory that exists;
 * dispatch then refuses the request (internal.out_of_memory, as
 * docs/PROTOCOL.md promises), undoing its writes, and sets the reserve
 * aside again before the next one, refusing requests while it cannot.
 * Only an allocation that fails with the reserve spent stops the broker,
 * whose acknowledged writes are on disk. (Emacs's spare memory is the
 * model.) One thread: the broker's. */
#ifndef THD_MEM_H
#define THD_MEM_H

#include <stdbool.h>
#include <stddef.h>

#define MEM_RESERVE_BYTES (8u << 20)

/* Sets the reserve aside. THIDUA_TEST_OOM_EVERY=K makes every K-th
 * allocation inside a request fail, for the tests. */
void mem_init(void);

/* Never NULL (see above). */
void *mem_alloc(size_t n);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *p, size_t n);
char *mem_strdup(const char *s);
/* grow() (common/grow.h) without a cap of its own that never fails. */
void mem_grow(void *arrp, size_t *cap, size_t need, size_t elem);
/* Counts a failure met elsewhere (a library that returned NULL) as a
 * shortage of this request. */
void mem_short(void);

/* Around each request: begin is false while the reserve cannot be set
 * aside (refuse the request); mem_ran_short says whether an allocation
 * failed since. */
bool mem_request_begin(void);
bool mem_ran_short(void);
void mem_request_end(void);

#endif
