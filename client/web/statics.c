/* The pages: files under the static directory, by a path of plain
 * characters only (no "..", no hidden files), and Bootstrap's CSS from
 * Debian's libjs-bootstrap5. Read whole: every page file is small. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http.h"
#include "routes.h"

#define MAX_STATIC_BYTES (2 * 1024 * 1024)

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".json", "application/json; charset=utf-8"},
};

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return NULL;
}

/* Letters, digits, '-', '_', '/' and single dots inside names only. */
static bool plain_path(const char *p)
{
    if (*p != '/' || strstr(p, "..") || strstr(p, "/.") || strstr(p, "//"))
        return false;
    for (; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./", *p))
            return false;
    return true;
}

static enum MHD_Result not_found(web_req_t *r)
{
    return web_refuse(r, 0, THD_R_WEB_NO_PAGE, "");
}

static enum MHD_Result send_file(web_req_t *r, const char *path, const char *type)
{
    int fd = open(path, O_RDONLY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > MAX_STATIC_BYTES) {
        if (fd >= 0)
            close(fd);
        return not_found(r);
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", type);
    return web_queue(r, MHD_HTTP_OK, resp);
}

enum MHD_Result static_file(web_req_t *r)
{
    const char *url = strcmp(r->url, "/") == 0 ? "/index.html" : r->url;
    const char *type = type_of(url);
    if (strncmp(url, "/api/", 5) == 0 || !plain_path(url) || !type)
        return not_found(r);
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s%s", r->web->static_dir, url) >= sizeof path)
        return not_found(r);
    return send_file(r, path, type);
}

enum MHD_Result static_bootstrap(web_req_t *r)
{
    return send_file(r, r->web->bootstrap_css, "text/css; charset=utf-8");
}
