// The admin's council settings, on the admin page: the share of the
// council's yes each kind of nominee needs before the chair may select it
// (threshold.set), the public-disclosure window's minimum in working days
// and the public holidays that do not count (calendar.*). The broker checks
// every value; a refusal shows beside its field and the typed value stays.
import { call } from "./api.js";
import { labels, t, tk } from "./i18n.js";
import { $, el, of, day, dayIn, options } from "./state.js";
import { fill } from "./rows.js";
import { submit, cells } from "./admin.js";
import { count } from "./forms.js";
import { KINDS } from "./nominees.js";

Object.assign(labels.vi, {
  th_h: "Tỷ lệ cần đạt khi Hội đồng bỏ phiếu",
  th_help: "Phần trăm trên tổng số thành viên Hội đồng phải đồng ý thì Trưởng ban mới được chọn tuyên dương; 0: không yêu cầu bỏ phiếu.",
  th_percent: "Tỷ lệ đồng ý cần đạt (%, 0-100)", th_col: "Tỷ lệ cần đạt", th_set: "Đặt tỷ lệ", th_none: "Chưa đặt tỷ lệ nào.",
  cal_h: "Công khai lấy ý kiến: ngày làm việc",
  cal_help: "Thứ Bảy, Chủ nhật và các ngày nghỉ lễ dưới đây không tính là ngày làm việc.",
  cd_days: "Số ngày làm việc công khai tối thiểu (0-60)", cd_set: "Lưu số ngày", cd_now: "Hiện tại: tối thiểu {n} ngày làm việc.",
  ho_holidays: "Ngày nghỉ lễ (mỗi dòng một ngày, dd/mm/yyyy hoặc yyyy-mm-dd)", ho_set: "Lưu danh sách ngày nghỉ lễ",
  ho_now: "Ngày nghỉ lễ hiện có: {n}", ho_none: "Chưa có ngày nghỉ lễ nào.",
});
Object.assign(labels.en, {
  th_h: "Council ballot thresholds",
  th_help: "The share of all council members who must vote yes before the chair may select a nominee; 0: no ballot needed.",
  th_percent: "Share of yes needed (%, 0-100)", th_col: "Share needed", th_set: "Set threshold", th_none: "No threshold set.",
  cal_h: "Public disclosure: working days",
  cal_help: "Saturdays, Sundays and the public holidays below are not working days.",
  cd_days: "Least working days of disclosure (0-60)", cd_set: "Save the days", cd_now: "Now: at least {n} working days.",
  ho_holidays: "Public holidays (one a line, dd/mm/yyyy or yyyy-mm-dd)", ho_set: "Save the holidays",
  ho_now: "Holidays now: {n}", ho_none: "No public holiday set.",
});

let shownHolidays = null; // the holidays last put in the box; the box is refilled only when they change

// The calendar as the broker has it; until the admin sets one: 10 days, no holidays.
const calendar = () => of("calendar")[0] || { min_disclosure_days: 10, holidays: [] };

export function renderSettings() {
  const ths = of("threshold").sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
  fill($("th-list"), ths, (x) => x.kind, (x) => cells(el("tr"), tk("nk_" + x.kind, x.kind), `${x.percent || 0} %`));
  $("th-none").classList.toggle("d-none", ths.length > 0);
  const c = calendar(), hs = c.holidays || [];
  $("cd-now").textContent = t("cd_now", c.min_disclosure_days || 0);
  $("ho-now").textContent = hs.length ? t("ho_now", hs.map(day).join(", ")) : t("ho_none");
  const sig = hs.join(" ");
  if (shownHolidays !== sig && !$("ho-holidays").classList.contains("is-invalid")) {
    shownHolidays = sig;
    $("ho-holidays").value = hs.map(day).join("\n");
  }
}

function labelSelects() { options($("th-kind"), KINDS.map((k) => [k, tk("nk_" + k, k)])); }

// a day as the broker keeps it; anything else goes as typed, for the broker's refusal to name it
const ymd = (s) => dayIn(s) || s;

export function bindSettings() {
  labelSelects();
  $("lang").addEventListener("click", labelSelects);
  const on = (id, fn) => $(id).addEventListener("submit", (ev) => { ev.preventDefault(); submit(id.slice(2), fn); });
  on("f-th", async () => {
    const percent = count($("f-th"), "percent");
    if (percent !== null) await call("threshold.set", { threshold: { kind: $("th-kind").value, percent } });
  });
  on("f-cd", async () => {
    const days = count($("f-cd"), "days");
    if (days !== null) await call("calendar.min_days_set", { days });
  });
  on("f-ho", async () => {
    const holidays = $("ho-holidays").value.split(/[\s,;]+/).filter(Boolean).map(ymd);
    await call("calendar.holidays_set", { holidays });
    shownHolidays = null; // show the list as the broker keeps it (sorted, each once)
  });
}
