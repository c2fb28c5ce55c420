/* Verb arguments from a table: `--name VALUE` options and positionals. */
#ifndef THD_CLI_ARGS_H
#define THD_CLI_ARGS_H

#include <stdbool.h>

enum { ARG_ID_MAX = 32 }; /* "T-" and a 64-bit number, with room */
enum { ARG_CODES_MAX = 1024 }; /* 32 codes of 24 characters, and their commas */

struct arg_spec {
    const char *name;   /* long option without dashes, or NULL for a positional */
    const char **value; /* where the value goes (flags get "1") */
    bool flag;          /* takes no value */
    bool required;
    /* "T", "N" or "B": the value is a task's, a nominee's or a ballot's
     * id, typed T-31, t-31 or the number alone (cli_record_id); anything
     * else is refused with the form expected. */
    const char *id_of;
    /* a unit's or a criterion's code, or a list of them: typed in any case,
     * with blanks around the commas (so-nv, so-tc), read as the broker
     * spells them (SO-NV,SO-TC) */
    bool code;
    char id[ARG_ID_MAX]; /* a number typed alone, written as its id; *value points here */
    char codes[ARG_CODES_MAX]; /* a code or codes as read; *value points here */
};

/* Parses argv[1..]; prints what is wrong and returns -1 on a bad line, 1 when
 * --help was asked, 0 otherwise. -o is --output where the command takes
 * one. usage: the command's arguments as its usage line gives them in
 * English (struct cli_command.args), whose words name what is missing
 * ("the argument TITLE is missing", "--lead UNIT is required"); NULL for
 * none. */
int args_parse(int argc, char **argv, struct arg_spec *specs, int n_specs, const char *usage);

#endif
