#include "backup.h"
#include "reasons.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct backup_job {
    store_t *store;
    store_snapshot_t *snap;
    char *dest;
    int done_fd;
    pthread_t thread;
    int rc;
    thd_status_t st;
};

static void *copy_main(void *arg)
{
    backup_job_t *job = arg;
    job->rc = store_copy(job->store, job->snap, job->dest, &job->st);
    uint64_t one = 1;
    if (write(job->done_fd, &one, sizeof one) != sizeof one)
        job->rc = -1; /* cannot happen with an eventfd below its maximum */
    return NULL;
}

static void job_free(store_t *store, backup_job_t *job)
{
    store_snapshot_destroy(store, &job->snap);
    if (job->done_fd >= 0)
        close(job->done_fd);
    free(job->dest);
    free(job);
}

backup_job_t *backup_job_start(store_t *store, const char *dest, thd_status_t *st)
{
    backup_job_t *job = calloc(1, sizeof *job);
    if (!job) {
        thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
        return NULL;
    }
    job->store = store;
    job->done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    job->dest = strdup(dest);
    job->snap = store_snapshot_new(store);
    int err = job->done_fd < 0 || !job->dest || !job->snap ? (errno ? errno : ENOMEM) : 0;
    if (!err)
        err = pthread_create(&job->thread, NULL, copy_main, job);
    if (err) {
        thd_status_set(st, THD_INTERNAL, "", "cannot start the backup: %s", strerror(err));
        job_free(store, job);
        return NULL;
    }
    return job;
}

int backup_job_fd(const backup_job_t *job)
{
    return job->done_fd;
}

int backup_job_finish(store_t *store, backup_job_t **job_p, uint64_t *revision, thd_status_t *st)
{
    backup_job_t *job = *job_p;
    pthread_join(job->thread, NULL);
    *revision = store_snapshot_revision(job->snap);
    int rc = job->rc;
    if (rc && st)
        *st = job->st;
    job_free(store, job);
    *job_p = NULL;
    return rc ? -1 : 0;
}
