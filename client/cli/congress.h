/* Shared by the congress nouns (task, document, nominee, quota, criterion). */
#ifndef THD_CLI_CONGRESS_H
#define THD_CLI_CONGRESS_H

#include "cli.h"

cli_fn cmd_task_create, cmd_task_edit, cmd_task_list, cmd_task_show, cmd_task_report,
    cmd_task_submit, cmd_task_accept, cmd_task_return, cmd_task_cancel, cmd_document_get,
    cmd_nominee_create, cmd_nominee_edit, cmd_nominee_attach, cmd_nominee_propose,
    cmd_nominee_withdraw, cmd_nominee_return, cmd_nominee_vet, cmd_nominee_check,
    cmd_nominee_opinion, cmd_nominee_disclose, cmd_nominee_close_disclosure, cmd_nominee_complain,
    cmd_nominee_resolve, cmd_nominee_recommend, cmd_nominee_decide, cmd_nominee_list,
    cmd_nominee_show, cmd_quota_set, cmd_quota_list, cmd_criterion_add, cmd_criterion_edit,
    cmd_criterion_list, cmd_counts, cmd_calendar_show, cmd_calendar_holidays, cmd_calendar_min_days,
    cmd_ballot_open, cmd_ballot_vote, cmd_ballot_close, cmd_ballot_show, cmd_ballot_list,
    cmd_threshold_set, cmd_threshold_list;

/* Reads the file at path (at most 16 MiB) into a, with its SHA-256 in
 * sha and a media type from its extension (thd_media_type_of); name: the
 * file's name to send, NULL for path's own last part. a->data.data is
 * fresh (free it); a's strings borrow path, name and sha. Says why and
 * returns -1 when it cannot (document.c). */
int cli_load_file(const char *path, const char *name, Thidua__V1__Attachment *a, char sha[65]);

/* Prints a nominee reply as its whole dossier (dossier.c). */
void cli_show_nominee(const Thidua__V1__Response *r);

#endif
