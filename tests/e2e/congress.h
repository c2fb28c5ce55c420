/* The congress cast for domain tests: one server, an admin, a chair, the
 * office, two unit principals (SO-VHTTDL and H-NINHHAI), an observer and
 * one member of the council,
 * with short helpers for each request. Each helper returns the status code. */
#ifndef THD_CONGRESS_H
#define THD_CONGRESS_H

#include "harness.h"

enum cg_actor {
    CG_ADMIN,
    CG_CHAIR,
    CG_OFFICE,
    CG_UNIT,
    CG_OTHER_UNIT,
    CG_OBSERVER,
    CG_COUNCIL,
    CG_N_ACTORS
};

#define CG_UNIT_CODE  "SO-VHTTDL"
#define CG_OTHER_CODE "H-NINHHAI"

typedef struct cg_world {
    th_server_t srv;
    thd_client_t *c[CG_N_ACTORS];
} cg_world_t;

extern const char *const cg_actor_names[CG_N_ACTORS];

/* Starts a server, adds the units, principals and criteria TC1 (mandatory)
 * and TC2 (optional). */
void cg_setup(cg_world_t *w);
void cg_teardown(cg_world_t *w);

/* setup() and teardown() for cmocka_run_group_tests over one static world. */
#define CG_GROUP_FIXTURES(w)                                                                       \
    static int setup(void **state)                                                                 \
    {                                                                                              \
        (void)state;                                                                               \
        cg_setup(&(w));                                                                            \
        return 0;                                                                                  \
    }                                                                                              \
    static int teardown(void **state)                                                              \
    {                                                                                              \
        (void)state;                                                                               \
        cg_teardown(&(w));                                                                         \
        return 0;                                                                                  \
    }

/* Sends req with a fresh request id. *resp (when asked) is fresh or NULL. */
int cg_call(thd_client_t *c, Thidua__V1__Request *req, Thidua__V1__Response **resp);

int cg_task_create(thd_client_t *c, const char *title, const char *deadline, int kind, char id[32]);
int cg_task_report(thd_client_t *c, const char *id, unsigned percent, const char *text);
int cg_task_submit(thd_client_t *c, const char *id, Thidua__V1__Attachment *doc);
/* accept, return, cancel: body is the Request body case. */
int cg_task_verb(thd_client_t *c, int body, const char *id, const char *comments);
int cg_task_edit_title(thd_client_t *c, const char *id, const char *title);
/* The task, or NULL; free with thidua__v1__response__free_unpacked(*resp). */
const Thidua__V1__Task *cg_task_get(thd_client_t *c, const char *id, Thidua__V1__Response **resp);
int cg_task_status(thd_client_t *c, const char *id);
/* Drives a fresh task to status (assigned .. cancelled) with the right actors. */
void cg_task_in(cg_world_t *w, int status, char id[32]);

int cg_nominee_create(thd_client_t *c, const char *name, int field, int kind, char id[32]);
/* propose, withdraw, return, start_vetting, disclosure_*, recommend. */
int cg_nominee_verb(thd_client_t *c, int body, const char *id, const char *reason);
int cg_nominee_check(thd_client_t *c, const char *id, const char *criterion, int result);
int cg_nominee_complaint(thd_client_t *c, const char *id, const char *text);
int cg_nominee_resolve(thd_client_t *c, const char *id, unsigned number, const char *text);
int cg_nominee_opinion(thd_client_t *c, const char *id, const char *agency);
int cg_nominee_decide(thd_client_t *c, const char *id, bool selected, const char *reason);
int cg_nominee_status(thd_client_t *c, const char *id);
/* nominee.get as c (asserting it answers); the caller frees the reply. */
Thidua__V1__Response *cg_nominee_get(thd_client_t *c, const char *id);
/* A dossier file of len bytes named name, of media type type, with its
 * right SHA-256. */
int cg_nominee_attach(thd_client_t *c, const char *id, const char *name, const char *type,
                      const void *data, size_t len);
/* Drives a fresh nominee of (field, kind) to status; ready: in vetting with
 * every check done and disclosure closed, so recommend may go. */
void cg_nominee_in(cg_world_t *w, int status, int field, int kind, char id[32]);
void cg_nominee_ready(cg_world_t *w, int field, int kind, char id[32]);
/* A page of history.list for a task's or nominee's id, as c. */
int cg_history_page(thd_client_t *c, const char *id, uint32_t after, uint32_t size,
                    Thidua__V1__Response **resp);
/* The change log entry of revision rev as c reads it from changes_since;
 * *packed: its size. The caller frees it. */
Thidua__V1__Event *cg_event_at(thd_client_t *c, unsigned long long rev, size_t *packed);
/* How many of a task's or nominee's entries 1..n the watch's view holds. */
uint32_t cg_entries_held(thd_watch_t *wt, const char *parent, uint32_t n);

int cg_quota_set(thd_client_t *c, int field, int kind, unsigned max_selected,
                 unsigned max_per_unit);
int cg_criterion_add(thd_client_t *c, const char *code, bool mandatory);
/* The disclosure window's minimum in working days (cg_setup sets 0). */
int cg_calendar_min_days(thd_client_t *c, unsigned days);

/* The council's ballot: open on nominees (id: the ballot's), one member's
 * choice on one nominee, close or get (body: the Request body case), and
 * a kind's threshold. */
int cg_ballot_open(thd_client_t *c, const char *const *nominees, size_t n, char id[32]);
int cg_ballot_vote(thd_client_t *c, const char *ballot, const char *nominee, int choice);
int cg_ballot_verb(thd_client_t *c, int body, const char *id);
int cg_threshold_set(thd_client_t *c, int kind, unsigned percent);

/* An attachment over data with its right SHA-256 (hex in sha, 65 bytes). */
void cg_attachment(Thidua__V1__Attachment *a, const void *data, size_t len, char sha[65]);

#endif
