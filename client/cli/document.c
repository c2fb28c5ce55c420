/* thidua document get: a task's document or a nominee's dossier file,
 * byte for byte, into a file or standard output. The bytes are checked against the SHA-256 the
 * broker keeps before anything is written; the file is written as every file a person names is
 * (output.c): whole or not at all, an existing one replaced only with --force. */
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "congress.h"
#include "file_read.h"
#include "history.h"
#include "rules.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define MAX_FILE (16 * 1024 * 1024) /* THD_MAX_ATTACHMENT_BYTES */

int cli_load_file(const char *path, const char *name, Thidua__V1__Attachment *a, char sha[65])
{
    char *buf;
    size_t len;
    int err = file_read_all(path, MAX_FILE, &buf, &len);
    if (err == EFBIG) {
        cli_error(N_("'%s' is larger than 16 MiB"), path);
        return -1;
    }
    if (err) {
        cli_error(N_("cannot read '%s': %s"), path, cli_strerror(err));
        return -1;
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)buf, len);
    sodium_bin2hex(sha, 65, h, sizeof h);
    thidua__v1__attachment__init(a);
    const char *slash = strrchr(path, '/');
    a->name = (char *)(name ? name : slash ? slash + 1 : path);
    a->media_type = (char *)thd_media_type_of(a->name);
    a->data.data = (uint8_t *)buf;
    a->data.len = len;
    a->sha256 = sha;
    return 0;
}

/* "T-31/v2" into task and version; "T-31" is the newest (version 0). */
static int parse_id(const char *arg, char *task, size_t cap, uint32_t *version)
{
    const char *slash = strrchr(arg, '/');
    *version = 0;
    if (slash) {
        long long v = slash[1] == 'v' || slash[1] == 'V' ? cli_number(slash + 2) : -1;
        if (v <= 0 || v > UINT32_MAX)
            return -1;
        *version = (uint32_t)v;
    }
    size_t len = slash ? (size_t)(slash - arg) : strlen(arg);
    if (len == 0 || len >= cap)
        return -1;
    memcpy(task, arg, len);
    task[len] = '\0';
    return 0;
}

/* The file name to write when no -o is given: the document's own name,
 * without any directory, or TASK-vN when it has none usable. */
static const char *default_name(const Thidua__V1__Document *d, char *buf, size_t cap)
{
    const char *name = d->attachment->name, *slash = strrchr(name, '/');
    if (slash)
        name = slash + 1;
    if (*name && strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
        return name;
    snprintf(buf, cap, "%s-v%u", d->task, d->version);
    return buf;
}

static bool bytes_match(const Thidua__V1__Attachment *a)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(h, a->data.data, a->data.len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return strcmp(hex, a->sha256) == 0 && (!a->size || a->size == a->data.len);
}

static int write_bytes(FILE *f, const char *path, void *arg)
{
    (void)path;
    const ProtobufCBinaryData *data = arg;
    return data->len == 0 || fwrite(data->data, 1, data->len, f) == data->len ? 0
           : errno                                                            ? errno
                                                                              : EIO;
}

static void say_written(const cli_t *cli, const char *path, const Thidua__V1__Document *d)
{
    const Thidua__V1__Attachment *a = d->attachment;
    if (cli->json) {
        json_t *j = json_pack("{s:s,s:s,s:i,s:s,s:I,s:s}", "output", path, "task", d->task,
                              "version", (int)d->version, "name", a->name, "size",
                              (json_int_t)a->data.len, "sha256", a->sha256);
        char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
        if (line)
            puts(line);
        free(line);
        json_decref(j);
        return;
    }
    char size[32];
    printf(_("wrote %s: %s v%u, %s, SHA-256 %.16s...\n"), path, d->task, d->version,
           cli_format_size(a->data.len, size, sizeof size), a->sha256);
}

/* Checks and writes the document of the reply. */
static int deliver(const cli_t *cli, const Thidua__V1__Response *r, const char *output, bool force)
{
    const Thidua__V1__Document *d =
        r->record && r->record->body_case == THIDUA__V1__RECORD__BODY_DOCUMENT ? r->record->document
                                                                               : NULL;
    if (!d || !d->attachment) {
        cli_error(N_("the broker's reply holds no document"));
        return EXIT_FAILURE_;
    }
    if (!bytes_match(d->attachment)) {
        cli_error(N_("document %s v%u arrived damaged (its SHA-256 differs); nothing was written"),
                  d->task, d->version);
        return EXIT_FAILURE_;
    }
    if (output && strcmp(output, "-") == 0) {
        const ProtobufCBinaryData *b = &d->attachment->data;
        bool ok = fwrite(b->data, 1, b->len, stdout) == b->len && fflush(stdout) == 0;
        if (!ok)
            cli_error(N_("cannot write to standard output: %s"), cli_strerror(errno));
        return ok ? EXIT_OK : EXIT_FAILURE_;
    }
    char fallback[128];
    const char *path = output ? output : default_name(d, fallback, sizeof fallback);
    int rc = cli_output_write(path, force, write_bytes, &d->attachment->data);
    if (rc == EXIT_OK)
        say_written(cli, path, d);
    return rc;
}

int cmd_document_get(cli_t *cli, int argc, char **argv)
{
    const char *id = NULL, *output = NULL, *force = NULL;
    struct arg_spec s[] = {{.value = &id, .required = true},
                           {.name = "output", .value = &output},
                           {.name = "force", .value = &force, .flag = true}};
    int rc = cli_parse(argc, argv, s, N(s), "document");
    if (rc >= 0)
        return rc;
    char task[128];
    Thidua__V1__DocumentGet body = THIDUA__V1__DOCUMENT_GET__INIT;
    if (parse_id(id, task, sizeof task, &body.version) != 0) {
        cli_error(N_("'%s' is not a document: write ID/vN (e.g. T-31/v2, N-8/v1) or ID for the "
                     "newest"),
                  id);
        return EXIT_USAGE;
    }
    if (output && strcmp(output, "-") != 0 && (rc = cli_output_check(output, force)) != EXIT_OK)
        return rc; /* said before fetching: nothing to download in vain */
    body.task = task;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_DOCUMENT_GET;
    req.document_get = &body;
    Thidua__V1__Response *resp = NULL;
    rc = cli_call(cli, &req, &resp);
    if (rc == EXIT_OK)
        rc = deliver(cli, resp, output, force != NULL);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}
