/* The province's timezone, set once per process (zone.h). */
#define _POSIX_C_SOURCE 200809L
#include "zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int zone_known(const char *tz)
{
    char path[512];
    if (!tz || !*tz || tz[0] == '/' || strstr(tz, ".."))
        return 0;
    int n = snprintf(path, sizeof path, "%s/%s", ZONE_DIR, tz);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

int zone_set(const char *tz)
{
    if (!zone_known(tz))
        return -1;
    setenv("TZ", tz, 1);
    tzset();
    return 0;
}
