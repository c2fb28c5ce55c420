/* thidua-make-format3: adds tasks and nominees to a closed store the way a
 * format 3 broker wrote them, then marks the store format 3, for the
 * migration tests and the migrate benchmark. A test tool; never installed.
 *
 * Each record's history is kept inside it, and every write is logged as
 * the format 3 broker logged it: the whole record (its history too) in a
 * hash-chained change log entry, through the broker's own records_put,
 * changes_log and store_commit. Only the placement of history is format
 * 3's (and format 4's, for nominees); no byte is written by hand but the
 * mark.
 *   thidua-make-format3 STORE_DIR UNIT TASKS ENTRIES [PER_WRITE [NOMINEES]]
 * makes TASKS tasks led by UNIT with ENTRIES history entries each (create,
 * then reports), PER_WRITE entries per logged write (default 1: one write
 * per report, as the broker did; more makes big stores quickly), and
 * NOMINEES draft nominees proposed by UNIT with ENTRIES entries each
 * (create, then criterion checks). */
#include <leveldb/c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "changes.h"
#include "domain.h"
#include "records.h"
#include "request.h"
#include "store.h"

#define COMMIT_EVERY 256 /* logged writes per synced group, as a busy broker groups them */

struct maker {
    struct req_in in;
    req_ctx_t ctx;
    Thidua__V1__Request req; /* only its request id is read */
    char request_id[32];
    change_list_t log;
    thd_status_t st;
    int writes;
    size_t cap; /* room in the history array of the record being made */
};

static void die(struct maker *m, const char *what)
{
    fprintf(stderr, "thidua-make-format3: %s%s%s\n", what, m && *m->st.message ? ": " : "",
            m ? m->st.message : "");
    exit(1);
}

/* The history array of the task or nominee rec, and where its count is. */
static Thidua__V1__HistoryEntry ***history_of(Thidua__V1__Record *rec, size_t **n)
{
    if (rec->body_case == THIDUA__V1__RECORD__BODY_TASK) {
        *n = &rec->task->n_history;
        return &rec->task->history;
    }
    *n = &rec->nominee->n_history;
    return &rec->nominee->history;
}

/* Appends an entry by the maker's principal, now. The array grows by
 * doubling: the broker's domain_push grows it by one, which costs the
 * square of the 100,000 entries a test puts in one record. */
static Thidua__V1__HistoryEntry *add_entry(struct maker *m, Thidua__V1__Record *rec,
                                           const char *verb, const char *text)
{
    size_t *n;
    Thidua__V1__HistoryEntry ***arr = history_of(rec, &n);
    if (*n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 16;
        *arr = realloc(*arr, m->cap * sizeof **arr);
        if (!*arr)
            die(m, "out of memory");
    }
    Thidua__V1__HistoryEntry **one = NULL, *h;
    size_t k = 0;
    h = domain_history_add(&m->ctx, &one, &k, verb, text);
    free(one);
    (*arr)[(*n)++] = h;
    return h;
}

/* One logged write of rec (a copy is kept as the next version), as a
 * request of kind would make it; commits every COMMIT_EVERY writes. */
static Thidua__V1__Record *logged(struct maker *m, Thidua__V1__Record *rec, bool create,
                                  const char *kind)
{
    Thidua__V1__Record *next = records_dup(rec);
    m->in.now_ms += 1000;
    snprintf(m->request_id, sizeof m->request_id, "format3-%d", m->writes + 1);
    if (!create)
        records_changed(&m->ctx, "history"); /* what task.report and nominee.check name */
    if (!next || records_put(&m->ctx, rec, create) || changes_log(&m->ctx, kind) != 0)
        die(m, "cannot write a record");
    changes_clear(&m->log);
    if (++m->writes % COMMIT_EVERY == 0 && store_commit(m->ctx.store, &m->st) != 0)
        die(m, "commit");
    size_t *n;
    history_of(next, &n);
    m->cap = *n; /* a decoded copy: exactly full */
    return next;
}

static Thidua__V1__Record *new_task(struct maker *m, const char *unit, int i)
{
    char id[32], title[64];
    if (domain_next_id(&m->ctx, "task", "T", id, sizeof id) != 0)
        die(m, "no task id");
    Thidua__V1__Record *rec = domain_envelope("task", id);
    Thidua__V1__Task *t = malloc(sizeof *t);
    if (!rec || !t)
        die(m, "out of memory");
    thidua__v1__task__init(t);
    rec->body_case = THIDUA__V1__RECORD__BODY_TASK;
    rec->task = t;
    snprintf(title, sizeof title, "Nhiệm vụ cũ %d", i + 1);
    t->id = records_strdup(id);
    t->title = records_strdup(title);
    t->description = records_strdup("");
    t->kind = THIDUA__V1__TASK_KIND__TASK_KIND_WORK;
    t->phase = THIDUA__V1__PHASE__PHASE_BEFORE;
    t->lead_unit = records_strdup(unit);
    t->deadline = records_strdup("2030-12-31");
    t->ref = records_strdup("");
    t->status = THIDUA__V1__TASK_STATUS__TASK_STATUS_ASSIGNED;
    domain_add_unit(rec, unit);
    m->cap = 0;
    add_entry(m, rec, "create", "");
    return rec;
}

static void add_report(struct maker *m, Thidua__V1__Record *rec, int k)
{
    Thidua__V1__Task *t = rec->task;
    char text[96];
    snprintf(text, sizeof text, "Báo cáo tiến độ lần %d: đã làm xong phần việc", k);
    Thidua__V1__HistoryEntry *h = add_entry(m, rec, "report", text);
    h->percent = (uint32_t)(k % 100);
    t->progress = h->percent;
}

static void make_task(struct maker *m, const char *unit, int i, int entries, int per_write)
{
    Thidua__V1__Record *rec = new_task(m, unit, i);
    int k = 1;
    for (; k < entries && k < per_write; k++)
        add_report(m, rec, k);
    rec = logged(m, rec, true, "task.create");
    while (k < entries) {
        for (int j = 0; j < per_write && k < entries; j++, k++)
            add_report(m, rec, k);
        rec = logged(m, rec, false, "task.report");
    }
    thidua__v1__record__free_unpacked(rec, NULL);
}

static Thidua__V1__Record *new_nominee(struct maker *m, const char *unit, int i)
{
    char id[32], name[64];
    if (domain_next_id(&m->ctx, "nominee", "N", id, sizeof id) != 0)
        die(m, "no nominee id");
    Thidua__V1__Record *rec = domain_envelope("nominee", id);
    Thidua__V1__Nominee *n = malloc(sizeof *n);
    if (!rec || !n)
        die(m, "out of memory");
    thidua__v1__nominee__init(n);
    rec->body_case = THIDUA__V1__RECORD__BODY_NOMINEE;
    rec->nominee = n;
    snprintf(name, sizeof name, "Tập thể cũ %d", i + 1);
    n->id = records_strdup(id);
    n->name = records_strdup(name);
    n->kind = THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE;
    n->field = THIDUA__V1__FIELD__FIELD_CULTURE;
    n->proposing_unit = records_strdup(unit);
    n->status = THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_DRAFT;
    domain_add_unit(rec, unit);
    m->cap = 0;
    add_entry(m, rec, "create", "");
    return rec;
}

static void add_check(struct maker *m, Thidua__V1__Record *rec, int k)
{
    char text[64];
    snprintf(text, sizeof text, "TC%02d: met", k % 7 + 1);
    add_entry(m, rec, "check", text);
}

static void make_nominee(struct maker *m, const char *unit, int i, int entries, int per_write)
{
    Thidua__V1__Record *rec = new_nominee(m, unit, i);
    int k = 1;
    for (; k < entries && k < per_write; k++)
        add_check(m, rec, k);
    rec = logged(m, rec, true, "nominee.create");
    while (k < entries) {
        for (int j = 0; j < per_write && k < entries; j++, k++)
            add_check(m, rec, k);
        rec = logged(m, rec, false, "nominee.check");
    }
    thidua__v1__record__free_unpacked(rec, NULL);
}

/* The format 3 mark, written last: it is the one byte not written by the
 * broker's code (this release's never writes a 3). */
static void mark_format3(const char *dir)
{
    char *err = NULL;
    leveldb_options_t *o = leveldb_options_create();
    leveldb_t *db = leveldb_open(o, dir, &err);
    leveldb_writeoptions_t *w = leveldb_writeoptions_create();
    leveldb_writeoptions_set_sync(w, 1);
    if (!err)
        leveldb_put(db, w, "mschema", 7, "3", 1, &err);
    if (err) {
        fprintf(stderr, "thidua-make-format3: %s\n", err);
        exit(1);
    }
    leveldb_writeoptions_destroy(w);
    leveldb_close(db);
    leveldb_options_destroy(o);
}

int main(int argc, char **argv)
{
    if (argc < 5 || argc > 7) {
        fprintf(stderr,
                "usage: thidua-make-format3 STORE_DIR UNIT TASKS ENTRIES [PER_WRITE [NOMINEES]]\n");
        return 2;
    }
    int tasks = atoi(argv[3]), entries = atoi(argv[4]), per_write = argc >= 6 ? atoi(argv[5]) : 1;
    int nominees = argc == 7 ? atoi(argv[6]) : 0;
    static Thidua__V1__Principal who = THIDUA__V1__PRINCIPAL__INIT;
    who.name = (char *)"vhttdl";
    static struct maker m = {.in = {.who = &who}};
    m.in.now_ms = (int64_t)time(NULL) * 1000;
    m.ctx.in = &m.in;
    m.ctx.st = &m.st;
    m.ctx.log = &m.log;
    thidua__v1__request__init(&m.req);
    m.req.request_id = m.request_id;
    m.in.req = &m.req;
    /* format 3 too: a second run adds to the store a first run made */
    m.ctx.store = store_open_for(argv[1], STORE_VERIFY, &m.st);
    if (!m.ctx.store || tasks < 0 || entries < 1 || per_write < 1 || nominees < 0)
        die(&m, m.ctx.store ? "TASKS, ENTRIES, PER_WRITE and NOMINEES are counts"
                            : "cannot open the store");
    for (int i = 0; i < tasks; i++)
        make_task(&m, argv[2], i, entries, per_write);
    for (int i = 0; i < nominees; i++)
        make_nominee(&m, argv[2], i, entries, per_write);
    if (store_commit(m.ctx.store, &m.st) != 0)
        die(&m, "commit");
    printf("%d tasks and %d nominees, %lld history entries inside them, revision %llu\n", tasks,
           nominees, (long long)(tasks + nominees) * entries,
           (unsigned long long)store_committed_revision(m.ctx.store));
    store_destroy(&m.ctx.store);
    mark_format3(argv[1]);
    return 0;
}
