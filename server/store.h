/* The durable store: records, indexes, retry replies and the hash-chained
 * change log in one LevelDB, written by group commit.
 *
 * Writes go to a pending group (readable at once by later requests) and
 * reach disk together in store_commit, with sync. The store numbers log
 * entries (the global revision) and chains their hashes; it knows no domain
 * rule and no message format. It is the only file that includes leveldb/c.h. */
#ifndef THD_STORE_H
#define THD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct store store_t;

enum store_space {
    SPACE_RECORD, /* "<type>/<id>" -> record */
    SPACE_INDEX,  /* "<index>/<value>" -> record id */
};

#define STORE_HASH_LEN 32

typedef struct store_mark {
    size_t writes;
    uint64_t revision;
    uint8_t head[STORE_HASH_LEN];
} store_mark_t;

/* Opens DIR; with create, makes a new store and fails if one exists. A store
 * in another format is refused (PRECONDITION, saying what to run); one held
 * by a running broker is UNAVAILABLE. */
store_t *store_open(const char *dir, bool create, thd_status_t *st);
void store_destroy(store_t **self_p);
/* Who opens a closed store: the broker (store_open: this binary's format
 * only), verify (formats 3 and 4 too), or migrate (those too, and a store a
 * migrate left half-upgraded, which the others refuse). */
enum store_use { STORE_SERVE, STORE_VERIFY, STORE_UPGRADE };
store_t *store_open_for(const char *dir, enum store_use use, thd_status_t *st);
/* The format mark of the store as opened (or as store_upgrade_put left it). */
int store_format(const store_t *self);
/* Where a migrate stopped: 1 with *after (fresh, caller frees) the last
 * record key it finished, 0 when none is under way, <0 (st set). */
int store_upgrade_get(store_t *self, char **after, thd_status_t *st);
/* Into the pending group: the mark of this binary's format and where the
 * upgrade is (NULL: finished), to commit with the records it rewrote. */
int store_upgrade_put(store_t *self, const char *after);

uint64_t store_revision(const store_t *self); /* including the pending group */
uint64_t store_committed_revision(const store_t *self);
uint64_t store_oldest_revision(const store_t *self); /* oldest log entry kept */
bool store_read_only(const store_t *self);           /* after a failed write */
bool store_pending(const store_t *self);             /* group has writes */

/* Reads a value, pending writes first. Returns 1 found (*val fresh, caller
 * frees with free()), 0 absent, <0 on a read error (st set). */
int store_get(store_t *self, enum store_space space, const char *key, char **val, size_t *len,
              thd_status_t *st);
/* store_get as the store stood at mark, before the writes made since (NULL:
 * now): what a request's own writes replaced. */
int store_get_at(store_t *self, const store_mark_t *mark, enum store_space space, const char *key,
                 char **val, size_t *len, thd_status_t *st);
/* Pending writes; a NULL val deletes. */
int store_put(store_t *self, enum store_space space, const char *key, const void *val, size_t len);
/* store_put of a record under a key the caller knows is new (a history
 * entry numbered past its parent's count): its type's count goes up
 * without the read that asks whether the key held a record. verify checks
 * the counts and every history record against the log. */
int store_put_new(store_t *self, const char *key, const void *val, size_t len);
/* Appends a change log entry at revision store_revision()+1; returns it. */
uint64_t store_log_append(store_t *self, const void *entry, size_t len);

/* The request a kept reply answers: a digest of it (without its request
 * id) and its kind, so that a request id reused for another request is
 * told from a retry. */
#define STORE_DIGEST_LEN 32
typedef struct store_request {
    uint8_t digest[STORE_DIGEST_LEN];
    const char *kind;
} store_request_t;

/* What store_reply_get found under a request id. */
typedef struct store_kept {
    char *reply; /* the kept reply (fresh, caller frees); NULL when other */
    size_t len;
    bool other;    /* the reply answered another request: its kind follows */
    char kind[48]; /* that request's kind, e.g. "task.report" */
} store_kept_t;

/* Remembers a reply to what for (principal, request id) until expires_ms. */
int store_reply_put(store_t *self, const char *principal, const char *request_id,
                    int64_t expires_ms, const store_request_t *what, const void *reply, size_t len);
/* The same for a reply that ends in len bytes of the change log entry at
 * revision (from byte offset of the entry, its hash not counted), which
 * must be in the store or the pending group: only the reply's start is
 * kept, and store_reply_get rebuilds the reply byte for byte from both. */
int store_reply_put_ref(store_t *self, const char *principal, const char *request_id,
                        int64_t expires_ms, const store_request_t *what, const void *start,
                        size_t start_len, uint64_t revision, size_t offset, size_t len);
/* 1 when a reply is kept under (principal, request id): for what (kept->reply)
 * or for another request (kept->other); 0 when none; <0 when it could not
 * be read (st set): then nobody can tell a retry from a first try. */
int store_reply_get(store_t *self, const char *principal, const char *request_id, int64_t now_ms,
                    const store_request_t *what, store_kept_t *kept, thd_status_t *st);
/* Forgets expired replies, a commit group's at a time when the last of
 * the group's has expired at now_ms, until max or more are gone, in a
 * write of its own. How many. */
int store_reply_sweep(store_t *self, int64_t now_ms, int max);

/* Calls fn for each record type with its committed count, kept in the
 * same batch as every record write (n is UINT64_MAX when damaged). */
int store_count_each(store_t *self,
                     void (*fn)(void *arg, const char *type, size_t tlen, uint64_t n), void *arg);

void store_mark(const store_t *self, store_mark_t *mark);
void store_rollback(store_t *self, const store_mark_t *mark);
/* Writes the pending group in one synced batch. On failure the group is
 * dropped, the store turns read-only, and st says why. */
int store_commit(store_t *self, thd_status_t *st);

/* A frozen view of the committed store, for paged reads that must agree. */
typedef struct store_snapshot store_snapshot_t;
store_snapshot_t *store_snapshot_new(store_t *self);
/* The committed revision the snapshot reflects. */
uint64_t store_snapshot_revision(const store_snapshot_t *snap);
void store_snapshot_destroy(store_t *self, store_snapshot_t **snap_p);

/* Iteration over committed records of a space whose key starts with prefix. */
typedef struct store_iter store_iter_t;
store_iter_t *store_iter_new(store_t *self, enum store_space space, const char *prefix);
/* The same in a snapshot (NULL: latest), starting after key `after` (NULL or
 * "": from the start of the prefix). */
store_iter_t *store_iter_new_at(store_t *self, const store_snapshot_t *snap, enum store_space space,
                                const char *prefix, const char *after);
/* 1 with key/value borrowed until the next call, 0 at the end. */
int store_iter_next(store_iter_t *it, const char **key, size_t *klen, const char **val,
                    size_t *vlen);
void store_iter_destroy(store_iter_t **it_p);

/* The change log, committed entries in revision order from `from`. */
typedef struct store_log_iter store_log_iter_t;
store_log_iter_t *store_log_iter_new(store_t *self, uint64_t from);
/* 1 with the entry and its stored hash (borrowed), 0 at the end, -1 when
 * an entry is malformed. */
int store_log_iter_next(store_log_iter_t *it, uint64_t *rev, const uint8_t **hash,
                        const char **entry, size_t *len);
void store_log_iter_destroy(store_log_iter_t **it_p);
/* Deletes log entries below revision `below` (at most max of them), keeping
 * at least the newest entry; moves the oldest revision and the chain base
 * in the same synced batch. Returns how many were deleted, or <0 (st set). */
typedef bool(store_reply_owner_fn)(void *arg, const char *entry, size_t len, char *principal,
                                   size_t pcap, char *request_id, size_t rcap);
/* A kept reply may refer to an entry's bytes (store_reply_put_ref): with
 * owner, each deleted entry for which owner names the request that made it
 * (true: principal and request id written, NUL-terminated) has that
 * request's reply, if it refers to the entry, turned back into a copy in
 * the same batch, so that a retry is still answered. */
int store_log_compact(store_t *self, uint64_t below, int max, store_reply_owner_fn *owner,
                      void *arg, thd_status_t *st);

/* Copies everything the snapshot sees into a new LevelDB at dest (which
 * must not exist) and syncs it. Reads only through the snapshot and never
 * writes self, so it may run on another thread while the broker serves. */
int store_copy(store_t *self, const store_snapshot_t *snap, const char *dest, thd_status_t *st);

/* The format this binary writes. */
int store_schema(void);
/* Upgrades the closed store at dir to format 3 at least, one synced batch
 * per format step (a stop between steps leaves a store of the format
 * between); the steps to 4 and 5 rewrite records by a domain rule, so they
 * are upgrade.c's. *from is the format found. Nothing to do from format 3; a
 * newer one than this binary's is refused. The revision and the change
 * log are unchanged. */
int store_migrate(const char *dir, int *from, thd_status_t *st);
/* LevelDB's repair of a closed store (rebuilds MANIFEST/CURRENT from the
 * table and log files, dropping what it cannot read). */
int store_repair(const char *dir, thd_status_t *st);

/* Hash of the newest committed entry (the chain's head). */
void store_head(const store_t *self, uint8_t out[STORE_HASH_LEN]);
/* Hash that precedes the oldest kept entry (zeros for a full log). */
void store_chain_base(const store_t *self, uint8_t out[STORE_HASH_LEN]);
/* The chain rule: SHA-256(prev || entry). */
void store_chain_hash(const uint8_t prev[STORE_HASH_LEN], const void *entry, size_t len,
                      uint8_t out[STORE_HASH_LEN]);

#endif
