// Labels of the pages in Vietnamese (default) and English.
export const labels = {
  vi: {
    signin: "Đăng nhập", account: "Tài khoản", password: "Mật khẩu", change: "Đổi mật khẩu lần đầu",
    old: "Mật khẩu hiện tại", new: "Mật khẩu mới (ít nhất 10 ký tự)", save: "Lưu",
    overview: "Tổng quan", tasks: "Nhiệm vụ", title: "Tên", unit: "Đơn vị", deadline: "Hạn",
    status: "Trạng thái", feed: "Thay đổi mới", signout: "Đăng xuất", other: "English",
    up: "đã kết nối", down: "mất kết nối", revision: "phiên bản", late: "trễ {n} ngày",
    overdue: "Quá hạn", total: "Tổng số", percent: "Tiến độ (%)", note: "Nội dung", report: "Báo cáo", submit: "Nộp kết quả",
    reason: "Lý do / ý kiến", accept: "Nghiệm thu", return: "Trả lại", cancel: "Hủy",
    st_assigned: "Đã giao", st_in_progress: "Đang làm", st_submitted: "Đã nộp",
    st_accepted: "Đã nghiệm thu", st_returned: "Trả lại", st_cancelled: "Đã hủy",
  },
  en: {
    signin: "Sign in", account: "Account", password: "Password", change: "Change your first password",
    old: "Current password", new: "New password (10 characters or more)", save: "Save",
    overview: "Overview", tasks: "Tasks", title: "Title", unit: "Unit", deadline: "Deadline",
    status: "Status", feed: "Latest changes", signout: "Sign out", other: "Tiếng Việt",
    up: "connected", down: "disconnected", revision: "revision", late: "{n} days late",
    overdue: "Overdue", total: "Total", percent: "Progress (%)", note: "Text", report: "Report", submit: "Submit",
    reason: "Reason / comments", accept: "Accept", return: "Return", cancel: "Cancel",
    st_assigned: "Assigned", st_in_progress: "In progress", st_submitted: "Submitted",
    st_accepted: "Accepted", st_returned: "Returned", st_cancelled: "Cancelled",
  },
};
export let lang = localStorage.getItem("lang") === "en" ? "en" : "vi";
export function t(key, n) { return (labels[lang][key] || key).replace("{n}", n); }
export function switchLang() { lang = lang === "vi" ? "en" : "vi"; localStorage.setItem("lang", lang); }
