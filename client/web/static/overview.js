// The overview: counts by status (a unit's account: of its own tasks),
// nominees by field and kind against the quota, and every task with the
// overdue first.
import { labels, t, tk } from "./i18n.js";
import { S, $, el, of, tasks, isLate, daysLate, shownStatus, unitName, day, concerns, TASK_STATUSES } from "./state.js";
import { fill } from "./rows.js";
import { byFieldKind } from "./nominees.js";

export function taskRow(x, select) {
  const tr = el("tr", undefined, isLate(x) ? "table-danger" : "");
  tr.dataset.id = x.id;
  tr.tabIndex = 0; // chosen with the keyboard too: Tab to it, Enter
  tr.addEventListener("click", () => select(x.id));
  tr.addEventListener("keydown", (e) => { if (e.key === "Enter") select(x.id); });
  // on a phone the unit goes under the title and the delay under the date
  const title = el("td", x.title);
  title.append(el("div", unitName(x.lead_unit), "small text-muted d-sm-none"));
  const deadline = el("td", day(x.deadline), "text-nowrap");
  if (isLate(x)) deadline.append(el("div", t("late", daysLate(x.deadline)), "small text-danger"));
  tr.append(el("td", x.id, "text-nowrap"), title, el("td", unitName(x.lead_unit), "d-none d-sm-table-cell"),
    deadline, el("td", String(x.progress || 0), "text-end d-none d-sm-table-cell"),
    el("td", t("st_" + shownStatus(x)), "status-cell"));
  if (x.id === S.selected) tr.classList.add("table-active");
  return tr;
}

function card(label, value) {
  const c = el("div", undefined, "col-6 col-md-3 col-xl-2"), b = el("div", undefined, "card card-body p-2 h-100");
  b.append(el("div", label, "small text-muted"), el("div", String(value), "fs-4"));
  c.append(b);
  return c;
}

// Nominees that count against a quota: proposed onwards, not withdrawn or rejected.
const counts = (n) => !["draft", "withdrawn", "rejected"].includes(n.status || "draft");

function nominees() {
  const rows = new Map(); // "field/kind" -> [field, kind, proposed, selected, quota]
  const key = (f, k) => (f || "unspecified") + "/" + (k || "unspecified");
  const row = (f, k) => rows.get(key(f, k)) || rows.set(key(f, k), [f, k, 0, 0, null]).get(key(f, k));
  for (const q of of("quota")) row(q.field, q.kind)[4] = q;
  for (const n of of("nominee")) {
    if (!counts(n)) continue;
    const r = row(n.field, n.kind);
    r[2]++;
    if (n.status === "selected") r[3]++;
  }
  $("nominees-box").classList.toggle("d-none", rows.size === 0);
  const order = ([f1, k1], [f2, k2]) => byFieldKind({ field: f1, kind: k1 }, { field: f2, kind: k2 });
  fill($("nominees"), [...rows.values()].sort(order),
    ([f, k]) => key(f, k), ([f, k, proposed, selected, q]) => {
      const tr = el("tr");
      const max = q && q.max_selected ? Number(q.max_selected) : 0;
      if (max && selected > max) tr.className = "table-danger";
      tr.append(el("td", tk("f_" + f, f || "—")), el("td", tk("nk_" + k, k || "—")));
      for (const v of [String(proposed), String(selected), max ? String(max) : t("no_limit")]) tr.append(el("td", v, "text-end"));
      return tr;
    });
}

Object.assign(labels.vi, { ov_unit_scope: "Nhiệm vụ do {n} chủ trì hoặc phối hợp",
  ov_all_tasks: "Mọi nhiệm vụ của tỉnh" });
Object.assign(labels.en, { ov_unit_scope: "Tasks {n} leads or supports",
  ov_all_tasks: "Every task in the province" });

// A unit's account counts and lists the tasks of its unit, as its task list
// and statistics do, under a heading that names the unit: "Quá hạn 4" over
// the whole province's tasks read as the unit's own delay. The tasks page
// still has them all, one link away. Other roles see every task.
function renderCounts(mine, unit) {
  $("counts-scope").textContent = unit ? t("ov_unit_scope", unitName(unit)) : "";
  $("counts-scope").classList.toggle("d-none", !unit);
  const by = {};
  for (const s of mine.map(shownStatus)) by[s] = (by[s] || 0) + 1;
  // in the order the work goes, whatever the numbers: a tile stays where it was
  $("counts").replaceChildren(card(t("total"), mine.length), card(t("overdue"), mine.filter(isLate).length),
    ...TASK_STATUSES.filter((k) => by[k]).map((k) => card(t("st_" + k), by[k])));
}

export function renderOverview(select) {
  const unit = S.role === "unit" ? S.unit : "";
  const mine = unit ? tasks().filter((x) => concerns(x, unit)) : tasks();
  renderCounts(mine, unit);
  fill($("tasks"), mine, (x) => x.id, (x) => taskRow(x, select));
  $("all-tasks").textContent = t("ov_all_tasks");
  $("all-tasks").parentElement.classList.toggle("d-none", !unit);
  nominees();
}
