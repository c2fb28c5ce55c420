// The selected task: what it is, its documents with download links, its
// history, and only the forms this role may use now (the broker refuses
// the others anyway).
import { call, upload } from "./api.js";
import { t, tk } from "./i18n.js";
import { S, $, el, route, statusOf, shownStatus, returnOf, isLate, daysLate, unitName, when, bytes, day, historyOf, actor, concerns, line, tooBig, changesText } from "./state.js";
import { attempt, chooseFile, clearForm } from "./forms.js";

// One file of a record's history (a task's or a nominee's): a download of
// its version's bytes, with version, size, who and when.
export function docItem(x, h) {
  const li = el("li", undefined, "mb-2");
  const a = el("a", h.attachment.name, "text-break");
  a.href = `/api/document/${encodeURIComponent(x.id)}/${h.version}`;
  a.download = h.attachment.name;
  li.append(a, line("div", [t("version") + " " + h.version, bytes(h.attachment.size), actor(h.actor, h.actor_name), when(h.time_ms)],
    "text-muted"));
  return li;
}

export function historyLine(h) {
  const parts = [when(h.time_ms), tk("v_" + h.verb, h.verb), actor(h.actor, h.actor_name)];
  if (h.verb === "report") parts.push((h.percent || 0) + "\u00a0%"); // JSON leaves a 0 out; one line
  if (h.changes) parts.push(changesText(h));
  if (h.text) parts.push(h.text);
  if (h.attachment && h.attachment.name) parts.push(`${t("version")} ${h.version}: ${h.attachment.name}`);
  return line("li", parts);
}

// Which controls the role may use on a task in this status (transitions.c).
// what the broker lets this person do to x: a unit reports on a task it
// leads or supports and submits one it leads (transitions.c's scopes)
function allowed(x) {
  const s = statusOf(x), unit = S.role === "unit";
  return {
    "f-report": unit && concerns(x, S.unit) && ["assigned", "in_progress"].includes(s),
    "b-submit": unit && x.lead_unit === S.unit && s === "in_progress",
    "f-office": S.role === "office" && s !== "accepted" && s !== "cancelled",
    "b-accept": S.role === "office" && s === "submitted",
    "b-return": S.role === "office" && s === "submitted",
    "b-edit": S.role === "office" && ["assigned", "in_progress", "submitted"].includes(s),
  };
}

let shown = ""; // the task drawn last: its note and inputs go when another is chosen
let cancelAsked = ""; // the task whose cancel was pressed once: the next press cancels it
let backShown = 0; // when the return shown on the card was made

export function renderDetail() {
  const r = S.records.get("task/" + S.selected);
  $("detail").classList.toggle("d-none", !r);
  if (!r) { shown = ""; return; } // closed: opened again, it starts afresh
  if (shown !== S.selected) {
    shown = S.selected;
    // opened by its address (a link, the back button): on a phone the card
    // stands below the whole list, out of sight; brought into view
    const box = $("detail").getBoundingClientRect();
    if (box.top > window.innerHeight) requestAnimationFrame(() => $("detail").scrollIntoView({ block: "start" }));
    askCancel("");
    $("d-note").textContent = "";
    for (const e of document.querySelectorAll("#detail form")) clearForm(e);
    for (const e of document.querySelectorAll("#detail input, #detail textarea")) e.value = "";
  }
  const x = r.task;
  $("d-title").textContent = `${x.id} · ${x.title}`;
  $("d-meta").textContent = [unitName(x.lead_unit), t("deadline") + " " + day(x.deadline) +
    (isLate(x) ? " (" + t("late", daysLate(x.deadline)) + ")" : ""), t("st_" + shownStatus(x)),
    tk("kind_" + x.kind, x.kind || ""),
    (x.support_units || []).length ? `${t("support")}: ${x.support_units.map(unitName).join(", ")}` : ""].filter(Boolean).join(" · ");
  // sent back: why, by whom and when, above the rest, until it is submitted again
  const back = returnOf(x);
  // a unit's "Đã nộp kết quả." from before it came back goes; the office's
  // "Đã trả lại" for this very return stays, whichever came first, the
  // reply or the change
  if (back && back.time_ms !== backShown && S.role === "unit") $("d-note").textContent = "";
  backShown = back ? back.time_ms : 0;
  $("d-returned").classList.toggle("d-none", !back);
  if (back) $("d-returned").replaceChildren(line("div", [t("returned_note"), actor(back.actor, back.actor_name), when(back.time_ms)], "fw-semibold"),
    el("div", back.text || ""), S.role === "unit" ? el("div", t("returned_todo"), "mt-1") : "");
  const pct = x.progress || 0; // JSON leaves a 0 out
  $("d-bar").style.width = pct + "%";
  $("d-percent").textContent = pct + " %";
  $("d-progress").setAttribute("aria-valuenow", String(pct));
  $("d-progress").setAttribute("aria-label", t("percent"));
  const history = historyOf(x);
  const docs = history.filter((h) => h.version && h.attachment && h.attachment.name);
  $("d-docs").replaceChildren(...docs.slice().reverse().map((h) => docItem(x, h)));
  $("d-nodocs").classList.toggle("d-none", docs.length > 0);
  $("d-history").replaceChildren(...history.slice().reverse().map(historyLine));
  // a document task's file is what its submission hands in: said so by the box
  const hint = $("r-file-hint");
  if (hint) { hint.dataset.t = x.kind === "document" ? "file_doc" : "file"; hint.textContent = t(hint.dataset.t); }
  showFile();
  for (const [id, ok] of Object.entries(allowed(x))) { const e = $(id); if (e) e.classList.toggle("d-none", !ok); }
}

function showFile() { const f = $("r-file"); if (f) $("r-file-name").textContent = f.files[0] ? f.files[0].name : t("no_file"); }

// A file chosen for a report or a submission: one over the limit is
// refused beside the field at once (forms.js). A task's document may be of
// any type (the broker checks only its size), so none is refused for it.
function chosen() {
  chooseFile($("f-report"), $("r-file"), tooBig);
  showFile();
}

// "Tiến độ" of a report, a whole number from 0 to 100: refused here
// beside the field in the page's words, as the broker's refusals are (the
// browser's own check spoke the browser's language, and an empty box
// would have gone as 0).
function percentOf(input) {
  const v = input.value.trim(), n = Number(v);
  if (!v && !input.validity.badInput) throw { field: "percent", message: t("pct_required") };
  if (input.validity.badInput || !Number.isInteger(n) || n < 0 || n > 100) throw { field: "percent", message: t("pct_range") };
  return n;
}

// A report below the task's progress now is most often a slip, or made on
// a page that had not yet heard of a later report; yet work may be found
// less done than said. The first press says so beside the box and sends
// nothing; a second press with the same figure sends it.
let lowerOk = "";
function notLower(percent) {
  const r = S.records.get("task/" + S.selected), now = r ? r.task.progress || 0 : 0, key = `${S.selected}:${percent}:${now}`;
  if (percent >= now || lowerOk === key) return percent;
  lowerOk = key;
  throw { field: "percent", message: t("pct_lower").replace("{p}", percent).replace("{now}", now) };
}

// A report or a submission: with a file it goes up as a form. The fields
// are read as it starts (body()), so a refusal of one shows as the
// broker's do: in the task's card (forms.js), where the person is.
function send(kind, body) {
  return attempt($("f-report"), $("d-note"), async () => {
    const fields = body(), file = $("r-file").files[0];
    if (tooBig(file)) throw Object.assign(new Error(tooBig(file)), { field: "attachment" });
    if (file) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
      form.append("file", file, file.name);
      await upload(kind, form);
    } else {
      await call(kind, fields);
    }
    for (const id of ["r-percent", "r-text", "r-file"]) $(id).value = "";
    showFile();
    return t("done_" + kind); // what was done, and what comes next
  });
}

// Cancelling is for good (no transition leaves "cancelled"), and the
// button sits beside the others: its first press says so and sends
// nothing, a second press on the same task cancels it. Any other action,
// or another task, puts the question away.
function askCancel(id) {
  const box = $("o-confirm"); // the office's alone
  cancelAsked = id;
  if (!box) return;
  box.textContent = id ? t("cancel_confirm", id) : "";
  box.classList.toggle("d-none", !id);
}

// Closing the card takes task= out of the address, a new history entry
// (the address alone says which task is open: back opens it again). The
// focus goes back to the task's row, where the person chose it; left on
// the hidden card it would fall to the top of the page.
function closeDetail() {
  const id = S.selected, { path, params } = route();
  params.delete("task");
  const rest = String(params);
  location.hash = (path || "#/overview") + (rest ? "?" + rest : "");
  const row = [...document.querySelectorAll("#main tr[data-id]")].find((r) => r.dataset.id === id && r.offsetParent);
  if (row) row.focus();
}

// Escape closes the card, unless the key is typed in a control outside it
// (a search box, the task form), whose Escape is its own.
function onEscape(ev) {
  if (ev.key !== "Escape" || ev.defaultPrevented || $("detail").classList.contains("d-none")) return;
  if (!$("detail").contains(ev.target) && ev.target.closest("input, select, textarea, form")) return;
  closeDetail();
}

export function bindDetail(editTask) {
  const on = (id, ev, fn) => { const e = $(id); if (e) e.addEventListener(ev, fn); };
  const val = (id) => $(id).value;
  const act = (kind, body) => attempt($("f-office"), $("d-note"), async () => {
    if (kind === "task.cancel" && cancelAsked !== body.id) return askCancel(body.id);
    askCancel("");
    await call(kind, body);
    $("o-reason").value = "";
    return t("done_" + kind);
  });
  on("f-report", "submit", (ev) => {
    ev.preventDefault();
    send("task.report", () => ({ id: S.selected, percent: notLower(percentOf($("r-percent"))), text: val("r-text") }));
  });
  on("r-file", "change", chosen);
  // a document task's submission without its file: said beside the box at
  // once, as the broker would say it after the wait
  on("b-submit", "click", () => send("task.submit", () => {
    const r = S.records.get("task/" + S.selected);
    if (r && r.task.kind === "document" && !$("r-file").files[0]) throw { field: "attachment", message: t("doc_needs_file") };
    return { id: S.selected, text: val("r-text") };
  }));
  on("b-accept", "click", () => act("task.accept", { id: S.selected, comments: val("o-reason") }));
  on("b-return", "click", () => act("task.return", { id: S.selected, comments: val("o-reason") }));
  on("b-cancel", "click", () => act("task.cancel", { id: S.selected, comments: val("o-reason") }));
  on("d-close", "click", closeDetail);
  document.addEventListener("keydown", onEscape);
  on("b-edit", "click", () => { const r = S.records.get("task/" + S.selected); if (r) editTask(r.task); });
}
