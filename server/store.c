/* LevelDB behind the store API. Key spaces (first byte):
 *   s<type>/<id>        record            k<index>/<value>   index entry
 *   l<rev:8 BE>         hash(32) + entry  m<name>            metadata
 *   d<principal>/<rid>  a kept reply: expiry(8) + 1 + kind length(1) +
 *                       the request's digest(32) + kind, then the reply,
 *                       or 0 + revision(8) + offset(4) + length(4) + the
 *                       reply's start: a reply ending in bytes of that log
 *                       entry. Format 5 kept expiry(8) and then the reply.
 *   x<expiry:8>\0<first>  sweep order, one key a commit group: its value
 *                       lists the group's kept replies (length(1) +
 *                       <principal>/<rid> each), <first> the first of them
 *   x<expiry:8><principal>/<rid>  one reply's: format 5's, its value the
 *                       request's digest(32) + kind, or empty; format 6
 *                       writes it, empty, where a group's list cannot grow
 *   mcount/<type>       records of the type (8 BE), since format 2
 * Revisions, times and counts are big-endian so keys sort by them. */
#include "store.h"

#include <leveldb/c.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "hot.h"
#include "log.h"
#include "overlay.h"
#include "paths.h"
#include "reasons.h"
#include "seen.h"
#include "thd_limits.h"

/* Format 2 added the per-type record counts. Format 3's change log carries
 * documents without their bytes (the stored record keeps them), which a
 * format 2 binary's verify would take for damage; its data is otherwise
 * format 2's. Format 4 keeps a task's history as records of their own,
 * which a format 3 binary would not show, and format 5 a nominee's (a
 * format 4 binary would show none, and number dossier files again from 1);
 * migrate splits a format 3 or 4 store's (upgrade.c). Format 6 keeps a
 * reply's digest in the reply and one sweep key a group, which a format 5
 * binary would misread; it reads format 5's kept replies as they are, so
 * from 5 only the mark moves. Older formats are upgraded by store_migrate. */
#define SCHEMA_VERSION '6'
#define COUNT_PREFIX   "count/"
#define UPGRADE_KEY    "upgrade" /* the last record key a running migrate finished */

struct store {
    leveldb_t *db;
    leveldb_options_t *options;
    leveldb_cache_t *cache;
    leveldb_filterpolicy_t *filter;
    leveldb_readoptions_t *read;
    leveldb_writeoptions_t *sync_write;
    leveldb_writeoptions_t *lazy_write;
    overlay_t *pending;
    uint64_t revision, committed, oldest;
    uint8_t head[STORE_HASH_LEN], committed_head[STORE_HASH_LEN], base[STORE_HASH_LEN];
    bool read_only;
    char format;  /* the mark as opened; formats 3 and 4 only for verify and migrate */
    hot_t *hot;   /* records lately read, committed values only */
    seen_t *seen; /* the kept replies' keys; NULL: ask LevelDB every time */
    bool seen_loaded;
    /* SHA-256 fetched once and a digest context reused by every append:
     * fetching and allocating them per call cost as much as the hashing. */
    EVP_MD *sha256;
    EVP_MD_CTX *digest;
    /* The kept replies of the group being committed, for its sweep key:
     * length(1) + key less its 'd', each (at most 256 bytes a reply: one
     * group's replies); the buffer is reused. */
    char *sweep;
    size_t sweep_len, sweep_cap;
    uint64_t sweep_expires; /* the latest of theirs */
};

static const char space_byte[] = {[SPACE_RECORD] = 's', [SPACE_INDEX] = 'k'};

static void put_be64(char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (char)(v & 0xff);
}

static uint64_t get_be64(const char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | (unsigned char)p[i];
    return v;
}

/* Builds "<byte><text>" into buf (cap 512); returns the length or 0 if too long. */
static size_t make_key(char *buf, char space, const char *text)
{
    size_t len = strlen(text);
    if (len + 1 > 512)
        return 0;
    buf[0] = space;
    memcpy(buf + 1, text, len);
    return len + 1;
}

/* LevelDB's error, freed. Maintenance failures (copy, compaction, repair)
 * reach only the operator; reads and writes a request makes reach its
 * client, so they go through failed(). */
static int fail(thd_status_t *st, int code, const char *what, char *err)
{
    thd_status_set(st, code, "", "%s: %s", what, err ? err : "unknown error");
    leveldb_free(err);
    return code;
}

static int failed(thd_status_t *st, thd_reason_t why, char *err)
{
    int code = thd_refuse(st, why, "", err ? err : "unknown error");
    leveldb_free(err);
    return code;
}

/* Record and index keys are the ones the cache holds. */
static bool hot_key(const char *key)
{
    return key[0] == 's' || key[0] == 'k';
}

/* The value as the pending writes before mark (SIZE_MAX: all of them)
 * leave it; the hot cache and LevelDB hold only committed values. */
static int raw_get_at(store_t *self, size_t mark, const char *key, size_t klen, char **val,
                      size_t *len, thd_status_t *st)
{
    const void *pv;
    size_t pl;
    bool pending = overlay_get_before(self->pending, mark, key, klen, &pv, &pl);
    if (pending && !pv)
        return 0;
    if (pending || (hot_key(key) && hot_get(self->hot, key, klen, &pv, &pl))) {
        *val = malloc(pl ? pl : 1);
        if (!*val)
            return -thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
        memcpy(*val, pv, pl);
        *len = pl;
        return 1;
    }
    char *err = NULL;
    *val = leveldb_get(self->db, self->read, key, klen, len, &err);
    if (err)
        return -failed(st, THD_R_STORE_READ_FAILED, err);
    if (*val && hot_key(key))
        hot_put(self->hot, key, klen, *val, *len);
    return *val != NULL;
}

static int raw_get(store_t *self, const char *key, size_t klen, char **val, size_t *len,
                   thd_status_t *st)
{
    return raw_get_at(self, SIZE_MAX, key, klen, val, len, st);
}

/* Whether the record key has a value, pending writes first; 1, 0 or <0. */
static int record_held(store_t *self, const char *key, size_t klen)
{
    const void *pv;
    size_t pl;
    if (overlay_get(self->pending, key, klen, &pv, &pl))
        return pv != NULL;
    if (hot_get(self->hot, key, klen, &pv, &pl))
        return 1; /* a write reads its record, then puts it: asked twice */
    char *err = NULL;
    size_t len = 0;
    char *val = leveldb_get(self->db, self->read, key, klen, &len, &err);
    int held = val != NULL;
    leveldb_free(val);
    if (err) {
        leveldb_free(err);
        return -1;
    }
    return held;
}

static int meta_get(store_t *self, const char *name, void *out, size_t want, thd_status_t *st)
{
    char key[64], *val = NULL;
    size_t klen = make_key(key, 'm', name), len = 0;
    int rc = raw_get(self, key, klen, &val, &len, st);
    if (rc <= 0)
        return rc;
    if (len != want) {
        free(val);
        return -thd_status_set(st, THD_DATA_LOSS, "", "store metadata '%s' is damaged", name);
    }
    memcpy(out, val, want);
    free(val);
    return 1;
}

static int meta_put(store_t *self, const char *name, const void *val, size_t len)
{
    char key[64];
    size_t klen = make_key(key, 'm', name);
    return overlay_put(self->pending, key, klen, val, len);
}

/* The format mark against this binary's, with what to do about a mismatch. */
static int check_schema(char schema, const char *dir, thd_status_t *st)
{
    if (schema == SCHEMA_VERSION)
        return 0;
    if (schema < '1' || schema > '9')
        return thd_status_set(st, THD_DATA_LOSS, "", "store format mark is damaged");
    /* dir is DATA/store; the operator knows DATA */
    const char *slash = strrchr(dir, '/');
    int dlen = slash ? (int)(slash - dir) : 1;
    if (schema < SCHEMA_VERSION)
        return thd_status_set(st, THD_FAILED_PRECONDITION, "",
                              "store format %c is older than this thidua-server's (%c); "
                              "upgrade it with: thidua-server migrate --data %.*s",
                              schema, SCHEMA_VERSION, dlen, slash ? dir : ".");
    return thd_status_set(st, THD_FAILED_PRECONDITION, "",
                          "store format %c is newer than this thidua-server's (%c): it was "
                          "written by a later release; run that release, or restore a backup "
                          "made by this one",
                          schema, SCHEMA_VERSION);
}

/* A store a migrate left half-upgraded (the key it reached is kept) is
 * for migrate alone: it finishes what it began. */
static int check_upgrade(store_t *self, const char *dir, enum store_use use, thd_status_t *st)
{
    char key[64], *val = NULL;
    size_t klen = make_key(key, 'm', UPGRADE_KEY), len = 0;
    int rc = raw_get(self, key, klen, &val, &len, st);
    free(val);
    if (rc < 0)
        return st->code;
    if (rc == 0 || use == STORE_UPGRADE)
        return 0;
    const char *slash = strrchr(dir, '/');
    int dlen = slash ? (int)(slash - dir) : 1;
    return thd_status_set(st, THD_FAILED_PRECONDITION, "",
                          "an upgrade of the store to format %c was interrupted; finish it with: "
                          "thidua-server migrate --data %.*s",
                          SCHEMA_VERSION, dlen, slash ? dir : ".");
}

/* verify and migrate also open formats 3 and 4, those a migrate rewrites
 * records from: their verify is this binary's, less the splits they predate. */
static int check_format(char schema, const char *dir, enum store_use use, thd_status_t *st)
{
    if (use != STORE_SERVE && schema >= '3' && schema <= SCHEMA_VERSION)
        return 0;
    return check_schema(schema, dir, st);
}

static int load_meta(store_t *self, const char *dir, enum store_use use, thd_status_t *st)
{
    char schema[1] = {0}, rev[8], oldest[8];
    if (meta_get(self, "schema", schema, 1, st) <= 0)
        return thd_status_set(st, THD_DATA_LOSS, "", "not a thidua store (no schema mark)");
    if (check_format(schema[0], dir, use, st) != 0 || check_upgrade(self, dir, use, st) != 0)
        return st ? st->code : THD_FAILED_PRECONDITION;
    self->format = schema[0];
    if (meta_get(self, "revision", rev, 8, st) != 1 ||
        meta_get(self, "oldest", oldest, 8, st) != 1 ||
        meta_get(self, "head", self->head, STORE_HASH_LEN, st) != 1 ||
        meta_get(self, "base", self->base, STORE_HASH_LEN, st) != 1)
        return thd_status_set(st, THD_DATA_LOSS, "", "store metadata is missing or damaged");
    self->revision = self->committed = get_be64(rev);
    self->oldest = get_be64(oldest);
    memcpy(self->committed_head, self->head, STORE_HASH_LEN);
    return 0;
}

static int init_meta(store_t *self, thd_status_t *st)
{
    char be[8];
    put_be64(be, 0);
    memset(self->head, 0, STORE_HASH_LEN);
    memset(self->base, 0, STORE_HASH_LEN);
    self->oldest = 1;
    self->format = SCHEMA_VERSION;
    char one[8];
    put_be64(one, 1);
    if (meta_put(self, "schema", (char[]){SCHEMA_VERSION}, 1) ||
        meta_put(self, "revision", be, 8) || meta_put(self, "oldest", one, 8) ||
        meta_put(self, "head", self->head, STORE_HASH_LEN) ||
        meta_put(self, "base", self->base, STORE_HASH_LEN))
        return thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
    return store_commit(self, st);
}

static bool setup(store_t *self)
{
    self->options = leveldb_options_create();
    self->cache = leveldb_cache_create_lru(32 << 20);
    self->filter = leveldb_filterpolicy_create_bloom(10);
    self->read = leveldb_readoptions_create();
    self->sync_write = leveldb_writeoptions_create();
    self->lazy_write = leveldb_writeoptions_create();
    self->pending = overlay_new();
    self->hot = hot_new();
    self->seen = seen_new(THD_DEDUP_WINDOW_MS);
    self->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    self->digest = EVP_MD_CTX_new();
    if (!self->pending || !self->hot)
        return false;
    leveldb_options_set_cache(self->options, self->cache);
    leveldb_options_set_filter_policy(self->options, self->filter);
    leveldb_options_set_paranoid_checks(self->options, 1);
    /* Every level-0 table spans the whole key range (records, log, replies
     * interleave), so each one flushed means rewriting level 1. A 32 MiB
     * memtable flushes a quarter as often and drops the superseded versions
     * of rewritten records before they reach disk: about a quarter less CPU
     * per write under sustained load than 8 MiB, for up to 64 MiB of
     * memtables (docs/PERFORMANCE.md). Snappy compression (the default)
     * stays: turning it off saved nothing measurable. */
    leveldb_options_set_write_buffer_size(self->options, 32 << 20);
    leveldb_writeoptions_set_sync(self->sync_write, 1);
    return true;
}

/* Whether dir/name exists (dir itself when name is NULL). */
static bool dir_has(const char *dir, const char *name)
{
    char path[PATHS_MAX];
    if (name)
        paths_join(path, dir, name);
    return access(name ? path : dir, F_OK) == 0;
}

/* Says why LevelDB would not open dir; a held lock means a running broker. */
static void open_failed(const char *dir, bool create, char *err, thd_status_t *st)
{
    if (create && strstr(err, "exists"))
        thd_status_set(st, THD_ALREADY_EXISTS, "",
                       "a store already exists in '%s'; refusing to overwrite it", dir);
    else if (!create && !dir_has(dir, NULL)) /* LevelDB says only that LOCK is missing */
        thd_status_set(st, THD_NOT_FOUND, "",
                       "no store in '%s': is this the data directory thidua-server init made?",
                       dir);
    else if (strstr(err, "lock"))
        thd_status_set(st, THD_UNAVAILABLE, "",
                       "store '%s' is in use: a broker is running on it; stop it first (with "
                       "the package: sudo systemctl stop thidua-server) (%s)",
                       dir, err);
    else if (!create && strstr(err, "does not exist") && !dir_has(dir, NULL))
        thd_status_set(st, THD_NOT_FOUND, "",
                       "no store in '%s': is this the data directory thidua-server init made?",
                       dir);
    else if (!create && strstr(err, "does not exist") && !dir_has(dir, "CURRENT"))
        thd_status_set(st, THD_NOT_FOUND, "",
                       "store '%s' has lost its CURRENT file, LevelDB's pointer to its tables; "
                       "thidua-server repair on its data directory rebuilds it (or restore the "
                       "newest backup)",
                       dir);
    else
        thd_status_set(st, THD_NOT_FOUND, "", "cannot open store '%s': %s", dir, err);
    leveldb_free(err);
}

static store_t *open_store(const char *dir, bool create, enum store_use use, thd_status_t *st)
{
    store_t *self = calloc(1, sizeof *self);
    if (!self || sodium_init() < 0 || !setup(self)) {
        thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
        store_destroy(&self);
        return NULL;
    }
    leveldb_options_set_create_if_missing(self->options, create);
    leveldb_options_set_error_if_exists(self->options, create);
    char *err = NULL;
    self->db = leveldb_open(self->options, dir, &err);
    if (err) {
        open_failed(dir, create, err, st);
        store_destroy(&self);
        return NULL;
    }
    if ((create ? init_meta(self, st) : load_meta(self, dir, use, st)) != 0)
        store_destroy(&self);
    return self;
}

store_t *store_open(const char *dir, bool create, thd_status_t *st)
{
    return open_store(dir, create, STORE_SERVE, st);
}

store_t *store_open_for(const char *dir, enum store_use use, thd_status_t *st)
{
    return open_store(dir, false, use, st);
}

int store_format(const store_t *self)
{
    return self->format - '0';
}

int store_upgrade_get(store_t *self, char **after, thd_status_t *st)
{
    char key[64], *val = NULL;
    size_t klen = make_key(key, 'm', UPGRADE_KEY), len = 0;
    int rc = raw_get(self, key, klen, &val, &len, st);
    if (rc != 1)
        return rc;
    char *s = realloc(val, len + 1);
    if (!s) {
        free(val);
        return -thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
    }
    s[len] = '\0';
    *after = s;
    return 1;
}

int store_upgrade_put(store_t *self, const char *after)
{
    self->format = SCHEMA_VERSION;
    return meta_put(self, "schema", (char[]){SCHEMA_VERSION}, 1) ||
           meta_put(self, UPGRADE_KEY, after, after ? strlen(after) : 0);
}

void store_destroy(store_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    store_t *self = *self_p;
    if (self->db)
        leveldb_close(self->db);
    if (self->options)
        leveldb_options_destroy(self->options);
    if (self->cache)
        leveldb_cache_destroy(self->cache);
    if (self->filter)
        leveldb_filterpolicy_destroy(self->filter);
    if (self->read)
        leveldb_readoptions_destroy(self->read);
    if (self->sync_write)
        leveldb_writeoptions_destroy(self->sync_write);
    if (self->lazy_write)
        leveldb_writeoptions_destroy(self->lazy_write);
    overlay_destroy(&self->pending);
    hot_destroy(&self->hot);
    seen_destroy(&self->seen);
    EVP_MD_CTX_free(self->digest);
    EVP_MD_free(self->sha256);
    free(self->sweep);
    free(self);
    *self_p = NULL;
}

uint64_t store_revision(const store_t *self)
{
    return self->revision;
}

uint64_t store_committed_revision(const store_t *self)
{
    return self->committed;
}

uint64_t store_oldest_revision(const store_t *self)
{
    return self->oldest;
}

bool store_read_only(const store_t *self)
{
    return self->read_only;
}

bool store_pending(const store_t *self)
{
    return overlay_count(self->pending) > 0;
}

int store_get(store_t *self, enum store_space space, const char *key, char **val, size_t *len,
              thd_status_t *st)
{
    return store_get_at(self, NULL, space, key, val, len, st);
}

int store_get_at(store_t *self, const store_mark_t *mark, enum store_space space, const char *key,
                 char **val, size_t *len, thd_status_t *st)
{
    char k[512];
    size_t klen = make_key(k, space_byte[space], key);
    if (!klen)
        return 0;
    return raw_get_at(self, mark ? mark->writes : SIZE_MAX, k, klen, val, len, st);
}

/* "mcount/<type>" for the record key "s<type>/<id>" into buf (cap 512). */
static size_t count_key(char *buf, const char *rkey, size_t rlen)
{
    const char *slash = memchr(rkey + 1, '/', rlen - 1);
    size_t tlen = slash ? (size_t)(slash - rkey - 1) : rlen - 1;
    size_t plen = 1 + strlen(COUNT_PREFIX);
    if (plen + tlen > 512)
        return 0;
    buf[0] = 'm';
    memcpy(buf + 1, COUNT_PREFIX, plen - 1);
    memcpy(buf + plen, rkey + 1, tlen);
    return plen + tlen;
}

/* Keeps the record's type count in step with a put, in the pending group,
 * so both reach disk in one batch (and roll back together). had: whether
 * the key held a record (1, 0, or <0 when that could not be read). */
static int count_record(store_t *self, const char *rkey, size_t rlen, int had, bool present)
{
    char *val = NULL, ckey[512];
    size_t len = 0, clen = count_key(ckey, rkey, rlen);
    if (had < 0 || !clen)
        return -1;
    if ((had == 1) == present)
        return 0;
    int rc = raw_get(self, ckey, clen, &val, &len, NULL);
    uint64_t n = rc == 1 && len == 8 ? get_be64(val) : 0;
    free(val);
    if (rc < 0)
        return -1;
    n = present ? n + 1 : (n ? n - 1 : 0);
    char be[8];
    put_be64(be, n);
    return overlay_put(self->pending, ckey, clen, n ? be : NULL, 8);
}

/* A pending put; fresh: the caller knows the record key holds nothing. */
static int put(store_t *self, enum store_space space, const char *key, bool fresh, const void *val,
               size_t len)
{
    char k[512];
    size_t klen = make_key(k, space_byte[space], key);
    if (!klen)
        return -1;
    if (space == SPACE_RECORD &&
        count_record(self, k, klen, fresh ? 0 : record_held(self, k, klen), val != NULL) != 0)
        return -1;
    return overlay_put(self->pending, k, klen, val, len);
}

int store_put(store_t *self, enum store_space space, const char *key, const void *val, size_t len)
{
    return put(self, space, key, false, val, len);
}

int store_put_new(store_t *self, const char *key, const void *val, size_t len)
{
    return val ? put(self, SPACE_RECORD, key, true, val, len) : -1;
}

int store_count_each(store_t *self,
                     void (*fn)(void *arg, const char *type, size_t tlen, uint64_t n), void *arg)
{
    char prefix[16];
    size_t plen = make_key(prefix, 'm', COUNT_PREFIX);
    leveldb_iterator_t *it = leveldb_create_iterator(self->db, self->read);
    if (!it)
        return -1;
    for (leveldb_iter_seek(it, prefix, plen); leveldb_iter_valid(it); leveldb_iter_next(it)) {
        size_t kl, vl;
        const char *k = leveldb_iter_key(it, &kl);
        const char *v = leveldb_iter_value(it, &vl);
        if (kl < plen || memcmp(k, prefix, plen) != 0)
            break;
        fn(arg, k + plen, kl - plen, vl == 8 ? get_be64(v) : UINT64_MAX);
    }
    leveldb_iter_destroy(it);
    return 0;
}

/* SHA-256 through OpenSSL, which uses the CPU's SHA instructions where it has
 * them: several times faster than libsodium's portable code, and every write
 * hashes its whole log entry. Where OpenSSL could not (out of memory: c or
 * md NULL), the same hash through libsodium, which does not allocate. */
static void chain_hash(EVP_MD_CTX *c, const EVP_MD *md, const uint8_t prev[STORE_HASH_LEN],
                       const void *entry, size_t len, uint8_t out[STORE_HASH_LEN])
{
    if (c && md && EVP_DigestInit_ex2(c, md, NULL) == 1 &&
        EVP_DigestUpdate(c, prev, STORE_HASH_LEN) == 1 && EVP_DigestUpdate(c, entry, len) == 1 &&
        EVP_DigestFinal_ex(c, out, NULL) == 1)
        return;
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, prev, STORE_HASH_LEN);
    crypto_hash_sha256_update(&h, entry, len);
    crypto_hash_sha256_final(&h, out);
}

void store_chain_hash(const uint8_t prev[STORE_HASH_LEN], const void *entry, size_t len,
                      uint8_t out[STORE_HASH_LEN])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    chain_hash(c, EVP_sha256(), prev, entry, len, out);
    EVP_MD_CTX_free(c);
}

uint64_t store_log_append(store_t *self, const void *entry, size_t len)
{
    uint64_t rev = self->revision + 1;
    char key[9];
    key[0] = 'l';
    put_be64(key + 1, rev);
    char *val = malloc(STORE_HASH_LEN + len);
    if (!val)
        return 0;
    uint8_t hash[STORE_HASH_LEN];
    chain_hash(self->digest, self->sha256, self->head, entry, len, hash);
    memcpy(val, hash, STORE_HASH_LEN);
    memcpy(val + STORE_HASH_LEN, entry, len);
    if (overlay_put_owned(self->pending, key, sizeof key, val, STORE_HASH_LEN + len))
        return 0;
    memcpy(self->head, hash, STORE_HASH_LEN);
    self->revision = rev;
    return rev;
}

/* "d<principal>/<rid>" into buf; 0 if too long. */
static size_t reply_key(char *buf, char space, const char *principal, const char *rid)
{
    size_t p = strlen(principal), r = strlen(rid);
    if (p + r + 2 > 256)
        return 0;
    buf[0] = space;
    memcpy(buf + 1, principal, p);
    buf[1 + p] = '/';
    memcpy(buf + 2 + p, rid, r);
    return p + r + 2;
}

/* Format 5's sweep key of one kept reply. */
static size_t sweep_key(char *xkey, uint64_t expires_ms, const char *dkey, size_t dlen)
{
    xkey[0] = 'x';
    put_be64(xkey + 1, expires_ms);
    memcpy(xkey + 9, dkey + 1, dlen - 1);
    return dlen + 8;
}

/* A kept value's byte after the expiry, since format 6; format 5's was the
 * reply's first. No packed Response starts with 0 or 1 (field number 0
 * does not exist), so neither a copy nor REPLY_REF is taken for it. */
#define KEPT_TAGGED '\1'
enum { KEPT_HEAD = 8 + 1 + 1 + STORE_DIGEST_LEN };

/* A kept reference's first byte: a reply ending in a log entry's bytes. */
#define REPLY_REF     '\0'
#define REPLY_REF_LEN (1 + 8 + 4 + 4)

typedef struct {
    uint64_t expires;
    const char *digest; /* NULL: a format 5 value, whose sweep key holds it */
    const char *kind;
    size_t kind_len;
    const char *body; /* the reply, or REPLY_REF and the reference */
    size_t body_len;
} kept_value_t;

/* A kept value's parts; false when it is too short to be one. */
static bool kept_parse(const char *val, size_t vlen, kept_value_t *v)
{
    memset(v, 0, sizeof *v);
    if (vlen < 8)
        return false;
    v->expires = get_be64(val);
    size_t head = 8;
    if (vlen >= KEPT_HEAD && val[8] == KEPT_TAGGED) {
        v->kind_len = (unsigned char)val[9];
        if (vlen - KEPT_HEAD < v->kind_len)
            return false;
        v->digest = val + 10;
        v->kind = val + KEPT_HEAD;
        head = KEPT_HEAD + v->kind_len;
    }
    v->body = val + head;
    v->body_len = vlen - head;
    return true;
}

/* A kept value answering what, with len bytes left at *body for the
 * caller; the expiry is written when it is kept. */
static char *kept_new(const store_request_t *what, size_t len, size_t *vlen, char **body)
{
    size_t kind = strnlen(what->kind, UINT8_MAX);
    char *val = malloc(KEPT_HEAD + kind + len);
    if (!val)
        return NULL;
    val[8] = KEPT_TAGGED;
    val[9] = (char)kind;
    memcpy(val + 10, what->digest, STORE_DIGEST_LEN);
    memcpy(val + KEPT_HEAD, what->kind, kind);
    *body = val + KEPT_HEAD + kind;
    *vlen = KEPT_HEAD + kind + len;
    return val;
}

static void put_be32(char *p, uint32_t v)
{
    for (int i = 3; i >= 0; i--, v >>= 8)
        p[i] = (char)(v & 0xff);
}

static uint32_t get_be32(const char *p)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = (v << 8) | (unsigned char)p[i];
    return v;
}

/* Writes the kept value val (taken) into the pending group, its expiry
 * set; the commit names it in the group's sweep key. */
static int keep_reply(store_t *self, const char *principal, const char *request_id,
                      int64_t expires_ms, char *val, size_t vlen)
{
    char key[256];
    size_t klen = reply_key(key, 'd', principal, request_id);
    if (!klen) {
        free(val);
        return -1;
    }
    put_be64(val, (uint64_t)expires_ms);
    int rc = overlay_put_owned(self->pending, key, klen, val, vlen);
    if (rc == 0 && self->seen) /* before the commit: a retry in the same group finds it */
        seen_add(self->seen, key, klen, expires_ms, clock_wall_ms());
    return rc;
}

int store_reply_put(store_t *self, const char *principal, const char *request_id,
                    int64_t expires_ms, const store_request_t *what, const void *reply, size_t len)
{
    char *body;
    size_t vlen;
    char *val = kept_new(what, len, &vlen, &body);
    if (!val)
        return -1;
    memcpy(body, reply, len);
    return keep_reply(self, principal, request_id, expires_ms, val, vlen);
}

int store_reply_put_ref(store_t *self, const char *principal, const char *request_id,
                        int64_t expires_ms, const store_request_t *what, const void *start,
                        size_t start_len, uint64_t revision, size_t offset, size_t len)
{
    if (offset > UINT32_MAX || len > UINT32_MAX)
        return -1;
    char *p;
    size_t vlen;
    char *val = kept_new(what, REPLY_REF_LEN + start_len, &vlen, &p);
    if (!val)
        return -1;
    *p++ = REPLY_REF;
    put_be64(p, revision);
    put_be32(p + 8, (uint32_t)offset);
    put_be32(p + 12, (uint32_t)len);
    memcpy(p + 16, start, start_len);
    return keep_reply(self, principal, request_id, expires_ms, val, vlen);
}

/* A kept reference made whole: its start, then the bytes of the log entry
 * it names (val: the kept value's body, REPLY_REF first). Compaction turns a
 * reference back into a copy before it deletes the entry (settle_reply),
 * so an entry that is gone or too short is damage. */
static int rebuild_reply(store_t *self, const char *val, size_t vlen, store_kept_t *kept,
                         thd_status_t *st)
{
    if (vlen < REPLY_REF_LEN)
        return -thd_refuse(st, THD_R_STORE_READ_FAILED, "", "a kept reply is damaged");
    uint64_t rev = get_be64(val + 1);
    size_t off = get_be32(val + 9), len = get_be32(val + 13);
    size_t start = vlen - REPLY_REF_LEN;
    char key[9], *entry = NULL;
    size_t elen = 0;
    key[0] = 'l';
    put_be64(key + 1, rev);
    int got = raw_get(self, key, sizeof key, &entry, &elen, st);
    if (got < 0)
        return got;
    if (got == 0 || elen < STORE_HASH_LEN || elen - STORE_HASH_LEN < off ||
        elen - STORE_HASH_LEN - off < len) {
        free(entry);
        return -thd_refuse(st, THD_R_STORE_READ_FAILED, "",
                           "the log entry a kept reply refers to is missing");
    }
    char *reply = malloc(start + len ? start + len : 1);
    if (!reply) {
        free(entry);
        return -thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
    }
    memcpy(reply, val + REPLY_REF_LEN, start);
    memcpy(reply + start, entry + STORE_HASH_LEN + off, len);
    free(entry);
    kept->reply = reply;
    kept->len = start + len;
    return 1;
}

/* Whether the kept reply v answered what: the digest of the request it
 * answered is kept with it. */
static void kept_other(const kept_value_t *v, const store_request_t *what, store_kept_t *kept)
{
    if (memcmp(v->digest, what->digest, STORE_DIGEST_LEN) == 0)
        return;
    kept->other = true;
    size_t kind = v->kind_len < sizeof kept->kind ? v->kind_len : sizeof kept->kind - 1;
    memcpy(kept->kind, v->kind, kind);
    kept->kind[kind] = '\0';
}

/* kept_other for a format 5 value, whose sweep key holds the digest. A
 * reply kept by a build before digests has none there and is taken as
 * this request's, as that build took it. */
static void kept_other_format5(store_t *self, const char *key, size_t klen, const kept_value_t *v,
                               const store_request_t *what, store_kept_t *kept)
{
    char xkey[264], *xval = NULL;
    size_t xlen = sweep_key(xkey, v->expires, key, klen), vlen = 0;
    if (raw_get(self, xkey, xlen, &xval, &vlen, NULL) <= 0)
        return;
    if (vlen >= STORE_DIGEST_LEN)
        kept_other(&(kept_value_t){.digest = xval,
                                   .kind = xval + STORE_DIGEST_LEN,
                                   .kind_len = vlen - STORE_DIGEST_LEN},
                   what, kept);
    free(xval);
}

/* The kept replies already in the store go into the filter once, before
 * it first answers; a store it cannot read through keeps no filter. */
static void load_seen(store_t *self)
{
    self->seen_loaded = true;
    leveldb_iterator_t *it = leveldb_create_iterator(self->db, self->read);
    int64_t now = clock_wall_ms();
    for (leveldb_iter_seek(it, "d", 1); leveldb_iter_valid(it); leveldb_iter_next(it)) {
        size_t klen, vlen;
        const char *k = leveldb_iter_key(it, &klen), *v = leveldb_iter_value(it, &vlen);
        if (klen < 1 || k[0] != 'd')
            break;
        seen_add(self->seen, k, klen, vlen >= 8 ? (int64_t)get_be64(v) : INT64_MAX, now);
    }
    char *err = NULL;
    leveldb_iter_get_error(it, &err);
    leveldb_iter_destroy(it);
    if (err) {
        leveldb_free(err);
        seen_destroy(&self->seen);
    }
}

/* False when no reply can be kept under key: most lookups end here. */
static bool reply_maybe_kept(store_t *self, const char *key, size_t klen)
{
    if (self->seen && !self->seen_loaded)
        load_seen(self);
    return !self->seen || seen_maybe(self->seen, key, klen);
}

int store_reply_get(store_t *self, const char *principal, const char *request_id, int64_t now_ms,
                    const store_request_t *what, store_kept_t *kept, thd_status_t *st)
{
    memset(kept, 0, sizeof *kept);
    char key[256], *val = NULL;
    size_t klen = reply_key(key, 'd', principal, request_id), vlen = 0;
    if (klen && !reply_maybe_kept(self, key, klen))
        return 0;
    int got = klen ? raw_get(self, key, klen, &val, &vlen, st) : 0;
    if (got <= 0)
        return got;
    kept_value_t v;
    if (!kept_parse(val, vlen, &v)) {
        free(val);
        return -thd_refuse(st, THD_R_STORE_READ_FAILED, "", "a kept reply is damaged");
    }
    if (v.expires < (uint64_t)now_ms) { /* expired: not yet swept */
        free(val);
        return 0;
    }
    if (v.digest)
        kept_other(&v, what, kept);
    else
        kept_other_format5(self, key, klen, &v, what, kept);
    if (kept->other) {
        free(val);
        return 1;
    }
    if (v.body_len && v.body[0] == REPLY_REF) {
        int rc = rebuild_reply(self, v.body, v.body_len, kept, st);
        free(val);
        return rc;
    }
    memmove(val, v.body, v.body_len);
    kept->reply = val;
    kept->len = v.body_len;
    return 1;
}

/* Deletes the kept reply under dkey into wb if it has expired at now_ms: a
 * request id used again once its reply expired was kept anew, under the
 * same key, and a retry of that must still find it. 1 when deleted. */
static int sweep_reply(store_t *self, leveldb_writebatch_t *wb, const char *dkey, size_t dlen,
                       int64_t now_ms)
{
    char *val = NULL;
    size_t vlen = 0;
    kept_value_t v;
    int got = raw_get(self, dkey, dlen, &val, &vlen, NULL);
    bool kept_anew = got == 1 && kept_parse(val, vlen, &v) && v.expires > (uint64_t)now_ms;
    free(val);
    if (got < 0 || kept_anew)
        return 0;
    leveldb_writebatch_delete(wb, dkey, dlen);
    return 1;
}

/* Deletes into wb the sweep key k and the kept replies it names that have
 * expired: a group's list, or one reply's in the key. How many. */
static int sweep_one(store_t *self, leveldb_writebatch_t *wb, const char *k, size_t klen,
                     const char *v, size_t vlen, int64_t now_ms)
{
    char dkey[1 + UINT8_MAX];
    dkey[0] = 'd';
    int n = 0;
    if (klen > 9 && k[9] == '\0') {
        size_t i = 0;
        while (i < vlen) {
            size_t len = (unsigned char)v[i++];
            if (len > vlen - i) {
                log_warn(
                    "store: a sweep key's list is damaged; the replies after its byte %zu stay", i);
                break;
            }
            memcpy(dkey + 1, v + i, len);
            n += sweep_reply(self, wb, dkey, 1 + len, now_ms);
            i += len;
        }
    } else if (klen - 9 <= UINT8_MAX) {
        memcpy(dkey + 1, k + 9, klen - 9);
        n = sweep_reply(self, wb, dkey, klen - 8, now_ms);
    }
    leveldb_writebatch_delete(wb, k, klen);
    return n;
}

int store_reply_sweep(store_t *self, int64_t now_ms, int max)
{
    if (self->read_only || store_pending(self))
        return 0;
    leveldb_iterator_t *it = leveldb_create_iterator(self->db, self->read);
    leveldb_writebatch_t *wb = leveldb_writebatch_create();
    int n = 0, keys = 0; /* replies deleted; sweep keys, which may name none */
    for (leveldb_iter_seek(it, "x", 1); n < max && keys < max && leveldb_iter_valid(it);
         leveldb_iter_next(it), keys++) {
        size_t klen, vlen;
        const char *k = leveldb_iter_key(it, &klen), *v = leveldb_iter_value(it, &vlen);
        if (klen < 9 || k[0] != 'x' || get_be64(k + 1) > (uint64_t)now_ms)
            break;
        n += sweep_one(self, wb, k, klen, v, vlen, now_ms);
    }
    leveldb_iter_destroy(it);
    char *err = NULL;
    if (keys)
        leveldb_write(self->db, self->lazy_write, wb, &err);
    leveldb_writebatch_destroy(wb);
    if (err) {
        leveldb_free(err);
        return -1;
    }
    return n;
}

void store_mark(const store_t *self, store_mark_t *mark)
{
    mark->writes = overlay_count(self->pending);
    mark->revision = self->revision;
    memcpy(mark->head, self->head, STORE_HASH_LEN);
}

void store_rollback(store_t *self, const store_mark_t *mark)
{
    overlay_rollback(self->pending, mark->writes);
    self->revision = mark->revision;
    memcpy(self->head, mark->head, STORE_HASH_LEN);
}

/* A kept reply written by this group, into its sweep key's list. Where
 * the list cannot grow the reply gets a sweep key of its own, format 5's
 * shape, which the sweep reads too. */
static void sweep_list_add(store_t *self, leveldb_writebatch_t *wb, const char *key, size_t klen,
                           uint64_t expires)
{
    if (self->sweep_cap - self->sweep_len < klen) {
        size_t cap = self->sweep_cap ? 2 * self->sweep_cap : 4096;
        char *grown = cap >= self->sweep_len + klen ? realloc(self->sweep, cap) : NULL;
        if (!grown) {
            char xkey[264];
            leveldb_writebatch_put(wb, xkey, sweep_key(xkey, expires, key, klen), "", 0);
            return;
        }
        self->sweep = grown;
        self->sweep_cap = cap;
    }
    self->sweep[self->sweep_len] = (char)(klen - 1);
    memcpy(self->sweep + self->sweep_len + 1, key + 1, klen - 1);
    self->sweep_len += klen;
    if (expires > self->sweep_expires)
        self->sweep_expires = expires;
}

/* The group's one sweep key: when the last of its replies expires, the
 * first of them after the \0 to keep it apart from another group's. */
static void sweep_list_put(store_t *self, leveldb_writebatch_t *wb)
{
    if (!self->sweep_len)
        return;
    char xkey[10 + UINT8_MAX];
    size_t first = (unsigned char)self->sweep[0];
    xkey[0] = 'x';
    put_be64(xkey + 1, self->sweep_expires);
    xkey[9] = '\0';
    memcpy(xkey + 10, self->sweep + 1, first);
    leveldb_writebatch_put(wb, xkey, 10 + first, self->sweep, self->sweep_len);
    self->sweep_len = 0;
    self->sweep_expires = 0;
}

struct batch {
    store_t *store;
    leveldb_writebatch_t *wb;
};

static void batch_add(void *arg, const void *key, size_t klen, const void *val, size_t vlen)
{
    struct batch *b = arg;
    if (!val) {
        leveldb_writebatch_delete(b->wb, key, klen);
        return;
    }
    leveldb_writebatch_put(b->wb, key, klen, val, vlen);
    if (((const char *)key)[0] == 'd' && vlen >= 8)
        sweep_list_add(b->store, b->wb, key, klen, get_be64(val));
}

/* A commit that succeeded: the cache's copies of what it wrote are old. */
static void refresh_written(void *arg, const void *key, size_t klen, const void *val, size_t vlen)
{
    if (hot_key(key))
        hot_refresh(arg, key, klen, val, vlen);
}

/* Forgets the pending group: none of it reached LevelDB. */
static void drop_group(store_t *self)
{
    overlay_clear(self->pending);
    self->revision = self->committed;
    memcpy(self->head, self->committed_head, STORE_HASH_LEN);
}

int store_commit(store_t *self, thd_status_t *st)
{
    if (!store_pending(self))
        return 0;
    if (self->read_only) {
        drop_group(self);
        return thd_refuse(st, THD_R_STORE_READ_ONLY, "");
    }
    if (self->revision != self->committed) {
        char be[8];
        put_be64(be, self->revision);
        if (meta_put(self, "revision", be, 8) ||
            meta_put(self, "head", self->head, STORE_HASH_LEN)) {
            drop_group(self); /* its replies say it failed: none of it may land later */
            return thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
        }
    }
    /* Only each key's last write: a group of reports bumps one record count
     * (and may rewrite one task) many times, and LevelDB would insert every
     * version into its memtable and log to keep only the last. In key order:
     * each insert searches the memtable's skip list from its top, and a
     * search that follows its neighbour's finds most of its path in the
     * cache (the inserts waited on memory for a fifth of the main thread). */
    leveldb_writebatch_t *wb = leveldb_writebatch_create();
    struct batch b = {.store = self, .wb = wb};
    if (overlay_each_latest_sorted(self->pending, batch_add, &b))
        overlay_each_latest(self->pending, batch_add, &b);
    sweep_list_put(self, wb);
    char *err = NULL;
    leveldb_write(self->db, self->sync_write, wb, &err);
    leveldb_writebatch_destroy(wb);
    if (err) {
        hot_clear(self->hot); /* what reached LevelDB is unknown */
        self->read_only = true;
        drop_group(self);
        return failed(st, THD_R_STORE_WRITE_FAILED, err);
    }
    overlay_each_latest(self->pending, refresh_written, self->hot);
    overlay_clear(self->pending);
    self->committed = self->revision;
    memcpy(self->committed_head, self->head, STORE_HASH_LEN);
    return 0;
}

struct store_snapshot {
    const leveldb_snapshot_t *snap;
    uint64_t revision;
};

store_snapshot_t *store_snapshot_new(store_t *self)
{
    store_snapshot_t *snap = calloc(1, sizeof *snap);
    if (!snap)
        return NULL;
    snap->snap = leveldb_create_snapshot(self->db);
    snap->revision = self->committed;
    return snap;
}

uint64_t store_snapshot_revision(const store_snapshot_t *snap)
{
    return snap->revision;
}

void store_snapshot_destroy(store_t *self, store_snapshot_t **snap_p)
{
    if (!snap_p || !*snap_p)
        return;
    leveldb_release_snapshot(self->db, (*snap_p)->snap);
    free(*snap_p);
    *snap_p = NULL;
}

struct store_iter {
    leveldb_iterator_t *it;
    leveldb_readoptions_t *read; /* own options when reading a snapshot */
    char prefix[512];
    size_t plen;
    char after[512];
    size_t alen;
    bool started;
};

store_iter_t *store_iter_new_at(store_t *self, const store_snapshot_t *snap, enum store_space space,
                                const char *prefix, const char *after)
{
    store_iter_t *it = calloc(1, sizeof *it);
    if (!it)
        return NULL;
    it->plen = make_key(it->prefix, space_byte[space], prefix);
    if (after && *after)
        it->alen = make_key(it->after, space_byte[space], after);
    const leveldb_readoptions_t *ro = self->read;
    if (snap) {
        it->read = leveldb_readoptions_create();
        leveldb_readoptions_set_snapshot(it->read, snap->snap);
        leveldb_readoptions_set_fill_cache(it->read, 0);
        ro = it->read;
    }
    it->it = leveldb_create_iterator(self->db, ro);
    if (!it->plen || !it->it) {
        store_iter_destroy(&it);
        return NULL;
    }
    return it;
}

store_iter_t *store_iter_new(store_t *self, enum store_space space, const char *prefix)
{
    return store_iter_new_at(self, NULL, space, prefix, NULL);
}

int store_iter_next(store_iter_t *it, const char **key, size_t *klen, const char **val,
                    size_t *vlen)
{
    if (!it->started) {
        it->started = true;
        if (it->alen) { /* resume after the last key a page returned */
            leveldb_iter_seek(it->it, it->after, it->alen);
            size_t kl0;
            const char *k0 = leveldb_iter_valid(it->it) ? leveldb_iter_key(it->it, &kl0) : NULL;
            if (k0 && kl0 == it->alen && memcmp(k0, it->after, kl0) == 0)
                leveldb_iter_next(it->it);
        } else {
            leveldb_iter_seek(it->it, it->prefix, it->plen);
        }
    } else if (leveldb_iter_valid(it->it)) {
        leveldb_iter_next(it->it);
    }
    if (!leveldb_iter_valid(it->it))
        return 0;
    size_t kl;
    const char *k = leveldb_iter_key(it->it, &kl);
    if (kl < it->plen || memcmp(k, it->prefix, it->plen) != 0)
        return 0;
    *key = k + 1;
    *klen = kl - 1;
    *val = leveldb_iter_value(it->it, vlen);
    return 1;
}

void store_iter_destroy(store_iter_t **it_p)
{
    if (!it_p || !*it_p)
        return;
    if ((*it_p)->it)
        leveldb_iter_destroy((*it_p)->it);
    if ((*it_p)->read)
        leveldb_readoptions_destroy((*it_p)->read);
    free(*it_p);
    *it_p = NULL;
}

struct store_log_iter {
    leveldb_iterator_t *it;
    uint64_t from;
    bool started;
};

store_log_iter_t *store_log_iter_new(store_t *self, uint64_t from)
{
    store_log_iter_t *it = calloc(1, sizeof *it);
    if (!it)
        return NULL;
    it->it = leveldb_create_iterator(self->db, self->read);
    it->from = from;
    return it;
}

int store_log_iter_next(store_log_iter_t *it, uint64_t *rev, const uint8_t **hash,
                        const char **entry, size_t *len)
{
    if (!it->started) {
        char key[9] = {'l'};
        put_be64(key + 1, it->from);
        leveldb_iter_seek(it->it, key, sizeof key);
        it->started = true;
    } else if (leveldb_iter_valid(it->it)) {
        leveldb_iter_next(it->it);
    }
    if (!leveldb_iter_valid(it->it))
        return 0;
    size_t klen, vlen;
    const char *k = leveldb_iter_key(it->it, &klen);
    if (klen == 0 || k[0] != 'l')
        return 0;
    const char *v = leveldb_iter_value(it->it, &vlen);
    if (klen != 9 || vlen < STORE_HASH_LEN)
        return -1;
    *rev = get_be64(k + 1);
    *hash = (const uint8_t *)v;
    *entry = v + STORE_HASH_LEN;
    *len = vlen - STORE_HASH_LEN;
    return 1;
}

void store_log_iter_destroy(store_log_iter_t **it_p)
{
    if (!it_p || !*it_p)
        return;
    leveldb_iter_destroy((*it_p)->it);
    free(*it_p);
    *it_p = NULL;
}

/* A reply kept by reference to the entry at rev (of principal's request
 * request_id) turned back into a copy, into wb: the entry is going. */
static void settle_reply(store_t *self, leveldb_writebatch_t *wb, const char *principal,
                         const char *request_id, uint64_t rev, const char *entry, size_t elen)
{
    char key[256], *err = NULL;
    size_t klen = reply_key(key, 'd', principal, request_id), vlen = 0;
    char *val = klen ? leveldb_get(self->db, self->read, key, klen, &vlen, &err) : NULL;
    leveldb_free(err);
    kept_value_t v;
    if (!val || !kept_parse(val, vlen, &v) || v.body_len < REPLY_REF_LEN ||
        v.body[0] != REPLY_REF || get_be64(v.body + 1) != rev) {
        leveldb_free(val);
        return;
    }
    size_t off = get_be32(v.body + 9), len = get_be32(v.body + 13);
    size_t head = (size_t)(v.body - val), start = v.body_len - REPLY_REF_LEN;
    char *copy = off <= elen && len <= elen - off ? malloc(head + start + len) : NULL;
    if (copy) {
        memcpy(copy, val, head); /* the same expiry and request */
        memcpy(copy + head, v.body + REPLY_REF_LEN, start);
        memcpy(copy + head + start, entry + off, len);
        leveldb_writebatch_put(wb, key, klen, copy, head + start + len);
    }
    free(copy);
    leveldb_free(val);
}

/* Settles the replies that refer to the entries from oldest to below - 1. */
static void settle_replies(store_t *self, leveldb_writebatch_t *wb, uint64_t below,
                           store_reply_owner_fn *owner, void *arg)
{
    store_log_iter_t *it = store_log_iter_new(self, self->oldest);
    uint64_t rev;
    const uint8_t *hash;
    const char *entry;
    size_t len;
    char principal[128], request_id[128];
    while (it && store_log_iter_next(it, &rev, &hash, &entry, &len) == 1 && rev < below)
        if (owner(arg, entry, len, principal, sizeof principal, request_id, sizeof request_id))
            settle_reply(self, wb, principal, request_id, rev, entry, len);
    store_log_iter_destroy(&it);
}

int store_log_compact(store_t *self, uint64_t below, int max, store_reply_owner_fn *owner,
                      void *arg, thd_status_t *st)
{
    if (below > self->committed)
        below = self->committed; /* the newest entry carries the chain head */
    if (below <= self->oldest || self->read_only || store_pending(self))
        return 0;
    if (below - self->oldest > (uint64_t)max)
        below = self->oldest + (uint64_t)max;
    char key[9] = {'l'}, *val = NULL;
    size_t len = 0;
    put_be64(key + 1, below - 1);
    char *err = NULL;
    val = leveldb_get(self->db, self->read, key, sizeof key, &len, &err);
    if (err || !val || len < STORE_HASH_LEN) {
        leveldb_free(val);
        return -fail(st, THD_DATA_LOSS, "cannot read the log entry before the compaction point",
                     err ? err : strdup("missing"));
    }
    uint8_t base[STORE_HASH_LEN];
    memcpy(base, val, STORE_HASH_LEN); /* the predecessor hash of the new oldest */
    leveldb_free(val);
    leveldb_writebatch_t *wb = leveldb_writebatch_create();
    if (owner)
        settle_replies(self, wb, below, owner, arg);
    for (uint64_t r = self->oldest; r < below; r++) {
        put_be64(key + 1, r);
        leveldb_writebatch_delete(wb, key, sizeof key);
    }
    char mkey[16], be[8];
    put_be64(be, below);
    size_t mlen = make_key(mkey, 'm', "oldest");
    leveldb_writebatch_put(wb, mkey, mlen, be, 8);
    mlen = make_key(mkey, 'm', "base");
    leveldb_writebatch_put(wb, mkey, mlen, (const char *)base, STORE_HASH_LEN);
    leveldb_write(self->db, self->sync_write, wb, &err);
    leveldb_writebatch_destroy(wb);
    if (err)
        return -fail(st, THD_UNAVAILABLE, "log compaction failed", err);
    int n = (int)(below - self->oldest);
    self->oldest = below;
    memcpy(self->base, base, STORE_HASH_LEN);
    return n;
}

void store_head(const store_t *self, uint8_t out[STORE_HASH_LEN])
{
    memcpy(out, self->committed_head, STORE_HASH_LEN);
}

void store_chain_base(const store_t *self, uint8_t out[STORE_HASH_LEN])
{
    memcpy(out, self->base, STORE_HASH_LEN);
}

/* A fresh LevelDB at dest, for a copy or a migration; NULL with st set. */
static leveldb_t *open_raw(const char *dir, bool create, leveldb_options_t **opts, thd_status_t *st)
{
    *opts = leveldb_options_create();
    leveldb_options_set_create_if_missing(*opts, create);
    leveldb_options_set_error_if_exists(*opts, create);
    leveldb_options_set_paranoid_checks(*opts, 1);
    char *err = NULL;
    leveldb_t *db = leveldb_open(*opts, dir, &err);
    if (err) {
        open_failed(dir, create, err, st);
        leveldb_options_destroy(*opts);
        *opts = NULL;
        return NULL;
    }
    return db;
}

static void close_raw(leveldb_t *db, leveldb_options_t *opts)
{
    if (db)
        leveldb_close(db);
    if (opts)
        leveldb_options_destroy(opts);
}

/* Writes wb (then empties it); sync for the last one. */
static int flush_batch(leveldb_t *db, leveldb_writebatch_t *wb, bool sync, thd_status_t *st)
{
    leveldb_writeoptions_t *wo = leveldb_writeoptions_create();
    leveldb_writeoptions_set_sync(wo, sync);
    char *err = NULL;
    leveldb_write(db, wo, wb, &err);
    leveldb_writeoptions_destroy(wo);
    leveldb_writebatch_clear(wb);
    return err ? fail(st, THD_UNAVAILABLE, "writing the copy failed", err) : 0;
}

int store_copy(store_t *self, const store_snapshot_t *snap, const char *dest, thd_status_t *st)
{
    leveldb_options_t *opts;
    leveldb_t *db = open_raw(dest, true, &opts, st);
    if (!db)
        return -1;
    leveldb_readoptions_t *ro = leveldb_readoptions_create();
    leveldb_readoptions_set_snapshot(ro, snap->snap);
    leveldb_readoptions_set_fill_cache(ro, 0); /* a one-pass read: keep the broker's cache */
    leveldb_readoptions_set_verify_checksums(ro, 1);
    leveldb_iterator_t *it = leveldb_create_iterator(self->db, ro);
    leveldb_writebatch_t *wb = leveldb_writebatch_create();
    size_t pending = 0;
    int rc = 0;
    for (leveldb_iter_seek_to_first(it); rc == 0 && leveldb_iter_valid(it); leveldb_iter_next(it)) {
        size_t kl, vl;
        const char *k = leveldb_iter_key(it, &kl), *v = leveldb_iter_value(it, &vl);
        leveldb_writebatch_put(wb, k, kl, v, vl);
        pending += kl + vl;
        if (pending >= (4u << 20)) { /* bounded batches: the copy's memory stays small */
            rc = flush_batch(db, wb, false, st);
            pending = 0;
        }
    }
    char *err = NULL;
    leveldb_iter_get_error(it, &err);
    if (rc == 0 && err)
        rc = fail(st, THD_DATA_LOSS, "reading the store for the copy failed", err);
    else
        leveldb_free(err);
    if (rc == 0)
        rc = flush_batch(db, wb, true, st);
    leveldb_writebatch_destroy(wb);
    leveldb_iter_destroy(it);
    leveldb_readoptions_destroy(ro);
    close_raw(db, opts);
    return rc ? -1 : 0;
}

/* Puts "mcount/<type>" = n into wb. */
static void batch_count(leveldb_writebatch_t *wb, const char *type, size_t tlen, uint64_t n)
{
    char key[512], be[8];
    size_t plen = 1 + strlen(COUNT_PREFIX);
    if (!n || plen + tlen > sizeof key)
        return;
    key[0] = 'm';
    memcpy(key + 1, COUNT_PREFIX, plen - 1);
    memcpy(key + plen, type, tlen);
    put_be64(be, n);
    leveldb_writebatch_put(wb, key, plen + tlen, be, 8);
}

/* Format 1 -> 2: counts the records of each type. A type's keys share the
 * prefix "s<type>/", so each type is one run of the sorted keys. */
static int migrate_1_to_2(leveldb_t *db, thd_status_t *st)
{
    leveldb_readoptions_t *ro = leveldb_readoptions_create();
    leveldb_iterator_t *it = leveldb_create_iterator(db, ro);
    leveldb_writebatch_t *wb = leveldb_writebatch_create();
    char type[512];
    size_t tlen = 0;
    uint64_t n = 0;
    for (leveldb_iter_seek(it, "s", 1); leveldb_iter_valid(it); leveldb_iter_next(it)) {
        size_t kl;
        const char *k = leveldb_iter_key(it, &kl);
        if (kl < 2 || k[0] != 's')
            break;
        const char *slash = memchr(k + 1, '/', kl - 1);
        size_t tl = slash ? (size_t)(slash - k - 1) : kl - 1;
        if (tl > sizeof type)
            tl = sizeof type;
        if (tl != tlen || memcmp(type, k + 1, tl) != 0) {
            batch_count(wb, type, tlen, n);
            memcpy(type, k + 1, tl);
            tlen = tl;
            n = 0;
        }
        n++;
    }
    batch_count(wb, type, tlen, n);
    char *err = NULL;
    leveldb_iter_get_error(it, &err);
    leveldb_iter_destroy(it);
    leveldb_readoptions_destroy(ro);
    if (err) {
        leveldb_writebatch_destroy(wb);
        return fail(st, THD_DATA_LOSS, "reading the store failed", err);
    }
    leveldb_writebatch_put(wb, "mschema", 7, (char[]){'2'}, 1);
    int rc = flush_batch(db, wb, true, st); /* counts and mark: one synced batch */
    leveldb_writebatch_destroy(wb);
    return rc;
}

/* Format 3 reads every format 2 store as it is: only the mark changes. */
static int migrate_2_to_3(leveldb_t *db, thd_status_t *st)
{
    leveldb_writebatch_t *wb = leveldb_writebatch_create();
    leveldb_writebatch_put(wb, "mschema", 7, (char[]){'3'}, 1);
    int rc = flush_batch(db, wb, true, st);
    leveldb_writebatch_destroy(wb);
    return rc;
}

int store_migrate(const char *dir, int *from, thd_status_t *st)
{
    leveldb_options_t *opts;
    leveldb_t *db = open_raw(dir, false, &opts, st);
    if (!db)
        return -1;
    leveldb_readoptions_t *ro = leveldb_readoptions_create();
    char *err = NULL;
    size_t len = 0;
    char *schema = leveldb_get(db, ro, "mschema", 7, &len, &err);
    leveldb_readoptions_destroy(ro);
    int rc = 0;
    *from = schema && len == 1 ? schema[0] - '0' : 0;
    if (err)
        rc = failed(st, THD_R_STORE_READ_FAILED, err);
    else if (!schema || len != 1)
        rc = thd_status_set(st, THD_DATA_LOSS, "", "not a thidua store (no schema mark)");
    else if (schema[0] > SCHEMA_VERSION || schema[0] < '1')
        rc = check_schema(schema[0], dir, st);
    else { /* one step at a time: a stop between steps leaves a valid format */
        if (schema[0] == '1')
            rc = migrate_1_to_2(db, st);
        if (rc == 0 && schema[0] <= '2')
            rc = migrate_2_to_3(db, st);
    }
    leveldb_free(schema);
    close_raw(db, opts);
    return rc ? -1 : 0;
}

int store_schema(void)
{
    return SCHEMA_VERSION - '0';
}

int store_repair(const char *dir, thd_status_t *st)
{
    leveldb_options_t *opts = leveldb_options_create();
    leveldb_options_set_paranoid_checks(opts, 1);
    char *err = NULL;
    leveldb_repair_db(opts, dir, &err);
    leveldb_options_destroy(opts);
    if (err && strstr(err, "lock")) {
        open_failed(dir, false, err, st);
        return -1;
    }
    if (err)
        return -fail(st, THD_DATA_LOSS, "repair failed", err);
    return 0;
}
