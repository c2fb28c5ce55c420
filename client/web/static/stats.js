// The statistics page: the tables `thidua stats` prints, from GET /api/stats
// (counted by libthidua over one snapshot under the person's own key; a
// unit account gets its own unit's figures). Fetched again when the page
// is shown at a newer revision than the figures', at most every 2 s. Statuses, fields and
// kinds are the catalog's words (i18n.js, nominee_labels.js).
import { api } from "./api.js";
import { labels, t, tk } from "./i18n.js";
import { S, $, el, day } from "./state.js";
import { byFieldKind } from "./nominees.js";

Object.assign(labels.vi, {
  stats: "Thống kê", s_caption: "Mọi bảng cùng lấy ở phiên bản dữ liệu {n}",
  s_scope: "chỉ các hồ sơ, nhiệm vụ liên quan đến đơn vị {n}", s_refresh: "Cập nhật số liệu",
  s_by_fk: "Gương điển hình theo lĩnh vực, đối tượng và trạng thái", s_by_unit: "Gương điển hình theo đơn vị đề xuất",
  s_by_level: "Gương điển hình theo cấp đơn vị", s_quota: "Đề xuất, thẩm định, đề nghị và tuyên dương so với chỉ tiêu",
  s_tasks_unit: "Nhiệm vụ theo đơn vị chủ trì và trạng thái", s_tasks_level: "Nhiệm vụ theo cấp đơn vị",
  s_unit_name: "Tên đơn vị", s_level: "Cấp đơn vị", s_all: "Tổng cộng", s_vetted: "Đã vào thẩm định",
  s_recommended: "Đề nghị tuyên dương", s_remaining: "Còn lại", s_on: "ngày {n}",
});
Object.assign(labels.en, {
  stats: "Statistics", s_caption: "Figures at revision {n}, from one snapshot",
  s_scope: "only the nominees and tasks concerning unit {n}", s_refresh: "Refresh the figures",
  s_by_fk: "Nominees by field, kind and status", s_by_unit: "Nominees by proposing unit",
  s_by_level: "Nominees by unit level", s_quota: "Proposed, vetted, recommended and selected against the quota",
  s_tasks_unit: "Tasks by lead unit and status", s_tasks_level: "Tasks by unit level",
  s_unit_name: "Unit name", s_level: "Unit level", s_all: "All", s_vetted: "Vetted",
  s_recommended: "Recommended", s_remaining: "Remaining", s_on: "on {n}",
});

let figures = null, loading = false, fetchedAt = 0, later = null;
const EVERY_MS = 2000; // a busy congress refetches at most this often: each fetch reads a whole snapshot

const statusLabel = (tasks, s) => tk((tasks ? "st_" : "ns_") + s, s);
const num = (v) => el("td", String(v ?? 0), "text-end");

function table(title, heads, rows, total) {
  const box = el("div", undefined, "mb-4");
  const thead = el("tr");
  for (const [h, right] of heads) thead.append(el("th", h, right ? "text-end" : ""));
  const tb = el("tbody");
  for (const r of rows) tb.append(r);
  total.classList.add("fw-bold");
  tb.append(total);
  const tbl = el("table", undefined, "table table-sm table-striped text-nowrap"); // narrow screens scroll the box, not the words
  const th = el("thead");
  th.append(thead);
  tbl.append(th, tb);
  const wrap = el("div", undefined, "table-responsive");
  wrap.append(tbl);
  box.append(el("h2", title, "h5"), wrap);
  return box;
}

// The leading cells of a row: field and kind, unit and its name, or the level.
const LEADS = {
  fk: { heads: () => [t("field"), t("nkind")], cells: (o) => [tk("f_" + o.field, o.field), tk("nk_" + o.kind, o.kind)] },
  unit: { heads: () => [t("unit"), t("s_unit_name")], cells: (o) => [o.unit || "—", o.name || ""] },
  level: { heads: () => [t("s_level")], cells: (o) => [tk("lvl_" + o.level, o.level)] },
};

function statusTable(title, part, key, lead, tasks) {
  const statuses = Object.keys(part.statuses);
  const L = LEADS[lead];
  const heads = [...L.heads().map((h) => [h]), ...statuses.map((s) => [statusLabel(tasks, s), true]), [t("total"), true]];
  if (tasks) heads.push([t("overdue"), true]);
  const row = (o, cells) => {
    const tr = el("tr", undefined, tasks && o.overdue ? "table-danger" : "");
    // a unit's code is one word on paper too: "H-NINHPHUOC" broke at its hyphen
    cells.forEach((c, i) => tr.append(el("td", c, lead === "unit" && i === 0 ? "s-code" : "")));
    for (const s of statuses) tr.append(num(o.statuses[s]));
    tr.append(num(o.total));
    if (tasks) tr.append(num(o.overdue));
    return tr;
  };
  const blanks = L.heads().slice(1).map(() => "");
  return table(title, heads, part[key].map((o) => row(o, L.cells(o))), row(part, [t("s_all"), ...blanks]));
}

function quotaTable(part) {
  const stages = ["proposed", "vetted", "recommended", "selected"];
  const heads = [[t("field")], [t("nkind")], [t("proposed"), true], [t("s_vetted"), true], [t("s_recommended"), true],
    [t("selected"), true], [t("quota"), true], [t("s_remaining"), true]];
  const sum = [0, 0, 0, 0];
  const rows = inPagesOrder(part.quota).map((q) => {
    const tr = el("tr", undefined, q.max_selected && q.selected > q.max_selected ? "table-danger" : "");
    for (const c of LEADS.fk.cells(q)) tr.append(el("td", c));
    stages.forEach((s, i) => { sum[i] += q[s]; tr.append(num(q[s])); });
    const max = q.max_selected || 0;
    tr.append(el("td", max ? String(max) : t("no_limit"), "text-end"), el("td", max ? String(Math.max(0, max - q.selected)) : "—", "text-end"));
    return tr;
  });
  const total = el("tr");
  total.append(el("td", t("s_all")), el("td", ""), ...sum.map(num), el("td", ""), el("td", ""));
  return table(t("s_quota"), heads, rows, total);
}

// The rows by field and kind in the order of every other page (Kinh tế,
// Văn hóa, Xã hội, Quốc phòng - An ninh; collectives before individuals),
// whatever order the figures come in.
const inPagesOrder = (rows) => [...rows].sort(byFieldKind);

function draw() {
  const f = figures;
  let caption = t("s_caption", f.revision) + ", " + t("s_on", day(f.today));
  if (f.unit) caption += "; " + t("s_scope", f.unit);
  $("s-caption").textContent = caption + ".";
  $("s-tables").replaceChildren(
    statusTable(t("s_by_fk"), { ...f.nominees, by_field_kind: inPagesOrder(f.nominees.by_field_kind) }, "by_field_kind", "fk", false),
    statusTable(t("s_by_unit"), f.nominees, "by_unit", "unit", false),
    statusTable(t("s_by_level"), f.nominees, "by_level", "level", false),
    quotaTable(f.nominees),
    statusTable(t("s_tasks_unit"), f.tasks, "by_unit", "unit", true),
    statusTable(t("s_tasks_level"), f.tasks, "by_level", "level", true));
}

async function fetchFigures() {
  if (loading) return;
  loading = true;
  fetchedAt = Date.now();
  try {
    figures = await api("GET", "/api/stats");
    $("s-error").classList.add("d-none");
    draw();
  } catch (x) {
    $("s-error").textContent = x.message;
    $("s-error").classList.remove("d-none");
  } finally {
    loading = false;
  }
}

// Draws what it has, and asks again when the congress has moved on, at
// most every EVERY_MS (a change meanwhile is fetched when the wait ends).
export function renderStats() {
  if (figures) draw();
  if (figures && figures.revision >= S.revision) return;
  const wait = fetchedAt + EVERY_MS - Date.now();
  if (wait <= 0) fetchFigures();
  else if (!later) later = setTimeout(() => { later = null; if (S.page === "stats") renderStats(); }, wait);
}

export function bindStats() {
  $("s-refresh").addEventListener("click", () => fetchFigures());
}
