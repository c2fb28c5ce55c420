/* The permission matrix of DOMAIN.md §6, every action by every role and by
 * a unit other than the one concerned, against a real thidua-server: the
 * exact status, and a refused action changes nothing (same revision). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "congress.h"

#define REQ(b)     THIDUA__V1__REQUEST__BODY_##b
#define TS(x)      THIDUA__V1__TASK_STATUS__TASK_STATUS_##x
#define NS(x)      THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x
#define CULTURE    THIDUA__V1__FIELD__FIELD_CULTURE
#define INDIVIDUAL THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL

static cg_world_t w;

/* Puts a fresh target in the state the action needs; returns its id. */
typedef void prepare_fn(char id[32]);
/* Takes the action as c on id. */
typedef int act_fn(thd_client_t *c, const char *id);

static void no_target(char id[32])
{
    id[0] = '\0';
}
static void task_assigned(char id[32])
{
    cg_task_in(&w, TS(ASSIGNED), id);
}
static void task_in_progress(char id[32])
{
    cg_task_in(&w, TS(IN_PROGRESS), id);
}
static void task_submitted(char id[32])
{
    cg_task_in(&w, TS(SUBMITTED), id);
}
static void nominee_draft(char id[32])
{
    cg_nominee_in(&w, NS(DRAFT), CULTURE, INDIVIDUAL, id);
}
static void nominee_proposed(char id[32])
{
    cg_nominee_in(&w, NS(PROPOSED), CULTURE, INDIVIDUAL, id);
}
static void nominee_vetting(char id[32])
{
    cg_nominee_in(&w, NS(VETTING), CULTURE, INDIVIDUAL, id);
}
/* in vetting with the disclosure window open: complaints are received */
static void nominee_disclosing(char id[32])
{
    nominee_vetting(id);
    assert_int_equal(cg_nominee_verb(w.c[CG_OFFICE], REQ(NOMINEE_DISCLOSURE_OPEN), id, ""), 0);
}
static void nominee_ready(char id[32])
{
    cg_nominee_ready(&w, CULTURE, INDIVIDUAL, id);
}
static void nominee_vetted(char id[32])
{
    cg_nominee_in(&w, NS(VETTED), CULTURE, INDIVIDUAL, id);
}

/* A vetted nominee on an open ballot; id: the ballot's. */
static char on_ballot[32]; /* the nominee of the latest ballot_open_one */
static void ballot_open_one(char id[32])
{
    nominee_vetted(on_ballot);
    const char *list[] = {on_ballot};
    assert_int_equal(cg_ballot_open(w.c[CG_OFFICE], list, 1, id), 0);
}

/* A task or a draft nominee with one file; id: the file's owner. */
static void task_with_document(char id[32])
{
    task_in_progress(id);
    Thidua__V1__Attachment a;
    char sha[65];
    cg_attachment(&a, "%PDF-1.4 bản 1", strlen("%PDF-1.4 bản 1"), sha);
    assert_int_equal(cg_task_submit(w.c[CG_UNIT], id, &a), 0);
}
static void nominee_with_file(char id[32])
{
    nominee_draft(id);
    assert_int_equal(
        cg_nominee_attach(w.c[CG_UNIT], id, "a.png", "image/png", "\x89PNG\r\n\x1a\n", 8), 0);
}

static int task_create(thd_client_t *c, const char *id)
{
    (void)id;
    return cg_task_create(c, "Tổ chức triển lãm", NULL, 0, NULL);
}
static int task_edit(thd_client_t *c, const char *id)
{
    return cg_task_edit_title(c, id, "Tiêu đề mới");
}
static int task_report(thd_client_t *c, const char *id)
{
    return cg_task_report(c, id, 30, "đã xong dàn ý");
}
static int task_submit(thd_client_t *c, const char *id)
{
    return cg_task_submit(c, id, NULL);
}
static int task_accept(thd_client_t *c, const char *id)
{
    return cg_task_verb(c, REQ(TASK_ACCEPT), id, "");
}
static int task_return(thd_client_t *c, const char *id)
{
    return cg_task_verb(c, REQ(TASK_RETURN), id, "bổ sung số liệu");
}
static int task_cancel(thd_client_t *c, const char *id)
{
    return cg_task_verb(c, REQ(TASK_CANCEL), id, "");
}
static int task_get(thd_client_t *c, const char *id)
{
    Thidua__V1__Response *resp;
    const Thidua__V1__Task *t = cg_task_get(c, id, &resp);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    return t ? THD_OK : THD_PERMISSION_DENIED;
}
static int list_of(thd_client_t *c, int body_case)
{
    Thidua__V1__TaskList tl = THIDUA__V1__TASK_LIST__INIT; /* every list body is empty-able */
    Thidua__V1__NomineeList nl = THIDUA__V1__NOMINEE_LIST__INIT;
    Thidua__V1__QuotaList ql = THIDUA__V1__QUOTA_LIST__INIT;
    Thidua__V1__CriterionList cl = THIDUA__V1__CRITERION_LIST__INIT;
    Thidua__V1__CountsRequest cr = THIDUA__V1__COUNTS_REQUEST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = body_case;
    switch (body_case) {
    case REQ(TASK_LIST):
        req.task_list = &tl;
        break;
    case REQ(NOMINEE_LIST):
        req.nominee_list = &nl;
        break;
    case REQ(QUOTA_LIST):
        req.quota_list = &ql;
        break;
    case REQ(CRITERION_LIST):
        req.criterion_list = &cl;
        break;
    default:
        req.counts = &cr;
    }
    return cg_call(c, &req, NULL);
}
static int task_list(thd_client_t *c, const char *id)
{
    (void)id;
    return list_of(c, REQ(TASK_LIST));
}
static int nominee_list(thd_client_t *c, const char *id)
{
    (void)id;
    return list_of(c, REQ(NOMINEE_LIST));
}
static int quota_list(thd_client_t *c, const char *id)
{
    (void)id;
    return list_of(c, REQ(QUOTA_LIST));
}
static int criterion_list(thd_client_t *c, const char *id)
{
    (void)id;
    return list_of(c, REQ(CRITERION_LIST));
}
static int counts(thd_client_t *c, const char *id)
{
    (void)id;
    return list_of(c, REQ(COUNTS));
}
static int document_get(thd_client_t *c, const char *id)
{
    Thidua__V1__DocumentGet body = THIDUA__V1__DOCUMENT_GET__INIT;
    body.task = (char *)id;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(DOCUMENT_GET);
    req.document_get = &body;
    return cg_call(c, &req, NULL);
}
static int nominee_create(thd_client_t *c, const char *id)
{
    (void)id;
    return cg_nominee_create(c, "Trần Thị B", 0, 0, NULL);
}
static int nominee_edit(thd_client_t *c, const char *id)
{
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    n.id = (char *)id;
    n.workplace = "Nhà hát Chăm";
    Thidua__V1__NomineeEdit body = THIDUA__V1__NOMINEE_EDIT__INIT;
    body.nominee = &n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_EDIT);
    req.nominee_edit = &body;
    return cg_call(c, &req, NULL);
}
static int nominee_attach(thd_client_t *c, const char *id)
{
    return cg_nominee_attach(c, id, "bien-ban.pdf", "application/pdf", "%PDF-1.4", 8);
}
#define NOMINEE_VERB(fn, BODY, reason)                                                             \
    static int fn(thd_client_t *c, const char *id)                                                 \
    {                                                                                              \
        return cg_nominee_verb(c, REQ(BODY), id, reason);                                          \
    }
NOMINEE_VERB(nominee_propose, NOMINEE_PROPOSE, "")
NOMINEE_VERB(nominee_withdraw, NOMINEE_WITHDRAW, "")
NOMINEE_VERB(nominee_return, NOMINEE_RETURN, "thiếu hồ sơ")
NOMINEE_VERB(nominee_start_vetting, NOMINEE_START_VETTING, "")
NOMINEE_VERB(nominee_disclosure_open, NOMINEE_DISCLOSURE_OPEN, "")
NOMINEE_VERB(nominee_disclosure_close, NOMINEE_DISCLOSURE_CLOSE, "")
NOMINEE_VERB(nominee_recommend, NOMINEE_RECOMMEND, "")
static int nominee_check(thd_client_t *c, const char *id)
{
    return cg_nominee_check(c, id, "TC2", THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET);
}
static int nominee_opinion(thd_client_t *c, const char *id)
{
    return cg_nominee_opinion(c, id, "Công an tỉnh");
}
static int nominee_complaint(thd_client_t *c, const char *id)
{
    return cg_nominee_complaint(c, id, "Đơn thư phản ánh");
}
static int nominee_decide(thd_client_t *c, const char *id)
{
    return cg_nominee_decide(c, id, true, "");
}
static int nominee_get(thd_client_t *c, const char *id)
{
    return cg_nominee_status(c, id) > 0 ? THD_OK : THD_PERMISSION_DENIED;
}
static int quota_set(thd_client_t *c, const char *id)
{
    (void)id;
    return cg_quota_set(c, THIDUA__V1__FIELD__FIELD_ECONOMY, INDIVIDUAL, 50, 0);
}
static int criterion_add(thd_client_t *c, const char *id)
{
    (void)id;
    static int n;
    char code[16];
    snprintf(code, sizeof code, "TC-P%d", ++n);
    return cg_criterion_add(c, code, false);
}
/* TC2's text, another each time: a change, so an allowed edit writes */
static int criterion_edit(thd_client_t *c, const char *id)
{
    (void)id;
    static int n;
    char text[64];
    snprintf(text, sizeof text, "Có sáng kiến được áp dụng (lần %d)", ++n);
    Thidua__V1__Criterion cr = THIDUA__V1__CRITERION__INIT;
    cr.code = "TC2";
    cr.text = text;
    Thidua__V1__CriterionEdit body = THIDUA__V1__CRITERION_EDIT__INIT;
    body.criterion = &cr;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CRITERION_EDIT);
    req.criterion_edit = &body;
    return cg_call(c, &req, NULL);
}
static int calendar_holidays_set(thd_client_t *c, const char *id)
{
    (void)id;
    char *days[] = {"2026-09-02", "2026-04-30"};
    Thidua__V1__CalendarHolidaysSet body = THIDUA__V1__CALENDAR_HOLIDAYS_SET__INIT;
    body.holidays = days;
    body.n_holidays = 2;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CALENDAR_HOLIDAYS_SET);
    req.calendar_holidays_set = &body;
    return cg_call(c, &req, NULL);
}
static int calendar_min_days_set(thd_client_t *c, const char *id)
{
    (void)id;
    /* 0 is cg_setup's (the other rows close windows at once), and setting
     * what is stored writes nothing: a change there and back */
    int rc = cg_calendar_min_days(c, 1);
    return rc ? rc : cg_calendar_min_days(c, 0);
}
static int calendar_get(thd_client_t *c, const char *id)
{
    (void)id;
    Thidua__V1__CalendarGet body = THIDUA__V1__CALENDAR_GET__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(CALENDAR_GET);
    req.calendar_get = &body;
    return cg_call(c, &req, NULL);
}

static int ballot_open(thd_client_t *c, const char *id)
{
    const char *list[] = {id};
    return cg_ballot_open(c, list, 1, NULL);
}
static int ballot_vote(thd_client_t *c, const char *id)
{
    return cg_ballot_vote(c, id, on_ballot, THIDUA__V1__VOTE_CHOICE__VOTE_CHOICE_YES);
}
static int ballot_close(thd_client_t *c, const char *id)
{
    return cg_ballot_verb(c, REQ(BALLOT_CLOSE), id);
}
static int ballot_get(thd_client_t *c, const char *id)
{
    return cg_ballot_verb(c, REQ(BALLOT_GET), id);
}
static int ballot_list(thd_client_t *c, const char *id)
{
    (void)id;
    Thidua__V1__BallotList body = THIDUA__V1__BALLOT_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(BALLOT_LIST);
    req.ballot_list = &body;
    return cg_call(c, &req, NULL);
}
/* 0 %: no ballot needed, so the rows before and after are unchanged */
static int threshold_set(thd_client_t *c, const char *id)
{
    (void)id;
    return cg_threshold_set(c, THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE, 0);
}
static int threshold_list(thd_client_t *c, const char *id)
{
    (void)id;
    Thidua__V1__ThresholdList body = THIDUA__V1__THRESHOLD_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(THRESHOLD_LIST);
    req.threshold_list = &body;
    return cg_call(c, &req, NULL);
}

struct row {
    const char *action;
    prepare_fn *prepare;
    act_fn *act;
    bool writes;
    int expect[CG_N_ACTORS]; /* admin, chair, office, unit, other unit, observer, council */
};

/* admin, chair, office, unit, other unit, observer, council */
#define OK_ THD_OK
#define NO_ THD_PERMISSION_DENIED
#define ALL_OK                                                                                     \
    {                                                                                              \
        OK_, OK_, OK_, OK_, OK_, OK_, OK_                                                          \
    }
#define ONLY_ADMIN                                                                                 \
    {                                                                                              \
        OK_, NO_, NO_, NO_, NO_, NO_, NO_                                                          \
    }
#define ONLY_CHAIR                                                                                 \
    {                                                                                              \
        NO_, OK_, NO_, NO_, NO_, NO_, NO_                                                          \
    }
#define ONLY_OFFICE                                                                                \
    {                                                                                              \
        NO_, NO_, OK_, NO_, NO_, NO_, NO_                                                          \
    }
#define ONLY_UNIT                                                                                  \
    {                                                                                              \
        NO_, NO_, NO_, OK_, NO_, NO_, NO_                                                          \
    }
#define OFFICE_UNIT                                                                                \
    {                                                                                              \
        NO_, NO_, OK_, OK_, NO_, NO_, NO_                                                          \
    }
#define BOTH_UNITS                                                                                 \
    {                                                                                              \
        NO_, NO_, NO_, OK_, OK_, NO_, NO_                                                          \
    }
#define ONLY_COUNCIL                                                                               \
    {                                                                                              \
        NO_, NO_, NO_, NO_, NO_, NO_, OK_                                                          \
    }

static const struct row matrix[] = {
    {"task.create", no_target, task_create, true, ONLY_OFFICE},
    {"task.edit", task_assigned, task_edit, true, ONLY_OFFICE},
    {"task.report", task_assigned, task_report, true, OFFICE_UNIT},
    {"task.submit", task_in_progress, task_submit, true, ONLY_UNIT},
    {"task.accept", task_submitted, task_accept, true, ONLY_OFFICE},
    {"task.return", task_submitted, task_return, true, ONLY_OFFICE},
    {"task.cancel", task_assigned, task_cancel, true, ONLY_OFFICE},
    {"task.get", task_assigned, task_get, false, ALL_OK},
    {"task.list", no_target, task_list, false, ALL_OK},
    {"document.get", task_with_document, document_get, false, ALL_OK},
    {"document.get (nominee)", nominee_with_file, document_get, false, ALL_OK},
    {"nominee.create", no_target, nominee_create, true, BOTH_UNITS},
    {"nominee.edit", nominee_draft, nominee_edit, true, ONLY_UNIT},
    {"nominee.attach", nominee_draft, nominee_attach, true, ONLY_UNIT},
    {"nominee.propose", nominee_draft, nominee_propose, true, ONLY_UNIT},
    {"nominee.withdraw", nominee_proposed, nominee_withdraw, true, ONLY_UNIT},
    {"nominee.return", nominee_proposed, nominee_return, true, ONLY_OFFICE},
    {"nominee.start_vetting", nominee_proposed, nominee_start_vetting, true, ONLY_OFFICE},
    {"nominee.check", nominee_vetting, nominee_check, true, ONLY_OFFICE},
    {"nominee.opinion", nominee_vetting, nominee_opinion, true, ONLY_OFFICE},
    {"nominee.disclosure_open", nominee_vetting, nominee_disclosure_open, true, ONLY_OFFICE},
    {"nominee.disclosure_close", nominee_disclosing, nominee_disclosure_close, true, ONLY_OFFICE},
    {"nominee.complaint", nominee_disclosing, nominee_complaint, true, ONLY_OFFICE},
    {"nominee.recommend", nominee_ready, nominee_recommend, true, ONLY_OFFICE},
    {"nominee.decide", nominee_vetted, nominee_decide, true, ONLY_CHAIR},
    {"nominee.get", nominee_draft, nominee_get, false, ALL_OK},
    {"nominee.list", no_target, nominee_list, false, ALL_OK},
    {"quota.set", no_target, quota_set, true, ONLY_ADMIN},
    {"quota.list", no_target, quota_list, false, ALL_OK},
    {"criterion.add", no_target, criterion_add, true, ONLY_ADMIN},
    {"criterion.edit", no_target, criterion_edit, true, ONLY_ADMIN},
    {"criterion.list", no_target, criterion_list, false, ALL_OK},
    {"counts", no_target, counts, false, ALL_OK},
    {"calendar.holidays_set", no_target, calendar_holidays_set, true, ONLY_ADMIN},
    {"calendar.min_days_set", no_target, calendar_min_days_set, true, ONLY_ADMIN},
    {"calendar.get", no_target, calendar_get, false, ALL_OK},
    {"ballot.open", nominee_vetted, ballot_open, true, ONLY_OFFICE},
    {"ballot.vote", ballot_open_one, ballot_vote, true, ONLY_COUNCIL},
    {"ballot.close", ballot_open_one, ballot_close, true, ONLY_OFFICE},
    {"ballot.get", ballot_open_one, ballot_get, false, ALL_OK},
    {"ballot.list", no_target, ballot_list, false, ALL_OK},
    {"threshold.set", no_target, threshold_set, true, ONLY_ADMIN},
    {"threshold.list", no_target, threshold_list, false, ALL_OK},
};

static void every_action_by_every_role_gets_the_matrix_status(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++) {
        const struct row *r = &matrix[i];
        for (int a = 0; a < CG_N_ACTORS; a++) {
            char id[32];
            r->prepare(id);
            unsigned long long before = th_revision(w.c[CG_ADMIN]);
            int got = r->act(w.c[a], id);
            unsigned long long after = th_revision(w.c[CG_ADMIN]);
            if (got != r->expect[a])
                fail_msg("%s by %s: status %d, expected %d", r->action, cg_actor_names[a], got,
                         r->expect[a]);
            bool changed = after != before;
            if (changed != (r->writes && got == THD_OK))
                fail_msg("%s by %s: revision %llu -> %llu", r->action, cg_actor_names[a], before,
                         after);
        }
    }
}

static void unit_cannot_create_a_nominee_for_another_unit(void **state)
{
    (void)state;
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    n.name = "Lê Văn C";
    n.field = CULTURE;
    n.kind = INDIVIDUAL;
    n.proposing_unit = CG_UNIT_CODE;
    Thidua__V1__NomineeCreate body = THIDUA__V1__NOMINEE_CREATE__INIT;
    body.nominee = &n;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = REQ(NOMINEE_CREATE);
    req.nominee_create = &body;
    unsigned long long before = th_revision(w.c[CG_ADMIN]);
    assert_int_equal(cg_call(w.c[CG_OTHER_UNIT], &req, NULL), THD_PERMISSION_DENIED);
    assert_int_equal(th_revision(w.c[CG_ADMIN]), before);
}

CG_GROUP_FIXTURES(w)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_action_by_every_role_gets_the_matrix_status),
        cmocka_unit_test(unit_cannot_create_a_nominee_for_another_unit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
