/* thidua-demo-sim: one simulated member of the Organizing Committee for
 * scripts/demo. A department or district (--role unit) reports progress,
 * submits documents, proposes and withdraws nominees; the standing office
 * (--role office) accepts or returns work and vets nominees step by step;
 * the chair (--role chair) decides vetted nominees the council's ballot
 * counted (scripts/demo runs the ballot), within quota.
 *
 * Each process holds its own key and watches the broker (a unit watches
 * only its own records), so it acts on what the broker says, as a person
 * at a screen would. It first catches up (the committee's work before
 * "today" in the demo calendar), then acts at --pace. SIGINT or SIGTERM
 * ends it; it exits 0 unless the broker refused something a correct client
 * never sends (a bug, not a race), which it reports. */
#include <getopt.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "thidua.h"

#define REQ(b)  THIDUA__V1__REQUEST__BODY_##b
#define TS(s)   THIDUA__V1__TASK_STATUS__TASK_STATUS_##s
#define NS(s)   THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##s
#define MAX_REC 4096

typedef enum role { ROLE_UNIT, ROLE_OFFICE, ROLE_CHAIR } role_t;

typedef struct sim {
    role_t role;
    const char *unit;
    double pace; /* mean seconds between actions */
    thd_client_t *client;
    thd_watch_t *watch;
    char today[11]; /* YYYY-MM-DD, local time */
    unsigned done, refused, errors;
    /* records of the current view, borrowed until the next thd_watch_run */
    const Thidua__V1__Record *recs[MAX_REC];
    size_t n_recs;
} sim_t;

static volatile sig_atomic_t stopping;
static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

/* A stable number per record id, so the catch-up is the same every run. */
static unsigned id_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static unsigned rnd(unsigned n)
{
    return n ? randombytes_uniform(n) : 0;
}

/* Races between simulated people (two of them acting on one record) and
 * the domain's own limits are expected; anything else is a bug. */
static bool expected(int code)
{
    return code == THD_FAILED_PRECONDITION || code == THD_ABORTED ||
           code == THD_RESOURCE_EXHAUSTED || code == THD_NOT_FOUND;
}

static int sim_call(sim_t *s, Thidua__V1__Request *req)
{
    Thidua__V1__Response *resp = NULL;
    thd_status_t st = {0};
    req->request_id = "";
    int rc = thd_call(s->client, req, &resp, &st);
    if (resp)
        thidua__v1__response__free_unpacked(resp, NULL);
    if (rc == 0)
        s->done++;
    else if (expected(rc))
        s->refused++;
    else if (!stopping) {
        s->errors++;
        fprintf(stderr, "thidua-demo-sim %s: %s: %s\n", s->unit ? s->unit : "", thd_code_name(rc),
                st.message);
    }
    return rc;
}

static void collect(void *arg, const Thidua__V1__Record *rec)
{
    sim_t *s = arg;
    if (s->n_recs < MAX_REC)
        s->recs[s->n_recs++] = rec;
}

/* The view's records of one body case; returns how many went into out. */
typedef bool want_fn(const Thidua__V1__Record *r);

static size_t select_recs(sim_t *s, int body_case, want_fn *want, const Thidua__V1__Record **out,
                          size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_recs && n < cap; i++) {
        const Thidua__V1__Record *r = s->recs[i];
        if ((int)r->body_case == body_case && !r->deleted && want(r))
            out[n++] = r;
    }
    return n;
}

static const Thidua__V1__Record *pick(sim_t *s, int body_case, want_fn *want)
{
    static const Thidua__V1__Record *c[MAX_REC];
    size_t n = select_recs(s, body_case, want, c, MAX_REC);
    return n ? c[rnd((unsigned)n)] : NULL;
}

/* ---- tasks ---- */

static bool is_lead(const sim_t *s, const Thidua__V1__Task *t)
{
    return strcmp(t->lead_unit, s->unit) == 0;
}

static bool open_task(const Thidua__V1__Task *t)
{
    return t->status == TS(ASSIGNED) || t->status == TS(IN_PROGRESS) || t->status == TS(RETURNED);
}

/* A unit's view holds only the tasks it leads or supports. */
static bool task_open(const Thidua__V1__Record *r)
{
    return open_task(r->task);
}

static bool task_submitted(const Thidua__V1__Record *r)
{
    return r->task->status == TS(SUBMITTED);
}

static int report(sim_t *s, const Thidua__V1__Task *t, unsigned percent, const char *text)
{
    Thidua__V1__TaskReport in = THIDUA__V1__TASK_REPORT__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    in.id = t->id;
    in.percent = percent > 100 ? 100 : percent;
    in.text = (char *)text;
    req.body_case = REQ(TASK_REPORT);
    req.task_report = &in;
    return sim_call(s, &req);
}

static int submit(sim_t *s, const Thidua__V1__Task *t)
{
    Thidua__V1__TaskSubmit in = THIDUA__V1__TASK_SUBMIT__INIT;
    Thidua__V1__Attachment doc = THIDUA__V1__ATTACHMENT__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    char body[512], sha[65], name[64];
    unsigned char h[crypto_hash_sha256_BYTES];
    int len = snprintf(body, sizeof body, "%s\n\n%s\n(Bản trình duyệt của %s)\n", t->title,
                       t->description, s->unit);
    if (len < 0 || (size_t)len >= sizeof body)
        len = (int)strlen(body);
    crypto_hash_sha256(h, (unsigned char *)body, (size_t)len);
    sodium_bin2hex(sha, sizeof sha, h, sizeof h);
    snprintf(name, sizeof name, "%s-v%u.txt", t->id, t->versions + 1);
    doc.name = name;
    doc.media_type = "text/plain; charset=utf-8";
    doc.data.data = (uint8_t *)body;
    doc.data.len = (size_t)len;
    doc.sha256 = sha;
    in.id = t->id;
    in.text = "Trình Thường trực xem xét";
    if (t->kind == THIDUA__V1__TASK_KIND__TASK_KIND_DOCUMENT)
        in.document = &doc;
    req.body_case = REQ(TASK_SUBMIT);
    req.task_submit = &in;
    return sim_call(s, &req);
}

static int task_verb(sim_t *s, const Thidua__V1__Task *t, bool accept, const char *comments)
{
    Thidua__V1__TaskVerb in = THIDUA__V1__TASK_VERB__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    in.id = t->id;
    in.comments = (char *)comments;
    req.body_case = accept ? REQ(TASK_ACCEPT) : REQ(TASK_RETURN);
    if (accept)
        req.task_accept = &in;
    else
        req.task_return = &in;
    return sim_call(s, &req);
}

static void unit_work_on_task(sim_t *s)
{
    const Thidua__V1__Record *r = pick(s, THIDUA__V1__RECORD__BODY_TASK, task_open);
    if (!r)
        return;
    const Thidua__V1__Task *t = r->task;
    if (is_lead(s, t) && t->progress >= 80 && rnd(2) == 0) {
        submit(s, t);
        return;
    }
    static const char *notes[] = {"Đã họp triển khai, phân công cán bộ phụ trách",
                                  "Đang hoàn thiện dự thảo theo góp ý của Tiểu ban",
                                  "Đã phối hợp với các đơn vị liên quan",
                                  "Hoàn thành phần việc được giao, chờ tổng hợp"};
    report(s, t, t->progress + 10 + rnd(25), notes[rnd(4)]);
}

/* ---- nominees ---- */

static bool draft(const Thidua__V1__Record *r)
{
    return r->nominee->status == NS(DRAFT);
}
static bool proposed(const Thidua__V1__Record *r)
{
    return r->nominee->status == NS(PROPOSED);
}
static bool vetting(const Thidua__V1__Record *r)
{
    return r->nominee->status == NS(VETTING);
}
static bool vetted(const Thidua__V1__Record *r)
{
    return r->nominee->status == NS(VETTED);
}
/* Vetted, and counted in a closed ballot of the council: the chair waits
 * for the council's tally. */
static bool counted(const Thidua__V1__Record *r)
{
    return vetted(r) && r->nominee->ballot_closed;
}
/* The tally met the threshold recorded when the ballot closed. */
static bool tally_met(const Thidua__V1__Nominee *n)
{
    return (uint64_t)n->ballot_yes * 100 >= (uint64_t)n->ballot_threshold * n->ballot_members;
}

static int nominee_verb(sim_t *s, int body_case, const Thidua__V1__Nominee *n, const char *reason)
{
    Thidua__V1__NomineeVerb in = THIDUA__V1__NOMINEE_VERB__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    in.id = n->id;
    in.reason = (char *)reason;
    req.body_case = body_case;
    /* every NomineeVerb request shares one layout: set the member the
     * body case names through the oneof's common storage */
    req.nominee_propose = &in;
    return sim_call(s, &req);
}

static void unit_work_on_nominee(sim_t *s)
{
    const Thidua__V1__Record *r;
    if (rnd(12) == 0 && (r = pick(s, THIDUA__V1__RECORD__BODY_NOMINEE, proposed)))
        nominee_verb(s, REQ(NOMINEE_WITHDRAW), r->nominee, "Đơn vị rút để đề nghị gương khác");
    else if ((r = pick(s, THIDUA__V1__RECORD__BODY_NOMINEE, draft)))
        nominee_verb(s, REQ(NOMINEE_PROPOSE), r->nominee, "");
}

static const Thidua__V1__CriterionCheck *check_of(const Thidua__V1__Nominee *n, const char *code)
{
    for (size_t i = 0; i < n->n_checks; i++)
        if (strcmp(n->checks[i]->criterion, code) == 0)
            return n->checks[i];
    return NULL;
}

static int check(sim_t *s, const Thidua__V1__Nominee *n, const char *code, bool met)
{
    Thidua__V1__NomineeCheck in = THIDUA__V1__NOMINEE_CHECK__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    in.id = n->id;
    in.criterion = (char *)code;
    in.result = met ? THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET
                    : THIDUA__V1__CHECK_RESULT__CHECK_RESULT_NOT_MET;
    in.note = met ? "Hồ sơ, minh chứng đầy đủ" : "Chưa có minh chứng thành tích";
    req.body_case = REQ(NOMINEE_CHECK);
    req.nominee_check = &in;
    return sim_call(s, &req);
}

static int opinion(sim_t *s, const Thidua__V1__Nominee *n)
{
    Thidua__V1__NomineeOpinion in = THIDUA__V1__NOMINEE_OPINION__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    in.id = n->id;
    in.agency = "Công an tỉnh";
    in.text = "Không vi phạm pháp luật, chấp hành tốt quy định nơi cư trú";
    in.favorable = true;
    req.body_case = REQ(NOMINEE_OPINION);
    req.nominee_opinion = &in;
    return sim_call(s, &req);
}

static int complaint(sim_t *s, const Thidua__V1__Nominee *n, bool resolve)
{
    Thidua__V1__NomineeComplaint in = THIDUA__V1__NOMINEE_COMPLAINT__INIT;
    Thidua__V1__NomineeResolve res = THIDUA__V1__NOMINEE_RESOLVE__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    if (resolve) {
        res.id = n->id;
        res.number = (uint32_t)n->n_complaints;
        res.resolution = "Đã xác minh: nội dung phản ánh không có cơ sở";
        req.body_case = REQ(NOMINEE_RESOLVE);
        req.nominee_resolve = &res;
    } else {
        in.id = n->id;
        in.text = "Thư phản ánh của người dân trong thời gian công khai";
        req.body_case = REQ(NOMINEE_COMPLAINT);
        req.nominee_complaint = &in;
    }
    return sim_call(s, &req);
}

/* One vetting step: the criteria the unit claims, the police's opinion,
 * the public-disclosure window (with now and then a complaint to settle),
 * then the recommendation, or a return when a criterion is not met. */
static void vet_step(sim_t *s, const Thidua__V1__Nominee *n)
{
    static const char *mandatory[] = {"TC1", "TC2"};
    bool weak = id_hash(n->id) % 11 == 0;
    for (size_t i = 0; i < 2; i++) {
        const Thidua__V1__CriterionCheck *c = check_of(n, mandatory[i]);
        if (!c) {
            check(s, n, mandatory[i], !(weak && i == 1));
            return;
        }
        if (c->result != THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET) {
            nominee_verb(s, REQ(NOMINEE_RETURN), n, "Đề nghị bổ sung minh chứng thành tích");
            return;
        }
    }
    if (!n->n_opinions) {
        opinion(s, n);
        return;
    }
    if (n->n_complaints && !n->complaints[n->n_complaints - 1]->resolved) {
        complaint(s, n, true);
        return;
    }
    if (n->disclosure == THIDUA__V1__DISCLOSURE__DISCLOSURE_NOT_OPENED)
        nominee_verb(s, REQ(NOMINEE_DISCLOSURE_OPEN), n, "");
    else if (n->disclosure == THIDUA__V1__DISCLOSURE__DISCLOSURE_CLOSED)
        nominee_verb(s, REQ(NOMINEE_RECOMMEND), n, "");
    else if (!n->n_complaints && id_hash(n->id) % 9 == 0)
        complaint(s, n, false);
    else
        nominee_verb(s, REQ(NOMINEE_DISCLOSURE_CLOSE), n, "");
}

/* The steps of vetting done so far: a person finishes one file before
 * opening the next. */
static size_t vetting_done(const Thidua__V1__Nominee *n)
{
    return n->n_checks + n->n_opinions + (size_t)n->disclosure;
}

static const Thidua__V1__Nominee *most_advanced(sim_t *s)
{
    static const Thidua__V1__Record *c[MAX_REC];
    size_t n = select_recs(s, THIDUA__V1__RECORD__BODY_NOMINEE, vetting, c, MAX_REC);
    const Thidua__V1__Nominee *best = n ? c[rnd((unsigned)n)]->nominee : NULL;
    for (size_t i = 0; i < n; i++)
        if (vetting_done(c[i]->nominee) > vetting_done(best))
            best = c[i]->nominee;
    return best;
}

/* The whole vetting of one nominee in a row (catching up). */
static void vet_fully(sim_t *s, const Thidua__V1__Nominee *n)
{
    if (nominee_verb(s, REQ(NOMINEE_START_VETTING), n, "") || check(s, n, "TC1", true) ||
        check(s, n, "TC2", true) || opinion(s, n) ||
        nominee_verb(s, REQ(NOMINEE_DISCLOSURE_OPEN), n, "") ||
        nominee_verb(s, REQ(NOMINEE_DISCLOSURE_CLOSE), n, ""))
        return;
    nominee_verb(s, REQ(NOMINEE_RECOMMEND), n, "");
}

static void office_act(sim_t *s)
{
    const Thidua__V1__Record *r;
    unsigned dice = rnd(10);
    if (dice < 3 && (r = pick(s, THIDUA__V1__RECORD__BODY_TASK, task_submitted))) {
        bool ok = id_hash(r->task->id) % 4 || r->task->versions > 1;
        task_verb(s, r->task, ok, ok ? "" : "Đề nghị bổ sung số liệu, chỉnh sửa theo góp ý");
    } else if (dice < 4 && (r = pick(s, THIDUA__V1__RECORD__BODY_NOMINEE, proposed))) {
        if (id_hash(r->nominee->id) % 17 == 0)
            nominee_verb(s, REQ(NOMINEE_RETURN), r->nominee, "Hồ sơ chưa đúng mẫu quy định");
        else
            nominee_verb(s, REQ(NOMINEE_START_VETTING), r->nominee, "");
    } else {
        const Thidua__V1__Nominee *n = most_advanced(s);
        if (n)
            vet_step(s, n);
    }
}

/* ---- the chair ---- */

static const Thidua__V1__Quota *quota_of(sim_t *s, const Thidua__V1__Nominee *n)
{
    for (size_t i = 0; i < s->n_recs; i++) {
        const Thidua__V1__Quota *q = s->recs[i]->quota;
        if (s->recs[i]->body_case == THIDUA__V1__RECORD__BODY_QUOTA && q->field == n->field &&
            q->kind == n->kind)
            return q;
    }
    return NULL;
}

/* Decides one vetted nominee the council's ballot counted, the
 * influential first, selecting while its tally met the threshold and the
 * (field, kind) quota has room. */
static void chair_act(sim_t *s)
{
    static const Thidua__V1__Record *c[MAX_REC];
    size_t n = select_recs(s, THIDUA__V1__RECORD__BODY_NOMINEE, counted, c, MAX_REC);
    if (!n)
        return;
    const Thidua__V1__Nominee *best = c[rnd((unsigned)n)]->nominee;
    for (size_t i = 0; i < n && !best->influential; i++)
        if (c[i]->nominee->influential)
            best = c[i]->nominee;
    const Thidua__V1__Quota *q = quota_of(s, best);
    bool room = !q || !q->max_selected || q->selected < q->max_selected;
    Thidua__V1__NomineeDecide in = THIDUA__V1__NOMINEE_DECIDE__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    in.id = best->id;
    in.selected = room && tally_met(best) && id_hash(best->id) % 13 != 0;
    in.reason = !tally_met(best) ? "Chưa đạt tỷ lệ phiếu đồng ý của Hội đồng Thi đua - Khen thưởng"
                : !room ? "Đã đủ số lượng được tuyên dương trong lĩnh vực"
                        : "Thành tích chưa tiêu biểu bằng các gương khác cùng lĩnh vực";
    if (in.selected)
        in.reason = "";
    req.body_case = REQ(NOMINEE_DECIDE);
    req.nominee_decide = &in;
    sim_call(s, &req);
}

/* ---- catching up to "today" ---- */

static bool past(const sim_t *s, const Thidua__V1__Task *t, int days)
{
    struct tm tm = {0};
    time_t now = time(NULL) - (time_t)days * 86400;
    char d[11];
    localtime_r(&now, &tm);
    strftime(d, sizeof d, "%Y-%m-%d", &tm);
    (void)s;
    return strcmp(t->deadline, d) < 0;
}

/* Work due well before today is done, except about one task in five,
 * which stays overdue; work due later has begun here and there. */
static void unit_catch_up(sim_t *s)
{
    for (size_t i = 0; i < s->n_recs && !stopping; i++) {
        const Thidua__V1__Task *t = s->recs[i]->task;
        if (s->recs[i]->body_case != THIDUA__V1__RECORD__BODY_TASK || !is_lead(s, t) ||
            !open_task(t))
            continue;
        unsigned h = id_hash(t->id);
        if (past(s, t, 3) && h % 5) {
            if (report(s, t, 100, "Đã hoàn thành") == 0)
                submit(s, t);
        } else if (past(s, t, 0))
            report(s, t, 40 + h % 40, "Đang triển khai, chậm so với kế hoạch");
        else if (h % 3)
            report(s, t, 10 + h % 50, "Đã triển khai thực hiện");
    }
}

/* The office has accepted what was done before today, finished vetting
 * about one proposal in six and begun vetting about a third. */
static void office_catch_up(sim_t *s)
{
    for (size_t i = 0; i < s->n_recs && !stopping; i++) {
        const Thidua__V1__Record *r = s->recs[i];
        if (r->body_case == THIDUA__V1__RECORD__BODY_TASK && r->task->status == TS(SUBMITTED) &&
            past(s, r->task, 3))
            task_verb(s, r->task, true, "");
        else if (r->body_case == THIDUA__V1__RECORD__BODY_NOMINEE &&
                 r->nominee->status == NS(PROPOSED) && id_hash(r->nominee->id) % 2) {
            if (id_hash(r->nominee->id) % 3 == 1)
                vet_fully(s, r->nominee);
            else if (nominee_verb(s, REQ(NOMINEE_START_VETTING), r->nominee, "") == 0)
                check(s, r->nominee, "TC1", true);
        }
    }
}

/* ---- the loop ---- */

static void act(sim_t *s)
{
    if (s->role == ROLE_CHAIR)
        chair_act(s);
    else if (s->role == ROLE_OFFICE)
        office_act(s);
    else if (rnd(3))
        unit_work_on_task(s);
    else
        unit_work_on_nominee(s);
}

static void refresh(sim_t *s)
{
    s->n_recs = 0;
    thd_watch_each(s->watch, collect, s);
}

/* How long a signal may go unheard: thd_watch_run waits out its whole
 * timeout, signal or not, and scripts/demo waits for every simulated
 * client to end (a unit pumping 30 s between actions took as long). */
#define HEAR_STOP_MS 200

/* Pumps the watch for ms milliseconds, or until SIGINT or SIGTERM; false
 * when it failed for good. */
static bool pump(sim_t *s, int ms)
{
    thd_status_t st = {0};
    int64_t end = clock_mono_ms() + ms;
    for (int64_t left = ms; !stopping && left > 0; left = end - clock_mono_ms())
        if (thd_watch_run(s->watch, left < HEAR_STOP_MS ? (int)left : HEAR_STOP_MS, &st) < 0) {
            fprintf(stderr, "thidua-demo-sim: %s\n", st.message);
            s->errors++;
            return false;
        }
    return true;
}

/* Catches up once the view is in sync, then returns. */
static int sim_catch_up(sim_t *s)
{
    while (!stopping) {
        if (!pump(s, 200))
            return 1;
        if (!thd_watch_in_sync(s->watch))
            continue;
        refresh(s);
        if (s->role == ROLE_UNIT)
            unit_catch_up(s);
        else if (s->role == ROLE_OFFICE)
            office_catch_up(s);
        return 0;
    }
    return 0;
}

static int sim_live(sim_t *s, int duration)
{
    time_t end = duration > 0 ? time(NULL) + duration : 0;
    while (!stopping && (!end || time(NULL) < end)) {
        /* jittered: between half and one and a half paces */
        int ms = (int)(s->pace * 1000 * (0.5 + rnd(1000) / 1000.0));
        if (!pump(s, ms))
            return 1;
        if (stopping || !thd_watch_in_sync(s->watch))
            continue;
        refresh(s);
        act(s);
    }
    return 0;
}

static int usage(FILE *out, int rc)
{
    fputs("usage: thidua-demo-sim --role unit|office|chair [--unit CODE] [--pace SECONDS]\n"
          "                       [--duration SECONDS] [--catch-up] [--verbose]\n"
          "One simulated member of the committee for scripts/demo. Connection settings\n"
          "come from THIDUA_SERVER, THIDUA_EVENTS, THIDUA_SERVER_KEY and THIDUA_KEY.\n"
          "  --role       unit (a department or district), office (the standing office)\n"
          "               or chair (decides vetted nominees within quota)\n"
          "  --unit       the unit a unit principal belongs to (required with --role unit)\n"
          "  --pace       mean seconds between actions (default 10)\n"
          "  --duration   stop after this many seconds (default: until SIGINT/SIGTERM)\n"
          "  --catch-up   only bring the work up to \"today\" in the demo calendar\n"
          "               (work due before it done, a few tasks overdue), then exit\n"
          "  --verbose    say at the end how many actions were done and refused\n",
          out);
    return rc;
}

static bool verbose;

static int parse(int argc, char **argv, sim_t *s, int *duration, bool *catch_up)
{
    static const struct option longs[] = {{"role", 1, 0, 'r'},     {"unit", 1, 0, 'u'},
                                          {"pace", 1, 0, 'p'},     {"duration", 1, 0, 'd'},
                                          {"catch-up", 0, 0, 'c'}, {"verbose", 0, 0, 'v'},
                                          {"help", 0, 0, 'h'},     {0, 0, 0, 0}};
    const char *role = NULL;
    for (int c; (c = getopt_long(argc, argv, "h", longs, NULL)) != -1;) {
        switch (c) {
        case 'r':
            role = optarg;
            break;
        case 'u':
            s->unit = optarg;
            break;
        case 'p':
            s->pace = atof(optarg);
            break;
        case 'd':
            *duration = atoi(optarg);
            break;
        case 'c':
            *catch_up = true;
            break;
        case 'h':
            exit(usage(stdout, 0));
        default:
            return usage(stderr, 2);
        }
    }
    static const char *roles[] = {"unit", "office", "chair"};
    for (int i = 0; role && i < 3; i++)
        if (strcmp(role, roles[i]) == 0) {
            s->role = (role_t)i;
            if (s->pace > 0 && (s->role != ROLE_UNIT || s->unit))
                return 0;
        }
    fprintf(stderr, "thidua-demo-sim: give --role unit|office|chair, --unit with unit, and a "
                    "positive --pace\n");
    return usage(stderr, 2);
}

int main(int argc, char **argv)
{
    sim_t *s = calloc(1, sizeof *s);
    int duration = 0, rc;
    bool catch_up = false;
    if (!s || sodium_init() < 0)
        return 1;
    s->pace = 10;
    if ((rc = parse(argc, argv, s, &duration, &catch_up)) != 0) {
        free(s);
        return rc;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    thd_status_t st = {0};
    thd_watch_opts_t wo = {.unit = s->role == ROLE_UNIT ? s->unit : NULL};
    const thd_client_opts_t copts = {.stop = &stopping};
    s->client = thd_client_new(&copts, &st);
    if (s->client)
        s->watch = thd_watch_new(&copts, &wo, &(thd_watch_callbacks_t){0}, &st);
    rc = !s->watch ? 1 : catch_up ? sim_catch_up(s) : sim_live(s, duration);
    if (!s->watch)
        fprintf(stderr, "thidua-demo-sim: %s\n", st.message);
    else if (verbose || s->errors)
        fprintf(stderr, "thidua-demo-sim %s: %u done, %u refused by the rules, %u errors\n",
                s->role == ROLE_UNIT     ? s->unit
                : s->role == ROLE_OFFICE ? "office"
                                         : "chair",
                s->done, s->refused, s->errors);
    thd_watch_destroy(&s->watch);
    thd_client_destroy(&s->client);
    rc = rc || s->errors ? 1 : 0;
    free(s);
    return rc;
}
