/* The monitor's labels in Vietnamese (the default) and English. One table
 * per language, indexed by mon_str_t; gettext replaces this with the CLI's
 * translation work. */
#include "monitor.h"

static const char *const vi[S_COUNT_] = {
    [S_TASKS] = "Nhiệm vụ",
    [S_NOMINEES] = "Gương điển hình",
    [S_FEED] = "Thay đổi mới",
    [S_OVERDUE] = "Quá hạn",
    [S_LIVE] = "● trực tuyến",
    [S_RECONNECTING] = "◌ đang kết nối lại",
    [S_DOWN] = "✕ mất kết nối",
    [S_IN_SYNC] = "✓ đồng bộ",
    [S_SYNCING] = "… đang đồng bộ",
    [S_REV] = "rev",
    [S_COL_ID] = "Mã",
    [S_COL_TITLE] = "Nhiệm vụ",
    [S_COL_LEAD] = "Chủ trì",
    [S_COL_PROGRESS] = "Tiến độ",
    [S_COL_DEADLINE] = "Hạn",
    [S_COL_DAYS] = "Ngày",
    [S_COL_STATUS] = "Trạng thái",
    [S_COL_FIELD] = "Lĩnh vực",
    [S_COL_KIND] = "Loại",
    [S_COL_PROPOSED] = "Đề xuất",
    [S_COL_VETTING] = "Đang TĐ",
    [S_COL_VETTED] = "Đã TĐ",
    [S_COL_SELECTED] = "Chọn/CT",
    [S_DAYS_LEFT] = "còn",
    [S_DAYS_LATE] = "quá",
    [S_DUE_TODAY] = "hôm nay",
    [S_FILTER] = "Lọc",
    [S_UNIT] = "Đơn vị",
    [S_KEYS_HINT] = "Tab khung  ↑↓ chọn  / lọc  u đơn vị  Enter chi tiết  ? trợ giúp  q thoát",
    [S_HELP] = "Phím\n"
               "  Tab / Shift-Tab   chuyển khung (nhiệm vụ, gương điển hình, thay đổi)\n"
               "  ↑ ↓ PgUp PgDn     di chuyển trong khung; Home End đầu, cuối\n"
               "  /                 lọc theo chữ (không phân biệt dấu, hoa thường)\n"
               "  u                 lọc theo mã đơn vị (để trống: tất cả)\n"
               "  Esc               bỏ lọc\n"
               "  Enter             chi tiết và lịch sử của bản ghi\n"
               "  ?                 trợ giúp này\n"
               "  q                 thoát\n"
               "\n"
               "Nhiệm vụ quá hạn: hạn đã qua mà chưa hoàn thành hay hủy; xếp đầu danh sách.\n"
               "Chọn/CT: số được tuyên dương so với chỉ tiêu (số lượng).",
    [S_NO_TASKS] = "(không có nhiệm vụ)",
    [S_NO_EVENTS] = "(chưa có thay đổi)",
    [S_HISTORY] = "Lịch sử",
    [S_DETAIL_CLOSE] = "Esc/Enter: đóng  ↑↓: cuộn",
    [S_QUOTA_NONE] = "—",
    [S_BROKER_UP] = "máy chủ đã kết nối",
    [S_BROKER_DOWN] = "máy chủ không trả lời; đang kết nối lại",
    [S_RELOAD] = "nhật ký không còn đủ xa: tải lại ảnh chụp",
    [S_SYNC_AT] = "đồng bộ ở revision",
    [S_NOT_FOUND] = "(bản ghi không còn)",
    [S_LATEST] = "mới nhất trước",
};

static const char *const en[S_COUNT_] = {
    [S_TASKS] = "Tasks",
    [S_NOMINEES] = "Nominees",
    [S_FEED] = "Latest changes",
    [S_OVERDUE] = "Overdue",
    [S_LIVE] = "● live",
    [S_RECONNECTING] = "◌ reconnecting",
    [S_DOWN] = "✕ down",
    [S_IN_SYNC] = "✓ in sync",
    [S_SYNCING] = "… syncing",
    [S_REV] = "rev",
    [S_COL_ID] = "ID",
    [S_COL_TITLE] = "Task",
    [S_COL_LEAD] = "Lead",
    [S_COL_PROGRESS] = "Progress",
    [S_COL_DEADLINE] = "Deadline",
    [S_COL_DAYS] = "Days",
    [S_COL_STATUS] = "Status",
    [S_COL_FIELD] = "Field",
    [S_COL_KIND] = "Kind",
    [S_COL_PROPOSED] = "Proposed",
    [S_COL_VETTING] = "Vetting",
    [S_COL_VETTED] = "Vetted",
    [S_COL_SELECTED] = "Sel/Quota",
    [S_DAYS_LEFT] = "left",
    [S_DAYS_LATE] = "late",
    [S_DUE_TODAY] = "today",
    [S_FILTER] = "Filter",
    [S_UNIT] = "Unit",
    [S_KEYS_HINT] = "Tab panel  ↑↓ move  / filter  u unit  Enter detail  ? help  q quit",
    [S_HELP] = "Keys\n"
               "  Tab / Shift-Tab   next panel (tasks, nominees, changes)\n"
               "  ↑ ↓ PgUp PgDn     move in the panel; Home End first, last\n"
               "  /                 filter by text (ignores diacritics and case)\n"
               "  u                 filter by unit code (empty: all)\n"
               "  Esc               clear the filters\n"
               "  Enter             a record's detail and history\n"
               "  ?                 this help\n"
               "  q                 quit\n"
               "\n"
               "Overdue tasks: deadline passed, not accepted or cancelled; listed first.\n"
               "Sel/Quota: nominees selected against the quota.",
    [S_NO_TASKS] = "(no tasks)",
    [S_NO_EVENTS] = "(no changes yet)",
    [S_HISTORY] = "History",
    [S_DETAIL_CLOSE] = "Esc/Enter: close  ↑↓: scroll",
    [S_QUOTA_NONE] = "-",
    [S_BROKER_UP] = "broker connected",
    [S_BROKER_DOWN] = "broker not answering; reconnecting",
    [S_RELOAD] = "the change log no longer reaches that far back: reloading a snapshot",
    [S_SYNC_AT] = "in sync at revision",
    [S_NOT_FOUND] = "(record no longer present)",
    [S_LATEST] = "newest first",
};

const char *mon_str(mon_lang_t lang, mon_str_t id)
{
    const char *s = (lang == LANG_EN ? en : vi)[id];
    return s ? s : "";
}

#define PICK(table, i)                                                                             \
    ((i) >= 0 && (size_t)(i) < sizeof(table) / sizeof(table)[0] && (table)[i] ? (table)[i] : "?")

const char *mon_task_status(mon_lang_t lang, int s)
{
    static const char *const v[] = {"",           "Đã giao",         "Đang thực hiện", "Chờ duyệt",
                                    "Hoàn thành", "Yêu cầu bổ sung", "Đã hủy"};
    static const char *const e[] = {"",         "Assigned", "In progress", "Submitted",
                                    "Accepted", "Returned", "Cancelled"};
    return lang == LANG_EN ? PICK(e, s) : PICK(v, s);
}

const char *mon_nominee_status(mon_lang_t lang, int s)
{
    static const char *const v[] = {
        "",           "Dự thảo", "Đã đề xuất", "Đang thẩm định", "Đã thẩm định", "Được tuyên dương",
        "Không chọn", "Đã rút"};
    static const char *const e[] = {"",       "Draft",    "Proposed", "Vetting",
                                    "Vetted", "Selected", "Rejected", "Withdrawn"};
    return lang == LANG_EN ? PICK(e, s) : PICK(v, s);
}

const char *mon_field(mon_lang_t lang, int f)
{
    static const char *const v[] = {"", "Kinh tế", "Văn hóa", "Xã hội", "Quốc phòng - An ninh"};
    static const char *const e[] = {"", "Economy", "Culture", "Society", "Defense-security"};
    return lang == LANG_EN ? PICK(e, f) : PICK(v, f);
}

const char *mon_kind(mon_lang_t lang, int k)
{
    static const char *const v[] = {"", "Tập thể", "Cá nhân"};
    static const char *const e[] = {"", "Collective", "Individual"};
    return lang == LANG_EN ? PICK(e, k) : PICK(v, k);
}
