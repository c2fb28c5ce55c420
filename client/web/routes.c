/* Every URL the gateway answers, with what it needs: the one table that
 * http.c checks before any handler runs. */
#include "routes.h"

#include <string.h>

#include "web.h"

static const struct route routes[] = {
    {.method = "POST",
     .path = "/api/signin",
     .fn = auth_signin,
     .writes = true,
     .max_body = WEB_MAX_FORM_BYTES},
    {.method = "POST",
     .path = "/api/signout",
     .fn = auth_signout,
     .session = true,
     .writes = true,
     .first_password = true,
     .max_body = WEB_MAX_FORM_BYTES},
    {.method = "GET", .path = "/api/me", .fn = auth_me, .session = true, .first_password = true},
    {.method = "POST",
     .path = "/api/password",
     .fn = auth_password,
     .session = true,
     .writes = true,
     .first_password = true,
     .max_body = WEB_MAX_FORM_BYTES},
    /* every call is a POST with the token, reads too: one rule, no exceptions */
    {.method = "POST",
     .path = "/api/call/",
     .fn = api_call,
     .session = true,
     .writes = true,
     .max_body = WEB_MAX_CALL_BYTES},
    /* a request with a file: multipart/form-data, up to one document and its fields */
    {.method = "POST",
     .path = "/api/upload/",
     .fn = api_upload,
     .session = true,
     .writes = true,
     .max_body = WEB_MAX_UPLOAD_BYTES},
    {.method = "GET", .path = "/api/document/", .fn = api_document, .session = true},
    {.method = "GET", .path = "/api/snapshot", .fn = live_snapshot_route, .session = true},
    {.method = "GET", .path = "/api/events", .fn = live_events_route, .session = true},
    /* the admin's accounts: a key made here, registered by the admin's own call */
    {.method = "POST",
     .path = "/api/admin/account",
     .fn = admin_account_add,
     .session = true,
     .writes = true,
     .max_body = WEB_MAX_FORM_BYTES},
    {.method = "POST",
     .path = "/api/admin/account-state",
     .fn = admin_account_state,
     .session = true,
     .writes = true,
     .max_body = WEB_MAX_FORM_BYTES},
    {.method = "GET", .path = "/api/admin/accounts", .fn = admin_accounts, .session = true},
    {.method = "POST",
     .path = "/api/admin/account-unlock",
     .fn = admin_account_unlock,
     .session = true,
     .writes = true,
     .max_body = WEB_MAX_FORM_BYTES},
    {.method = "POST",
     .path = "/api/admin/account-reset",
     .fn = admin_account_reset,
     .session = true,
     .writes = true,
     .max_body = WEB_MAX_FORM_BYTES},
    /* a CSV through the CLI's reader into one all-or-nothing import */
    {.method = "POST",
     .path = "/api/import/",
     .fn = api_import,
     .session = true,
     .writes = true,
     .max_body = WEB_MAX_UPLOAD_BYTES},
    {.method = "GET", .path = "/api/export/", .fn = api_export, .session = true},
    /* the statistics, counted by libthidua from the person's own snapshot */
    {.method = "GET", .path = "/api/stats", .fn = api_stats, .session = true},
    /* the chair's draft decision and the certificates, drawn as the CLI draws them */
    {.method = "GET", .path = "/api/decision/", .fn = api_decision, .session = true},
    /* the catalog's words for the pages, before anyone signs in (labels.c) */
    {.method = "GET", .path = "/api/labels", .fn = api_labels},
    {.method = "GET", .path = "/vendor/bootstrap.min.css", .fn = static_bootstrap},
    {.method = "GET", .path = "/", .fn = static_file},
};

static bool matches(const struct route *rt, const char *path)
{
    size_t n = strlen(rt->path);
    return rt->path[n - 1] == '/' ? strncmp(path, rt->path, n) == 0 : strcmp(path, rt->path) == 0;
}

const struct route *routes_find(const char *method, const char *path, bool *wrong_method)
{
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!matches(&routes[i], path))
            continue;
        if (strcmp(routes[i].method, method) == 0)
            return &routes[i];
        *wrong_method = true;
    }
    return NULL;
}
