/* Nothing the broker does is out of a person's reach or out of their
 * language: every request kind of the broker's dispatch table that a
 * person sends has a `thidua` command (read from the REQUEST KINDS section
 * of `thidua --man`, which the command table writes), and every kind the
 * broker logs, every history verb and every record field and type has
 * words in both languages in libthidua. A kind added without a command or
 * without words fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dispatch.h"
#include "thidua.h"
#include "transitions.h"

/* Kinds no person sends by hand, each with the reason. None today: the
 * machine kinds (snapshot, changes_since) are sent by export and watch. */
static const struct {
    const char *field; /* Request field name */
    const char *why;
} machine_only[] = {
    {NULL, NULL},
};

static bool is_machine_only(const char *field)
{
    for (size_t i = 0; machine_only[i].field; i++)
        if (strcmp(machine_only[i].field, field) == 0)
            return true;
    return false;
}

/* The Request field names thidua(1) lists under REQUEST KINDS, as one
 * string of " name " words. */
static char *commands_send(void)
{
    FILE *p = popen(THIDUA_BIN_DIR "/thidua --lang en --man", "r");
    assert_non_null(p);
    static char kinds[16384];
    size_t len = 0;
    char line[1024];
    bool in = false;
    kinds[0] = ' ';
    kinds[1] = '\0';
    len = 1;
    while (fgets(line, sizeof line, p)) {
        if (strncmp(line, ".SH ", 4) == 0)
            in = strncmp(line, ".SH REQUEST KINDS", 17) == 0;
        else if (in && strncmp(line, ".B ", 3) == 0) {
            line[strcspn(line, "\n")] = '\0';
            len += (size_t)snprintf(kinds + len, sizeof kinds - len, "%s ", line + 3);
        }
    }
    assert_int_equal(pclose(p), 0);
    return kinds;
}

static void every_request_kind_a_person_sends_has_a_command(void **state)
{
    (void)state;
    const char *kinds = commands_send();
    int body;
    const char *name;
    bool writes;
    size_t n = 0, missing = 0;
    for (size_t i = 0; dispatch_kind(i, &body, &name, &writes); i++, n++) {
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field(&thidua__v1__request__descriptor, body);
        assert_non_null(f);
        char word[128];
        snprintf(word, sizeof word, " %s ", f->name);
        if (!strstr(kinds, word) && !is_machine_only(f->name)) {
            fprintf(stderr,
                    "request kind %s (%s) has no thidua command: add one to "
                    "client/cli/commands.c with .sends naming it\n",
                    name, f->name);
            missing++;
        }
    }
    assert_true(n > 40);
    assert_int_equal(missing, 0);
}

/* Every Request body the wire knows has a handler, so the walk above sees
 * every kind a client can send. */
static void every_request_body_has_a_handler(void **state)
{
    (void)state;
    const ProtobufCMessageDescriptor *d = &thidua__v1__request__descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        if (!(d->fields[i].flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
            continue;
        bool found = false;
        int body;
        const char *name;
        bool writes;
        for (size_t k = 0; !found && dispatch_kind(k, &body, &name, &writes); k++)
            found = body == (int)d->fields[i].id;
        if (!found)
            fprintf(stderr, "Request.%s has no handler in server/dispatch.c\n", d->fields[i].name);
        assert_true(found);
    }
}

/* Both languages, and different from the program's word in Vietnamese. */
static void has_words(const char *what, const char *key, const char *vi, const char *en)
{
    if (!vi || !en || strcmp(vi, key) == 0)
        fprintf(stderr, "%s '%s' has no words in client/labels.c\n", what, key);
    assert_non_null(vi);
    assert_non_null(en);
    assert_string_not_equal(vi, key);
}

/* Writes are logged and published; a read some roles may not make is
 * named in the refusal (request.role_denied). */
static void every_logged_or_refusable_kind_has_words(void **state)
{
    (void)state;
    int body;
    const char *name;
    bool writes;
    for (size_t i = 0; dispatch_kind(i, &body, &name, &writes); i++)
        if (writes || dispatch_roles(name) != dispatch_roles("ping"))
            has_words("request kind", name, thd_label_event(name, "vi"),
                      thd_label_event(name, "en"));
}

static void every_history_verb_has_words(void **state)
{
    (void)state;
    const char *verb;
    for (size_t i = 0; (verb = transitions_verb(i)); i++)
        has_words("history verb", verb, thd_label_history(verb, "vi"),
                  thd_label_history(verb, "en"));
    /* written by tasks_create and nominees_create, outside the tables */
    has_words("history verb", "create", thd_label_history("create", "vi"),
              thd_label_history("create", "en"));
}

/* Event.changed names record fields; nominee.edit also names "nominee". */
static void every_record_field_and_type_has_words(void **state)
{
    (void)state;
    const ProtobufCMessageDescriptor *rec = &thidua__v1__record__descriptor;
    for (unsigned i = 0; i < rec->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &rec->fields[i];
        if (!(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
            continue;
        const char *type = f->name; /* "proposal_count" is its record type too */
        const char *vi = thd_label_type(type, "vi");
        assert_non_null(vi);
        assert_non_null(thd_label_type(type, "en"));
        const ProtobufCMessageDescriptor *body = f->descriptor;
        for (unsigned k = 0; k < body->n_fields; k++) {
            const char *field = body->fields[k].name;
            has_words("field", field, thd_label_field(field, "vi"), thd_label_field(field, "en"));
        }
    }
    assert_non_null(thd_label_field("nominee", "vi"));
}

static void a_check_text_reads_in_the_users_language(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(thd_label_history_text("check", "TC1: met", "vi", buf, sizeof buf),
                        "TC1: Đạt");
    assert_string_equal(thd_label_history_text("check", "TC2: not met", "en", buf, sizeof buf),
                        "TC2: not met");
    assert_string_equal(thd_label_history_text("check", "TC2: not met", "vi", buf, sizeof buf),
                        "TC2: Không đạt");
    assert_string_equal(thd_label_history_text("report", "x: met", "vi", buf, sizeof buf),
                        "x: met");
}

/* The one rendering of a record's parts: the CLI, the monitor and the
 * export show these cells, so a word or a file's note is the same in each. */
static void a_part_renders_in_the_users_language(void **state)
{
    (void)state;
    Thidua__V1__Attachment file = THIDUA__V1__ATTACHMENT__INIT;
    file.name = "bao-cao.pdf";
    Thidua__V1__HistoryEntry h = THIDUA__V1__HISTORY_ENTRY__INIT;
    h.verb = "check";
    h.text = "TC1: not met";
    h.actor = "tt-tdkt";
    thd_cells_t c;
    thd_render_history(&h, "vi", &c);
    assert_string_equal(c.what, thd_label_history("check", "vi"));
    assert_string_equal(c.text, "TC1: Không đạt");
    assert_string_equal(c.unit, "-");
    assert_string_equal(c.when, "-"); /* no time recorded */
    h.verb = "report";
    h.text = "xong";
    h.unit = "SO-NV";
    h.version = 2;
    h.attachment = &file;
    h.time_ms = 1764000000000;
    thd_render_history(&h, "vi", &c);
    assert_string_equal(c.text, "xong (tệp v2: bao-cao.pdf)");
    assert_string_equal(c.unit, "SO-NV");
    assert_int_equal(strlen(c.when), 16);
    assert_int_equal(strncmp(c.when, c.day, 10), 0);
    thd_render_history(&h, "en", &c);
    assert_string_equal(c.text, "xong (file v2: bao-cao.pdf)");
    /* a long report with a file: cut at a character, the file's note kept */
    char long_text[3001] = "";
    for (int i = 0; i < 1500; i++)
        strcat(long_text, "à");
    h.text = long_text;
    thd_render_history(&h, "vi", &c);
    size_t len = strlen(c.text), note = strlen(" (tệp v2: bao-cao.pdf)");
    assert_true(len < sizeof c.buf && len > note);
    assert_string_equal(c.text + len - note, " (tệp v2: bao-cao.pdf)");
    assert_int_equal((len - note) % 2, 0); /* whole two-byte characters */
    h.attachment = NULL;
    thd_render_history(&h, "vi", &c);
    assert_ptr_equal(c.text, long_text); /* no file: the text whole */
    h.attachment = &file;
    Thidua__V1__Opinion o = THIDUA__V1__OPINION__INIT;
    o.agency = "Công an tỉnh";
    thd_render_opinion(&o, "vi", &c);
    assert_string_equal(c.what, "Không đồng ý");
    assert_string_equal(c.key, "Công an tỉnh");
    Thidua__V1__Complaint k = THIDUA__V1__COMPLAINT__INIT;
    k.number = 3;
    k.resolved = true;
    k.resolution = "đã xác minh";
    thd_render_complaint(&k, "en", &c);
    assert_string_equal(c.key, "3");
    assert_string_equal(c.what, "settled");
    assert_string_equal(c.note, "đã xác minh");
    Thidua__V1__CriterionCheck ck = THIDUA__V1__CRITERION_CHECK__INIT;
    ck.criterion = "TC1";
    ck.result = THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET;
    thd_render_check(&ck, "vi", &c);
    assert_string_equal(c.what, "Đạt");
}

/* A request that can go either way is worded by the way the record after
 * it says it went: a principal disabled or enabled, a nominee selected or
 * rejected. A thin event, whose records have no bodies, keeps the
 * request's word. */
static void a_change_is_worded_by_the_way_it_went(void **state)
{
    (void)state;
    Thidua__V1__Principal p = THIDUA__V1__PRINCIPAL__INIT;
    Thidua__V1__Nominee n = THIDUA__V1__NOMINEE__INIT;
    Thidua__V1__Record r = THIDUA__V1__RECORD__INIT;
    Thidua__V1__Record *recs[] = {&r};
    Thidua__V1__Event ev = THIDUA__V1__EVENT__INIT;
    ev.n_records = 1;
    ev.records = recs;

    ev.kind = "principal.set_disabled";
    r.type = "principal";
    r.body_case = THIDUA__V1__RECORD__BODY_PRINCIPAL;
    r.principal = &p;
    p.disabled = true;
    assert_string_equal(thd_label_change(&ev, "vi"), "khóa người dùng");
    assert_string_equal(thd_label_change(&ev, "en"), "principal disabled");
    p.disabled = false;
    assert_string_equal(thd_change_key(&ev), "principal.set_disabled/enabled");
    assert_string_equal(thd_label_change(&ev, "vi"), "mở khóa người dùng");
    assert_string_equal(thd_label_change(&ev, "en"), "principal enabled");

    ev.kind = "nominee.decide";
    r.type = "nominee";
    r.body_case = THIDUA__V1__RECORD__BODY_NOMINEE;
    r.nominee = &n;
    n.status = THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_SELECTED;
    assert_string_equal(thd_label_change(&ev, "vi"), "quyết định tuyên dương");
    assert_string_equal(thd_label_change(&ev, "en"), "nominee selected");
    n.status = THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_REJECTED;
    assert_string_equal(thd_label_change(&ev, "vi"), "quyết định không tuyên dương");
    assert_string_equal(thd_label_change(&ev, "en"), "nominee rejected");

    r.body_case = THIDUA__V1__RECORD__BODY__NOT_SET; /* thin */
    assert_string_equal(thd_change_key(&ev), "nominee.decide");
    ev.kind = "task.report"; /* one way only */
    assert_string_equal(thd_label_change(&ev, "vi"), "báo cáo tiến độ");
}

/* thd_label_each hands on exactly the words the lookups give: a gateway
 * serving them (GET /api/labels) shows what the CLI prints. */
static void each_word_handed_on_is_the_word_looked_up(void *arg, const thd_label_t *w)
{
    size_t *n = arg;
    static const struct {
        const char *table;
        const char *(*fn)(const char *key, const char *lang);
    } lookups[] = {{"event", thd_label_event},
                   {"history", thd_label_history},
                   {"field", thd_label_field},
                   {"type", thd_label_type},
                   {"level", thd_label_level},
                   {"part", thd_label_part}};
    for (const char *const *lang = (const char *const[]){"vi", "en", NULL}; *lang; lang++) {
        const char *want = strcmp(*lang, "en") == 0 ? w->en : w->vi;
        const char *got = NULL;
        if (w->enum_d)
            got = thd_label_enum(w->enum_d, w->value, *lang);
        for (size_t i = 0; !w->enum_d && i < sizeof lookups / sizeof lookups[0]; i++)
            if (strcmp(lookups[i].table, w->table) == 0)
                got = lookups[i].fn(w->key, *lang);
        assert_non_null(got);
        assert_string_equal(got, want);
    }
    (*n)++;
}

static void every_word_of_the_tables_is_handed_on(void **state)
{
    (void)state;
    size_t n = 0;
    thd_label_each(each_word_handed_on_is_the_word_looked_up, &n);
    assert_true(n > 150);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_request_kind_a_person_sends_has_a_command),
        cmocka_unit_test(every_request_body_has_a_handler),
        cmocka_unit_test(every_logged_or_refusable_kind_has_words),
        cmocka_unit_test(every_history_verb_has_words),
        cmocka_unit_test(a_part_renders_in_the_users_language),
        cmocka_unit_test(every_record_field_and_type_has_words),
        cmocka_unit_test(a_check_text_reads_in_the_users_language),
        cmocka_unit_test(a_change_is_worded_by_the_way_it_went),
        cmocka_unit_test(every_word_of_the_tables_is_handed_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
