/* One growable array for every buffer that grows by hand: capacity in
 * elements doubles (from 8) up to a cap, so a runaway input meets a limit
 * instead of the machine's memory (curl's dynbuf is the model). */
#ifndef THD_GROW_H
#define THD_GROW_H

#include <stddef.h>

/* Makes *arrp (a T * of elem-sized elements, capacity *cap) hold at least
 * need elements, moving it if it must. 0, or -1 when need is over max or
 * memory is out: then *arrp and *cap are unchanged, their elements kept.
 * A max over what a size_t can count in bytes means no cap but that. */
int grow(void *arrp, size_t *cap, size_t need, size_t elem, size_t max);

#endif
