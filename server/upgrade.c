/* Format 3 to 4 (upgrade.h): a pass over the task records in key order,
 * committing every ~1 MiB with where it got to. It writes only what the
 * split rule derives from each stored task, so running it again over a
 * task it already split changes nothing, and a batch lost to a kill is
 * simply done again. It never decides a domain rule of its own. */
#include "upgrade.h"

#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "records.h"
#include "request.h"
#include "thidua.pb-c.h"

#define TASKS "task/"

/* Splits one stored task (v, vl) into the pending group, if it holds
 * history; the task is rewritten without it, its meta unchanged. 1 when
 * it split, 0 when there was nothing to split, or an error code. */
static int split_one(req_ctx_t *ctx, const char *v, size_t vl, upgrade_done_t *done)
{
    Thidua__V1__Record *rec = thidua__v1__record__unpack(NULL, vl, (const uint8_t *)v);
    if (!rec || rec->body_case != THIDUA__V1__RECORD__BODY_TASK) {
        if (rec)
            thidua__v1__record__free_unpacked(rec, NULL);
        return thd_status_set(ctx->st, THD_DATA_LOSS, "", "a task record does not decode");
    }
    Thidua__V1__HistoryEntry **entries = NULL;
    size_t n = history_take(rec, &entries);
    int rc = n ? history_split_derived(ctx, rec, entries, n) : 0;
    if (n && rc == 0) {
        done->tasks++;
        done->entries += n;
        rc = records_put_derived(ctx, rec); /* takes rec */
        return rc ? rc : 1;
    }
    free(entries);
    thidua__v1__record__free_unpacked(rec, NULL);
    return rc;
}

/* One synced write: the records split since the last, the format 4 mark
 * and where the pass is (NULL when finished). */
static int commit(store_t *store, const char *after, upgrade_done_t *done, thd_status_t *st)
{
    if (store_upgrade_put(store, after) != 0)
        return thd_status_set(st, THD_RESOURCE_EXHAUSTED, "", "out of memory");
    done->batches++;
    return store_commit(store, st);
}

static int split_all(store_t *store, const char *after, upgrade_done_t *done, thd_status_t *st)
{
    static const Thidua__V1__Principal nobody = {.name = (char *)"migrate"};
    static const struct req_in in = {.who = &nobody};
    req_ctx_t ctx = {.in = &in, .store = store, .st = st};
    store_iter_t *it = store_iter_new_at(store, NULL, SPACE_RECORD, TASKS, after);
    if (!it)
        return thd_status_set(st, THD_RESOURCE_EXHAUSTED, "", "out of memory");
    const char *k, *v;
    size_t kl, vl, bytes = 0;
    char last[512];
    int rc = 0;
    while (rc == 0 && store_iter_next(it, &k, &kl, &v, &vl) == 1) {
        rc = split_one(&ctx, v, vl, done);
        bytes += rc == 1 ? vl : 0; /* a pass that splits nothing writes only its last batch */
        rc = rc == 1 ? 0 : rc;
        if (rc == 0 && bytes >= UPGRADE_BATCH_BYTES && kl < sizeof last) {
            memcpy(last, k, kl);
            last[kl] = '\0';
            rc = commit(store, last, done, st);
            bytes = 0;
        }
    }
    store_iter_destroy(&it);
    return rc ? rc : commit(store, NULL, done, st);
}

int upgrade_split(const char *store_dir, upgrade_done_t *done, thd_status_t *st)
{
    memset(done, 0, sizeof *done);
    store_t *store = store_open_for(store_dir, STORE_UPGRADE, st);
    if (!store)
        return -1;
    char *after = NULL;
    int rc = store_upgrade_get(store, &after, st);
    done->from = store_format(store);
    done->resumed = rc == 1;
    if (rc >= 0)
        rc = split_all(store, after, done, st);
    free(after);
    store_destroy(&store);
    return rc ? -1 : 0;
}
