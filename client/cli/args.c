#include "args.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const struct arg_spec *find(const struct arg_spec *s, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (s[i].name && strcmp(s[i].name, name) == 0)
            return &s[i];
    return NULL;
}

int args_parse(int argc, char **argv, const struct arg_spec *specs, int n_specs)
{
    int next_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return 1;
        if (strncmp(a, "--", 2) == 0) {
            char name[64];
            const char *eq = strchr(a, '=');
            snprintf(name, sizeof name, "%.*s", (int)(eq ? eq - a - 2 : (long)strlen(a) - 2),
                     a + 2);
            const struct arg_spec *s = find(specs, n_specs, name);
            if (!s) {
                cli_error(N_("unknown option --%s"), name);
                return -1;
            }
            if (s->flag) {
                *s->value = "1";
            } else if (eq) {
                *s->value = eq + 1;
            } else if (i + 1 < argc) {
                *s->value = argv[++i];
            } else {
                cli_error(N_("--%s needs a value"), name);
                return -1;
            }
            continue;
        }
        int seen = 0;
        const struct arg_spec *pos = NULL;
        for (int k = 0; k < n_specs && !pos; k++)
            if (!specs[k].name && seen++ == next_pos)
                pos = &specs[k];
        if (!pos) {
            cli_error(N_("unexpected argument '%s'"), a);
            return -1;
        }
        *pos->value = a;
        next_pos++;
    }
    for (int k = 0; k < n_specs; k++)
        if (specs[k].required && !*specs[k].value) {
            if (specs[k].name)
                cli_error(N_("--%s is required"), specs[k].name);
            else
                cli_error(N_("an argument is missing"));
            return -1;
        }
    return 0;
}
