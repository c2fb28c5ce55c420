/* The admin's directory: principals (who may connect, in which role) and
 * units (departments, districts, subcommittees...). */
#ifndef THD_DIRECTORY_H
#define THD_DIRECTORY_H

#include "request.h"

handler_fn directory_principal_add;
handler_fn directory_principal_list;
handler_fn directory_principal_set_disabled;
handler_fn directory_principal_set_key;
handler_fn directory_unit_add;
handler_fn directory_unit_edit;
handler_fn directory_unit_get;
handler_fn directory_unit_list;

/* The principal of this name. Returns 1 with *out fresh (free_unpacked), 0
 * when none. */
int directory_principal_by_name(store_t *store, const char *name, Thidua__V1__Principal **out);
/* The principal holding this CURVE public key (Z85), for ZAP. Returns 1 with
 * *out fresh (free_unpacked), 0 when none. */
int directory_principal_by_key(store_t *store, const char *public_key, Thidua__V1__Principal **out);

/* Principals by name for attributing requests, kept unpacked between
 * them: every request reads its principal (a disabled one stops at once),
 * and unpacking it each time was a twentieth of a report's work. An entry
 * is reused only while the store holds the same bytes for its name,
 * pending writes included, so any change is seen by the next request. */
typedef struct directory_cache directory_cache_t;
directory_cache_t *directory_cache_new(void);
void directory_cache_destroy(directory_cache_t **self_p);
/* 1 with *out (the cache's: valid until the next call, not to be freed),
 * 0 when the name has no principal or it cannot be read. */
int directory_cache_principal(directory_cache_t *self, store_t *store, const char *name,
                              const Thidua__V1__Principal **out);

#endif
