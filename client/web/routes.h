/* The handlers the route table names (routes.c). Each runs after the
 * checks of http.c and replies through web_queue. */
#ifndef THD_WEB_ROUTES_H
#define THD_WEB_ROUTES_H

#include "http.h"

enum MHD_Result auth_signin(web_req_t *r);
enum MHD_Result auth_signout(web_req_t *r);
enum MHD_Result auth_me(web_req_t *r);
enum MHD_Result auth_password(web_req_t *r);
enum MHD_Result api_call(web_req_t *r);
enum MHD_Result api_upload(web_req_t *r);
enum MHD_Result api_document(web_req_t *r);
enum MHD_Result live_snapshot_route(web_req_t *r);
enum MHD_Result live_events_route(web_req_t *r);
enum MHD_Result admin_account_add(web_req_t *r);
enum MHD_Result admin_account_state(web_req_t *r);
enum MHD_Result admin_accounts(web_req_t *r);
enum MHD_Result admin_account_unlock(web_req_t *r);
enum MHD_Result admin_account_reset(web_req_t *r);
enum MHD_Result api_import(web_req_t *r);
enum MHD_Result api_export(web_req_t *r);
enum MHD_Result api_stats(web_req_t *r);
enum MHD_Result api_labels(web_req_t *r);

enum MHD_Result api_decision(web_req_t *r);
enum MHD_Result static_bootstrap(web_req_t *r);
enum MHD_Result static_file(web_req_t *r);

#endif
