/* thidua-embed-history: rewrites a task as a broker before history records
 * (store format 3) wrote it: its History records and their counter go, and
 * their entries, then `extra` more reports, are kept inside the task
 * record. For tests of how this release reads and first writes such a
 * task. The change log is left as it is, so `verify` fails on the result;
 * a test tool, never installed.
 * usage: thidua-embed-history STORE_DIR TASK_ID EXTRA */
#include <leveldb/c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "thidua.pb-c.h"

static leveldb_t *db;
static leveldb_readoptions_t *ro;
static leveldb_writebatch_t *wb;

static void die(const char *what, char *err)
{
    fprintf(stderr, "thidua-embed-history: %s%s%s\n", what, err ? ": " : "", err ? err : "");
    exit(1);
}

static void push(Thidua__V1__Task *t, Thidua__V1__HistoryEntry *h)
{
    t->history = realloc(t->history, (t->n_history + 1) * sizeof *t->history);
    if (!t->history)
        die("out of memory", NULL);
    t->history[t->n_history++] = h;
}

/* Moves the task's History records (in key order: their order) into t. */
static uint64_t take_records(Thidua__V1__Task *t)
{
    char prefix[256];
    size_t plen = (size_t)snprintf(prefix, sizeof prefix, "shistory/%s/", t->id);
    leveldb_iterator_t *it = leveldb_create_iterator(db, ro);
    uint64_t n = 0;
    for (leveldb_iter_seek(it, prefix, plen); leveldb_iter_valid(it); leveldb_iter_next(it)) {
        size_t kl, vl;
        const char *k = leveldb_iter_key(it, &kl), *v = leveldb_iter_value(it, &vl);
        if (kl < plen || memcmp(k, prefix, plen) != 0)
            break;
        Thidua__V1__Record *r = thidua__v1__record__unpack(NULL, vl, (const uint8_t *)v);
        if (!r || r->body_case != THIDUA__V1__RECORD__BODY_HISTORY)
            die("a history record does not decode", NULL);
        push(t, r->history->entry);
        r->history->entry = NULL;
        thidua__v1__record__free_unpacked(r, NULL);
        leveldb_writebatch_delete(wb, k, kl);
        n++;
    }
    leveldb_iter_destroy(it);
    return n;
}

static void uncount(uint64_t gone)
{
    char *err = NULL;
    size_t len = 0;
    char *v = leveldb_get(db, ro, "mcount/history", 14, &len, &err);
    if (!v || len != 8)
        die("no count of history records", err);
    uint64_t n = 0;
    for (int i = 0; i < 8; i++)
        n = n << 8 | (uint8_t)v[i];
    leveldb_free(v);
    n -= gone;
    char be[8];
    for (int i = 7; i >= 0; i--, n >>= 8)
        be[i] = (char)(n & 0xff);
    leveldb_writebatch_put(wb, "mcount/history", 14, be, 8);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: thidua-embed-history STORE_DIR TASK_ID EXTRA\n");
        return 2;
    }
    char *err = NULL;
    leveldb_options_t *o = leveldb_options_create();
    db = leveldb_open(o, argv[1], &err);
    if (err)
        die(argv[1], err);
    ro = leveldb_readoptions_create();
    wb = leveldb_writebatch_create();
    char key[256];
    size_t klen = (size_t)snprintf(key, sizeof key, "stask/%s", argv[2]), len = 0;
    char *val = leveldb_get(db, ro, key, klen, &len, &err);
    Thidua__V1__Record *rec = val ? thidua__v1__record__unpack(NULL, len, (uint8_t *)val) : NULL;
    if (!rec || rec->body_case != THIDUA__V1__RECORD__BODY_TASK)
        die("no such task", err);
    leveldb_free(val);
    uncount(take_records(rec->task));
    for (int i = 0, extra = atoi(argv[3]); i < extra; i++) {
        Thidua__V1__HistoryEntry *h = malloc(sizeof *h);
        char text[32];
        if (!h)
            die("out of memory", NULL);
        thidua__v1__history_entry__init(h);
        snprintf(text, sizeof text, "cũ %d", i + 1);
        h->verb = strdup("report");
        h->actor = strdup("vhttdl");
        h->unit = strdup("");
        h->text = strdup(text);
        h->time_ms = 1700000000000 + i;
        h->percent = (uint32_t)(i % 100);
        push(rec->task, h);
    }
    char index[256];
    size_t ilen = (size_t)snprintf(index, sizeof index, "khistory/%s", argv[2]);
    leveldb_writebatch_delete(wb, index, ilen);
    size_t plen = thidua__v1__record__get_packed_size(rec);
    uint8_t *packed = malloc(plen);
    if (!packed)
        die("out of memory", NULL);
    thidua__v1__record__pack(rec, packed);
    leveldb_writebatch_put(wb, key, klen, (const char *)packed, plen);
    leveldb_writeoptions_t *wo = leveldb_writeoptions_create();
    leveldb_write(db, wo, wb, &err);
    if (err)
        die("write", err);
    printf("%s: %zu entries in the record\n", argv[2], rec->task->n_history);
    free(packed);
    thidua__v1__record__free_unpacked(rec, NULL);
    leveldb_writeoptions_destroy(wo);
    leveldb_writebatch_destroy(wb);
    leveldb_readoptions_destroy(ro);
    leveldb_close(db);
    leveldb_options_destroy(o);
    return 0;
}
