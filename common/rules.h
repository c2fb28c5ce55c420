/* The value rules the broker and every client share, one definition each:
 * record refs, principal names, unit codes, dates, whether a task is open
 * or overdue, and which records concern a unit. A client checks with the
 * same function the broker refuses with, so it can refuse before sending
 * and never disagree. Pure functions: no I/O, no allocation. */
#ifndef THD_RULES_H
#define THD_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "thidua.pb-c.h"

/* A stable key (ref) importers give tasks and nominees: 1-64 of
 * A-Z a-z 0-9 . _ - / */
bool thd_ref_valid(const char *s);
/* A principal's name (also a thidua-web account's): 1-64 of a-z 0-9 . _ - */
bool thd_name_valid(const char *s);
/* A unit's code: 2-24 of A-Z 0-9 - */
bool thd_unit_code_valid(const char *s);

/* A real day of the Gregorian calendar from the year 1900 to 9999. */
bool thd_date_ymd_valid(int y, int m, int d);
/* A real day written YYYY-MM-DD (the wire's form), from 1900 to 9999. */
bool thd_date_valid(const char *s);

/* dd/mm/yyyy, as people here write a date, of a YYYY-MM-DD one into out;
 * a string that is not such a date is copied as it is (cut to 10 bytes). */
const char *thd_date_dmy(const char *ymd, char out[11]);

/* Working days (ngày làm việc) are Monday to Friday except the public
 * holidays (ngày lễ; YYYY-MM-DD each, any order). The day that is `days`
 * working days after `from` (from itself not counted; a weekend or a
 * holiday in between is skipped, across a year's end too) into out, as
 * YYYY-MM-DD. False, out untouched, when from is not a real date, days is
 * over THD_MAX_DISCLOSURE_DAYS or the result is past 9999. The one rule
 * for the public-disclosure window's earliest close. */
bool thd_working_days_after(const char *from, unsigned days, const char *const *holidays,
                            size_t n_holidays, char out[11]);

/* Whether the nominee's earlier honour i has the form the proposal
 * proposes and its year falls in the proposal's achievement period: the
 * office is warned (a flag on the dossier, never a refusal). False when
 * the proposal names no period or no form. */
bool thd_nominee_honour_overlaps(const Thidua__V1__Nominee *n, size_t i);
/* How many of the nominee's earlier honours overlap. */
size_t thd_nominee_overlaps(const Thidua__V1__Nominee *n);

/* The media type of a file by its name's extension (any case): PDF,
 * images, office documents and a few more; "application/octet-stream"
 * for any other. Static string. */
const char *thd_media_type_of(const char *file_name);
/* Whether a nominee's dossier may hold a file of this media type: PDF,
 * JPEG, PNG, TIFF, Word, Excel and OpenDocument text or spreadsheet. */
bool thd_dossier_type_ok(const char *media_type);
/* False when a file does not begin as every file of the kind its media
 * type names does (a PDF with "%PDF-" in its first kilobyte, a PNG, JPEG,
 * TIFF, Word 97 or Excel 97 file with its signature, the Office and
 * OpenDocument formats as a ZIP archive): a Word file named .pdf, a text
 * or a program named .docx. Types that name no kind (text/plain,
 * application/octet-stream) pass. Catches renamed and wrongly chosen
 * files; it does not read the file past its signature. */
bool thd_media_content_ok(const char *media_type, const void *data, size_t len);
/* The kind the bytes begin as, in the words of a file's extension ("PDF",
 * "DOC/XLS", "DOCX/XLSX/ODT/ZIP"), or NULL for none of those: what a file
 * refused by thd_media_content_ok really is, for its refusal to say. */
const char *thd_media_seen(const void *data, size_t len);
/* The newest version of a nominee's dossier files (1..n; 0 when it has
 * none): its versions field since store format 5; a record written before
 * holds its history, whose "attach" entries carry the versions. */
uint32_t thd_nominee_files(const Thidua__V1__Nominee *n);

/* Days from one YYYY-MM-DD to another (negative when to is earlier); 0
 * when either is not a real date. A task's days left or late. */
int thd_days_between(const char *from, const char *to);
/* A person's gender as the congress writes it, "Nam" or "Nữ", from what
 * people type ("nam", "nữ", "nu", "Male", "female"); "" for ""; NULL for
 * anything else. The broker keeps the word, the clients send what people
 * typed, so one rule decides. */
const char *thd_gender_word(const char *typed);
/* The order tasks are listed in where people act on them (the monitor,
 * the CLI's task list, as the web's tasks() in static/state.js): the
 * overdue first, then by deadline, then by id (T-2 before T-10). late_a
 * and late_b say whether each is overdue. */
int thd_task_urgency(const Thidua__V1__Task *a, bool late_a, const Thidua__V1__Task *b,
                     bool late_b);
/* A task still to be done: neither accepted nor cancelled. */
bool thd_task_open(const Thidua__V1__Task *t);
/* Derived, never stored: an open task whose deadline is before today
 * (both YYYY-MM-DD, so they compare as text); due today is not overdue. */
bool thd_task_overdue(const Thidua__V1__Task *t, const char *today);
/* A task's statuses in the order the work goes, one sent back after those
 * in progress: how every count lists them (counts, stats, the monitor).
 * Sets *order; returns how many. */
size_t thd_task_status_order(const int **order);
/* The kinds of nominee in the order every list shows them side by side:
 * collectives (tập thể) before individuals (cá nhân), as the congress
 * writes them ("3 tập thể và 7 cá nhân"). The counts (stats: the CLI's
 * table, the XLSX sheet) and thidua-web's pages, to which GET /api/labels
 * serves it, list kinds so. Sets *order; returns how many. */
size_t thd_nominee_kind_order(const int **order);
/* Whether verb is one of a task's review steps (submit, return, accept,
 * cancel): the newest such entry of its history says whether a task in
 * progress is one the office sent back (a return) or not. The web reads
 * the same (returnOf in static/state.js). */
bool thd_task_review_verb(const char *verb);

/* The id the broker gives the n-th record of a kind: the kind's prefix
 * ("T" task, "N" nominee, "B" ballot), a dash and n, as "T-31". Every
 * record of those kinds has such an id (imports create them too), so a
 * client may take the number alone for the id. */
void thd_record_id(char *buf, size_t cap, const char *prefix, unsigned long long n);
/* The id of a task's history entry seq, a record of type "history":
 * "<task>/<seq>", seq zero-padded to 10 digits so that a task's entries
 * sort in their order. Entries count from 1 without gaps. */
void thd_history_id(char *buf, size_t cap, const char *task, uint32_t seq);
/* Whether a record concerns a unit: it names the unit among its units.
 * With no unit ("" or NULL) every record does. */
bool thd_record_concerns(const Thidua__V1__Record *rec, const char *unit);
/* The change's records no longer concern unit (it is in ev->left_units):
 * a view kept for unit lets them go. */
bool thd_event_left(const Thidua__V1__Event *ev, const char *unit);
/* Whether a view kept for unit ("" or NULL: every unit) reads ev: a record
 * of it concerns unit, or they left it. */
bool thd_event_concerns(const Thidua__V1__Event *ev, const char *unit);

#endif
