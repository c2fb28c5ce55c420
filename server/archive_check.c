/* thidua-server verify-archive: the checks verify.py makes, in C, on the
 * tar itself: every member against SHA256SUMS and every member listed, the
 * change log's hash chain from manifest.json's chain_base to its
 * chain_head with revisions one after another, each entry an Event of its
 * own revision, each document's bytes against documents.json, and (format
 * 2) the workbook against the size and SHA-256 manifest.json gives. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "archive.h"
#include "archive_book.h"
#include "grow.h"
#include "store.h"
#include "tar.h"
#include "thidua.pb-c.h"

#define HASH_HEX (2 * STORE_HASH_LEN + 1)

/* The members read, with the few kept whole for the checks. */
struct seen {
    tar_member_t *m;
    size_t n, cap;
    char top[TAR_NAME_MAX + 1];
    char *sums, *manifest, *changes, *documents;
};

static int bad(const char *why)
{
    fprintf(stderr, "verify-archive: FAILED: %s\n", why);
    return 1;
}

static const char *rel(const struct seen *s, const tar_member_t *m)
{
    return m->name + strlen(s->top) + 1;
}

static const tar_member_t *find(const struct seen *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(rel(s, &s->m[i]), name) == 0)
            return &s->m[i];
    return NULL;
}

static char **kept_slot(struct seen *s, const char *name)
{
    static const char *const names[] = {"SHA256SUMS", "manifest.json", "changes.jsonl",
                                        "documents.json"};
    char **slots[] = {&s->sums, &s->manifest, &s->changes, &s->documents};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return *slots[i] ? NULL : slots[i];
    return NULL;
}

/* Reads every member: one top directory, no name twice. */
static int read_members(FILE *in, struct seen *s, char *why, size_t cap)
{
    tar_member_t m;
    int step;
    while ((step = tar_next(in, &m, why, cap)) == 1) {
        char *slash = strchr(m.name, '/');
        if (!slash || slash == m.name || !slash[1] || strstr(m.name, "/../") ||
            (*s->top &&
             (strncmp(m.name, s->top, strlen(s->top)) != 0 || m.name[strlen(s->top)] != '/'))) {
            snprintf(why, cap, "'%s' is outside the archive's one directory", m.name);
            return -1;
        }
        if (!*s->top)
            snprintf(s->top, sizeof s->top, "%.*s", (int)(slash - m.name), m.name);
        if (find(s, rel(s, &m))) {
            snprintf(why, cap, "'%s' is in the archive twice", m.name);
            return -1;
        }
        if (tar_read_data(in, &m, kept_slot(s, rel(s, &m)), why, cap) != 0)
            return -1;
        if (grow(&s->m, &s->cap, s->n + 1, sizeof *s->m, SIZE_MAX) != 0)
            return snprintf(why, cap, "out of memory"), -1;
        s->m[s->n++] = m;
    }
    return step;
}

/* SHA256SUMS lists every other member once, each with its hash. */
static int check_sums(const struct seen *s, char *why, size_t cap)
{
    if (!s->sums)
        return snprintf(why, cap, "SHA256SUMS is missing"), -1;
    size_t listed = 0;
    for (char *line = s->sums, *next; *line; line = next) {
        next = strchr(line, '\n');
        next = next ? next + 1 : line + strlen(line);
        char h[HASH_HEX], name[TAR_NAME_MAX + 1];
        int len = (int)(next - line);
        if (sscanf(line, "%64[0-9a-f]  %255[^\n]", h, name) != 2 || strlen(h) != 64)
            return snprintf(why, cap, "SHA256SUMS has a malformed line: %.*s", len, line), -1;
        const tar_member_t *m = find(s, name);
        char got[HASH_HEX];
        if (!m)
            return snprintf(why, cap, "%s is listed in SHA256SUMS but missing", name), -1;
        sodium_bin2hex(got, sizeof got, m->sha256, sizeof m->sha256);
        if (strcmp(got, h) != 0)
            return snprintf(why, cap, "%s does not match its SHA-256 in SHA256SUMS", name), -1;
        listed++;
    }
    if (listed + 1 != s->n)
        return snprintf(why, cap, "a file of the archive is not listed in SHA256SUMS"), -1;
    return 0;
}

static int unhex(const char *h, uint8_t out[STORE_HASH_LEN])
{
    size_t n = 0;
    return h && strlen(h) == 2 * STORE_HASH_LEN &&
                   sodium_hex2bin(out, STORE_HASH_LEN, h, strlen(h), NULL, &n, NULL) == 0 &&
                   n == STORE_HASH_LEN
               ? 0
               : -1;
}

/* One line of changes.jsonl against the chain so far (prev, rev). */
static int check_entry(json_t *line, uint64_t rev, uint8_t prev[STORE_HASH_LEN], char *why,
                       size_t cap)
{
    const char *p = NULL, *h = NULL, *b64 = NULL;
    json_int_t r = -1;
    uint8_t want_prev[STORE_HASH_LEN], hash[STORE_HASH_LEN], got[STORE_HASH_LEN];
    if (json_unpack(line, "{s:I,s:s,s:s,s:s}", "revision", &r, "prev", &p, "hash", &h, "entry",
                    &b64) != 0 ||
        unhex(p, want_prev) || unhex(h, hash))
        return snprintf(why, cap, "revision %llu: the line is malformed", (unsigned long long)rev),
               -1;
    if ((uint64_t)r != rev)
        return snprintf(why, cap, "revision %lld where %llu was due", (long long)r,
                        (unsigned long long)rev),
               -1;
    if (memcmp(want_prev, prev, STORE_HASH_LEN) != 0)
        return snprintf(why, cap, "revision %llu: prev is not the hash before it",
                        (unsigned long long)rev),
               -1;
    size_t cap64 = strlen(b64), len = 0;
    uint8_t *entry = malloc(cap64 ? cap64 : 1);
    int rc = entry && sodium_base642bin(entry, cap64, b64, strlen(b64), NULL, &len, NULL,
                                        sodium_base64_VARIANT_ORIGINAL) == 0
                 ? 0
                 : -1;
    if (rc == 0) {
        store_chain_hash(prev, entry, len, got);
        Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, len, entry);
        if (memcmp(got, hash, STORE_HASH_LEN) != 0)
            rc = (snprintf(why, cap,
                           "revision %llu: the hash chain is broken (entry or hash "
                           "altered)",
                           (unsigned long long)rev),
                  -1);
        else if (!ev || ev->revision != rev)
            rc = (snprintf(why, cap, "revision %llu: the entry is not that revision's event",
                           (unsigned long long)rev),
                  -1);
        if (ev)
            thidua__v1__event__free_unpacked(ev, NULL);
    } else {
        snprintf(why, cap, "revision %llu: entry is not base64", (unsigned long long)rev);
    }
    free(entry);
    memcpy(prev, hash, STORE_HASH_LEN);
    return rc;
}

static int check_chain(const struct seen *s, archive_summary_t *sum, char *why, size_t cap)
{
    json_t *m = s->manifest ? json_loads(s->manifest, 0, NULL) : NULL;
    const char *base = NULL, *head = NULL;
    json_int_t first = 0, entries = 0;
    uint8_t prev[STORE_HASH_LEN], want_head[STORE_HASH_LEN];
    if (!m ||
        json_unpack(m, "{s:I,s:I,s:s,s:s}", "first_revision", &first, "entries", &entries,
                    "chain_base", &base, "chain_head", &head) != 0 ||
        unhex(base, prev) || unhex(head, want_head) || !s->changes) {
        json_decref(m);
        return snprintf(why, cap, "manifest.json or changes.jsonl is missing or malformed"), -1;
    }
    snprintf(sum->head, sizeof sum->head, "%s", head);
    sum->first = (unsigned long long)first;
    json_decref(m);
    uint64_t rev = (uint64_t)first;
    int rc = 0;
    for (char *line = s->changes, *next; rc == 0 && *line; line = next, rev++) {
        next = strchr(line, '\n');
        next = next ? next + 1 : line + strlen(line);
        json_t *j = json_loadb(line, (size_t)(next - line), 0, NULL);
        rc =
            j ? check_entry(j, rev, prev, why, cap)
              : (snprintf(why, cap, "revision %llu: not a JSON line", (unsigned long long)rev), -1);
        json_decref(j);
    }
    sum->entries = rev - (uint64_t)first;
    if (rc == 0 && (sum->entries != (uint64_t)entries || memcmp(prev, want_head, sizeof prev)))
        return snprintf(why, cap, "the log does not end at manifest.json's chain head"), -1;
    return rc;
}

/* Each document in documents.json is a member with its size and hash. */
static int check_documents(const struct seen *s, archive_summary_t *sum, char *why, size_t cap)
{
    json_t *docs = s->documents ? json_loads(s->documents, 0, NULL) : NULL;
    size_t i;
    json_t *d;
    int rc = json_is_array(docs) ? 0 : (snprintf(why, cap, "documents.json is malformed"), -1);
    json_array_foreach(docs, i, d)
    {
        const char *file = NULL, *sha = NULL;
        json_int_t size = -1;
        const tar_member_t *m = NULL;
        char got[HASH_HEX] = "";
        if (json_unpack(d, "{s:s,s:s,s:I}", "file", &file, "sha256", &sha, "size", &size) == 0 &&
            (m = find(s, file)) != NULL)
            sodium_bin2hex(got, sizeof got, m->sha256, sizeof m->sha256);
        if (!m || m->size != (uint64_t)size || strcmp(got, sha) != 0) {
            rc = (snprintf(why, cap, "%s does not have the size and SHA-256 of its record",
                           file ? file : "a document"),
                  -1);
            break;
        }
    }
    sum->documents = json_array_size(docs);
    json_decref(docs);
    return rc;
}

/* The workbook manifest.json names, as a member of that size and hash. */
static int check_named_workbook(const struct seen *s, json_t *book, char *why, size_t cap)
{
    const char *file = NULL, *sha = NULL;
    json_int_t size = -1;
    const tar_member_t *m = NULL;
    char got[HASH_HEX] = "";
    if (json_unpack(book, "{s:s,s:I,s:s}", "file", &file, "size", &size, "sha256", &sha) != 0)
        return snprintf(why, cap, "manifest.json names no workbook (file, size, sha256)"), -1;
    if ((m = find(s, file)) == NULL)
        return snprintf(why, cap, "the workbook %s is missing", file), -1;
    sodium_bin2hex(got, sizeof got, m->sha256, sizeof m->sha256);
    if (m->size != (uint64_t)size || strcmp(got, sha) != 0)
        return snprintf(why, cap,
                        "the workbook %s does not have the size and SHA-256 of "
                        "manifest.json",
                        file),
               -1;
    return 0;
}

/* An archive of format 1 has no workbook; one of format 2 must have the
 * workbook its manifest names. */
static int check_workbook(const struct seen *s, archive_summary_t *sum, char *why, size_t cap)
{
    json_t *m = json_loads(s->manifest, 0, NULL);
    const char *format = m ? json_string_value(json_object_get(m, "format")) : NULL;
    int rc = 0;
    if (format && strcmp(format, ARCHIVE_FORMAT) == 0) {
        rc = check_named_workbook(s, json_object_get(m, "workbook"), why, cap);
        sum->workbook = rc == 0;
    } else if (!format || strcmp(format, ARCHIVE_FORMAT_1) != 0) {
        rc = (snprintf(why, cap,
                       "manifest.json's format '%s' is not " ARCHIVE_FORMAT_1 " or " ARCHIVE_FORMAT,
                       format ? format : "(none)"),
              -1);
    }
    json_decref(m);
    return rc;
}

int archive_check(const char *path, archive_summary_t *out)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "verify-archive: cannot open '%s': %s\n", path, strerror(errno));
        return 2;
    }
    struct seen s = {0};
    archive_summary_t sum = {0};
    char why[600] = "";
    int rc = read_members(in, &s, why, sizeof why) || check_sums(&s, why, sizeof why) ||
                     check_chain(&s, &sum, why, sizeof why) ||
                     check_documents(&s, &sum, why, sizeof why) ||
                     check_workbook(&s, &sum, why, sizeof why)
                 ? bad(why)
                 : 0;
    fclose(in);
    sum.files = s.n ? s.n - 1 : 0; /* those SHA256SUMS checks, as verify.py counts them */
    if (rc == 0 && out)
        *out = sum;
    free(s.m);
    free(s.sums);
    free(s.manifest);
    free(s.changes);
    free(s.documents);
    return rc;
}

int archive_verify(const config_t *c)
{
    if (!*c->target) {
        fprintf(stderr, "thidua-server: verify-archive needs the archive: verify-archive FILE\n");
        return 2;
    }
    archive_summary_t sum;
    int rc = archive_check(c->target, &sum);
    if (rc == 0)
        printf("verify-archive: ok: %llu files, %llu log entries (revisions %llu-%llu), %llu "
               "documents%s; chain head %s\n",
               sum.files, sum.entries, sum.first, sum.first + sum.entries - 1, sum.documents,
               sum.workbook ? ", the workbook " ARCHIVE_BOOK_NAME : "", sum.head);
    return rc;
}
