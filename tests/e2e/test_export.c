/* thidua export against a real broker: a seeded congress exported as JSON,
 * CSV and XLSX; the JSON checked here (counts, the revision `status`
 * reports, overdue), the CSV and the XLSX by check_export.py with a real
 * CSV parser and openpyxl; then exports taken while a writer keeps
 * creating tasks each hold exactly the tasks their stamped revision holds. */
#include <jansson.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "congress.h"

#define REQ(b)   THIDUA__V1__REQUEST__BODY_##b
#define NS(x)    THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x
#define FIELD(x) THIDUA__V1__FIELD__FIELD_##x
#define NKIND(x) THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_##x
#define PYTHON   "/usr/bin/python3" /* Debian's, with python3-openpyxl */
#define WRITES   1500               /* most tasks the concurrent writer creates */
#define PREFILL  250                /* enough for the snapshot to take several pages */
#define EXPORTS  3

static cg_world_t w;
static char out[400]; /* the export directory */

/* Runs `thidua` as the admin with the given arguments; returns its exit
 * status. stderr goes to OUT/stderr. */
static int thidua(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int thidua(const char *fmt, ...)
{
    char args[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    return th_sh("cd %s && env -u LANG -u LC_ALL -u LC_MESSAGES THIDUA_SERVER=%s "
                 "THIDUA_SERVER_KEY=%s THIDUA_KEY=%s timeout 120 %s/thidua %s 2>%s/stderr",
                 out, w.srv.requests, w.srv.server_pub, w.srv.admin_key, THIDUA_BIN_DIR, args, out);
}

static int create_task(thd_client_t *c, const char *title, const char *description,
                       const char *deadline, char id[32], uint64_t *revision)
{
    char *support[] = {CG_OTHER_CODE};
    Thidua__V1__Task t = THIDUA__V1__TASK__INIT;
    t.title = (char *)title;
    t.description = (char *)description;
    t.kind = THIDUA__V1__TASK_KIND__TASK_KIND_DOCUMENT;
    t.phase = THIDUA__V1__PHASE__PHASE_BEFORE;
    t.lead_unit = CG_UNIT_CODE;
    t.support_units = support;
    t.n_support_units = 1;
    t.deadline = (char *)deadline;
    Thidua__V1__TaskCreate body = THIDUA__V1__TASK_CREATE__INIT;
    body.task = &t;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_CREATE);
    req.task_create = &body;
    Thidua__V1__Response *resp = NULL;
    int rc = cg_call(c, &req, &resp);
    if (rc == 0 && id)
        snprintf(id, 32, "%s", resp->record->id);
    if (rc == 0 && revision)
        *revision = resp->revision;
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

/* A progress report that carries a file: the reports sheet names it. */
static int report_with_file(thd_client_t *c, const char *id)
{
    static const char pdf[] = "%PDF-1.4 bản báo cáo tiến độ";
    char sha[65];
    Thidua__V1__Attachment a;
    cg_attachment(&a, pdf, sizeof pdf - 1, sha);
    Thidua__V1__TaskReport body = THIDUA__V1__TASK_REPORT__INIT;
    body.id = (char *)id;
    body.percent = 80;
    body.text = "Gửi bản thảo";
    body.attachment = &a;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_REPORT);
    req.task_report = &body;
    return cg_call(c, &req, NULL);
}

/* Three tasks (one overdue, with text that needs CSV quoting), four
 * reports (one with a file), five nominees over three (field, kind) pairs,
 * one with an opinion and a settled complaint, two quotas. */
static int setup(void **state)
{
    (void)state;
    cg_setup(&w);
    snprintf(out, sizeof out, "%s/out", w.srv.dir);
    assert_int_equal(mkdir(out, 0700), 0);
    thd_client_t *o = w.c[CG_OFFICE], *u = w.c[CG_UNIT];
    char id[32];
    assert_int_equal(cg_quota_set(w.c[CG_ADMIN], FIELD(CULTURE), NKIND(INDIVIDUAL), 2, 0), 0);
    assert_int_equal(cg_quota_set(w.c[CG_ADMIN], FIELD(ECONOMY), NKIND(COLLECTIVE), 1, 0), 0);
    assert_int_equal(create_task(o, "Báo cáo \"tổng kết\", giai đoạn 2016–2020",
                                 "Dòng một\nDòng hai, có dấu phẩy", "2020-01-15", id, NULL),
                     0);
    assert_int_equal(cg_task_report(u, id, 30, "Đã có dàn ý, đang viết"), 0);
    assert_int_equal(cg_task_report(u, id, 60, "Xong phần 1; \"chờ\" số liệu"), 0);
    assert_int_equal(report_with_file(u, id), 0);
    assert_int_equal(create_task(o, "Phim tài liệu", "", "2099-12-31", NULL, NULL), 0);
    cg_task_in(&w, THIDUA__V1__TASK_STATUS__TASK_STATUS_ACCEPTED, id);
    cg_nominee_in(&w, NS(SELECTED), FIELD(CULTURE), NKIND(INDIVIDUAL), id);
    cg_nominee_in(&w, NS(PROPOSED), FIELD(CULTURE), NKIND(INDIVIDUAL), id);
    cg_nominee_in(&w, NS(VETTING), FIELD(ECONOMY), NKIND(COLLECTIVE), id);
    assert_int_equal(cg_nominee_opinion(o, id, "Công an tỉnh"), 0);
    assert_int_equal(cg_nominee_verb(o, REQ(NOMINEE_DISCLOSURE_OPEN), id, ""), 0);
    assert_int_equal(cg_nominee_complaint(o, id, "Đơn phản ánh về thành tích"), 0);
    assert_int_equal(cg_nominee_resolve(o, id, 1, "Đã xác minh, không có cơ sở"), 0);
    cg_nominee_in(&w, NS(DRAFT), FIELD(SOCIETY), NKIND(INDIVIDUAL), id);
    /* "Trần Thị Bích" typed decomposed (NFD): the export must carry NFC */
    assert_int_equal(cg_nominee_create(u,
                                       "Tra\xcc\x82\xcc\x80n Thi\xcc\xa3 Bi\xcc\x81"
                                       "ch",
                                       FIELD(SOCIETY), NKIND(INDIVIDUAL), id),
                     0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cg_teardown(&w);
    return 0;
}

static json_t *load(const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", out, name);
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    if (!j)
        fail_msg("%s: %s (line %d)", path, err.text, err.line);
    return j;
}

static size_t count(json_t *root, const char *kind)
{
    json_t *a = json_object_get(root, kind);
    return json_is_array(a) ? json_array_size(a) : (size_t)-1;
}

static void json_export_holds_every_record_at_the_status_revision(void **state)
{
    (void)state;
    unsigned long long rev = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(thidua("export all -o all.json"), 0);
    json_t *j = load("all.json");
    assert_int_equal(json_integer_value(json_object_get(j, "revision")), rev);
    assert_non_null(json_string_value(json_object_get(j, "exported_at")));
    assert_int_equal(count(j, "tasks"), 3);
    assert_int_equal(count(j, "nominees"), 5);
    assert_int_equal(count(j, "reports"), 4); /* three on the first task, one on the accepted */
    json_t *first = json_array_get(json_object_get(j, "tasks"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "id")), "T-1");
    assert_true(json_is_true(json_object_get(first, "overdue")));
    /* a task exports with its whole history (create and three reports),
     * read from its history records */
    assert_true(json_array_size(json_object_get(first, "history")) >= 4);
    json_t *report = json_array_get(json_object_get(j, "reports"), 1);
    assert_string_equal(json_string_value(json_object_get(report, "task")), "T-1");
    assert_int_equal(json_integer_value(json_object_get(report, "percent")), 60);
    json_decref(j);
}

static void one_kind_exports_only_that_kind(void **state)
{
    (void)state;
    assert_int_equal(thidua("export nominees --format json > nominees.json"), 0);
    json_t *j = load("nominees.json");
    assert_int_equal(count(j, "nominees"), 5);
    assert_null(json_object_get(j, "tasks"));
    json_decref(j);
}

static void unit_filter_keeps_that_units_records(void **state)
{
    (void)state;
    assert_int_equal(thidua("export all --unit %s -o other.json", CG_OTHER_CODE), 0);
    json_t *j = load("other.json");
    assert_int_equal(count(j, "tasks"), 2); /* H-NINHHAI supports the two made here */
    assert_int_equal(count(j, "nominees"), 0);
    json_decref(j);
}

static void csv_and_xlsx_read_back_as_the_json_says(void **state)
{
    (void)state;
    assert_int_equal(thidua("export all --format csv -o csv"), 0);
    assert_int_equal(thidua("export tasks --no-bom -o tasks-nobom.csv"), 0);
    assert_int_equal(thidua("export all -o all.xlsx"), 0);
    assert_int_equal(thidua("--lang en export all -o all-en.xlsx"), 0);
    assert_int_equal(th_sh("%s %s/check_export.py %s", PYTHON, THIDUA_TEST_DIR, out), 0);
}

static void revision_is_on_stderr_for_csv(void **state)
{
    (void)state;
    unsigned long long rev = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(thidua("--json export tasks -o t.csv"), 0);
    json_t *j = load("stderr");
    assert_int_equal(json_integer_value(json_object_get(j, "revision")), rev);
    assert_int_equal(json_integer_value(json_object_get(j, "tasks")), 3);
    assert_null(json_object_get(j, "nominees")); /* only what was exported is counted */
    json_decref(j);
}

static void bad_requests_are_refused_and_write_nothing(void **state)
{
    (void)state;
    assert_int_equal(thidua("export people"), 2);
    assert_int_equal(thidua("export tasks --format xml"), 2);
    assert_int_equal(thidua("export tasks --format xlsx"), 2); /* XLSX needs a file */
    assert_int_equal(thidua("export all --format csv"), 2);    /* three files need a dir */
    assert_int_equal(thidua("export tasks -o x.pdf"), 2);      /* not a format it writes */
    assert_int_equal(th_sh("grep -q 'json, csv' %s/stderr", out), 0);
    assert_int_equal(thidua("export all -o all.csv"), 2); /* CSV of all is a folder */
    assert_int_equal(th_sh("test -e %s/all.csv", out), 1);
    assert_int_equal(thidua("export tasks --format xlsx --labels -o t.xlsx"), 2);
    assert_int_equal(thidua("export tasks -o missing/t.csv"), 4); /* no such folder */
    assert_int_equal(th_sh("test -e %s/missing", out), 1);
    assert_int_equal(th_sh("grep -q 'missing/t.csv' %s/stderr", out), 0);
    /* a folder it may not write to: as root every folder is writable, so a
     * user without rights runs it (setpriv), with a copy of the key */
    if (geteuid() == 0) {
        assert_int_equal(th_sh("mkdir -p %s/ro && chmod 0555 %s/ro && cp %s %s/ro.key && "
                               "chown 65534 %s/ro.key && chmod 0755 %s %s && chmod 0644 %s",
                               out, out, w.srv.admin_key, out, out, w.srv.dir, out,
                               w.srv.server_pub),
                         0);
        assert_int_equal(th_sh("cd %s && env -u LANG -u LC_ALL THIDUA_SERVER=%s "
                               "THIDUA_SERVER_KEY=%s THIDUA_KEY=%s/ro.key timeout 60 setpriv "
                               "--reuid=65534 --regid=65534 --clear-groups %s/thidua --lang en "
                               "export tasks -o ro/t.xlsx 2>%s/stderr",
                               out, w.srv.requests, w.srv.server_pub, out, THIDUA_BIN_DIR, out),
                         5);
    } else {
        assert_int_equal(th_sh("mkdir -p %s/ro && chmod 0555 %s/ro", out, out), 0);
        assert_int_equal(thidua("--lang en export tasks -o ro/t.xlsx"), 5);
    }
    assert_int_equal(
        th_sh("grep -q \"cannot write 'ro/t.xlsx': you may not read or write there\" %s/stderr", out), 0);
    assert_int_equal(th_sh("test -e %s/ro/t.xlsx", out), 1);
}

/* On a terminal (script(1) gives one) the pages read are shown on
 * stderr; in a pipe, only the summary line. */
static void progress_shows_on_a_terminal_only(void **state)
{
    (void)state;
    assert_int_equal(thidua("export tasks -o p.json"), 0);
    assert_int_equal(th_sh("grep -q 'reading the snapshot' %s/stderr", out), 1);
    assert_int_equal(th_sh("cd %s && script -qec \"env -u LANG -u LC_ALL THIDUA_SERVER=%s "
                           "THIDUA_SERVER_KEY=%s THIDUA_KEY=%s %s/thidua --lang en export "
                           "tasks -o p-tty.json\" /dev/null > tty.out",
                           out, w.srv.requests, w.srv.server_pub, w.srv.admin_key, THIDUA_BIN_DIR),
                     0);
    assert_int_equal(th_sh("grep -q 'reading the snapshot: 1 pages, ' %s/tty.out", out), 0);
}

/* The concurrent writer: creates tasks, noting each one's revision. */
struct writer {
    thd_client_t *c;
    uint64_t revs[WRITES];
    int n;    /* written by the writer only */
    int stop; /* set by the test thread */
};

static void *write_loop(void *arg)
{
    struct writer *wr = arg;
    while (!__atomic_load_n(&wr->stop, __ATOMIC_ACQUIRE) && wr->n < WRITES) {
        char title[64];
        uint64_t rev = 0;
        snprintf(title, sizeof title, "Nhiệm vụ tải %d", wr->n);
        if (create_task(wr->c, title, "", "2099-12-31", NULL, &rev) != 0)
            break;
        wr->revs[wr->n] = rev;
        __atomic_store_n(&wr->n, wr->n + 1, __ATOMIC_RELEASE);
    }
    return NULL;
}

/* Every task with a revision at or below the export's is in it; none after. */
static void check_consistent(const char *name, size_t base, const struct writer *wr, int *mid)
{
    json_t *j = load(name);
    uint64_t rev = (uint64_t)json_integer_value(json_object_get(j, "revision"));
    size_t want = base;
    for (int i = 0; i < wr->n; i++)
        want += wr->revs[i] <= rev;
    assert_int_equal(count(j, "tasks"), want);
    json_t *t;
    size_t i;
    json_array_foreach(json_object_get(j, "tasks"), i, t)
    {
        json_t *meta = json_object_get(t, "meta");
        assert_true((uint64_t)json_integer_value(json_object_get(meta, "mod_revision")) <= rev);
    }
    *mid += want > base + PREFILL && want < base + (size_t)wr->n;
    json_decref(j);
}

static void exports_during_writes_match_their_revision(void **state)
{
    (void)state;
    assert_int_equal(thidua("export tasks -o before.json"), 0);
    json_t *j = load("before.json");
    size_t base = count(j, "tasks");
    json_decref(j);
    char key[400], path[340];
    snprintf(key, sizeof key, "%s.key", th_path(&w.srv, "tt-tdkt", path, sizeof path));
    struct writer *wr = calloc(1, sizeof *wr);
    assert_non_null(wr);
    wr->c = th_client(&w.srv, key, THD_SOCKET_DEALER, 10000, 2);
    pthread_t tid;
    assert_int_equal(pthread_create(&tid, NULL, write_loop, wr), 0);
    for (int i = 0; i < 6000 && __atomic_load_n(&wr->n, __ATOMIC_ACQUIRE) < PREFILL; i++)
        th_sleep_ms(10); /* bounded: the writer may stop early, checked below */
    int rcs[EXPORTS];
    for (int i = 0; i < EXPORTS; i++)
        rcs[i] = thidua("export tasks -o during-%d.json", i);
    __atomic_store_n(&wr->stop, 1, __ATOMIC_RELEASE);
    pthread_join(tid, NULL);
    thd_client_destroy(&wr->c);
    assert_true(wr->n >= PREFILL);
    int mid = 0;
    for (int i = 0; i < EXPORTS; i++) {
        char name[32];
        assert_int_equal(rcs[i], 0);
        snprintf(name, sizeof name, "during-%d.json", i);
        check_consistent(name, base, wr, &mid);
    }
    print_message("exports taken while writes went on: %d of %d (writer made %d tasks)\n", mid,
                  EXPORTS, wr->n);
    free(wr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_export_holds_every_record_at_the_status_revision),
        cmocka_unit_test(one_kind_exports_only_that_kind),
        cmocka_unit_test(unit_filter_keeps_that_units_records),
        cmocka_unit_test(csv_and_xlsx_read_back_as_the_json_says),
        cmocka_unit_test(revision_is_on_stderr_for_csv),
        cmocka_unit_test(bad_requests_are_refused_and_write_nothing),
        cmocka_unit_test(progress_shows_on_a_terminal_only),
        cmocka_unit_test(exports_during_writes_match_their_revision),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
