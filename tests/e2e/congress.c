#include "congress.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rules.h"

#define REQ(b) THIDUA__V1__REQUEST__BODY_##b
#define TS(x)  THIDUA__V1__TASK_STATUS__TASK_STATUS_##x
#define NS(x)  THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x

const char *const cg_actor_names[CG_N_ACTORS] = {"admin",      "chair",    "office", "unit",
                                                 "other-unit", "observer", "council"};

void cg_setup(cg_world_t *w)
{
    th_server_init(&w->srv);
    th_server_start(&w->srv);
    thd_client_t *admin = th_client(&w->srv, NULL, THD_SOCKET_DEALER, 10000, 2);
    assert_int_equal(th_add_unit(admin, CG_UNIT_CODE, "Sở Văn hóa, Thể thao và Du lịch"), 0);
    assert_int_equal(th_add_unit(admin, CG_OTHER_CODE, "Huyện Ninh Hải"), 0);
    th_add_principal(&w->srv, "chu-tich", THIDUA__V1__ROLE__ROLE_CHAIR, NULL);
    th_add_principal(&w->srv, "tt-tdkt", THIDUA__V1__ROLE__ROLE_OFFICE, NULL);
    th_add_principal(&w->srv, "vhttdl", THIDUA__V1__ROLE__ROLE_UNIT, CG_UNIT_CODE);
    th_add_principal(&w->srv, "ninhhai", THIDUA__V1__ROLE__ROLE_UNIT, CG_OTHER_CODE);
    th_add_principal(&w->srv, "bao-tinh", THIDUA__V1__ROLE__ROLE_OBSERVER, NULL);
    th_add_principal(&w->srv, "hoi-dong", THIDUA__V1__ROLE__ROLE_COUNCIL, NULL);
    const char *names[] = {NULL,      "chu-tich", "tt-tdkt", "vhttdl",
                           "ninhhai", "bao-tinh", "hoi-dong"};
    w->c[CG_ADMIN] = admin;
    for (int i = 1; i < CG_N_ACTORS; i++) {
        char key[340], base[320];
        snprintf(key, sizeof key, "%s.key", th_path(&w->srv, names[i], base, sizeof base));
        w->c[i] = th_client(&w->srv, key, THD_SOCKET_DEALER, 10000, 2);
    }
    assert_int_equal(cg_criterion_add(admin, "TC1", true), 0);
    assert_int_equal(cg_criterion_add(admin, "TC2", false), 0);
    /* these tests close a disclosure window the day it opens; the working-day
     * minimum has tests of its own (test_calendar) */
    assert_int_equal(cg_calendar_min_days(admin, 0), 0);
}

int cg_calendar_min_days(thd_client_t *c, unsigned days)
{
    Thidua__V1__CalendarMinDaysSet body = THIDUA__V1__CALENDAR_MIN_DAYS_SET__INIT;
    body.days = days;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_CALENDAR_MIN_DAYS_SET;
    req.calendar_min_days_set = &body;
    return cg_call(c, &req, NULL);
}

void cg_teardown(cg_world_t *w)
{
    for (int i = 0; i < CG_N_ACTORS; i++)
        thd_client_destroy(&w->c[i]);
    th_server_cleanup(&w->srv);
}

int cg_call(thd_client_t *c, Thidua__V1__Request *req, Thidua__V1__Response **resp)
{
    req->request_id = "";
    Thidua__V1__Response *r = NULL;
    thd_status_t st = {0};
    int rc = thd_call(c, req, &r, &st);
    if (rc && getenv("THIDUA_TEST_VERBOSE"))
        fprintf(stderr, "  -> %d %s (%s)\n", rc, st.message, st.field);
    if (resp)
        *resp = r;
    else if (r)
        thidua__v1__response__free_unpacked(r, NULL);
    return rc;
}

/* Copies the id of the record in resp, frees resp. */
static int take_id(int rc, Thidua__V1__Response *resp, char id[32])
{
    if (id)
        snprintf(id, 32, "%s", rc == 0 && resp && resp->record ? resp->record->id : "");
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return rc;
}

int cg_task_create(thd_client_t *c, const char *title, const char *deadline, int kind, char id[32])
{
    Thidua__V1__Task t = THIDUA__V1__TASK__INIT;
    t.title = (char *)title;
    t.kind = kind ? kind : THIDUA__V1__TASK_KIND__TASK_KIND_WORK;
    t.phase = THIDUA__V1__PHASE__PHASE_BEFORE;
    t.lead_unit = CG_UNIT_CODE;
    t.deadline = (char *)(deadline ? deadline : "2099-12-31");
    Thidua__V1__TaskCreate body = THIDUA__V1__TASK_CREATE__INIT;
    body.task = &t;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_CREATE);
    req.task_create = &body;
    Thidua__V1__Response *resp = NULL;
    int rc = cg_call(c, &req, &resp); /* before take_id reads resp */
    return take_id(rc, resp, id);
}

int cg_task_report(thd_client_t *c, const char *id, unsigned percent, const char *text)
{
    Thidua__V1__TaskReport body = THIDUA__V1__TASK_REPORT__INIT;
    body.id = (char *)id;
    body.percent = percent;
    body.text = (char *)text;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_REPORT);
    req.task_report = &body;
    return cg_call(c, &req, NULL);
}

int cg_task_submit(thd_client_t *c, const char *id, Thidua__V1__Attachment *doc)
{
    Thidua__V1__TaskSubmit body = THIDUA__V1__TASK_SUBMIT__INIT;
    body.id = (char *)id;
    body.document = doc;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_SUBMIT);
    req.task_submit = &body;
    return cg_call(c, &req, NULL);
}

int cg_task_verb(thd_client_t *c, int body_case, const char *id, const char *comments)
{
    Thidua__V1__TaskVerb body = THIDUA__V1__TASK_VERB__INIT;
    body.id = (char *)id;
    body.comments = (char *)(comments ? comments : "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = body_case;
    req.task_accept = &body; /* the oneof's members share storage */
    return cg_call(c, &req, NULL);
}

int cg_task_edit_title(thd_client_t *c, const char *id, const char *title)
{
    Thidua__V1__TaskEdit body = THIDUA__V1__TASK_EDIT__INIT;
    body.id = (char *)id;
    body.title = (char *)title;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_EDIT);
    req.task_edit = &body;
    return cg_call(c, &req, NULL);
}

const Thidua__V1__Task *cg_task_get(thd_client_t *c, const char *id, Thidua__V1__Response **resp)
{
    Thidua__V1__TaskGet body = THIDUA__V1__TASK_GET__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(TASK_GET);
    req.task_get = &body;
    *resp = NULL;
    if (cg_call(c, &req, resp) != 0)
        return NULL;
    return (*resp)->record->task;
}

int cg_task_status(thd_client_t *c, const char *id)
{
    Thidua__V1__Response *resp;
    const Thidua__V1__Task *t = cg_task_get(c, id, &resp);
    int s = t ? (int)t->status : -1;
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return s;
}

void cg_task_in(cg_world_t *w, int status, char id[32])
{
    assert_int_equal(cg_task_create(w->c[CG_OFFICE], "Dự thảo báo cáo tổng kết", NULL, 0, id), 0);
    if (status == TS(ASSIGNED))
        return;
    if (status == TS(CANCELLED)) {
        assert_int_equal(cg_task_verb(w->c[CG_OFFICE], REQ(TASK_CANCEL), id, ""), 0);
        return;
    }
    assert_int_equal(cg_task_report(w->c[CG_UNIT], id, 50, "đang làm"), 0);
    if (status == TS(IN_PROGRESS))
        return;
    assert_int_equal(cg_task_submit(w->c[CG_UNIT], id, NULL), 0);
    if (status == TS(ACCEPTED))
        assert_int_equal(cg_task_verb(w->c[CG_OFFICE], REQ(TASK_ACCEPT), id, ""), 0);
}

int cg_nominee_create(thd_client_t *c, const char *name, int field, int kind, char id[32])
{
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    n.name = (char *)name;
    n.field = field ? field : THIDUA__V1__FIELD__FIELD_CULTURE;
    n.kind = kind ? kind : THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL;
    n.achievements = "Nhiều năm liền hoàn thành xuất sắc nhiệm vụ";
    Thidua__V1__NomineeCreate body = THIDUA__V1__NOMINEE_CREATE__INIT;
    body.nominee = &n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_CREATE);
    req.nominee_create = &body;
    Thidua__V1__Response *resp = NULL;
    int rc = cg_call(c, &req, &resp); /* before take_id reads resp */
    return take_id(rc, resp, id);
}

int cg_nominee_verb(thd_client_t *c, int body_case, const char *id, const char *reason)
{
    Thidua__V1__NomineeVerb body = THIDUA__V1__NOMINEE_VERB__INIT;
    body.id = (char *)id;
    body.reason = (char *)(reason ? reason : "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = body_case;
    req.nominee_propose = &body; /* the oneof's members share storage */
    return cg_call(c, &req, NULL);
}

int cg_nominee_check(thd_client_t *c, const char *id, const char *criterion, int result)
{
    Thidua__V1__NomineeCheck body = THIDUA__V1__NOMINEE_CHECK__INIT;
    body.id = (char *)id;
    body.criterion = (char *)criterion;
    body.result = result;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_CHECK);
    req.nominee_check = &body;
    return cg_call(c, &req, NULL);
}

int cg_nominee_complaint(thd_client_t *c, const char *id, const char *text)
{
    Thidua__V1__NomineeComplaint body = THIDUA__V1__NOMINEE_COMPLAINT__INIT;
    body.id = (char *)id;
    body.text = (char *)text;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_COMPLAINT);
    req.nominee_complaint = &body;
    return cg_call(c, &req, NULL);
}

int cg_nominee_resolve(thd_client_t *c, const char *id, unsigned number, const char *text)
{
    Thidua__V1__NomineeResolve body = THIDUA__V1__NOMINEE_RESOLVE__INIT;
    body.id = (char *)id;
    body.number = number;
    body.resolution = (char *)text;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_RESOLVE);
    req.nominee_resolve = &body;
    return cg_call(c, &req, NULL);
}

int cg_nominee_opinion(thd_client_t *c, const char *id, const char *agency)
{
    Thidua__V1__NomineeOpinion body = THIDUA__V1__NOMINEE_OPINION__INIT;
    body.id = (char *)id;
    body.agency = (char *)agency;
    body.text = "Không vi phạm pháp luật";
    body.favorable = true;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_OPINION);
    req.nominee_opinion = &body;
    return cg_call(c, &req, NULL);
}

int cg_nominee_decide(thd_client_t *c, const char *id, bool selected, const char *reason)
{
    Thidua__V1__NomineeDecide body = THIDUA__V1__NOMINEE_DECIDE__INIT;
    body.id = (char *)id;
    body.selected = selected;
    body.reason = (char *)(reason ? reason : "");
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_DECIDE);
    req.nominee_decide = &body;
    return cg_call(c, &req, NULL);
}

static int nominee_get(thd_client_t *c, const char *id, Thidua__V1__Response **resp)
{
    Thidua__V1__NomineeGet body = THIDUA__V1__NOMINEE_GET__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_GET);
    req.nominee_get = &body;
    return cg_call(c, &req, resp);
}

Thidua__V1__Response *cg_nominee_get(thd_client_t *c, const char *id)
{
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(nominee_get(c, id, &resp), THD_OK);
    return resp;
}

int cg_nominee_status(thd_client_t *c, const char *id)
{
    Thidua__V1__Response *resp = NULL;
    int s = nominee_get(c, id, &resp) == 0 ? (int)resp->record->nominee->status : -1;
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return s;
}

void cg_nominee_ready(cg_world_t *w, int field, int kind, char id[32])
{
    cg_nominee_in(w, NS(VETTING), field, kind, id);
    thd_client_t *o = w->c[CG_OFFICE];
    assert_int_equal(cg_nominee_check(o, id, "TC1", THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET), 0);
    assert_int_equal(cg_nominee_verb(o, REQ(NOMINEE_DISCLOSURE_OPEN), id, ""), 0);
    assert_int_equal(cg_nominee_verb(o, REQ(NOMINEE_DISCLOSURE_CLOSE), id, ""), 0);
}

void cg_nominee_in(cg_world_t *w, int status, int field, int kind, char id[32])
{
    thd_client_t *u = w->c[CG_UNIT], *o = w->c[CG_OFFICE];
    assert_int_equal(cg_nominee_create(u, "Nguyễn Văn A", field, kind, id), 0);
    if (status == NS(DRAFT))
        return;
    if (status == NS(WITHDRAWN)) {
        assert_int_equal(cg_nominee_verb(u, REQ(NOMINEE_WITHDRAW), id, ""), 0);
        return;
    }
    assert_int_equal(cg_nominee_verb(u, REQ(NOMINEE_PROPOSE), id, ""), 0);
    if (status == NS(PROPOSED))
        return;
    assert_int_equal(cg_nominee_verb(o, REQ(NOMINEE_START_VETTING), id, ""), 0);
    if (status == NS(VETTING))
        return;
    assert_int_equal(cg_nominee_check(o, id, "TC1", THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET), 0);
    assert_int_equal(cg_nominee_verb(o, REQ(NOMINEE_DISCLOSURE_OPEN), id, ""), 0);
    assert_int_equal(cg_nominee_verb(o, REQ(NOMINEE_DISCLOSURE_CLOSE), id, ""), 0);
    assert_int_equal(cg_nominee_verb(o, REQ(NOMINEE_RECOMMEND), id, ""), 0);
    if (status == NS(VETTED))
        return;
    assert_int_equal(cg_nominee_decide(w->c[CG_CHAIR], id, status == NS(SELECTED), "không đạt"), 0);
}

int cg_quota_set(thd_client_t *c, int field, int kind, unsigned max_selected, unsigned max_per_unit)
{
    Thidua__V1__Quota q = THIDUA__V1__QUOTA__INIT;
    q.field = field;
    q.kind = kind;
    q.max_selected = max_selected;
    q.max_per_unit = max_per_unit;
    Thidua__V1__QuotaSet body = THIDUA__V1__QUOTA_SET__INIT;
    body.quota = &q;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(QUOTA_SET);
    req.quota_set = &body;
    return cg_call(c, &req, NULL);
}

int cg_criterion_add(thd_client_t *c, const char *code, bool mandatory)
{
    Thidua__V1__Criterion cr = THIDUA__V1__CRITERION__INIT;
    cr.code = (char *)code;
    cr.text = "Gương mẫu chấp hành chủ trương của Đảng, pháp luật của Nhà nước";
    cr.mandatory = mandatory;
    Thidua__V1__CriterionAdd body = THIDUA__V1__CRITERION_ADD__INIT;
    body.criterion = &cr;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CRITERION_ADD);
    req.criterion_add = &body;
    return cg_call(c, &req, NULL);
}

void cg_attachment(Thidua__V1__Attachment *a, const void *data, size_t len, char sha[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(sha, 65, h, sizeof h);
    thidua__v1__attachment__init(a);
    a->name = "bao-cao-tong-ket.pdf";
    a->media_type = "application/pdf";
    a->data.data = (uint8_t *)data;
    a->data.len = len;
    a->sha256 = sha;
}

int cg_nominee_attach(thd_client_t *c, const char *id, const char *name, const char *type,
                      const void *data, size_t len)
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
    return cg_call(c, &req, NULL);
}

int cg_ballot_open(thd_client_t *c, const char *const *nominees, size_t n, char id[32])
{
    Thidua__V1__BallotOpen body = THIDUA__V1__BALLOT_OPEN__INIT;
    body.name = "Phiên họp Hội đồng Thi đua - Khen thưởng";
    body.nominees = (char **)nominees;
    body.n_nominees = n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(BALLOT_OPEN);
    req.ballot_open = &body;
    Thidua__V1__Response *resp = NULL;
    int rc = cg_call(c, &req, &resp); /* before take_id reads resp */
    return take_id(rc, resp, id);
}

int cg_ballot_vote(thd_client_t *c, const char *ballot, const char *nominee, int choice)
{
    Thidua__V1__BallotChoice ch = THIDUA__V1__BALLOT_CHOICE__INIT, *chp = &ch;
    ch.nominee = (char *)nominee;
    ch.choice = choice;
    Thidua__V1__BallotVote body = THIDUA__V1__BALLOT_VOTE__INIT;
    body.id = (char *)ballot;
    body.choices = &chp;
    body.n_choices = 1;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(BALLOT_VOTE);
    req.ballot_vote = &body;
    return cg_call(c, &req, NULL);
}

int cg_ballot_verb(thd_client_t *c, int body_case, const char *id)
{
    Thidua__V1__BallotVerb body = THIDUA__V1__BALLOT_VERB__INIT;
    body.id = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = body_case;
    req.ballot_close = &body; /* the oneof's members share storage */
    return cg_call(c, &req, NULL);
}

int cg_threshold_set(thd_client_t *c, int kind, unsigned percent)
{
    Thidua__V1__Threshold t = THIDUA__V1__THRESHOLD__INIT;
    t.kind = kind;
    t.percent = percent;
    Thidua__V1__ThresholdSet body = THIDUA__V1__THRESHOLD_SET__INIT;
    body.threshold = &t;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(THRESHOLD_SET);
    req.threshold_set = &body;
    return cg_call(c, &req, NULL);
}

int cg_history_page(thd_client_t *c, const char *id, uint32_t after, uint32_t size,
                    Thidua__V1__Response **resp)
{
    Thidua__V1__HistoryList body = THIDUA__V1__HISTORY_LIST__INIT;
    body.id = (char *)id;
    body.after = after;
    body.page_size = size;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(HISTORY_LIST);
    req.history_list = &body;
    return cg_call(c, &req, resp);
}

Thidua__V1__Event *cg_event_at(thd_client_t *c, unsigned long long rev, size_t *packed)
{
    Thidua__V1__ChangesSinceRequest body = THIDUA__V1__CHANGES_SINCE_REQUEST__INIT;
    body.revision = rev - 1;
    body.page_size = 1;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CHANGES_SINCE);
    req.changes_since = &body;
    Thidua__V1__Response *resp = NULL;
    assert_int_equal(cg_call(c, &req, &resp), THD_OK);
    assert_int_equal(resp->changes->n_events, 1);
    Thidua__V1__Event *ev = resp->changes->events[0];
    resp->changes->events[0] = NULL;
    resp->changes->n_events = 0;
    thidua__v1__response__free_unpacked(resp, NULL);
    *packed = thidua__v1__event__get_packed_size(ev);
    return ev;
}

uint32_t cg_entries_held(thd_watch_t *wt, const char *parent, uint32_t n)
{
    uint32_t held = 0;
    for (uint32_t seq = 1; seq <= n; seq++) {
        char id[96];
        thd_history_id(id, sizeof id, parent, seq);
        held += thd_watch_get(wt, "history", id) != NULL;
    }
    return held;
}
