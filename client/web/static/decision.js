// Quyết định: per field and kind, the quota, how many are selected and the
// dossiers the office recommends (influential ones first, marked in
// words); the chair selects or rejects each with a reason. A selection
// past the quota is the broker's to refuse: the page says what it said.
// Each candidate shows its council tally against its kind's threshold (in
// words); the broker refuses a selection below it, and the page says so.
import { callAt } from "./api.js";
import { labels, t, tk, lang } from "./i18n.js";
import { S, $, el, of, unitName, byId } from "./state.js";
import { tallyWords } from "./ballot.js";
import { FIELDS, KINDS, nstatus, revisionOf, nominee, statusText, marks, reread } from "./nominees.js";
import { attempt, showRefusal, isStale } from "./forms.js";

const DECIDED = ["vetted", "selected", "rejected"];
// The columns: label key and classes; on a phone each cell says its column (app.css, table-stack).
const COLUMNS = [["id"], ["nom_name"], ["nom_unit", "d-none d-md-table-cell d-print-table-cell"], ["status"], ["dec_tally"], ["x_decided"]];
let drawn = ""; // what the groups were drawn from: redrawn only when it changes
// candidate id -> the refusal its form shows: a live change redraws every
// row, and the refusal must outlive it until the chair tries that one again
const refused = new Map();

function groups() {
  const out = [];
  const quotas = of("quota"), xs = of("nominee").filter((n) => DECIDED.includes(nstatus(n)));
  for (const f of FIELDS) for (const k of KINDS) {
    const q = quotas.find((x) => x.field === f && x.kind === k);
    // what waits for the chair first, the influential first among them
    // (the office vets them with priority, DOMAIN.md §4), then by id as every list
    const ns = xs.filter((n) => n.field === f && n.kind === k).sort((a, b) =>
      (nstatus(a) !== "vetted") - (nstatus(b) !== "vetted") || !!b.influential - !!a.influential || byId(a, b));
    if (ns.length) out.push({ f, k, q, ns });
  }
  return out;
}

function decideForm(n, full) {
  const form = el("form", undefined, "d-flex flex-wrap gap-1 align-items-start");
  form.noValidate = true;
  form.dataset.id = n.id;
  const err = el("div", undefined, "alert alert-danger d-none small w-100 mb-1 p-1");
  err.dataset.err = "";
  err.setAttribute("role", "alert");
  const box = el("div", undefined, "w-100");
  const label = el("label", t("dec_reason", n.id), "visually-hidden");
  const input = el("input", undefined, "form-control form-control-sm");
  input.id = label.htmlFor = "k-reason-" + n.id;
  input.dataset.f = "reason";
  input.placeholder = t("x_reason");
  box.append(label, input, el("div", undefined, "invalid-feedback"));
  const yes = el("button", t("dec_select"), "btn btn-success btn-sm"), no = el("button", t("dec_reject"), "btn btn-outline-danger btn-sm");
  yes.type = no.type = "button";
  yes.id = "k-select-" + n.id;
  no.id = "k-reject-" + n.id;
  yes.addEventListener("click", () => decide(form, n.id, true));
  no.addEventListener("click", () => decide(form, n.id, false));
  form.addEventListener("submit", (ev) => ev.preventDefault());
  // a selection the broker would refuse: the button is off and says why
  const blocked = selectBlocked(n, full);
  yes.disabled = !!blocked;
  form.append(err, box, yes, no, ...(blocked ? [el("div", t(blocked), "small text-muted w-100")] : []));
  if (refused.has(n.id)) showRefusal(form, refused.get(n.id)); // not in the page yet: the focus stays where it is
  return form;
}

Object.assign(labels.vi, { dec_tally: "Kết quả bỏ phiếu", dec_voting: "đang bỏ phiếu ({n})", dec_no_ballot: "chưa bỏ phiếu",
  dec_no_vote_needed: "không bắt buộc bỏ phiếu",
  dec_first: "Đã có người quyết định trước: {n}.", dec_waiting: "Chờ Trưởng ban quyết định",
  dec_wait_council: "Chờ Hội đồng bỏ phiếu",
  dec_select_after: "Tuyên dương được khi Hội đồng đã kiểm phiếu và phiếu đồng ý đạt tỷ lệ.",
  dec_select_below: "Phiếu đồng ý chưa đạt tỷ lệ nên không tuyên dương được.",
  dec_select_full: "Đã đủ số lượng tuyên dương của lĩnh vực và đối tượng này." });
Object.assign(labels.en, { dec_tally: "Council ballot", dec_voting: "voting ({n})", dec_no_ballot: "not put to the vote",
  dec_no_vote_needed: "no vote required",
  dec_first: "Someone decided first: {n}.", dec_waiting: "Awaiting the chair's decision",
  dec_wait_council: "Awaiting the council's vote",
  dec_select_after: "Can be selected once the council's ballot is counted with enough yes votes.",
  dec_select_below: "Too few yes votes: cannot be selected.",
  dec_select_full: "The quota of this field and kind is full." });

// The line a refused candidate's row keeps once it is decided: what was decided.
function decidedFirst(n) {
  const note = el("div", t("dec_first", statusText(n)), "alert alert-warning small p-1 mb-1");
  note.setAttribute("role", "alert");
  note.dataset.first = n.id;
  return note;
}

const needed = (n) => { const th = of("threshold").find((x) => x.kind === n.kind); return th ? th.percent || 0 : 0; };
const counted = (n) => !!(n.ballot && n.ballot_closed);
const tallyMet = (n) => (n.ballot_yes || 0) * 100 >= (n.ballot_threshold || 0) * (n.ballot_members || 0);

// Why the chair cannot select the nominee now, as the broker holds it, or
// "" when it may: its group's quota is full (quotas_take_selection), or,
// with a threshold for its kind, no ballot is counted or its yes votes are
// too few (ballot_check_selectable in server/ballot.c).
function selectBlocked(n, full) {
  if (full) return "dec_select_full";
  if (!needed(n)) return "";
  if (!counted(n)) return "dec_select_after";
  return tallyMet(n) ? "" : "dec_select_below";
}

// The tally the broker recorded on the nominee when its ballot closed;
// before, whether a vote is still to come and what it must reach.
function tally(n) {
  const need = needed(n);
  if (counted(n))
    return `${n.ballot}: ${tallyWords(n.ballot_yes || 0, n.ballot_members || 0, n.ballot_threshold || 0, tallyMet(n))}`;
  if (n.ballot) return need ? `${t("dec_voting", n.ballot)} · ${t("bl_needs", need)}` : t("dec_voting", n.ballot);
  if (nstatus(n) !== "vetted") return ""; // decided without a vote: nothing to say
  return need ? `${t("dec_no_ballot")} · ${t("bl_needs", need)}` : t("dec_no_vote_needed");
}

function row(n, full) {
  const tr = el("tr");
  tr.dataset.id = n.id;
  const name = el("td");
  const a = el("a", n.name);
  a.href = "#/nominee/" + encodeURIComponent(n.id);
  name.append(a, ...(n.influential || n.new_factor ? [el("br"), ...marks(n)] : []));
  const last = el("td");
  if (nstatus(n) === "vetted" && S.role === "chair") last.append(decideForm(n, full));
  else if (nstatus(n) === "vetted") // the chair's to decide, not the reader's; with a vote to come, the council's first
    last.append(el("span", t(selectBlocked(n) === "dec_select_after" ? "dec_wait_council" : "dec_waiting"), "text-muted"));
  else {
    // refused because someone decided first: the form went with the redraw
    // that brought their decision, and with it the refusal; without this
    // line the chair's press would seem to have done nothing
    if (refused.has(n.id)) last.append(decidedFirst(n));
    if (n.decision_reason) last.append(`${t("x_reason")}: ${n.decision_reason}`);
  }
  tr.append(el("td", n.id, "text-nowrap"), name, el("td", unitName(n.proposing_unit), "d-none d-md-table-cell d-print-table-cell stack-show"),
    el("td", (nstatus(n) === "selected" ? "✔ " : nstatus(n) === "rejected" ? "✘ " : "") + statusText(n), "text-nowrap"),
    el("td", tally(n), "small"), last);
  tr.cells[4].dataset.tally = n.id;
  COLUMNS.forEach(([key], i) => { tr.cells[i].dataset.label = t(key); });
  return tr;
}

function group({ f, k, q, ns }) {
  const box = el("section", undefined, "mb-4");
  box.dataset.group = f + "/" + k;
  const taken = ns.filter((n) => nstatus(n) === "selected").length, max = q && q.max_selected ? Number(q.max_selected) : 0;
  box.append(el("h2", `${tk("f_" + f, f)} · ${tk("nk_" + k, k)}`, "h5"));
  box.append(el("p", [max ? t("dec_quota", max) : `${t("quota")}: ${t("no_limit")}`, t("dec_taken", taken),
    max ? (taken >= max ? "⚠ " + t("dec_full") : t("dec_left", max - taken)) : ""].filter(Boolean).join(" · "), "small mb-1"));
  const table = el("table", undefined, "table table-sm align-middle table-stack");
  const head = el("tr");
  for (const [key, cls] of COLUMNS) head.append(el("th", t(key), cls));
  table.append(el("caption", t("dec_candidates"), "visually-hidden"), el("thead"), el("tbody"));
  table.tHead.append(head);
  table.tBodies[0].append(...ns.map((n) => row(n, max > 0 && taken >= max)));
  const wrap = el("div", undefined, "table-responsive");
  wrap.append(table);
  box.append(wrap);
  return box;
}

export function renderDecision() {
  const gs = groups();
  const sig = JSON.stringify([lang, S.role, of("threshold").map(revisionOf), gs.map((g) => [g.q && revisionOf(g.q), g.ns.map(revisionOf)])]);
  if (sig === drawn) return;
  drawn = sig;
  // a redraw keeps what the chair typed and where the focus was
  const typed = new Map([...document.querySelectorAll("#k-groups input")].map((e) => [e.id, e.value]));
  const focus = document.activeElement && document.activeElement.id;
  $("k-groups").replaceChildren(...gs.map(group));
  for (const [id, v] of typed) if ($(id)) $(id).value = v;
  if (focus && $(focus) && $("k-groups").contains($(focus))) $(focus).focus();
  $("k-empty").classList.toggle("d-none", gs.length > 0);
  // the PDFs once someone is selected: the gateway refuses a draft listing no one
  if ($("k-files")) $("k-files").classList.toggle("d-none", !of("nominee").some((n) => nstatus(n) === "selected"));
}

// A refusal shows in the candidate's own form (forms.js), where the chair
// pressed (the gateway says a quota's field and kind in words: "Xã
// hội/Cá nhân"). A stale revision rereads the nominee first:
// the row is redrawn from what the broker holds, with the refusal in it,
// or, when someone decided it meanwhile, with what they decided.
function decide(form, id, selected) {
  refused.delete(id);
  const n = nominee(id);
  return attempt(form, $("k-note"), async () => {
    try {
      await callAt("nominee.decide", { id, selected, reason: form.querySelector("input").value.trim() }, revisionOf(n));
    } catch (x) {
      refused.set(id, x);
      if (isStale(x)) { await reread(id); renderDecision(); }
      throw x;
    }
    return t(selected ? "dec_selected" : "dec_rejected", id);
  });
}
