/* thidua-server archive: the store, copied like a backup (online through
 * the broker or offline), written as one tar: the change log with its
 * hashes as JSON lines, every record as JSON, every document's bytes, the
 * final workbook (archive_book.c), a README, verify.py and SHA256SUMS. The
 * tar is written as FILE.partial, checked like verify-archive and only then
 * renamed to FILE, so a FILE that exists is a complete, checked archive. */
#include "archive.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

#include "archive_book.h"
#include "clock.h"
#include "grow.h"
#include "kept.h"
#include "maint.h"
#include "paths.h"
#include "pbjson.h"
#include "store.h"
#include "tar.h"
#include "thidua.pb-c.h"

#define ERR(...)    fprintf(stderr, "thidua-server: " __VA_ARGS__)
#define WORK_PREFIX "archive-work-"

/* What goes into the archive, and the members written so far. */
struct out {
    tar_writer_t *tar;
    char top[64]; /* the archive's one directory */
    tar_member_t *members;
    size_t n_members, cap_members;
    uint64_t first, entries, records;
    uint8_t base[STORE_HASH_LEN], head[STORE_HASH_LEN];
    json_t *documents;
    const char *work;  /* the store copy's directory, where the workbook is drawn */
    const char *title; /* the congress's name: the workbook's and the manifest's */
    int64_t made_ms;   /* the archive's time: the manifest's, the workbook's "today" */
    size_t book;       /* the workbook's index in members */
};

static int begin(struct out *o, const char *name)
{
    char path[TAR_NAME_MAX + 1];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", o->top, name) >= sizeof path)
        return -1;
    return tar_begin(o->tar, path);
}

static int end(struct out *o)
{
    if (grow(&o->members, &o->cap_members, o->n_members + 1, sizeof *o->members, SIZE_MAX) != 0)
        return -1;
    return tar_end(o->tar, &o->members[o->n_members++]);
}

static int add_member(struct out *o, const char *name, const void *data, size_t len)
{
    return begin(o, name) || tar_write(o->tar, data, len) || end(o) ? -1 : 0;
}

/* A JSON document as a member, with a closing newline. */
static int add_json(struct out *o, const char *name, const json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2));
    int rc = !s || begin(o, name) || tar_write(o->tar, s, strlen(s)) ||
                     tar_write(o->tar, "\n", 1) || end(o)
                 ? -1
                 : 0;
    free(s);
    return rc;
}

static void hex(const uint8_t hash[STORE_HASH_LEN], char out[2 * STORE_HASH_LEN + 1])
{
    sodium_bin2hex(out, 2 * STORE_HASH_LEN + 1, hash, STORE_HASH_LEN);
}

/* One line of changes.jsonl: the entry's bytes and hashes, and the entry
 * decoded for people. */
static int log_line(struct out *o, uint64_t rev, const uint8_t prev[STORE_HASH_LEN],
                    const uint8_t hash[STORE_HASH_LEN], const char *entry, size_t len)
{
    char p[2 * STORE_HASH_LEN + 1], h[2 * STORE_HASH_LEN + 1];
    hex(prev, p);
    hex(hash, h);
    size_t b64len = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(b64len);
    Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, len, (const uint8_t *)entry);
    json_t *line = json_object();
    int rc = -1;
    if (b64 && ev && line) {
        sodium_bin2base64(b64, b64len, (const unsigned char *)entry, len,
                          sodium_base64_VARIANT_ORIGINAL);
        json_object_set_new(line, "revision", json_integer((json_int_t)rev));
        json_object_set_new(line, "prev", json_string(p));
        json_object_set_new(line, "hash", json_string(h));
        json_object_set_new(line, "entry", json_string(b64));
        json_object_set_new(line, "event", pbjson_from_message(&ev->base));
        char *s = json_dumps(line, JSON_COMPACT);
        rc = s && tar_write(o->tar, s, strlen(s)) == 0 && tar_write(o->tar, "\n", 1) == 0 ? 0 : -1;
        free(s);
    }
    json_decref(line);
    if (ev)
        thidua__v1__event__free_unpacked(ev, NULL);
    free(b64);
    return rc;
}

/* changes.jsonl: every kept log entry, oldest first. */
static int add_log(struct out *o, store_t *store)
{
    store_chain_base(store, o->base);
    memcpy(o->head, o->base, STORE_HASH_LEN);
    o->first = store_oldest_revision(store);
    if (begin(o, "changes.jsonl"))
        return -1;
    store_log_iter_t *it = store_log_iter_new(store, o->first);
    uint64_t rev;
    const uint8_t *hash;
    const char *entry;
    size_t len;
    int step, rc = it ? 0 : -1;
    while (rc == 0 && it && (step = store_log_iter_next(it, &rev, &hash, &entry, &len)) != 0) {
        rc = step < 0 ? -1 : log_line(o, rev, o->head, hash, entry, len);
        memcpy(o->head, hash, STORE_HASH_LEN);
        o->entries++;
    }
    store_log_iter_destroy(&it);
    return rc || end(o) ? -1 : 0;
}

/* A record as JSON; a document without its bytes (they are a file of
 * their own), as the change log carries it. */
static json_t *record_json(Thidua__V1__Record *r)
{
    Thidua__V1__Attachment *a = r->body_case == THIDUA__V1__RECORD__BODY_DOCUMENT && r->document
                                    ? r->document->attachment
                                    : NULL;
    ProtobufCBinaryData data = {0};
    if (a) {
        data = a->data;
        a->data = (ProtobufCBinaryData){0};
    }
    json_t *j = pbjson_from_message(&r->base);
    if (a)
        a->data = data;
    return j;
}

/* records.json: every record, one per line of a JSON array. */
static int add_records(struct out *o, store_t *store)
{
    store_iter_t *it = store_iter_new(store, SPACE_RECORD, "");
    const char *key, *val;
    size_t klen, vlen;
    int rc = !it || begin(o, "records.json") || tar_write(o->tar, "[", 1) ? -1 : 0;
    while (rc == 0 && store_iter_next(it, &key, &klen, &val, &vlen) == 1) {
        Thidua__V1__Record *r = thidua__v1__record__unpack(NULL, vlen, (const uint8_t *)val);
        json_t *j = r ? record_json(r) : NULL;
        char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
        rc = !s || tar_write(o->tar, o->records ? ",\n" : "\n", o->records ? 2 : 1) ||
                     tar_write(o->tar, s, strlen(s))
                 ? -1
                 : 0;
        o->records++;
        free(s);
        json_decref(j);
        if (r)
            thidua__v1__record__free_unpacked(r, NULL);
    }
    store_iter_destroy(&it);
    return rc || tar_write(o->tar, "\n]\n", 3) || end(o) ? -1 : 0;
}

/* A file name every system accepts, at most max bytes, cut between UTF-8
 * characters. */
static void safe_name(const char *in, char *out, size_t max)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && n < max; p++) {
        if (n + 4 > max && (*p & 0xC0) != 0x80 && *p >= 0x80)
            break; /* no room for a whole character */
        out[n++] = *p < 0x20 || *p == 0x7f || strchr("/\\:*?\"<>|", *p) ? '_' : (char)*p;
    }
    out[n] = '\0';
    if (!n || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
        strcpy(out, "document");
}

static int add_document(struct out *o, const Thidua__V1__Document *d)
{
    const Thidua__V1__Attachment *a = d->attachment;
    char task[40], name[96], file[200];
    safe_name(d->task, task, sizeof task - 1);
    safe_name(a->name, name, 80);
    snprintf(file, sizeof file, "documents/%s-v%u-%s", task, d->version, name);
    json_t *j = json_pack("{s:s,s:I,s:s,s:s,s:s,s:I,s:s,s:s}", "task", d->task, "version",
                          (json_int_t)d->version, "verb", d->verb, "name", a->name, "media_type",
                          a->media_type, "size", (json_int_t)a->data.len, "sha256", a->sha256,
                          "file", file);
    if (!j || json_array_append_new(o->documents, j) != 0)
        return -1;
    return add_member(o, file, a->data.data, a->data.len);
}

/* documents/: every document's bytes; documents.json lists them. */
static int add_documents(struct out *o, store_t *store)
{
    store_iter_t *it = store_iter_new(store, SPACE_RECORD, "document/");
    const char *key, *val;
    size_t klen, vlen;
    int rc = it ? 0 : -1;
    while (rc == 0 && store_iter_next(it, &key, &klen, &val, &vlen) == 1) {
        Thidua__V1__Record *r = thidua__v1__record__unpack(NULL, vlen, (const uint8_t *)val);
        rc = r && r->document && r->document->attachment ? add_document(o, r->document) : -1;
        if (r)
            thidua__v1__record__free_unpacked(r, NULL);
    }
    store_iter_destroy(&it);
    return rc || add_json(o, "documents.json", o->documents);
}

/* A file's bytes as a member. */
static int add_file(struct out *o, const char *name, const char *path)
{
    FILE *in = fopen(path, "rb");
    char buf[65536];
    size_t n;
    int rc = in && begin(o, name) == 0 ? 0 : -1;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
        rc = tar_write(o->tar, buf, n);
    if (rc == 0 && ferror(in))
        rc = -1;
    if (in)
        fclose(in);
    return rc || end(o) ? -1 : 0;
}

/* thidua.xlsx: drawn into the work directory, then copied in. */
static int add_workbook(struct out *o, store_t *store)
{
    char path[PATHS_MAX];
    paths_join(path, o->work, ARCHIVE_BOOK_NAME);
    if (archive_book_write(store, o->title, o->made_ms, path) != 0)
        return -1;
    o->book = o->n_members;
    int rc = add_file(o, ARCHIVE_BOOK_NAME, path);
    unlink(path);
    return rc;
}

/* The workbook as the manifest names it: its file, size and SHA-256, so a
 * reader of manifest.json alone can check the one file people open. */
static json_t *workbook_json(const struct out *o)
{
    const tar_member_t *m = &o->members[o->book];
    char h[2 * STORE_HASH_LEN + 1];
    hex(m->sha256, h);
    return json_pack("{s:s,s:I,s:s}", "file", ARCHIVE_BOOK_NAME, "size", (json_int_t)m->size,
                     "sha256", h);
}

static int add_manifest(struct out *o, uint64_t revision)
{
    char base[2 * STORE_HASH_LEN + 1], head[2 * STORE_HASH_LEN + 1], made[32];
    hex(o->base, base);
    hex(o->head, head);
    time_t now = (time_t)(o->made_ms / 1000);
    struct tm tm;
    strftime(made, sizeof made, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    json_t *m = json_pack(
        "{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s,s:s,s:I,s:I,s:o,s:s}", "format", ARCHIVE_FORMAT,
        "made_by", "thidua-server " THIDUA_VERSION, "made_utc", made, "title", o->title, "revision",
        (json_int_t)revision, "first_revision", (json_int_t)o->first, "entries",
        (json_int_t)o->entries, "chain_base", base, "chain_head", head, "records",
        (json_int_t)o->records, "documents", (json_int_t)json_array_size(o->documents), "workbook",
        workbook_json(o), "chain_rule",
        "hash[r] = SHA-256(hash[r-1] || entry), hash before first_revision = chain_base");
    int rc = m ? add_json(o, "manifest.json", m) : -1;
    json_decref(m);
    return rc;
}

/* SHA256SUMS, as sha256sum -c reads it, of every member before it. */
static int add_sums(struct out *o)
{
    size_t skip = strlen(o->top) + 1;
    if (begin(o, "SHA256SUMS"))
        return -1;
    for (size_t i = 0; i < o->n_members; i++) {
        char h[2 * STORE_HASH_LEN + 1];
        hex(o->members[i].sha256, h);
        if (tar_printf(o->tar, "%s  %s\n", h, o->members[i].name + skip))
            return -1;
    }
    return end(o);
}

static int write_tar(struct out *o, store_t *store)
{
    for (const archive_file_t *f = archive_fixed_files; f->name; f++)
        if (add_member(o, f->name, f->bytes, f->len))
            return -1;
    return add_log(o, store) || add_records(o, store) || add_documents(o, store) ||
                   add_workbook(o, store) || add_manifest(o, store_committed_revision(store)) ||
                   add_sums(o)
               ? -1
               : 0;
}

/* Writes the archive of the store in work (a backup) to partial, synced. */
static int write_file(const config_t *c, const char *work, const char *partial, uint64_t *head_rev,
                      char *head_hex)
{
    char path[PATHS_MAX];
    thd_status_t st = {0};
    paths_join(path, work, PATHS_STORE);
    store_t *store = store_open(path, false, &st);
    if (!store) {
        ERR("%s\n", st.message);
        return -1;
    }
    int fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    struct out o = {.documents = json_array(),
                    .work = work,
                    .title = archive_book_title(c->title),
                    .made_ms = clock_wall_ms()};
    *head_rev = store_committed_revision(store);
    snprintf(o.top, sizeof o.top, "thidua-archive-r%llu", (unsigned long long)*head_rev);
    o.tar = f ? tar_writer_new(f, o.made_ms / 1000) : NULL;
    int rc = !o.tar || !o.documents || write_tar(&o, store) || tar_writer_finish(&o.tar) ? -1 : 0;
    tar_writer_destroy(&o.tar);
    if (!f && fd >= 0)
        close(fd);
    if (f && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        rc = -1;
    if (f && fclose(f) != 0)
        rc = -1;
    if (rc)
        ERR("cannot write '%s': %s\n", partial, errno ? strerror(errno) : "out of memory");
    hex(o.head, head_hex);
    free(o.members);
    json_decref(o.documents);
    store_destroy(&store);
    return rc;
}

/* Removes the work directories of archive runs that were killed. */
static void remove_stale_work(const char *data)
{
    DIR *d = opendir(data);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char *end;
        if (strncmp(e->d_name, WORK_PREFIX, strlen(WORK_PREFIX)) != 0)
            continue;
        long pid = strtol(e->d_name + strlen(WORK_PREFIX), &end, 10);
        if (*end || pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH)) {
            char path[PATHS_MAX];
            paths_join(path, data, e->d_name);
            kept_remove_tree(path);
        }
    }
    if (d)
        closedir(d);
}

/* The rename reaches the disk: the directory that holds FILE is synced. */
static void sync_parent(const char *file)
{
    char dir[PATHS_MAX];
    snprintf(dir, sizeof dir, "%s", file);
    char *slash = strrchr(dir, '/');
    if (!slash)
        strcpy(dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int archive_write(const config_t *c)
{
    char partial[PATHS_MAX + 16], work[PATHS_MAX], name[64];
    if (!*c->target) {
        ERR("archive needs --to FILE, the archive to write (a .tar that does not exist yet)\n");
        return 2;
    }
    if (access(c->target, F_OK) == 0) {
        ERR("'%s' already exists; an archive is never overwritten\n", c->target);
        return 2;
    }
    snprintf(partial, sizeof partial, "%s.partial", c->target);
    snprintf(name, sizeof name, WORK_PREFIX "%ld", (long)getpid());
    remove_stale_work(c->data);
    paths_join(work, c->data, name);
    backup_made_t made;
    int rc = maint_backup_make(c->data, work, &made);
    uint64_t rev = 0;
    char head[2 * STORE_HASH_LEN + 1] = "";
    if (rc == 0)
        rc = write_file(c, work, partial, &rev, head) ? 1 : 0;
    kept_remove_tree(work);
    if (rc == 0 && archive_check(partial, NULL) != 0) {
        ERR("the archive written does not verify; nothing was kept\n");
        rc = 1;
    }
    if (rc == 0 && rename(partial, c->target) != 0) {
        ERR("cannot rename '%s' to '%s': %s\n", partial, c->target, strerror(errno));
        rc = 1;
    }
    if (rc) {
        unlink(partial);
        return 1;
    }
    sync_parent(c->target);
    printf("archive: ok: revision %llu in %s (%s); chain head %s: write it into the handover "
           "record\n",
           (unsigned long long)rev, c->target, made.online ? "online" : "offline", head);
    return 0;
}
