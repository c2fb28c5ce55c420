/* GET /api/decision/<decision|certificates>.pdf: the chair's draft
 * decision with its annex, or the certificates, drawn by the CLI's own
 * code (thidua_decision) from one snapshot read under the person's key,
 * with the office's template (/etc/thidua/decision.txt or the built-in
 * copy). The revision names the file and comes in X-Thidua-Revision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decision.h"
#include "files.h"
#include "routes.h"

typedef struct draft {
    dec_input_t in;
    const dec_list_t *list;
    bool certificates;
} draft_t;

static int write_pdf(const char *path, const void *arg)
{
    const draft_t *d = arg;
    char err[256];
    return d->certificates ? dec_write_certificates(&d->in, d->list, path, err, sizeof err)
                           : dec_write_decision(&d->in, d->list, path, err, sizeof err);
}

/* The PDF for a snapshot with someone selected. */
static enum MHD_Result draw(web_req_t *r, const export_data_t *d, const dec_list_t *l,
                            const dec_tpl_t *tpl, bool certificates)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    draft_t dr = {.in = {.data = d,
                         .tpl = tpl,
                         .number = "",
                         .day = tm.tm_mday,
                         .month = tm.tm_mon + 1,
                         .year = tm.tm_year + 1900},
                  .list = l,
                  .certificates = certificates};
    size_t len = 0;
    char *buf = files_temp_bytes(write_pdf, &dr, &len);
    if (!buf)
        return web_refuse(r, 0, THD_R_WEB_PDF_FAILED, "");
    char name[96];
    snprintf(name, sizeof name, "%s-r%llu.pdf", certificates ? "bang-khen" : "du-thao-quyet-dinh",
             (unsigned long long)d->revision);
    return files_send(r, buf, len, name, "application/pdf", d->revision);
}

enum MHD_Result api_decision(web_req_t *r)
{
    bool certificates = strcmp(r->tail, "certificates.pdf") == 0;
    if (!certificates && strcmp(r->tail, "decision.pdf") != 0)
        return web_refuse(r, 0, THD_R_WEB_DECISION_FILES, "file");
    char err[1024];
    dec_tpl_t *tpl = dec_tpl_load(NULL, err, sizeof err);
    if (!tpl) /* the office's file is broken: its reason, in the gateway's language */
        return web_refuse(r, 0, THD_R_WEB_TEMPLATE_BROKEN, "template", err);
    export_data_t d = {0};
    dec_list_t l = {0};
    thd_status_t st = {0};
    enum MHD_Result ret;
    if (files_read_snapshot(r, &d, &st) != 0)
        ret = web_status_error(r, &st);
    else if (dec_collect(&d, &l) != 0)
        ret = MHD_NO;
    else if (l.n == 0)
        ret = web_refuse(r, MHD_HTTP_PRECONDITION_FAILED, THD_R_WEB_NONE_SELECTED, "");
    else
        ret = draw(r, &d, &l, tpl, certificates);
    dec_list_free(&l);
    export_data_free(&d);
    dec_tpl_destroy(&tpl);
    return ret;
}
