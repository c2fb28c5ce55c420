// Gương điển hình: every nominee by field, kind, unit and status, with a
// search that ignores Vietnamese diacritics; kept current by the live view.
import { call } from "./api.js";
import { t, tk, order } from "./i18n.js";
import { S, $, el, of, fold, unitName, historyKey, byId, nstatus, roomBadge, line, options, unitChoices } from "./state.js";
import "./nominee_labels.js";
import { fill } from "./rows.js";
import { todoFilter } from "./todo.js";

export const FIELDS = ["economy", "culture", "society", "defense_security"];
// Collectives before individuals: the order the gateway serves (libthidua's
// thd_nominee_kind_order), the one `thidua stats` and the XLSX sheet use;
// the same words here only if the gateway served none.
export const KINDS = order.nk || ["collective", "individual"];
// Quotas and their groups in the pages' order, FIELDS then KINDS (as the
// decision page and the filters list them), not the codes' alphabetical
// order ("culture" before "economy"); an unknown field or kind goes last.
const rank = (list, v) => (list.includes(v) ? list.indexOf(v) : list.length);
export const byFieldKind = (a, b) => rank(FIELDS, a.field) - rank(FIELDS, b.field) || rank(KINDS, a.kind) - rank(KINDS, b.kind);
export const NSTATUSES = ["draft", "proposed", "vetting", "vetted", "selected", "rejected", "withdrawn"];
export { nstatus };
export const nominee = (id) => { const r = S.records.get("nominee/" + id); return r && r.nominee; };
export const revisionOf = (n) => (n && n.meta ? n.meta.mod_revision : 0);
// After a refusal for a stale revision: the nominee as the broker has it
// now, so the page shows what the message says it shows. A get carries the
// newest entries of its History records; where the live view holds those
// records, historyOf reads them all, so the get's copies would show twice.
export async function reread(id) {
  try {
    const r = await call("nominee.get", { id });
    const n = r.record && r.record.nominee;
    if (!n) return;
    if (S.records.has(historyKey(id, 1))) n.history = [];
    S.records.set("nominee/" + id, r.record);
  } catch (x) { /* the live view brings it anyway */ }
}

// The room in words: "Kinh tế · Cá nhân: đơn vị đã gửi 2 trong số tối đa 3 đề xuất."
export function roomText(n, r) {
  const what = `${tk("f_" + n.field, n.field)} · ${tk("nk_" + n.kind, n.kind)}`;
  return t(r.full ? "x_room_full" : "x_room").replace("{what}", what).replace("{used}", r.used).replace("{cap}", r.cap);
}

export const statusText = (n) => tk("ns_" + nstatus(n), nstatus(n));
// The marks of a nominee in words (a badge is never colour alone).
export function marks(n) {
  const out = [];
  if (n.influential) out.push(el("span", "★ " + t("x_influential"), "badge text-bg-warning border border-dark me-1"));
  if (n.new_factor) out.push(el("span", "✦ " + t("x_new_factor"), "badge text-bg-info border border-dark me-1"));
  return out;
}

function matches(n, f) {
  if (f.field && n.field !== f.field) return false;
  if (f.kind && n.kind !== f.kind) return false;
  if (f.unit && n.proposing_unit !== f.unit) return false;
  if (f.status && nstatus(n) !== f.status) return false;
  const text = fold([n.id, n.name, n.position, n.workplace, n.achievements, n.ref, unitName(n.proposing_unit)].join(" "));
  return f.q.split(/\s+/).every((w) => text.includes(w));
}

function row(n) {
  const tr = el("tr");
  tr.dataset.id = n.id;
  const name = el("td");
  const a = el("a", n.name || n.id);
  a.href = "#/nominee/" + encodeURIComponent(n.id);
  name.append(a, ...(n.influential || n.new_factor ? [el("br"), ...marks(n)] : []));
  // a phone: the kind and the field under the name, the status in view
  // beside it rather than past the screen's edge
  name.append(line("div", [tk("nk_" + n.kind, n.kind || ""), tk("f_" + n.field, n.field || "")], "small text-muted d-sm-none"));
  // the badge on a line of its own: "Dự thảo ·" was left at a line's end
  const status = el("td", statusText(n)), badge = roomBadge(n);
  if (badge) status.append(el("div", undefined, "mt-1"), badge);
  tr.append(el("td", n.id, "text-nowrap"), name, el("td", tk("nk_" + n.kind, n.kind || ""), "d-none d-sm-table-cell text-nowrap"),
    el("td", tk("f_" + n.field, n.field || ""), "d-none d-md-table-cell d-print-table-cell"),
    el("td", unitName(n.proposing_unit), "d-none d-sm-table-cell"), status);
  return tr;
}

export function renderNominees() {
  options($("n-field"), FIELDS.map((f) => [f, t("f_" + f)]), t("all_fields"));
  options($("n-kind"), KINDS.map((k) => [k, t("nk_" + k)]), t("all_kinds"));
  options($("n-status"), NSTATUSES.map((s) => [s, t("ns_" + s)]), t("all_status"));
  options($("n-unit"), unitChoices([...new Set(of("nominee").map((n) => n.proposing_unit).filter(Boolean))]), t("all_units"));
  const f = { field: $("n-field").value, kind: $("n-kind").value, unit: $("n-unit").value, status: $("n-status").value,
    q: fold($("n-search").value.trim()) };
  const waiting = todoFilter("n", "nominee");
  const xs = of("nominee").filter((n) => waiting(n) && matches(n, f)).sort(byId);
  fill($("n-list"), xs, (n) => n.id, row);
  $("n-empty").classList.toggle("d-none", xs.length > 0);
  $("n-count").textContent = t("nom_shown", xs.length);
}

export function bindNominees(render) {
  for (const id of ["n-field", "n-kind", "n-unit", "n-status"]) $(id).addEventListener("change", render);
  $("n-search").addEventListener("input", render);
}
