/* A subscriber's copy of the broker's records, by "type/id". Internal to
 * libthidua's watch. Records from a snapshot stay packed, as they came,
 * and are decoded the first time they are asked for: a new subscriber
 * pays for copying bytes, not for decoding records nobody reads. */
#ifndef THD_VIEW_H
#define THD_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "thidua.pb-c.h"

typedef struct view view_t;

view_t *view_new(void);
void view_destroy(view_t **self_p);
/* Borrowed, decoded on first use and kept until the record is replaced;
 * NULL when absent or when its bytes do not decode. */
const Thidua__V1__Record *view_get(const view_t *self, const char *type, const char *id);
/* Takes ownership of rec (a deleted record removes its key). -1 on ENOMEM. */
int view_put(view_t *self, Thidua__V1__Record *rec);
/* Takes ownership of a packed Record's bytes (malloc'd); with `decoded`,
 * decodes it at once and sets *decoded (NULL if it does not decode). -1
 * on ENOMEM, -2 when the bytes name no type and id. */
int view_put_packed(view_t *self, uint8_t *bytes, size_t len, const Thidua__V1__Record **decoded);
void view_clear(view_t *self);
size_t view_count(const view_t *self);
void view_each(const view_t *self, void (*fn)(void *arg, const Thidua__V1__Record *rec), void *arg);

#endif
