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
    if (!mem.reserve)
        mem.reserve = malloc(MEM_RESERVE_BYTES);
}

/* A failure the tests asked for: every K-th allocation inside a request. */
static bool fail_now(void)
{
    return mem.every && mem.in_request && ++mem.count % mem.every == 0;
}

/* After a failed attempt: spends the reserve so that try again can work;
 * with none left there is nothing to go on with. */
static void spend_reserve(size_t n)
{
    mem.short_now = true;
    if (!mem.reserve) {
        log_error("out of memory for %zu bytes with the reserve spent: stopping", n);
        abort();
    }
    free(mem.reserve);
    mem.reserve = NULL;
    log_error("out of memory for %zu bytes: the reserve is spent, the request will be refused", n);
}

void *mem_realloc(void *p, size_t n)
{
    void *q = fail_now() ? NULL : realloc(p, n ? n : 1);
    if (!q) {
        spend_reserve(n);
        if (!(q = realloc(p, n ? n : 1)))
            spend_reserve(n);
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
        spend_reserve(SIZE_MAX);
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
            spend_reserve(need * elem);
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
