/* Changes on a real store, each test its own: a change whose event would
 * not fit one message is refused before it reaches the log, naming its
 * largest record; a task that format 3 left holding a large history moves
 * it out into history records on its next report; a document is logged
 * without its bytes, which the store keeps and verify checks. (Such a task
 * takes hundreds of reports of the longest text, too slow to build through a
 * broker in the test suite; tests/e2e/test_big.c covers the rest of the size
 * limits end to end.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "changes.h"
#include "records.h"
#include "request.h"
#include "tasks.h"
#include "verify.h"
#include "thd_limits.h"

static char dir[64];
static store_t *store;
static thd_status_t st;
static change_list_t log_list;
static Thidua__V1__Principal who = THIDUA__V1__PRINCIPAL__INIT;
static Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
static struct req_in in;
static req_ctx_t ctx;

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/thidua-changes-XXXXXX");
    assert_non_null(mkdtemp(dir));
    strcat(dir, "/s");
    store = store_open(dir, true, &st);
    assert_non_null(store);
    who.name = "vp-bantdkt";
    who.role = THIDUA__V1__ROLE__ROLE_UNIT;
    who.unit = "SO-VHTTDL";
    req.request_id = "r-1";
    in = (struct req_in){.req = &req, .who = &who, .now_ms = 1764000000000};
    ctx = (req_ctx_t){.in = &in, .store = store, .st = &st, .log = &log_list};
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    changes_drop_pending(&ctx);
    changes_clear(&log_list);
    store_destroy(&store);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)strlen(dir) - 2, dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A task with `reports` history entries of `text`, allocated as unpack does. */
static Thidua__V1__Record *task(const char *id, size_t reports, const char *text)
{
    Thidua__V1__Task t = THIDUA__V1__TASK__INIT;
    Thidua__V1__HistoryEntry *h = calloc(reports, sizeof *h), **hp = calloc(reports, sizeof *hp);
    for (size_t i = 0; i < reports; i++) {
        thidua__v1__history_entry__init(&h[i]);
        h[i].verb = "report";
        h[i].text = (char *)text;
        hp[i] = &h[i];
    }
    t.id = (char *)id;
    t.title = "Báo cáo tham luận";
    t.lead_unit = "SO-VHTTDL";
    t.status = THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS;
    t.history = hp;
    t.n_history = reports;
    Thidua__V1__Record r = THIDUA__V1__RECORD__INIT;
    r.type = "task";
    r.id = (char *)id;
    r.units = (char *[]){"SO-VHTTDL"};
    r.n_units = 1;
    r.body_case = THIDUA__V1__RECORD__BODY_TASK;
    r.task = &t;
    size_t len = thidua__v1__record__get_packed_size(&r);
    uint8_t *buf = malloc(len);
    thidua__v1__record__pack(&r, buf);
    Thidua__V1__Record *out = thidua__v1__record__unpack(NULL, len, buf);
    free(buf);
    free(h);
    free(hp);
    assert_non_null(out);
    return out;
}

static char *longest_text(void)
{
    char *text = malloc(THD_MAX_TEXT_CHARS * 3 + 1);
    for (int i = 0; i < THD_MAX_TEXT_CHARS; i++)
        memcpy(text + 3 * i, "ệ", 3);
    text[THD_MAX_TEXT_CHARS * 3] = '\0';
    return text;
}

static void a_change_too_big_for_one_message_is_refused(void **state)
{
    (void)state;
    assert_int_equal(records_put(&ctx, task("T-1", 3, "tiến độ tuần"), true), 0);
    assert_int_equal(changes_log(&ctx, "task.report"), 0);
    assert_int_equal(store_revision(store), 1);
    /* 800 reports of 24 KB: a task of about 19 MB, over one message */
    char *text = longest_text();
    assert_int_equal(records_put(&ctx, task("T-2", 800, text), false), 0);
    free(text);
    assert_int_equal(changes_log(&ctx, "task.report"), THD_RESOURCE_EXHAUSTED);
    assert_non_null(strstr(st.message, "task T-2"));
    assert_non_null(strstr(st.message, "not made"));
    assert_int_equal(store_revision(store), 1); /* nothing reached the log */
}

static void a_document_is_logged_without_its_bytes(void **state)
{
    (void)state;
    static const char bytes[] = "%PDF-1.7 bản thảo báo cáo chính trị";
    Thidua__V1__Attachment a = THIDUA__V1__ATTACHMENT__INIT;
    a.name = "bao-cao.pdf";
    a.media_type = "application/pdf";
    a.data = (ProtobufCBinaryData){sizeof bytes, (uint8_t *)bytes};
    a.size = sizeof bytes;
    char sha[65];
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)bytes, sizeof bytes);
    sodium_bin2hex(sha, sizeof sha, h, sizeof h);
    a.sha256 = sha;
    Thidua__V1__Document d = THIDUA__V1__DOCUMENT__INIT;
    d.task = "T-1";
    d.version = 1;
    d.attachment = &a;
    Thidua__V1__Record r = THIDUA__V1__RECORD__INIT;
    r.type = "document";
    r.id = "T-1/v1";
    r.body_case = THIDUA__V1__RECORD__BODY_DOCUMENT;
    r.document = &d;
    uint8_t buf[1024];
    size_t len = thidua__v1__record__pack(&r, buf);
    assert_true(records_document_intact(&r));
    assert_int_equal(records_put(&ctx, thidua__v1__record__unpack(NULL, len, buf), true), 0);
    assert_int_equal(changes_log(&ctx, "task.submit"), 0);
    /* the stored record keeps the bytes; the log entry names them only */
    char *val = NULL;
    size_t vl = 0;
    assert_int_equal(store_get(store, SPACE_RECORD, "document/T-1/v1", &val, &vl, NULL), 1);
    Thidua__V1__Record *stored = thidua__v1__record__unpack(NULL, vl, (uint8_t *)val);
    assert_int_equal(stored->document->attachment->data.len, sizeof bytes);
    Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, log_list.events[log_list.n - 1].len,
                                                      log_list.events[log_list.n - 1].bytes);
    assert_non_null(ev);
    assert_int_equal(ev->records[0]->document->attachment->data.len, 0);
    assert_int_equal(ev->records[0]->document->attachment->size, sizeof bytes);
    thidua__v1__event__free_unpacked(ev, NULL);
    free(val);
    changes_drop_pending(&ctx);
    assert_int_equal(store_commit(store, &st), 0);
    assert_int_equal(verify_store(store), 0);

    /* a stored document that lost its bytes, or one of them, is named by verify */
    ProtobufCBinaryData kept = stored->document->attachment->data;
    stored->document->attachment->data = (ProtobufCBinaryData){0};
    len = thidua__v1__record__pack(stored, buf);
    assert_int_equal(store_put(store, SPACE_RECORD, "document/T-1/v1", buf, len), 0);
    assert_int_equal(store_commit(store, &st), 0);
    assert_int_equal(verify_store(store), 1);
    stored->document->attachment->data = kept;
    kept.data[0] ^= 1;
    uint8_t *big = malloc(thidua__v1__record__get_packed_size(stored));
    len = thidua__v1__record__pack(stored, big);
    assert_int_equal(store_put(store, SPACE_RECORD, "document/T-1/v1", big, len), 0);
    assert_int_equal(store_commit(store, &st), 0);
    assert_int_equal(verify_store(store), 1);
    free(big);
    thidua__v1__record__free_unpacked(stored, NULL);
}

/* The published copy of the newest event, decoded. */
static Thidua__V1__Event *last_published(void)
{
    const change_event_t *e = &log_list.events[log_list.n - 1];
    Thidua__V1__Event *ev = e->pub_bytes ? thidua__v1__event__unpack(NULL, e->pub_len, e->pub_bytes)
                                         : thidua__v1__event__unpack(NULL, e->len, e->bytes);
    assert_non_null(ev);
    return ev;
}

static void an_event_past_the_cap_is_published_thin_and_logged_whole(void **state)
{
    (void)state;
    struct server_info info = {.event_max_bytes = 16 * 1024};
    ctx.info = &info;
    char *text = longest_text();
    assert_int_equal(records_put(&ctx, task("T-1", 1, text), true), 0);
    assert_int_equal(changes_log(&ctx, "task.create"), 0);
    const change_event_t *e = &log_list.events[0];
    assert_true(e->len > info.event_max_bytes);
    assert_true(e->pub_len > 0 && e->pub_len <= info.event_max_bytes);
    Thidua__V1__Event *ev = last_published();
    assert_true(ev->thin);
    assert_int_equal(ev->revision, 1);
    assert_string_equal(ev->kind, "task.create");
    assert_int_equal(ev->n_records, 1);
    assert_string_equal(ev->records[0]->type, "task");
    assert_string_equal(ev->records[0]->id, "T-1");
    assert_string_equal(ev->records[0]->units[0], "SO-VHTTDL");
    assert_int_equal(ev->records[0]->body_case, THIDUA__V1__RECORD__BODY__NOT_SET);
    thidua__v1__event__free_unpacked(ev, NULL);
    /* the log entry, which changes_since serves, is whole */
    ev = thidua__v1__event__unpack(NULL, e->len, e->bytes);
    assert_false(ev->thin);
    assert_string_equal(ev->records[0]->task->history[0]->text, text);
    thidua__v1__event__free_unpacked(ev, NULL);
    /* under the cap, the published event is the log entry */
    assert_int_equal(records_put(&ctx, task("T-2", 1, "tiến độ tuần"), true), 0);
    assert_int_equal(changes_log(&ctx, "task.create"), 0);
    assert_null(log_list.events[1].pub_bytes);
    free(text);
}

/* The newest change log entry of the request, decoded. */
static Thidua__V1__Event *last_event(void)
{
    Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, log_list.events[log_list.n - 1].len,
                                                      log_list.events[log_list.n - 1].bytes);
    assert_non_null(ev);
    return ev;
}

static void report(const char *rid, const char *text)
{
    Thidua__V1__TaskReport body = THIDUA__V1__TASK_REPORT__INIT;
    body.id = "T-1";
    body.percent = 50;
    body.text = (char *)text;
    Thidua__V1__Request r = THIDUA__V1__REQUEST__INIT;
    r.request_id = (char *)rid;
    r.body_case = THIDUA__V1__REQUEST__BODY_TASK_REPORT;
    r.task_report = &body;
    in.req = &r;
    Thidua__V1__Record *rec;
    const struct transition *row;
    assert_int_equal(transitions_load(&ctx, MACHINE_TASK, "report", "T-1", "id", &rec, &row), 0);
    assert_int_equal(tasks_report(&ctx, rec, row), 0);
    assert_int_equal(changes_log(&ctx, "task.report"), 0);
    changes_drop_pending(&ctx);
    in.req = &req;
}

/* A task as format 3 kept it, its history of 8.6 MB inside the record (more
 * than format 3 let a unit add to): its next report moves the history out
 * as records 1..360 in one change that still fits a message, and from then
 * on a report logs the task and one entry. */
static void a_format_3_task_moves_its_history_out_on_its_next_report(void **state)
{
    (void)state;
    char *text = longest_text();
    /* 360 reports of 24 KB: about 8.6 MB */
    assert_int_equal(records_put(&ctx, task("T-1", 360, text), true), 0);
    assert_int_equal(changes_log(&ctx, "task.create"), 0);
    changes_drop_pending(&ctx);
    report("r-2", "tiến độ");
    Thidua__V1__Event *ev = last_event();
    assert_int_equal(ev->n_records, 1 + 360 + 1);
    assert_int_equal(ev->records[0]->task->n_history, 0);
    assert_int_equal(ev->records[1]->history->seq, 1);
    assert_string_equal(ev->records[360]->history->entry->text, text);
    assert_string_equal(ev->records[361]->history->entry->text, "tiến độ");
    assert_string_equal(ev->records[361]->id, "T-1/0000000361");
    thidua__v1__event__free_unpacked(ev, NULL);
    report("r-3", "tiến độ tuần sau");
    assert_true(log_list.events[log_list.n - 1].len < 1024);
    ev = last_event();
    assert_int_equal(ev->n_records, 2);
    assert_string_equal(ev->records[1]->id, "T-1/0000000362");
    thidua__v1__event__free_unpacked(ev, NULL);
    assert_int_equal(store_commit(store, &st), 0);
    assert_int_equal(verify_store(store), 0);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_change_too_big_for_one_message_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_document_is_logged_without_its_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(an_event_past_the_cap_is_published_thin_and_logged_whole,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_format_3_task_moves_its_history_out_on_its_next_report,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
