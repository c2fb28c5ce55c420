/* What a subscriber needs to converge: a consistent paged snapshot, and the
 * change log since a revision (DESIGN §5). Read-only; rules only. */
#ifndef THD_FEED_H
#define THD_FEED_H
#include "request.h"
handler_fn feed_snapshot;
handler_fn feed_changes_since;
#endif
