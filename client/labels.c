/* The words people read for the program's words: enum values, request
 * kinds in the feed, history verbs, field and record names. Each word is
 * kept here in both languages at once, not in the process-wide gettext
 * catalog, so a program that serves people in both languages (a web
 * gateway) answers each in theirs, and every client shows the same words.
 * The broker's words (server/dispatch.c, server/transitions.c) are the
 * keys; tests/e2e/test_cli_coverage.c checks every one has a word here. */
#include <stdio.h>
#include <string.h>

#include "thidua.h"

struct word {
    const char *key, *vi, *en;
};

struct enum_word {
    const ProtobufCEnumDescriptor *d;
    int value;
    const char *vi, *en;
};

#define TS(x) &thidua__v1__task_status__descriptor, THIDUA__V1__TASK_STATUS__TASK_STATUS_##x
#define TK(x) &thidua__v1__task_kind__descriptor, THIDUA__V1__TASK_KIND__TASK_KIND_##x
#define PH(x) &thidua__v1__phase__descriptor, THIDUA__V1__PHASE__PHASE_##x
#define NS(x)                                                                                      \
    &thidua__v1__nominee_status__descriptor, THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_##x
#define FI(x) &thidua__v1__field__descriptor, THIDUA__V1__FIELD__FIELD_##x
#define NK(x) &thidua__v1__nominee_kind__descriptor, THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_##x
#define UK(x) &thidua__v1__unit_kind__descriptor, THIDUA__V1__UNIT_KIND__UNIT_KIND_##x
#define RO(x) &thidua__v1__role__descriptor, THIDUA__V1__ROLE__ROLE_##x
#define CR(x) &thidua__v1__check_result__descriptor, THIDUA__V1__CHECK_RESULT__CHECK_RESULT_##x
#define DI(x) &thidua__v1__disclosure__descriptor, THIDUA__V1__DISCLOSURE__DISCLOSURE_##x
#define BS(x) &thidua__v1__ballot_status__descriptor, THIDUA__V1__BALLOT_STATUS__BALLOT_STATUS_##x
#define VC(x) &thidua__v1__vote_choice__descriptor, THIDUA__V1__VOTE_CHOICE__VOTE_CHOICE_##x

static const struct enum_word enums[] = {
    {TS(ASSIGNED), "Đã giao", "assigned"},
    {TS(IN_PROGRESS), "Đang thực hiện", "in progress"},
    {TS(SUBMITTED), "Chờ duyệt", "submitted"},
    {TS(ACCEPTED), "Hoàn thành", "accepted"},
    {TS(RETURNED), "Yêu cầu bổ sung", "returned"}, /* the state; the office's step is "trả lại" */
    {TS(CANCELLED), "Đã hủy", "cancelled"},
    {TK(WORK), "Công việc", "work"},
    {TK(DOCUMENT), "Văn bản", "document"},
    {PH(BEFORE), "Trước Đại hội", "before the congress"},
    {PH(DURING), "Trong Đại hội", "during the congress"},
    {PH(AFTER), "Sau Đại hội", "after the congress"},
    {NS(DRAFT), "Dự thảo", "draft"},
    {NS(PROPOSED), "Đã đề xuất", "proposed"},
    {NS(VETTING), "Đang thẩm định", "vetting"},
    {NS(VETTED), "Đã thẩm định", "vetted"},
    {NS(SELECTED), "Được tuyên dương", "selected"},
    {NS(REJECTED), "Không chọn", "rejected"},
    {NS(WITHDRAWN), "Đã rút", "withdrawn"},
    {FI(ECONOMY), "Kinh tế", "economy"},
    {FI(CULTURE), "Văn hóa", "culture"},
    {FI(SOCIETY), "Xã hội", "society"},
    {FI(DEFENSE_SECURITY), "Quốc phòng - An ninh", "defense-security"},
    {NK(COLLECTIVE), "Tập thể", "collective"},
    {NK(INDIVIDUAL), "Cá nhân", "individual"},
    {UK(COMMITTEE), "Ban Tổ chức", "committee"},
    {UK(OFFICE), "Cơ quan thường trực", "office"},
    {UK(SUBCOMMITTEE), "Tiểu ban", "subcommittee"},
    {UK(DEPARTMENT), "Sở, ban, ngành", "department"},
    {UK(DISTRICT), "Huyện, thị xã, thành phố", "district"},
    {UK(FORCE), "Lực lượng vũ trang", "force"},
    {UK(ORGANIZATION), "Đoàn thể, cơ quan báo chí", "organization"},
    {RO(ADMIN), "Quản trị", "admin"},
    {RO(CHAIR), "Trưởng ban", "chair"},
    {RO(OFFICE), "Cơ quan thường trực", "office"},
    {RO(UNIT), "Đơn vị", "unit"},
    {RO(OBSERVER), "Quan sát", "observer"},
    {RO(COUNCIL), "Thành viên Hội đồng", "council member"},
    {CR(MET), "Đạt", "met"},
    {CR(NOT_MET), "Không đạt", "not met"},
    {DI(NOT_OPENED), "Chưa công khai", "not opened"},
    {DI(OPEN), "Đang lấy ý kiến", "open for comments"},
    {DI(CLOSED), "Đã kết thúc lấy ý kiến", "closed"},
    {BS(OPEN), "Đang bỏ phiếu", "open"},
    {BS(CLOSED), "Đã kiểm phiếu", "closed"},
    {VC(YES), "Đồng ý", "yes"},
    {VC(NO), "Không đồng ý", "no"},
    {VC(ABSTAIN), "Không có ý kiến", "abstain"},
};

/* Request kinds as the change log and the feed name them (dispatch.c),
 * and the reads some roles may not make, as their refusal names them.
 * A request that can go either way has a word for the request ("khóa hoặc
 * mở", for a refusal naming it) and one for each way a change went, keyed
 * "<kind>/<way>" (thd_change_key). */
static const struct word events[] = {
    {"principal.add", "đăng ký người dùng", "principal registered"},
    {"principal.list", "xem danh sách người dùng", "principal list"},
    {"principal.set_disabled", "khóa hoặc mở người dùng", "principal disabled or enabled"},
    {"principal.set_disabled/disabled", "khóa người dùng", "principal disabled"},
    {"principal.set_disabled/enabled", "mở khóa người dùng", "principal enabled"},
    {"principal.set_key", "cấp khóa mới", "new key given"},
    {"unit.add", "thêm đơn vị", "unit added"},
    {"unit.edit", "sửa đơn vị", "unit edited"},
    {"task.create", "giao nhiệm vụ", "task assigned"},
    {"task.edit", "sửa nhiệm vụ", "task edited"},
    {"task.report", "báo cáo tiến độ", "progress reported"},
    {"task.submit", "nộp kết quả", "task submitted"},
    {"task.accept", "duyệt kết quả", "submission accepted"},
    {"task.return", "trả lại để bổ sung", "returned for more"},
    {"task.cancel", "hủy nhiệm vụ", "task cancelled"},
    {"nominee.create", "lập hồ sơ gương điển hình", "nominee drafted"},
    {"nominee.edit", "sửa hồ sơ gương điển hình", "nominee edited"},
    {"nominee.attach", "đính kèm tệp hồ sơ", "dossier file attached"},
    {"nominee.propose", "gửi đề xuất", "nominee proposed"},
    {"nominee.withdraw", "rút đề xuất", "nominee withdrawn"},
    {"nominee.return", "trả lại đơn vị đề xuất", "returned to the unit"},
    {"nominee.start_vetting", "bắt đầu thẩm định", "vetting started"},
    {"nominee.check", "thẩm định tiêu chuẩn", "criterion checked"},
    {"nominee.opinion", "ghi ý kiến cơ quan", "agency opinion recorded"},
    {"nominee.disclosure_open", "mở công khai lấy ý kiến", "public disclosure opened"},
    {"nominee.disclosure_close", "kết thúc công khai lấy ý kiến", "public disclosure closed"},
    {"nominee.complaint", "tiếp nhận khiếu nại", "complaint received"},
    {"nominee.resolve", "giải quyết khiếu nại", "complaint settled"},
    {"nominee.recommend", "đề nghị tuyên dương", "recommended"},
    {"nominee.decide", "quyết định tuyên dương", "decided"},
    {"nominee.decide/selected", "quyết định tuyên dương", "nominee selected"},
    {"nominee.decide/rejected", "quyết định không tuyên dương", "nominee rejected"},
    {"quota.set", "đặt số lượng tuyên dương", "quota set"},
    {"criterion.add", "thêm tiêu chuẩn", "criterion added"},
    {"criterion.edit", "sửa tiêu chuẩn", "criterion edited"},
    {"calendar.holidays_set", "đặt danh sách ngày lễ", "public holidays set"},
    {"calendar.min_days_set", "đặt số ngày công khai tối thiểu", "disclosure minimum set"},
    {"import", "nhập dữ liệu", "import"},
    {"ballot.open", "mở bỏ phiếu", "ballot opened"},
    {"ballot.vote", "bỏ phiếu", "vote cast"},
    {"ballot.close", "kết thúc bỏ phiếu, kiểm phiếu", "ballot closed and counted"},
    {"threshold.set", "đặt tỷ lệ phiếu cần đạt", "threshold set"},
};

/* History verbs: the transition tables' (transitions.c) and "create". */
static const struct word verbs[] = {
    {"create", "khởi tạo", "created"},
    {"edit", "sửa", "edited"},
    {"report", "báo cáo tiến độ", "progress report"},
    {"submit", "nộp kết quả", "submitted"},
    {"accept", "duyệt", "accepted"},
    {"return", "trả lại", "returned"},
    {"cancel", "hủy", "cancelled"},
    {"attach", "đính kèm tệp hồ sơ", "file attached"},
    {"propose", "đề xuất", "proposed"},
    {"withdraw", "rút đề xuất", "withdrawn"},
    {"start_vetting", "bắt đầu thẩm định", "vetting started"},
    {"check", "thẩm định tiêu chuẩn", "criterion checked"},
    {"opinion", "ý kiến cơ quan", "agency opinion"},
    {"disclosure_open", "mở công khai", "disclosure opened"},
    {"disclosure_close", "kết thúc công khai", "disclosure closed"},
    {"complaint", "khiếu nại", "complaint"},
    {"resolve", "giải quyết khiếu nại", "complaint settled"},
    {"recommend", "đề nghị tuyên dương", "recommended"},
    {"select", "chọn tuyên dương", "selected"},
    {"reject", "không chọn", "rejected"},
    {"ballot", "đưa ra Hội đồng bỏ phiếu", "put to the council's ballot"},
    {"tally", "kết quả kiểm phiếu", "ballot tally"},
};

/* Field names of the records (Event.changed names them), plus "nominee",
 * which nominee.edit names for the whole description. */
static const struct word fields[] = {
    {"id", "mã", "id"},
    {"title", "tên nhiệm vụ", "title"},
    {"description", "mô tả", "description"},
    {"kind", "loại", "kind"},
    {"phase", "giai đoạn", "phase"},
    {"lead_unit", "đơn vị chủ trì", "lead unit"},
    {"support_units", "đơn vị phối hợp", "support units"},
    {"deadline", "hạn", "deadline"},
    {"progress", "tiến độ", "progress"},
    {"status", "trạng thái", "status"},
    {"history", "lịch sử", "history"},
    {"versions", "văn bản đính kèm", "documents"},
    {"overdue", "quá hạn", "overdue"},
    {"returned", "yêu cầu bổ sung", "returned"},
    {"meta", "thông tin lưu", "bookkeeping"},
    {"ref", "mã tham chiếu", "reference"},
    {"name", "tên", "name"},
    {"gender", "giới tính", "gender"},
    {"birth_year", "năm sinh", "birth year"},
    {"position", "chức vụ", "position"},
    {"workplace", "nơi công tác", "workplace"},
    {"field", "lĩnh vực", "field"},
    {"proposing_unit", "đơn vị đề xuất", "proposing unit"},
    {"achievements", "thành tích", "achievements"},
    {"criteria_met", "tiêu chuẩn đơn vị nêu", "criteria claimed"},
    {"influential", "nhân tố có sức ảnh hưởng", "influential"},
    {"new_factor", "nhân tố mới", "new factor"},
    {"checks", "thẩm định tiêu chuẩn", "criterion checks"},
    {"opinions", "ý kiến cơ quan", "agency opinions"},
    {"disclosure", "công khai lấy ý kiến", "public disclosure"},
    {"complaints", "khiếu nại", "complaints"},
    {"decision_reason", "lý do quyết định", "reason of the decision"},
    {"nominee", "hồ sơ", "description"},
    {"code", "mã", "code"},
    {"public_key", "khóa công khai", "public key"},
    {"role", "vai trò", "role"},
    {"unit", "đơn vị", "unit"},
    {"display_name", "tên hiển thị", "display name"},
    {"disabled", "trạng thái khóa", "lock state"},
    {"max_selected", "số lượng tối đa", "most selected"},
    {"max_per_unit", "tối đa mỗi đơn vị", "most per unit"},
    {"selected", "đã chọn", "selected"},
    {"proposed", "đã đề xuất", "proposed"},
    {"text", "nội dung", "text"},
    {"applies_to", "áp dụng cho", "applies to"},
    {"mandatory", "bắt buộc", "mandatory"},
    {"task", "nhiệm vụ", "task"},
    {"version", "phiên bản", "version"},
    {"attachment", "tệp", "file"},
    {"verb", "việc", "verb"},
    {"disclosure_opened", "ngày mở công khai", "disclosure opened on"},
    {"disclosure_close_from", "ngày sớm nhất được kết thúc công khai", "disclosure may close from"},
    {"disclosure_min_days", "số ngày làm việc công khai tối thiểu",
     "disclosure minimum in working days"},
    {"period_from", "thành tích từ năm", "achievements from"},
    {"period_to", "thành tích đến năm", "achievements to"},
    {"honour_form", "hình thức khen thưởng đề nghị", "form of honour proposed"},
    {"earlier_honours", "khen thưởng đã nhận", "earlier honours"},
    {"year", "năm", "year"},
    {"form", "hình thức", "form"},
    {"decision_number", "số quyết định", "decision number"},
    {"min_disclosure_days", "số ngày công khai tối thiểu", "disclosure minimum"},
    {"holidays", "ngày lễ", "public holidays"},
    {"nominees", "gương điển hình", "nominees"},
    {"members", "thành viên Hội đồng", "council members"},
    {"turnout", "số thành viên đã bỏ phiếu", "turnout"},
    {"tallies", "kết quả kiểm phiếu", "tallies"},
    {"votes", "phiếu bầu", "votes"},
    {"percent", "tỷ lệ", "percent"},
    {"ballot", "đợt bỏ phiếu", "ballot"},
    {"ballot_yes", "số phiếu đồng ý", "yes votes"},
    {"ballot_members", "số thành viên Hội đồng", "council members"},
    {"ballot_threshold", "tỷ lệ cần đạt", "threshold"},
    {"ballot_closed", "đã kiểm phiếu", "counted"},
    {"parent", "thuộc về", "belongs to"},
    {"seq", "số thứ tự", "number"},
    {"entry", "mục ghi", "entry"},
};

/* Record types (Record.type). */
static const struct word types[] = {
    {"unit", "đơn vị", "unit"},
    {"principal", "người dùng", "principal"},
    {"task", "nhiệm vụ", "task"},
    {"nominee", "gương điển hình", "nominee"},
    {"quota", "số lượng", "quota"},
    {"criterion", "tiêu chuẩn", "criterion"},
    {"document", "văn bản", "document"},
    {"proposal_count", "số đề xuất", "proposal count"},
    {"calendar", "lịch ngày làm việc", "working-day calendar"},
    {"ballot", "đợt bỏ phiếu", "ballot"},
    {"threshold", "tỷ lệ phiếu cần đạt", "threshold"},
    {"history", "mục lịch sử", "history entry"},
};

/* Unit levels of the statistics (stats.c maps unit kinds to them). */
static const struct word levels[] = {
    {"provincial", "Sở, ban, ngành, đoàn thể tỉnh", "provincial departments and agencies"},
    {"district", "Huyện, thị xã, thành phố", "districts"},
    {"armed_forces", "Lực lượng vũ trang", "armed forces"},
    {"enterprise", "Doanh nghiệp", "enterprises"},
    {"unknown", "Chưa rõ cấp", "level unknown"},
};

/* The states and words of a record's parts every client shows beside the
 * part (render.c): an opinion, a complaint, a file, an empty list. */
static const struct word parts[] = {
    {"favorable", "Đồng ý", "favorable"},
    {"unfavorable", "Không đồng ý", "unfavorable"},
    {"settled", "Đã giải quyết", "settled"},
    {"unsettled", "Chưa giải quyết", "not settled"},
    {"file", "tệp", "file"},
    {"none", "(không có)", "(none)"},
    {"yes", "có", "yes"},
    {"no", "không", "no"},
    {"empty", "(trống)", "(empty)"},
};

static bool english(const char *lang)
{
    return lang && strcmp(lang, "en") == 0;
}

static const char *lookup(const struct word *w, size_t n, const char *key, const char *lang)
{
    if (!key)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(w[i].key, key) == 0)
            return english(lang) ? w[i].en : w[i].vi;
    return NULL;
}

#define LOOKUP(table, key, lang) lookup(table, sizeof table / sizeof table[0], key, lang)

const char *thd_label_enum(const ProtobufCEnumDescriptor *d, int value, const char *lang)
{
    for (size_t i = 0; i < sizeof enums / sizeof enums[0]; i++)
        if (enums[i].d == d && enums[i].value == value)
            return english(lang) ? enums[i].en : enums[i].vi;
    return NULL;
}

const char *thd_label_event(const char *kind, const char *lang)
{
    return LOOKUP(events, kind, lang);
}

static const char *principal_way(const Thidua__V1__Record *r)
{
    return r->principal->disabled ? "principal.set_disabled/disabled"
                                  : "principal.set_disabled/enabled";
}

static const char *decide_way(const Thidua__V1__Record *r)
{
    switch (r->nominee->status) {
    case THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_SELECTED:
        return "nominee.decide/selected";
    case THIDUA__V1__NOMINEE_STATUS__NOMINEE_STATUS_REJECTED:
        return "nominee.decide/rejected";
    default:
        return NULL;
    }
}

/* The requests whose change can go either way, and the record whose new
 * value says which way it went. */
static const struct way {
    const char *kind;
    Thidua__V1__Record__BodyCase body;
    const char *(*way)(const Thidua__V1__Record *r);
} ways[] = {
    {.kind = "principal.set_disabled",
     .body = THIDUA__V1__RECORD__BODY_PRINCIPAL,
     .way = principal_way},
    {.kind = "nominee.decide", .body = THIDUA__V1__RECORD__BODY_NOMINEE, .way = decide_way},
};

const char *thd_change_key(const Thidua__V1__Event *ev)
{
    for (size_t i = 0; i < sizeof ways / sizeof ways[0]; i++) {
        if (strcmp(ways[i].kind, ev->kind) != 0)
            continue;
        for (size_t r = 0; r < ev->n_records; r++)
            if (ev->records[r]->body_case == ways[i].body) {
                const char *key = ways[i].way(ev->records[r]);
                return key ? key : ev->kind;
            }
    }
    return ev->kind; /* one way only, or a thin event's records without bodies */
}

const char *thd_label_change(const Thidua__V1__Event *ev, const char *lang)
{
    return thd_label_event(thd_change_key(ev), lang);
}

const char *thd_label_history(const char *verb, const char *lang)
{
    return LOOKUP(verbs, verb, lang);
}

const char *thd_label_field(const char *field, const char *lang)
{
    return LOOKUP(fields, field, lang);
}

const char *thd_label_type(const char *type, const char *lang)
{
    return LOOKUP(types, type, lang);
}

const char *thd_label_level(const char *level, const char *lang)
{
    return LOOKUP(levels, level, lang);
}

const char *thd_label_part(const char *key, const char *lang)
{
    return LOOKUP(parts, key, lang);
}

void thd_label_each(void (*fn)(void *arg, const thd_label_t *w), void *arg)
{
    static const struct {
        const char *table;
        const struct word *words;
        size_t n;
    } tables[] = {
#define TABLE(name, t) {name, t, sizeof t / sizeof t[0]}
        TABLE("event", events), TABLE("history", verbs), TABLE("field", fields),
        TABLE("type", types),   TABLE("level", levels),  TABLE("part", parts),
#undef TABLE
    };
    for (size_t i = 0; i < sizeof enums / sizeof enums[0]; i++)
        fn(arg, &(thd_label_t){.table = "enum",
                               .enum_d = enums[i].d,
                               .value = enums[i].value,
                               .vi = enums[i].vi,
                               .en = enums[i].en});
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (size_t i = 0; i < tables[t].n; i++)
            fn(arg, &(thd_label_t){.table = tables[t].table,
                                   .key = tables[t].words[i].key,
                                   .vi = tables[t].words[i].vi,
                                   .en = tables[t].words[i].en});
}

const char *thd_label_decimal(const char *number, const char *lang, char *buf, size_t cap)
{
    size_t n = strspn(number, "0123456789");
    bool decimal = n > 0 && number[n] == '.' && number[n + 1] &&
                   !number[n + 1 + strspn(number + n + 1, "0123456789")];
    if (!decimal || strcmp(lang, "vi") != 0)
        return number;
    snprintf(buf, cap, "%.*s,%s", (int)n, number, number + n + 1);
    return buf;
}

/* A tally's "B-2: 5/9 (55.6 %)" with lang's decimal sign. */
static const char *tally_text(const char *text, const char *lang, char *buf, size_t cap)
{
    const char *open = strrchr(text, '(');
    char number[32], shown[32];
    if (!open || sscanf(open, "(%31[0-9.] %%)", number) != 1)
        return text;
    snprintf(buf, cap, "%.*s(%s %%)", (int)(open - text), text,
             thd_label_decimal(number, lang, shown, sizeof shown));
    return buf;
}

/* The broker writes a check's text itself, "<criterion>: met" or
 * "<criterion>: not met" (server/nominees.c), and a tally's (server/
 * ballot.c); other texts are people's. */
const char *thd_label_history_text(const char *verb, const char *text, const char *lang, char *buf,
                                   size_t cap)
{
    if (verb && text && strcmp(verb, "tally") == 0)
        return tally_text(text, lang, buf, cap);
    static const struct {
        const char *suffix;
        int result;
    } results[] = {{": not met", THIDUA__V1__CHECK_RESULT__CHECK_RESULT_NOT_MET},
                   {": met", THIDUA__V1__CHECK_RESULT__CHECK_RESULT_MET}};
    if (!verb || !text || strcmp(verb, "check") != 0)
        return text;
    size_t len = strlen(text);
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
        size_t n = strlen(results[i].suffix);
        if (len > n && strcmp(text + len - n, results[i].suffix) == 0) {
            snprintf(
                buf, cap, "%.*s: %s", (int)(len - n), text,
                thd_label_enum(&thidua__v1__check_result__descriptor, results[i].result, lang));
            return buf;
        }
    }
    return text;
}
