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

static inline void paths_join(char out[PATHS_MAX], const char *dir, const char *name)
{
    snprintf(out, PATHS_MAX, "%s/%s", dir, name);
}

#endif
