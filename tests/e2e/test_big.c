/* Large records. Documents (three of 7 MiB) travel without their bytes in
 * events, change log pages, snapshots and watches, which carry their name,
 * size and SHA-256; document.get returns the bytes, and verify accepts the
 * log's images. A list page that would not fit one message is refused,
 * saying to ask for fewer records; snapshot and changes_since pages of such
 * records close by size instead, so every page can be sent, and a watch
 * whose multi-page snapshot loses its cursor to the same key starts over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zmq.h>

#include "congress.h"
#include "thd_limits.h"

#define REQ(b)   THIDUA__V1__REQUEST__BODY_##b
#define DOCUMENT THIDUA__V1__TASK_KIND__TASK_KIND_DOCUMENT

static cg_world_t w;

static unsigned char *pattern(size_t len, unsigned seed)
{
    unsigned char *p = malloc(len);
    assert_non_null(p);
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)(i * 131 + (i >> 13) + seed);
    memcpy(p, "%PDF-1.7\n", 9); /* what its name says: the broker checks */
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
    if (rc == THD_OK)
        assert_int_equal(cg_task_verb(w.c[CG_OFFICE], REQ(TASK_RETURN), task, "bổ sung"), THD_OK);
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

/* Walks a whole snapshot; returns its pages; counts the documents and the
 * bytes they carry, checking each names its size and hash. */
static int snapshot_pages(size_t *documents, size_t *carried)
{
    Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(SNAPSHOT);
    req.snapshot = &body;
    body.page_size = THD_MAX_PAGE;
    char cursor[128] = "";
    int pages = 0;
    *documents = *carried = 0;
    do {
        body.cursor = cursor;
        Thidua__V1__Response *resp = NULL;
        assert_int_equal(feed_call(&req, &resp), THD_OK);
        pages++;
        for (size_t i = 0; i < resp->snapshot->n_records; i++) {
            const Thidua__V1__Record *r = resp->snapshot->records[i];
            if (r->body_case != THIDUA__V1__RECORD__BODY_DOCUMENT)
                continue;
            (*documents)++;
            *carried += r->document->attachment->data.len;
            assert_int_equal(r->document->attachment->size, 7u * 1024 * 1024);
            assert_int_equal(strlen(r->document->attachment->sha256), 64);
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
        assert_int_equal(feed_call(&req, &resp), THD_OK);
        pages++;
        *events += resp->changes->n_events;
        for (size_t e = 0; e < resp->changes->n_events; e++)
            for (size_t i = 0; i < resp->changes->events[e]->n_records; i++) {
                const Thidua__V1__Record *r = resp->changes->events[e]->records[i];
                if (r->body_case == THIDUA__V1__RECORD__BODY_DOCUMENT)
                    assert_int_equal(r->document->attachment->data.len, 0);
            }
        more = resp->changes->more;
        assert_true(resp->changes->revision > rev || !more);
        rev = resp->changes->revision;
        thidua__v1__response__free_unpacked(resp, NULL);
    }
    return pages;
}

/* The largest message a subscriber got within ms. */
static size_t largest_event(void *sub, int ms)
{
    size_t largest = 0;
    zmq_pollitem_t item = {sub, 0, ZMQ_POLLIN, 0};
    while (zmq_poll(&item, 1, ms) > 0) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, sub, 0) >= 0 && zmq_msg_size(&m) > largest)
            largest = zmq_msg_size(&m);
        zmq_msg_close(&m);
    }
    return largest;
}

static char doc_task[32];

static void documents_travel_without_their_bytes(void **state)
{
    (void)state;
    const size_t seven = 7u * 1024 * 1024;
    char *id = doc_task;
    void *sub = th_socket_open(&w.srv, ZMQ_SUB, w.srv.events, "*/");
    th_sleep_ms(300); /* the subscription reaches the broker */
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Báo cáo chính trị", NULL, DOCUMENT, id),
                     THD_OK);
    assert_int_equal(cg_task_report(w.c[CG_UNIT], id, 80, "dự thảo"), THD_OK);
    uint64_t before = th_revision(w.c[CG_ADMIN]);
    for (unsigned v = 1; v <= 3; v++) {
        unsigned char *data = pattern(seven, v);
        assert_int_equal(submit_document(id, data, seven), THD_OK);
        free(data);
    }
    /* every subscriber got each submission as a small event */
    size_t largest = largest_event(sub, 500);
    th_socket_close(&sub);
    assert_true(largest > 0 && largest < 64 * 1024);
    size_t docs, carried, events;
    snapshot_pages(&docs, &carried);
    assert_int_equal(docs, 3);
    assert_int_equal(carried, 0);
    changes_pages(before, &events);
    assert_int_equal(events, 6); /* three submissions, three returns */

    /* a new watch converges and names every version; document.get has the bytes */
    thd_watch_t *watch = th_watch_in_sync(&w.srv, NULL);
    for (unsigned v = 1; v <= 3; v++) {
        char doc_id[48];
        snprintf(doc_id, sizeof doc_id, "%s/v%u", id, v);
        const Thidua__V1__Record *r = thd_watch_get(watch, "document", doc_id);
        assert_non_null(r);
        assert_int_equal(r->document->attachment->data.len, 0);
        assert_int_equal(r->document->attachment->size, seven);
        Thidua__V1__DocumentGet body = THIDUA__V1__DOCUMENT_GET__INIT;
        body.task = id;
        body.version = v;
        Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
        req.body_case = REQ(DOCUMENT_GET);
        req.document_get = &body;
        Thidua__V1__Response *resp = NULL;
        assert_int_equal(cg_call(w.c[CG_OBSERVER], &req, &resp), THD_OK);
        unsigned char *data = pattern(seven, v);
        const Thidua__V1__Attachment *a = resp->record->document->attachment;
        assert_int_equal(a->data.len, seven);
        assert_memory_equal(a->data.data, data, seven);
        assert_string_equal(a->sha256, r->document->attachment->sha256);
        free(data);
        thidua__v1__response__free_unpacked(resp, NULL);
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

static uint64_t before_big_tasks;

static void a_list_page_too_big_for_one_message_is_refused(void **state)
{
    (void)state;
    /* 800 tasks of 24 KB: a page of all of them would be about 19 MB */
    enum { TASKS = 800 };
    char *text = longest_text("ữ");
    before_big_tasks = th_revision(w.c[CG_ADMIN]);
    for (int i = 0; i < TASKS; i++)
        assert_int_equal(create_described(text), THD_OK);
    free(text);
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(list_tasks(THD_MAX_PAGE, &resp), THD_RESOURCE_EXHAUSTED);
    assert_string_equal(resp->status->field, "page_size");
    assert_non_null(strstr(resp->status->message, "fewer records"));
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(list_tasks(100, &resp), THD_OK);
    assert_int_equal(resp->tasks->n_tasks, 100);
    thidua__v1__response__free_unpacked(resp, NULL);
}

static void snapshot_and_changes_pages_close_by_size(void **state)
{
    (void)state;
    size_t docs, carried, events;
    int pages = snapshot_pages(&docs, &carried);
    assert_true(pages >= 3); /* 19 MB of tasks, 8 MiB a page */
    assert_int_equal(docs, 3);
    pages = changes_pages(before_big_tasks, &events);
    assert_int_equal(events, 800);
    assert_true(pages >= 3);
    print_message("800 tasks of 24 KB: %d changes pages\n", pages);
}

/* While a watch stores its first snapshot page, the same principal opens
 * THD_MAX_CURSORS_PER_PRINCIPAL snapshots elsewhere (another screen with the
 * same key): the watch's cursor is closed for them. The watch must start its
 * snapshot over and reach the broker's state, not give up. */
struct crowding {
    size_t from_snapshot; /* records delivered by snapshot pages */
    bool crowded;
    char cursors[2 * THD_MAX_CURSORS_PER_PRINCIPAL][128];
};

static void crowd_out(void *arg, const Thidua__V1__Record *rec, const Thidua__V1__Event *ev)
{
    struct crowding *k = arg;
    (void)rec;
    if (ev)
        return;
    k->from_snapshot++;
    if (k->crowded)
        return;
    k->crowded = true;
    Thidua__V1__SnapshotRequest body = THIDUA__V1__SNAPSHOT_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(SNAPSHOT);
    req.snapshot = &body;
    body.page_size = 1;
    body.cursor = "";
    /* The watch asked for its next page before storing this one; that
       request may reach the broker between these opens and make the watch's
       cursor the newest. So a round, a pause for it to land, and a round
       after it: then the watch's cursor is the oldest of those held. */
    for (int i = 0; i < 2 * THD_MAX_CURSORS_PER_PRINCIPAL; i++) {
        if (i == THD_MAX_CURSORS_PER_PRINCIPAL)
            th_sleep_ms(300);
        Thidua__V1__Response *resp = NULL;
        assert_int_equal(feed_call(&req, &resp), THD_OK);
        snprintf(k->cursors[i], sizeof k->cursors[i], "%s", resp->snapshot->cursor);
        assert_true(*k->cursors[i]); /* open: more records follow */
        thidua__v1__response__free_unpacked(resp, NULL);
    }
}

static void a_watch_crowded_out_of_its_cursor_starts_over(void **state)
{
    (void)state;
    size_t docs, carried;
    assert_true(snapshot_pages(&docs, &carried) >= 3); /* the watch asks at least twice more */
    thd_client_opts_t o = {.server = w.srv.requests,
                           .events = w.srv.events,
                           .server_key = w.srv.server_pub,
                           .key_file = w.srv.admin_key};
    struct crowding k = {0};
    thd_watch_callbacks_t cb = {.change = crowd_out, .arg = &k};
    thd_status_t st = {0};
    thd_watch_t *watch = thd_watch_new(&o, NULL, &cb, &st);
    assert_non_null(watch);
    uint64_t at = th_revision(w.c[CG_ADMIN]);
    for (int i = 0; i < 300 && !(thd_watch_in_sync(watch) && thd_watch_revision(watch) == at); i++)
        if (thd_watch_run(watch, 100, &st) < 0)
            fail_msg("the watch gave up: %s", st.message);
    assert_true(k.crowded);
    assert_true(thd_watch_in_sync(watch));
    assert_int_equal(thd_watch_revision(watch), at);
    size_t records = thd_watch_count(watch);
    print_message("%zu records; %zu delivered by snapshot pages\n", records, k.from_snapshot);
    assert_true(k.from_snapshot > records); /* the first pages came twice: it started over */
    thd_watch_destroy(&watch);
}

static void verify_accepts_documents_logged_without_bytes(void **state)
{
    (void)state;
    assert_int_equal(th_server_stop(&w.srv), 0);
    assert_int_equal(
        th_sh("%s/thidua-server verify --data %s >/dev/null", THIDUA_BIN_DIR, w.srv.dir), 0);
    th_server_restart(&w.srv);
}

CG_GROUP_FIXTURES(w)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(documents_travel_without_their_bytes),
        cmocka_unit_test(a_list_page_too_big_for_one_message_is_refused),
        cmocka_unit_test(snapshot_and_changes_pages_close_by_size),
        cmocka_unit_test(a_watch_crowded_out_of_its_cursor_starts_over),
        cmocka_unit_test(verify_accepts_documents_logged_without_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
