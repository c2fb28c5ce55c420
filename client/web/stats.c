/* GET /api/stats: the congress's statistics for the signed-in person, from
 * one snapshot read under that person's own key and counted by libthidua
 * (thd_stats_json), so the page shows what `thidua --json stats` prints.
 * A unit account gets its own unit's figures: only the records concerning
 * its unit count, as `thidua stats --unit CODE` counts them. Every other
 * role gets the whole congress. */
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "files.h"
#include "routes.h"
#include "sessions.h"
#include "stats_view.h"

/* The unit of the signed-in unit principal, from its principal record in
 * the snapshot; NULL when it names none. */
static const char *own_unit(const export_data_t *d, const char *principal)
{
    for (size_t i = 0; i < d->n_records; i++) {
        const Thidua__V1__Record *rec = d->records[i];
        if (rec->body_case == THIDUA__V1__RECORD__BODY_PRINCIPAL &&
            strcmp(rec->principal->name, principal) == 0)
            return *rec->principal->unit ? rec->principal->unit : NULL;
    }
    return NULL;
}

static enum MHD_Result answer(web_req_t *r, const export_data_t *d)
{
    bool unit_role = strcmp(session_role(r->session), "unit") == 0;
    const char *unit = unit_role ? own_unit(d, session_principal(r->session)) : NULL;
    if (unit_role && !unit) /* never the whole congress in place of a unit's own figures */
        return web_refuse(r, 0, THD_R_WEB_NO_UNIT, "");
    char *text = stats_of_export(d, unit);
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    if (!j)
        return web_refuse(r, 0, THD_R_WEB_STATS_FAILED, "");
    return web_json(r, MHD_HTTP_OK, j);
}

enum MHD_Result api_stats(web_req_t *r)
{
    export_data_t d = {0};
    thd_status_t st = {0};
    enum MHD_Result ret =
        files_read_snapshot(r, &d, &st) == 0 ? answer(r, &d) : web_status_error(r, &st);
    export_data_free(&d);
    return ret;
}
