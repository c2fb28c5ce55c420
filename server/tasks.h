/* Tasks (DOMAIN.md §3): create, edit and assign, report progress, submit,
 * accept, return, cancel; documents kept per version (documents.c); reads with derived
 * overdue (thd_task_overdue, common/rules.h). Rules only; the store keeps the bytes. */
#ifndef THD_TASKS_H
#define THD_TASKS_H

#include "request.h"
#include "transitions.h"

/* requests that make or read tasks */
handler_fn tasks_create, tasks_get, tasks_list;
/* a move's body rules, before dispatch loads the task */
handler_fn tasks_edit_rules, tasks_report_rules, tasks_submit_rules, tasks_return_rules;
/* the moves, on the task dispatch loaded and the transition it found */
record_fn tasks_edit, tasks_report, tasks_submit, tasks_accept, tasks_return, tasks_cancel;
/* Sets Task.returned, read and never stored: a task in progress whose
 * newest review step (thd_task_review_verb) is the office's return, as
 * task.get, task.list and counts show it. 0, or a status code. */
int tasks_mark_returned(req_ctx_t *ctx, Thidua__V1__Record *rec);

#endif
