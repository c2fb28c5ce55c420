/* Shared by the congress nouns (task, nominee, quota, criterion). */
#ifndef THD_CLI_CONGRESS_H
#define THD_CLI_CONGRESS_H

#include "cli.h"

typedef void cg_show_fn(const Thidua__V1__Response *resp);
/* Parses args (usage on error); -1 to go on, else the exit code. */
int cg_parse(int argc, char **argv, const struct arg_spec *s, int n, const char *noun);
/* Calls and prints the reply as JSON or through show. */
int cg_run(cli_t *cli, Thidua__V1__Request *req, cg_show_fn *show);
/* dd/mm/yyyy (or YYYY-MM-DD) to YYYY-MM-DD; -1 when malformed. */
int cg_date_in(const char *s, char out[11]);
/* YYYY-MM-DD to dd/mm/yyyy for people. */
const char *cg_date_out(const char *s, char out[11]);
/* An enum value by its short name, or -1 with the choices printed. */
int cg_enum(const ProtobufCEnumDescriptor *d, const char *what, const char *name);
const char *cg_enum_name(const ProtobufCEnumDescriptor *d, int v, char *buf, size_t cap);

cli_fn cmd_task_create, cmd_task_list, cmd_task_show, cmd_task_report, cmd_task_submit,
    cmd_task_accept, cmd_task_return, cmd_task_cancel, cmd_nominee_create, cmd_nominee_propose,
    cmd_nominee_withdraw, cmd_nominee_return, cmd_nominee_vet, cmd_nominee_check,
    cmd_nominee_recommend, cmd_nominee_decide, cmd_nominee_list, cmd_nominee_show, cmd_quota_set,
    cmd_quota_list, cmd_criterion_add, cmd_criterion_list, cmd_counts;

#endif
