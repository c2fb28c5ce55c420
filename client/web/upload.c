/* POST /api/upload/<kind>: a request with a file, as a browser's form sends
 * it (multipart/form-data). The plain fields become the request's JSON, as
 * in the generic call; the file becomes the one Attachment field of the
 * request (task.report's attachment, task.submit's document), its SHA-256
 * taken here so the broker can check that the bytes arrived whole. So a
 * new request kind with a file needs no code here either. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "multipart.h"
#include "pbjson_in.h"
#include "rules.h"
#include "routes.h"
#include "thd_limits.h"

/* The field of d that holds an Attachment, or NULL. */
static const ProtobufCFieldDescriptor *attachment_field(const ProtobufCMessageDescriptor *d)
{
    for (unsigned i = 0; i < d->n_fields; i++)
        if (d->fields[i].type == PROTOBUF_C_TYPE_MESSAGE &&
            d->fields[i].descriptor == &thidua__v1__attachment__descriptor &&
            d->fields[i].label != PROTOBUF_C_LABEL_REPEATED)
            return &d->fields[i];
    return NULL;
}

static char *copy(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

/* The part's media type as the browser named it; when it named none (or
 * only "some bytes"), the one its file name's extension says, so a dossier
 * file a browser does not know is judged by what it is. */
static const char *media_type_of(const struct mp_part *p)
{
    if (*p->media_type && strcmp(p->media_type, "application/octet-stream") != 0)
        return p->media_type;
    return thd_media_type_of(p->filename);
}

/* An Attachment of the file part, owned by the message it goes into. */
static Thidua__V1__Attachment *attachment_of(const struct mp_part *p)
{
    Thidua__V1__Attachment *a = malloc(sizeof *a);
    if (!a)
        return NULL;
    thidua__v1__attachment__init(a);
    unsigned char hash[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(hash, (const unsigned char *)p->data, p->len);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    a->name = copy(p->filename);
    a->media_type = copy(media_type_of(p));
    a->sha256 = copy(hex);
    a->data.data = malloc(p->len ? p->len : 1);
    if (!a->name || !a->media_type || !a->sha256 || !a->data.data) {
        protobuf_c_message_free_unpacked(&a->base, NULL);
        return NULL;
    }
    memcpy(a->data.data, p->data, p->len);
    a->data.len = p->len;
    return a;
}

/* The plain parts as a JSON object of strings; the file part in *file. */
static json_t *fields_of(const struct mp_part *parts, int n, const struct mp_part **file)
{
    json_t *obj = json_object();
    for (int i = 0; obj && i < n; i++) {
        if (parts[i].is_file) {
            if (parts[i].len || *parts[i].filename) /* an empty file input sends neither */
                *file = &parts[i];
            continue;
        }
        json_t *v = json_stringn(parts[i].data, parts[i].len);
        if (!v || json_object_set_new(obj, parts[i].name, v) != 0) {
            json_decref(obj); /* not UTF-8, or out of memory */
            return NULL;
        }
    }
    return obj;
}

enum MHD_Result api_upload(web_req_t *r)
{
    const ProtobufCFieldDescriptor *f = call_body_field(r->tail);
    const ProtobufCFieldDescriptor *af = f ? attachment_field(f->descriptor) : NULL;
    if (!af)
        return web_refuse(r, 0, THD_R_WEB_NO_FILE_KIND, "kind");
    struct mp_part parts[MP_MAX_PARTS];
    const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
    int n = multipart_parse(ct, r->body, r->body_len, parts, MP_MAX_PARTS);
    if (n < 0)
        return web_refuse(r, 0, THD_R_WEB_NOT_MULTIPART, "");
    const struct mp_part *file = NULL;
    json_t *json = fields_of(parts, n, &file);
    if (!json)
        return web_refuse(r, 0, THD_R_WEB_FIELD_NOT_UTF8, "");
    if (file && file->len > THD_MAX_ATTACHMENT_BYTES) {
        json_decref(json);
        return web_refuse(r, MHD_HTTP_CONTENT_TOO_LARGE, THD_R_WEB_FILE_TOO_BIG, af->name,
                          THD_U(THD_MAX_ATTACHMENT_BYTES >> 20));
    }
    thd_status_t st = {0};
    ProtobufCMessage *body = pbjson_to_message(f->descriptor, json, &st);
    json_decref(json);
    if (!body)
        return web_status_error(r, &st);
    if (file) {
        Thidua__V1__Attachment *a = attachment_of(file);
        if (!a) {
            protobuf_c_message_free_unpacked(body, NULL);
            return MHD_NO;
        }
        *(Thidua__V1__Attachment **)((char *)body + af->offset) = a;
    }
    enum MHD_Result ret = call_send(r, f, body);
    protobuf_c_message_free_unpacked(body, NULL);
    return ret;
}
