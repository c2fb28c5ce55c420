/* Replays the change log into a map of record key -> record bytes and
 * compares it with the stored state, after checking every link of the hash
 * chain, and the kept per-type record counts against the records. Runs on
 * a stopped store (LevelDB allows one opener). */
#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "overlay.h"
#include "records.h"
#include "thidua.pb-c.h"

static int bad(uint64_t rev, const char *why)
{
    fprintf(stderr, "verify: FAILED at revision %llu: %s\n", (unsigned long long)rev, why);
    return 1;
}

/* What the log implies: latest maps each record key "type/id" to its last
 * logged image (packed Record; an overlay keeps every write's bytes until
 * it is destroyed); held, each key of a task or nominee to its last logged
 * image that still held its history (a struct image naming those bytes),
 * in a store whose format keeps that type's history as records (see
 * derive_split). */
struct implied {
    overlay_t *latest, *held;
    int format;
};

struct image {
    const void *bytes;
    size_t len;
};

/* Whether a record of the type the key "type/id" names keeps its history
 * as records in a store of format. */
static bool split_in(const void *key, size_t klen, int format)
{
    const char *slash = memchr(key, '/', klen);
    int since = slash ? history_format_of(key, (size_t)(slash - (const char *)key)) : 0;
    return since && format >= since;
}

/* Records each event's records into the implied state. */
static int replay(struct implied *im, const Thidua__V1__Event *ev)
{
    for (size_t i = 0; i < ev->n_records; i++) {
        const Thidua__V1__Record *r = ev->records[i];
        char key[512];
        size_t klen = (size_t)snprintf(key, sizeof key, "%s/%s", r->type, r->id);
        klen = klen < sizeof key ? klen : sizeof key - 1;
        size_t len = thidua__v1__record__get_packed_size(r);
        uint8_t *buf = malloc(len ? len : 1);
        if (!buf)
            return -1;
        thidua__v1__record__pack(r, buf);
        int rc = overlay_put(im->latest, key, klen, r->deleted ? NULL : buf, len);
        free(buf);
        struct image held;
        if (rc == 0 && !r->deleted && history_held(r) && split_in(key, klen, im->format) &&
            overlay_get(im->latest, key, klen, &held.bytes, &held.len) == 1)
            rc = overlay_put(im->held, key, klen, &held, sizeof held);
        if (rc)
            return -1;
    }
    return 0;
}

static int check_chain(store_t *store, struct implied *im, uint64_t *entries)
{
    uint8_t prev[STORE_HASH_LEN], want[STORE_HASH_LEN];
    store_chain_base(store, prev);
    uint64_t expect = store_oldest_revision(store), rev = 0;
    store_log_iter_t *it = store_log_iter_new(store, expect);
    const uint8_t *hash;
    const char *entry;
    size_t len;
    int rc = 0, step;
    while (rc == 0 && (step = store_log_iter_next(it, &rev, &hash, &entry, &len)) != 0) {
        if (step < 0) {
            rc = bad(expect, "malformed log entry");
            break;
        }
        if (rev != expect) {
            rc = bad(expect, "log entry missing");
            break;
        }
        store_chain_hash(prev, entry, len, want);
        if (memcmp(want, hash, STORE_HASH_LEN) != 0) {
            rc = bad(rev, "hash chain broken: the entry or its hash was altered");
            break;
        }
        Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, len, (const uint8_t *)entry);
        if (!ev || ev->revision != rev)
            rc = bad(rev, "log entry does not decode as its own revision's event");
        else if (replay(im, ev) != 0)
            rc = bad(rev, "out of memory");
        if (ev)
            thidua__v1__event__free_unpacked(ev, NULL);
        memcpy(prev, hash, STORE_HASH_LEN);
        expect++;
    }
    store_log_iter_destroy(&it);
    uint8_t head[STORE_HASH_LEN];
    store_head(store, head);
    if (rc == 0 && expect != store_committed_revision(store) + 1)
        rc = bad(expect, "the log ends before the store's revision");
    else if (rc == 0 && memcmp(head, prev, STORE_HASH_LEN) != 0)
        rc = bad(expect - 1, "the newest entry's hash is not the recorded chain head");
    *entries = expect - store_oldest_revision(store);
    return rc;
}

/* Packs rec into latest under "type/id", as the log's image of it would be. */
static int latest_put(overlay_t *latest, const Thidua__V1__Record *r)
{
    char key[512];
    snprintf(key, sizeof key, "%s/%s", r->type, r->id);
    size_t len = thidua__v1__record__get_packed_size(r);
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf)
        return -1;
    thidua__v1__record__pack(r, buf);
    return overlay_put_owned(latest, key, strlen(key), buf, len);
}

static int split_count(void *arg, const char *parent, uint32_t n)
{
    (void)arg, (void)parent, (void)n; /* the index is not a record: nothing logs it */
    return 0;
}

/* Whether val is key's latest write in latest (a walk of an overlay meets
 * each key at every write; this takes it once), and not a delete. */
static bool latest_write(const overlay_t *latest, const void *key, size_t klen, const void *val)
{
    const void *img;
    size_t il;
    return val && overlay_get(latest, key, klen, &img, &il) == 1 && img == val;
}

/* A derived history record goes where the log wrote none: a later logged
 * write of that entry (a first write's split, a rehome) is the newer. */
static int split_record(void *arg, Thidua__V1__Record *rec)
{
    overlay_t *latest = arg;
    char key[512];
    size_t klen = (size_t)snprintf(key, sizeof key, "%s/%s", rec->type, rec->id);
    const void *img;
    size_t il;
    int rc = overlay_get(latest, key, klen < sizeof key ? klen : sizeof key - 1, &img, &il) == 1
                 ? 0
                 : latest_put(latest, rec);
    thidua__v1__record__free_unpacked(rec, NULL);
    return rc;
}

enum { DERIVE_NO_MEMORY = -1, DERIVE_UNDECODABLE = -2 };

struct derive {
    overlay_t *latest;
    int rc; /* 0, or a DERIVE_ failure */
};

/* Splits one held image (see derive_split); the record's own image is
 * replaced by its split only when it is still the latest. */
static void derive_one(void *arg, const void *key, size_t klen, const void *val, size_t vlen)
{
    struct derive *d = arg;
    struct image held;
    if (d->rc || !val || vlen != sizeof held)
        return;
    memcpy(&held, val, sizeof held);
    Thidua__V1__Record *parent = thidua__v1__record__unpack(NULL, held.len, held.bytes);
    if (!parent) {
        d->rc = DERIVE_UNDECODABLE;
        return;
    }
    const void *img;
    size_t il;
    bool last = overlay_get(d->latest, key, klen, &img, &il) == 1 && img == held.bytes;
    history_sink_t sink = {.count = split_count, .record = split_record, .arg = d->latest};
    Thidua__V1__HistoryEntry **entries = NULL;
    size_t n = history_take(parent, &entries);
    int rc = history_split(parent, entries, n, &sink);
    if (rc == 0 && last)
        rc = latest_put(d->latest, parent);
    d->rc = rc ? DERIVE_NO_MEMORY : 0; /* the sinks fail only to allocate */
    thidua__v1__record__free_unpacked(parent, NULL);
}

/* The log's images of a task written before format 4, or of a nominee
 * before 5, hold their history; migrate split the stored record (the last
 * such image) without logging. So the state the log implies is the last
 * image that held history split by the same rule (history_split): a
 * History record for each entry, where no later logged write gave that
 * entry, and the record without its entries, where no later write
 * replaced it. */
static int derive_split(struct implied *im)
{
    struct derive d = {.latest = im->latest};
    overlay_each_latest(im->held, derive_one, &d);
    return d.rc ? bad(0, d.rc == DERIVE_UNDECODABLE ? "a logged record does not decode"
                                                    : "out of memory")
                : 0;
}

/* Records of one type share the prefix "type/", so in key order each type
 * is one run: the run's count goes into counted (type -> uint64) at its end. */
struct type_run {
    overlay_t *counted;
    char type[512];
    size_t tlen;
    uint64_t n;
};

static int run_end(struct type_run *r)
{
    return r->n ? overlay_put(r->counted, r->type, r->tlen, &r->n, sizeof r->n) : 0;
}

static int run_add(struct type_run *r, const char *key, size_t klen)
{
    const char *slash = memchr(key, '/', klen);
    size_t tlen = slash ? (size_t)(slash - key) : klen;
    if (tlen > sizeof r->type)
        tlen = sizeof r->type;
    if (tlen != r->tlen || memcmp(r->type, key, tlen) != 0) {
        if (run_end(r) != 0)
            return -1;
        memcpy(r->type, key, tlen);
        r->tlen = tlen;
        r->n = 0;
    }
    r->n++;
    return 0;
}

struct count_check {
    const overlay_t *counted;
    size_t types;
    int rc;
};

static void check_count(void *arg, const char *type, size_t tlen, uint64_t n)
{
    struct count_check *c = arg;
    const void *v;
    size_t vl;
    uint64_t have = 0;
    if (overlay_get(c->counted, type, tlen, &v, &vl) == 1 && v)
        memcpy(&have, v, sizeof have);
    c->types += have > 0;
    if (have != n && c->rc == 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "the kept count of '%.*s' records is %llu, the store holds %llu",
                 (int)(tlen > 40 ? 40 : tlen), type, (unsigned long long)n,
                 (unsigned long long)have);
        c->rc = bad(0, msg);
    }
}

/* The per-type counts the store keeps must equal the records it holds. */
static int check_counts(store_t *store, const overlay_t *counted)
{
    struct count_check c = {.counted = counted};
    if (store_count_each(store, check_count, &c) != 0)
        return bad(0, "cannot read the record counts");
    if (c.rc == 0 && c.types != overlay_count(counted))
        c.rc = bad(0, "a record type has no kept count");
    return c.rc;
}

/* A document's log image is the record without its bytes (format 3): it
 * must equal the stored record without them. The bytes themselves are
 * checked against their SHA-256 for every document. */
static bool document_matches(Thidua__V1__Record *stored, const void *img, size_t il)
{
    uint8_t *image = NULL;
    size_t len = 0;
    bool ok = records_document_image(stored, &image, &len) == 1 && len == il &&
              memcmp(image, img, il) == 0;
    free(image);
    return ok;
}

/* A store of format 4 keeps no history inside a task, one of 5 none inside
 * a nominee either: one there was missed by the split (a mark-only upgrade
 * of an earlier release). */
static int check_split(store_t *store, const char *key, size_t klen, const Thidua__V1__Record *r,
                       uint64_t mod)
{
    if (!split_in(key, klen, store_format(store)) || !history_held(r))
        return 0;
    char msg[200];
    snprintf(msg, sizeof msg,
             "%.10s %.40s still holds %zu history entries inside its record in a format %d "
             "store; split them with: thidua-server migrate",
             r->type, r->id, history_held(r), store_format(store));
    return bad(mod, msg);
}

/* A history record either was logged or is derived from its parent's
 * logged image by the split: the message names the second, which is the
 * likelier. */
static const char *differs(const char *key, size_t klen, const char *otherwise)
{
    if (klen > 8 && memcmp(key, "history/", 8) == 0)
        return "a history record differs from what its task's or nominee's logged history "
               "splits into";
    return otherwise;
}

/* Each stored record must equal the log's latest image of it. */
static int check_state(store_t *store, overlay_t *latest, overlay_t *counted, uint64_t *records)
{
    store_iter_t *it = store_iter_new(store, SPACE_RECORD, "");
    struct type_run run = {.counted = counted};
    const char *k, *v;
    size_t kl, vl;
    int rc = 0;
    *records = 0;
    while (rc == 0 && store_iter_next(it, &k, &kl, &v, &vl) == 1) {
        (*records)++;
        if (run_add(&run, k, kl) != 0)
            rc = bad(0, "out of memory");
        const void *img;
        size_t il;
        Thidua__V1__Record *r = thidua__v1__record__unpack(NULL, vl, (const uint8_t *)v);
        const Thidua__V1__Meta *m = r ? records_meta(r) : NULL;
        uint64_t mod = m ? m->mod_revision : 0;
        bool compacted = mod && mod < store_oldest_revision(store);
        if (!r)
            rc = bad(0, "a stored record does not decode");
        else if (check_split(store, k, kl, r, mod) != 0)
            rc = 1;
        else if (overlay_get(latest, k, kl, &img, &il) != 1 || !img)
            rc = compacted ? 0 : bad(mod, differs(k, kl, "a stored record has no log entry"));
        else if ((il != vl || memcmp(img, v, vl) != 0) && !document_matches(r, img, il))
            rc = bad(mod, differs(k, kl, "a stored record differs from its last log entry"));
        if (rc == 0 && r && !records_document_intact(r))
            rc = bad(mod, "a stored document's bytes do not match its size and SHA-256");
        if (r)
            thidua__v1__record__free_unpacked(r, NULL);
    }
    store_iter_destroy(&it);
    if (rc == 0 && run_end(&run) != 0)
        rc = bad(0, "out of memory");
    return rc;
}

struct live_count {
    const overlay_t *latest;
    uint64_t n;
};

static void count_live(void *arg, const void *key, size_t klen, const void *val, size_t vlen)
{
    struct live_count *c = arg;
    (void)vlen;
    c->n += latest_write(c->latest, key, klen, val);
}

int verify_store(store_t *store)
{
    overlay_t *latest = overlay_new(), *counted = overlay_new();
    if (!latest || !counted) {
        overlay_destroy(&latest);
        overlay_destroy(&counted);
        return bad(0, "out of memory");
    }
    struct implied im = {.latest = latest, .held = overlay_new(), .format = store_format(store)};
    uint64_t entries = 0, records = 0;
    int rc = im.held ? check_chain(store, &im, &entries) : bad(0, "out of memory");
    if (rc == 0)
        rc = derive_split(&im);
    overlay_destroy(&im.held);
    if (rc == 0)
        rc = check_state(store, latest, counted, &records);
    if (rc == 0)
        rc = check_counts(store, counted);
    overlay_destroy(&counted);
    struct live_count live = {.latest = latest};
    overlay_each(latest, count_live, &live);
    if (rc == 0 && store_oldest_revision(store) == 1 && live.n != records)
        rc = bad(store_committed_revision(store), "the log names records the store lacks");
    overlay_destroy(&latest);
    if (rc == 0)
        printf("verify: ok: %llu log entries (revisions %llu-%llu), %llu records\n",
               (unsigned long long)entries, (unsigned long long)store_oldest_revision(store),
               (unsigned long long)store_committed_revision(store), (unsigned long long)records);
    return rc;
}
