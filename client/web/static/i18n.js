// Labels of the pages in Vietnamese (default) and English. Statuses, kinds,
// phases, fields, roles, record types and verbs are the words of libthidua's
// catalog (client/labels.c), the ones the CLI and the monitor show: the
// gateway serves them (GET /api/labels) and they are added here at start,
// before any page draws; the pages keep only their own words. With them
// comes the order some are listed in (order.nk: the kinds of nominee, as
// `thidua stats` and the XLSX sheet list them).
export const labels = {
  vi: {
    signin: "Đăng nhập", account: "Tài khoản", password: "Mật khẩu", change: "Đổi mật khẩu được cấp", passwd: "Đổi mật khẩu", change_own: "Đổi mật khẩu",
    old_own: "Mật khẩu hiện tại", pw_changed: "Đã đổi mật khẩu.", me_menu: "bấm để đổi mật khẩu",
    signin_help: "Quên mật khẩu hoặc tài khoản bị khóa: hãy liên hệ người quản trị hệ thống để được cấp lại mật khẩu hoặc mở khóa.",
    old: "Mật khẩu quản trị viên trao cho bạn", new: "Mật khẩu mới (ít nhất 10 ký tự)", save: "Lưu",
    new2: "Nhập lại mật khẩu mới", pw_mismatch: "Mật khẩu nhập lại không khớp với mật khẩu mới.",
    pw_short: "Mật khẩu mới cần ít nhất {n} ký tự.",
    returned_note: "Cơ quan thường trực đã trả lại để bổ sung", returned_todo: "Bổ sung theo ý kiến trên rồi bấm “Nộp kết quả” lần nữa.",
    signed_out: "Bạn đã đăng xuất.",
    session_ended: "Phiên đăng nhập đã kết thúc (quá lâu không dùng, đã đăng xuất ở một thẻ hay máy khác, hoặc quản trị viên đã khóa tài khoản hay cấp lại mật khẩu). Hãy đăng nhập lại: những gì bạn đang nhập trên trang vẫn còn nguyên.",
    id: "Mã", overview: "Tổng quan", tasks: "Nhiệm vụ", title: "Tên nhiệm vụ", unit: "Đơn vị", deadline: "Hạn",
    status: "Trạng thái", feed: "Thay đổi mới", signout: "Đăng xuất", other: "English",
    up: "đã kết nối", down: "mất kết nối", revision: "phiên bản", late: "trễ {n} ngày",
    overdue: "Quá hạn", total: "Tổng số", percent: "Tiến độ (%)", note: "Nội dung", report: "Báo cáo", submit: "Nộp kết quả",
    reason: "Lý do / ý kiến", accept: "Duyệt", return: "Trả lại", cancel: "Hủy", cancel_task: "Hủy nhiệm vụ",
    cancel_confirm: "Hủy nhiệm vụ {n} thì không mở lại được: nhiệm vụ dừng ở trạng thái “Đã hủy”, các đơn vị không báo cáo tiếp được. Bấm “Hủy nhiệm vụ” lần nữa để xác nhận.",
    all_units: "Tất cả đơn vị", all_status: "Mọi trạng thái", only_overdue: "Chỉ quá hạn",
    search: "Tìm theo tên, mã, nội dung", no_tasks: "Không có nhiệm vụ nào khớp.",
    new_task: "Giao nhiệm vụ mới", edit: "Sửa", edit_task: "Sửa nhiệm vụ {n}", create: "Giao nhiệm vụ", close: "Đóng",
    description: "Mô tả", kind: "Loại", phase: "Giai đoạn", lead: "Đơn vị chủ trì",
    support: "Đơn vị phối hợp", choose: "— chọn —",
    file: "Tệp đính kèm (không bắt buộc, tối đa 16 MiB)", file_doc: "Tệp văn bản (bắt buộc khi nộp kết quả, tối đa 16 MiB)",
    doc_needs_file: "Nhiệm vụ văn bản nộp kèm tệp văn bản: hãy chọn tệp rồi bấm “Nộp kết quả”.", choose_file: "Chọn tệp", no_file: "Chưa chọn tệp", documents: "Tài liệu", version: "Bản",
    no_docs: "Chưa có tài liệu.",
    pct_required: "Cần nhập tiến độ, từ 0 đến 100 (%).", pct_range: "Tiến độ là một số nguyên từ 0 đến 100 (%).",
    pct_lower: "{p} % thấp hơn tiến độ đã báo cáo ({now} %). Nếu đúng là vậy, bấm “Báo cáo” lần nữa.",
    history: "Quá trình", required: "Cần nhập trường này.", not_count: "Hãy nhập một số nguyên từ 0 trở lên (0, 1, 2…).", required_choice: "Hãy chọn một mục.", too_big: "Tệp “{name}” nặng {size}, vượt quá 16 MiB, mức tối đa của một tệp đính kèm. Hãy chọn tệp nhỏ hơn.",
    saved: "Đã lưu.", sent: "Đã gửi.",
    "done_task.report": "Đã gửi báo cáo tiến độ.",
    "done_task.submit": "Đã nộp kết quả: nhiệm vụ chờ Cơ quan thường trực duyệt.",
    "done_task.accept": "Đã duyệt: nhiệm vụ hoàn thành.",
    "done_task.return": "Đã trả lại để đơn vị bổ sung.",
    "done_task.cancel": "Đã hủy nhiệm vụ.", shown: "{n} nhiệm vụ",
    "done_task.create": "Đã giao nhiệm vụ {id}: đơn vị chủ trì thấy ngay trong “Việc cần làm”.",
    "done_task.edit": "Đã lưu các thay đổi của nhiệm vụ {id}.",
    bad_day: "“{d}” không phải ngày có thật: hãy viết ngày/tháng/năm, ví dụ 15/01/2027.",
    past_deadline: "Hạn {d} đã qua: hôm nay là {today}. Nếu nhiệm vụ đã quá hạn từ trước, bấm “{b}” lần nữa để xác nhận.",
    nominees: "Gương điển hình theo lĩnh vực", field: "Lĩnh vực", nkind: "Đối tượng",
    proposed: "Đề xuất", selected: "Được tuyên dương", quota: "Số lượng", no_limit: "không giới hạn",
  },
  en: {
    signin: "Sign in", account: "Account", password: "Password", change: "Change the password you were given", passwd: "Change password", change_own: "Change your password",
    old_own: "Current password", pw_changed: "Password changed.", me_menu: "press to change your password",
    signin_help: "Forgot your password, or the account is locked: ask the system administrator for a new password or to unlock it.",
    old: "The password the admin gave you", new: "New password (10 characters or more)", save: "Save",
    new2: "Repeat the new password", pw_mismatch: "The repeated password does not match the new one.",
    pw_short: "The new password needs at least {n} characters.",
    returned_note: "The standing office sent it back for more", returned_todo: "Add what it asks for, then press “Submit” again.",
    signed_out: "You have signed out.",
    session_ended: "Your session has ended (unused for too long, signed out in another tab or on another computer, or the admin locked the account or gave it a new password). Sign in again: what you were typing on the page is still there.",
    id: "ID", overview: "Overview", tasks: "Tasks", title: "Title", unit: "Unit", deadline: "Deadline",
    status: "Status", feed: "Latest changes", signout: "Sign out", other: "Tiếng Việt",
    up: "connected", down: "disconnected", revision: "revision", late: "{n} days late",
    overdue: "Overdue", total: "Total", percent: "Progress (%)", note: "Text", report: "Report", submit: "Submit",
    reason: "Reason / comments", accept: "Accept", return: "Return", cancel: "Cancel", cancel_task: "Cancel the task",
    cancel_confirm: "Task {n} cannot be opened again once cancelled: it stays “Cancelled” and its units can no longer report on it. Press “Cancel the task” again to confirm.",
    all_units: "All units", all_status: "Any status", only_overdue: "Overdue only",
    search: "Search title, id, text", no_tasks: "No task matches.",
    new_task: "New task", edit: "Edit", edit_task: "Edit task {n}", create: "Assign", close: "Close",
    description: "Description", kind: "Kind", phase: "Phase", lead: "Lead unit",
    support: "Support units", choose: "— choose —",
    file: "Attachment (optional, up to 16 MiB)", file_doc: "The document (needed to submit, up to 16 MiB)",
    doc_needs_file: "A document task is submitted with its document: choose the file, then press “Submit”.", choose_file: "Choose a file", no_file: "No file chosen", documents: "Documents", version: "Version",
    no_docs: "No document yet.",
    pct_required: "Enter the progress, from 0 to 100 (%).", pct_range: "The progress is a whole number from 0 to 100 (%).",
    pct_lower: "{p} % is below the progress reported ({now} %). If that is so, press “Report” again.",
    history: "History", required: "This field is required.", not_count: "Enter a whole number, 0 or more (0, 1, 2…).", required_choice: "Choose one.", too_big: "The file “{name}” is {size}, over 16 MiB, the most an attachment may be. Choose a smaller file.",
    saved: "Saved.", sent: "Sent.",
    "done_task.report": "Progress report sent.",
    "done_task.submit": "Submitted: the task waits for the office's review.",
    "done_task.accept": "Accepted: the task is done.",
    "done_task.return": "Returned to the unit for more.",
    "done_task.cancel": "Task cancelled.", shown: "{n} tasks",
    "done_task.create": "Task {id} assigned: the lead unit sees it at once in its to-do.",
    "done_task.edit": "Task {id} saved.",
    bad_day: "“{d}” is no real date: write day/month/year, e.g. 15/01/2027.",
    past_deadline: "The deadline {d} has passed: today is {today}. If the task is overdue already, press “{b}” again to confirm.",
    nominees: "Nominees by field", field: "Field", nkind: "Kind",
    proposed: "Proposed", selected: "Selected", quota: "Quota", no_limit: "no limit",
  },
};
// A word that stands alone on a page (a status, a kind, a record type)
// starts with a capital, as in a table cell; the feed's verbs do not.
const ALONE = /^(st|kind|phase|ns|f|nk|uk|role|cr|di|bs|vc|ty|lvl)_/;
// The orders the gateway served; empty when it served none.
export const order = {};
try {
  const r = await fetch("/api/labels", { credentials: "same-origin" });
  const words = r.ok ? await r.json() : {};
  for (const l of ["vi", "en"]) for (const [k, w] of Object.entries(words[l] || {}))
    labels[l][k] = ALONE.test(k) ? w.charAt(0).toLocaleUpperCase(l) + w.slice(1) : w;
  Object.assign(order, words.order);
} catch { /* the gateway is gone: the pages show the program's words */ }
export let lang = localStorage.getItem("lang") === "en" ? "en" : "vi";
// A label; a key with no label in this language shows as itself.
export function t(key, n) { return (labels[lang][key] || key).replace("{n}", n); }
// The label of a key when there is one, else fallback (an unknown enum value shows as sent).
export function tk(key, fallback) { return labels[lang][key] || fallback; }
export function switchLang() { lang = lang === "vi" ? "en" : "vi"; localStorage.setItem("lang", lang); }
