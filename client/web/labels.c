/* GET /api/labels: the words people read for the program's words, from
 * libthidua's tables (thd_label_each, the words the CLI and the monitor
 * print), in Vietnamese and English, so the pages keep no copy of them.
 * Public: the sign-in page is labelled before anyone signs in, and the
 * words are no secret. Keys are the pages' own: a prefix per table, then
 * the program's word as the JSON of records spells it ("st_in_progress",
 * "k_task.report"). Beside the words, "order" says the order the pages
 * list some of them in, the one the CLI and the XLSX sheet use:
 * {"nk": ["collective", "individual"]} (thd_nominee_kind_order). */
#include <stdio.h>
#include <string.h>

#include "pbjson.h"
#include "routes.h"
#include "rules.h"
#include "thidua.h"

/* The pages' prefix of each enum's words. */
static const struct {
    const ProtobufCEnumDescriptor *d;
    const char *prefix;
} enum_prefixes[] = {
    {&thidua__v1__task_status__descriptor, "st_"},
    {&thidua__v1__task_kind__descriptor, "kind_"},
    {&thidua__v1__phase__descriptor, "phase_"},
    {&thidua__v1__nominee_status__descriptor, "ns_"},
    {&thidua__v1__field__descriptor, "f_"},
    {&thidua__v1__nominee_kind__descriptor, "nk_"},
    {&thidua__v1__unit_kind__descriptor, "uk_"},
    {&thidua__v1__role__descriptor, "role_"},
    {&thidua__v1__check_result__descriptor, "cr_"},
    {&thidua__v1__disclosure__descriptor, "di_"},
    {&thidua__v1__ballot_status__descriptor, "bs_"},
    {&thidua__v1__vote_choice__descriptor, "vc_"},
};

/* ... and of the other tables' words. */
static const struct {
    const char *table, *prefix;
} word_prefixes[] = {
    {"event", "k_"}, {"history", "v_"}, {"field", "fl_"},
    {"type", "ty_"}, {"level", "lvl_"}, {"part", "pt_"},
};

struct both {
    json_t *vi, *en;
};

static const char *prefix_of(const thd_label_t *w)
{
    for (size_t i = 0; w->enum_d && i < sizeof enum_prefixes / sizeof enum_prefixes[0]; i++)
        if (enum_prefixes[i].d == w->enum_d)
            return enum_prefixes[i].prefix;
    for (size_t i = 0; !w->enum_d && i < sizeof word_prefixes / sizeof word_prefixes[0]; i++)
        if (strcmp(word_prefixes[i].table, w->table) == 0)
            return word_prefixes[i].prefix;
    return NULL;
}

static void add_word(void *arg, const thd_label_t *w)
{
    struct both *b = arg;
    const char *prefix = prefix_of(w);
    char name[64], key[128];
    if (!prefix) /* a table the pages have no prefix for yet: they show the program's word */
        return;
    const char *word =
        w->enum_d ? pbjson_enum_name(w->enum_d, w->value, name, sizeof name) : w->key;
    snprintf(key, sizeof key, "%s%s", prefix, word);
    json_object_set_new(b->vi, key, json_string(w->vi));
    json_object_set_new(b->en, key, json_string(w->en));
}

/* {"nk": [...]}: the kinds of nominee in the counts' order, by the words
 * the pages' keys use after "nk_"; NULL when out of memory. */
static json_t *orders(void)
{
    const int *kinds;
    size_t n = thd_nominee_kind_order(&kinds);
    json_t *nk = json_array();
    char name[64];
    for (size_t i = 0; nk && i < n; i++)
        json_array_append_new(nk,
                              json_string(pbjson_enum_name(&thidua__v1__nominee_kind__descriptor,
                                                           kinds[i], name, sizeof name)));
    return json_pack("{s:o}", "nk", nk); /* steals nk */
}

enum MHD_Result api_labels(web_req_t *r)
{
    struct both b = {json_object(), json_object()};
    if (!b.vi || !b.en) {
        json_decref(b.vi);
        json_decref(b.en);
        return MHD_NO;
    }
    thd_label_each(add_word, &b);
    return web_json(r, MHD_HTTP_OK,
                    json_pack("{s:o,s:o,s:o}", "vi", b.vi, "en", b.en, "order",
                              orders())); /* steals all three */
}
