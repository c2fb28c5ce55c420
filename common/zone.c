/* The province's timezone, set once per process (zone.h). */
#define _POSIX_C_SOURCE 200809L
#include "zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* A zone is a TZif file: "Asia", a folder, or zone.tab, a list, would be
 * taken by the C library as UTC without a word. */
int zone_known(const char *tz)
{
    char path[512], magic[4];
    struct stat sb;
    if (!tz || !*tz || tz[0] == '/' || strstr(tz, ".."))
        return 0;
    int n = snprintf(path, sizeof path, "%s/%s", ZONE_DIR, tz);
    if (n <= 0 || (size_t)n >= sizeof path || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0;
    FILE *f = fopen(path, "rb");
    size_t got = f ? fread(magic, 1, sizeof magic, f) : 0;
    if (f)
        fclose(f);
    return got == sizeof magic && memcmp(magic, "TZif", sizeof magic) == 0;
}

int zone_set(const char *tz)
{
    if (!zone_known(tz))
        return -1;
    setenv("TZ", tz, 1);
    tzset();
    return 0;
}
