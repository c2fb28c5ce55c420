/* Files in and out of the congress from the browser, with the CLI's own
 * code so a file means the same to both.
 *
 * POST /api/import/<units|tasks|nominees> (multipart: the CSV as "file",
 * "dry_run" = "1" for a check): the file goes through the CLI's reader
 * (csvin.c); a file with bad rows is answered here with every row's line,
 * column and reason and nothing is sent; otherwise its rows go to the
 * broker as one import request under the person's key, applied entirely
 * or not at all, and the broker's per-row refusals come back the same way.
 *
 * GET /api/export/<json|csv|xlsx>[?kind=tasks|nominees|reports]: the
 * CLI's writers (export_*.c) over one paged snapshot read under the
 * person's key, so it holds what that person may read, at one revision,
 * which names the file and comes in X-Thidua-Revision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "csvin.h"
#include "export.h"
#include "files.h"
#include "i18n.h"
#include "log.h"
#include "multipart.h"
#include "pbjson.h"
#include "routes.h"
#include "status_text.h"
#include "thd_limits.h"

#define SNAPSHOT_PAGE 200

static json_t *row_error(unsigned line, const char *column, const char *reason)
{
    return json_pack("{s:i,s:s,s:s}", "line", (json_int_t)line, "column", column ? column : "",
                     "reason", reason ? reason : "");
}

/* {"error": {...}, "errors": [...], "error_count": n}: the refusal and its rows. */
static enum MHD_Result rows_refused(web_req_t *r, unsigned status, const char *code,
                                    const char *message, json_t *errors, size_t count)
{
    json_t *body =
        json_pack("{s:{s:s,s:s,s:s},s:o,s:i}", "error", "code", code, "field", "file", "message",
                  message, "errors", errors, "error_count", (json_int_t)count);
    return web_json(r, status, body);
}

/* The reader's errors: nothing was sent. Its reasons are in the
 * process's catalog (Vietnamese), as the CLI prints them. */
static enum MHD_Result file_refused(web_req_t *r, const csvin_t *in)
{
    const csvin_error_t *errs;
    size_t kept = csvin_errors(in, &errs), total = csvin_error_count(in);
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < kept; i++)
        json_array_append_new(arr, row_error(errs[i].line, errs[i].column, errs[i].reason));
    char msg[200];
    if (strcmp(web_lang(r), "en") == 0)
        snprintf(msg, sizeof msg, "the file has %zu errors; nothing was sent, nothing changed",
                 total);
    else
        snprintf(msg, sizeof msg, "tệp có %zu lỗi; chưa gửi gì, không có gì thay đổi", total);
    return rows_refused(r, MHD_HTTP_BAD_REQUEST, "INVALID_ARGUMENT", msg, arr, total);
}

/* A row the broker refused, in the reader's language: its reason id and
 * parameters rendered as any refusal is (web_status_text); a broker that
 * sends no id gives its English text. */
static void broker_reason(const Thidua__V1__ImportError *e, const char *lang, char *out, size_t cap)
{
    thd_status_t st;
    thd_status_of_import_error(e, &st);
    web_status_text(&st, lang, out, cap);
}

/* The broker's answer: the counts, or its refusal with every row's error,
 * its column named as the file's header names it, as the reader's own
 * errors name theirs (csvin_column_shown). */
static enum MHD_Result import_answer(web_req_t *r, const csvin_t *in, int rc,
                                     const thd_status_t *st, const Thidua__V1__ImportReply *rep)
{
    if (rc == 0 && rep)
        return web_json(r, MHD_HTTP_OK, pbjson_from_message(&rep->base));
    if (!rep || rep->n_errors == 0)
        return web_status_error(r, st);
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < rep->n_errors; i++) {
        char text[THD_STATUS_TEXT_MAX];
        broker_reason(rep->errors[i], web_lang(r), text, sizeof text);
        json_array_append_new(arr, row_error(rep->errors[i]->line,
                                             csvin_column_shown(in, rep->errors[i]->column), text));
    }
    char msg[200];
    if (strcmp(web_lang(r), "en") == 0)
        snprintf(msg, sizeof msg, "%zu rows were refused; nothing changed", rep->n_errors);
    else
        snprintf(msg, sizeof msg, "%zu dòng bị từ chối; không có gì thay đổi", rep->n_errors);
    return rows_refused(r, web_http_status(rc), thd_code_name(rc), msg, arr, rep->n_errors);
}

static enum MHD_Result send_import(web_req_t *r, const csvin_t *in,
                                   Thidua__V1__ImportRow *const *rows, size_t n, bool dry_run)
{
    Thidua__V1__ImportRequest body = THIDUA__V1__IMPORT_REQUEST__INIT;
    body.rows = (Thidua__V1__ImportRow **)rows;
    body.n_rows = n;
    body.dry_run = dry_run;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_IMPORT;
    req.import = &body;
    if (thidua__v1__request__get_packed_size(&req) > THD_MAX_MSG_BYTES - 1024)
        return web_refuse(r, 0, THD_R_WEB_IMPORT_TOO_LARGE, "file");
    Thidua__V1__Response *resp = NULL;
    thd_status_t st = {0};
    int rc = session_call(r->session, &req, &resp, &st);
    const Thidua__V1__ImportReply *rep =
        resp && resp->body_case == THIDUA__V1__RESPONSE__BODY_IMPORT ? resp->import : NULL;
    if (rc == 0 && !rep)
        rc = thd_status_set(&st, THD_INTERNAL, "", "the broker answered an import otherwise");
    enum MHD_Result ret = import_answer(r, in, rc, &st, rep);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return ret;
}

/* The form's file and dry_run parts. */
static const struct mp_part *form_file(const struct mp_part *parts, int n, bool *dry_run)
{
    const struct mp_part *file = NULL;
    for (int i = 0; i < n; i++) {
        if (parts[i].is_file && strcmp(parts[i].name, "file") == 0)
            file = &parts[i];
        else if (strcmp(parts[i].name, "dry_run") == 0)
            *dry_run = parts[i].len == 1 && parts[i].data[0] == '1';
    }
    return file;
}

static enum MHD_Result import_rows(web_req_t *r, csvin_t *in, bool dry_run)
{
    Thidua__V1__ImportRow *const *rows;
    size_t n = csvin_rows(in, &rows);
    if (csvin_error_count(in))
        return file_refused(r, in);
    if (n == 0)
        return web_refuse(r, 0, THD_R_WEB_IMPORT_NO_ROWS, "file");
    if (csvin_row_count(in) > THD_MAX_IMPORT_ROWS)
        return web_refuse(r, 0, THD_R_WEB_IMPORT_TOO_MANY_ROWS, "file", THD_U(THD_MAX_IMPORT_ROWS));
    return send_import(r, in, rows, n, dry_run);
}

enum MHD_Result api_import(web_req_t *r)
{
    csvin_kind_t kind;
    if (csvin_kind_parse(r->tail, &kind) != 0)
        return web_refuse(r, 0, THD_R_WEB_IMPORT_KIND, "kind");
    struct mp_part parts[MP_MAX_PARTS];
    const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
    int n = multipart_parse(ct, r->body, r->body_len, parts, MP_MAX_PARTS);
    bool dry_run = false;
    const struct mp_part *file = n >= 0 ? form_file(parts, n, &dry_run) : NULL;
    if (!file)
        return web_refuse(r, 0, THD_R_WEB_IMPORT_NO_FILE, "file");
    csvin_t *in = csvin_new(kind);
    if (!in)
        return MHD_NO;
    if (csvin_feed(in, file->data, file->len) == 0)
        csvin_finish(in);
    enum MHD_Result ret = import_rows(r, in, dry_run);
    csvin_destroy(&in);
    return ret;
}

/* Every page of one snapshot under the person's key, sorted into rows. */
int files_read_snapshot(web_req_t *r, export_data_t *d, thd_status_t *st)
{
    Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
    body.unit = "";
    body.page_size = SNAPSHOT_PAGE;
    char cursor[65] = "";
    d->exported_at = clock_wall_ms();
    do {
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = THIDUA__V1__REQUEST__BODY_SNAPSHOT;
        req.snapshot = &body;
        body.cursor = cursor;
        Thidua__V1__Response *resp = NULL;
        int rc = session_call(r->session, &req, &resp, st);
        if (rc == 0 && (!resp || !resp->snapshot))
            rc = thd_status_set(st, THD_INTERNAL, "", "the broker answered a snapshot otherwise");
        if (rc == 0) {
            d->revision = resp->snapshot->revision;
            snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
            if (export_data_take_page(d, resp->snapshot) != 0)
                rc = thd_status_set(st, THD_RESOURCE_EXHAUSTED, "", "out of memory");
        }
        if (resp)
            thidua__v1__response__free_unpacked(resp, NULL);
        if (rc)
            return rc;
    } while (*cursor);
    return export_data_classify(d) == 0
               ? 0
               : thd_status_set(st, THD_RESOURCE_EXHAUSTED, "", "out of memory");
}

/* Writers that want a path (XLSX, PDF): a private temporary file, read
 * back whole. */
char *files_temp_bytes(files_write_fn *write, const void *arg, size_t *len)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/thidua-web-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    close(fd);
    char *buf = NULL;
    FILE *f = write(path, arg) == 0 ? fopen(path, "rb") : NULL;
    if (f && fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        buf = n > 0 ? malloc((size_t)n) : NULL;
        rewind(f);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = buf ? (size_t)n : 0;
    }
    if (f)
        fclose(f);
    unlink(path);
    return buf;
}

static int write_xlsx(const char *path, const void *d)
{
    bool all[EXPORT_N_KINDS] = {true, true, true};
    char why[EXPORT_WHY_MAX];
    int rc = export_xlsx(d, all, _("Patriotic emulation congress"), path, why);
    if (rc)
        log_error("cannot write the workbook: %s", why);
    return rc;
}

/* The file's bytes for format, and its name and media type. */
static char *export_bytes(const export_data_t *d, const char *format, enum export_kind k,
                          size_t *len, char name[96], const char **type)
{
    unsigned long long rev = (unsigned long long)d->revision;
    if (strcmp(format, "xlsx") == 0) {
        snprintf(name, 96, "thidua-r%llu.xlsx", rev);
        *type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        return files_temp_bytes(write_xlsx, d, len);
    }
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        return NULL;
    bool all[EXPORT_N_KINDS] = {true, true, true};
    int rc;
    if (strcmp(format, "csv") == 0) {
        snprintf(name, 96, "thidua-%s-r%llu.csv", export_kind_name(k), rev);
        *type = "text/csv; charset=utf-8";
        /* the BOM: spreadsheets read it as UTF-8; the headers and values
         * people read (export --labels), which import reads back too */
        rc = export_csv(d, k, f, true, true);
    } else {
        snprintf(name, 96, "thidua-r%llu.json", rev);
        *type = "application/json; charset=utf-8";
        rc = export_json(d, all, f);
    }
    if (fclose(f) != 0 || rc != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int kind_of(const char *s, enum export_kind *k)
{
    for (int i = 0; i < EXPORT_N_KINDS; i++)
        if (strcmp(s, export_kind_name(i)) == 0)
            return *k = i, 0;
    return -1;
}

enum MHD_Result files_send(web_req_t *r, char *buf, size_t len, const char *name, const char *type,
                           uint64_t revision)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(buf);
        return MHD_NO;
    }
    char cd[160], rev[24];
    snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", name);
    snprintf(rev, sizeof rev, "%llu", (unsigned long long)revision);
    MHD_add_response_header(resp, "Content-Disposition", cd);
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "X-Thidua-Revision", rev);
    return web_queue(r, MHD_HTTP_OK, resp);
}

enum MHD_Result api_export(web_req_t *r)
{
    const char *format = r->tail;
    const char *kind = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "kind");
    enum export_kind k = EXPORT_TASKS;
    if (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)
        return web_refuse(r, 0, THD_R_WEB_EXPORT_FORMAT, "format");
    if (kind && kind_of(kind, &k) != 0)
        return web_refuse(r, 0, THD_R_WEB_EXPORT_KIND, "kind");
    export_data_t d = {0};
    thd_status_t st = {0};
    enum MHD_Result ret;
    if (files_read_snapshot(r, &d, &st) != 0) {
        ret = web_status_error(r, &st);
    } else {
        size_t len = 0;
        char name[96];
        const char *type = "";
        char *buf = export_bytes(&d, format, k, &len, name, &type);
        ret = buf ? files_send(r, buf, len, name, type, d.revision)
                  : web_refuse(r, 0, THD_R_WEB_EXPORT_FAILED, "");
    }
    export_data_free(&d);
    return ret;
}
