#include "args.h"
#include "cli.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static struct arg_spec *find(struct arg_spec *s, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (s[i].name && strcmp(s[i].name, name) == 0)
            return &s[i];
    return NULL;
}

/* Codes as the broker spells them, into out (cap bytes): ASCII letters
 * upper case, the blanks at the ends and around each comma dropped. Codes
 * are A-Z 0-9 and "-" alone, so no other character changes; a blank inside
 * one stays, for the refusal to show. Longer than out: v as typed, for the
 * broker to refuse. */
static const char *as_codes(const char *v, char *out, size_t cap)
{
    if (strlen(v) >= cap)
        return v;
    char *o = out;
    for (const char *p = v; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *end = p + strcspn(p, ",");
        const char *last = end;
        while (last > p && (last[-1] == ' ' || last[-1] == '\t'))
            last--;
        for (; p < last; p++)
            *o++ = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        p = end;
        if (*p == ',')
            *o++ = *p++;
    }
    *o = '\0';
    return out;
}

/* Stores a value; an id or a code in its one form. 0, or -1 after saying
 * why. */
static int take(struct arg_spec *s, const char *value)
{
    *s->value = s->id_of  ? cli_record_id(value, s->id_of, s->id, sizeof s->id)
                : s->code ? as_codes(value, s->codes, sizeof s->codes)
                          : value;
    return *s->value ? 0 : -1;
}

/* An option as usage lines write it: --output as -o, the one short
 * option (as cp and cc spell it), the others by their long name. */
static const char *spelt(const struct arg_spec *s, char *buf, size_t cap)
{
    if (strcmp(s->name, "output") == 0)
        return "-o";
    snprintf(buf, cap, "--%s", s->name);
    return buf;
}

/* One word of a usage line into buf, without the brackets around it
 * ("[--file" is "--file", "TỆP]" is "TỆP", "MÃ[/vN]" stays). */
static const char *bare(const char *w, size_t n, char *buf, size_t cap)
{
    while (n && *w == '[') {
        w++;
        n--;
    }
    int unmatched = 0; /* the ']' closing a '[' before the word */
    for (size_t i = 0; i < n; i++)
        unmatched += (w[i] == ']') - (w[i] == '[');
    while (n && w[n - 1] == ']' && unmatched > 0) {
        n--;
        unmatched--;
    }
    snprintf(buf, cap, "%.*s", (int)n, w);
    return buf;
}

/* In a usage line's arguments: with option, the placeholder of its value
 * ("--lead" of "TITLE --lead UNIT" gives "UNIT"); without, the k-th
 * positional, one of the words before the first option ("TITLE"). Into
 * buf; NULL where the line has none. */
static const char *usage_word(const char *usage, const char *option, int k, char *buf, size_t cap)
{
    bool value_next = false;
    for (const char *p = usage + strspn(usage, " "); *p; p += strspn(p, " ")) {
        size_t n = cli_usage_word(p);
        const char *w = bare(p, n, buf, cap);
        p += n;
        if (value_next)
            return *w && *w != '-' ? w : NULL;
        if (option)
            value_next = strcmp(w, option) == 0;
        else if (*w == '-')
            return NULL; /* the options begin: no positional after */
        else if (k-- == 0)
            return w;
    }
    return NULL;
}

/* Names what is missing: the option, or a positional, as the command's
 * usage line (usage, English; NULL: none) writes it, in the language of
 * the sentence: "--lead MÃ-ĐƠN-VỊ", "TÊN-NHIỆM-VỤ"; an id by the forms it
 * is typed in. pos: the positional's place among the positionals. */
static void say_missing(const struct arg_spec *s, int pos, const char *usage)
{
    char word[128], option[80], both[256], shown[CLI_USAGE_MAX];
    if (usage) /* English under --json, as the sentence */
        usage = strcmp(cli_error_lang(), "en") == 0 ? usage
                                                    : cli_usage_text(usage, shown, sizeof shown);
    if (s->name) {
        const char *o = spelt(s, option, sizeof option);
        const char *value = usage ? usage_word(usage, o, 0, word, sizeof word) : NULL;
        snprintf(both, sizeof both, "%s%s%s", o, value ? " " : "", value ? value : "");
        cli_error(N_("%s is required"), both);
    } else if (!s->id_of) {
        const char *name = usage ? usage_word(usage, NULL, pos, word, sizeof word) : NULL;
        if (name)
            cli_error(N_("the argument %s is missing"), name);
        else
            cli_error(N_("an argument is missing"));
    } else if (*s->id_of == 'T')
        cli_error(N_("give the task's id: T-31, or the number alone (31)"));
    else if (*s->id_of == 'N')
        cli_error(N_("give the nominee's id: N-8, or the number alone (8)"));
    else
        cli_error(N_("give the ballot's id: B-1, or the number alone (1)"));
}

/* Whether a reads as a file's name: a path (/, ./, ~/), or a name with an
 * extension of letters and digits that begins with a letter (bao-cao.pdf;
 * not 8.5, not T-2/v1). */
static bool file_like(const char *a)
{
    const char *dot = strrchr(a, '.');
    if (strchr("/.~", a[0]))
        return true;
    if (!dot || !isalpha((unsigned char)dot[1]))
        return false;
    for (const char *p = dot + 1; *p; p++)
        if (!isalnum((unsigned char)*p))
            return false;
    return true;
}

/* An argument with no place: a short option the command does not take
 * ("-p"), or most often a file named without its option, which the refusal
 * names ("nominee attach N-8 bao-cao.pdf": --file bao-cao.pdf). */
static void say_unexpected(const struct arg_spec *specs, int n_specs, const char *a)
{
    if (a[0] == '-' && a[1]) {
        cli_error(N_("unknown option %s"), a);
        return;
    }
    for (int k = 0; k < n_specs && file_like(a); k++)
        if (specs[k].name && !*specs[k].value &&
            (strcmp(specs[k].name, "file") == 0 || strcmp(specs[k].name, "output") == 0)) {
            char option[80];
            cli_error(N_("unexpected argument '%s'; if it is the file, write %s %s"), a,
                      spelt(&specs[k], option, sizeof option), a);
            return;
        }
    cli_error(N_("unexpected argument '%s'"), a);
}

int args_parse(int argc, char **argv, struct arg_spec *specs, int n_specs, const char *usage)
{
    int next_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return 1;
        if (strcmp(a, "-o") == 0 && find(specs, n_specs, "output"))
            a = "--output";
        if (strncmp(a, "--", 2) == 0) {
            char name[64];
            const char *eq = strchr(a, '=');
            snprintf(name, sizeof name, "%.*s", (int)(eq ? eq - a - 2 : (long)strlen(a) - 2),
                     a + 2);
            struct arg_spec *s = find(specs, n_specs, name);
            if (!s) {
                cli_error(N_("unknown option --%s"), name);
                return -1;
            }
            if (s->flag) {
                *s->value = "1";
            } else if (eq || i + 1 < argc) {
                if (take(s, eq ? eq + 1 : argv[++i]) != 0)
                    return -1;
            } else {
                cli_error(N_("--%s needs a value"), name);
                return -1;
            }
            continue;
        }
        int seen = 0;
        struct arg_spec *pos = NULL;
        for (int k = 0; k < n_specs && !pos; k++)
            if (!specs[k].name && seen++ == next_pos)
                pos = &specs[k];
        if (!pos) {
            say_unexpected(specs, n_specs, a);
            return -1;
        }
        if (take(pos, a) != 0)
            return -1;
        next_pos++;
    }
    for (int k = 0, pos = 0; k < n_specs; pos += !specs[k].name, k++)
        if (specs[k].required && !*specs[k].value) {
            say_missing(&specs[k], pos, usage);
            return -1;
        }
    return 0;
}
