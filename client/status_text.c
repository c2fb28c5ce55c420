/* A status as a person reads it: the reason's text from the "thidua"
 * gettext catalog (the one the CLI binds), its parameters put back in by
 * the shared renderer. Never hands a text from the broker to printf. */
#include "thidua.h"

#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "reasons.h"
#include "syserr.h"

#define DOMAIN "thidua"

/* One code's label in the user's language ("in_progress" is the msgid
 * "in progress"); a quota's "society/individual", each part's. */
static void label_word(const char *code, char *out, size_t cap)
{
    char key[THD_MAX_REASON_PARAM_BYTES + 1];
    size_t len = 0;
    out[0] = '\0';
    for (const char *p = code; len + 1 < cap;) {
        size_t k = strcspn(p, "/");
        snprintf(key, sizeof key, "%.*s", (int)k, p);
        for (char *c = key; *c; c++)
            *c = *c == '_' ? ' ' : *c;
        len += thd_render(out + len, cap - len, "%s%s",
                          (const char *const[]){p == code ? "" : "/", dgettext(DOMAIN, key)}, 2);
        if (!p[k])
            break;
        p += k + 1;
    }
}

/* Whether parameter i of text is a measure the broker wrote, a percent or
 * MiB ("%s %%", "%s MiB"): a number in the language's decimal form. What
 * a person typed ("1.2", a code) is quoted as typed. */
static bool measure(const char *text, int i)
{
    for (const char *p = text; (p = strstr(p, "%s")); p += 2)
        if (i-- == 0)
            return strncmp(p + 2, " %%", 3) == 0 || strncmp(p + 2, " MiB", 4) == 0;
    return false;
}

/* A label parameter: each code's label, as a list ("A, B hoặc C"). */
static void label_text(const char *codes, char *buf, size_t cap)
{
    thd_render_alternatives(buf, cap, codes, dgettext(DOMAIN, " or "), label_word);
}

/* A verb of the status machines by its msgctxt "verb" entry, or the code. */
static void verb_text(const char *code, char *buf, size_t cap)
{
    char key[THD_MAX_REASON_PARAM_BYTES + 8];
    snprintf(key, sizeof key, "verb\004%s", code);
    const char *t = dgettext(DOMAIN, key);
    thd_render(buf, cap, "%s", (const char *const[]){t == key ? code : t}, 1);
}

/* The catalog's language, which its msgctxt "meta" entry "lang" names;
 * without a catalog the texts are English. */
static const char *catalog_lang(void)
{
    static const char key[] = "meta\004lang";
    const char *t = dgettext(DOMAIN, key);
    return t == key ? "en" : t;
}

/* A record type, request kind or field in the catalog's language. A
 * kind's English word is a past event ("unit added"), wrong where the text
 * names a request, so English keeps the code. A field is its last part
 * ("task.title", "support_units[2]"). */
static void name_text(const char *code, char *buf, size_t cap)
{
    const char *lang = catalog_lang(), *w = thd_label_type(code, lang);
    if (!w && strcmp(lang, "en") != 0)
        w = thd_label_event(code, lang);
    if (!w) {
        const char *dot = strrchr(code, '.');
        char field[THD_MAX_REASON_PARAM_BYTES + 1];
        snprintf(field, sizeof field, "%.*s", (int)strcspn(dot ? dot + 1 : code, "["),
                 dot ? dot + 1 : code);
        w = thd_label_field(field, lang);
    }
    thd_render(buf, cap, "%s", (const char *const[]){w ? w : code}, 1);
}

static const char *translate(const char *english)
{
    return dgettext(DOMAIN, english);
}

const char *thd_status_text(const thd_status_t *st, char *buf, size_t cap)
{
    const thd_reason_row_t *row = thd_reason_find(st->reason);
    if (!row) /* none, or a newer broker's: its English message */
        return thd_render(buf, cap, "%s", (const char *const[]){st->message}, 1), buf;
    const char *params[THD_MAX_REASON_PARAMS];
    char labels[THD_MAX_REASON_PARAMS][THD_STATUS_TEXT_MAX]; /* parts grow as text */
    int n = st->n_params < THD_MAX_REASON_PARAMS ? st->n_params : THD_MAX_REASON_PARAMS;
    for (int i = 0; i < n; i++) {
        params[i] = st->params[i];
        if (row->labels & THD_L(i)) {
            label_text(st->params[i], labels[i], sizeof labels[i]);
            params[i] = labels[i];
        } else if (row->labels & THD_VERB(i)) {
            verb_text(st->params[i], labels[i], sizeof labels[i]);
            params[i] = labels[i];
        } else if (row->labels & THD_PARTS(i)) {
            thd_render_parts(labels[i], sizeof labels[i], st->params[i], translate);
            params[i] = labels[i];
        } else if (row->labels & THD_NAME(i)) {
            name_text(st->params[i], labels[i], sizeof labels[i]);
            params[i] = labels[i];
        } else if (thd_syserr_is_words(st->params[i])) {
            params[i] = dgettext(DOMAIN, st->params[i]);
        } else if (measure(row->text, i)) { /* a share or a size the broker wrote "55.6" */
            params[i] =
                thd_label_decimal(st->params[i], catalog_lang(), labels[i], sizeof labels[i]);
        }
    }
    thd_render(buf, cap, dgettext(DOMAIN, row->text), params, n > 0 ? (size_t)n : 0);
    return buf;
}

void thd_status_of_import_error(const Thidua__V1__ImportError *e, thd_status_t *st)
{
    *st = (thd_status_t){.code = (int)e->code};
    snprintf(st->message, sizeof st->message, "%s", e->reason ? e->reason : "");
    snprintf(st->reason, sizeof st->reason, "%s", e->reason_id ? e->reason_id : "");
    for (size_t i = 0; i < e->n_params && i < THD_MAX_REASON_PARAMS; i++)
        snprintf(st->params[st->n_params++], sizeof st->params[0], "%s", e->params[i]);
}
