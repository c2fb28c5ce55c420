/* The thidua CLI: `thidua <noun> <verb>` from a table. Each command gets
 * the shared options and its own arguments, and returns an exit code. */
#ifndef THD_CLI_H
#define THD_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "args.h"
#include "i18n.h"
#include "file_write.h"
#include "thidua.h"

/* Exit codes per status, listed in `thidua --help` and thidua(1). */
enum cli_exit {
    EXIT_OK = 0,
    EXIT_FAILURE_ = 1,     /* internal or unexpected */
    EXIT_USAGE = 2,        /* bad command line */
    EXIT_INVALID = 3,      /* INVALID_ARGUMENT */
    EXIT_NOT_FOUND = 4,    /* NOT_FOUND */
    EXIT_DENIED = 5,       /* PERMISSION_DENIED, UNAUTHENTICATED */
    EXIT_CONFLICT = 6,     /* ALREADY_EXISTS, ABORTED */
    EXIT_PRECONDITION = 7, /* FAILED_PRECONDITION */
    EXIT_EXHAUSTED = 8,    /* RESOURCE_EXHAUSTED, OUT_OF_RANGE */
    EXIT_UNAVAILABLE = 9,  /* UNAVAILABLE, DEADLINE_EXCEEDED */
};

/* What each exit code means (main.c), for `thidua --help` and thidua(1). */
struct cli_exit_doc {
    int code;
    const char *label;  /* N_(): short, translated when printed */
    const char *detail; /* N_(): the man page's, or NULL when the label says it all */
};
extern const struct cli_exit_doc cli_exit_docs[];
extern const size_t cli_n_exit_docs;

typedef struct cli {
    thd_client_opts_t flags; /* given on the command line */
    const char *config_path; /* --config, or NULL */
    thd_config_t *config;    /* loaded on first use: flags > env > file */
    bool json;
    thd_client_t *client; /* made on first use */
} cli_t;

typedef int cli_fn(cli_t *cli, int argc, char **argv);

#define CLI_MAX_SENDS 3

struct cli_command {
    const char *noun, *verb; /* verb NULL: the noun alone is the command */
    cli_fn *fn;
    const char *args; /* for usage lines, in English; shown through cli_usage_text */
    const char *help; /* N_(): translated when printed */
    /* The Request bodies it sends (0 ends the list): thidua(1) lists them
     * and a test checks every request kind a person sends has a command. */
    int sends[CLI_MAX_SENDS];
};

/* The effective client options (flags > environment > config file >
 * defaults), loading the config on first use; NULL after printing why it
 * cannot be loaded. Borrowed, valid for cli's life. */
const thd_client_opts_t *cli_opts(cli_t *cli);
/* Prints "thidua: " and the message (already translated) to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What a refused value was typed as, for cli_error's message: an option
 * ("--max") as spelt, a positional's name in words, N_() ("kind"), in
 * the language of the sentence (cli_error_lang, i18n.h, as cli_strerror). */
const char *cli_what(const char *what);

/* Files a person names (output.c; the rule is file_write.h's): an
 * existing path is replaced only with force. Each returns EXIT_OK, or the
 * exit code with the reason printed (EXIT_CONFLICT for an existing file).
 * cli_output_check asks before the content is fetched; cli_output_write
 * writes path through fn, whole or not at all. */
int cli_output_check(const char *path, bool force);
int cli_output_write(const char *path, bool force, file_write_fn *fn, void *arg);
/* The exit code for a file that cannot be written: its folder is missing
 * (4), not ours to write (5), or something else (1). */
int cli_exit_for_errno(int e);

/* Sends req, prints an error on failure; returns the exit code. On success
 * *resp is fresh (free with thidua__v1__response__free_unpacked). */
int cli_call(cli_t *cli, Thidua__V1__Request *req, Thidua__V1__Response **resp);
int cli_exit_code(int status_code);
/* Prints a libthidua or broker error: message, field and code by name, or
 * one JSON line {"error":{...}} on stderr with --json. */
void cli_print_error(const cli_t *cli, const thd_status_t *st);
/* For a broker's reason (st->reason) that one option of the command
 * cures, that option as the command's usage line writes it, to follow the
 * reason ("add --file PATH"), in the language in use; NULL for the others.
 * Borrowed. */
const char *cli_hint(const char *reason);
/* Prints msg as one JSON object line (for --json). */
void cli_print_json(const ProtobufCMessage *msg);
/* A usage line's arguments, a command's ("TITLE --lead UNIT") or an
 * option's with its value ("-k, --key FILE"), in the language in use
 * (usage.c): the placeholders from the catalog's msgctxt "usage" entry for
 * them (else args as given), and a choice of values written by their codes
 * ("met|not_met", "yes|no") as the words people type for them, the values'
 * labels: Đạt|"Không đạt", có|không. Option names and command words are
 * typed, so they stay as they are. A context of their own, not N_(): "ID"
 * or "CODE" alone are also column headings, which a translation spells
 * otherwise ("MÃ SỐ", not "MÃ"); so the extraction of
 * tests/unit/po_catalogs.sh does not see them, and
 * tests/e2e/test_cli_newcomer.sh checks each has its Vietnamese. buf (cap
 * bytes, CLI_USAGE_MAX holds any) or the catalog's text. */
enum { CLI_USAGE_MAX = 1024 }; /* the longest arguments (nominee edit's) take under 500 bytes */
const char *cli_usage_text(const char *args, char *buf, size_t cap);
/* The length of the usage word at p: up to a blank outside quotes, so
 * that a quoted value ("Không đạt") is one word. */
size_t cli_usage_word(const char *p);
/* Prints usage for one command and returns EXIT_USAGE. */
int cli_usage(const char *noun, const char *verb);
/* Usage of noun's verb (all its verbs when verb is NULL) to out. */
void cli_usage_print(FILE *out, const char *noun, const char *verb);
/* Parses a non-negative integer option; -1 when malformed or too large. */
long long cli_number(const char *s);
/* The same within [min, max] (min >= 0); -1 after saying what what (an
 * option or a positional, as cli_what names it) takes, in the user's
 * language: the range, or where max is only the type's limit (over a
 * billion), a number that is not negative. */
long long cli_whole(const char *what, const char *text, long long min, long long max);
/* --expect-revision TEXT into *out when given (text NULL: left as is):
 * 0, or EXIT_USAGE after saying why. */
int cli_expect_revision(const char *text, uint64_t *out);

/* Aligned tables: cells measured in terminal columns, not bytes. */
typedef struct cli_table cli_table_t;
cli_table_t *cli_table_new(int columns);
void cli_table_row(cli_table_t *t, ...); /* exactly `columns` strings */
/* Marks columns first..last (from 0) as numbers: printed flush right,
 * their headers too, so that units stand under units. */
void cli_table_right(cli_table_t *t, int first, int last);
void cli_table_print(cli_table_t *t, FILE *out);
/* A record's revision and last change as two label-value rows (none
 * without m); who made the change: who, or with who NULL its account. */
void cli_meta_rows(cli_table_t *t, const Thidua__V1__Meta *m, const char *who);
/* A list under a header row: the rows, or with none the line `none`
 * alone, not a header over nothing. */
void cli_table_print_list(cli_table_t *t, FILE *out, const char *none);
void cli_table_destroy(cli_table_t **t_p);

/* A step that cannot be undone on record id (cancel a task, withdraw a
 * proposal): at a terminal the question is asked once more, as the web asks
 * for a second press; without one to ask at (a script, ssh without one, an
 * answer piped in) it takes --yes (yes non-NULL), and is never the default
 * of a command that could not ask. -1 to go on, else the exit code after
 * saying why not: EXIT_OK when the person said no (declined is printed),
 * EXIT_USAGE with no_terminal when there was no one to ask. question and
 * no_terminal are formats of the one %s, id; all three are N_() msgids,
 * said in the user's language (the refusal in English under --json). */
int cli_confirm(const cli_t *cli, const char *yes, const char *id, const char *question,
                const char *no_terminal, const char *declined);

/* Shared helpers (common.c). */
typedef void cli_show_fn(const Thidua__V1__Response *resp);
/* Parses args (usage on error); -1 to go on, else the exit code. */
int cli_parse(int argc, char **argv, struct arg_spec *s, int n, const char *noun);
/* An edit's parsed args s: -1 to go on when they name something to
 * change, an option other than --expect-revision; else EXIT_USAGE after
 * saying there is nothing to change, with the options that change
 * something, and the usage of noun's verb. The one rule of every edit
 * (task, nominee, unit): nothing is sent for a line that changes nothing. */
int cli_edit_given(const struct arg_spec *s, int n, const char *noun, const char *verb);
/* A task's (prefix "T"), nominee's ("N") or ballot's ("B") id as typed:
 * T-31 in any case, or the number alone, which is written as the id into buf (thd_record_id:
 * every such id is the prefix and a number). typed or buf; NULL after
 * saying the form expected. */
const char *cli_record_id(const char *typed, const char *prefix, char *buf, size_t cap);
/* Calls and prints the reply as JSON or through show. */
int cli_run(cli_t *cli, Thidua__V1__Request *req, cli_show_fn *show);
/* A list's rows from every reply at once, and the token of a page not yet
 * fetched ("" when none). */
typedef void cli_pages_fn(const Thidua__V1__Response *const *pages, size_t n, const char *more);
typedef const char *cli_next_fn(const Thidua__V1__Response *resp);
/* A list, whole: req goes again with each reply's next page token (*token
 * is its body's page_token) until one names none, and show gets every
 * reply, so one table holds every row; with --json each reply is a line.
 * one_page (the person gave --page): that page only. */
int cli_run_pages(cli_t *cli, Thidua__V1__Request *req, char **token, cli_next_fn *next,
                  cli_pages_fn *show, bool one_page);
/* Says on stderr how to fetch the page after a list shown one page at a
 * time (more: its token; nothing when ""). */
void cli_more(const char *more);
/* Prints a reply as JSON (with --json) or through show. */
void cli_show(const cli_t *cli, const Thidua__V1__Response *resp, cli_show_fn *show);
/* A date typed at where (the option as spelt, "--deadline", or the place
 * in the words of the error's language, "holiday 2") into out as
 * YYYY-MM-DD (words_date); -1 after saying "where: " and the one sentence
 * every date typed is refused in (WORDS_NOT_A_DATE, as import says it). */
int cli_date_in(const char *where, const char *typed, char out[11]);
/* YYYY-MM-DD to dd/mm/yyyy for people. */
const char *cli_date_out(const char *s, char out[11]);
/* unit.get of code, the one place it is asked: the reply shown through
 * show (as cli_run), or with show NULL nothing printed but a refusal.
 * Returns the exit code. */
int cli_unit_get(cli_t *cli, const char *code, cli_show_fn *show);
/* Whether the broker knows unit code, for the options that narrow what
 * is shown to one unit (--unit of stats and watch), which would otherwise
 * show nothing for a mistyped code: EXIT_OK, or the exit code after
 * saying why (a malformed code, the broker's unit.not_found naming it). */
int cli_unit_known(cli_t *cli, const char *code);
/* The names of units and nominees, for a card or table that names them
 * (task show, nominee show, a write's card, ballot show): cli_names_from
 * says whom to ask (nobody with --json), and the first name asked for
 * reads its list (unit.list, nominee.list's pages), silently left out when
 * it cannot be read (the codes show alone). cli_unit_label gives "Sở Nội
 * vụ (SO-NV)", as the web's lists name a unit, or the code;
 * cli_nominee_name a nominee's name, or "". cli_names_free forgets them. */
void cli_names_from(cli_t *cli);
const char *cli_unit_label(const char *code, char *buf, size_t cap);
const char *cli_nominee_name(const char *id);
void cli_names_free(void);
/* An enum value by its code or its label in either language (words.h),
 * or -1 with the accepted words printed in the language in use. what is
 * where name was typed: the option ("--status"), or for a positional
 * argument its name in words, N_() ("field"). */
int cli_enum(const ProtobufCEnumDescriptor *d, const char *what, const char *name);
/* A choice the program names itself, not an enum: its names, as scripts
 * type them, each with its label (an N_() msgid), which people type and
 * usage lines show (usage.c). */
struct cli_choices {
    const char *const *names, *const *labels;
    size_t n;
};
/* an opinion (favorable first), a decision (selected first), what a
 * criterion applies to, and yes or no (cli_yes_no's own words) */
extern const struct cli_choices cli_opinions, cli_outcomes, cli_applies_to, cli_yes_no_words;
/* The same for a choice: the index of the one of c's names that text
 * names, by its name or its label (in either language), or -1 with the
 * accepted words printed. */
int cli_choice(const struct cli_choices *c, const char *what, const char *text);
const char *cli_enum_name(const ProtobufCEnumDescriptor *d, int v, char *buf, size_t cap);
/* yes or no as people type it (yes, y, true, 1, có; no, n, false, 0,
 * không): 1 or 0, or -1 after saying that --option takes yes or no. */
int cli_yes_no(const char *option, const char *s);

cli_fn cli_watch, cli_export, cli_stats, cmd_config_show, cmd_config_init, cmd_import,
    cmd_decision_draft;
/* Reads every page of one snapshot (of the records concerning unit, or
 * all when NULL) into d, with a progress line on a terminal: the exit
 * code, the error printed. d is the caller's (export_data_free). */
struct export_data;
int cli_read_snapshot(cli_t *cli, const char *unit, struct export_data *d);
/* Prints the thidua(1) man page from the command table, in the language
 * of messages. */
void cli_print_man(FILE *out);

extern const struct cli_command cli_commands[];
extern const size_t cli_n_commands;

#endif
