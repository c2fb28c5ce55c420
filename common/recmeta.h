/* The Meta inside any Record body, found through the descriptor, so code
 * that handles records generically needs no per-type switch. */
#ifndef THD_RECMETA_H
#define THD_RECMETA_H
#include "thidua.pb-c.h"
/* Borrowed; NULL when the body is unset or has no meta. */
Thidua__V1__Meta *recmeta_get(const Thidua__V1__Record *rec);
/* The address of the body's meta field, or NULL when it has none. */
Thidua__V1__Meta **recmeta_slot(const Thidua__V1__Record *rec);
#endif
