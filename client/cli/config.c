/* thidua config show|init: the effective settings and where each came
 * from; writing a settings file for a department's machine. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include <jansson.h>

#include "cli.h"
#include "zone.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *source_label(thd_source_t s)
{
    static const char *const labels[] = {[THD_SOURCE_DEFAULT] = N_("default"),
                                         [THD_SOURCE_FILE] = N_("file"),
                                         [THD_SOURCE_ENV] = N_("environment"),
                                         [THD_SOURCE_FLAG] = N_("flag")};
    return _(labels[s]);
}

/* What libthidua uses when a setting is unset. */
static const char *default_value(const char *key)
{
    if (strcmp(key, "server") == 0)
        return THD_DEFAULT_SERVER;
    if (strcmp(key, "events") == 0)
        return N_("server port + 1");
    if (strcmp(key, "timeout") == 0)
        return "3000";
    if (strcmp(key, "timezone") == 0)
        return ZONE_DEFAULT;
    return N_("(none)");
}

int cmd_config_show(cli_t *cli, int argc, char **argv)
{
    int rc = cli_parse(argc, argv, NULL, 0, "config");
    if (rc >= 0)
        return rc;
    if (!cli_opts(cli))
        return EXIT_INVALID;
    const char *file = thd_config_file(cli->config);
    json_t *j = cli->json ? json_object() : NULL;
    cli_table_t *t = cli->json ? NULL : cli_table_new(3);
    if (t)
        cli_table_row(t, _("SETTING"), _("VALUE"), _("FROM"));
    for (int i = 0; i < THD_CONFIG_KEYS; i++) {
        const char *value;
        thd_source_t src;
        const char *key = thd_config_setting(cli->config, i, &value, &src);
        if (j)
            json_object_set_new(
                j, key, json_pack("{s:s?,s:s}", "value", value, "source", thd_source_name(src)));
        else
            cli_table_row(t, key, value ? value : _(default_value(key)), source_label(src));
    }
    if (j) {
        json_object_set_new(j, "file", file ? json_string(file) : json_null());
        char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
        if (s)
            puts(s);
        free(s);
        json_decref(j);
        return EXIT_OK;
    }
    cli_table_print(t, stdout);
    cli_table_destroy(&t);
    if (file)
        printf(_("config file: %s\n"), file);
    else
        printf("%s\n", _("config file: none read"));
    return EXIT_OK;
}

/* Key files are written as absolute paths so the settings hold from any
 * directory; a Z85 server key (40 characters, no such file) stays as is. */
static const char *absolute(const char *path, char *buf)
{
    return realpath(path, buf) ? buf : path;
}

/* --server, --server-key, --key, --events and --timeout are the global
 * options (main.c reads them wherever they are typed): the file records
 * what they say. */
int cmd_config_init(cli_t *cli, int argc, char **argv)
{
    const char *force = NULL;
    struct arg_spec s[] = {{.name = "force", .value = &force, .flag = true}};
    int rc = cli_parse(argc, argv, s, N(s), "config");
    if (rc >= 0)
        return rc;
    const thd_client_opts_t *f = &cli->flags;
    static const char *const required[] = {"--server", "--server-key", "--key"};
    const char *given[] = {f->server, f->server_key, f->key_file};
    for (int i = 0; i < N(required); i++)
        if (!given[i]) {
            cli_error(N_("%s is required"), required[i]);
            cli_usage_print(stderr, "config", "init");
            return EXIT_USAGE;
        }
    char path_buf[PATH_MAX], skey_abs[PATH_MAX], key_abs[PATH_MAX];
    const char *path =
        cli->config_path ? cli->config_path : thd_config_default_path(path_buf, sizeof path_buf);
    if (!path) {
        cli_error(N_("no config file: give --config FILE (there is no $HOME)"));
        return EXIT_USAGE;
    }
    thd_client_opts_t o = {.server = f->server,
                           .events = f->events,
                           .server_key = absolute(f->server_key, skey_abs),
                           .key_file = absolute(f->key_file, key_abs),
                           .timeout_ms = f->timeout_ms};
    thd_status_t st = {0};
    if (thd_config_write(path, &o, force != NULL, &st) != 0) {
        cli_print_error(cli, &st);
        return cli_exit_code(st.code);
    }
    if (cli->json)
        printf("{\"config_file\":\"%s\"}\n", path);
    else
        printf(_("wrote %s (mode 0600)\n"), path);
    return EXIT_OK;
}
