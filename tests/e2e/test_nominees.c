/* Nominees against a real thidua-server: every transition allowed and
 * forbidden, what recommend needs, quotas and the per-unit proposal cap,
 * NFC/NFD names, bad input that changes nothing, and a record kept before
 * a rule (written as it was with thidua-set-field). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "congress.h"
#include "thd_limits.h"

#define REQ(b)     THIDUA__V1__REQUEST__BODY_##b
#define NS(x)      THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x
#define MET        THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET
#define ECONOMY    THIDUA__V1__FIELD__FIELD_ECONOMY
#define SOCIETY    THIDUA__V1__FIELD__FIELD_SOCIETY
#define CULTURE    THIDUA__V1__FIELD__FIELD_CULTURE
#define COLLECTIVE THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE
#define INDIVIDUAL THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL

static cg_world_t w;

enum { V_PROPOSE, V_WITHDRAW, V_RETURN, V_START, V_RECOMMEND, V_SELECT, V_REJECT, N_VERBS };
static const char *const verbs[] = {"propose",   "withdraw", "return", "start_vetting",
                                    "recommend", "select",   "reject"};

static int verb(int v, const char *id)
{
    thd_client_t *u = w.c[CG_UNIT], *o = w.c[CG_OFFICE], *c = w.c[CG_CHAIR];
    switch (v) {
    case V_PROPOSE:
        return cg_nominee_verb(u, REQ(NOMINEE_PROPOSE), id, "");
    case V_WITHDRAW:
        return cg_nominee_verb(u, REQ(NOMINEE_WITHDRAW), id, "");
    case V_RETURN:
        return cg_nominee_verb(o, REQ(NOMINEE_RETURN), id, "bổ sung hồ sơ");
    case V_START:
        return cg_nominee_verb(o, REQ(NOMINEE_START_VETTING), id, "");
    case V_RECOMMEND:
        return cg_nominee_verb(o, REQ(NOMINEE_RECOMMEND), id, "");
    case V_SELECT:
        return cg_nominee_decide(c, id, true, "");
    default:
        return cg_nominee_decide(c, id, false, "chưa tiêu biểu");
    }
}

static void every_nominee_transition_is_allowed_or_refused_as_the_table_says(void **state)
{
    (void)state;
    static const struct {
        int from;
        int to[N_VERBS]; /* status after each verb, -1: FAILED_PRECONDITION */
    } rows[] = {
        {NS(DRAFT), {NS(PROPOSED), NS(WITHDRAWN), -1, -1, -1, -1, -1}},
        {NS(PROPOSED), {-1, NS(WITHDRAWN), NS(DRAFT), NS(VETTING), -1, -1, -1}},
        {NS(VETTING), {-1, NS(WITHDRAWN), NS(DRAFT), -1, NS(VETTED), -1, -1}},
        {NS(VETTED), {-1, -1, -1, -1, -1, NS(SELECTED), NS(REJECTED)}},
        {NS(SELECTED), {-1, -1, -1, -1, -1, -1, -1}},
        {NS(REJECTED), {-1, -1, -1, -1, -1, -1, -1}},
        {NS(WITHDRAWN), {-1, -1, -1, -1, -1, -1, -1}},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        for (int v = 0; v < N_VERBS; v++) {
            char id[32];
            if (rows[r].from == NS(VETTING))
                cg_nominee_ready(&w, SOCIETY, COLLECTIVE, id); /* so recommend may go */
            else
                cg_nominee_in(&w, rows[r].from, SOCIETY, COLLECTIVE, id);
            unsigned long long before = th_revision(w.c[CG_ADMIN]);
            int rc = verb(v, id);
            int want = rows[r].to[v] < 0 ? THD_FAILED_PRECONDITION : THD_OK;
            if (rc != want)
                fail_msg("%s from status %d: got %d, expected %d", verbs[v], rows[r].from, rc,
                         want);
            int now = cg_nominee_status(w.c[CG_OBSERVER], id);
            assert_int_equal(now, rows[r].to[v] < 0 ? rows[r].from : rows[r].to[v]);
            if (rc)
                assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
        }
}

static void recommend_names_what_is_missing_until_vetting_is_complete(void **state)
{
    (void)state;
    char id[32];
    thd_client_t *o = w.c[CG_OFFICE];
    cg_nominee_in(&w, NS(VETTING), CULTURE, INDIVIDUAL, id);
    Thidua__V1__NomineeVerb body = THIDUA__V1__NOMINEE_VERB__INIT;
    body.id = id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_RECOMMEND);
    req.nominee_recommend = &body;
    req.request_id = "";
    thd_status_t st;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(thd_call(o, &req, &resp, &st), THD_FAILED_PRECONDITION);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    resp = NULL;
    assert_non_null(strstr(st.message, "criterion TC1 not checked met"));
    assert_non_null(strstr(st.message, "disclosure window is not opened yet"));
    assert_null(strstr(st.message, "TC2")); /* not mandatory */
    assert_int_equal(cg_nominee_check(o, id, "TC1", MET), THD_OK);
    assert_int_equal(cg_nominee_opinion(o, id, "Công an tỉnh"), THD_OK);
    assert_int_equal(cg_nominee_verb(o, REQ(NOMINEE_DISCLOSURE_OPEN), id, ""), THD_OK);
    assert_int_equal(cg_nominee_complaint(o, id, "Đơn phản ánh về thành tích"), THD_OK);
    assert_int_equal(cg_nominee_verb(o, REQ(NOMINEE_DISCLOSURE_CLOSE), id, ""), THD_OK);
    req.request_id = "";
    assert_int_equal(thd_call(o, &req, &resp, &st), THD_FAILED_PRECONDITION);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    resp = NULL;
    assert_non_null(strstr(st.message, "complaint 1 is open"));
    assert_int_equal(cg_nominee_resolve(o, id, 1, "Đã xác minh: không có cơ sở"), THD_OK);
    assert_int_equal(cg_nominee_resolve(o, id, 1, "lần hai"), THD_FAILED_PRECONDITION);
    assert_int_equal(cg_nominee_verb(o, REQ(NOMINEE_RECOMMEND), id, ""), THD_OK);
    assert_int_equal(cg_nominee_status(o, id), NS(VETTED));
}

/* A nominee's history is records of its own, as a task's: a vetting
 * step's change carries the nominee (its current fields only) and the one
 * new entry, the same size at the first step as at the 150th; nominee.get
 * carries the newest THD_HISTORY_IN_GET, history.list pages through all,
 * and the entries reach the proposing unit's watch and no other unit's. */
static void a_nominee_history_lives_in_records_and_reads_in_pages(void **state)
{
    (void)state;
    enum { CHECKS = 150, BEFORE = 3 }; /* create, propose, start_vetting */
    char id[32];
    thd_client_t *o = w.c[CG_OFFICE];
    cg_nominee_in(&w, NS(VETTING), CULTURE, INDIVIDUAL, id);
    size_t first_size = 0, last_size = 0;
    for (int i = 1; i <= CHECKS; i++) {
        assert_int_equal(cg_nominee_check(o, id, i % 2 ? "TC1" : "TC2", MET), THD_OK);
        if (i > 2 && i != CHECKS)
            continue;
        size_t len;
        Thidua__V1__Event *ev = cg_event_at(o, th_revision(w.c[CG_ADMIN]), &len);
        assert_int_equal(ev->n_records, 2);
        assert_string_equal(ev->records[0]->type, "nominee");
        assert_int_equal(ev->records[0]->nominee->n_history, 0);
        assert_string_equal(ev->records[1]->type, "history");
        const Thidua__V1__History *h = ev->records[1]->history;
        assert_string_equal(h->parent, id);
        assert_int_equal(h->seq, (uint32_t)(BEFORE + i));
        assert_string_equal(h->entry->verb, "check");
        assert_string_equal(h->entry->actor, "tt-tdkt");
        assert_int_equal(h->meta->mod_revision, ev->revision);
        assert_int_equal(ev->records[1]->n_units, 1);
        assert_string_equal(ev->records[1]->units[0], CG_UNIT_CODE);
        /* the second check adds TC2 to the nominee's checks: compare from it */
        if (i >= 2)
            *(i == 2 ? &first_size : &last_size) = len;
        thidua__v1__event__free_unpacked(ev, NULL);
    }
    assert_true(last_size < 1024);
    assert_true(last_size <= first_size + 8); /* only the numbers grow a digit */

    Thidua__V1__Response *resp = cg_nominee_get(w.c[CG_OBSERVER], id);
    const Thidua__V1__Nominee *n = resp->record->nominee;
    assert_int_equal(n->n_history, THD_HISTORY_IN_GET);
    assert_string_equal(n->history[THD_HISTORY_IN_GET - 1]->verb, "check");
    thidua__v1__response__free_unpacked(resp, NULL);

    uint32_t after = 0, seen = 0;
    do {
        assert_int_equal(cg_history_page(w.c[CG_OBSERVER], id, after, 100, &resp), THD_OK);
        const Thidua__V1__HistoryListReply *p = resp->history;
        assert_int_equal(p->total, BEFORE + CHECKS);
        for (size_t i = 0; i < p->n_entries; i++)
            assert_int_equal(p->entries[i]->seq, ++seen);
        if (after == 0)
            assert_string_equal(p->entries[0]->entry->verb, "create");
        after = p->next_after;
        thidua__v1__response__free_unpacked(resp, NULL);
    } while (after);
    assert_int_equal(seen, BEFORE + CHECKS);
    assert_int_equal(cg_history_page(w.c[CG_OBSERVER], "N-999999", 0, 0, &resp), THD_NOT_FOUND);
    thidua__v1__response__free_unpacked(resp, NULL);

    thd_watch_t *own = th_watch_in_sync(&w.srv, CG_UNIT_CODE);
    assert_int_equal(cg_entries_held(own, id, BEFORE + CHECKS), BEFORE + CHECKS);
    thd_watch_destroy(&own);
    thd_watch_t *other = th_watch_in_sync(&w.srv, CG_OTHER_CODE);
    assert_int_equal(cg_entries_held(other, id, BEFORE + CHECKS), 0);
    thd_watch_destroy(&other);
}

static void rejection_needs_a_reason(void **state)
{
    (void)state;
    char id[32];
    cg_nominee_in(&w, NS(VETTED), CULTURE, INDIVIDUAL, id);
    assert_int_equal(cg_nominee_decide(w.c[CG_CHAIR], id, false, ""), THD_INVALID_ARGUMENT);
    assert_int_equal(cg_nominee_status(w.c[CG_CHAIR], id), NS(VETTED));
}

static void selection_beyond_the_quota_is_resource_exhausted(void **state)
{
    (void)state;
    char a[32], b[32];
    assert_int_equal(cg_quota_set(w.c[CG_ADMIN], ECONOMY, INDIVIDUAL, 1, 0), THD_OK);
    cg_nominee_in(&w, NS(VETTED), ECONOMY, INDIVIDUAL, a);
    cg_nominee_in(&w, NS(VETTED), ECONOMY, INDIVIDUAL, b);
    assert_int_equal(cg_nominee_decide(w.c[CG_CHAIR], a, true, ""), THD_OK);
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(cg_nominee_decide(w.c[CG_CHAIR], b, true, ""), THD_RESOURCE_EXHAUSTED);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    assert_int_equal(cg_nominee_decide(w.c[CG_CHAIR], b, false, "hết chỉ tiêu"), THD_OK);
}

static void a_unit_cannot_propose_beyond_its_cap(void **state)
{
    (void)state;
    char a[32], b[32];
    assert_int_equal(cg_quota_set(w.c[CG_ADMIN], CULTURE, COLLECTIVE, 0, 1), THD_OK);
    cg_nominee_in(&w, NS(PROPOSED), CULTURE, COLLECTIVE, a);
    cg_nominee_in(&w, NS(DRAFT), CULTURE, COLLECTIVE, b);
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(cg_nominee_verb(w.c[CG_UNIT], REQ(NOMINEE_PROPOSE), b, ""),
                     THD_RESOURCE_EXHAUSTED);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    /* another unit has its own cap */
    char c[32];
    assert_int_equal(cg_nominee_create(w.c[CG_OTHER_UNIT], "Hợp tác xã C", CULTURE, COLLECTIVE, c),
                     THD_OK);
    assert_int_equal(cg_nominee_verb(w.c[CG_OTHER_UNIT], REQ(NOMINEE_PROPOSE), c, ""), THD_OK);
    /* withdrawing gives the place back */
    assert_int_equal(cg_nominee_verb(w.c[CG_UNIT], REQ(NOMINEE_WITHDRAW), a, ""), THD_OK);
    assert_int_equal(cg_nominee_verb(w.c[CG_UNIT], REQ(NOMINEE_PROPOSE), b, ""), THD_OK);
}

static size_t nominees_matching(const char *query)
{
    Thidua__V1__NomineeList body = THIDUA__V1__NOMINEE_LIST__INIT;
    body.query = (char *)query;
    body.page_size = 1000;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_LIST);
    req.nominee_list = &body;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(cg_call(w.c[CG_OBSERVER], &req, &resp), THD_OK);
    size_t n = resp->nominees->n_nominees;
    thidua__v1__response__free_unpacked(resp, NULL);
    return n;
}

static void nfc_and_nfd_names_are_one_name(void **state)
{
    (void)state;
    char id[32];
    /* "Phạm Thị Hồng" typed decomposed (NFD) */
    const char *nfd = "Pha\xcc\xa3m Thi\xcc\xa3 Ho\xcc\x82\xcc\x80ng";
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], nfd, 0, 0, id), THD_OK);
    assert_int_equal(nominees_matching("Phạm Thị Hồng"), 1);
    assert_int_equal(nominees_matching(nfd), 1);
    assert_int_equal(nominees_matching("pham thi hong"), 1);
}

/* A nominee created by n as the unit: THD_OK with the record in *resp
 * (free it), or the refusal's code with st filled. */
static int create_as_unit(Thidua__V1__Nominee *n, Thidua__V1__Response **resp, thd_status_t *st)
{
    Thidua__V1__NomineeCreate body = THIDUA__V1__NOMINEE_CREATE__INIT;
    body.nominee = n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_CREATE);
    req.nominee_create = &body;
    req.request_id = "";
    *resp = NULL;
    return thd_call(w.c[CG_UNIT], &req, resp, st);
}

static void bad_nominee_input_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    char id[32];
    cg_nominee_in(&w, NS(VETTING), CULTURE, INDIVIDUAL, id);
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(cg_nominee_check(w.c[CG_OFFICE], id, "TC99", MET), THD_NOT_FOUND);
    assert_int_equal(cg_nominee_check(w.c[CG_OFFICE], "N-999999", "TC1", MET), THD_NOT_FOUND);
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "", 0, 0, NULL), THD_INVALID_ARGUMENT);
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "Nguy\xe1n", 0, 0, NULL),
                     THD_INVALID_ARGUMENT);
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    char *claims[] = {"TC1", "TC77"};
    n.name = "Đỗ Văn D";
    n.field = CULTURE;
    n.kind = INDIVIDUAL;
    n.criteria_met = claims;
    n.n_criteria_met = 2;
    thd_status_t st;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(create_as_unit(&n, &resp, &st), THD_NOT_FOUND);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    assert_string_equal(st.field, "nominee.criteria_met");
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
}

/* The broker keeps "Nam" or "Nữ", whatever a client typed; another word,
 * or a gender or birth year for a collective, is refused naming its field
 * and writes nothing. */
static void gender_is_nam_or_nu_and_only_a_persons(void **state)
{
    (void)state;
    Thidua__V1__Response *resp = NULL;
    thd_status_t st;
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    n.name = "Hà Thị E";
    n.field = CULTURE;
    n.kind = INDIVIDUAL;
    n.gender = " nữ ";
    assert_int_equal(create_as_unit(&n, &resp, &st), THD_OK);
    assert_string_equal(resp->record->nominee->gender, "Nữ");
    thidua__v1__response__free_unpacked(resp, NULL);
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    n.gender = "khác";
    assert_int_equal(create_as_unit(&n, &resp, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.reason, "nominee.bad_gender");
    assert_string_equal(st.field, "nominee.gender");
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    n.name = "Tổ Văn nghệ xã F";
    n.kind = COLLECTIVE;
    n.gender = "";
    n.birth_year = 1980;
    assert_int_equal(create_as_unit(&n, &resp, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.reason, "nominee.collective_person");
    assert_string_equal(st.field, "nominee.birth_year");
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
}

/* A nominee.edit of n as the unit: the status code, st filled. */
static int edit_as_unit(Thidua__V1__Nominee *n, thd_status_t *st)
{
    Thidua__V1__NomineeEdit body = THIDUA__V1__NOMINEE_EDIT__INIT;
    body.nominee = n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_EDIT);
    req.nominee_edit = &body;
    req.request_id = "";
    Thidua__V1__Response *resp = NULL;
    int rc = thd_call(w.c[CG_UNIT], &req, &resp, st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

/* The gender a nominee holds now. */
static void assert_gender(const char *id, const char *want)
{
    Thidua__V1__Response *resp = cg_nominee_get(w.c[CG_OBSERVER], id);
    assert_non_null(resp);
    assert_string_equal(resp->record->nominee->gender, want);
    thidua__v1__response__free_unpacked(resp, NULL);
}

/* A gender a broker kept before it took only Nam or Nữ ("khác") is the
 * record's own: an edit that sends it back as it is (the web's form and
 * an import send every field) goes through and keeps it, as does a
 * collective's; a word given anew is judged, refused or kept as Nam or
 * Nữ. */
static void a_gender_kept_before_the_rule_holds_no_edit_back(void **state)
{
    (void)state;
    char person[32], group[32];
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "Lò Văn G", CULTURE, INDIVIDUAL, person),
                     THD_OK);
    assert_int_equal(cg_nominee_create(w.c[CG_UNIT], "Đội Văn nghệ H", CULTURE, COLLECTIVE, group),
                     THD_OK);
    assert_int_equal(th_server_stop(&w.srv), 0);
    assert_int_equal(th_sh("%s/thidua-set-field %s/store nominee/%s gender khác && "
                           "%s/thidua-set-field %s/store nominee/%s gender Nam",
                           THIDUA_BIN_DIR, w.srv.dir, person, THIDUA_BIN_DIR, w.srv.dir, group),
                     0);
    th_server_restart(&w.srv);
    thd_status_t st;
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    n.id = person;
    n.gender = "khác";
    n.workplace = "UBND xã Phước Dinh";
    assert_int_equal(edit_as_unit(&n, &st), THD_OK);
    assert_gender(person, "khác");
    n.id = group;
    n.gender = "Nam";
    assert_int_equal(edit_as_unit(&n, &st), THD_OK);

    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    n.id = person;
    n.gender = "không rõ";
    assert_int_equal(edit_as_unit(&n, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.reason, "nominee.bad_gender");
    assert_string_equal(st.field, "nominee.gender");
    n.id = group;
    n.gender = "Nữ";
    assert_int_equal(edit_as_unit(&n, &st), THD_INVALID_ARGUMENT);
    assert_string_equal(st.reason, "nominee.collective_person");
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
    n.id = person;
    n.gender = "nu";
    assert_int_equal(edit_as_unit(&n, &st), THD_OK);
    assert_gender(person, "Nữ");
}

CG_GROUP_FIXTURES(w)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_nominee_transition_is_allowed_or_refused_as_the_table_says),
        cmocka_unit_test(recommend_names_what_is_missing_until_vetting_is_complete),
        cmocka_unit_test(a_nominee_history_lives_in_records_and_reads_in_pages),
        cmocka_unit_test(rejection_needs_a_reason),
        cmocka_unit_test(selection_beyond_the_quota_is_resource_exhausted),
        cmocka_unit_test(a_unit_cannot_propose_beyond_its_cap),
        cmocka_unit_test(nfc_and_nfd_names_are_one_name),
        cmocka_unit_test(bad_nominee_input_is_refused_and_changes_nothing),
        cmocka_unit_test(gender_is_nam_or_nu_and_only_a_persons),
        cmocka_unit_test(a_gender_kept_before_the_rule_holds_no_edit_back),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
