/* A subscriber's copy of the broker's records, by "type/id". Internal to
 * libthidua's watch. */
#ifndef THD_VIEW_H
#define THD_VIEW_H

#include <stddef.h>

#include "thidua.pb-c.h"

typedef struct view view_t;

view_t *view_new(void);
void view_destroy(view_t **self_p);
/* Borrowed; NULL when absent. */
const Thidua__V1__Record *view_get(const view_t *self, const char *type, const char *id);
/* Takes ownership of rec (a deleted record removes its key). -1 on ENOMEM. */
int view_put(view_t *self, Thidua__V1__Record *rec);
void view_clear(view_t *self);
size_t view_count(const view_t *self);
void view_each(const view_t *self, void (*fn)(void *arg, const Thidua__V1__Record *rec), void *arg);

#endif
