/* The store on a real LevelDB in a temp directory: group commit, rollback,
 * the hash-chained log, retry replies, reopening, refusing to overwrite,
 * the per-type record counts kept with each write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <leveldb/c.h>

#include "seen.h"
#include "store.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/thidua-store-XXXXXX");
    assert_non_null(mkdtemp(dir));
    strcat(dir, "/s");
    return 0;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)strlen(dir) - 2, dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *get(store_t *s, const char *key)
{
    char *val = NULL;
    size_t len;
    if (store_get(s, SPACE_RECORD, key, &val, &len, NULL) != 1)
        return NULL;
    char *z = realloc(val, len + 1);
    z[len] = '\0';
    return z;
}

static void pending_writes_are_read_back_and_rolled_back(void **state)
{
    (void)state;
    thd_status_t st;
    store_t *s = store_open(dir, true, &st);
    assert_non_null(s);
    store_put(s, SPACE_RECORD, "unit/A", "one", 3);
    assert_int_equal(store_log_append(s, "e1", 2), 1);
    store_mark_t mark;
    store_mark(s, &mark);
    store_put(s, SPACE_RECORD, "unit/A", "two", 3);
    assert_int_equal(store_log_append(s, "e2", 2), 2);
    char *v = get(s, "unit/A");
    assert_string_equal(v, "two");
    free(v);
    store_rollback(s, &mark);
    v = get(s, "unit/A");
    assert_string_equal(v, "one");
    free(v);
    assert_int_equal(store_revision(s), 1);
    assert_int_equal(store_committed_revision(s), 0);
    assert_int_equal(store_commit(s, &st), 0);
    assert_int_equal(store_committed_revision(s), 1);
    store_destroy(&s);
    assert_null(s);

    s = store_open(dir, false, &st);
    assert_non_null(s);
    assert_int_equal(store_committed_revision(s), 1);
    v = get(s, "unit/A");
    assert_string_equal(v, "one");
    free(v);
    store_destroy(&s);
}

static void create_refuses_an_existing_store(void **state)
{
    (void)state;
    thd_status_t st = {0};
    assert_null(store_open(dir, true, &st));
    assert_int_equal(st.code, THD_ALREADY_EXISTS);
    assert_non_null(strstr(st.message, "refusing to overwrite"));
}

static void log_entries_chain_their_hashes(void **state)
{
    (void)state;
    thd_status_t st;
    store_t *s = store_open(dir, false, &st);
    uint64_t first = store_log_append(s, "e2", 2);
    store_log_append(s, "e3", 2);
    assert_int_equal(store_commit(s, &st), 0);
    uint8_t prev[STORE_HASH_LEN], want[STORE_HASH_LEN];
    store_chain_base(s, prev);
    store_log_iter_t *it = store_log_iter_new(s, 1);
    uint64_t rev, expect = 1;
    const uint8_t *hash;
    const char *entry;
    size_t len;
    while (store_log_iter_next(it, &rev, &hash, &entry, &len) == 1) {
        assert_int_equal(rev, expect++);
        store_chain_hash(prev, entry, len, want);
        assert_memory_equal(want, hash, STORE_HASH_LEN);
        memcpy(prev, hash, STORE_HASH_LEN);
    }
    assert_int_equal(expect, first + 2);
    store_log_iter_destroy(&it);
    store_destroy(&s);
}

static const store_request_t first = {.digest = {1, 2, 3}, .kind = "unit.add"};

static void kept_replies_are_found_until_swept(void **state)
{
    (void)state;
    thd_status_t st;
    store_t *s = store_open(dir, false, &st);
    store_reply_put(s, "admin", "r1", 1000, &first, "reply-1", 7);
    store_reply_put(s, "admin", "r2", 1200, &first, "reply-2", 7);
    store_kept_t k;
    assert_int_equal(store_reply_get(s, "admin", "r1", 500, &first, &k, NULL), 1); /* pending */
    assert_false(k.other);
    assert_int_equal(k.len, 7);
    assert_memory_equal(k.reply, "reply-1", 7);
    free(k.reply);
    assert_int_equal(store_commit(s, &st), 0);
    store_reply_put(s, "admin", "r3", 5000, &first, "reply-3", 7); /* a later group */
    assert_int_equal(store_commit(s, &st), 0);
    assert_int_equal(store_reply_get(s, "other", "r1", 500, &first, &k, NULL), 0);
    assert_int_equal(store_reply_get(s, "admin", "r1", 1100, &first, &k, NULL), 0); /* expired */
    /* a group goes when the last of its replies has expired */
    assert_int_equal(store_reply_sweep(s, 1100, 100), 0);
    assert_int_equal(store_reply_sweep(s, 2000, 100), 2);
    assert_int_equal(store_reply_sweep(s, 2000, 100), 0);
    assert_int_equal(store_reply_get(s, "admin", "r1", 500, &first, &k, NULL), 0); /* swept */
    assert_int_equal(store_reply_get(s, "admin", "r2", 500, &first, &k, NULL), 0);
    assert_int_equal(store_reply_get(s, "admin", "r3", 2000, &first, &k, NULL), 1);
    free(k.reply);
    assert_int_equal(store_reply_sweep(s, 6000, 100), 1);
    store_destroy(&s);
}

/* One sweep key a commit group, however many replies it kept. */
static void a_group_keeps_one_sweep_key(void **state)
{
    (void)state;
    thd_status_t st;
    store_t *s = store_open(dir, false, &st);
    enum { GROUP = 300 }; /* their list passes the first 4 KiB: it grows */
    char rid[64];
    for (int i = 0; i < GROUP; i++) {
        snprintf(rid, sizeof rid, "g%d-%040d", i, i);
        assert_int_equal(store_reply_put(s, "admin", rid, 10000 + i, &first, "reply", 5), 0);
    }
    assert_int_equal(store_commit(s, &st), 0);
    store_destroy(&s);
    char *err = NULL;
    leveldb_options_t *o = leveldb_options_create();
    leveldb_t *db = leveldb_open(o, dir, &err);
    assert_null(err);
    leveldb_readoptions_t *r = leveldb_readoptions_create();
    leveldb_iterator_t *it = leveldb_create_iterator(db, r);
    int sweep_keys = 0;
    for (leveldb_iter_seek(it, "x", 1); leveldb_iter_valid(it); leveldb_iter_next(it)) {
        size_t klen;
        const char *k = leveldb_iter_key(it, &klen);
        uint64_t expires = 0;
        for (size_t i = 1; i < 9 && i < klen; i++)
            expires = expires << 8 | (unsigned char)k[i];
        sweep_keys += klen > 9 && k[0] == 'x' && expires >= 10000; /* this test's */
    }
    leveldb_iter_destroy(it);
    leveldb_readoptions_destroy(r);
    leveldb_close(db);
    leveldb_options_destroy(o);
    assert_int_equal(sweep_keys, 1);
    s = store_open(dir, false, &st);
    store_kept_t k;
    snprintf(rid, sizeof rid, "g%d-%040d", GROUP - 1, GROUP - 1);
    assert_int_equal(store_reply_get(s, "admin", rid, 9000, &first, &k, NULL), 1);
    free(k.reply);
    store_reply_sweep(s, 9999, 1000);                       /* what earlier tests left */
    assert_int_equal(store_reply_sweep(s, 10200, 1000), 0); /* g299 has not expired */
    assert_int_equal(store_reply_sweep(s, 10299, 1000), GROUP);
    snprintf(rid, sizeof rid, "g%d-%040d", 0, 0);
    assert_int_equal(store_reply_get(s, "admin", rid, 9000, &first, &k, NULL), 0);
    store_destroy(&s);
}

/* A request id used again once its reply expired is kept anew under the
 * same key; the sweep of the first reply's group leaves the new one, so a
 * retry of the second request is still answered. */
static void a_reply_kept_anew_outlives_the_old_sweep_key(void **state)
{
    (void)state;
    thd_status_t st;
    store_t *s = store_open(dir, false, &st);
    store_reply_put(s, "admin", "again", 20000, &first, "reply-a", 7);
    assert_int_equal(store_commit(s, &st), 0);
    store_kept_t k;
    assert_int_equal(store_reply_get(s, "admin", "again", 20001, &first, &k, NULL), 0);
    store_reply_put(s, "admin", "again", 920001, &first, "reply-b", 7);
    assert_int_equal(store_commit(s, &st), 0);
    assert_int_equal(store_reply_sweep(s, 20002, 1000), 0);
    assert_int_equal(store_reply_get(s, "admin", "again", 30000, &first, &k, NULL), 1);
    assert_memory_equal(k.reply, "reply-b", 7);
    free(k.reply);
    assert_int_equal(store_reply_sweep(s, 920002, 1000), 1);
    assert_int_equal(store_reply_get(s, "admin", "again", 30000, &first, &k, NULL), 0);
    store_destroy(&s);
}

/* A request id kept for one request and sent with another: found, but as
 * another request's, named by its kind, and without the reply. */
static void a_kept_reply_tells_its_request_from_another(void **state)
{
    (void)state;
    thd_status_t st;
    store_t *s = store_open(dir, false, &st);
    store_reply_put(s, "admin", "r3", 5000, &first, "reply-3", 7);
    assert_int_equal(store_commit(s, &st), 0);
    store_request_t second = first;
    second.digest[31] = 9;
    second.kind = "unit.edit";
    store_kept_t k;
    assert_int_equal(store_reply_get(s, "admin", "r3", 100, &second, &k, NULL), 1);
    assert_true(k.other);
    assert_null(k.reply);
    assert_string_equal(k.kind, "unit.add");
    assert_int_equal(store_reply_get(s, "admin", "r3", 100, &first, &k, NULL), 1);
    assert_false(k.other);
    assert_memory_equal(k.reply, "reply-3", 7);
    free(k.reply);
    store_destroy(&s);
}

/* Writes a kept reply as format 5 did: expiry(8) and the reply under d,
 * its sweep key x<expiry><principal>/<rid> holding xval (the digest and
 * kind, or nothing from a build before digests). */
static void put_format5_reply(const char *rid, uint64_t expires, const char *reply,
                              const void *xval, size_t xlen)
{
    char *err = NULL;
    leveldb_options_t *o = leveldb_options_create();
    leveldb_t *db = leveldb_open(o, dir, &err);
    assert_null(err);
    char dkey[64], xkey[72], val[64];
    size_t dlen = (size_t)snprintf(dkey, sizeof dkey, "dadmin/%s", rid);
    xkey[0] = 'x';
    for (int i = 0; i < 8; i++)
        xkey[1 + i] = val[i] = (char)(expires >> (56 - 8 * i));
    memcpy(xkey + 9, dkey + 1, dlen - 1);
    memcpy(val + 8, reply, strlen(reply));
    leveldb_writeoptions_t *w = leveldb_writeoptions_create();
    leveldb_put(db, w, dkey, dlen, val, 8 + strlen(reply), &err);
    assert_null(err);
    leveldb_put(db, w, xkey, dlen + 8, xval, xlen, &err);
    assert_null(err);
    leveldb_writeoptions_destroy(w);
    leveldb_close(db);
    leveldb_options_destroy(o);
}

/* Replies kept by format 5 (a store upgraded within their window): told
 * apart from another request by the digest in their sweep key, served to
 * any request when that key holds none (a build before digests), and swept
 * one by one. */
static void replies_kept_by_format_5_are_still_served(void **state)
{
    (void)state;
    char xval[STORE_DIGEST_LEN + 8];
    memcpy(xval, first.digest, STORE_DIGEST_LEN);
    memcpy(xval + STORE_DIGEST_LEN, "unit.add", 8);
    put_format5_reply("five", 7000, "reply-5", xval, sizeof xval);
    put_format5_reply("old", 7000, "reply-0", "", 0);

    thd_status_t st;
    store_t *s = store_open(dir, false, &st);
    assert_non_null(s);
    store_request_t other = first;
    other.digest[0] = 42;
    store_kept_t k;
    assert_int_equal(store_reply_get(s, "admin", "five", 100, &first, &k, NULL), 1);
    assert_false(k.other);
    assert_memory_equal(k.reply, "reply-5", 7);
    free(k.reply);
    assert_int_equal(store_reply_get(s, "admin", "five", 100, &other, &k, NULL), 1);
    assert_true(k.other);
    assert_string_equal(k.kind, "unit.add");
    assert_int_equal(store_reply_get(s, "admin", "old", 100, &other, &k, NULL), 1);
    assert_false(k.other);
    assert_memory_equal(k.reply, "reply-0", 7);
    free(k.reply);
    assert_true(store_reply_sweep(s, 8000, 100) >= 2);
    assert_int_equal(store_reply_get(s, "admin", "old", 100, &other, &k, NULL), 0);
    assert_int_equal(store_reply_get(s, "admin", "five", 100, &first, &k, NULL), 0);
    store_destroy(&s);
}

static bool owner_admin(void *arg, const char *entry, size_t len, char *principal, size_t pcap,
                        char *request_id, size_t rcap)
{
    (void)entry, (void)len, (void)pcap, (void)rcap;
    snprintf(principal, pcap, "admin");
    snprintf(request_id, rcap, "%s", (const char *)arg);
    return true;
}

static void expect_reply(store_t *s, const char *rid, const char *want)
{
    store_kept_t k;
    thd_status_t st;
    assert_int_equal(store_reply_get(s, "admin", rid, 100, &first, &k, &st), 1);
    assert_false(k.other);
    assert_int_equal(k.len, strlen(want));
    assert_memory_equal(k.reply, want, k.len);
    free(k.reply);
}

/* A reply kept as its start and the bytes of its log entry comes back
 * whole, from the pending group and from disk, and is turned back into a
 * copy when compaction takes the entry. */
static void a_reply_kept_by_reference_is_rebuilt_from_the_log(void **state)
{
    (void)state;
    thd_status_t st;
    store_t *s = store_open(dir, false, &st);
    assert_non_null(s);
    static const char entry[] = "event-head|the record's bytes|changed";
    uint64_t rev = store_log_append(s, entry, sizeof entry - 1);
    assert_int_equal(
        store_reply_put_ref(s, "admin", "ref", 9000, &first, "reply-head|", 11, rev, 11, 18), 0);
    expect_reply(s, "ref", "reply-head|the record's bytes");
    assert_int_equal(store_commit(s, &st), 0);
    expect_reply(s, "ref", "reply-head|the record's bytes");
    uint64_t lost = store_log_append(s, entry, sizeof entry - 1);
    store_reply_put_ref(s, "admin", "lost", 9000, &first, "", 0, lost, 0, 10);
    store_log_append(s, "newest", 6);
    assert_int_equal(store_commit(s, &st), 0);
    store_destroy(&s);

    s = store_open(dir, false, &st);
    expect_reply(s, "ref", "reply-head|the record's bytes");
    uint64_t oldest = store_oldest_revision(s);
    assert_int_equal(store_log_compact(s, rev + 1, 100, owner_admin, "ref", &st),
                     (int)(rev + 1 - oldest));
    expect_reply(s, "ref", "reply-head|the record's bytes"); /* its entry is gone */
    store_request_t other = first; /* the copy still knows the request it answered */
    other.digest[0] = 42;
    store_kept_t k;
    assert_int_equal(store_reply_get(s, "admin", "ref", 100, &other, &k, &st), 1);
    assert_true(k.other);
    assert_string_equal(k.kind, "unit.add");
    expect_reply(s, "lost", "event-head");
    /* compacted without being told whose it was: a retry cannot be answered */
    assert_int_equal(store_log_compact(s, lost + 1, 100, NULL, NULL, &st), 1);
    assert_true(store_reply_get(s, "admin", "lost", 100, &first, &k, &st) < 0);
    assert_string_equal(st.reason, "store.read_failed");
    store_destroy(&s);
}

struct seen {
    char types[8][16];
    uint64_t n[8];
    int count;
};

static void collect(void *arg, const char *type, size_t tlen, uint64_t n)
{
    struct seen *s = arg;
    assert_true(s->count < 8 && tlen < 16);
    snprintf(s->types[s->count], 16, "%.*s", (int)tlen, type);
    s->n[s->count++] = n;
}

static void record_counts_follow_writes_and_rollbacks(void **state)
{
    (void)state;
    thd_status_t st;
    store_t *s = store_open(dir, false, &st);
    assert_non_null(s);
    /* the first test left unit/A */
    store_put(s, SPACE_RECORD, "unit/B", "b", 1);
    store_put(s, SPACE_RECORD, "unit/B", "b2", 2); /* a change, not a new record */
    store_put(s, SPACE_RECORD, "task/T-1", "t", 1);
    store_mark_t mark;
    store_mark(s, &mark);
    store_put(s, SPACE_RECORD, "task/T-2", "t", 1);
    store_put(s, SPACE_RECORD, "unit/A", NULL, 0);
    store_rollback(s, &mark);                   /* the failed request's counts go with it */
    store_put(s, SPACE_INDEX, "key/x", "B", 1); /* indexes are not counted */
    assert_int_equal(store_commit(s, &st), 0);
    struct seen seen = {0};
    assert_int_equal(store_count_each(s, collect, &seen), 0);
    assert_int_equal(seen.count, 2);
    assert_string_equal(seen.types[0], "task");
    assert_int_equal(seen.n[0], 1);
    assert_string_equal(seen.types[1], "unit");
    assert_int_equal(seen.n[1], 2);
    store_put(s, SPACE_RECORD, "task/T-1", NULL, 0); /* the last of its type */
    assert_int_equal(store_commit(s, &st), 0);
    seen = (struct seen){0};
    store_count_each(s, collect, &seen);
    assert_int_equal(seen.count, 1);
    assert_string_equal(seen.types[0], "unit");
    /* keys known to be new count without a read, and roll back alike */
    assert_int_equal(store_put_new(s, "history/T-9/0000000001", "h", 1), 0);
    store_mark(s, &mark);
    assert_int_equal(store_put_new(s, "history/T-9/0000000002", "h", 1), 0);
    store_rollback(s, &mark);
    assert_int_equal(store_put_new(s, "history/T-9/0000000003", NULL, 0), -1); /* not a delete */
    assert_int_equal(store_commit(s, &st), 0);
    seen = (struct seen){0};
    store_count_each(s, collect, &seen);
    assert_int_equal(seen.count, 2);
    assert_string_equal(seen.types[0], "history");
    assert_int_equal(seen.n[0], 1);
    char *v = NULL;
    size_t vl = 0;
    assert_int_equal(store_get(s, SPACE_RECORD, "history/T-9/0000000001", &v, &vl, &st), 1);
    free(v);
    assert_int_equal(store_get(s, SPACE_RECORD, "history/T-9/0000000002", &v, &vl, &st), 0);
    store_destroy(&s);
}

/* The store keeps recently read records in a cache: whatever the mix of
 * reads, same-size and resized rewrites, deletes, values too big to keep
 * and more keys than the cache has slots, a read answers what was last
 * committed or is pending, as a freshly opened store does. */
static void reads_follow_every_commit_through_the_cache(void **state)
{
    (void)state;
    thd_status_t st;
    store_t *s = store_open(dir, false, &st);
    assert_non_null(s);
    enum { KEYS = 3000, ROUNDS = 6 };
    static size_t len_of[KEYS]; /* 0: absent */
    static char first_byte[KEYS];
    static char val[6000];
    srand(7);
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < KEYS; i++) {
            char key[32], *got = NULL;
            size_t len = 0;
            snprintf(key, sizeof key, "cache/%d", i);
            int rc = store_get(s, SPACE_RECORD, key, &got, &len, NULL);
            assert_int_equal(rc, len_of[i] ? 1 : 0);
            if (rc == 1) {
                assert_int_equal(len, len_of[i]);
                assert_int_equal(got[0], first_byte[i]);
            }
            free(got);
            int pick = rand() % 10;
            if (pick < 3) /* only read */
                continue;
            if (pick == 3) { /* deleted */
                store_put(s, SPACE_RECORD, key, NULL, 0);
                len_of[i] = 0;
                continue;
            }
            /* the same size as before, another, or too big to cache */
            len_of[i] = pick < 7 && len_of[i] ? len_of[i]
                        : pick == 9           ? 5000 + (size_t)(rand() % 900)
                                              : 1 + (size_t)(rand() % 40);
            first_byte[i] = val[0] = (char)('a' + rand() % 26);
            store_put(s, SPACE_RECORD, key, val, len_of[i]);
        }
        assert_int_equal(store_commit(s, &st), 0);
        if (round == ROUNDS / 2) { /* a fresh store reads the same */
            store_destroy(&s);
            s = store_open(dir, false, &st);
            assert_non_null(s);
        }
    }
    store_destroy(&s);
}

/* Most lookups of a request id end in the kept replies' filter (seen.c):
 * every reply kept, pending or committed, before and after a reopen, is
 * still found, and ids never kept or rolled back are not. */
static void every_kept_reply_is_found_past_the_filter(void **state)
{
    (void)state;
    enum { KEPT = 4000 };
    const int64_t later = 4102444800000; /* 2100: not expired */
    thd_status_t st;
    store_t *s = store_open(dir, false, &st);
    assert_non_null(s);
    store_kept_t k;
    char rid[32];
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < KEPT; i++) {
            snprintf(rid, sizeof rid, "kept-%d", i);
            if (round == 0) {
                store_reply_put(s, "admin", rid, later, &first, "reply", 5);
                if (i == KEPT / 2)
                    assert_int_equal(store_commit(s, &st), 0); /* half, then the rest */
            }
            assert_int_equal(store_reply_get(s, "admin", rid, 100, &first, &k, NULL), 1);
            free(k.reply);
            snprintf(rid, sizeof rid, "never-%d", i);
            assert_int_equal(store_reply_get(s, "admin", rid, 100, &first, &k, NULL), 0);
        }
        store_mark_t mark;
        store_mark(s, &mark);
        store_reply_put(s, "admin", "undone", later, &first, "reply", 5);
        store_rollback(s, &mark);
        assert_int_equal(store_reply_get(s, "admin", "undone", 100, &first, &k, NULL), 0);
        assert_int_equal(store_commit(s, &st), 0);
        store_destroy(&s); /* the next round reads them from a fresh open */
        s = store_open(dir, false, &st);
        assert_non_null(s);
    }
    store_destroy(&s);
}

/* The filter's generations, on a clock the test moves: a key is "maybe"
 * until its generation turned twice and it expired; a clock set back turns
 * nothing; a key that expires late holds its generation. */
static void the_filter_forgets_a_key_only_after_it_expired(void **state)
{
    (void)state;
    seen_t *f = seen_new(1000);
    assert_non_null(f);
    seen_add(f, "a", 1, 1500, 500);
    assert_true(seen_maybe(f, "a", 1));
    assert_false(seen_maybe(f, "never", 5));
    seen_add(f, "b", 1, 2600, 1600); /* a window later: a new generation */
    assert_true(seen_maybe(f, "a", 1));
    seen_add(f, "c", 1, 900000, 100); /* the clock went back: no turn */
    assert_true(seen_maybe(f, "a", 1));
    seen_add(f, "d", 1, 3700, 2700); /* a's generation turns: a expired at 1500 */
    assert_false(seen_maybe(f, "a", 1));
    assert_true(seen_maybe(f, "b", 1));
    assert_true(seen_maybe(f, "c", 1));
    seen_add(f, "e", 1, 4800, 3800); /* b and c's may not turn: c expires at 900000 */
    assert_true(seen_maybe(f, "b", 1));
    assert_true(seen_maybe(f, "c", 1));
    seen_add(f, "g", 1, 901000, 900001); /* now it may */
    assert_false(seen_maybe(f, "b", 1));
    assert_false(seen_maybe(f, "c", 1));
    assert_true(seen_maybe(f, "d", 1));
    assert_true(seen_maybe(f, "e", 1));
    assert_true(seen_maybe(f, "g", 1));
    seen_destroy(&f);
    assert_null(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pending_writes_are_read_back_and_rolled_back),
        cmocka_unit_test(create_refuses_an_existing_store),
        cmocka_unit_test(log_entries_chain_their_hashes),
        cmocka_unit_test(kept_replies_are_found_until_swept),
        cmocka_unit_test(a_kept_reply_tells_its_request_from_another),
        cmocka_unit_test(a_group_keeps_one_sweep_key),
        cmocka_unit_test(a_reply_kept_anew_outlives_the_old_sweep_key),
        cmocka_unit_test(replies_kept_by_format_5_are_still_served),
        cmocka_unit_test(a_reply_kept_by_reference_is_rebuilt_from_the_log),
        cmocka_unit_test(record_counts_follow_writes_and_rollbacks),
        cmocka_unit_test(reads_follow_every_commit_through_the_cache),
        cmocka_unit_test(every_kept_reply_is_found_past_the_filter),
        cmocka_unit_test(the_filter_forgets_a_key_only_after_it_expired),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
