/* The generic call: POST /api/call/<kind> with the request body as JSON.
 * The kind names a field of Request's body oneof ("task.report" is
 * task_report), found through the descriptor, so a new request kind needs
 * no code here. The reply comes back as JSON. Documents come down as files. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "fold.h"
#include "http.h"
#include "log.h"
#include "pbjson.h"
#include "pbjson_in.h"
#include "routes.h"

#define MAX_KIND 48

const ProtobufCFieldDescriptor *call_body_field(const char *kind)
{
    char name[MAX_KIND + 1];
    size_t n = strlen(kind);
    if (n == 0 || n > MAX_KIND)
        return NULL;
    for (size_t i = 0; i <= n; i++) {
        if (kind[i] && !islower((unsigned char)kind[i]) && kind[i] != '_' && kind[i] != '.')
            return NULL;
        name[i] = kind[i] == '.' ? '_' : kind[i];
    }
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(&thidua__v1__request__descriptor, name);
    return f && (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && f->type == PROTOBUF_C_TYPE_MESSAGE
               ? f
               : NULL;
}

enum MHD_Result call_send(web_req_t *r, const ProtobufCFieldDescriptor *f, ProtobufCMessage *body)
{
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    *(ProtobufCMessage **)((char *)&req + f->offset) = body;
    req.body_case = (Thidua__V1__Request__BodyCase)f->id;
    const char *cas = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Expected-Revision");
    if (cas)
        req.expected_revision = strtoull(cas, NULL, 10);
    Thidua__V1__Response *resp = NULL;
    thd_status_t st = {0};
    int rc = session_call(r->session, &req, &resp, &st);
    enum MHD_Result ret;
    if (rc == 0 && resp)
        ret = web_json(r, MHD_HTTP_OK, pbjson_from_message(&resp->base));
    else
        ret = web_status_error(r, &st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return ret;
}

enum MHD_Result api_call(web_req_t *r)
{
    const ProtobufCFieldDescriptor *f = call_body_field(r->tail);
    if (!f)
        return web_refuse(r, 0, THD_R_WEB_NO_KIND, "kind");
    enum MHD_Result ret = MHD_NO;
    json_t *json = web_body_json(r, &ret);
    if (!json)
        return ret;
    thd_status_t st = {0};
    ProtobufCMessage *body = pbjson_to_message(f->descriptor, json, &st);
    json_decref(json);
    if (!body)
        return web_status_error(r, &st);
    ret = call_send(r, f, body);
    protobuf_c_message_free_unpacked(body, NULL);
    return ret;
}

/* Content-Disposition with the original UTF-8 name (RFC 6266, RFC 5987):
 * filename* in full, and for older readers an ASCII fallback, the name
 * without its Vietnamese marks and anything else unsafe as '_'. Returns a
 * malloc'd header value or NULL. */
static char *disposition(const char *name)
{
    size_t n = strlen(name);
    char *folded = fold_marks(name); /* NULL when not UTF-8: then the bytes as they are */
    const char *plain = folded ? folded : name;
    char *ascii = malloc(n + 1), *enc = malloc(3 * n + 1);
    char *out = ascii && enc ? malloc(4 * n + 64) : NULL;
    if (out) {
        size_t a = 0, e = 0;
        for (const unsigned char *p = (const unsigned char *)plain; *p; p++)
            if (*p < 0x80 || (*p & 0xC0) == 0xC0) /* one '_' for a whole character */
                ascii[a++] = isalnum(*p) || strchr("-._~ ()", *p) ? (char)*p : '_';
        for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
            bool safe = isalnum(*p) || strchr("-._~", *p);
            e += (size_t)sprintf(enc + e, safe ? "%c" : "%%%02X", *p);
        }
        ascii[a] = enc[e] = '\0';
        sprintf(out, "attachment; filename=\"%s\"; filename*=UTF-8''%s", a ? ascii : "document",
                enc);
    }
    free(folded);
    free(ascii);
    free(enc);
    return out;
}

/* The stored media type when it is a plain type/subtype that a browser does
 * not run as a page of this origin; otherwise octet-stream. The download is
 * an attachment with nosniff in any case. */
static const char *media_type(const char *t)
{
    static const char *const active[] = {"text/html", "application/xhtml+xml", "image/svg+xml",
                                         "text/xml",  "application/xml",       "text/javascript"};
    size_t n = t ? strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789.+-/") : 0;
    const char *slash = t ? strchr(t, '/') : NULL;
    if (!t || t[n] || !slash || slash == t || !slash[1] || strchr(slash + 1, '/'))
        return "application/octet-stream";
    for (size_t i = 0; i < sizeof active / sizeof active[0]; i++)
        if (strcmp(t, active[i]) == 0)
            return "application/octet-stream";
    return t;
}

static enum MHD_Result send_document(web_req_t *r, const Thidua__V1__Attachment *att)
{
    char *cd = disposition(att->name ? att->name : "");
    struct MHD_Response *resp =
        cd ? MHD_create_response_from_buffer(att->data.len, att->data.data, MHD_RESPMEM_MUST_COPY)
           : NULL;
    if (!resp) {
        free(cd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Disposition", cd);
    free(cd);
    MHD_add_response_header(resp, "Content-Type", media_type(att->media_type));
    return web_queue(r, MHD_HTTP_OK, resp);
}

/* GET /api/document/<task>/<version> */
enum MHD_Result api_document(web_req_t *r)
{
    char task[72];
    unsigned version = 0;
    char tail;
    if (sscanf(r->tail, "%71[A-Za-z0-9-]/%u%c", task, &version, &tail) != 2)
        return web_refuse(r, 0, THD_R_WEB_NOT_DOCUMENT_PATH, "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    Thidua__V1__DocumentGet get = THIDUA__V1__DOCUMENT_GET__INIT;
    get.task = task;
    get.version = version;
    req.body_case = THIDUA__V1__REQUEST__BODY_DOCUMENT_GET;
    req.document_get = &get;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st = {0};
    int rc = session_call(r->session, &req, &resp, &st);
    const Thidua__V1__Record *rec =
        rc == 0 && resp && resp->body_case == THIDUA__V1__RESPONSE__BODY_RECORD ? resp->record
                                                                                : NULL;
    enum MHD_Result ret;
    if (rec && rec->body_case == THIDUA__V1__RECORD__BODY_DOCUMENT && rec->document->attachment)
        ret = send_document(r, rec->document->attachment);
    else if (rc)
        ret = web_status_error(r, &st);
    else
        ret = web_refuse(r, 0, THD_R_WEB_NO_DOCUMENT, "");
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return ret;
}
