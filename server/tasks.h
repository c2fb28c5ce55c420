/* Tasks (DOMAIN.md §3): create, edit and assign, report progress, submit,
 * accept, return, cancel; documents kept per version (documents.c); reads with derived
 * overdue (thd_task_overdue, common/rules.h). Rules only; the store keeps the bytes. */
#ifndef THD_TASKS_H
#define THD_TASKS_H

#include "request.h"

handler_fn tasks_create, tasks_edit, tasks_report, tasks_submit, tasks_accept, tasks_return,
    tasks_cancel, tasks_get, tasks_list;

#endif
