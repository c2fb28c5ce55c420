/* The import request against a real thidua-server, below the CLI: what a
 * client of its own may send. Two rows with one key, too many rows, a row
 * of a kind the role may not import: refused whole, every row's error
 * listed by line, nothing written. A task created one by one imports back
 * by its id; a used ref is refused; a retried import takes effect once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "congress.h"
#include "thd_limits.h"

#define REQ(b) THIDUA__V1__REQUEST__BODY_##b
#define ROW(b) THIDUA__V1__IMPORT_ROW__RECORD_##b

static cg_world_t w;

/* A request of n rows; rows[i] are filled by the caller. */
typedef struct batch {
    Thidua__V1__Request req;
    Thidua__V1__ImportRequest body;
    Thidua__V1__ImportRow **rows;
    Thidua__V1__Unit *units;
    Thidua__V1__Task *tasks;
} batch_t;

static void batch_init(batch_t *b, size_t n)
{
    memset(b, 0, sizeof *b);
    thidua__v1__request__init(&b->req);
    thidua__v1__import_request__init(&b->body);
    b->req.body_case = REQ(IMPORT);
    b->req.import = &b->body;
    b->rows = calloc(n, sizeof *b->rows);
    b->units = calloc(n, sizeof *b->units);
    b->tasks = calloc(n, sizeof *b->tasks);
    assert_non_null(b->rows);
    b->body.rows = b->rows;
    b->body.n_rows = n;
    for (size_t i = 0; i < n; i++) {
        b->rows[i] = calloc(1, sizeof **b->rows);
        thidua__v1__import_row__init(b->rows[i]);
        b->rows[i]->line = (uint32_t)i + 2;
    }
}

static void batch_free(batch_t *b)
{
    for (size_t i = 0; i < b->body.n_rows; i++)
        free(b->rows[i]);
    free(b->rows);
    free(b->units);
    free(b->tasks);
}

static void unit_row(batch_t *b, size_t i, const char *code, const char *name)
{
    Thidua__V1__Unit *u = &b->units[i];
    thidua__v1__unit__init(u);
    u->code = (char *)code;
    u->name = (char *)name;
    u->kind = THIDUA__V1__UNIT_KIND__UNIT_KIND_DISTRICT;
    b->rows[i]->record_case = ROW(UNIT);
    b->rows[i]->unit = u;
}

static void task_row(batch_t *b, size_t i, const char *ref, const char *title)
{
    Thidua__V1__Task *t = &b->tasks[i];
    thidua__v1__task__init(t);
    t->ref = (char *)ref;
    t->title = (char *)title;
    t->lead_unit = CG_UNIT_CODE;
    t->deadline = "2030-10-01";
    t->kind = THIDUA__V1__TASK_KIND__TASK_KIND_WORK;
    t->phase = THIDUA__V1__PHASE__PHASE_BEFORE;
    b->rows[i]->record_case = ROW(TASK);
    b->rows[i]->task = t;
}

static int send(thd_client_t *c, batch_t *b, Thidua__V1__Response **resp)
{
    return cg_call(c, &b->req, resp);
}

static void a_key_twice_is_refused_on_its_second_row(void **state)
{
    (void)state;
    unsigned long long rev = th_revision(w.c[CG_ADMIN]);
    batch_t b;
    batch_init(&b, 3);
    unit_row(&b, 0, "H-A", "Huyện A");
    unit_row(&b, 1, "H-B", "Huyện B");
    unit_row(&b, 2, "H-A", "Huyện A lần hai");
    b.rows[2]->line = 0; /* unnumbered: its index + 1 */
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(send(w.c[CG_ADMIN], &b, &resp), THD_INVALID_ARGUMENT);
    assert_non_null(resp);
    assert_int_equal(resp->body_case, THIDUA__V1__RESPONSE__BODY_IMPORT);
    assert_int_equal(resp->import->n_errors, 1);
    assert_int_equal(resp->import->errors[0]->line, 3);
    assert_string_equal(resp->import->errors[0]->column, "code");
    assert_non_null(strstr(resp->import->errors[0]->reason, "line 2"));
    assert_int_equal(resp->import->created, 0);
    assert_int_equal(resp->import->n_ids, 0);
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), rev);
    batch_free(&b);
}

static void more_rows_than_the_limit_are_refused_before_any_runs(void **state)
{
    (void)state;
    unsigned long long rev = th_revision(w.c[CG_ADMIN]);
    batch_t b;
    size_t n = THD_MAX_IMPORT_ROWS + 1;
    batch_init(&b, n);
    char(*codes)[16] = calloc(n, sizeof *codes);
    for (size_t i = 0; i < n; i++) {
        snprintf(codes[i], sizeof codes[i], "X-%zu", i);
        unit_row(&b, i, codes[i], "Đơn vị");
    }
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(send(w.c[CG_ADMIN], &b, &resp), THD_INVALID_ARGUMENT);
    assert_non_null(resp);
    assert_string_equal(resp->status->field, "rows");
    assert_non_null(strstr(resp->status->message, "4000"));
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), rev);
    free(codes);
    batch_free(&b);
}

static void a_row_the_role_may_not_import_refuses_the_whole_request(void **state)
{
    (void)state;
    unsigned long long rev = th_revision(w.c[CG_ADMIN]);
    batch_t b;
    batch_init(&b, 2);
    unit_row(&b, 0, "H-C", "Huyện C");
    task_row(&b, 1, "KH-9", "Kế hoạch");
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(send(w.c[CG_ADMIN], &b, &resp), THD_PERMISSION_DENIED);
    assert_int_equal(resp->import->n_errors, 1);
    assert_int_equal(resp->import->errors[0]->line, 3);
    assert_int_equal(resp->import->errors[0]->code, THD_PERMISSION_DENIED);
    thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), rev); /* the unit row is rolled back too */
    batch_free(&b);
}

static void a_task_made_one_by_one_imports_back_by_its_id(void **state)
{
    (void)state;
    char id[32];
    assert_int_equal(cg_task_create(w.c[CG_OFFICE], "Tổng kết", "2030-10-01",
                                    THIDUA__V1__TASK_KIND__TASK_KIND_WORK, id),
                     THD_OK);
    Thidua__V1__Response *got = NULL;
    const Thidua__V1__Task *t = cg_task_get(w.c[CG_OFFICE], id, &got);
    assert_non_null(t);
    batch_t b;
    batch_init(&b, 1);
    task_row(&b, 0, id, "Tổng kết"); /* export writes the id as ref */
    b.tasks[0].phase = t->phase;
    b.tasks[0].deadline = t->deadline;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(send(w.c[CG_OFFICE], &b, &resp), THD_OK);
    assert_int_equal(resp->import->unchanged, 1);
    assert_int_equal(resp->import->n_ids, 1);
    assert_string_equal(resp->import->ids[0], id);
    thidua__v1__response__free_unpacked(resp, NULL);
    thidua__v1__response__free_unpacked(got, NULL);
    batch_free(&b);
}

static void a_used_ref_is_refused_to_task_create(void **state)
{
    (void)state;
    batch_t b;
    batch_init(&b, 1);
    task_row(&b, 0, "KH-REF", "Kế hoạch có ref");
    assert_int_equal(send(w.c[CG_OFFICE], &b, NULL), THD_OK);
    Thidua__V1__TaskCreate body = THIDUA__V1__TASK_CREATE__INIT;
    body.task = &b.tasks[0];
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_CREATE);
    req.task_create = &body;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(cg_call(w.c[CG_OFFICE], &req, &resp), THD_ALREADY_EXISTS);
    assert_string_equal(resp->status->field, "task.ref");
    thidua__v1__response__free_unpacked(resp, NULL);
    batch_free(&b);
}

static void a_retried_import_takes_effect_once(void **state)
{
    (void)state;
    batch_t b;
    batch_init(&b, 2);
    unit_row(&b, 0, "H-R1", "Huyện R1");
    unit_row(&b, 1, "H-R2", "Huyện R2");
    b.req.request_id = "import-retry-1";
    unsigned long long rev = th_revision(w.c[CG_ADMIN]);
    Thidua__V1__Response *first = NULL, *again = NULL;
    thd_status_t st = {0};
    assert_int_equal(thd_call(w.c[CG_ADMIN], &b.req, &first, &st), THD_OK);
    assert_int_equal(first->import->created, 2);
    assert_int_equal(thd_call(w.c[CG_ADMIN], &b.req, &again, &st), THD_OK);
    assert_int_equal(again->import->created, 2); /* the first answer, kept */
    assert_int_equal(again->revision, first->revision);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), rev + 2); /* one entry per unit */
    thidua__v1__response__free_unpacked(first, NULL);
    thidua__v1__response__free_unpacked(again, NULL);
    batch_free(&b);
}

CG_GROUP_FIXTURES(w)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_key_twice_is_refused_on_its_second_row),
        cmocka_unit_test(more_rows_than_the_limit_are_refused_before_any_runs),
        cmocka_unit_test(a_row_the_role_may_not_import_refuses_the_whole_request),
        cmocka_unit_test(a_task_made_one_by_one_imports_back_by_its_id),
        cmocka_unit_test(a_used_ref_is_refused_to_task_create),
        cmocka_unit_test(a_retried_import_takes_effect_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
