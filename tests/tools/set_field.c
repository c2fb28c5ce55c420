/* thidua-set-field: writes one text field of a stored record as a broker
 * before a rule about that field wrote it (a gender other than "Nam" or
 * "Nữ", kept before common/rules.c's thd_gender_word), for tests of how
 * this release reads and edits such a record. Only the record changes:
 * the change log is left as it is, so `verify` fails on the result; the
 * broker must be stopped. A test tool, never installed.
 * usage: thidua-set-field STORE_DIR TYPE/ID FIELD VALUE
 *   e.g. thidua-set-field data/store nominee/N-1 gender "khác" */
#include <leveldb/c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "thidua.pb-c.h"

static void die(const char *what, char *err)
{
    fprintf(stderr, "thidua-set-field: %s%s%s\n", what, err ? ": " : "", err ? err : "");
    exit(1);
}

/* The text field name of the record's body (the message of the oneof
 * member type, "nominee"); dies when the record has no such field. */
static char **text_field(Thidua__V1__Record *rec, const char *type, const char *name)
{
    const ProtobufCFieldDescriptor *b =
        protobuf_c_message_descriptor_get_field_by_name(&thidua__v1__record__descriptor, type);
    if (!b || b->type != PROTOBUF_C_TYPE_MESSAGE || (unsigned)rec->body_case != b->id)
        die("the record is not of that type", NULL);
    ProtobufCMessage *body = *(ProtobufCMessage **)((char *)rec + b->offset);
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(body->descriptor, name);
    if (!f || f->type != PROTOBUF_C_TYPE_STRING || f->label == PROTOBUF_C_LABEL_REPEATED)
        die("no text field of that name", NULL);
    return (char **)((char *)body + f->offset);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: thidua-set-field STORE_DIR TYPE/ID FIELD VALUE\n");
        return 2;
    }
    char type[64];
    const char *slash = strchr(argv[2], '/');
    if (!slash || (size_t)(slash - argv[2]) >= sizeof type)
        die("give the record as TYPE/ID, e.g. nominee/N-1", NULL);
    snprintf(type, sizeof type, "%.*s", (int)(slash - argv[2]), argv[2]);
    char *err = NULL;
    leveldb_options_t *o = leveldb_options_create();
    leveldb_t *db = leveldb_open(o, argv[1], &err);
    if (err)
        die(argv[1], err);
    leveldb_readoptions_t *ro = leveldb_readoptions_create();
    char key[512];
    size_t klen = (size_t)snprintf(key, sizeof key, "s%s", argv[2]), len = 0;
    char *val = leveldb_get(db, ro, key, klen, &len, &err);
    Thidua__V1__Record *rec = val ? thidua__v1__record__unpack(NULL, len, (uint8_t *)val) : NULL;
    if (!rec)
        die("no such record", err);
    leveldb_free(val);
    char **field = text_field(rec, type, argv[3]);
    if (*field != protobuf_c_empty_string) /* "" is protobuf-c's own; the rest malloc's */
        free(*field);
    if (!(*field = strdup(argv[4])))
        die("out of memory", NULL);
    size_t plen = thidua__v1__record__get_packed_size(rec);
    uint8_t *packed = malloc(plen);
    if (!packed)
        die("out of memory", NULL);
    thidua__v1__record__pack(rec, packed);
    leveldb_writeoptions_t *wo = leveldb_writeoptions_create();
    leveldb_put(db, wo, key, klen, (const char *)packed, plen, &err);
    if (err)
        die("write", err);
    free(packed);
    thidua__v1__record__free_unpacked(rec, NULL);
    leveldb_writeoptions_destroy(wo);
    leveldb_readoptions_destroy(ro);
    leveldb_close(db);
    leveldb_options_destroy(o);
    return 0;
}
