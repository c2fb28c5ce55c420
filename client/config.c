/* Client settings from flags, the environment, an INI file and defaults, in
 * that order of precedence, remembering where each came from. Only this
 * file reads the config file; it never prints. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ini_text.h"
#include "reasons.h"
#include "syserr.h"
#include "file_write.h"
#include "thidua.h"
#include "zone.h"

enum { KEY_SERVER, KEY_EVENTS, KEY_SERVER_KEY, KEY_KEY, KEY_TIMEOUT, KEY_TIMEZONE };

#define VALUE_MAX   1024
#define TIMEOUT_MAX 3600000 /* one hour per attempt */

static const struct {
    const char *name, *env; /* env NULL: no environment variable */
} keys[THD_CONFIG_KEYS] = {
    [KEY_SERVER] = {"server", "THIDUA_SERVER"},
    [KEY_EVENTS] = {"events", "THIDUA_EVENTS"},
    [KEY_SERVER_KEY] = {"server-key", "THIDUA_SERVER_KEY"},
    [KEY_KEY] = {"key", "THIDUA_KEY"},
    [KEY_TIMEOUT] = {"timeout", NULL},
    [KEY_TIMEZONE] = {"timezone", NULL},
};

struct thd_config {
    char value[THD_CONFIG_KEYS][VALUE_MAX];
    bool set[THD_CONFIG_KEYS];
    thd_source_t source[THD_CONFIG_KEYS];
    char file[PATH_MAX]; /* "" when no file was read */
    thd_client_opts_t opts;
    /* while parsing: the first fault of a line, its reason and parameters */
    thd_reason_t why;
    char what[VALUE_MAX]; /* the section, key or value named */
};

static int set(thd_config_t *self, int k, const char *value, thd_source_t source)
{
    if (strlen(value) >= VALUE_MAX)
        return -1;
    strcpy(self->value[k], value);
    self->set[k] = true;
    self->source[k] = source;
    return 0;
}

/* A positive number of milliseconds up to an hour, or -1. */
static long parse_timeout(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return *s && !*end && !errno && v > 0 && v <= TIMEOUT_MAX ? v : -1;
}

static int find_key(const char *name)
{
    for (int k = 0; k < THD_CONFIG_KEYS; k++)
        if (strcmp(keys[k].name, name) == 0)
            return k;
    return -1;
}

/* inih calls this per entry; returning 0 makes ini_parse report the line. */
static int on_entry(void *arg, const char *section, const char *name, const char *value)
{
    thd_config_t *self = arg;
    int k = find_key(name);
    thd_reason_t why = THD_R_NONE;
    const char *what = name;
    if (*section && strcmp(section, "client") != 0)
        why = THD_R_CONFIG_SECTION, what = section;
    else if (k < 0)
        why = THD_R_CONFIG_KEY;
    else if (!*value)
        why = THD_R_CONFIG_NO_VALUE;
    else if (k == KEY_TIMEOUT && parse_timeout(value) < 0)
        why = THD_R_CONFIG_TIMEOUT, what = value;
    else if (k == KEY_TIMEZONE && !zone_known(value))
        why = THD_R_CONFIG_TIMEZONE, what = value;
    else if (set(self, k, value, THD_SOURCE_FILE) != 0)
        why = THD_R_CONFIG_VALUE_TOO_LONG;
    if (why == THD_R_NONE)
        return 1;
    if (self->why == THD_R_NONE) {
        self->why = why;
        snprintf(self->what, sizeof self->what, "%s", what);
    }
    return 0;
}

const char *thd_config_default_path(char *buf, size_t cap)
{
    const char *env = getenv("THIDUA_CONFIG");
    const char *home = getenv("HOME");
    if (env && *env)
        snprintf(buf, cap, "%s", env);
    else if (home && *home)
        snprintf(buf, cap, "%s/.config/thidua/config.ini", home);
    else
        return NULL;
    return buf;
}

static int load_file(thd_config_t *self, const char *path, bool must_exist, thd_status_t *st)
{
    bool too_long;
    int line = ini_text_parse_file(path, on_entry, self, &too_long);
    if (line == -2)
        return thd_refuse(st, THD_R_CONFIG_PARSE, "config", path);
    if (line < 0) {
        if (errno == ENOENT && !must_exist)
            return 0;
        return thd_refuse(st, errno == ENOENT ? THD_R_CONFIG_MISSING : THD_R_CONFIG_UNREADABLE,
                          "config", path, thd_syserr(errno));
    }
    if (too_long)
        return thd_refuse(st, THD_R_CONFIG_LINE_TOO_LONG, "config", path, THD_U(line),
                          THD_U(INI_TEXT_LINE_MAX));
    if (line > 0 && self->why == THD_R_NONE) /* inih's own fault */
        return thd_refuse(st, THD_R_CONFIG_NOT_KEY_VALUE, "config", path, THD_U(line));
    if (line > 0) {
        const char *limit = self->why == THD_R_CONFIG_TIMEOUT          ? THD_U(TIMEOUT_MAX)
                            : self->why == THD_R_CONFIG_VALUE_TOO_LONG ? THD_U(VALUE_MAX - 1)
                                                                       : NULL;
        return thd_refuse(st, self->why, "config", path, THD_U(line), self->what, limit);
    }
    snprintf(self->file, sizeof self->file, "%s", path);
    return 0;
}

static int apply_flags(thd_config_t *self, const thd_client_opts_t *flags, thd_status_t *st)
{
    const char *given[THD_CONFIG_KEYS] = {
        [KEY_SERVER] = flags->server,
        [KEY_EVENTS] = flags->events,
        [KEY_SERVER_KEY] = flags->server_key,
        [KEY_KEY] = flags->key_file,
    };
    char timeout[16];
    if (flags->timeout_ms > 0) {
        snprintf(timeout, sizeof timeout, "%d", flags->timeout_ms);
        given[KEY_TIMEOUT] = timeout;
    }
    for (int k = 0; k < THD_CONFIG_KEYS; k++)
        if (given[k] && set(self, k, given[k], THD_SOURCE_FLAG) != 0)
            return thd_refuse(st, THD_R_CONFIG_FLAG_TOO_LONG, keys[k].name, keys[k].name,
                              THD_U(VALUE_MAX - 1));
    return 0;
}

thd_config_t *thd_config_new(const char *path, const thd_client_opts_t *flags, thd_status_t *st)
{
    thd_config_t *self = calloc(1, sizeof *self);
    if (!self) {
        thd_refuse(st, THD_R_OUT_OF_MEMORY, "");
        return NULL;
    }
    char def[PATH_MAX];
    const char *env = getenv("THIDUA_CONFIG");
    bool must_exist = path || (env && *env);
    if (!path)
        path = thd_config_default_path(def, sizeof def);
    if (path && load_file(self, path, must_exist, st) != 0) {
        thd_config_destroy(&self);
        return NULL;
    }
    for (int k = 0; k < THD_CONFIG_KEYS; k++) {
        const char *e = keys[k].env ? getenv(keys[k].env) : NULL;
        if (e && *e && set(self, k, e, THD_SOURCE_ENV) != 0) {
            thd_refuse(st, THD_R_CONFIG_ENV_TOO_LONG, keys[k].name, keys[k].env,
                       THD_U(VALUE_MAX - 1));
            thd_config_destroy(&self);
            return NULL;
        }
    }
    if (flags && apply_flags(self, flags, st) != 0) {
        thd_config_destroy(&self);
        return NULL;
    }
    thd_client_opts_t *o = &self->opts;
    if (flags)
        *o = *flags;
    o->server = self->set[KEY_SERVER] ? self->value[KEY_SERVER] : NULL;
    o->events = self->set[KEY_EVENTS] ? self->value[KEY_EVENTS] : NULL;
    o->server_key = self->set[KEY_SERVER_KEY] ? self->value[KEY_SERVER_KEY] : NULL;
    o->key_file = self->set[KEY_KEY] ? self->value[KEY_KEY] : NULL;
    o->timeout_ms = self->set[KEY_TIMEOUT] ? (int)parse_timeout(self->value[KEY_TIMEOUT]) : 0;
    return self;
}

void thd_config_destroy(thd_config_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free(*self_p);
    *self_p = NULL;
}

const thd_client_opts_t *thd_config_opts(const thd_config_t *self)
{
    return &self->opts;
}

const char *thd_config_file(const thd_config_t *self)
{
    return *self->file ? self->file : NULL;
}

const char *thd_config_timezone(const thd_config_t *self)
{
    return self->set[KEY_TIMEZONE] ? self->value[KEY_TIMEZONE] : ZONE_DEFAULT;
}

const char *thd_config_setting(const thd_config_t *self, int i, const char **value,
                               thd_source_t *source)
{
    if (i < 0 || i >= THD_CONFIG_KEYS)
        return NULL;
    *value = self->set[i] ? self->value[i] : NULL;
    *source = self->set[i] ? self->source[i] : THD_SOURCE_DEFAULT;
    return keys[i].name;
}

const char *thd_source_name(thd_source_t source)
{
    static const char *const names[] = {[THD_SOURCE_DEFAULT] = "default",
                                        [THD_SOURCE_FILE] = "file",
                                        [THD_SOURCE_ENV] = "environment",
                                        [THD_SOURCE_FLAG] = "flag"};
    return source <= THD_SOURCE_FLAG ? names[source] : "unknown";
}

/* Creates the directory holding path (one level), mode 0700. */
static void make_parent(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return;
    *slash = '\0';
    char *up = strrchr(dir, '/');
    if (up && up != dir) { /* ~/.config may be missing too */
        *up = '\0';
        mkdir(dir, 0700);
        *up = '/';
    }
    mkdir(dir, 0700);
}

/* The settings file's text, for file_write. */
static int config_text(FILE *f, const char *path, void *arg)
{
    (void)path;
    const thd_client_opts_t *opts = arg;
    fprintf(f, "# thidua client settings; flags and THIDUA_* variables override them\n");
    fprintf(f, "[client]\n");
    const char *v[] = {opts->server, opts->events, opts->server_key, opts->key_file};
    for (int k = 0; k < KEY_TIMEOUT; k++)
        if (v[k])
            fprintf(f, "%s = %s\n", keys[k].name, v[k]);
    if (opts->timeout_ms > 0)
        fprintf(f, "timeout = %d\n", opts->timeout_ms);
    return ferror(f) ? EIO : 0;
}

int thd_config_write(const char *path, const thd_client_opts_t *opts, bool overwrite,
                     thd_status_t *st)
{
    const char *v[] = {opts->server, opts->events, opts->server_key, opts->key_file};
    for (int k = 0; k < KEY_TIMEOUT; k++) /* what is written must read back */
        if (v[k] && strlen(v[k]) > ini_text_value_max(keys[k].name))
            return thd_refuse(st, THD_R_CONFIG_FLAG_TOO_LONG, keys[k].name, keys[k].name,
                              THD_U(ini_text_value_max(keys[k].name)));
    make_parent(path);
    /* as every file a person names: whole or not at all (file_write.h) */
    int err = file_write(path, overwrite, 0600, config_text, (void *)opts);
    if (err == EEXIST)
        return thd_refuse(st, THD_R_CONFIG_EXISTS, "config", path);
    if (err)
        return thd_refuse(st, THD_R_CONFIG_WRITE, "config", path, thd_syserr(err));
    return 0;
}
