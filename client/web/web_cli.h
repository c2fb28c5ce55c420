/* The program's commands: run (the gateway) and account (its accounts). */
#ifndef THD_WEB_CLI_H
#define THD_WEB_CLI_H

#include <stdio.h>

int account_main(int argc, char **argv);
void account_usage(FILE *out);

#endif
