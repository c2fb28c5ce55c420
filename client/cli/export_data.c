/* An export's data: the records of one paged snapshot, sorted into the
 * kinds' rows. Shared by `thidua export` and thidua-web's downloads, so
 * both write the same files from the same snapshot. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export.h"
#include "grow.h"
#include "rules.h"

void export_data_free(export_data_t *d)
{
    for (size_t i = 0; i < d->n_records; i++)
        thidua__v1__record__free_unpacked(d->records[i], NULL);
    free(d->records);
    free(d->tasks);
    free(d->nominees);
    free(d->quotas);
    free(d->reports);
    memset(d, 0, sizeof *d);
}

int export_data_take(export_data_t *d, Thidua__V1__Record *rec)
{
    if (grow(&d->records, &d->cap_records, d->n_records + 1, sizeof *d->records, SIZE_MAX) != 0)
        return -1;
    d->records[d->n_records++] = rec;
    return 0;
}

/* Takes the page's records into d (the page keeps none). */
int export_data_take_page(export_data_t *d, Thidua__V1__SnapshotReply *page)
{
    if (grow(&d->records, &d->cap_records, d->n_records + page->n_records, sizeof *d->records,
             SIZE_MAX) != 0)
        return -1;
    for (size_t i = 0; i < page->n_records; i++) {
        d->records[d->n_records++] = page->records[i];
        page->records[i] = NULL;
    }
    page->n_records = 0;
    return 0;
}

/* "T-2" before "T-10": ids of one prefix sort by length, then bytes. */
static int id_cmp(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

static int task_cmp(const void *a, const void *b)
{
    return id_cmp((*(const Thidua__V1__Task *const *)a)->id,
                  (*(const Thidua__V1__Task *const *)b)->id);
}

static int nominee_cmp(const void *a, const void *b)
{
    return id_cmp((*(const Thidua__V1__Nominee *const *)a)->id,
                  (*(const Thidua__V1__Nominee *const *)b)->id);
}

bool export_is_report(const Thidua__V1__HistoryEntry *h)
{
    return strcmp(h->verb, "report") == 0;
}

static int add_report(export_data_t *d, const Thidua__V1__Task *t,
                      const Thidua__V1__HistoryEntry *h)
{
    if (!export_is_report(h))
        return 0;
    export_report_t *r = realloc(d->reports, (d->n_reports + 1) * sizeof *r);
    if (!r)
        return -1;
    d->reports = r;
    d->reports[d->n_reports++] = (export_report_t){.task = t, .entry = h};
    return 0;
}

/* History records in their parents' order: by parent id, then seq. */
static int history_cmp(const void *a, const void *b)
{
    const Thidua__V1__History *x = *(const Thidua__V1__History *const *)a,
                              *y = *(const Thidua__V1__History *const *)b;
    int c = id_cmp(x->parent, y->parent);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The first of the records sorted by history_cmp whose parent is not
 * before parent (n when none). */
static size_t history_from(Thidua__V1__History **history, size_t n, const char *parent)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (id_cmp(history[mid]->parent, parent) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Gives a task or a nominee its History records' entries (taken from
 * them), after those its record still holds (written before its history
 * became records: format 4 for tasks, 5 for nominees), so that it exports
 * with its whole history as before; `history` is sorted by history_cmp. */
static int adopt(Thidua__V1__History **history, size_t n_history, const char *parent,
                 Thidua__V1__HistoryEntry ***entries, size_t *n)
{
    size_t first = history_from(history, n_history, parent), k = first;
    while (k < n_history && strcmp(history[k]->parent, parent) == 0)
        k++;
    if (k == first)
        return 0;
    Thidua__V1__HistoryEntry **h = realloc(*entries, (*n + (k - first)) * sizeof *h);
    if (!h)
        return -1;
    *entries = h;
    for (size_t j = first; j < k; j++)
        if (history[j]->entry) {
            h[(*n)++] = history[j]->entry;
            history[j]->entry = NULL;
        }
    return 0;
}

/* Every task and nominee adopts its History records (d owns the records). */
static int adopt_history(export_data_t *d, Thidua__V1__History **history, size_t n_history)
{
    for (size_t i = 0; i < d->n_tasks; i++) {
        Thidua__V1__Task *t = (Thidua__V1__Task *)d->tasks[i];
        if (adopt(history, n_history, t->id, &t->history, &t->n_history) != 0)
            return -1;
    }
    for (size_t i = 0; i < d->n_nominees; i++) {
        Thidua__V1__Nominee *n = (Thidua__V1__Nominee *)d->nominees[i];
        if (adopt(history, n_history, n->id, &n->history, &n->n_history) != 0)
            return -1;
    }
    return 0;
}

/* The reports of every task, in task order, then the task's own. */
static int add_reports(export_data_t *d)
{
    for (size_t i = 0; i < d->n_tasks; i++)
        for (size_t j = 0; j < d->tasks[i]->n_history; j++)
            if (add_report(d, d->tasks[i], d->tasks[i]->history[j]) != 0)
                return -1;
    return 0;
}

/* A snapshot's tasks come as stored, without the derived `overdue`
 * (docs/PROTOCOL.md 7.1): it is derived here for the export's day, by the
 * broker's rule (common/rules.c). */
static void derive_overdue(Thidua__V1__Task *t, int64_t now_ms)
{
    char today[11];
    export_today(now_ms, today);
    t->overdue = thd_task_overdue(t, today);
}

void export_today(int64_t ms, char out[11])
{
    time_t now = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Sorts the records into the kinds' rows. */
int export_data_classify(export_data_t *d)
{
    d->tasks = calloc(d->n_records + 1, sizeof *d->tasks);
    d->nominees = calloc(d->n_records + 1, sizeof *d->nominees);
    d->quotas = calloc(d->n_records + 1, sizeof *d->quotas);
    Thidua__V1__History **history = calloc(d->n_records + 1, sizeof *history);
    size_t n_history = 0;
    if (!d->tasks || !d->nominees || !d->quotas || !history) {
        free(history);
        return -1;
    }
    for (size_t i = 0; i < d->n_records; i++) {
        const Thidua__V1__Record *r = d->records[i];
        if (r->body_case == THIDUA__V1__RECORD__BODY_TASK) {
            derive_overdue(r->task, d->exported_at);
            d->tasks[d->n_tasks++] = r->task;
        } else if (r->body_case == THIDUA__V1__RECORD__BODY_NOMINEE)
            d->nominees[d->n_nominees++] = r->nominee;
        else if (r->body_case == THIDUA__V1__RECORD__BODY_QUOTA)
            d->quotas[d->n_quotas++] = r->quota;
        else if (r->body_case == THIDUA__V1__RECORD__BODY_HISTORY)
            history[n_history++] = r->history;
    }
    qsort(d->tasks, d->n_tasks, sizeof *d->tasks, task_cmp);
    qsort(d->nominees, d->n_nominees, sizeof *d->nominees, nominee_cmp);
    qsort(history, n_history, sizeof *history, history_cmp);
    int rc = adopt_history(d, history, n_history);
    if (rc == 0)
        rc = add_reports(d);
    free(history);
    return rc;
}
