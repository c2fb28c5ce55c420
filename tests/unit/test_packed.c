/* A message packed around already-packed records is byte for byte what
 * protobuf-c packs from the whole message: log entries (and so their
 * hashes) and kept replies do not change with the shortcut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "packed.h"

static Thidua__V1__Record *task_record(const char *id, size_t history)
{
    Thidua__V1__Record *rec = calloc(1, sizeof *rec);
    Thidua__V1__Task *t = calloc(1, sizeof *t);
    thidua__v1__record__init(rec);
    thidua__v1__task__init(t);
    rec->type = "task";
    rec->id = (char *)id;
    rec->body_case = THIDUA__V1__RECORD__BODY_TASK;
    rec->task = t;
    t->id = (char *)id;
    t->title = "Báo cáo tiến độ thi đua khen thưởng năm 2026, đợt một";
    t->progress = 40;
    t->history = calloc(history, sizeof *t->history);
    for (size_t i = 0; i < history; i++) {
        t->history[i] = calloc(1, sizeof **t->history);
        thidua__v1__history_entry__init(t->history[i]);
        t->history[i]->verb = "report";
        t->history[i]->text = "tiến độ tuần";
        t->history[i]->time_ms = 1764000000000 + (int64_t)i;
    }
    t->n_history = history;
    return rec;
}

static void free_task(Thidua__V1__Record *rec)
{
    for (size_t i = 0; i < rec->task->n_history; i++)
        free(rec->task->history[i]);
    free(rec->task->history);
    free(rec->task);
    free(rec);
}

static ProtobufCBinaryData pack_record(const Thidua__V1__Record *rec)
{
    ProtobufCBinaryData b = {.len = thidua__v1__record__get_packed_size(rec)};
    b.data = malloc(b.len);
    thidua__v1__record__pack(rec, b.data);
    return b;
}

static void event_matches_protobuf_c(void **state)
{
    (void)state;
    /* a long history makes a record longer than 127 bytes: a two-byte length */
    Thidua__V1__Record *recs[] = {task_record("T-1", 1), task_record("T-22", 40)};
    ProtobufCBinaryData packed[] = {pack_record(recs[0]), pack_record(recs[1])};
    char *changed[] = {"progress", "", "history"};
    Thidua__V1__Event ev = THIDUA__V1__EVENT__INIT;
    ev.revision = 300;
    ev.time_ms = 1764000000000;
    ev.actor = "vhttdl";
    ev.request_id = "r-1";
    ev.kind = "task.report";
    ev.records = recs;
    ev.n_records = 2;
    ev.changed = changed;
    ev.n_changed = 3;
    size_t want_len = thidua__v1__event__get_packed_size(&ev), len = 0;
    uint8_t *want = malloc(want_len);
    thidua__v1__event__pack(&ev, want);
    for (size_t n = 0; n <= 2; n++) { /* also with no records, one, no changed fields */
        ev.n_records = n;
        ev.n_changed = n == 1 ? 0 : 3;
        size_t wl = thidua__v1__event__get_packed_size(&ev);
        uint8_t *w = malloc(wl);
        thidua__v1__event__pack(&ev, w);
        uint8_t *got = packed_event(&ev, packed, n, changed, ev.n_changed, &len);
        assert_int_equal(len, wl);
        assert_memory_equal(got, w, wl);
        free(got);
        free(w);
    }
    assert_true(want_len > 0);
    free(want);
    for (int i = 0; i < 2; i++) {
        free(packed[i].data);
        free_task(recs[i]);
    }
}

static void response_matches_protobuf_c(void **state)
{
    (void)state;
    Thidua__V1__Record *rec = task_record("T-7", 30);
    ProtobufCBinaryData packed = pack_record(rec);
    Thidua__V1__Status st = THIDUA__V1__STATUS__INIT;
    Thidua__V1__Response resp = THIDUA__V1__RESPONSE__INIT;
    resp.request_id = "r-9";
    resp.status = &st;
    resp.revision = 123456;
    size_t len = 0;
    uint8_t *got = packed_response(&resp, &packed, &len);
    resp.body_case = THIDUA__V1__RESPONSE__BODY_RECORD;
    resp.record = rec;
    size_t want_len = thidua__v1__response__get_packed_size(&resp);
    uint8_t *want = malloc(want_len);
    thidua__v1__response__pack(&resp, want);
    assert_int_equal(len, want_len);
    assert_memory_equal(got, want, want_len);
    free(got);
    free(want);
    free(packed.data);
    free_task(rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(event_matches_protobuf_c),
        cmocka_unit_test(response_matches_protobuf_c),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
