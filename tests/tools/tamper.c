/* thidua-tamper: rewrites one byte of a change log entry, or of a stored
 * record (its last: inside its meta's actor, so it still decodes), to prove
 * that `thidua-server verify` notices. A test tool; never installed.
 * usage: thidua-tamper STORE_DIR REVISION | TYPE/ID */
#include <leveldb/c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: thidua-tamper STORE_DIR REVISION\n");
        return 2;
    }
    unsigned long long rev = strtoull(argv[2], NULL, 10);
    char key[512] = {'l'};
    size_t klen = 9;
    for (int i = 8; i >= 1; i--, rev >>= 8)
        key[i] = (char)(rev & 0xff);
    if (strchr(argv[2], '/')) /* a record: "s<type>/<id>" */
        klen = (size_t)snprintf(key, sizeof key, "s%s", argv[2]);
    char *err = NULL;
    leveldb_options_t *o = leveldb_options_create();
    leveldb_t *db = leveldb_open(o, argv[1], &err);
    if (err) {
        fprintf(stderr, "thidua-tamper: %s\n", err);
        return 1;
    }
    leveldb_readoptions_t *r = leveldb_readoptions_create();
    leveldb_writeoptions_t *w = leveldb_writeoptions_create();
    size_t len = 0;
    char *val = leveldb_get(db, r, key, klen, &len, &err);
    int rc = 1;
    if (val && len > 33) {
        val[len - 1] ^= 0x01; /* a log entry's: inside the entry, after its 32-byte hash */
        leveldb_put(db, w, key, klen, val, len, &err);
        rc = err ? 1 : 0;
    } else {
        fprintf(stderr, "thidua-tamper: no log entry or record at %s\n", argv[2]);
    }
    leveldb_free(val);
    leveldb_free(err);
    leveldb_readoptions_destroy(r);
    leveldb_writeoptions_destroy(w);
    leveldb_close(db);
    leveldb_options_destroy(o);
    return rc;
}
