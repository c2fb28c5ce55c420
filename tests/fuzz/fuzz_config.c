/* libFuzzer harness for the two INI readers. The first byte picks one:
 * even, the server's (config.c), whose accepted settings must read back
 * unchanged when written out as INI (what run --check-config prints); odd,
 * libthidua's client settings (thd_config_new on a file holding the rest). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "thidua.h"

/* The settings as an INI file; 0 when they do not fit. */
static size_t write_ini(const config_t *c, char *buf, size_t cap)
{
    int n =
        snprintf(buf, cap,
                 "[server]\ndata = %s\nrequests = %s\nevents = %s\nlog-level = %s\n"
                 "keep-log = %s\n%s%s\n%s%s\n%s%s\ntimezone = %s\n",
                 c->data, c->requests, c->events, c->log_level, *c->keep_log ? c->keep_log : "all",
                 *c->event_hwm ? "event-hwm = " : "#", c->event_hwm,
                 *c->event_max_kib ? "event-max-kib = " : "#", c->event_max_kib,
                 *c->event_queue_mib ? "event-queue-mib = " : "#", c->event_queue_mib, c->timezone);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

static void server_reader(const char *text)
{
    config_t a, b;
    char err[400], ini[8192];
    config_defaults(&a);
    if (config_read_string(&a, text, err, sizeof err) != 0)
        return;
    size_t len = write_ini(&a, ini, sizeof ini);
    if (!len)
        return;
    config_defaults(&b);
    if (config_read_string(&b, ini, err, sizeof err) != 0)
        abort(); /* accepted settings that do not read back */
    if (strcmp(a.data, b.data) || strcmp(a.requests, b.requests) || strcmp(a.events, b.events) ||
        strcmp(a.log_level, b.log_level) || strcmp(a.timezone, b.timezone) || a.hwm != b.hwm ||
        a.max_kib != b.max_kib || a.queue_mib != b.queue_mib || a.level != b.level ||
        a.keep.revisions != b.keep.revisions || a.keep.days != b.keep.days)
        abort(); /* read back differently */
}

static char path[64];

static void remove_file(void)
{
    unlink(path);
}

static void client_reader(const uint8_t *data, size_t size)
{
    if (!*path) {
        snprintf(path, sizeof path, "/tmp/fuzz-config-XXXXXX");
        int fd = mkstemp(path);
        if (fd < 0)
            abort();
        close(fd);
        atexit(remove_file);
    }
    FILE *f = fopen(path, "w");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    thd_client_opts_t flags = {0};
    thd_status_t st;
    thd_config_t *c = thd_config_new(path, &flags, &st);
    if (c && !thd_config_opts(c))
        abort();
    thd_config_destroy(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    if (data[0] & 1) {
        client_reader(data + 1, size - 1);
        return 0;
    }
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    server_reader(text);
    free(text);
    return 0;
}
