#include "mem.h"

#include "grow.h"
#include "log.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct {
    void *reserve;
    bool in_request, short_now;
    unsigned long every, count; /* THIDUA_TEST_OOM_EVERY */
} mem;

void mem_init(void)
{
    const char *every = getenv("THIDUA_TEST_OOM_EVERY");
    mem.every = every ? strtoul(every, NULL, 10) : 0;
    if (mem.every)
        log_warn("THIDUA_TEST_OOM_EVERY=%lu: an allocation in a request fails now and then "
                 "(for tests only)",
                 mem.every);
    if (!mem.reserve)
        mem.reserve = malloc(MEM_RESERVE_BYTES);
}

/* A failure the tests asked for: every K-th allocation inside a request,
 * at most one a request (a second would count as a real one's second). */
static bool fail_now(void)
{
    return mem.every && mem.in_request && !mem.short_now && ++mem.count % mem.every == 0;
}

/* After a failed attempt: the request runs short, and the reserve, while it
 * is set aside, goes back to the allocator so that a try again can work. */
static void spend_reserve(size_t n)
{
    mem.short_now = true;
    if (!mem.reserve)
        return;
    free(mem.reserve);
    mem.reserve = NULL;
    log_error("out of memory for %zu bytes: the reserve is spent, the request will be refused", n);
}

/* The try again failed as well: nothing is left to go on with. */
static _Noreturn void stop(size_t n)
{
    log_error("out of memory for %zu bytes with the reserve spent: stopping", n);
    abort();
}

void *mem_realloc(void *p, size_t n)
{
    void *q = fail_now() ? NULL : realloc(p, n ? n : 1);
    if (!q) {
        spend_reserve(n);
        if (!(q = realloc(p, n ? n : 1)))
            stop(n);
    }
    return q;
}

void *mem_alloc(size_t n)
{
    return mem_realloc(NULL, n);
}

void *mem_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        stop(SIZE_MAX); /* no caller asks for more than a size_t counts */
    void *p = mem_alloc(n * size);
    memset(p, 0, n * size);
    return p;
}

char *mem_strdup(const char *s)
{
    size_t len = strlen(s ? s : "") + 1;
    return memcpy(mem_alloc(len), s ? s : "", len);
}

void mem_grow(void *arrp, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    if (fail_now() || grow(arrp, cap, need, elem, SIZE_MAX / elem) != 0) {
        spend_reserve(need * elem);
        if (grow(arrp, cap, need, elem, SIZE_MAX / elem) != 0)
            stop(need * elem);
    }
}

void mem_short(void)
{
    mem.short_now = true;
}

bool mem_request_begin(void)
{
    if (!mem.reserve)
        mem.reserve = malloc(MEM_RESERVE_BYTES);
    mem.short_now = false;
    mem.in_request = mem.reserve != NULL;
    return mem.in_request;
}

bool mem_ran_short(void)
{
    return mem.short_now;
}

void mem_request_end(void)
{
    mem.in_request = false;
}
