#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini_text.h"
#include "log.h"
#include "thd_limits.h"
#include "zone.h"

typedef int check_fn(config_t *c, const char *value, char *err, size_t cap);

static int check_level(config_t *c, const char *value, char *err, size_t cap)
{
    c->level = log_parse_level(value);
    if (c->level >= 0)
        return 0;
    snprintf(err, cap, "log-level '%s' is not error, warn, info or debug", value);
    return -1;
}

static int check_keep(config_t *c, const char *value, char *err, size_t cap)
{
    if (logkeep_parse(value, &c->keep) == 0)
        return 0;
    snprintf(err, cap, "keep-log '%s' is not N (revisions), Nd (days) or all", value);
    return -1;
}

/* A whole number from lo to hi, digits only, into *out, or the reason,
 * naming key and what it counts ("a number", "a number of days"). */
static int check_range(const char *key, const char *noun, const char *value, long lo, long hi,
                       int *out, char *err, size_t cap)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (isdigit((unsigned char)value[0]) && !*end && !errno && n >= lo && n <= hi) {
        *out = (int)n;
        return 0;
    }
    snprintf(err, cap, "%s '%s' is not %s from %ld to %ld", key, value, noun, lo, hi);
    return -1;
}

static int check_hwm(config_t *c, const char *value, char *err, size_t cap)
{
    return check_range("event-hwm", "a number", value, 1, 1000000, &c->hwm, err, cap);
}

/* Up to the largest message: at that, no event is thin. */
static int check_max_kib(config_t *c, const char *value, char *err, size_t cap)
{
    return check_range("event-max-kib", "a number", value, 1, THD_MAX_MSG_BYTES / 1024, &c->max_kib,
                       err, cap);
}

static int check_queue_mib(config_t *c, const char *value, char *err, size_t cap)
{
    return check_range("event-queue-mib", "a number", value, 1, 4096, &c->queue_mib, err, cap);
}

static int check_backup_keep(config_t *c, const char *value, char *err, size_t cap)
{
    return check_range("backup-keep", "a number", value, 1, CONFIG_MAX_BACKUP_KEEP,
                       &c->keep_backups, err, cap);
}

static int check_backup_days(config_t *c, const char *value, char *err, size_t cap)
{
    return check_range("backup-keep-days", "a number of days", value, 1, CONFIG_MAX_BACKUP_DAYS,
                       &c->keep_days, err, cap);
}

int config_backup_keep(const config_t *c)
{
    if (c->keep_backups)
        return c->keep_backups;
    return c->keep_days ? 0 : CONFIG_DEFAULT_BACKUP_KEEP;
}

/* Only the name's shape here; that the zone exists is checked at run. */
static int check_zone(config_t *c, const char *value, char *err, size_t cap)
{
    (void)c;
    if (*value && !strstr(value, "..") && value[0] != '/')
        return 0;
    snprintf(err, cap, "timezone '%s' is not a name like " ZONE_DEFAULT, value);
    return -1;
}

static int check_nonempty(config_t *c, const char *value, char *err, size_t cap)
{
    (void)c;
    if (*value)
        return 0;
    snprintf(err, cap, "an empty value");
    return -1;
}

/* The collector's directory is named as node_exporter names it: absolute. */
static int check_absolute(config_t *c, const char *value, char *err, size_t cap)
{
    (void)c;
    if (value[0] == '/')
        return 0;
    snprintf(err, cap, "metrics-dir '%s' is not an absolute path", value);
    return -1;
}

/* A ';' at a value's start or after a space starts a comment on a key =
 * value line, so such a value (given on a continuation line, or by `run
 * --set`) would not read back as it was written. */
static bool starts_comment(const char *value)
{
    for (const char *s = value; *s; s++)
        if (*s == ';' && (s == value || isspace((unsigned char)s[-1])))
            return true;
    return false;
}

int config_set(config_t *c, const char *name, const char *value, char *err, size_t cap)
{
    const struct {
        const char *name;
        char *dst;
        size_t cap;
        check_fn *check;
    } fields[] = {
        {"data", c->data, sizeof c->data, check_nonempty},
        {"requests", c->requests, sizeof c->requests, check_nonempty},
        {"events", c->events, sizeof c->events, check_nonempty},
        {"log-level", c->log_level, sizeof c->log_level, check_level},
        {"keep-log", c->keep_log, sizeof c->keep_log, check_keep},
        {"event-max-kib", c->event_max_kib, sizeof c->event_max_kib, check_max_kib},
        {"event-queue-mib", c->event_queue_mib, sizeof c->event_queue_mib, check_queue_mib},
        {"event-hwm", c->event_hwm, sizeof c->event_hwm, check_hwm},
        {"timezone", c->timezone, sizeof c->timezone, check_zone},
        {"backup-dir", c->backup_dir, sizeof c->backup_dir, check_nonempty},
        {"backup-keep", c->backup_keep, sizeof c->backup_keep, check_backup_keep},
        {"backup-keep-days", c->backup_keep_days, sizeof c->backup_keep_days, check_backup_days},
        {"metrics-dir", c->metrics_dir, sizeof c->metrics_dir, check_absolute}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcmp(name, fields[i].name) != 0)
            continue;
        if (starts_comment(value)) {
            snprintf(err, cap,
                     "%s may not hold ';' at its start or after a space, where it starts a "
                     "comment in the file",
                     name);
            return -1;
        }
        if (strlen(value) >= fields[i].cap) {
            snprintf(err, cap, "%s is longer than %zu bytes", name, fields[i].cap - 1);
            return -1;
        }
        if (fields[i].check(c, value, err, cap) != 0)
            return -1;
        strcpy(fields[i].dst, value);
        return 0;
    }
    snprintf(err, cap, "unknown key '%.64s' (keys: " CONFIG_KEYS ")", name);
    return -1;
}

void config_defaults(config_t *c)
{
    char err[8];
    memset(c, 0, sizeof *c);
    strcpy(c->data, CONFIG_DEFAULT_DATA);
    strcpy(c->requests, CONFIG_DEFAULT_REQUESTS);
    strcpy(c->events, CONFIG_DEFAULT_EVENTS);
    strcpy(c->timezone, ZONE_DEFAULT);
    config_set(c, "log-level", "info", err, sizeof err);
}

struct reading {
    config_t *c;
    char *err;
    size_t cap;
    bool failed; /* only the first error is kept */
};

static int on_entry(void *arg, const char *section, const char *name, const char *value)
{
    struct reading *r = arg;
    if (strcmp(section, "server") != 0 || r->failed)
        return 1;
    /* what --check-config prints must read back: "key = value" on a line */
    if (strlen(value) > ini_text_value_max(name))
        snprintf(r->err, r->cap, "%s is longer than %zu bytes, what a line holds after '%s = '",
                 name, ini_text_value_max(name), name);
    else if (config_set(r->c, name, value, r->err, r->cap) == 0)
        return 1;
    r->failed = true;
    return 0;
}

static int finish(int line, bool too_long, struct reading *r)
{
    if (too_long)
        snprintf(r->err, r->cap, "the line is longer than %d bytes", INI_TEXT_LINE_MAX);
    else if (line > 0 && !r->failed) /* inih's own: a line that is not key = value */
        snprintf(r->err, r->cap, "not a [section] or key = value line");
    return line;
}

int config_read_string(config_t *c, const char *text, char *err, size_t cap)
{
    struct reading r = {.c = c, .err = err, .cap = cap};
    bool too_long;
    int line = ini_text_parse(text, on_entry, &r, &too_long);
    return finish(line, too_long, &r);
}

int config_read_file(config_t *c, const char *path, char *err, size_t cap)
{
    struct reading r = {.c = c, .err = err, .cap = cap};
    bool too_long;
    int line = ini_text_parse_file(path, on_entry, &r, &too_long);
    if (line < 0) {
        snprintf(err, cap, "cannot read: %s", line == -1 ? strerror(errno) : "not a text file");
        return -1;
    }
    return finish(line, too_long, &r);
}

size_t config_event_max_bytes(const config_t *c)
{
    return (size_t)(c->max_kib ? c->max_kib : THD_EVENT_MAX_KIB) * 1024;
}

int config_event_hwm(const config_t *c)
{
    if (c->hwm)
        return c->hwm;
    size_t queue = (size_t)(c->queue_mib ? c->queue_mib : THD_EVENT_QUEUE_MIB) * 1024;
    return (int)(queue / (config_event_max_bytes(c) / 1024)); /* in KiB: no overflow */
}
