// The task list: filters by unit, status, overdue and a search that ignores
// Vietnamese diacritics; the office's create and edit forms, with the
// broker's refusal shown beside the field it names (forms.js).
import { call } from "./api.js";
import { t } from "./i18n.js";
import { S, $, tasks, isLate, isPast, shownStatus, fold, day, dayIn, today, concerns, TASK_STATUSES, options, unitChoices } from "./state.js";
import { taskRow } from "./overview.js";
import { fill } from "./rows.js";
import { todoFilter } from "./todo.js";
import { attempt, checklist, clearForm, filled, refuse, ticked } from "./forms.js";

let editing = ""; // the task id the form edits; "" when it creates
let pastOk = ""; // the past deadline the person pressed to send a second time

function matches(x, f) {
  if (f.unit && !concerns(x, f.unit)) return false;
  if (f.status && shownStatus(x) !== f.status) return false;
  if (f.overdue && !isLate(x)) return false;
  const text = fold([x.id, x.title, x.description, x.ref].join(" "));
  return f.q.split(/\s+/).every((w) => text.includes(w)); // every word, in any order
}

export function renderList(select) {
  options($("q-unit"), unitChoices(), t("all_units"));
  options($("q-status"), TASK_STATUSES.map((s) => [s, t("st_" + s)]), t("all_status"));
  if ($("f-task") && !$("f-task").classList.contains("d-none")) { // the office's form, open
    options($("t-lead_unit"), unitChoices(), t("choose"));
    checklist($("t-support_units"), unitChoices());
  }
  const f = { unit: $("q-unit").value, status: $("q-status").value, overdue: $("q-overdue").checked, q: fold($("q-search").value.trim()) };
  const waiting = todoFilter("list", "task");
  const xs = tasks().filter((x) => waiting(x) && matches(x, f));
  fill($("list"), xs, (x) => x.id, (x) => taskRow(x, select));
  $("list-empty").classList.toggle("d-none", xs.length > 0);
  $("list-count").textContent = t("shown", xs.length);
}

export function openTaskForm(x) {
  editing = x ? x.id : "";
  pastOk = "";
  clearForm($("f-task"));
  $("t-past").classList.add("d-none");
  $("f-task").classList.remove("d-none");
  $("t-heading").textContent = x ? t("edit_task", x.id) : t("new_task");
  $("t-save").textContent = x ? t("save") : t("create");
  options($("t-lead_unit"), unitChoices(), t("choose"));
  for (const name of ["title", "description", "kind", "phase", "lead_unit"]) $("t-" + name).value = x ? x[name] || "" : "";
  $("t-deadline").value = x ? day(x.deadline) : "";
  checklist($("t-support_units"), unitChoices(), x ? x.support_units || [] : []);
  $("t-title").focus();
}

function closeTaskForm() { $("f-task").classList.add("d-none"); editing = ""; }

// A deadline before today is most often a slip (a year or a month typed
// wrong), yet the office may record work that is overdue already: the
// first press says so beside the deadline and sends nothing; a second
// press with the same day sends it. A task's own deadline, unchanged in an
// edit, passes without a word. True when it warned.
function warnPast(deadline) {
  const r = editing && S.records.get("task/" + editing);
  if (!isPast(deadline) || deadline === pastOk || (r && r.task.deadline === deadline)) return false;
  pastOk = deadline;
  $("t-past").textContent = t("past_deadline").replace("{d}", day(deadline)).replace("{today}", day(today()))
    .replace("{b}", $("t-save").textContent);
  $("t-past").classList.remove("d-none");
  return true;
}

// The broker's refusal beside the field it names ("task.lead_unit",
// "support_units[1]"), or above the form (forms.js).
function save(ev) {
  ev.preventDefault();
  $("t-past").classList.add("d-none");
  attempt($("f-task"), null, async () => {
    const v = (name) => $("t-" + name).value.trim();
    // every box at once: the empty ones and a deadline that is no day
    const full = filled($("f-task"), ["title", "kind", "phase", "lead_unit", "deadline"]);
    const deadline = dayIn(v("deadline"));
    if (v("deadline") && !deadline) refuse($("f-task"), "deadline", t("bad_day").replace("{d}", () => v("deadline")));
    if (!full || !deadline) return;
    if (warnPast(deadline)) return;
    const task = { title: v("title"), description: v("description"), kind: v("kind"), phase: v("phase"),
      lead_unit: v("lead_unit"), deadline,
      support_units: ticked($("t-support_units")) };
    const kind = editing ? "task.edit" : "task.create";
    const r = editing ? await call(kind, { id: editing, ...task, set_support_units: true }) : await call(kind, { task });
    const id = editing || (r.record && r.record.id);
    // the reply's record, so the card opens now rather than when the live
    // change comes, whose arrival would then take away the line below
    if (r.record && r.record.id && !S.records.has("task/" + r.record.id)) S.records.set("task/" + r.record.id, r.record);
    closeTaskForm();
    // the task made or saved, open, and said so under its card
    if (id && chooseTask) chooseTask(id);
    $("d-note").textContent = t("done_" + kind).replace("{id}", id || "");
  });
}

let chooseTask = null; // the pages' select(id): opens a task's card

export function bindList(select, render) {
  chooseTask = select;
  for (const id of ["q-unit", "q-status", "q-overdue"]) $(id).addEventListener("change", render);
  $("q-search").addEventListener("input", render);
  const on = (id, ev, fn) => { const e = $(id); if (e) e.addEventListener(ev, fn); };
  on("b-new", "click", () => openTaskForm(null));
  on("t-close", "click", closeTaskForm);
  on("f-task", "submit", save);
  on("t-deadline", "input", () => $("t-past").classList.add("d-none")); // another day: the warning was for the old one
}
