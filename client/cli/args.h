/* Verb arguments from a table: `--name VALUE` options and positionals. */
#ifndef THD_CLI_ARGS_H
#define THD_CLI_ARGS_H

#include <stdbool.h>

struct arg_spec {
    const char *name;   /* long option without dashes, or NULL for a positional */
    const char **value; /* where the value goes (flags get "1") */
    bool flag;          /* takes no value */
    bool required;
};

/* Parses argv[1..]; prints what is wrong and returns -1 on a bad line, 1 when
 * --help was asked, 0 otherwise. */
int args_parse(int argc, char **argv, const struct arg_spec *specs, int n_specs);

#endif
