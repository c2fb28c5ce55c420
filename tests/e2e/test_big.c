/* Records near the message limit. Documents of 7 MiB each add up past one
 * message: snapshot and ChangesSince pages close by size, so every page can
 * be sent and a new watch converges. A change that would not fit one
 * message (a task with a long history and a 16 MiB document) is refused and
 * changes nothing; a list page that would not fit is refused, saying to ask
 * for fewer records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "congress.h"
#include "thd_limits.h"

#define REQ(b)   THIDUA__V1__REQUEST__BODY_##b
#define DOCUMENT THIDUA__V1__TASK_KIND__TASK_KIND_DOCUMENT

enum { OK = 0, EXHAUSTED = 8 };

static cg_world_t w;

static unsigned char *pattern(size_t len, unsigned seed)
{
    unsigned char *p = malloc(len);
    assert_non_null(p);
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)(i * 131 + (i >> 13) + seed);
    return p;
}

/* Submits data as the task's next document version, then has the office
 * return the task so that it can be submitted again. */
static int submit_document(const char *task, const unsigned char *data, size_t len)
{
    Thidua__V1__Attachment a;
    char sha[65];
    cg_attachment(&a, data, len, sha);
    int rc = cg_task_submit(w.c[CG_UNIT], task, &a);
    if (rc == OK)
        assert_int_equal(cg_task_verb(w.c[CG_OFFICE], REQ(TASK_RETURN), task, "bổ sung"), OK);
    return rc;
}

static int feed_call(Thidua__V1__Request *req, Thidua__V1__Response **resp)
{
    Thidua__V1__Response *r = NULL;
    int rc = cg_call(w.c[CG_ADMIN], req, &r);
    assert_non_null(r); /* every page came: none was over the message limit */
    assert_true(thidua__v1__response__get_packed_size(r) <= THD_MAX_MSG_BYTES);
    *resp = r;
    return rc;
}

/* Walks a whole snapshot; returns its pages, counts the documents' bytes. */
static int snapshot_pages(size_t *documents, size_t *document_bytes)
{
    Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(SNAPSHOT);
    req.snapshot = &body;
    body.page_size = THD_MAX_PAGE;
    char cursor[128] = "";
    int pages = 0;
    *documents = *document_bytes = 0;
    do {
        body.cursor = cursor;
        Thidua__V1__Response *resp = NULL;
        assert_int_equal(feed_call(&req, &resp), OK);
        pages++;
        for (size_t i = 0; i < resp->snapshot->n_records; i++) {
            const Thidua__V1__Record *r = resp->snapshot->records[i];
            if (r->body_case == THIDUA__V1__RECORD__BODY_DOCUMENT) {
                (*documents)++;
                *document_bytes += r->document->attachment->data.len;
            }
        }
        snprintf(cursor, sizeof cursor, "%s", resp->snapshot->cursor);
        thidua__v1__response__free_unpacked(resp, NULL);
    } while (*cursor);
    return pages;
}

/* Reads the log after rev to its end; returns the pages, counts events. */
static int changes_pages(uint64_t rev, size_t *events)
{
    Thidua__V1__ChangesSinceRequest body = THIDUA__V1__CHANGES_SINCE_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CHANGES_SINCE);
    req.changes_since = &body;
    body.page_size = THD_MAX_PAGE;
    int pages = 0;
    bool more = true;
    *events = 0;
    while (more) {
        body.revision = rev;
        Thidua__V1__Response *resp = NULL;
        assert_int_equal(feed_call(&req, &resp), OK);
        pages++;
        *events += resp->changes->n_events;
        more = resp->changes->more;
        assert_true(resp->changes->revision > rev || !more);
        rev = resp->changes->revision;
        thidua__v1__response__free_unpacked(resp, NULL);
    }
    return pages;
}

static void pages_of_large_documents_close_by_size(void **state)
{
    (void)state;
    const size_t seven = 7u * 1024 * 1024;
    char id[32];
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Báo cáo chính trị", NULL, DOCUMENT, id), OK);
    assert_int_equal(cg_task_report(w.c[CG_UNIT], id, 80, "dự thảo"), OK);
    uint64_t before = th_revision(w.c[CG_ADMIN]);
    for (unsigned v = 1; v <= 3; v++) {
        unsigned char *data = pattern(seven, v);
        assert_int_equal(submit_document(id, data, seven), OK);
        free(data);
    }
    /* 21 MiB of documents in all: one page could not carry them */
    size_t docs, bytes, events;
    int pages = snapshot_pages(&docs, &bytes);
    assert_int_equal(docs, 3);
    assert_int_equal(bytes, 3 * seven);
    assert_true(pages >= 3);
    pages = changes_pages(before, &events);
    assert_int_equal(events, 6); /* three submissions, three returns */
    assert_true(pages >= 3);
    print_message("snapshot and changes of 3 x 7 MiB documents: %d changes pages\n", pages);

    /* a new watch converges on it and holds every version */
    thd_client_opts_t o = {.server = w.srv.requests,
                           .events = w.srv.events,
                           .server_key = w.srv.server_pub,
                           .key_file = w.srv.admin_key};
    thd_status_t st;
    thd_watch_t *watch = thd_watch_new(&o, NULL, NULL, &st);
    assert_non_null(watch);
    for (int i = 0; i < 300 && !thd_watch_in_sync(watch); i++)
        thd_watch_run(watch, 100, &st);
    assert_true(thd_watch_in_sync(watch));
    for (unsigned v = 1; v <= 3; v++) {
        char doc_id[48];
        snprintf(doc_id, sizeof doc_id, "%s/v%u", id, v);
        const Thidua__V1__Record *r = thd_watch_get(watch, "document", doc_id);
        assert_non_null(r);
        unsigned char *data = pattern(seven, v);
        assert_int_equal(r->document->attachment->data.len, seven);
        assert_memory_equal(r->document->attachment->data.data, data, seven);
        free(data);
    }
    thd_watch_destroy(&watch);
}

/* The longest text a field takes: THD_MAX_TEXT_CHARS of a three-byte letter. */
static char *longest_text(const char letter[4])
{
    char *text = malloc(THD_MAX_TEXT_CHARS * 3 + 1);
    assert_non_null(text);
    for (int i = 0; i < THD_MAX_TEXT_CHARS; i++)
        memcpy(text + 3 * i, letter, 3);
    text[THD_MAX_TEXT_CHARS * 3] = '\0';
    return text;
}

static void a_change_too_big_for_one_message_is_refused(void **state)
{
    (void)state;
    /* 45 reports of 8,000 three-byte letters: a task of about 1.1 MB */
    enum { REPORTS = 45 };
    char *text = longest_text("ệ");
    char id[32];
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Tham luận", NULL, DOCUMENT, id), OK);
    for (int i = 0; i < REPORTS; i++)
        assert_int_equal(cg_task_report(w.c[CG_UNIT], id, (unsigned)i, text), OK);
    free(text);
    /* with 16 MiB of document the change would not fit one message */
    const size_t big = 16u * 1024 * 1024;
    unsigned char *data = pattern(big, 9);
    Thidua__V1__Attachment a;
    char sha[65];
    cg_attachment(&a, data, big, sha);
    uint64_t before = th_revision(w.c[CG_ADMIN]);
    Thidua__V1__TaskSubmit body = THIDUA__V1__TASK_SUBMIT__INIT;
    body.id = id;
    body.document = &a;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_SUBMIT);
    req.task_submit = &body;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(cg_call(w.c[CG_UNIT], &req, &resp), EXHAUSTED);
    assert_non_null(strstr(resp->status->message, id));
    assert_non_null(strstr(resp->status->message, "not made"));
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    assert_int_equal(cg_task_status(w.c[CG_UNIT], id),
                     THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS);
    /* a smaller document goes through */
    assert_int_equal(submit_document(id, data, 4u * 1024 * 1024), OK);
    free(data);
}

static int create_described(const char *description)
{
    Thidua__V1__Task t = THIDUA__V1__TASK__INIT;
    t.title = "Chuẩn bị tài liệu";
    t.description = (char *)description;
    t.kind = THIDUA__V1__TASK_KIND__TASK_KIND_WORK;
    t.phase = THIDUA__V1__PHASE__PHASE_BEFORE;
    t.lead_unit = CG_UNIT_CODE;
    t.deadline = "2099-12-31";
    Thidua__V1__TaskCreate body = THIDUA__V1__TASK_CREATE__INIT;
    body.task = &t;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_CREATE);
    req.task_create = &body;
    return cg_call(w.c[CG_OFFICE], &req, NULL);
}

static int list_tasks(unsigned page_size, Thidua__V1__Response **resp)
{
    Thidua__V1__TaskList body = THIDUA__V1__TASK_LIST__INIT;
    body.page_size = page_size;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_LIST);
    req.task_list = &body;
    return cg_call(w.c[CG_OBSERVER], &req, resp);
}

static void a_list_page_too_big_for_one_message_is_refused(void **state)
{
    (void)state;
    /* 800 tasks of 24 KB: a page of all of them would be about 19 MB */
    enum { TASKS = 800 };
    char *text = longest_text("ữ");
    for (int i = 0; i < TASKS; i++)
        assert_int_equal(create_described(text), OK);
    free(text);
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(list_tasks(THD_MAX_PAGE, &resp), EXHAUSTED);
    assert_string_equal(resp->status->field, "page_size");
    assert_non_null(strstr(resp->status->message, "fewer records"));
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(list_tasks(100, &resp), OK);
    assert_int_equal(resp->tasks->n_tasks, 100);
    thidua__v1__response__free_unpacked(resp, NULL);
}

CG_GROUP_FIXTURES(w)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pages_of_large_documents_close_by_size),
        cmocka_unit_test(a_change_too_big_for_one_message_is_refused),
        cmocka_unit_test(a_list_page_too_big_for_one_message_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
