/* The import request against a real thidua-server, below the CLI: what a
 * client of its own may send. Two rows with one key, too many rows, a row
 * of a kind the role may not import: refused whole, every row's error
 * listed by line, nothing written; who may import a kind is who the
 * dispatch row of the request its rows run as lets through, refused with
 * that row's roles. A task created one by one imports back
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
    Thidua__V1__Nominee *nominees;
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
    b->nominees = calloc(n, sizeof *b->nominees);
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
    free(b->nominees);
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

static void nominee_row(batch_t *b, size_t i, const char *ref, const char *unit)
{
    Thidua__V1__Nominee *n = &b->nominees[i];
    thidua__v1__nominee__init(n);
    n->ref = (char *)ref;
    n->name = "Nguyễn Văn B";
    n->field = THIDUA__V1__FIELD__FIELD_CULTURE;
    n->kind = THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL;
    n->achievements = "Hoàn thành xuất sắc nhiệm vụ";
    n->proposing_unit = (char *)unit;
    b->rows[i]->record_case = ROW(NOMINEE);
    b->rows[i]->nominee = n;
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

/* The single request a row of kind k first runs as (unit.add, task.create,
 * nominee.create), sent by actor: the roles its dispatch row names when it
 * refuses the actor's role, "" when the role passes. The requests write
 * nothing that matters here: the unit exists, the lead unit does not. */
static void single_request_roles(int actor, int k, char roles[64])
{
    batch_t b;
    batch_init(&b, 1);
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    Thidua__V1__UnitAdd ua = THIDUA__V1__UNIT_ADD__INIT;
    Thidua__V1__TaskCreate tc = THIDUA__V1__TASK_CREATE__INIT;
    Thidua__V1__NomineeCreate nc = THIDUA__V1__NOMINEE_CREATE__INIT;
    if (k == ROW(UNIT)) {
        unit_row(&b, 0, CG_UNIT_CODE, "Sở");
        ua.unit = b.rows[0]->unit;
        req.body_case = REQ(UNIT_ADD);
        req.unit_add = &ua;
    } else if (k == ROW(TASK)) {
        task_row(&b, 0, "", "Kế hoạch thăm dò");
        b.tasks[0].lead_unit = "H-KHONGCO";
        tc.task = b.rows[0]->task;
        req.body_case = REQ(TASK_CREATE);
        req.task_create = &tc;
    } else {
        nominee_row(&b, 0, "", "");
        nc.nominee = b.rows[0]->nominee;
        req.body_case = REQ(NOMINEE_CREATE);
        req.nominee_create = &nc;
    }
    Thidua__V1__Response *resp = NULL;
    cg_call(w.c[actor], &req, &resp);
    assert_non_null(resp);
    bool denied = strcmp(resp->status->reason, "request.role_denied") == 0;
    snprintf(roles, 64, "%s", denied ? resp->status->params[1] : "");
    thidua__v1__response__free_unpacked(resp, NULL);
    batch_free(&b);
}

/* Who may import a kind is decided by the dispatch row of the request its
 * rows run as, not by a table of import's own: every role that row refuses
 * is refused the row, named with exactly that row's roles; every role it
 * lets through may import (a dry run). An admin may also import nominees,
 * acting for the row's unit. */
static void each_row_kind_is_refused_as_its_dispatch_row_refuses(void **state)
{
    (void)state;
    static const struct {
        int row;
        const char *name;
    } kinds[] = {{ROW(UNIT), "unit"}, {ROW(TASK), "task"}, {ROW(NOMINEE), "nominee"}};
    static const int actors[] = {CG_ADMIN, CG_OFFICE, CG_UNIT};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (size_t a = 0; a < sizeof actors / sizeof actors[0]; a++) {
            char roles[64], expect[80];
            single_request_roles(actors[a], kinds[k].row, roles);
            bool acts_for = kinds[k].row == ROW(NOMINEE) && actors[a] == CG_ADMIN;
            snprintf(expect, sizeof expect, "%s%s", kinds[k].row == ROW(NOMINEE) ? "admin|" : "",
                     roles);
            batch_t b;
            batch_init(&b, 1);
            b.body.dry_run = true;
            if (kinds[k].row == ROW(UNIT))
                unit_row(&b, 0, "H-THU", "Huyện thử");
            else if (kinds[k].row == ROW(TASK))
                task_row(&b, 0, "KH-THU", "Kế hoạch thử");
            else
                nominee_row(&b, 0, "DC-THU", CG_UNIT_CODE);
            Thidua__V1__Response *resp = NULL;
            int rc = send(w.c[actors[a]], &b, &resp);
            if (!*roles || acts_for) {
                assert_int_equal(rc, THD_OK);
            } else {
                assert_int_equal(rc, THD_PERMISSION_DENIED);
                const Thidua__V1__ImportError *e = resp->import->errors[0];
                assert_string_equal(e->reason_id, "import.role_denied");
                assert_int_equal(e->n_params, 3);
                assert_string_equal(e->params[0], kinds[k].name);
                assert_string_equal(e->params[1], expect);
            }
            thidua__v1__response__free_unpacked(resp, NULL);
            batch_free(&b);
        }
}

CG_GROUP_FIXTURES(w)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_key_twice_is_refused_on_its_second_row),
        cmocka_unit_test(more_rows_than_the_limit_are_refused_before_any_runs),
        cmocka_unit_test(a_row_the_role_may_not_import_refuses_the_whole_request),
        cmocka_unit_test(each_row_kind_is_refused_as_its_dispatch_row_refuses),
        cmocka_unit_test(a_task_made_one_by_one_imports_back_by_its_id),
        cmocka_unit_test(a_used_ref_is_refused_to_task_create),
        cmocka_unit_test(a_retried_import_takes_effect_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
