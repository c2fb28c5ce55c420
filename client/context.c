/* One ZeroMQ context (and so one I/O thread) for all the clients, event
 * streams and watches of a process. A context per object meant a thread
 * per object: a program with 64 connections ran 64 I/O threads competing
 * for the same cores. Contexts are thread-safe, so objects used from
 * different threads may share one; each socket still has one user.
 *
 * A child made by fork does not inherit the parent's I/O thread, so its
 * first acquire makes a fresh context; objects it inherited stay the
 * parent's. */
#include "context.h"

#include <pthread.h>
#include <stddef.h>
#include <zmq.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static void *ctx;
static unsigned users;

static void forget_in_child(void)
{
    ctx = NULL;
    users = 0;
    pthread_mutex_init(&lock, NULL);
}

static void register_fork_handler(void)
{
    pthread_atfork(NULL, NULL, forget_in_child);
}

void *client_context_acquire(void)
{
    pthread_once(&once, register_fork_handler);
    pthread_mutex_lock(&lock);
    if (!ctx)
        ctx = zmq_ctx_new();
    void *c = ctx;
    if (c)
        users++;
    pthread_mutex_unlock(&lock);
    return c;
}

void client_context_release(void)
{
    pthread_mutex_lock(&lock);
    void *done = NULL;
    if (users > 0 && --users == 0) {
        done = ctx;
        ctx = NULL;
    }
    pthread_mutex_unlock(&lock);
    if (done)
        zmq_ctx_term(done);
}
