/* Language choice, catalog lookup and the labels of enum values. The
 * catalogs are compiled from po/ by the build into build/locale and
 * installed into share/locale; the program looks beside itself first so
 * an uninstalled build and a relocated install both find theirs. */
#include "i18n.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pbjson.h"

#define DOMAIN "thidua"

#ifndef THIDUA_LOCALEDIR
#define THIDUA_LOCALEDIR "/usr/local/share/locale"
#endif

static const char *current = "vi";

/* The first non-empty of LC_ALL, LC_MESSAGES, LANG (POSIX's order). */
static const char *env_lang(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return "";
}

static bool has_catalog(const char *dir)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/vi/LC_MESSAGES/" DOMAIN ".mo", dir);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

/* prefix/bin/../share/locale when installed, build/bin/../locale in the
 * build tree, else the configured install directory. */
static void locale_dir(char *out, size_t cap)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        static const char *const rel[] = {"/../share/locale", "/../locale"};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            int len = snprintf(out, cap, "%s%s", exe, rel[i]);
            if (len > 0 && (size_t)len < cap && has_catalog(out))
                return;
        }
    }
    snprintf(out, cap, "%s", THIDUA_LOCALEDIR);
}

int cli_i18n_init(const char *lang)
{
    if (!lang)
        lang = strncmp(env_lang(), "en", 2) == 0 ? "en" : "vi";
    if (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0)
        return -1;
    current = strcmp(lang, "en") == 0 ? "en" : "vi";
    /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is on every
     * glibc system and keeps numbers and times as in C. */
    if (!setlocale(LC_ALL, "") || strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0 ||
        strcmp(setlocale(LC_MESSAGES, NULL), "POSIX") == 0)
        setlocale(LC_ALL, "C.UTF-8");
    setlocale(LC_NUMERIC, "C");
    setenv("LANGUAGE", current, 1);
    char dir[PATH_MAX];
    locale_dir(dir, sizeof dir);
    bindtextdomain(DOMAIN, dir);
    bind_textdomain_codeset(DOMAIN, "UTF-8");
    textdomain(DOMAIN);
    return 0;
}

const char *cli_i18n_lang(void)
{
    return current;
}

static const struct label {
    const ProtobufCEnumDescriptor *d;
    int value;
    const char *text;
} labels[] = {
    {&thidua__v1__task_status__descriptor, THIDUA__V1__TASK_STATUS__TASK_STATUS_ASSIGNED,
     N_("assigned")},
    {&thidua__v1__task_status__descriptor, THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS,
     N_("in progress")},
    {&thidua__v1__task_status__descriptor, THIDUA__V1__TASK_STATUS__TASK_STATUS_SUBMITTED,
     N_("submitted")},
    {&thidua__v1__task_status__descriptor, THIDUA__V1__TASK_STATUS__TASK_STATUS_ACCEPTED,
     N_("accepted")},
    {&thidua__v1__task_status__descriptor, THIDUA__V1__TASK_STATUS__TASK_STATUS_CANCELLED,
     N_("cancelled")},
    {&thidua__v1__task_kind__descriptor, THIDUA__V1__TASK_KIND__TASK_KIND_WORK, N_("work")},
    {&thidua__v1__task_kind__descriptor, THIDUA__V1__TASK_KIND__TASK_KIND_DOCUMENT, N_("document")},
    {&thidua__v1__phase__descriptor, THIDUA__V1__PHASE__PHASE_BEFORE, N_("before the congress")},
    {&thidua__v1__phase__descriptor, THIDUA__V1__PHASE__PHASE_DURING, N_("during the congress")},
    {&thidua__v1__phase__descriptor, THIDUA__V1__PHASE__PHASE_AFTER, N_("after the congress")},
    {&thidua__v1__nominee_status__descriptor, THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_DRAFT,
     N_("draft")},
    {&thidua__v1__nominee_status__descriptor, THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_PROPOSED,
     N_("proposed")},
    {&thidua__v1__nominee_status__descriptor, THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_VETTING,
     N_("vetting")},
    {&thidua__v1__nominee_status__descriptor, THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_VETTED,
     N_("vetted")},
    {&thidua__v1__nominee_status__descriptor, THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_SELECTED,
     N_("selected")},
    {&thidua__v1__nominee_status__descriptor, THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_REJECTED,
     N_("rejected")},
    {&thidua__v1__nominee_status__descriptor, THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_WITHDRAWN,
     N_("withdrawn")},
    {&thidua__v1__field__descriptor, THIDUA__V1__FIELD__FIELD_ECONOMY, N_("economy")},
    {&thidua__v1__field__descriptor, THIDUA__V1__FIELD__FIELD_CULTURE, N_("culture")},
    {&thidua__v1__field__descriptor, THIDUA__V1__FIELD__FIELD_SOCIETY, N_("society")},
    {&thidua__v1__field__descriptor, THIDUA__V1__FIELD__FIELD_DEFENSE_SECURITY,
     N_("defense-security")},
    {&thidua__v1__nominee_kind__descriptor, THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE,
     N_("collective")},
    {&thidua__v1__nominee_kind__descriptor, THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL,
     N_("individual")},
    {&thidua__v1__unit_kind__descriptor, THIDUA__V1__UNIT_KIND__UNIT_KIND_COMMITTEE,
     N_("committee")},
    {&thidua__v1__unit_kind__descriptor, THIDUA__V1__UNIT_KIND__UNIT_KIND_OFFICE, N_("office")},
    {&thidua__v1__unit_kind__descriptor, THIDUA__V1__UNIT_KIND__UNIT_KIND_SUBCOMMITTEE,
     N_("subcommittee")},
    {&thidua__v1__unit_kind__descriptor, THIDUA__V1__UNIT_KIND__UNIT_KIND_DEPARTMENT,
     N_("department")},
    {&thidua__v1__unit_kind__descriptor, THIDUA__V1__UNIT_KIND__UNIT_KIND_DISTRICT, N_("district")},
    {&thidua__v1__unit_kind__descriptor, THIDUA__V1__UNIT_KIND__UNIT_KIND_FORCE, N_("force")},
    {&thidua__v1__unit_kind__descriptor, THIDUA__V1__UNIT_KIND__UNIT_KIND_ORGANIZATION,
     N_("organization")},
    {&thidua__v1__role__descriptor, THIDUA__V1__ROLE__ROLE_ADMIN, N_("admin")},
    {&thidua__v1__role__descriptor, THIDUA__V1__ROLE__ROLE_CHAIR, N_("chair")},
    {&thidua__v1__role__descriptor, THIDUA__V1__ROLE__ROLE_OFFICE, N_("office")},
    {&thidua__v1__role__descriptor, THIDUA__V1__ROLE__ROLE_UNIT, N_("unit")},
    {&thidua__v1__role__descriptor, THIDUA__V1__ROLE__ROLE_OBSERVER, N_("observer")},
    {&thidua__v1__check_result__descriptor, THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET, N_("met")},
    {&thidua__v1__check_result__descriptor, THIDUA__V1__CHECK_RESULT__CHECK_RESULT_NOT_MET,
     N_("not met")},
    {&thidua__v1__disclosure__descriptor, THIDUA__V1__DISCLOSURE__DISCLOSURE_NOT_OPENED,
     N_("not opened")},
    {&thidua__v1__disclosure__descriptor, THIDUA__V1__DISCLOSURE__DISCLOSURE_OPEN,
     N_("open for comments")},
    {&thidua__v1__disclosure__descriptor, THIDUA__V1__DISCLOSURE__DISCLOSURE_CLOSED, N_("closed")},
};

const char *cli_label(const ProtobufCEnumDescriptor *d, int value, char *buf, size_t cap)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (labels[i].d == d && labels[i].value == value)
            return _(labels[i].text);
    return pbjson_enum_name(d, value, buf, cap);
}
