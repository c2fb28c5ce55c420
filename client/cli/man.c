/* thidua --man: the thidua(1) page from the command table, so the page
 * lists exactly the commands the program has. It is in the language of
 * messages: every text on it is a message of the catalogs, the commands'
 * and the exit codes' the same as --help's. The build writes the English
 * page into man/thidua.1 and the Vietnamese one into man/vi/man1/thidua.1. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The page's own texts are roff, each a message whose translation keeps
 * the requests (.SH, .TP, .B) and escapes (\fB...\fR, \-) of the English.
 * They go out as UTF-8: man-db converts a page to the terminal's charset
 * itself, and reads the NAME section for whatis in the page's own bytes
 * (an escape such as \[u00CA] in "TÊN" would hide the heading from it). */
static const char *const name = N_(".SH NAME\n"
                                   "thidua \\- command line client for the thidua emulation "
                                   "congress broker\n");

static const char *const synopsis = N_(".SH SYNOPSIS\n"
                                       ".B thidua\n"
                                       "[\\fIoptions\\fR] \\fInoun\\fR [\\fIverb\\fR] "
                                       "[\\fIarguments\\fR]\n");

static const char *const description = N_(
    ".SH DESCRIPTION\n"
    "\\fBthidua\\fR talks to a \\fBthidua-server\\fR(8) broker over ZeroMQ with CURVE keys.\n"
    "Messages are in Vietnamese unless \\fB\\-\\-lang en\\fR is given or LC_ALL, LC_MESSAGES or\n"
    "LANG starts with \"en\". \\fB\\-\\-json\\fR output is never translated.\n"
    "Every noun and verb takes \\fB\\-\\-help\\fR.\n"
    "A task, nominee or ballot is named by its id, T\\-31, N\\-8 or B\\-1 in any case, or by the\n"
    "number alone, also in the lists of nominees of \\fBballot open\\fR and \\fBballot "
    "vote\\fR.\n");

/* The global options as thidua(1) details them (the option with its value
 * as a usage line names it, cli_usage_text); the shorter lines of --help
 * are main.c's. */
static const char *const options[][2] = {
    {"-s, --server EP", N_("broker request endpoint (default tcp://127.0.0.1:7510)")},
    {"-S, --server-key KEY", N_("broker public key, Z85 or a file such as server.pub")},
    {"-e, --events EP", N_("broker event endpoint (default: the server port + 1)")},
    {"-k, --key FILE", N_("your secret key file, mode 0600")},
    {"-t, --timeout MS", N_("wait per attempt (default 3000); two retries follow with the same "
                            "request id, so a write takes effect once")},
    {"-c, --config FILE", N_("settings file (default $THIDUA_CONFIG, else "
                             "~/.config/thidua/config.ini)")},
    {"-L, --lang vi|en", N_("language of messages")},
    {"-j, --json", N_("machine output: one JSON object per line; an error, the broker's or the "
                      "command line's own, is one {\"error\":{...}} line on stderr, the exit "
                      "code unchanged")},
    {"-h, --help", N_("list the commands")},
};

static const char *const configuration = N_(
    ".SH CONFIGURATION\n"
    "An INI file with the keys \\fBserver\\fR, \\fBevents\\fR, \\fBserver\\-key\\fR, \\fBkey\\fR,\n"
    "\\fBtimeout\\fR and \\fBtimezone\\fR, at the top or in a \\fB[client]\\fR section. Flags win "
    "over\n"
    "the environment, which wins over the file. An unknown key or a bad value is an error\n"
    "naming the file and the line. \\fBtimezone\\fR is the province's: dates and times are\n"
    "shown in it whatever zone the computer is set to (default Asia/Ho_Chi_Minh, as the\n"
    "broker's). \\fBthidua config show\\fR prints each setting and where\n"
    "it came from; \\fBthidua config init\\fR writes the file with mode 0600.\n");

static const char *const environment =
    N_(".SH ENVIRONMENT\n"
       ".TP\n.B THIDUA_SERVER, THIDUA_EVENTS, THIDUA_SERVER_KEY, THIDUA_KEY\n"
       "as \\-\\-server, \\-\\-events, \\-\\-server\\-key and \\-\\-key\n"
       ".TP\n.B THIDUA_CONFIG\nthe settings file\n"
       ".TP\n.B LC_ALL, LC_MESSAGES, LANG\nthe first set chooses English when it starts with "
       "\"en\"\n");

static const char *const output_files = N_(
    ".SH OUTPUT FILES\n"
    "\\fBexport\\fR, \\fBdocument get\\fR, \\fBdecision draft\\fR and \\fBconfig init\\fR "
    "write the files\nyou name by one rule: a file that exists is kept, and the command exits 6\n"
    "saying so, unless \\fB\\-\\-force\\fR is given; this is checked before anything is "
    "fetched.\nThe file is written under a hidden temporary name in the same folder and renamed\n"
    "into place once whole, so a failure (a full disk, an interrupted download) never leaves\n"
    "half a file. A name that is no regular file (a pipe, \\fI/dev/stdout\\fR) is written "
    "into\nas a shell's redirection would. \\fBkeygen\\fR writes its two files the same way "
    "and never\nreplaces a key file: when either name is taken it writes neither.\n");

/* FILES, around the template's path, which the build chooses. */
static const char *const files = N_(".SH FILES\n"
                                    ".TP\n.I ~/.config/thidua/config.ini\nclient settings\n");
static const char *const template_file = N_(
    "the words of \\fBthidua decision draft\\fR (issuing body, bases, articles, recipients,\n"
    "signer, the certificate's lines) as the office edits them, in sections with\n"
    "{{placeholders}}; \\-\\-template names another file, and without either the\n"
    "built-in copy is used. A placeholder the program does not know is refused with its line.\n");

/* Text into roff: a backslash, '-' or '"' is escaped (a usage line's
 * quoted value, "Văn bản", on a .B line would group the macro's
 * arguments, its quotes lost), and a leading dot or quote, which would
 * start a request, is made text with \&. */
static void roff(FILE *out, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", out);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else if (*s == '"')
            fputs("\\(dq", out);
        else
            fputc(*s, out);
    }
}

/* The words of a command, "task report", and its arguments when args is
 * set. */
static void command_tag(FILE *out, const struct cli_command *c, bool args)
{
    roff(out, c->noun);
    if (c->verb) {
        fputc(' ', out);
        roff(out, c->verb);
    }
    if (args && *c->args) {
        fputc(' ', out);
        char text[CLI_USAGE_MAX];
        roff(out, cli_usage_text(c->args, text, sizeof text));
    }
}

/* Each request kind a command sends, by its Request field name as in
 * docs/PROTOCOL.md; tests/e2e/test_cli_coverage.c reads this section of
 * the English page to check every kind a person sends has a command. The
 * names are the protocol's, in every language. */
static void requests(FILE *out)
{
    fputs(_(".SH REQUEST KINDS\n"
            "The broker's request kinds (docs/PROTOCOL.md) and the commands that send them.\n"),
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
                command_tag(out, &cli_commands[c], false);
                fputs("\\fR", out);
                first = false;
            }
        if (!first)
            fputc('\n', out);
    }
}

void cli_print_man(FILE *out)
{
    fprintf(out, ".TH THIDUA 1 \"\" \"thidua %s\" \"%s\"\n", THIDUA_VERSION, _("User Commands"));
    fputs(_(name), out);
    fputs(_(synopsis), out);
    fputs(_(description), out);
    fputs(_(".SH OPTIONS\n"), out);
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        fputs(".TP\n.B ", out);
        char text[CLI_USAGE_MAX];
        roff(out, cli_usage_text(options[i][0], text, sizeof text));
        fputc('\n', out);
        roff(out, _(options[i][1]));
        fputc('\n', out);
    }
    fputs(_(".SH COMMANDS\n"), out);
    for (size_t i = 0; i < cli_n_commands; i++) {
        fputs(".TP\n.B ", out);
        command_tag(out, &cli_commands[i], true);
        fputc('\n', out);
        roff(out, _(cli_commands[i].help));
        fputc('\n', out);
    }
    requests(out);
    fputs(_(configuration), out);
    fputs(_(environment), out);
    fputs(_(".SH EXIT STATUS\n"), out);
    for (size_t i = 0; i < cli_n_exit_docs; i++) {
        const struct cli_exit_doc *e = &cli_exit_docs[i];
        fprintf(out, ".TP\n%d\n", e->code);
        roff(out, _(e->detail ? e->detail : e->label));
        fputc('\n', out);
    }
    fputs(_(output_files), out);
    fputs(_(files), out);
    fputs(".TP\n.I " THIDUA_DECISION_TEMPLATE "\n", out);
    fputs(_(template_file), out);
    fputs(_(".SH SEE ALSO\n"), out);
    fputs(".BR thidua-server (8)\n", out);
}
