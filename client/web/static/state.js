// What the pages show: the congress as the gateway's snapshot and event
// stream give it, and who is signed in. Helpers that more than one page uses.
import { t, tk, lang } from "./i18n.js";

export const S = {
  records: new Map(), // "type/id" -> record
  feed: [], revision: 0, up: false,
  me: null, role: "", unit: "", // the unit of a unit principal, when the snapshot names it
  selected: "", page: "overview",
};
export const $ = (id) => document.getElementById(id);
// The view's address: the page, then what is open in it ("#/tasks?task=T-3"
// is the task list with task T-3 open), so a reload, a link sent to a
// colleague and the back button all give the same view.
export function route() {
  const [path, query] = location.hash.split("?");
  return { path, params: new URLSearchParams(query || "") };
}
// Record text goes in with textContent only.
export function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
// A task's or a nominee's history, oldest first: what its record still
// holds (written before its history became records: format 4 for tasks, 5
// for nominees), then its History records "history/<id>/<seq>", seq
// zero-padded to 10 digits and counted from 1 without gaps.
export const historyKey = (id, seq) => `history/${id}/${String(seq).padStart(10, "0")}`;
export function historyOf(x) {
  const out = [...(x.history || [])];
  for (let seq = 1; ; seq++) {
    const r = S.records.get(historyKey(x.id, seq));
    if (!r || !r.history) return out;
    out.push(r.history.entry || {});
  }
}
export const of = (type) => [...S.records.values()].filter((r) => r.type === type && !r.deleted).map((r) => r[type]);
// The province's calendar and clock (the gateway's --timezone, in /api/me),
// as the broker reads a deadline and the CLI prints a time, whatever zone
// the computer is set to; the browser's own before sign-in.
let clockFor = null;
function clock(ms) {
  const zone = (S.me && S.me.timezone) || undefined;
  if (!clockFor || clockFor.zone !== zone) {
    clockFor = { zone, f: new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) };
  }
  return Object.fromEntries(clockFor.f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}
// Today, yyyy-mm-dd like a deadline.
export const today = () => { const c = clock(Date.now()); return `${c.year}-${c.month}-${c.day}`; };
// A day (yyyy-mm-dd) as both languages here write dates: dd/mm/yyyy.
export const day = (d) => (/^\d{4}-\d{2}-\d{2}$/.test(d || "") ? d.split("-").reverse().join("/") : d || "");
// A day as a person types it, dd/mm/yyyy (d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy
// too) or yyyy-mm-dd, as the broker keeps it, yyyy-mm-dd; "" where it is no
// day of the calendar (31/02/2027, "tuần sau"). The CLI reads the same forms
// (cli_date_in). The page reads dates itself rather than through <input
// type="date">, whose order follows the browser's locale: in an English
// browser 05/01 is May 1st.
export function dayIn(text) {
  const m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(text) || /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})$/.exec(text);
  if (!m) return "";
  const [y, mo, d] = (m[1].length === 4 ? [m[1], m[3], m[4]] : [m[4], m[3], m[1]]).map(Number);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d ? dt.toISOString().slice(0, 10) : "";
}
export const daysLate = (d) => Math.round((Date.parse(today()) - Date.parse(d)) / 86400000);
export const isOpen = (x) => !["accepted", "cancelled"].includes(x.status);
// A day (yyyy-mm-dd) before today: an open task with such a deadline is late.
export const isPast = (d) => !!d && d < today();
export const isLate = (x) => isOpen(x) && isPast(x.deadline);
export const statusOf = (x) => x.status || "assigned";
// A task's statuses as the work goes, a sent-back task's among them: the
// order of the status filter and of the overview's counts.
export const TASK_STATUSES = ["assigned", "in_progress", "returned", "submitted", "accepted", "cancelled"];
// The entry that sent the task back, while the unit works on it again: its
// record's status is in_progress once more (the broker keeps "returned" for
// the history), and the lists would show it as any task in progress.
// Kept per task record: a history entry is written only with a change of
// its task, which brings a new record, so a redraw reads each history once.
const returns = new WeakMap();
export function returnOf(x) {
  if (statusOf(x) !== "in_progress") return null;
  if (!returns.has(x)) {
    const h = historyOf(x);
    let i = h.length - 1;
    while (i >= 0 && !["submit", "return", "accept", "cancel"].includes(h[i].verb)) i--;
    returns.set(x, i >= 0 && h[i].verb === "return" ? h[i] : null);
  }
  return returns.get(x);
}
// The status a list shows: "returned" for a task sent back and not yet
// submitted again, else the record's.
export const shownStatus = (x) => (returnOf(x) ? "returned" : statusOf(x));
// A nominee's status; a draft's is the enum's zero, which JSON leaves out.
export const nstatus = (n) => n.status || "draft";
// A unit's proposals in a field and kind against the most one unit may
// make there (the quota's max_per_unit; 0: no limit): used is its
// ProposalCount, which the broker counts up at a proposal and down at a
// return or a withdrawal, and refuses past the cap (server/quotas.c).
export function proposalRoom(unit, field, kind) {
  const same = (x) => x.field === field && x.kind === kind;
  const q = of("quota").find(same), c = of("proposal_count").find((x) => same(x) && x.unit === unit);
  const cap = (q && q.max_per_unit) || 0, used = (c && c.proposed) || 0;
  return { cap, used, full: cap > 0 && used >= cap };
}
// A draft its unit cannot propose now, marked where drafts are listed (the
// dossier says why): the badge, or "" for any other nominee.
export const roomBadge = (n) => (nstatus(n) === "draft" && proposalRoom(n.proposing_unit, n.field, n.kind).full
  ? el("span", t("x_room_badge"), "badge text-bg-secondary") : "");

// A task concerns a unit that leads it or supports it (the broker's
// task.list --unit and a unit's own scope: thd_record_concerns).
export const concerns = (x, unit) => x.lead_unit === unit || (x.support_units || []).includes(unit);
// Lower case without diacritics: "Kế hoạch" and "ke hoach" fold alike.
export const fold = (s) => (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
  .replace(/[đĐ]/g, "d").toLowerCase();
export const unitName = (code) => { const u = S.records.get("unit/" + code); return u && u.unit ? u.unit.name : code; };
// A unit in a list to choose from: its name first, so that typing the name
// finds it ("Sở Nội vụ (SO-NV)"); the code alone where it has no name.
export const unitLabel = (code) => { const n = unitName(code); return n && n !== code ? `${n} (${code})` : code; };
// [code, label] of the units given (every unit without), by name as
// Vietnamese sorts it.
export const unitChoices = (codes) => (codes || of("unit").map((u) => u.code)).map((c) => [c, unitLabel(c)])
  .sort((a, b) => a[1].localeCompare(b[1], "vi"));
// Fills a select with [value, label] items, after first (the choice of none)
// where given, only when they changed: a redraw at every event must not
// close a list the person has open. What was chosen stays chosen while it is
// still there; otherwise the first choice is.
export function options(select, items, first) {
  if (!select) return;
  const sig = JSON.stringify([first, items]);
  if (select.dataset.sig === sig) return;
  select.dataset.sig = sig;
  const keep = select.value;
  select.replaceChildren(...(first !== undefined ? [new Option(first, "")] : []), ...items.map(([v, label]) => new Option(label, v)));
  select.value = keep;
  if (select.selectedIndex < 0) select.selectedIndex = 0;
}
// Who a principal is, as people know them: ids ("so-nv", "office") are no
// one's name. name: their record's display name; role: the role in words;
// place: the role with the unit's name (a unit's shared account stands for
// its unit); text: what to call them, the name, else the place, else the
// id when the snapshot knows nothing else of them.
export function who(id) {
  const r = S.records.get("principal/" + id), p = (r && r.principal) || {};
  const name = p.display_name || "", role = p.role ? tk("role_" + p.role, p.role) : "";
  const place = [role, p.unit && unitName(p.unit)].filter(Boolean).join(" · ");
  return { name, role, place, text: name || place || id || "" };
}
// A value an edit named (HistoryEntry.changes), as people read it, as
// libthidua's thd_render_history writes it for the CLI and the monitor:
// a day as dd/mm/yyyy, a unit by its name, an enum's word ("kind" is a
// task's or a nominee's, with names of their own), yes or no, "(trống)"
// for nothing.
const ENUM_WORDS = { kind: ["kind_", "nk_"], phase: ["phase_"], field: ["f_"] };
const UNITS = ["lead_unit", "support_units", "proposing_unit"];
function changeValue(field, v) {
  if (!v) return tk("pt_empty", "");
  if (UNITS.includes(field)) return v.split(", ").map(unitName).join(", ");
  if (["influential", "new_factor"].includes(field)) return tk(`pt_${v === "true" ? "yes" : "no"}`, v);
  for (const p of ENUM_WORDS[field] || []) if (tk(p + v, "")) return tk(p + v, v);
  return day(v);
}
// What an edit changed: "Hạn: 15/01/2030 → 20/01/2030; mô tả"; a change
// without values (a long text) is named only.
export function changesText(h) {
  return (h.changes || []).map((c) => {
    const name = tk("fl_" + c.field, c.field);
    return c.before || c.after ? `${name}: ${changeValue(c.field, c.before)} → ${changeValue(c.field, c.after)}` : name;
  }).join("; ");
}

// Who acted, in a line of the feed or of a history: the name (a history
// entry's own, the one the person had when they acted, else the account's
// now), with the id in the tooltip for the admin who asks which account it was.
export function actor(id, name) {
  if (!id) return "";
  const e = el("span", name || who(id).text);
  e.title = `${t("account")}: ${id}`;
  return e;
}
// An element holding a line's parts, text or elements (an actor), with
// " · " between them; empty parts are left out.
export function line(tag, parts, cls) {
  const e = el(tag, undefined, cls);
  e.append(...parts.filter((p) => p !== "" && p !== undefined && p !== null && p !== false)
    .flatMap((p, i) => (i ? [" · ", p] : [p])));
  return e;
}
// Records by id as the broker made them: T-2 before T-10, N-9 before N-10.
// Every list of nominees goes in this order (the order the proposals came
// in), whatever page it is on; only the decision page puts first what
// waits for the chair, the influential first among them (decision.js).
export const byId = (a, b) => a.id.localeCompare(b.id, "vi", { numeric: true });
// Tasks, the overdue first, then by deadline.
export function tasks() {
  const xs = of("task");
  xs.sort((a, b) => (isLate(b) - isLate(a)) || (a.deadline || "").localeCompare(b.deadline || "") || byId(a, b));
  return xs;
}
// dd/mm/yyyy hh:mm, as both languages here write dates
export function when(ms) {
  if (!ms) return "";
  const c = clock(Number(ms));
  return `${c.day}/${c.month}/${c.year} ${c.hour}:${c.minute}`;
}
// One decimal, with the page language's decimal sign ("16,1 MiB" in Vietnamese).
const oneDecimal = (x) => x.toFixed(1).replace(".", lang === "vi" ? "," : ".");
export function bytes(n) {
  n = Number(n) || 0;
  return n < 1024 ? n + (lang === "vi" ? " byte" : n === 1 ? " byte" : " bytes") : n < 1048576 ? oneDecimal(n / 1024) + " KiB" : oneDecimal(n / 1048576) + " MiB";
}
// The most one file may be: the broker's THD_MAX_ATTACHMENT_BYTES (16 MiB,
// common/thd_limits.h), for a task's document as for a dossier's file. A
// file over it is refused in the page before it goes up; the message names
// the file, its size and the limit. Empty for a file within it. The size
// is rounded up, so a file just over the limit never reads "16.0 MiB".
export const MAX_FILE = 16 * 1024 * 1024;
export const tooBig = (file) => (file && file.size > MAX_FILE
  ? t("too_big").replace("{name}", file.name).replace("{size}", oneDecimal(Math.ceil(file.size / 104857.6) / 10) + " MiB")
  : "");
