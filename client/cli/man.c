/* thidua --man: the thidua(1) page from the command table, so the page
 * lists exactly the commands the program has. The page is English; the
 * build writes it into man/thidua.1. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* roff: a leading dot or quote starts a request; backslash escapes. */
static void roff(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

static const char head[] =
    ".TH THIDUA 1 \"\" \"thidua " THIDUA_VERSION "\" \"User Commands\"\n"
    ".SH NAME\n"
    "thidua \\- command line client for the thidua emulation congress broker\n"
    ".SH SYNOPSIS\n"
    ".B thidua\n"
    "[\\fIoptions\\fR] \\fInoun\\fR [\\fIverb\\fR] [\\fIarguments\\fR]\n"
    ".SH DESCRIPTION\n"
    "\\fBthidua\\fR talks to a \\fBthidua-server\\fR(8) broker over ZeroMQ with CURVE keys.\n"
    "Messages are in Vietnamese unless \\fB\\-\\-lang en\\fR is given or LC_ALL, LC_MESSAGES or\n"
    "LANG starts with \"en\". \\fB\\-\\-json\\fR output is never translated.\n"
    "Every noun and verb takes \\fB\\-\\-help\\fR.\n"
    "A task, nominee or ballot is named by its id, T\\-31, N\\-8 or B\\-1 in any case, or by the\n"
    "number alone, also in the lists of nominees of \\fBballot open\\fR and \\fBballot vote\\fR.\n"
    ".SH OPTIONS\n";

static const char *const options[][2] = {
    {"-s, --server EP", "broker request endpoint (default tcp://127.0.0.1:7510)"},
    {"-S, --server-key KEY", "broker public key, Z85 or a file such as server.pub"},
    {"-e, --events EP", "broker event endpoint (default: the server port + 1)"},
    {"-k, --key FILE", "your secret key file, mode 0600"},
    {"-t, --timeout MS", "wait per attempt (default 3000); two retries follow with the same "
                         "request id, so a write takes effect once"},
    {"-c, --config FILE", "settings file (default $THIDUA_CONFIG, else "
                          "~/.config/thidua/config.ini)"},
    {"-L, --lang vi|en", "language of messages"},
    {"-j, --json", "machine output: one JSON object per line; an error, the broker's or the "
                   "command line's own, is one {\"error\":{...}} line on stderr, the exit code "
                   "unchanged"},
    {"-h, --help", "list the commands"},
};

static const char environment[] =
    ".SH CONFIGURATION\n"
    "An INI file with the keys \\fBserver\\fR, \\fBevents\\fR, \\fBserver\\-key\\fR, \\fBkey\\fR "
    "and\n\\fBtimeout\\fR, at the top or in a \\fB[client]\\fR section. Flags win over the\n"
    "environment, which wins over the file. An unknown key or a bad value is an error\n"
    "naming the file and the line. \\fBthidua config show\\fR prints each setting and where\n"
    "it came from; \\fBthidua config init\\fR writes the file with mode 0600.\n"
    ".SH ENVIRONMENT\n"
    ".TP\n.B THIDUA_SERVER, THIDUA_EVENTS, THIDUA_SERVER_KEY, THIDUA_KEY\n"
    "as \\-\\-server, \\-\\-events, \\-\\-server\\-key and \\-\\-key\n"
    ".TP\n.B THIDUA_CONFIG\nthe settings file\n"
    ".TP\n.B LC_ALL, LC_MESSAGES, LANG\nthe first set chooses English when it starts with "
    "\"en\"\n";

static const char tail[] =
    ".SH OUTPUT FILES\n"
    "\\fBexport\\fR, \\fBdocument get\\fR, \\fBdecision draft\\fR and \\fBconfig init\\fR "
    "write the files\nyou name by one rule: a file that exists is kept, and the command exits 6\n"
    "saying so, unless \\fB\\-\\-force\\fR is given; this is checked before anything is "
    "fetched.\nThe file is written under a hidden temporary name in the same folder and renamed\n"
    "into place once whole, so a failure (a full disk, an interrupted download) never leaves\n"
    "half a file. A name that is no regular file (a pipe, \\fI/dev/stdout\\fR) is written "
    "into\nas a shell's redirection would. \\fBkeygen\\fR writes its two files the same way "
    "and never\nreplaces a key file: when either name is taken it writes neither.\n"
    ".SH FILES\n"
    ".TP\n.I ~/.config/thidua/config.ini\nclient settings\n"
    ".TP\n.I " THIDUA_DECISION_TEMPLATE "\n"
    "the words of \\fBthidua decision draft\\fR (issuing body, bases, articles, recipients,\n"
    "signer, the certificate's lines) as the office edits them, in sections with\n"
    "{{placeholders}}; \\-\\-template names another file, and without either the\n"
    "built-in copy is used. A placeholder the program does not know is refused with its line.\n"
    ".SH SEE ALSO\n"
    ".BR thidua-server (8)\n";

/* Each request kind a command sends, by its Request field name as in
 * docs/PROTOCOL.md; tests/e2e/test_cli_coverage.c reads this section to
 * check every kind a person sends has a command. */
static void requests(FILE *out)
{
    fputs(".SH REQUEST KINDS\n"
          "The broker's request kinds (docs/PROTOCOL.md) and the commands that send them.\n",
          out);
    const ProtobufCMessageDescriptor *d = &thidua__v1__request__descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (!(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
            continue;
        bool first = true;
        for (size_t c = 0; c < cli_n_commands; c++)
            for (int k = 0; k < CLI_MAX_SENDS && cli_commands[c].sends[k]; k++) {
                if (cli_commands[c].sends[k] != (int)f->id)
                    continue;
                fputs(first ? ".TP\n.B " : ", ", out);
                if (first) {
                    roff(out, f->name);
                    fputc('\n', out);
                }
                fputs("\\fBthidua ", out);
                roff(out, cli_commands[c].noun);
                if (cli_commands[c].verb) {
                    fputc(' ', out);
                    roff(out, cli_commands[c].verb);
                }
                fputs("\\fR", out);
                first = false;
            }
        if (!first)
            fputc('\n', out);
    }
}

void cli_print_man(FILE *out)
{
    fputs(head, out);
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        fputs(".TP\n.B ", out);
        roff(out, options[i][0]);
        fputc('\n', out);
        roff(out, options[i][1]);
        fputc('\n', out);
    }
    fputs(".SH COMMANDS\n", out);
    for (size_t i = 0; i < cli_n_commands; i++) {
        const struct cli_command *c = &cli_commands[i];
        fputs(".TP\n.B ", out);
        roff(out, c->noun);
        if (c->verb) {
            fputc(' ', out);
            roff(out, c->verb);
        }
        if (*c->args) {
            fputc(' ', out);
            roff(out, c->args);
        }
        fputc('\n', out);
        roff(out, c->help);
        fputc('\n', out);
    }
    requests(out);
    fputs(environment, out);
    fputs(".SH EXIT STATUS\n", out);
    for (size_t i = 0; i < cli_n_exit_docs; i++) {
        fprintf(out, ".TP\n%d\n", cli_exit_docs[i].code);
        roff(out, cli_exit_docs[i].detail);
        fputc('\n', out);
    }
    fputs(tail, out);
}
