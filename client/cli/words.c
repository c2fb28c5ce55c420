/* Each entry keeps its forms folded once, so a CSV of many rows matches
 * without translating again. An enum's words are in libthidua's table
 * (client/labels.c), in both languages at once. A name's label is an
 * English msgid, so its English is the label itself and its Vietnamese
 * the catalog's; only a process speaking English switches the catalog to
 * read that (the CLI, one thread). thidua-web reads these from request
 * threads and speaks Vietnamese, so it never switches: a switch would
 * change the language of every other thread's texts for the moment. */
#include "words.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "i18n.h"
#include "pbjson.h"
#include "rules.h"
#include "thidua.h"
#include "thidua.pb-c.h"

enum { FORM_CODE, FORM_EN, FORM_VI, FORM_FULL, N_FORMS };

struct entry {
    int value;
    char *forms[N_FORMS]; /* folded, letters and digits only; NULL when absent */
    char *code;           /* as shown in messages */
};

struct words {
    const ProtobufCEnumDescriptor *d; /* NULL for names */
    const char **labels;              /* names: their msgids (a copy of the list; the
                                         msgids are the program's strings) */
    struct entry *e;
    size_t n;
};

/* Folded, then only letters and digits kept: "Quốc phòng - An ninh",
 * "quoc phong an ninh" and "QUOC_PHONG-AN_NINH" are one. */
static char *squeeze(const char *s)
{
    char *f = s ? fold_text(s) : NULL;
    if (!f)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; f[i]; i++) {
        unsigned char c = (unsigned char)f[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            f[j++] = (char)c;
    }
    f[j] = '\0';
    return f;
}

/* Makes lang the catalog's language for a moment; true when it switched,
 * and keep holds the language to go back to. */
static bool lang_switch(const char *lang, char keep[4])
{
    snprintf(keep, 4, "%s", cli_i18n_lang());
    return strcmp(keep, lang) != 0 && cli_i18n_init(lang) == 0;
}

/* The i-th entry's label in lang ("vi", "en"), NULL where it has none. */
static const char *label_of(const words_t *w, size_t i, const char *lang, char *buf, size_t cap)
{
    if (w->d) {
        const char *l = thd_label_enum(w->d, w->e[i].value, lang);
        return l ? l : pbjson_enum_name(w->d, w->e[i].value, buf, cap);
    }
    const char *msgid = w->labels ? w->labels[i] : NULL;
    if (!msgid || strcmp(lang, "en") == 0)
        return msgid;
    if (strcmp(cli_i18n_lang(), lang) == 0)
        return _(msgid);
    char keep[4];
    bool switched = lang_switch(lang, keep);
    snprintf(buf, cap, "%s", _(msgid)); /* before the catalog switches back */
    if (switched)
        cli_i18n_init(keep);
    return buf;
}

/* Reads every entry's label in lang into forms[form]. */
static void fill_labels(words_t *w, const char *lang, int form)
{
    for (size_t i = 0; i < w->n; i++) {
        char buf[128];
        w->e[i].forms[form] = squeeze(label_of(w, i, lang, buf, sizeof buf));
    }
}

static words_t *words_new(size_t n)
{
    words_t *w = calloc(1, sizeof *w);
    if (w && !(w->e = calloc(n ? n : 1, sizeof *w->e))) {
        free(w);
        return NULL;
    }
    if (w)
        w->n = n;
    return w;
}

words_t *words_enum(const ProtobufCEnumDescriptor *d)
{
    words_t *w = words_new(d->n_values ? d->n_values - 1 : 0);
    if (!w)
        return NULL;
    w->d = d;
    for (size_t i = 0; i < w->n; i++) {
        char buf[64];
        struct entry *e = &w->e[i];
        e->value = d->values[i + 1].value;
        e->code = strdup(pbjson_enum_name(d, e->value, buf, sizeof buf));
        e->forms[FORM_CODE] = squeeze(e->code);
        e->forms[FORM_FULL] = squeeze(d->values[i + 1].name); /* TASK_STATUS_SUBMITTED */
    }
    fill_labels(w, "en", FORM_EN);
    fill_labels(w, "vi", FORM_VI);
    return w;
}

words_t *words_names(const char *const *names, const char *const *labels, size_t n)
{
    words_t *w = words_new(n);
    if (!w)
        return NULL;
    /* a copy: the labels are read again later (words_name, words_choices),
     * when the caller's list may be gone */
    if (labels && !(w->labels = calloc(n ? n : 1, sizeof *w->labels))) {
        words_destroy(&w);
        return NULL;
    }
    for (size_t i = 0; labels && i < n; i++)
        w->labels[i] = labels[i];
    for (size_t i = 0; i < n; i++) {
        w->e[i].value = (int)i;
        w->e[i].code = strdup(names[i]);
        w->e[i].forms[FORM_CODE] = squeeze(names[i]);
    }
    fill_labels(w, "en", FORM_EN);
    fill_labels(w, "vi", FORM_VI);
    return w;
}

void words_destroy(words_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    words_t *w = *self_p;
    for (size_t i = 0; i < w->n; i++) {
        for (int f = 0; f < N_FORMS; f++)
            free(w->e[i].forms[f]);
        free(w->e[i].code);
    }
    free(w->e);
    free(w->labels);
    free(w);
    *self_p = NULL;
}

int words_match_form(const words_t *self, const char *text, words_form_t *form)
{
    /* the forms as the caller knows them: the full name is a code */
    static const words_form_t as[N_FORMS] = {[FORM_CODE] = WORDS_CODE,
                                             [FORM_EN] = WORDS_EN,
                                             [FORM_VI] = WORDS_VI,
                                             [FORM_FULL] = WORDS_CODE};
    char *t = squeeze(text);
    int found = -1;
    for (size_t i = 0; t && *t && found < 0 && i < self->n; i++)
        for (int f = 0; f < N_FORMS; f++)
            if (self->e[i].forms[f] && strcmp(self->e[i].forms[f], t) == 0) {
                found = self->e[i].value;
                if (form)
                    *form = as[f];
                break;
            }
    free(t);
    return found;
}

int words_match(const words_t *self, const char *text)
{
    return words_match_form(self, text, NULL);
}

const char *words_name(const words_t *self, size_t i, words_form_t form, char *buf, size_t cap)
{
    const char *code = self->e[i].code ? self->e[i].code : "";
    if (form == WORDS_CODE)
        return code;
    const char *label = label_of(self, i, form == WORDS_VI ? "vi" : "en", buf, cap);
    if (label != buf)
        snprintf(buf, cap, "%s", label ? label : code);
    return buf;
}

void words_choices(const words_t *self, const char *lang, char *buf, size_t cap)
{
    if (!lang)
        lang = cli_i18n_lang();
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < self->n && used < cap; i++) {
        char lb[128];
        const char *label = label_of(self, i, lang, lb, sizeof lb), *code = self->e[i].code;
        const char *sep = used ? "; " : ""; /* labels hold commas: "Sở, ban, ngành" */
        int w = label && code && strcmp(label, code) != 0
                    ? snprintf(buf + used, cap - used, "%s%s (%s)", sep, label, code)
                    : snprintf(buf + used, cap - used, "%s%s", sep, code ? code : "");
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

const char *words_gender(const char *typed)
{
    const char *word = thd_gender_word(typed);
    return word && *word ? word : typed; /* the broker refuses another word, saying why */
}

int words_date(const char *typed, char out[11])
{
    unsigned part[3];
    size_t len[3];
    const char *p = typed;
    char sep = 0;
    for (int i = 0; i < 3; i++) {
        len[i] = strspn(p, "0123456789");
        if (!len[i] || len[i] > 4 || sscanf(p, "%u", &part[i]) != 1)
            return -1;
        p += len[i];
        if (i < 2 && (!strchr("/-.", *p) || !*p || (sep && *p != sep)))
            return -1;
        sep = i < 2 ? *p++ : sep;
    }
    if (*p)
        return -1;
    /* the year is the part of four digits: first (2027-01-15), else last */
    int y, m = (int)part[1], d;
    if (len[1] > 2)
        return -1;
    if (len[0] == 4 && len[2] <= 2)
        y = (int)part[0], d = (int)part[2];
    else if (len[2] == 4 && len[0] <= 2)
        y = (int)part[2], d = (int)part[0];
    else
        return -1;
    if (!thd_date_ymd_valid(y, m, d)) /* the broker's rule: 31/02 is no day */
        return -1;
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, 11);
    return 0;
}
