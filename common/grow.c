#include "grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int grow(void *arrp, size_t *cap, size_t need, size_t elem, size_t max)
{
    if (need <= *cap)
        return 0;
    if (elem && max > SIZE_MAX / elem)
        max = SIZE_MAX / elem; /* the bytes must fit a size_t */
    if (need > max || elem == 0)
        return -1;
    size_t n = *cap ? *cap : max < 8 ? max : 8;
    while (n < need)
        n = n > max / 2 ? max : n * 2;
    void *old; /* arrp points at a T *: copied, not cast, to stay clear of aliasing */
    memcpy(&old, arrp, sizeof old);
    void *p = realloc(old, n * elem);
    if (!p)
        return -1;
    memcpy(arrp, &p, sizeof p);
    *cap = n;
    return 0;
}
