/* What to type, for the broker's refusals one option of the command line
 * (or one other command) cures. The broker's reason says what is wrong in
 * words it shares with thidua-web, whose forms have no options; the CLI
 * adds the option that supplies what is missing, or the command that does
 * what was meant (an add of what exists: its edit). Each reason here
 * comes from one request, which one command sends, and that command takes
 * the option named. */
#include <string.h>

#include "cli.h"

static const struct {
    const char *reason; /* the broker's reason id (common/reasons.h) */
    const char *hint;   /* N_(): the option with its usage line's placeholder */
} hints[] = {
    {"task.document_needs_submit", N_("add --file PATH")},                 /* task submit */
    {"nominee.no_reject_reason", N_("add --reason TEXT")},                 /* nominee decide */
    {"principal.needs_unit", N_("add --unit CODE")},                       /* principal add */
    {"criterion.exists", N_("to correct it: thidua criterion edit CODE")}, /* criterion add */
    {"ballot.no_choices", N_("vote with --yes, --no or --abstain and the nominees' ids, e.g. "
                             "--yes N-1,N-2")}, /* ballot vote */
};

const char *cli_hint(const char *reason)
{
    for (size_t i = 0; reason && i < sizeof hints / sizeof hints[0]; i++)
        if (strcmp(hints[i].reason, reason) == 0)
            return _(hints[i].hint);
    return NULL;
}
