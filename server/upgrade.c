/* Format 3 or 4 to 5 (upgrade.h): a pass over the nominee and task records
 * in key order, committing every ~1 MiB with where it got to. It writes
 * only what the split rule derives from each stored record, so running it
 * again over a record it already split changes nothing, and a batch lost
 * to a kill is simply done again. It never decides a domain rule of its
 * own. */
#include "upgrade.h"

#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "records.h"
#include "request.h"
#include "thidua.pb-c.h"

/* The types split, in key order (a stopped pass resumes by key). */
static const char *const prefixes[] = {"nominee/", "task/"};

/* Splits one stored task or nominee (v, vl) into the pending group, if it
 * holds history; the record is rewritten without it, its meta unchanged. 1
 * when it split, 0 when there was nothing to split, or an error code. */
static int split_one(req_ctx_t *ctx, const char *v, size_t vl, upgrade_done_t *done)
{
    Thidua__V1__Record *rec = thidua__v1__record__unpack(NULL, vl, (const uint8_t *)v);
    bool nominee = rec && rec->body_case == THIDUA__V1__RECORD__BODY_NOMINEE;
    if (!rec || (!nominee && rec->body_case != THIDUA__V1__RECORD__BODY_TASK)) {
        if (rec)
            thidua__v1__record__free_unpacked(rec, NULL);
        return thd_status_set(ctx->st, THD_DATA_LOSS, "",
                              "a task or nominee record does not decode");
    }
    Thidua__V1__HistoryEntry **entries = NULL;
    size_t n = history_take(rec, &entries);                       /* none: entries is NULL */
    int rc = n ? history_split_derived(ctx, rec, entries, n) : 0; /* takes entries */
    if (n && rc == 0) {
        *(nominee ? &done->nominees : &done->tasks) += 1;
        done->entries += n;
        rc = records_put_derived(ctx, rec); /* takes rec */
        return rc ? rc : 1;
    }
    thidua__v1__record__free_unpacked(rec, NULL);
    return rc;
}

/* One synced write: the records split since the last, this release's format mark
 * and where the pass is (NULL when finished). */
static int commit(store_t *store, const char *after, upgrade_done_t *done, thd_status_t *st)
{
    if (store_upgrade_put(store, after) != 0)
        return thd_status_set(st, THD_RESOURCE_EXHAUSTED, "", "out of memory");
    done->batches++;
    return store_commit(store, st);
}

/* Where the pass over prefix starts: at its first key (""), after the key
 * a stopped run finished in it, or nowhere (NULL) when that run was past it. */
static const char *resume_at(const char *prefix, const char *after)
{
    if (!after || strcmp(after, prefix) < 0)
        return "";
    return strncmp(after, prefix, strlen(prefix)) == 0 ? after : NULL;
}

/* Splits the records under prefix from start; *bytes counts those split
 * since the last commit. */
static int split_type(req_ctx_t *ctx, const char *prefix, const char *start, size_t *bytes,
                      upgrade_done_t *done)
{
    store_iter_t *it = store_iter_new_at(ctx->store, NULL, SPACE_RECORD, prefix, start);
    if (!it)
        return thd_status_set(ctx->st, THD_RESOURCE_EXHAUSTED, "", "out of memory");
    const char *k, *v;
    size_t kl, vl;
    char last[512];
    int rc = 0;
    while (rc == 0 && store_iter_next(it, &k, &kl, &v, &vl) == 1) {
        rc = split_one(ctx, v, vl, done);
        *bytes += rc == 1 ? vl : 0; /* a pass that splits nothing writes only its last batch */
        rc = rc == 1 ? 0 : rc;
        if (rc == 0 && *bytes >= UPGRADE_BATCH_BYTES && kl < sizeof last) {
            memcpy(last, k, kl);
            last[kl] = '\0';
            rc = commit(ctx->store, last, done, ctx->st);
            *bytes = 0;
        }
    }
    store_iter_destroy(&it);
    return rc;
}

static int split_all(store_t *store, const char *after, upgrade_done_t *done, thd_status_t *st)
{
    static const Thidua__V1__Principal nobody = {.name = (char *)"migrate"};
    static const struct req_in in = {.who = &nobody};
    req_ctx_t ctx = {.in = &in, .store = store, .st = st};
    size_t bytes = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof prefixes / sizeof prefixes[0]; i++) {
        const char *start = resume_at(prefixes[i], after);
        if (start)
            rc = split_type(&ctx, prefixes[i], start, &bytes, done);
    }
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
    if (rc == 1 && done->from < store_schema()) {
        /* stopped by an older release, whose pass split fewer types: the
         * key does not say what this one did; the rule repeats harmlessly */
        free(after);
        after = NULL;
        rc = 0;
    }
    done->resumed = rc == 1;
    if (rc >= 0)
        rc = split_all(store, after, done, st);
    free(after);
    store_destroy(&store);
    return rc ? -1 : 0;
}
