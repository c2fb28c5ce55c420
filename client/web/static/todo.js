// "Việc cần làm": what waits for the person signed in, on the overview.
// One table, by role: each row is the next step that role takes and the
// records it is waiting on, read from the records the page already holds
// (the broker's own scope: a unit sees what concerns it). The steps follow
// the broker's transitions (server/transitions.c): a unit reports on and
// submits its assigned tasks and proposes its drafts; the office reviews
// submissions and vets proposals; the chair decides on recommendations.
import { labels, t } from "./i18n.js";
import { S, $, el, of, tasks, isLate, statusOf, returnOf, day, route, byId, nstatus, roomBadge } from "./state.js";
import { fill } from "./rows.js";

Object.assign(labels.vi, {
  td_title: "Việc cần làm", td_none: "Không có việc nào đang chờ bạn.", td_more: "và {n} mục khác",
  td_tasks: "Nhiệm vụ cần báo cáo, nộp kết quả", td_drafts: "Hồ sơ còn dự thảo, chưa gửi đề xuất",
  td_review: "Nhiệm vụ chờ duyệt", td_receive: "Hồ sơ mới đề xuất, chờ thẩm định",
  td_vetting: "Hồ sơ đang thẩm định", td_decide: "Hồ sơ chờ quyết định",
  td_filter: "Đang lọc theo Việc cần làm: {n}.", td_clear: "Bỏ lọc",
});
Object.assign(labels.en, {
  td_title: "Waiting for you", td_none: "Nothing is waiting for you.", td_more: "and {n} more",
  td_tasks: "Tasks to report on or submit", td_drafts: "Drafts not yet proposed",
  td_review: "Submissions to review", td_receive: "New proposals to vet",
  td_vetting: "Nominees being vetted", td_decide: "Recommendations awaiting your decision",
  td_filter: "Filtered to what waits for you: {n}.", td_clear: "Clear the filter",
});

const SHOWN = 8; // items a list shows before "and n more"
const ours = (code) => !!S.unit && code === S.unit;
const WAITING = {
  unit: [
    { key: "td_tasks", task: (x) => ours(x.lead_unit) && ["assigned", "in_progress"].includes(statusOf(x)) },
    { key: "td_drafts", nominee: (n) => ours(n.proposing_unit) && nstatus(n) === "draft" },
  ],
  office: [
    { key: "td_review", task: (x) => statusOf(x) === "submitted" },
    { key: "td_receive", nominee: (n) => nstatus(n) === "proposed" },
    { key: "td_vetting", nominee: (n) => nstatus(n) === "vetting" },
  ],
  chair: [{ key: "td_decide", nominee: (n) => nstatus(n) === "vetted" }],
};

function taskItem(x, select) {
  const li = el("li", undefined, "list-group-item list-group-item-action" + (isLate(x) ? " list-group-item-danger" : ""));
  li.dataset.id = x.id;
  li.tabIndex = 0;
  li.append(el("span", x.id + " ", "text-muted"), el("span", x.title), el("span", " · " + day(x.deadline), "small"));
  if (returnOf(x)) li.append(" ", el("span", t("st_returned"), "badge text-bg-warning"));
  li.addEventListener("click", () => select(x.id));
  li.addEventListener("keydown", (e) => { if (e.key === "Enter") select(x.id); });
  return li;
}

function nomineeItem(n) {
  const a = el("a", undefined, "list-group-item list-group-item-action");
  a.href = "#/nominee/" + n.id;
  a.dataset.id = n.id;
  a.append(el("span", n.id + " ", "text-muted"), el("span", n.name));
  const badge = roomBadge(n);
  if (badge) a.append(" ", badge);
  return a;
}

function group(row, items, select, more) {
  const col = el("div", undefined, "col-md-6 col-xl-4"), card = el("div", undefined, "card h-100");
  card.dataset.todo = row.key;
  card.append(el("div", `${t(row.key)} (${items.length})`, "card-header py-1"));
  const list = el("div", undefined, "list-group list-group-flush");
  list.append(...items.slice(0, SHOWN).map((r) => (row.task ? taskItem(r, select) : nomineeItem(r))));
  if (items.length > SHOWN) {
    const a = el("a", t("td_more", items.length - SHOWN), "list-group-item list-group-item-action small");
    a.href = more;
    list.append(a);
  }
  card.append(list);
  col.append(card);
  return col;
}

export function renderTodo(select) {
  const rows = WAITING[S.role] || [];
  $("todo-box").classList.toggle("d-none", rows.length === 0);
  // a task sent back comes first: it waits on the unit, with the office's reason
  const sentBackFirst = (a, b) => !!returnOf(b) - !!returnOf(a);
  const groups = rows.map((row) => [row, row.task ? tasks().filter(row.task).sort(sentBackFirst) : of("nominee").filter(row.nominee).sort(byId)])
    .filter(([, items]) => items.length);
  $("todo-none").classList.toggle("d-none", groups.length > 0);
  // "và N mục khác" opens the full list filtered by the group's own rule
  fill($("todo"), groups, ([row]) => row.key, ([row, items]) =>
    group(row, items, select, `${row.task ? "#/tasks" : "#/nominees"}?todo=${row.key}`));
}

// The filter of a full list (kind "task" or "nominee") by a group of the
// person's own (#/tasks?todo=td_review): the group's rule itself, so the
// list shows exactly what the group counted, one rule in one place. The
// note box `${prefix}-todo` says the filter is on and links to the same
// address without it (an open task stays open). A key the role has no
// group for filters nothing.
export function todoFilter(prefix, kind) {
  const { path, params } = route();
  const row = (WAITING[S.role] || []).find((r) => r.key === params.get("todo") && r[kind]);
  $(prefix + "-todo").classList.toggle("d-none", !row);
  if (!row) return () => true;
  $(prefix + "-todo-text").textContent = t("td_filter", t(row.key));
  params.delete("todo");
  const rest = params.toString();
  $(prefix + "-todo-clear").href = path + (rest ? "?" + rest : "");
  return row[kind];
}
