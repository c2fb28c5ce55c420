/* thidua-set-format: rewrites a closed store into another format, for the
 * migration tests. A test tool; never installed.
 *   thidua-set-format STORE_DIR 1   exactly format 1: no record counts, mark 1
 *   thidua-set-format STORE_DIR N   only the mark (e.g. a format from the future)
 *   thidua-set-format STORE_DIR N KEY  the mark, and a migrate stopped after
 *                                   the record KEY (e.g. task/T-5), as an
 *                                   older release's migrate leaves it */
#include <leveldb/c.h>
#include <stdio.h>
#include <string.h>

#define COUNTS "mcount/"

/* Deletes every kept record count (format 2's addition) into wb. */
static void drop_counts(leveldb_t *db, leveldb_writebatch_t *wb)
{
    leveldb_readoptions_t *r = leveldb_readoptions_create();
    leveldb_iterator_t *it = leveldb_create_iterator(db, r);
    size_t plen = strlen(COUNTS);
    for (leveldb_iter_seek(it, COUNTS, plen); leveldb_iter_valid(it); leveldb_iter_next(it)) {
        size_t kl;
        const char *k = leveldb_iter_key(it, &kl);
        if (kl < plen || memcmp(k, COUNTS, plen) != 0)
            break;
        leveldb_writebatch_delete(wb, k, kl);
    }
    leveldb_iter_destroy(it);
    leveldb_readoptions_destroy(r);
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4 || strlen(argv[2]) != 1 || argv[2][0] < '1' || argv[2][0] > '9') {
        fprintf(stderr, "usage: thidua-set-format STORE_DIR 1-9 [STOPPED_AFTER_KEY]\n");
        return 2;
    }
    char *err = NULL;
    leveldb_options_t *o = leveldb_options_create();
    leveldb_t *db = leveldb_open(o, argv[1], &err);
    if (err) {
        fprintf(stderr, "thidua-set-format: %s\n", err);
        leveldb_free(err);
        leveldb_options_destroy(o);
        return 1;
    }
    leveldb_writebatch_t *wb = leveldb_writebatch_create();
    if (argv[2][0] == '1')
        drop_counts(db, wb);
    leveldb_writebatch_put(wb, "mschema", 7, argv[2], 1);
    if (argc == 4)
        leveldb_writebatch_put(wb, "mupgrade", 8, argv[3], strlen(argv[3]));
    leveldb_writeoptions_t *w = leveldb_writeoptions_create();
    leveldb_writeoptions_set_sync(w, 1);
    leveldb_write(db, w, wb, &err);
    int rc = err ? 1 : 0;
    if (err)
        fprintf(stderr, "thidua-set-format: %s\n", err);
    leveldb_free(err);
    leveldb_writeoptions_destroy(w);
    leveldb_writebatch_destroy(wb);
    leveldb_close(db);
    leveldb_options_destroy(o);
    return rc;
}
