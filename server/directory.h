/* The admin's directory: principals (who may connect, in which role) and
 * units (departments, districts, subcommittees...). */
#ifndef THD_DIRECTORY_H
#define THD_DIRECTORY_H

#include "request.h"

handler_fn directory_principal_add;
handler_fn directory_principal_list;
handler_fn directory_principal_set_disabled;
handler_fn directory_unit_add;
handler_fn directory_unit_edit;
handler_fn directory_unit_get;
handler_fn directory_unit_list;

/* The principal holding this CURVE public key (Z85), for ZAP. Returns 1 with
 * *out fresh (free_unpacked), 0 when none. */
int directory_principal_by_key(store_t *store, const char *public_key, Thidua__V1__Principal **out);
/* The principal by name, for attributing a request. Same return. */
int directory_principal_by_name(store_t *store, const char *name, Thidua__V1__Principal **out);

#endif
