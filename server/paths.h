/* The layout of a data directory. */
#ifndef THD_PATHS_H
#define THD_PATHS_H

#include <stdio.h>

#define PATHS_MAX        4096
#define PATHS_STORE      "store"
#define PATHS_SERVER_KEY "server.key"
#define PATHS_SERVER_PUB "server.pub"
#define PATHS_ADMIN_KEY  "admin.key"
#define PATHS_ADMIN_PUB  "admin.pub"
#define PATHS_ENDPOINTS  "endpoints"

/* DIR/NAME into out; an over-long path becomes "" and fails to open. */
static inline void paths_join(char out[PATHS_MAX], const char *dir, const char *name)
{
    int n = snprintf(out, PATHS_MAX, "%s/%s", dir, name);
    if (n < 0 || n >= PATHS_MAX)
        out[0] = '\0';
}

#endif
