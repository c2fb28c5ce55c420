/* thidua-web account add|passwd|disable|enable|unlock|list: the admin's
 * side of the accounts file. A first password is one-time: the person
 * must change it at the first sign-in. Each command changes one account
 * under the file's lock, so it is safe while the gateway runs. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "accounts.h"
#include "privdrop.h"
#include "web_cli.h"

/* Where the package's thidua-web.service keeps its accounts. */
#define WEB_PACKAGE_STATE "/var/lib/thidua-web"

struct opts {
    const char *state, *key, *principal, *password;
    key_pair_t kp; /* --key's, read before anything else */
};

static int fail(const thd_status_t *st)
{
    fprintf(stderr, "thidua-web: %s\n", st->message);
    return 1;
}

/* Seals the key file's secret key under a first password and prints it. */
static int seal_first(void *arg, account_t *a, thd_status_t *st)
{
    const struct opts *o = arg;
    if (!o->key)
        return thd_status_set(st, THD_INVALID_ARGUMENT, "key",
                              "give --key FILE: the principal's secret key file");
    char generated[ACCOUNT_FIRST_PASSWORD_LEN + 1];
    account_first_password(generated);
    const char *pw = o->password ? o->password : generated;
    int rc = account_seal_first(a, pw, o->kp.secret_key, st);
    if (rc != 0)
        return rc;
    if (!o->password)
        printf("%s: first password %s (one-time: changed at the first sign-in)\n", a->name, pw);
    return 0;
}

static int cmd_add(const char *name, const struct opts *o)
{
    thd_status_t st = {0};
    account_t a = {0};
    snprintf(a.name, sizeof a.name, "%s", name);
    snprintf(a.principal, sizeof a.principal, "%s", o->principal ? o->principal : name);
    if (!account_name_ok(a.principal)) {
        fprintf(stderr, "thidua-web: principal '%s' is not 1-64 of a-z 0-9 . _ -\n", a.principal);
        return 2;
    }
    if (seal_first((void *)o, &a, &st) != 0 || accounts_add(o->state, &a, &st) != 0)
        return fail(&st);
    return 0;
}

/* The admin resets a forgotten password: the key file seals again, under
 * the file's lock, so a sign-in running at the same time cannot undo it. */
static int cmd_passwd(const char *name, const struct opts *o)
{
    thd_status_t st = {0};
    return accounts_update(o->state, name, seal_first, (void *)o, &st) != 0 ? fail(&st) : 0;
}

static int disable(void *arg, account_t *a, thd_status_t *st)
{
    (void)arg, (void)st;
    a->disabled = true;
    return 0;
}

static int enable(void *arg, account_t *a, thd_status_t *st)
{
    (void)arg, (void)st;
    a->disabled = false;
    return 0;
}

static int set_flag(const char *name, const struct opts *o, account_fn fn)
{
    thd_status_t st = {0};
    return accounts_update(o->state, name, fn, NULL, &st) != 0 ? fail(&st) : 0;
}

static int cmd_disable(const char *name, const struct opts *o)
{
    return set_flag(name, o, disable);
}
static int cmd_enable(const char *name, const struct opts *o)
{
    return set_flag(name, o, enable);
}
static int cmd_unlock(const char *name, const struct opts *o)
{
    return set_flag(name, o, account_unlock);
}

static void print_one(void *arg, const account_t *a)
{
    (void)arg;
    printf("%-24s %-24s %s%s%s%s\n", a->name, a->principal, a->disabled ? "disabled " : "",
           a->locked ? "locked " : "", a->must_change ? "first-password " : "",
           !a->disabled && !a->locked && !a->must_change ? "active" : "");
}

static int cmd_list(const char *name, const struct opts *o)
{
    (void)name;
    thd_status_t st = {0};
    printf("%-24s %-24s %s\n", "ACCOUNT", "PRINCIPAL", "STATE");
    return accounts_each(o->state, print_one, NULL, &st) != 0 ? fail(&st) : 0;
}

struct verb {
    const char *verb;
    int (*fn)(const char *name, const struct opts *o);
    bool needs_name;
    const char *help;
};

static const struct verb verbs[] = {
    {"add", cmd_add, true, "NAME --key FILE [--principal P] [--password PW]: a new account"},
    {"passwd", cmd_passwd, true, "NAME --key FILE [--password PW]: a new first password"},
    {"disable", cmd_disable, true, "NAME: refuse its sign-ins"},
    {"enable", cmd_enable, true, "NAME: allow them again"},
    {"unlock", cmd_unlock, true, "NAME: lift the lock after wrong passwords"},
    {"list", cmd_list, false, ": every account and its state"},
};

void account_usage(FILE *out)
{
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        fprintf(out, "  thidua-web account %s %s\n", verbs[i].verb, verbs[i].help);
    fprintf(out,
            "  (each takes --state DIR: the gateway's state directory, the package's %s;\n"
            "   run as root, it acts as the directory's owner)\n",
            WEB_PACKAGE_STATE);
}

/* Reads --key first (root's own file, maybe), then, run by root on the
 * gateway's directory, becomes its owner (privdrop.h) before opening
 * anything there: the files it writes stay the gateway's, and a link
 * planted there cannot turn root's write elsewhere. */
static int run_verb(const struct verb *v, const char *name, struct opts *o)
{
    thd_status_t st = {0};
    if (o->key && keys_read_secret(o->key, &o->kp, &st) != 0)
        return fail(&st);
    char path[PATH_MAX];
    int rc = 1;
    if (privdrop_to_owner(o->state, "thidua-web") == 0) {
        mkdir(o->state, 0700); /* the state directory is the gateway's alone */
        snprintf(path, sizeof path, "%s/accounts.json", o->state);
        o->state = path;
        rc = v->fn(name, o);
    }
    sodium_memzero(&o->kp, sizeof o->kp);
    return rc;
}

int account_main(int argc, char **argv)
{
    static const struct option longs[] = {{"state", required_argument, NULL, 'd'},
                                          {"key", required_argument, NULL, 'k'},
                                          {"principal", required_argument, NULL, 'p'},
                                          {"password", required_argument, NULL, 'w'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    struct opts o = {0};
    int c;
    while ((c = getopt_long(argc, argv, "d:k:p:w:h", longs, NULL)) != -1) {
        if (c == 'h') {
            account_usage(stdout);
            return 0;
        } else if (c == 'd')
            o.state = optarg;
        else if (c == 'k')
            o.key = optarg;
        else if (c == 'p')
            o.principal = optarg;
        else if (c == 'w')
            o.password = optarg;
        else
            return 2;
    }
    const char *verb = optind < argc ? argv[optind] : "";
    const char *name = optind + 1 < argc ? argv[optind + 1] : NULL;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        if (strcmp(verbs[i].verb, verb) != 0)
            continue;
        if (!o.state) {
            fprintf(stderr,
                    "thidua-web: account %s needs --state DIR, the gateway's state directory "
                    "(the package's: %s)\n",
                    verb, WEB_PACKAGE_STATE);
            return 2;
        }
        if (verbs[i].needs_name && (!name || !account_name_ok(name))) {
            fprintf(stderr, "thidua-web: usage: thidua-web account %s %s\n", verbs[i].verb,
                    verbs[i].help);
            return 2;
        }
        return run_verb(&verbs[i], name, &o);
    }
    fprintf(stderr, "thidua-web: unknown account command '%s'\n", verb);
    account_usage(stderr);
    return 2;
}
