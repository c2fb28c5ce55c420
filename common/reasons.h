/* Every refusal the broker sends and every error libthidua makes, in one
 * table: a stable id (part of the protocol), its gRPC code and its English
 * text with %s for each parameter. Clients translate the English text
 * through gettext and put the parameters back in, so the ids never change
 * and a row is only ever added (docs/PROTOCOL.md lists them all). */
#ifndef THD_REASONS_H
#define THD_REASONS_H

#include <stddef.h>

#include "status.h"

/* Who makes a reason: the broker (it travels in Status.reason),
 * libthidua itself (never on the wire), or thidua-web (in its JSON
 * errors to the browser, beside the broker's). */
enum { THD_SIDE_BROKER = 0, THD_SIDE_CLIENT = 1, THD_SIDE_WEB = 2 };

/* Parameters named in a row's labels (bit i: parameter i) are codes
 * ("office", "in_progress", alternatives "admin|unit", or a quota's pair
 * "society/individual") that clients show as their label in the user's
 * language; the English text shows the codes
 * as a list, "admin, office or unit" (thd_render_alternatives). */
#define THD_L(i) (1u << (i))
/* A parameter named in THD_PARTS is a list of smaller reasons, each its id
 * and its parameters after ':', '|' between them
 * ("nominee.criterion_unmet:TC1|nominee.complaint_open:2"); it shows as
 * their texts joined by "; ". */
#define THD_PARTS(i) (1u << (8 + (i)))
/* A parameter named in THD_VERB is a verb of the status machines
 * ("report", "start_vetting"); clients show it through the catalog's
 * msgctxt "verb" entry, the code itself when there is none. */
#define THD_VERB(i) (1u << (16 + (i)))
/* A parameter named in THD_NAME is a record type, a request kind or a
 * field ("principal", "unit.add", "task.title"); clients show the word
 * people use for it (thd_label_type, in Vietnamese thd_label_event, then
 * thd_label_field of the last part), the code where there is none. */
#define THD_NAME(i) (1u << (24 + (i)))

/* X(NAME, "id", CODE, SIDE, LABELS, "English text") */
#define THD_REASONS(X)                                                                             \
    /* anything */                                                                                 \
    X(OUT_OF_MEMORY, "internal.out_of_memory", INTERNAL, BROKER, 0, "out of memory")               \
    X(READ_ERROR, "internal.read_error", INTERNAL, BROKER, 0, "read error")                        \
    X(STORE_READ_FAILED, "store.read_failed", UNAVAILABLE, BROKER, 0, "store read failed: %s")     \
    X(STORE_WRITE_FAILED, "store.write_failed", UNAVAILABLE, BROKER, 0,                            \
      "store write failed; the store is now read-only: %s")                                        \
    X(STORE_DAMAGED, "store.damaged", DATA_LOSS, BROKER, 0, "a stored record is damaged")          \
    X(RECORD_DAMAGED, "store.record_damaged", DATA_LOSS, BROKER, 0,                                \
      "stored record '%s' is damaged")                                                             \
    X(LOG_ENTRY_DAMAGED, "store.log_entry_damaged", DATA_LOSS, BROKER, 0,                          \
      "log entry %s is damaged")                                                                   \
    X(LOG_ENTRY_MALFORMED, "store.log_entry_malformed", DATA_LOSS, BROKER, 0,                      \
      "a log entry is malformed")                                                                  \
    X(STORE_READ_ONLY, "store.read_only", UNAVAILABLE, BROKER, 0,                                  \
      "the store is read-only after a disk error; writes are refused until the broker is "         \
      "restarted with a healthy disk")                                                             \
    X(BROKER_READ_ONLY, "broker.read_only", UNAVAILABLE, BROKER, 0,                                \
      "the broker refuses writes after a disk error; reads still work; the operator must check "   \
      "the disk and restart it")                                                                   \
    /* the request as a whole */                                                                   \
    X(NOT_A_REQUEST, "request.malformed", INVALID_ARGUMENT, BROKER, 0,                             \
      "the message is not a thidua.v1.Request; check the client's .proto")                         \
    X(UNKNOWN_BODY, "request.unknown_kind", INVALID_ARGUMENT, BROKER, 0,                           \
      "the request has no body, or one this broker does not know; check that client and broker "   \
      "versions match")                                                                            \
    X(NO_REQUEST_ID, "request.no_request_id", INVALID_ARGUMENT, BROKER, 0,                         \
      "a write needs a request_id, unique per principal")                                          \
    X(REQUEST_ID_REUSED, "request.id_reused", FAILED_PRECONDITION, BROKER, 0,                      \
      "request_id '%s' was used in the last %s minutes for another request (%s); a new request "   \
      "needs a new request_id")                                                                    \
    X(PRINCIPAL_UNKNOWN, "request.principal_unknown", UNAUTHENTICATED, BROKER, 0,                  \
      "your principal is disabled or unknown, or its key was replaced; ask an admin")              \
    X(ROLE_DENIED, "request.role_denied", PERMISSION_DENIED, BROKER,                               \
      THD_NAME(0) | THD_L(1) | THD_L(3), "%s needs role %s; you (%s) are %s")                      \
    X(PART_MISSING, "request.part_missing", INVALID_ARGUMENT, BROKER, 0, "the %s is missing")      \
    X(BAD_PAGE_TOKEN, "request.bad_page_token", INVALID_ARGUMENT, BROKER, 0,                       \
      "'%s' is no page of this list: pass the token the page before ended with")                   \
    X(NO_ID, "request.no_id", INVALID_ARGUMENT, BROKER, THD_NAME(0), "give the %s's id (%s)")      \
    X(REPLY_TOO_BIG, "request.reply_too_big", RESOURCE_EXHAUSTED, BROKER, 0,                       \
      "the answer would be %s MiB, more than the %s MiB one message may carry; ask for fewer "     \
      "records at a time (page_size)")                                                             \
    X(CHANGE_TOO_BIG, "request.change_too_big", RESOURCE_EXHAUSTED, BROKER, THD_NAME(1),           \
      "this change would be %s MiB with the records it rewrites (%s %s is %s MiB); one change "    \
      "may carry at most %s MiB, so it was not made")                                              \
    X(STALE_REVISION, "request.stale_revision", ABORTED, BROKER, THD_NAME(0),                      \
      "%s '%s' is at revision %s, not %s; reread it and retry")                                    \
    X(RECORD_NOT_FOUND, "record.not_found", NOT_FOUND, BROKER, THD_NAME(0),                        \
      "%s '%s' does not exist")                                                                    \
    /* a handler that refused without a reason (a bug: debug builds stop);                         \
       the code is the handler's, the parameter its English message */                             \
    X(UNEXPLAINED, "request.refused", UNKNOWN, BROKER, 0, "%s")                                    \
    /* fields, checked against the .proto */                                                       \
    X(FIELD_NOT_ASCII, "field.not_ascii", INVALID_ARGUMENT, BROKER, THD_NAME(0),                   \
      "%s may hold only printable ASCII characters")                                               \
    X(FIELD_TOO_MANY_BYTES, "field.too_many_bytes", INVALID_ARGUMENT, BROKER, THD_NAME(0),         \
      "%s is longer than %s bytes")                                                                \
    X(FIELD_NOT_UTF8, "field.not_utf8", INVALID_ARGUMENT, BROKER, THD_NAME(0),                     \
      "%s is not valid UTF-8 text")                                                                \
    X(FIELD_TOO_LONG, "field.too_long", INVALID_ARGUMENT, BROKER, THD_NAME(0),                     \
      "%s is longer than %s characters")                                                           \
    X(FIELD_CONTROL, "field.control_character", INVALID_ARGUMENT, BROKER, THD_NAME(0),             \
      "%s holds a control character")                                                              \
    X(FIELD_BLANK, "field.blank", INVALID_ARGUMENT, BROKER, THD_NAME(0), "%s holds only spaces")   \
    X(FIELD_BAD_ENUM, "field.unknown_value", INVALID_ARGUMENT, BROKER, THD_NAME(0),                \
      "%s has unknown value %s")                                                                   \
    X(FIELD_TOO_MANY, "field.too_many_elements", INVALID_ARGUMENT, BROKER, 0,                      \
      "%s has more than %s elements")                                                              \
    X(BAD_DATE, "field.bad_date", INVALID_ARGUMENT, BROKER, 0,                                     \
      "%s '%s' is not a real date written YYYY-MM-DD (e.g. 2020-08-10)")                           \
    X(BAD_REF, "field.bad_ref", INVALID_ARGUMENT, BROKER, 0,                                       \
      "ref '%s' must be 1-64 of A-Z a-z 0-9 . _ - / (e.g. KH-01)")                                 \
    X(REF_TAKEN, "field.ref_taken", ALREADY_EXISTS, BROKER, 0, "ref '%s' is already %s %s's")      \
    X(NO_KIND, "field.no_nominee_kind", INVALID_ARGUMENT, BROKER, 0,                               \
      "give the kind: collective or individual")                                                   \
    X(NO_FIELD, "field.no_field", INVALID_ARGUMENT, BROKER, 0,                                     \
      "give the field: economy, culture, society or defense_security")                             \
    /* principals and units */                                                                     \
    X(PRINCIPAL_BAD_NAME, "principal.bad_name", INVALID_ARGUMENT, BROKER, 0,                       \
      "principal name '%s' must be 1-64 of a-z 0-9 . _ -")                                         \
    X(PRINCIPAL_BAD_KEY, "principal.bad_key", INVALID_ARGUMENT, BROKER, 0,                         \
      "public key must be a 40-character Z85 CURVE key (the public-key line of a file made by "    \
      "thidua keygen)")                                                                            \
    X(PRINCIPAL_NO_ROLE, "principal.no_role", INVALID_ARGUMENT, BROKER, 0,                         \
      "give a role: admin, chair, office, unit, observer or council")                              \
    X(PRINCIPAL_NEEDS_UNIT, "principal.needs_unit", INVALID_ARGUMENT, BROKER, 0,                   \
      "a principal with role unit needs the code of its unit")                                     \
    X(PRINCIPAL_NO_UNIT, "principal.not_of_unit", INVALID_ARGUMENT, BROKER, 0,                     \
      "only a principal with role unit belongs to a unit")                                         \
    X(PRINCIPAL_UNIT_NOT_FOUND, "principal.unit_not_found", NOT_FOUND, BROKER, 0,                  \
      "unit '%s' does not exist; add it first with: thidua unit add")                              \
    X(PRINCIPAL_EXISTS, "principal.exists", ALREADY_EXISTS, BROKER, 0,                             \
      "principal '%s' already exists")                                                             \
    X(PRINCIPAL_KEY_TAKEN, "principal.key_taken", ALREADY_EXISTS, BROKER, 0,                       \
      "this public key already belongs to principal '%s'; each principal needs its own key pair")  \
    X(PRINCIPAL_DISABLE_SELF, "principal.disable_self", FAILED_PRECONDITION, BROKER, 0,            \
      "you cannot disable your own principal '%s'; ask another admin")                             \
    X(UNIT_BAD_CODE, "unit.bad_code", INVALID_ARGUMENT, BROKER, 0,                                 \
      "unit code '%s' must be 2-24 of A-Z 0-9 - (e.g. SO-VHTTDL)")                                 \
    X(UNIT_NO_NAME, "unit.no_name", INVALID_ARGUMENT, BROKER, 0, "give the unit's name")           \
    X(UNIT_NO_KIND, "unit.no_kind", INVALID_ARGUMENT, BROKER, 0,                                   \
      "give the unit's kind: committee, office, subcommittee, department, district, force or "     \
      "organization")                                                                              \
    X(UNIT_EXISTS, "unit.exists", ALREADY_EXISTS, BROKER, 0, "unit '%s' already exists")           \
    X(UNIT_NO_CODE, "unit.no_code", INVALID_ARGUMENT, BROKER, 0, "give a unit code in %s")         \
    X(UNIT_NOT_FOUND, "unit.not_found", NOT_FOUND, BROKER, 0,                                      \
      "unit '%s' does not exist; see: thidua unit list")                                           \
    /* tasks */                                                                                    \
    X(TASK_NOT_FOUND, "task.not_found", NOT_FOUND, BROKER, 0, "task '%s' does not exist")          \
    X(TASK_NO_TITLE, "task.no_title", INVALID_ARGUMENT, BROKER, 0, "give the task's title")        \
    X(TASK_NO_KIND, "task.no_kind", INVALID_ARGUMENT, BROKER, 0,                                   \
      "give the kind: work or document")                                                           \
    X(TASK_NO_PHASE, "task.no_phase", INVALID_ARGUMENT, BROKER, 0,                                 \
      "give the phase: before, during or after")                                                   \
    X(TASK_LEAD_SUPPORTS, "task.lead_supports", INVALID_ARGUMENT, BROKER, 0,                       \
      "%s is the lead unit; a unit cannot also support its own task")                              \
    X(TASK_SUPPORT_TWICE, "task.support_twice", INVALID_ARGUMENT, BROKER, 0,                       \
      "support unit %s is listed twice")                                                           \
    X(TASK_HISTORY_FULL, "task.history_full", RESOURCE_EXHAUSTED, BROKER, 0,                       \
      "task %s holds %s MiB of history, the most a task takes from its unit; the office can "      \
      "still accept, return or cancel it, or open a new task")                                     \
    X(TASK_BAD_PERCENT, "task.bad_percent", INVALID_ARGUMENT, BROKER, 0,                           \
      "percent %s is outside 0-100")                                                               \
    X(TASK_DOCUMENT_IN_REPORT, "task.document_needs_submit", INVALID_ARGUMENT, BROKER, 0,          \
      "task %s is a document task: its submission carries the document")                           \
    X(TASK_NO_COMMENTS, "task.no_comments", INVALID_ARGUMENT, BROKER, 0,                           \
      "say what the unit must add or change (comments)")                                           \
    X(TASK_WRONG_STATUS, "task.wrong_status", FAILED_PRECONDITION, BROKER,                         \
      THD_L(1) | THD_L(3) | THD_VERB(2), "task %s is %s; %s is allowed only when it is %s")        \
    X(TASK_STEP_FIRST, "task.step_first", FAILED_PRECONDITION, BROKER,                             \
      THD_L(1) | THD_L(3) | THD_VERB(2) | THD_VERB(4),                                             \
      "task %s is %s; %s is allowed only when it is %s, after the step %s")                        \
    X(TASK_ROLE_MAY_NOT, "task.role_may_not", PERMISSION_DENIED, BROKER, THD_VERB(1),              \
      "task %s: your role may not %s it")                                                          \
    X(TASK_UNIT_MAY_NOT, "task.unit_may_not", PERMISSION_DENIED, BROKER, THD_VERB(1),              \
      "task %s: a unit may not %s it")                                                             \
    X(TASK_NOT_LEAD, "task.not_lead_unit", PERMISSION_DENIED, BROKER, 0,                           \
      "task %s: only the lead unit %s may do this (you are %s)")                                   \
    X(TASK_NOT_LEAD_OR_SUPPORT, "task.not_lead_or_support_unit", PERMISSION_DENIED, BROKER, 0,     \
      "task %s: only the lead or a support unit, e.g. %s may do this (you are %s)")                \
    /* documents */                                                                                \
    X(DOCUMENT_NOT_FOUND, "document.not_found", NOT_FOUND, BROKER, 0,                              \
      "task %s has %s document version(s); there is no version %s")                                \
    X(DOCUMENT_TOO_BIG, "document.too_big", RESOURCE_EXHAUSTED, BROKER, 0,                         \
      "%s is %s bytes; the most is %s (16 MiB)")                                                   \
    X(DOCUMENT_NO_NAME, "document.no_file_name", INVALID_ARGUMENT, BROKER, 0,                      \
      "give the file's name in %s")                                                                \
    X(DOCUMENT_NO_TYPE, "document.no_media_type", INVALID_ARGUMENT, BROKER, 0,                     \
      "give the media type in %s")                                                                 \
    X(DOCUMENT_NOT_WHAT_NAMED, "document.not_what_named", INVALID_ARGUMENT, BROKER, THD_PARTS(2),  \
      "'%s' is no %s file: %s; a renamed file, or the wrong one chosen")                           \
    /* the parts of document.not_what_named: what the bytes are */                                 \
    X(DOCUMENT_SEEN_AS, "document.seen_as", INVALID_ARGUMENT, BROKER, 0,                           \
      "its bytes are those of a %s file")                                                          \
    X(DOCUMENT_SEEN_NONE, "document.seen_none", INVALID_ARGUMENT, BROKER, 0,                       \
      "it does not begin as one does")                                                             \
    X(DOCUMENT_HASH, "document.hash_mismatch", INVALID_ARGUMENT, BROKER, 0,                        \
      "%s does not match the bytes sent (their SHA-256 is %s); the file was damaged or changed, "  \
      "send it again")                                                                             \
    /* nominees */                                                                                 \
    X(NOMINEE_NOT_FOUND, "nominee.not_found", NOT_FOUND, BROKER, 0, "nominee '%s' does not exist") \
    X(NOMINEE_NO_NAME, "nominee.no_name", INVALID_ARGUMENT, BROKER, 0, "give the nominee's name")  \
    X(NOMINEE_BIRTH_YEAR, "nominee.bad_birth_year", INVALID_ARGUMENT, BROKER, 0,                   \
      "birth year %s is not plausible: write a year from 1900 to %s (e.g. 1978)")                  \
    X(NOMINEE_GENDER, "nominee.bad_gender", INVALID_ARGUMENT, BROKER, 0,                           \
      "gender '%s' is neither Nam nor Nữ (male or female)")                                        \
    X(NOMINEE_COLLECTIVE_PERSON, "nominee.collective_person", INVALID_ARGUMENT, BROKER, 0,         \
      "a collective has no gender or birth year: leave them empty")                                \
    X(NOMINEE_OTHER_UNIT, "nominee.other_unit", PERMISSION_DENIED, BROKER, 0,                      \
      "you act for %s; you cannot propose for %s")                                                 \
    X(NOMINEE_NO_RETURN_REASON, "nominee.no_return_reason", INVALID_ARGUMENT, BROKER, 0,           \
      "say what the unit must change (reason)")                                                    \
    X(NOMINEE_NO_REJECT_REASON, "nominee.no_reject_reason", INVALID_ARGUMENT, BROKER, 0,           \
      "a rejection needs the reason (reason)")                                                     \
    X(NOMINEE_NO_RESULT, "nominee.no_check_result", INVALID_ARGUMENT, BROKER, 0,                   \
      "give the result: met or not_met")                                                           \
    X(NOMINEE_NO_AGENCY, "nominee.no_agency", INVALID_ARGUMENT, BROKER, 0,                         \
      "name the agency that gave the opinion")                                                     \
    X(NOMINEE_DISCLOSURE_OPEN, "nominee.disclosure_open", FAILED_PRECONDITION, BROKER, 0,          \
      "nominee %s: the disclosure window is already open")                                         \
    X(NOMINEE_DISCLOSURE_CLOSED, "nominee.disclosure_closed", FAILED_PRECONDITION, BROKER, 0,      \
      "nominee %s: the disclosure window is already closed")                                       \
    X(NOMINEE_DISCLOSURE_NOT_OPEN, "nominee.disclosure_not_open", FAILED_PRECONDITION, BROKER, 0,  \
      "nominee %s: the disclosure window is not open yet")                                         \
    X(NOMINEE_DISCLOSURE_TOO_SOON, "nominee.disclosure_too_soon", FAILED_PRECONDITION, BROKER, 0,  \
      "nominee %s: the disclosure window opened on %s stays open at least %s working days; it "    \
      "may close on %s")                                                                           \
    X(NOMINEE_BAD_PERIOD, "nominee.bad_period", INVALID_ARGUMENT, BROKER, 0,                       \
      "the achievement period %s-%s is not plausible: give both years, from 1900 to 2100, the "    \
      "first not after the second")                                                                \
    /* an earlier honour's first parameter is its place in the list, from 1:                       \
       kept for older clients; the texts name the honour by its year, as the                       \
       person typed it, since the list the broker counts is not one they see */                    \
    X(NOMINEE_HONOUR_YEAR, "nominee.bad_honour_year", INVALID_ARGUMENT, BROKER, 0,                 \
      "earlier honour: year %2$s is not plausible; write a year from 1900 to %3$s")                \
    X(NOMINEE_HONOUR_NO_FORM, "nominee.honour_no_form", INVALID_ARGUMENT, BROKER, 0,               \
      "earlier honour of %2$s: give its form, e.g. a provincial certificate of merit")             \
    X(NOMINEE_FUTURE_YEAR, "nominee.future_year", INVALID_ARGUMENT, BROKER, 0,                     \
      "year %s is in the future: a birth year or an earlier honour's year cannot be later than "   \
      "this year, %s")                                                                             \
    X(NOMINEE_NO_COMPLAINT_TEXT, "nominee.no_complaint_text", INVALID_ARGUMENT, BROKER, 0,         \
      "give the complaint's text")                                                                 \
    X(NOMINEE_NO_RESOLUTION, "nominee.no_resolution", INVALID_ARGUMENT, BROKER, 0,                 \
      "say how the complaint was resolved")                                                        \
    X(NOMINEE_NO_COMPLAINT, "nominee.complaint_not_found", NOT_FOUND, BROKER, 0,                   \
      "nominee %s has no complaint %s")                                                            \
    X(NOMINEE_COMPLAINT_RESOLVED, "nominee.complaint_resolved", FAILED_PRECONDITION, BROKER, 0,    \
      "complaint %s of nominee %s is already resolved")                                            \
    X(NOMINEE_NOT_READY, "nominee.not_ready", FAILED_PRECONDITION, BROKER, THD_PARTS(1),           \
      "nominee %s cannot be recommended: %s")                                                      \
    /* the parts of nominee.not_ready */                                                           \
    X(NOMINEE_CRITERION_UNMET, "nominee.criterion_unmet", FAILED_PRECONDITION, BROKER, 0,          \
      "criterion %s not checked met")                                                              \
    X(NOMINEE_DISCLOSURE_NOT_OPENED, "nominee.disclosure_not_opened", FAILED_PRECONDITION, BROKER, \
      0, "the disclosure window is not opened yet")                                                \
    X(NOMINEE_DISCLOSURE_STILL_OPEN, "nominee.disclosure_still_open", FAILED_PRECONDITION, BROKER, \
      0, "the disclosure window is still open")                                                    \
    X(NOMINEE_COMPLAINT_OPEN, "nominee.complaint_open", FAILED_PRECONDITION, BROKER, 0,            \
      "complaint %s is open")                                                                      \
    X(NOMINEE_WRONG_STATUS, "nominee.wrong_status", FAILED_PRECONDITION, BROKER,                   \
      THD_L(1) | THD_L(3) | THD_VERB(2), "nominee %s is %s; %s is allowed only when it is %s")     \
    X(NOMINEE_STEP_FIRST, "nominee.step_first", FAILED_PRECONDITION, BROKER,                       \
      THD_L(1) | THD_L(3) | THD_VERB(2) | THD_VERB(4),                                             \
      "nominee %s is %s; %s is allowed only when it is %s, after the step %s")                     \
    X(NOMINEE_ROLE_MAY_NOT, "nominee.role_may_not", PERMISSION_DENIED, BROKER, THD_VERB(1),        \
      "nominee %s: your role may not %s it")                                                       \
    X(NOMINEE_UNIT_MAY_NOT, "nominee.unit_may_not", PERMISSION_DENIED, BROKER, THD_VERB(1),        \
      "nominee %s: a unit may not %s it")                                                          \
    X(NOMINEE_FILE_TYPE, "nominee.file_type_not_allowed", INVALID_ARGUMENT, BROKER, 0,             \
      "'%s' (%s) is not a kind of file a dossier holds: it holds PDF, images (JPEG, PNG, TIFF) "   \
      "and office documents (Word, Excel, OpenDocument)")                                          \
    X(NOMINEE_TOO_MANY_FILES, "nominee.too_many_files", RESOURCE_EXHAUSTED, BROKER, 0,             \
      "nominee %s already holds %s files, the most one dossier may")                               \
    X(NOMINEE_FILE_NOT_FOUND, "nominee.file_not_found", NOT_FOUND, BROKER, 0,                      \
      "nominee %s has %s file version(s); there is no version %s")                                 \
    X(DOCUMENT_NONE_YET, "document.none_yet", NOT_FOUND, BROKER, 0, "task %s has no document yet") \
    X(NOMINEE_NO_FILES_YET, "nominee.no_files_yet", NOT_FOUND, BROKER, 0,                          \
      "nominee %s has no dossier file yet")                                                        \
    X(NOMINEE_NOT_PROPOSER, "nominee.not_proposing_unit", PERMISSION_DENIED, BROKER, 0,            \
      "nominee %s: only the proposing unit %s may do this (you are %s)")                           \
    /* quotas and criteria */                                                                      \
    X(QUOTA_BELOW_SELECTED, "quota.below_selected", FAILED_PRECONDITION, BROKER, THD_L(1),         \
      "%s are already selected in %s; the quota cannot be lower")                                  \
    X(QUOTA_PROPOSALS_FULL, "quota.proposals_full", RESOURCE_EXHAUSTED, BROKER, THD_L(3),          \
      "unit %s already has %s of %s proposals allowed in %s; withdraw one first")                  \
    X(QUOTA_FULL, "quota.full", RESOURCE_EXHAUSTED, BROKER, THD_L(0),                              \
      "the quota for %s is full: %s of %s selected")                                               \
    X(CRITERION_BAD_CODE, "criterion.bad_code", INVALID_ARGUMENT, BROKER, 0,                       \
      "criterion code '%s' must be 1-24 of A-Z 0-9 - (e.g. TC1)")                                  \
    X(CRITERION_NO_TEXT, "criterion.no_text", INVALID_ARGUMENT, BROKER, 0,                         \
      "give the criterion's text")                                                                 \
    X(CRITERION_EXISTS, "criterion.exists", ALREADY_EXISTS, BROKER, 0,                             \
      "criterion '%s' already exists")                                                             \
    X(CRITERION_NOT_FOUND, "criterion.not_found", NOT_FOUND, BROKER, 0,                            \
      "criterion '%s' does not exist; see: thidua criterion list")                                 \
    X(CRITERION_OTHER_KIND, "criterion.other_kind", FAILED_PRECONDITION, BROKER,                   \
      THD_L(1) | THD_L(2), "criterion %s is for the kind %s only; this nominee is %s")             \
    /* the working-day calendar */                                                                 \
    X(CALENDAR_BAD_HOLIDAY, "calendar.bad_holiday", INVALID_ARGUMENT, BROKER, 0,                   \
      "the holiday on line %s ('%s') is not a real date; write it dd/mm/yyyy (or yyyy-mm-dd), "    \
      "e.g. 15/01/2027; nothing was changed")                                                      \
    /* several: how many, the lines of the first few and their values, each                        \
       list joined by ", ", an ellipsis last when there are more */                                \
    X(CALENDAR_BAD_HOLIDAYS, "calendar.bad_holidays", INVALID_ARGUMENT, BROKER, 0,                 \
      "%s holidays are not real dates: lines %s (%s); write them dd/mm/yyyy (or yyyy-mm-dd), "     \
      "e.g. 15/01/2027; nothing was changed")                                                      \
    X(CALENDAR_BAD_MIN_DAYS, "calendar.bad_min_days", INVALID_ARGUMENT, BROKER, 0,                 \
      "the disclosure window's minimum must be 0 to %s working days, not %s; nothing was changed") \
    /* the council's ballot and its thresholds */                                                  \
    X(BALLOT_NOT_FOUND, "ballot.not_found", NOT_FOUND, BROKER, 0,                                  \
      "ballot '%s' does not exist; see: thidua ballot list")                                       \
    X(BALLOT_NO_NOMINEES, "ballot.no_nominees", INVALID_ARGUMENT, BROKER, 0,                       \
      "give the nominees the ballot is on")                                                        \
    X(BALLOT_LISTED_TWICE, "ballot.listed_twice", INVALID_ARGUMENT, BROKER, 0,                     \
      "nominee %s is listed twice")                                                                \
    X(BALLOT_NOT_VETTED, "ballot.nominee_not_vetted", FAILED_PRECONDITION, BROKER, THD_L(1),       \
      "nominee %s is %s; a ballot takes only vetted nominees (the office recommends them first)")  \
    X(BALLOT_NOMINEE_BUSY, "ballot.nominee_in_open_ballot", FAILED_PRECONDITION, BROKER, 0,        \
      "nominee %s is already in ballot %s, which is still open; close that ballot first")          \
    X(BALLOT_NO_COUNCIL, "ballot.no_council", FAILED_PRECONDITION, BROKER, 0,                      \
      "the council has no members; an admin registers them with role council")                     \
    X(BALLOT_CLOSED, "ballot.closed", FAILED_PRECONDITION, BROKER, 0,                              \
      "ballot %s is closed; it takes no more votes")                                               \
    X(BALLOT_ALREADY_CLOSED, "ballot.already_closed", FAILED_PRECONDITION, BROKER, 0,              \
      "ballot %s is already closed")                                                               \
    X(BALLOT_NOT_MEMBER, "ballot.not_member", PERMISSION_DENIED, BROKER, 0,                        \
      "you (%s) are not a member of the council ballot %s was opened for")                         \
    X(BALLOT_NO_CHOICES, "ballot.no_choices", INVALID_ARGUMENT, BROKER, 0,                         \
      "give at least one choice: a nominee and yes, no or abstain")                                \
    X(BALLOT_NO_CHOICE, "ballot.no_choice", INVALID_ARGUMENT, BROKER, 0,                           \
      "give yes, no or abstain for nominee %s")                                                    \
    X(BALLOT_NOT_ON_BALLOT, "ballot.not_on_ballot", INVALID_ARGUMENT, BROKER, 0,                   \
      "nominee %s is not on ballot %s")                                                            \
    X(BALLOT_NO_TALLY, "ballot.no_tally", FAILED_PRECONDITION, BROKER, 0,                          \
      "nominee %s has no tally from a closed ballot; selecting it needs %s %% of the council's "   \
      "members voting yes")                                                                        \
    X(BALLOT_BELOW_THRESHOLD, "ballot.below_threshold", FAILED_PRECONDITION, BROKER, 0,            \
      "nominee %s has %s yes of %s council members (%s %%) in ballot %s; "                         \
      "selecting it needs %s %%")                                                                  \
    X(THRESHOLD_OVER_100, "threshold.over_100", INVALID_ARGUMENT, BROKER, 0,                       \
      "a threshold is a percent of all council members: %s is over 100")                           \
    /* snapshots and the change log */                                                             \
    X(PAGE_TOO_BIG, "feed.page_too_big", INVALID_ARGUMENT, BROKER, 0,                              \
      "page_size %s is over the limit of %s")                                                      \
    X(SNAPSHOT_NOT_HERE, "feed.snapshot_not_here", INTERNAL, BROKER, 0,                            \
      "snapshots are not served here")                                                             \
    X(CURSORS_FULL, "feed.cursors_full", RESOURCE_EXHAUSTED, BROKER, 0,                            \
      "%s snapshots are open; finish one or wait %s s for idle ones to expire")                    \
    X(CURSOR_UNKNOWN, "feed.cursor_unknown", NOT_FOUND, BROKER, 0,                                 \
      "snapshot cursor '%s' is unknown or expired (idle over %s s); start a new snapshot")         \
    X(CURSOR_OTHER_UNIT, "feed.cursor_other_unit", INVALID_ARGUMENT, BROKER, 0,                    \
      "the cursor was opened for unit '%s'; keep the same filter")                                 \
    X(CURSOR_EVICTED, "feed.cursor_evicted", NOT_FOUND, BROKER, 0,                                 \
      "snapshot cursor '%s' was closed for a newer one: a principal keeps at most %s open; "       \
      "start a new snapshot")                                                                      \
    X(REVISION_AHEAD, "feed.revision_ahead", INVALID_ARGUMENT, BROKER, 0,                          \
      "revision %s is ahead of the broker's %s; was the store replaced? take a new snapshot")      \
    X(REVISION_COMPACTED, "feed.revision_compacted", OUT_OF_RANGE, BROKER, 0,                      \
      "the change log starts at revision %s, after %s; take a new snapshot")                       \
    /* import */                                                                                   \
    X(IMPORT_NO_ROWS, "import.no_rows", INVALID_ARGUMENT, BROKER, 0, "the import has no rows")     \
    X(IMPORT_EMPTY_ROW, "import.empty_row", INVALID_ARGUMENT, BROKER, 0,                           \
      "the row holds no unit, task or nominee")                                                    \
    X(IMPORT_NO_REF, "import.no_ref", INVALID_ARGUMENT, BROKER, 0,                                 \
      "give the row's ref (its stable key)")                                                       \
    X(IMPORT_REF_GONE, "import.ref_gone", INTERNAL, BROKER, 0,                                     \
      "ref '%s' names %s %s, which is gone")                                                       \
    X(IMPORT_REF_OTHER_UNIT, "import.ref_of_other_unit", PERMISSION_DENIED, BROKER, 0,             \
      "ref '%s' is nominee %s of unit %s, not of %s")                                              \
    X(IMPORT_NOT_DRAFT, "import.not_draft", FAILED_PRECONDITION, BROKER, 0,                        \
      "nominee %s (ref '%s') is no longer a draft; only drafts change by import")                  \
    X(IMPORT_OTHER_UNIT, "import.other_unit", PERMISSION_DENIED, BROKER, 0,                        \
      "you act for %s; you cannot import nominees of %s")                                          \
    X(IMPORT_NO_PROPOSER, "import.no_proposing_unit", INVALID_ARGUMENT, BROKER, 0,                 \
      "an admin imports for any unit: give the proposing_unit")                                    \
    X(IMPORT_ROLE_DENIED, "import.role_denied", PERMISSION_DENIED, BROKER, THD_NAME(0) | THD_L(1), \
      "importing %ss needs role %s; you (%s) are not")                                             \
    X(IMPORT_DUPLICATE, "import.duplicate", INVALID_ARGUMENT, BROKER, THD_NAME(0),                 \
      "%s '%s' is already in line %s of this import")                                              \
    X(IMPORT_REFUSED, "import.rows_refused", INVALID_ARGUMENT, BROKER, 0,                          \
      "%s of %s rows refused, nothing imported; line %s: %s")                                      \
    /* libthidua's own */                                                                          \
    X(NO_SERVER_KEY, "client.no_server_key", INVALID_ARGUMENT, CLIENT, 0,                          \
      "no server key: give --server-key FILE (the broker's server.pub) or set THIDUA_SERVER_KEY")  \
    X(NO_KEY, "client.no_key", INVALID_ARGUMENT, CLIENT, 0,                                        \
      "no key: give --key FILE (your secret key file) or set THIDUA_KEY")                          \
    X(KEY_FILE_MISSING, "client.key_file_missing", NOT_FOUND, CLIENT, 0,                           \
      "cannot open key file '%s': %s")                                                             \
    X(KEY_FILE_DENIED, "client.key_file_denied", PERMISSION_DENIED, CLIENT, 0,                     \
      "cannot open key file '%s': %s")                                                             \
    X(KEY_FILE_READ, "client.key_file_read", INTERNAL, CLIENT, 0, "cannot read key file '%s': %s") \
    X(KEY_FILE_OPEN, "client.key_file_open", PERMISSION_DENIED, CLIENT, 0,                         \
      "secret key file '%s' is readable by others; run: chmod 600 '%s'")                           \
    X(KEY_FILE_NOT_SECRET, "client.not_a_secret_key_file", INVALID_ARGUMENT, CLIENT, 0,            \
      "'%s' is not a secret key file (want public-key and secret-key lines; make one with: "       \
      "thidua keygen)")                                                                            \
    X(KEY_FILE_NO_PUBLIC, "client.no_public_key_line", INVALID_ARGUMENT, CLIENT, 0,                \
      "'%s' is not a public key file such as thidua keygen makes (NAME.pub)")                      \
    X(KEYGEN_FAILED, "client.keygen_failed", INTERNAL, CLIENT, 0,                                  \
      "cannot generate a CURVE key pair: %s")                                                      \
    X(KEY_FILE_EXISTS, "client.key_file_exists", ALREADY_EXISTS, CLIENT, 0,                        \
      "cannot create key file '%s': %s")                                                           \
    X(KEY_FILE_CREATE, "client.key_file_create", INVALID_ARGUMENT, CLIENT, 0,                      \
      "cannot create key file '%s': %s")                                                           \
    X(KEY_FILE_WRITE, "client.key_file_write", INTERNAL, CLIENT, 0,                                \
      "cannot write key file '%s': %s")                                                            \
    X(BAD_ENDPOINT, "client.bad_endpoint", INVALID_ARGUMENT, CLIENT, 0,                            \
      "cannot connect to '%s' (%s): write the broker's address tcp://HOST:PORT, e.g. "             \
      "tcp://127.0.0.1:7510")                                                                      \
    X(BAD_EVENTS_ENDPOINT, "client.bad_events_endpoint", INVALID_ARGUMENT, CLIENT, 0,              \
      "cannot subscribe to '%s' (%s): write the broker's events address tcp://HOST:PORT, e.g. "    \
      "tcp://127.0.0.1:7511")                                                                      \
    X(REQUEST_TOO_BIG, "client.request_too_big", RESOURCE_EXHAUSTED, CLIENT, 0,                    \
      "the request is %s bytes; the limit is %s")                                                  \
    X(NO_REPLY, "client.no_reply", UNAVAILABLE, CLIENT, 0,                                         \
      "no reply from the broker at %s after %s attempt(s) of %s ms; check that thidua-server "     \
      "runs there, that the address and port are right, that --server-key is that broker's "       \
      "server.pub, and that an admin registered your key")                                         \
    X(INTERRUPTED, "client.interrupted", CANCELLED, CLIENT, 0,                                     \
      "the call to the broker at %s was cancelled: the program is stopping")                       \
    X(EVENTS_FAILED, "client.events_failed", UNAVAILABLE, CLIENT, 0, "event stream failed: %s")    \
    X(DAMAGED_REPLY, "client.damaged_record", INTERNAL, CLIENT, 0,                                 \
      "the broker sent a damaged record")                                                          \
    X(NO_SNAPSHOT, "client.no_snapshot", INTERNAL, CLIENT, 0,                                      \
      "the broker's reply holds no snapshot")                                                      \
    X(CONFIG_MISSING, "client.config_missing", NOT_FOUND, CLIENT, 0,                               \
      "cannot read config '%s': %s")                                                               \
    X(CONFIG_UNREADABLE, "client.config_unreadable", INVALID_ARGUMENT, CLIENT, 0,                  \
      "cannot read config '%s': %s")                                                               \
    X(CONFIG_PARSE, "client.config_parse", INTERNAL, CLIENT, 0, "cannot parse config '%s'")        \
    /* no longer made: each fault of a line has its row below */                                   \
    X(CONFIG_LINE, "client.config_line", INVALID_ARGUMENT, CLIENT, 0, "%s:%s: %s")                 \
    X(CONFIG_FLAG_TOO_LONG, "client.option_too_long", INVALID_ARGUMENT, CLIENT, 0,                 \
      "--%s is longer than %s bytes")                                                              \
    X(CONFIG_ENV_TOO_LONG, "client.variable_too_long", INVALID_ARGUMENT, CLIENT, 0,                \
      "$%s is longer than %s bytes")                                                               \
    X(CONFIG_EXISTS, "client.config_exists", ALREADY_EXISTS, CLIENT, 0,                            \
      "config '%s' exists; keep it or pass --force")                                               \
    X(CONFIG_WRITE, "client.config_write", INVALID_ARGUMENT, CLIENT, 0,                            \
      "cannot write config '%s': %s")                                                              \
    X(CONFIG_SECTION, "client.config_section", INVALID_ARGUMENT, CLIENT, 0,                        \
      "%s:%s: unknown section [%s] (only [client])")                                               \
    X(CONFIG_KEY, "client.config_key", INVALID_ARGUMENT, CLIENT, 0,                                \
      "%s:%s: unknown key '%s' (keys: server, events, server-key, key, timeout, timezone)")        \
    X(CONFIG_NO_VALUE, "client.config_no_value", INVALID_ARGUMENT, CLIENT, 0,                      \
      "%s:%s: '%s' has no value")                                                                  \
    X(CONFIG_TIMEOUT, "client.config_timeout", INVALID_ARGUMENT, CLIENT, 0,                        \
      "%s:%s: timeout '%s' is not milliseconds between 1 and %s")                                  \
    X(CONFIG_TIMEZONE, "client.config_timezone", INVALID_ARGUMENT, CLIENT, 0,                      \
      "%s:%s: timezone '%s' is not in /usr/share/zoneinfo; give a name like Asia/Ho_Chi_Minh")     \
    X(CONFIG_VALUE_TOO_LONG, "client.config_value_too_long", INVALID_ARGUMENT, CLIENT, 0,          \
      "%s:%s: '%s' is longer than %s bytes")                                                       \
    X(CONFIG_LINE_TOO_LONG, "client.config_line_too_long", INVALID_ARGUMENT, CLIENT, 0,            \
      "%s:%s: the line is longer than %s bytes")                                                   \
    X(CONFIG_NOT_KEY_VALUE, "client.config_not_key_value", INVALID_ARGUMENT, CLIENT, 0,            \
      "%s:%s: not a [section] or key = value line")                                                \
    X(KEY_FILE_IS_FOLDER, "client.key_file_is_folder", INVALID_ARGUMENT, CLIENT, 0,                \
      "'%s' is a folder, not a key file")                                                          \
    X(KEY_REFUSED, "client.key_refused", UNAUTHENTICATED, CLIENT, 0,                               \
      "the broker at %s refused your key: an admin has not registered it, has locked the "         \
      "account, or has given it a new key")                                                        \
    /* thidua-web's own refusals */                                                                \
    X(WEB_NO_PAGE, "web.no_page", NOT_FOUND, WEB, 0, "no such page")                               \
    X(WEB_BODY_TOO_LARGE, "web.body_too_large", RESOURCE_EXHAUSTED, WEB, 0,                        \
      "the request body is too large")                                                             \
    X(WEB_NOT_JSON, "web.not_json", INVALID_ARGUMENT, WEB, 0,                                      \
      "the request body is not a JSON object")                                                     \
    X(WEB_FOREIGN_ORIGIN, "web.foreign_origin", PERMISSION_DENIED, WEB, 0,                         \
      "the request does not come from this site (foreign Origin)")                                 \
    X(WEB_NOT_SIGNED_IN, "web.not_signed_in", UNAUTHENTICATED, WEB, 0,                             \
      "not signed in, or the session expired; sign in again")                                      \
    X(WEB_CSRF, "web.csrf", PERMISSION_DENIED, WEB, 0,                                             \
      "missing or wrong anti-forgery (CSRF) token")                                                \
    X(WEB_CHANGE_PASSWORD_FIRST, "web.change_password_first", FAILED_PRECONDITION, WEB, 0,         \
      "change your first password first")                                                          \
    X(WEB_SIGNIN_WAIT, "web.signin_wait", RESOURCE_EXHAUSTED, WEB, 0,                              \
      "a wrong password was just tried; to slow down password guessing, wait %s s, then try "      \
      "again")                                                                                     \
    X(WEB_ACCOUNT_LOCKED, "web.account_locked", PERMISSION_DENIED, WEB, 0,                         \
      "the account is locked after too many wrong passwords; ask the admin to unlock it")          \
    X(WEB_ACCOUNT_DISABLED, "web.account_disabled", PERMISSION_DENIED, WEB, 0,                     \
      "the account is disabled")                                                                   \
    X(WEB_WRONG_PASSWORD, "web.wrong_password", UNAUTHENTICATED, WEB, 0,                           \
      "wrong account name or password")                                                            \
    X(WEB_TOO_MANY_SESSIONS, "web.too_many_sessions", RESOURCE_EXHAUSTED, WEB, 0,                  \
      "too many sessions; try again later")                                                        \
    X(WEB_WEAK_PASSWORD, "web.weak_password", INVALID_ARGUMENT, WEB, 0,                            \
      "the new password must be at least %s characters long")                                      \
    X(WEB_OLD_PASSWORD_WRONG, "web.old_password_wrong", PERMISSION_DENIED, WEB, 0,                 \
      "the current password is wrong")                                                             \
    X(WEB_SAME_PASSWORD, "web.same_password", INVALID_ARGUMENT, WEB, 0,                            \
      "the new password must differ from the current one")                                         \
    X(WEB_BAD_ACCOUNT_NAME, "web.bad_account_name", INVALID_ARGUMENT, WEB, 0,                      \
      "an account name is 1-64 of a-z 0-9 . _ -")                                                  \
    X(WEB_ACCOUNT_EXISTS, "web.account_exists", ALREADY_EXISTS, WEB, 0,                            \
      "a web account of this name exists")                                                         \
    X(WEB_NO_KIND, "web.no_kind", NOT_FOUND, WEB, 0, "no such request kind")                       \
    X(WEB_NOT_DOCUMENT_PATH, "web.not_document_path", NOT_FOUND, WEB, 0, "not a document path")    \
    X(WEB_NO_DOCUMENT, "web.no_document", NOT_FOUND, WEB, 0, "no document")                        \
    X(WEB_NO_FILE_KIND, "web.no_file_kind", NOT_FOUND, WEB, 0, "this request kind takes no file")  \
    X(WEB_NOT_MULTIPART, "web.not_multipart", INVALID_ARGUMENT, WEB, 0,                            \
      "the body is not well-formed multipart/form-data")                                           \
    X(WEB_FIELD_NOT_UTF8, "web.field_not_utf8", INVALID_ARGUMENT, WEB, 0,                          \
      "a form field is not UTF-8 text")                                                            \
    X(WEB_FILE_TOO_BIG, "web.file_too_big", RESOURCE_EXHAUSTED, WEB, 0,                            \
      "the file is over %s MiB, the most a document may be")                                       \
    X(WEB_IMPORT_KIND, "web.import_kind", NOT_FOUND, WEB, 0,                                       \
      "import takes units, tasks or nominees")                                                     \
    X(WEB_IMPORT_NO_FILE, "web.import_no_file", INVALID_ARGUMENT, WEB, 0, "choose a CSV file")     \
    X(WEB_IMPORT_TOO_LARGE, "web.import_too_large", INVALID_ARGUMENT, WEB, 0,                      \
      "the file is too large for one import; split it")                                            \
    X(WEB_IMPORT_NO_ROWS, "web.import_no_rows", INVALID_ARGUMENT, WEB, 0,                          \
      "the file has a header but no rows")                                                         \
    X(WEB_IMPORT_TOO_MANY_ROWS, "web.import_too_many_rows", INVALID_ARGUMENT, WEB, 0,              \
      "one import takes at most %s rows; split the file")                                          \
    X(WEB_EXPORT_FORMAT, "web.export_format", NOT_FOUND, WEB, 0,                                   \
      "export writes json, csv or xlsx")                                                           \
    X(WEB_EXPORT_KIND, "web.export_kind", INVALID_ARGUMENT, WEB, 0,                                \
      "export takes tasks, nominees or reports")                                                   \
    X(WEB_EXPORT_FAILED, "web.export_failed", INTERNAL, WEB, 0, "the export could not be written") \
    X(WEB_NOT_LOADED, "web.not_loaded", UNAVAILABLE, WEB, 0,                                       \
      "the gateway has not yet loaded the congress from the broker; try again")                    \
    X(WEB_NO_UNIT, "web.no_unit", PERMISSION_DENIED, WEB, 0,                                       \
      "your principal names no unit; ask the admin")                                               \
    X(WEB_STATS_FAILED, "web.stats_failed", INTERNAL, WEB, 0,                                      \
      "the statistics could not be counted")                                                       \
    X(WEB_PDF_FAILED, "web.pdf_failed", INTERNAL, WEB, 0, "the PDF could not be written")          \
    X(WEB_DECISION_FILES, "web.decision_files", NOT_FOUND, WEB, 0,                                 \
      "there are decision.pdf and certificates.pdf")                                               \
    X(WEB_TEMPLATE_BROKEN, "web.template_broken", INTERNAL, WEB, 0,                                \
      "the decision template cannot be used: %s")                                                  \
    X(WEB_NONE_SELECTED, "web.none_selected", FAILED_PRECONDITION, WEB, 0,                         \
      "no nominee is selected: the decision lists those the chair selected")                       \
    X(WEB_TOO_MANY_STREAMS, "web.too_many_streams", RESOURCE_EXHAUSTED, WEB, 0,                    \
      "too many live streams; try again later")                                                    \
    X(WEB_GATEWAY_PRINCIPAL, "web.gateway_principal", FAILED_PRECONDITION, WEB, 0,                 \
      "'%s' is the web gateway's own principal: locked, it would stop the web pages for "          \
      "everyone; to stop them, stop thidua-web")                                                   \
    X(WEB_KEY_REFUSED, "web.key_refused", PERMISSION_DENIED, WEB, 0,                               \
      "the server refuses this account's key: the account was locked, or given a new key; ask "    \
      "the admin to unlock it or to give you a new password")                                      \
    X(WEB_WRONG_KEY, "web.wrong_key", FAILED_PRECONDITION, WEB, 0,                                 \
      "this account holds a key that is not its principal's ('%s'); ask the admin to give it a "   \
      "new password")                                                                              \
    X(WEB_ADMIN_ONLY, "web.admin_only", PERMISSION_DENIED, WEB, 0, "only an admin can do this")    \
    X(WEB_GATEWAY_REKEY, "web.gateway_rekey", FAILED_PRECONDITION, WEB, 0,                         \
      "'%s' is the web gateway's own principal: its key is the gateway's --key file; to replace "  \
      "it, use thidua principal set-key and restart thidua-web with the new file")                 \
    X(WEB_RESET_SELF, "web.reset_self", FAILED_PRECONDITION, WEB, 0,                               \
      "you cannot reset your own password; ask another admin")                                     \
    X(WEB_NO_WEB_ACCOUNT, "web.no_web_account", NOT_FOUND, WEB, 0,                                 \
      "'%s' has no web account: they connect with a key file; give them a new one with thidua "    \
      "principal set-key")                                                                         \
    X(WEB_JSON_NUMBER, "web.json_number", INVALID_ARGUMENT, WEB, THD_NAME(0),                      \
      "%s must be a whole number in the range it takes")                                           \
    X(WEB_JSON_CHOICE, "web.json_choice", INVALID_ARGUMENT, WEB, THD_NAME(0),                      \
      "%s is not one of its choices")                                                              \
    X(WEB_JSON_KIND, "web.json_kind", INVALID_ARGUMENT, WEB, THD_NAME(0),                          \
      "%s is not of the kind of value it takes")                                                   \
    X(WEB_JSON_NO_FIELD, "web.json_no_field", INVALID_ARGUMENT, WEB, 0,                            \
      "the request has no field '%s'")

typedef enum thd_reason {
    THD_R_NONE = 0,
#define THD_R_ENUM(name, id, code, side, labels, text) THD_R_##name,
    THD_REASONS(THD_R_ENUM)
#undef THD_R_ENUM
        THD_R_COUNT
} thd_reason_t;

typedef struct thd_reason_row {
    const char *id;   /* "task.not_found": stable, part of the protocol */
    int code;         /* Thidua__V1__Code */
    int side;         /* THD_SIDE_BROKER or THD_SIDE_CLIENT */
    unsigned labels;  /* THD_L: parameters that are codes shown as labels;
                         THD_PARTS: parameters that are lists of reasons;
                         THD_VERB: parameters that are verbs;
                         THD_NAME: record types and request kinds */
    const char *text; /* English, %s for each parameter; the gettext msgid */
} thd_reason_row_t;

/* The row of r (THD_R_NONE < r < THD_R_COUNT), or of id; NULL for an id
 * this build does not know (a newer broker's). Borrowed, static. */
const thd_reason_row_t *thd_reason_row(thd_reason_t r);
const thd_reason_row_t *thd_reason_find(const char *id);

/* Sets *st to reason r: its code, field, parameters and its English
 * message; returns the code. Use thd_refuse(st, r, field, params...):
 * every argument after r is a string, the field first ("" for none). */
int thd_refuse_(thd_status_t *st, thd_reason_t r, const char *const *args);
#define thd_refuse(st, r, ...) thd_refuse_((st), (r), (const char *const[]){__VA_ARGS__, NULL})

/* Numbers as parameters, formatted at the call site into a buffer that
 * lives as long as the enclosing block. */
const char *thd_fmt_u(char *buf, unsigned long long n);
const char *thd_fmt_i(char *buf, long long n);
const char *thd_fmt_mib(char *buf, double bytes); /* "1.5": bytes in MiB, one decimal */
#define THD_U(n)   thd_fmt_u((char[24]){""}, (unsigned long long)(n))
#define THD_I(n)   thd_fmt_i((char[24]){""}, (long long)(n))
#define THD_MIB(n) thd_fmt_mib((char[32]){""}, (double)(n))

/* Writes text with its placeholders replaced into buf (always
 * terminated, cut at a character boundary): "%s" takes the next
 * parameter, "%2$s" the second, "%%" is "%". A placeholder without its
 * parameter becomes "", anything else after '%' is copied as it is; the
 * text is never given to printf. Returns the length written. */
size_t thd_render(char *buf, size_t cap, const char *text, const char *const *params,
                  size_t n_params);

/* Writes the alternatives of a label parameter ("a|b|c") into buf as a
 * list people read, "A, B or C": ", " between them and conj (" or ",
 * " hoặc ") before the last, each through word (NULL: the code as it is).
 * Always terminated, cut at a character boundary; returns the length. */
size_t thd_render_alternatives(char *buf, size_t cap, const char *codes, const char *conj,
                               void (*word)(const char *code, char *out, size_t cap));

/* Writes the reasons of a THD_PARTS parameter into buf, each one's text
 * passed through text (gettext, or NULL to keep the English) with its
 * parameters put in, "; " between; ids it does not know are left out. */
size_t thd_render_parts(char *buf, size_t cap, const char *parts,
                        const char *(*text)(const char *english));
/* Appends reason r with its parameters (n of them) to a parts list. */
void thd_parts_add(char *buf, size_t cap, thd_reason_t r, const char *const *params, size_t n);

/* Parameters of a row's text: how many %s it holds (positional ones
 * counted by their highest number); -1 when it mixes the two kinds or
 * holds another conversion. Used to check translations. */
int thd_placeholders(const char *text, unsigned *used);

#endif
