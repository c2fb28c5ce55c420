/* A nominee's dossier files (nominee.attach) against a real thidua-server:
 * the proposing unit attaches files to its draft as versions; document.get
 * gives anyone the bytes back exactly; events, the change log and snapshots
 * name each file (size, SHA-256) without its bytes; a file too big, of a
 * kind a dossier does not hold, or from anyone but the proposing unit
 * changes nothing; an acknowledged attach survives kill -9 and verify
 * passes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "congress.h"
#include "rules.h"
#include "thd_limits.h"

#define REQ(b)     THIDUA__V1__REQUEST__BODY_##b
#define NS(x)      THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x
#define SOCIETY    THIDUA__V1__FIELD__FIELD_SOCIETY
#define COLLECTIVE THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE
#define PDF        "application/pdf"
#define DOCX       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

static cg_world_t w;

/* len bytes that begin as a file of the kind sig opens (the broker checks
 * that a file is what its type names), then a pattern. */
#define SIG_PDF  "%PDF-1.7\n"
#define SIG_ZIP  "PK\x03\x04"
#define SIG_PNG  "\x89PNG\r\n\x1a\n"
#define SIG_JPEG "\xFF\xD8\xFF\xE0"
static unsigned char *pattern(const char *sig, size_t len, unsigned seed)
{
    unsigned char *p = malloc(len ? len : 1);
    assert_non_null(p);
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)(i * 131 + (i >> 11) + seed);
    memcpy(p, sig, strlen(sig) < len ? strlen(sig) : len);
    return p;
}

/* nominee.attach as c; the status with its reason in *st. */
static int attach(thd_client_t *c, const char *id, const char *name, const char *type,
                  const void *data, size_t len, thd_status_t *st)
{
    Thidua__V1__Attachment a;
    char sha[65];
    cg_attachment(&a, data, len, sha);
    a.name = (char *)name;
    a.media_type = (char *)type;
    Thidua__V1__NomineeAttach body = THIDUA__V1__NOMINEE_ATTACH__INIT;
    body.id = (char *)id;
    body.attachment = &a;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_ATTACH);
    req.nominee_attach = &body;
    req.request_id = "";
    Thidua__V1__Response *resp = NULL;
    int rc = thd_call(c, &req, &resp, st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

/* document.get of owner/vN as c (0: the newest). */
static int document_get(thd_client_t *c, const char *owner, unsigned version,
                        Thidua__V1__Response **resp, thd_status_t *st)
{
    Thidua__V1__DocumentGet body = THIDUA__V1__DOCUMENT_GET__INIT;
    body.task = (char *)owner;
    body.version = version;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(DOCUMENT_GET);
    req.document_get = &body;
    req.request_id = "";
    *resp = NULL;
    return thd_call(c, &req, resp, st);
}

/* The version's bytes as c reads them equal data. */
static void assert_document(thd_client_t *c, const char *owner, unsigned version, unsigned want,
                            const char *name, const void *data, size_t len)
{
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    assert_int_equal(document_get(c, owner, version, &resp, &st), THD_OK);
    const Thidua__V1__Document *d = resp->record->document;
    assert_non_null(d);
    assert_string_equal(d->task, owner);
    assert_int_equal(d->version, want);
    assert_string_equal(d->verb, "attach");
    assert_string_equal(d->attachment->name, name);
    assert_int_equal(d->attachment->size, len);
    assert_int_equal(d->attachment->data.len, len);
    assert_memory_equal(d->attachment->data.data, data, len);
    Thidua__V1__Attachment check;
    char sha[65];
    cg_attachment(&check, data, len, sha);
    assert_string_equal(d->attachment->sha256, sha);
    thidua__v1__response__free_unpacked(resp, NULL);
}

/* How many dossier files the nominee's history names. */
static unsigned files_of(const char *id)
{
    Thidua__V1__Response *resp = cg_nominee_get(w.c[CG_OBSERVER], id);
    unsigned n = thd_nominee_files(resp->record->nominee);
    thidua__v1__response__free_unpacked(resp, NULL);
    return n;
}

static void a_unit_attaches_files_as_versions_that_anyone_reads_back_exactly(void **state)
{
    (void)state;
    char id[32];
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "Nhà hát Chăm", SOCIETY, COLLECTIVE, id), 0);
    size_t len1 = 300 * 1024 + 7, len2 = 41 * 1024;
    unsigned char *report = pattern(SIG_PDF, len1, 1), *minutes = pattern(SIG_ZIP, len2, 2);
    thd_status_t st;
    Thidua__V1__Response *none = NULL; /* no file yet: said so, not "0 versions, no version 0" */
    assert_int_equal(document_get(w.c[CG_OFFICE], id, 0, &none, &st), THD_NOT_FOUND);
    assert_string_equal(st.reason, "nominee.no_files_yet");
    if (none)
        thidua__v1__response__free_unpacked(none, NULL);
    assert_int_equal(attach(w.c[CG_UNIT], id, "Báo cáo thành tích.pdf", PDF, report, len1, &st), 0);
    assert_int_equal(attach(w.c[CG_UNIT], id, "Biên bản họp.docx", DOCX, minutes, len2, &st), 0);

    /* the history names each file under its version, without bytes */
    Thidua__V1__Response *resp = cg_nominee_get(w.c[CG_OBSERVER], id);
    const Thidua__V1__Nominee *n = resp->record->nominee;
    assert_int_equal(thd_nominee_files(n), 2);
    unsigned seen = 0;
    for (size_t i = 0; i < n->n_history; i++) {
        const Thidua__V1__HistoryEntry *h = n->history[i];
        if (strcmp(h->verb, "attach") != 0)
            continue;
        seen++;
        assert_int_equal(h->version, seen);
        assert_string_equal(h->actor, "vhttdl");
        assert_string_equal(h->unit, CG_UNIT_CODE);
        assert_non_null(h->attachment);
        assert_int_equal(h->attachment->size, seen == 1 ? len1 : len2);
        assert_int_equal(h->attachment->data.len, 0);
        assert_int_equal(strlen(h->attachment->sha256), 64);
    }
    assert_int_equal(seen, 2);
    assert_int_equal(n->status, NS(DRAFT));
    thidua__v1__response__free_unpacked(resp, NULL);

    /* the office and an observer read them; no version: the newest */
    assert_document(w.c[CG_OFFICE], id, 1, 1, "Báo cáo thành tích.pdf", report, len1);
    assert_document(w.c[CG_OBSERVER], id, 2, 2, "Biên bản họp.docx", minutes, len2);
    assert_document(w.c[CG_OTHER_UNIT], id, 0, 2, "Biên bản họp.docx", minutes, len2);
    assert_int_equal(document_get(w.c[CG_OFFICE], id, 3, &resp, &st), THD_NOT_FOUND);
    assert_string_equal(st.reason, "nominee.file_not_found");
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    free(report);
    free(minutes);
}

static void the_attach_event_names_the_file_without_its_bytes(void **state)
{
    (void)state;
    char id[32];
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "Đội văn nghệ", SOCIETY, COLLECTIVE, id), 0);
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    size_t len = 200 * 1024;
    unsigned char *data = pattern(SIG_PNG, len, 3);
    thd_status_t st;
    assert_int_equal(attach(w.c[CG_UNIT], id, "anh.png", "image/png", data, len, &st), 0);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before + 1);

    Thidua__V1__ChangesSinceRequest body = THIDUA__V1__CHANGES_SINCE_REQUEST__INIT;
    body.revision = before;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CHANGES_SINCE);
    req.changes_since = &body;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(cg_call(w.c[CG_OBSERVER], &req, &resp), THD_OK);
    assert_int_equal(resp->changes->n_events, 1);
    const Thidua__V1__Event *e = resp->changes->events[0];
    assert_string_equal(e->kind, "nominee.attach");
    assert_int_equal(e->n_records, 3);
    assert_string_equal(e->records[0]->id, id); /* the nominee leads */
    assert_int_equal(e->records[0]->nominee->versions, 1);
    assert_int_equal(e->records[0]->nominee->n_history, 0);
    /* then the history entry naming the file, a record of its own */
    const Thidua__V1__History *h = e->records[1]->history;
    char h_id[48];
    thd_history_id(h_id, sizeof h_id, id, 2); /* 1 is create */
    assert_string_equal(e->records[1]->id, h_id);
    assert_string_equal(h->parent, id);
    assert_int_equal(h->seq, 2);
    assert_string_equal(h->entry->verb, "attach");
    assert_int_equal(h->entry->version, 1);
    assert_string_equal(h->entry->attachment->name, "anh.png");
    assert_int_equal(h->entry->attachment->data.len, 0);
    const Thidua__V1__Record *doc = e->records[2];
    char doc_id[48];
    snprintf(doc_id, sizeof doc_id, "%s/v1", id);
    assert_string_equal(doc->type, "document");
    assert_string_equal(doc->id, doc_id);
    assert_int_equal(doc->n_units, 1);
    assert_string_equal(doc->units[0], CG_UNIT_CODE);
    assert_int_equal(doc->document->attachment->size, len);
    assert_int_equal(doc->document->attachment->data.len, 0);
    assert_true(thidua__v1__event__get_packed_size(e) < len);
    thidua__v1__response__free_unpacked(resp, NULL);

    /* a unit's snapshot carries the document record without its bytes too */
    Thidua__V1__SnapshotRequest snap = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
    snap.unit = CG_UNIT_CODE;
    snap.page_size = THD_MAX_PAGE;
    req.body_case = REQ(SNAPSHOT);
    req.snapshot = &snap;
    assert_int_equal(cg_call(w.c[CG_UNIT], &req, &resp), THD_OK);
    bool found = false;
    for (size_t i = 0; i < resp->snapshot->n_records; i++) {
        const Thidua__V1__Record *r = resp->snapshot->records[i];
        if (strcmp(r->id, doc_id) != 0)
            continue;
        found = true;
        assert_int_equal(r->document->attachment->size, len);
        assert_int_equal(r->document->attachment->data.len, 0);
    }
    assert_true(found);
    assert_string_equal(resp->snapshot->cursor, "");
    thidua__v1__response__free_unpacked(resp, NULL);
    free(data);
}

static void a_file_too_big_or_of_another_kind_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    char id[32];
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "Trần Thị B", SOCIETY, COLLECTIVE, id), 0);
    const size_t big = THD_MAX_ATTACHMENT_BYTES;
    unsigned char *data = pattern(SIG_PDF, big + 1, 4);
    thd_status_t st;
    static const struct {
        const char *name, *type;
        size_t len;
        int code;
        const char *reason, *field;
    } bad[] = {
        {"ho-so.pdf", PDF, THD_MAX_ATTACHMENT_BYTES + 1, THD_RESOURCE_EXHAUSTED, "document.too_big",
         "attachment"},
        {"setup.exe", "application/x-msdownload", 1000, THD_INVALID_ARGUMENT,
         "nominee.file_type_not_allowed", "attachment.media_type"},
        {"ghi-chu.txt", "text/plain", 10, THD_INVALID_ARGUMENT, "nominee.file_type_not_allowed",
         "attachment.media_type"},
        {"", PDF, 10, THD_INVALID_ARGUMENT, "document.no_file_name", "attachment.name"},
    };
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(attach(w.c[CG_UNIT], id, bad[i].name, bad[i].type, data, bad[i].len, &st),
                         bad[i].code);
        assert_string_equal(st.reason, bad[i].reason);
        assert_string_equal(st.field, bad[i].field);
        assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    }
    /* bytes of another kind than the name says: a Word 97 file named
     * .pdf, a PDF named .png */
    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 Biên bản";
    static const char pdf[] = "%PDF-1.4 Báo cáo";
    assert_int_equal(attach(w.c[CG_UNIT], id, "bao-cao.pdf", PDF, ole, sizeof ole, &st),
                     THD_INVALID_ARGUMENT);
    assert_string_equal(st.reason, "document.not_what_named");
    assert_string_equal(st.field, "attachment.data");
    assert_non_null(strstr(st.message, "'bao-cao.pdf' is no PDF file: its bytes are those of a "
                                       "DOC/XLS file"));
    assert_int_equal(attach(w.c[CG_UNIT], id, "bao-cao", PDF, ole, sizeof ole, &st),
                     THD_INVALID_ARGUMENT); /* no extension: the type names the kind */
    assert_non_null(strstr(st.message, "'bao-cao' is no application/pdf file"));
    assert_int_equal(attach(w.c[CG_UNIT], id, "anh.png", "image/png", pdf, sizeof pdf, &st),
                     THD_INVALID_ARGUMENT);
    assert_string_equal(st.reason, "document.not_what_named");
    /* and what is no kind at all: a text, a stub of a program */
    static const char *const fakes[] = {"not a pdf\n", "MZ\x90\0\x03\0\0\0\x04\0 a stub", ""};
    for (size_t i = 0; i < sizeof fakes / sizeof fakes[0]; i++) {
        assert_int_equal(attach(w.c[CG_UNIT], id, "fake.pdf", PDF, fakes[i], strlen(fakes[i]), &st),
                         THD_INVALID_ARGUMENT);
        assert_string_equal(st.reason, "document.not_what_named");
        assert_non_null(strstr(st.message, "it does not begin as one does")); /* no kind we know */
    }
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    assert_int_equal(files_of(id), 0);
    /* exactly the limit is a dossier file */
    assert_int_equal(attach(w.c[CG_UNIT], id, "ho-so.pdf", PDF, data, big, &st), THD_OK);
    assert_document(w.c[CG_OFFICE], id, 1, 1, "ho-so.pdf", data, big);
    free(data);
}

static void only_the_proposing_unit_attaches_and_only_to_a_draft(void **state)
{
    (void)state;
    char id[32];
    const char pdf[] = "%PDF-1.4 biên bản";
    thd_status_t st;
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "Lê Văn C", SOCIETY, COLLECTIVE, id), 0);
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(attach(w.c[CG_OTHER_UNIT], id, "x.pdf", PDF, pdf, sizeof pdf, &st),
                     THD_PERMISSION_DENIED);
    assert_string_equal(st.reason, "nominee.not_proposing_unit");
    assert_int_equal(attach(w.c[CG_OFFICE], id, "x.pdf", PDF, pdf, sizeof pdf, &st),
                     THD_PERMISSION_DENIED);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    /* proposed: the dossier is closed until the office returns it */
    assert_int_equal(cg_nominee_verb(w.c[CG_UNIT], REQ(NOMINEE_PROPOSE), id, ""), 0);
    before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(attach(w.c[CG_UNIT], id, "x.pdf", PDF, pdf, sizeof pdf, &st),
                     THD_FAILED_PRECONDITION);
    /* the office's return opens it again: no step the unit takes first */
    assert_string_equal(st.reason, "nominee.wrong_status");
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    assert_int_equal(cg_nominee_verb(w.c[CG_OFFICE], REQ(NOMINEE_RETURN), id, "thiếu biên bản"), 0);
    assert_int_equal(attach(w.c[CG_UNIT], id, "bien-ban.pdf", PDF, pdf, sizeof pdf, &st), THD_OK);
    assert_int_equal(files_of(id), 1);
}

static void a_dossier_holds_at_most_its_limit_of_files(void **state)
{
    (void)state;
    char id[32];
    thd_status_t st;
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "Phạm Văn D", SOCIETY, COLLECTIVE, id), 0);
    for (unsigned i = 1; i <= THD_MAX_NOMINEE_FILES; i++) {
        char name[32];
        snprintf(name, sizeof name, SIG_JPEG "trang-%u.jpg", i);
        assert_int_equal(attach(w.c[CG_UNIT], id, name + 4, "image/jpeg", name, strlen(name), &st),
                         0);
    }
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(attach(w.c[CG_UNIT], id, "them.jpg", "image/jpeg", SIG_JPEG, 4, &st),
                     THD_RESOURCE_EXHAUSTED);
    assert_string_equal(st.reason, "nominee.too_many_files");
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    assert_document(w.c[CG_OBSERVER], id, 0, THD_MAX_NOMINEE_FILES, "trang-32.jpg",
                    SIG_JPEG "trang-32.jpg", strlen(SIG_JPEG "trang-32.jpg"));
}

static void an_acknowledged_attach_survives_kill_9_and_verify_passes(void **state)
{
    (void)state;
    char id[32];
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "Hợp tác xã E", SOCIETY, COLLECTIVE, id), 0);
    size_t len = 1024 * 1024 + 3;
    unsigned char *data = pattern(SIG_PDF, len, 5);
    thd_status_t st;
    assert_int_equal(attach(w.c[CG_UNIT], id, "to-trinh.pdf", PDF, data, len, &st), THD_OK);
    th_server_kill(&w.srv);
    th_server_restart(&w.srv);
    assert_document(w.c[CG_OFFICE], id, 1, 1, "to-trinh.pdf", data, len);
    assert_int_equal(files_of(id), 1);
    assert_int_equal(th_server_stop(&w.srv), 0);
    assert_int_equal(
        th_sh("%s/thidua-server verify --data %s >/dev/null", THIDUA_BIN_DIR, w.srv.dir), 0);
    th_server_restart(&w.srv);
    assert_document(w.c[CG_OBSERVER], id, 0, 1, "to-trinh.pdf", data, len);
    free(data);
}

CG_GROUP_FIXTURES(w)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_unit_attaches_files_as_versions_that_anyone_reads_back_exactly),
        cmocka_unit_test(the_attach_event_names_the_file_without_its_bytes),
        cmocka_unit_test(a_file_too_big_or_of_another_kind_is_refused_and_changes_nothing),
        cmocka_unit_test(only_the_proposing_unit_attaches_and_only_to_a_draft),
        cmocka_unit_test(a_dossier_holds_at_most_its_limit_of_files),
        cmocka_unit_test(an_acknowledged_attach_survives_kill_9_and_verify_passes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
