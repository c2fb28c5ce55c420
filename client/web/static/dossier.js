// One nominee's dossier: everything the broker holds on it, its history in
// people's words, and only the forms the signed-in role may use in its
// state (server/transitions.c); the broker refuses the others anyway.
// Every action names the revision the page shows, so acting on a dossier
// someone else changed meanwhile is refused with a clear message.
import { call, callAt, upload } from "./api.js";
import { labels, t, tk } from "./i18n.js";
import { S, $, el, of, fold, unitName, unitLabel, when, historyOf, actor, line, who, tooBig, day, proposalRoom, options } from "./state.js";
import { historyLine, docItem } from "./detail.js";
import { overlaps, overlapping, honourText } from "./honours.js";
import { nominee, nstatus, revisionOf, statusText, marks, reread, roomText } from "./nominees.js";
import { checklist, chooseFile, clearForm, filled, refuse, showDone, showRefusal, isStale, ticked } from "./forms.js";

Object.assign(labels.vi, { x_h_head: "Thêm khen thưởng đã nhận", x_h_year: "Năm", x_h_form: "Hình thức khen thưởng",
  x_h_decision: "Số quyết định (ví dụ 1234/QĐ-UBND)", x_h_add: "Thêm khen thưởng", x_h_added: "Đã thêm khen thưởng năm {n}.",
  x_h_no_year: "Cần nhập năm được khen thưởng (từ 1900 đến 2100).",
  x_period_from: "Thành tích từ năm", x_period_to: "đến năm",
  x_same_name: "⚠ Lưu ý: đã có gương điển hình cùng tên: {n}." });
Object.assign(labels.en, { x_h_head: "Add an earlier honour", x_h_year: "Year", x_h_form: "Form of honour",
  x_h_decision: "Decision number (e.g. 1234/QĐ-UBND)", x_h_add: "Add the honour", x_h_added: "The honour of {n} is added.",
  x_h_no_year: "Enter the year of the honour (1900 to 2100).",
  x_period_from: "Achievements from (year)", x_period_to: "to (year)",
  x_same_name: "⚠ Note: a nominee of the same name exists: {n}." });

const FORMS = ["f-nom", "fu-act", "fu-attach", "fu-honours", "fo-start", "fo-return", "fo-check", "fo-opinion", "fo-disclosure", "fo-complaint",
  "fo-resolve", "fo-recommend"];
const NOM_FIELDS = ["kind", "field", "name", "gender", "birth_year", "position", "workplace", "achievements",
  "period_from", "period_to", "honour_form"];
let shown = "";    // the dossier drawn last: inputs are emptied when another is opened
let editing = false; // the unit's form is open on this dossier
let shownRevision = 0; // the dossier's revision when its refusals were said
let withdrawAsked = ""; // the nominee whose withdrawal was pressed once: the next press withdraws it

export const dossierId = () => (location.hash.startsWith("#/nominee/") ? decodeURIComponent(location.hash.slice(10)) : "");
const resultWord = (r) => tk("cr_" + r, r);
// The broker writes a check's text itself ("TC1: met"): in people's words.
const checkText = (s) => (s || "").replace(/: (met|not met)$/, (_, r) => ": " + resultWord(r.replace(" ", "_")));

function fact(dl, label, value) {
  if (value === undefined || value === null || value === "" || value === 0) return;
  dl.append(el("dt", label, "col-sm-4 col-lg-3"), el("dd", String(value), "col-sm-8 col-lg-9 text-break"));
}

// The criteria for a nominee of kind n.kind (a criterion that names no kind
// is for both; no kind chosen yet: all), as the broker holds them to it.
function criteriaFor(n) {
  return of("criterion").filter((c) => !c.applies_to || !n.kind || c.applies_to === n.kind)
    .sort((a, b) => a.code.localeCompare(b.code, "vi", { numeric: true }));
}

function checksRows(n) {
  const crit = criteriaFor(n), codes = new Set(crit.map((c) => c.code));
  for (const c of n.checks || []) if (!codes.has(c.criterion)) crit.push({ code: c.criterion, text: "" });
  return crit.map((c) => {
    const k = (n.checks || []).find((x) => x.criterion === c.code);
    const name = el("td", `${c.code}${c.text ? " — " + c.text : ""}${c.mandatory ? " (" + t("x_mandatory") + ")" : ""}`);
    const res = el("td", k ? (k.result === "met" ? "✔ " : "✘ ") + resultWord(k.result) : "– " + t("cr_none"), "text-nowrap");
    const tr = el("tr");
    tr.dataset.code = c.code;
    tr.append(name, res, el("td", k ? k.note || "" : ""), line("td", k ? [actor(k.actor, k.actor_name), when(k.time_ms)] : [], "text-nowrap"));
    return tr;
  });
}

// The criteria checks, a row per criterion. A column with nothing in any
// row is left out (in a draft, the note and who recorded it: nothing is
// checked yet), so the criteria's text has the room; on a phone each row
// is a block, each cell named by its column (app.css, table-stack).
const CHECK_COLUMNS = ["x_criterion", "x_result", "x_note", "x_by"];
function drawChecks(n) {
  const rows = checksRows(n), head = $("x-checks").closest("table").tHead.rows[0];
  CHECK_COLUMNS.forEach((key, i) => {
    const used = i < 2 || rows.some((r) => r.cells[i].textContent.trim());
    head.cells[i].classList.toggle("d-none", !used);
    for (const r of rows) {
      r.cells[i].dataset.label = t(key);
      r.cells[i].classList.toggle("d-none", !used);
    }
  });
  $("x-checks").replaceChildren(...rows);
}

function lastOf(history, verb) { return history.filter((h) => h.verb === verb).pop(); }

function drawView(n) {
  const history = historyOf(n);
  $("x-title").textContent = `${n.id} · ${n.name}`;
  $("x-badges").replaceChildren(el("span", statusText(n), "badge text-bg-light border border-secondary me-1"), ...marks(n));
  const dl = $("x-facts");
  dl.replaceChildren();
  fact(dl, t("nkind"), tk("nk_" + n.kind, n.kind));
  fact(dl, t("field"), tk("f_" + n.field, n.field));
  fact(dl, t("nom_unit"), n.proposing_unit ? unitLabel(n.proposing_unit) : "");
  fact(dl, t("x_gender"), n.gender);
  fact(dl, t("x_birth"), n.birth_year);
  fact(dl, t("x_position"), n.position);
  fact(dl, t("x_workplace"), n.workplace);
  fact(dl, t("x_achievements"), n.achievements);
  fact(dl, t("x_claims"), (n.criteria_met || []).join(", "));
  fact(dl, t("x_period"), n.period_from ? `${n.period_from}-${n.period_to}` : "");
  fact(dl, t("x_form"), n.honour_form);
  fact(dl, t("x_honours"), (n.earlier_honours || []).map((h) => honourText(h)
    + (overlaps(n, h) ? ` — ⚠ ${t("x_honour_overlap")}` : "")).join("; "));
  const many = overlapping(n).length;
  $("x-overlap").textContent = many ? t("x_overlap_warn", many) : "";
  $("x-overlap").classList.toggle("d-none", !many);
  drawChecks(n);
  const ops = (n.opinions || []).map((o) => line("li", [o.agency, o.favorable ? "✔ " + tk("pt_favorable", "favorable") : "✘ " + tk("pt_unfavorable", "unfavorable"),
    o.text, actor(o.actor, o.actor_name), when(o.time_ms)]));
  $("x-opinions").replaceChildren(...(ops.length ? ops : [el("li", t("x_no_opinions"), "text-muted")]));
  // a window opened with no working-day minimum may close the day it opens:
  // it says nothing of a minimum ("tối thiểu 0 ngày") or of a first day
  const open = lastOf(history, "disclosure_open"), close = lastOf(history, "disclosure_close");
  const days = n.disclosure_min_days || 0; // JSON leaves a 0 out
  $("x-disclosure").textContent = [tk("di_" + (n.disclosure || "not_opened"), n.disclosure),
    open && t("x_opened", when(open.time_ms)) + (open.text ? ` (${open.text})` : ""),
    days && n.disclosure_close_from && `${t("x_min_days", days)}, ${t("x_close_from", day(n.disclosure_close_from))}`,
    close && t("x_closed_on", when(close.time_ms))].filter(Boolean).join(" · ");
  const cs = (n.complaints || []).map((c) => el("li", [t("x_complaint_no", c.number), when(c.time_ms), c.text,
    c.resolved ? `✔ ${tk("pt_settled", "settled")}: ${c.resolution}` : "⚠ " + tk("pt_unsettled", "unsettled")].join(" · ")));
  $("x-complaints").replaceChildren(...(cs.length ? cs : [el("li", t("x_no_complaints"), "text-muted")]));
  const out = [], rec = lastOf(history, "recommend"), dec = lastOf(history, nstatus(n) === "rejected" ? "reject" : "select");
  if (rec && ["vetted", "selected", "rejected"].includes(nstatus(n)))
    out.push(line("li", [...recommendedBy(rec.actor, rec.actor_name), when(rec.time_ms), rec.text]));
  if (dec && ["selected", "rejected"].includes(nstatus(n)))
    out.push(line("li", [`${t("x_decided")}: ${statusText(n)}`, actor(dec.actor, dec.actor_name), when(dec.time_ms),
      n.decision_reason && `${t("x_reason")}: ${n.decision_reason}`]));
  $("x-outcome").replaceChildren(...(out.length ? out : [el("li", t("x_no_outcome"), "text-muted")]));
  const files = history.filter((h) => h.verb === "attach" && h.version && h.attachment);
  $("x-files").replaceChildren(...files.slice().reverse().map((h) => docItem(n, h)));
  $("x-nofiles").classList.toggle("d-none", files.length > 0);
  $("x-history").replaceChildren(...history.slice().reverse()
    .map((h) => historyLine(h.verb === "check" ? { ...h, text: checkText(h.text) } : h)));
}

// Who recommended: "Cơ quan thường trực đề nghị tuyên dương" names the
// office already, so the account's words (its role, when it has no display
// name) would say it twice; a person's name is added, the account's id is
// in the tooltip either way.
function recommendedBy(id, name) {
  const said = el("span", t("x_recommended"));
  if (id) said.title = `${t("account")}: ${id}`;
  return name || who(id).name ? [said, actor(id, name)] : [said];
}

// Which forms and buttons the role may use on the nominee in its state.
function allowed(n) {
  const s = nstatus(n), own = S.role === "unit" && n.proposing_unit === S.unit, office = S.role === "office";
  const vetting = office && s === "vetting", d = n.disclosure || "not_opened";
  return {
    "f-nom": own && s === "draft" && editing,
    "fu-act": own && ["draft", "proposed", "vetting"].includes(s),
    "fu-attach": own && s === "draft", "fu-honours": own && s === "draft",
    "b-nom-edit": own && s === "draft" && !editing, "b-propose": own && s === "draft",
    "b-withdraw": own && ["draft", "proposed", "vetting"].includes(s),
    "fo-start": office && s === "proposed", "fo-return": office && ["proposed", "vetting"].includes(s),
    "fo-check": vetting, "fo-opinion": vetting, "fo-recommend": vetting,
    "fo-disclosure": vetting && d !== "closed", "b-disc-open": d === "not_opened", "b-disc-close": d === "open",
    "fo-complaint": vetting && d === "open",
    "fo-resolve": vetting && (n.complaints || []).some((c) => !c.resolved),
  };
}

// Withdrawing is for good (nothing leaves "withdrawn", and the unit cannot
// propose the same person again): the first press says so and sends
// nothing, a second press on the same nominee withdraws it. Another action,
// or another dossier, puts the question away.
function askWithdraw(id) {
  withdrawAsked = id;
  const box = $("u-confirm"); // a unit's alone
  if (!box) return;
  box.textContent = id ? t("x_withdraw_confirm", id) : "";
  box.classList.toggle("d-none", !id);
}

function withdraw() {
  const n = nominee(shown);
  if (!n) return;
  if (withdrawAsked !== n.id) return askWithdraw(n.id);
  askWithdraw("");
  act("fu-act", "nominee.withdraw", { reason: $("u-reason").value.trim() });
}

function reset() {
  editing = false;
  shownRevision = 0;
  askWithdraw("");
  note("");
  for (const id of FORMS) {
    const f = $(id);
    if (!f) continue;
    clearForm(f);
    for (const e of f.querySelectorAll("input, textarea")) if (e.type === "checkbox" || e.type === "radio") e.checked = false; else e.value = "";
  }
  showFile();
}

// The criteria a unit may claim: those for the kind chosen in the form.
const criterionItems = () => criteriaFor({ kind: $("m-kind").value }).map((c) => [c.code, `${c.code} — ${c.text}`]);

function fillForm(n) {
  // a gender a store kept from before the broker took only "Nam" or "Nữ"
  // shows as a choice of its own; an edit that keeps it goes through (the
  // broker judges only a gender sent anew), choosing Nam or Nữ replaces it
  const g = $("m-gender");
  for (const o of [...g.options].slice(3)) o.remove(); // another dossier's
  if (n && n.gender && ![...g.options].some((o) => o.value === n.gender)) g.append(new Option(n.gender, n.gender));
  for (const k of NOM_FIELDS) $("m-" + k).value = n && n[k] ? n[k] : "";
  $("m-influential").checked = !!(n && n.influential);
  $("m-new_factor").checked = !!(n && n.new_factor);
  checklist($("m-criteria_met"), criterionItems(), n ? n.criteria_met || [] : []);
  $("m-same-name").textContent = "";
}

export function renderDossier() {
  const id = dossierId();
  if (shown !== id) { shown = id; reset(); if (id === "new" && $("f-nom")) fillForm(null); }
  if ($("f-nom")) checklist($("m-criteria_met"), criterionItems());
  const n = id === "new" ? null : nominee(id);
  // a refusal was about the dossier as it stood: once it changes (a check
  // recorded, an opinion given), what it said may no longer hold
  if (n && revisionOf(n) !== shownRevision) {
    if (shownRevision) for (const f of FORMS) if ($(f) && f !== "f-nom") clearForm($(f), true);
    shownRevision = revisionOf(n);
  }
  // what the forms shown said was done: a form that goes with this change
  // (the step moved the dossier on) hands its line to the page's note
  const said = saidDone();
  const creating = id === "new" && !!$("f-nom");
  $("x-view").classList.toggle("d-none", !n);
  if (!n && !creating) { $("x-note").textContent = t("nom_missing", id); }
  for (const f of FORMS) { const e = $(f); if (e) e.classList.add("d-none"); }
  if (creating) {
    $("f-nom").classList.remove("d-none");
    $("m-heading").textContent = t("nom_create_h");
    return;
  }
  if (!n) return;
  drawView(n);
  showFile();
  if ($("m-heading")) $("m-heading").textContent = t("nom_edit_h", n.id);
  options($("c-criterion"), criteriaFor(n).map((c) => [c.code, `${c.code} — ${c.text}`]));
  options($("s-number"), (n.complaints || []).filter((c) => !c.resolved).map((c) => [String(c.number), t("x_complaint_no", c.number)]));
  for (const [eid, ok] of Object.entries(allowed(n))) { const e = $(eid); if (e) e.classList.toggle("d-none", !ok); }
  drawRoom(n);
  const gone = said.filter((msg) => !saidDone().includes(msg));
  if (gone.length) { note(gone.join(" ")); $("x-note").scrollIntoView({ block: "nearest" }); }
}

// The success lines of the forms shown.
function saidDone() {
  return FORMS.map((f) => $(f)).filter((f) => f && !f.classList.contains("d-none"))
    .map((f) => f.querySelector("[data-ok]")).filter(Boolean).map((p) => p.textContent);
}

// A draft's room among its unit's proposals in its field and kind, said
// before the press; with none left the button is off and the line says
// why, rather than a refusal after it.
function drawRoom(n) {
  const box = $("u-room");
  if (!box) return;
  const r = nstatus(n) === "draft" ? proposalRoom(n.proposing_unit, n.field, n.kind) : { cap: 0 };
  box.textContent = r.cap ? roomText(n, r) : "";
  box.classList.toggle("d-none", !r.cap);
  box.classList.toggle("text-danger", !!r.full);
  $("b-propose").disabled = !!r.full;
}

function note(msg) { $("x-note").textContent = msg; }

// A step done: said under the form pressed (on a phone the page's note is
// out of view), or, where the step has already taken that form away (the
// dossier moved on), in the page's note, brought into view; a form the
// change takes away later hands its line over in renderDossier.
function done(f, msg) {
  if (!f.classList.contains("d-none")) return void showDone(f, msg);
  note(msg);
  $("x-note").scrollIntoView({ block: "nearest" });
}
function showFile() { const f = $("a-file"); if (f) $("a-file-name").textContent = f.files[0] ? f.files[0].name : t("no_file"); }

// Why a dossier does not take a file, or "": over the size limit, or not
// of a kind a dossier holds. The kinds are the file input's accept list,
// by name: the extensions of thd_dossier_type_ok's types in common/rules.c
// (test_web.sh holds the two lists to each other), by which the gateway
// types a file the browser does not (thd_media_type_of).
function refused(file) {
  if (!file) return "";
  const ext = (/\.[^.]*$/.exec(file.name) || [""])[0].toLowerCase();
  if (!$("a-file").accept.split(",").includes(ext)) return t("x_file_kind").replace("{name}", file.name);
  return tooBig(file);
}

// A file chosen for the dossier: refused beside the field at once (forms.js).
function chosen() {
  chooseFile($("fu-attach"), $("a-file"), refused);
  showFile();
}

// A dossier file goes up as a form (POST /api/upload/nominee.attach); the
// broker checks its kind and size again and names what it refuses.
async function attachFile() {
  const f = $("fu-attach"), n = nominee(shown), file = $("a-file").files[0];
  if (!n) return;
  clearForm(f);
  note("");
  if (!file) return showRefusal(f, { field: "attachment", message: t("required") });
  if (refused(file)) return showRefusal(f, { field: "attachment", message: refused(file) });
  const form = new FormData();
  form.append("id", n.id);
  form.append("file", file, file.name);
  try {
    await upload("nominee.attach", form, revisionOf(n));
    $("a-file").value = "";
    showFile();
    done(f, t("x_attached", file.name));
  } catch (x) {
    if (isStale(x)) { await reread(n.id); renderDossier(); }
    showRefusal(f, x);
  }
}

// One action on the dossier shown: the form keeps what was typed when the
// broker refuses, and empties when it takes it.
async function act(form, kind, body) {
  const f = $(form), n = nominee(shown);
  if (!n) return;
  clearForm(f);
  note("");
  try {
    await callAt(kind, { id: n.id, ...body }, revisionOf(n));
    for (const e of f.querySelectorAll("input[type=text], input:not([type]), textarea")) e.value = "";
    for (const e of f.querySelectorAll("input[type=radio], input[type=checkbox]")) e.checked = false;
    done(f, tk("done_" + kind, t("x_done")));
  } catch (x) {
    if (isStale(x)) { await reread(n.id); renderDossier(); }
    showRefusal(f, x);
  }
}

// An earlier honour joins the list the dossier holds (a list given to
// nominee.edit replaces it); the flags go back as they are, since an edit
// sets them. A refusal names the new honour's year or form.
async function addHonour() {
  const f = $("fu-honours"), n = nominee(shown), v = (k) => $(k).value.trim();
  if (!n) return;
  clearForm(f);
  note("");
  // an empty year went as 0, and the broker's refusal spoke of "năm 0"
  if (!v("h-year")) return showRefusal(f, { field: "year", message: t("x_h_no_year") });
  const h = { year: Number(v("h-year")) || 0, form: v("h-form"), decision_number: v("h-decision") };
  const earlier = (n.earlier_honours || []).map((x) => ({ year: x.year, form: x.form, decision_number: x.decision_number }));
  try {
    await callAt("nominee.edit", { nominee: { id: n.id, earlier_honours: [...earlier, h],
      influential: !!n.influential, new_factor: !!n.new_factor } }, revisionOf(n));
    for (const k of ["h-year", "h-form", "h-decision"]) $(k).value = "";
    done(f, t("x_h_added", h.year));
  } catch (x) {
    if (isStale(x)) { await reread(n.id); renderDossier(); }
    showRefusal(f, x);
  }
}

async function saveNominee(ev) {
  ev.preventDefault();
  const f = $("f-nom");
  clearForm(f);
  // a new dossier's name, kind and field, each marked at once when empty
  // rather than one refusal a press
  if (shown === "new" && !filled(f, ["name", "kind", "field"])) return;
  const v = (k) => $("m-" + k).value.trim();
  const x = { kind: v("kind"), field: v("field"), name: v("name"), gender: v("gender"), position: v("position"),
    workplace: v("workplace"), achievements: v("achievements"), influential: $("m-influential").checked,
    new_factor: $("m-new_factor").checked, criteria_met: ticked($("m-criteria_met")) };
  if (v("birth_year")) x.birth_year = Number(v("birth_year"));
  // the achievement period: both years or neither (the broker names a half one)
  if (v("period_from") || v("period_to")) { x.period_from = Number(v("period_from")) || 0; x.period_to = Number(v("period_to")) || 0; }
  if (v("honour_form")) x.honour_form = v("honour_form");
  for (const k of Object.keys(x)) if (x[k] === "") delete x[k]; // unset: the broker names what is missing
  try {
    if (shown === "new") {
      const r = await call("nominee.create", { nominee: x });
      const rec = r.record || {};
      location.hash = "#/nominee/" + encodeURIComponent((rec.nominee && rec.nominee.id) || rec.id);
    } else {
      const n = nominee(shown);
      await callAt("nominee.edit", { nominee: { id: n.id, ...x } }, revisionOf(n));
      editing = false;
      note(t("saved"));
      renderDossier();
      $("x-note").scrollIntoView({ block: "nearest" }); // the form that was pressed is gone
    }
  } catch (e) {
    if (isStale(e)) { await reread(shown); renderDossier(); }
    showRefusal(f, e);
  }
}

// Others of the name typed (case and marks aside), named under the field
// as it is typed: a person proposed twice, by one unit or two, is seen
// before the second dossier is made. The dossier open is left out.
function sameName() {
  const box = $("m-same-name");
  const typed = fold($("m-name").value.trim());
  const others = typed ? of("nominee").filter((n) => n.id !== shown && fold(n.name) === typed) : [];
  box.textContent = others.length ? t("x_same_name", others.map((n) => `${n.id} (${unitName(n.proposing_unit)})`).join(", ")) : "";
}

export function bindDossier() {
  const on = (id, ev, fn) => { const e = $(id); if (e) e.addEventListener(ev, fn); };
  const v = (id) => $(id).value.trim();
  const submit = (id, fn) => on(id, "submit", (ev) => { ev.preventDefault(); fn(); });
  on("f-nom", "submit", saveNominee);
  on("m-name", "input", sameName);
  on("m-kind", "change", () => checklist($("m-criteria_met"), criterionItems())); // a claim for the other kind goes
  on("b-nom-edit", "click", () => { editing = true; fillForm(nominee(shown)); renderDossier(); $("m-name").focus(); });
  on("b-propose", "click", () => { askWithdraw(""); act("fu-act", "nominee.propose", { reason: v("u-reason") }); });
  on("b-withdraw", "click", withdraw);
  submit("fu-act", () => {});
  submit("fu-attach", attachFile);
  submit("fu-honours", addHonour);
  on("a-file", "change", chosen);
  submit("fo-start", () => act("fo-start", "nominee.start_vetting", {}));
  submit("fo-return", () => act("fo-return", "nominee.return", { reason: v("o-ret-reason") }));
  submit("fo-check", () => {
    const r = document.querySelector("input[name=c-result]:checked");
    act("fo-check", "nominee.check", { criterion: v("c-criterion"), note: v("c-note"), ...(r ? { result: r.value } : {}) });
  });
  // agreed or not is chosen, never taken from a box left unticked; the
  // agency's name is asked for at the same press
  submit("fo-opinion", () => {
    const f = $("fo-opinion"), r = document.querySelector("input[name=p-verdict]:checked");
    clearForm(f);
    let ok = filled(f, ["agency"]);
    if (!r) ok = refuse(f, "favorable", t("x_no_verdict"));
    if (ok) act("fo-opinion", "nominee.opinion", { agency: v("p-agency"), text: v("p-text"), favorable: r.value === "yes" });
  });
  on("b-disc-open", "click", () => act("fo-disclosure", "nominee.disclosure_open", { reason: v("d-reason") }));
  on("b-disc-close", "click", () => act("fo-disclosure", "nominee.disclosure_close", { reason: v("d-reason") }));
  submit("fo-disclosure", () => {});
  submit("fo-complaint", () => act("fo-complaint", "nominee.complaint", { text: v("k-text") }));
  submit("fo-resolve", () => act("fo-resolve", "nominee.resolve", { number: Number(v("s-number")) || 0, resolution: v("s-text") }));
  submit("fo-recommend", () => act("fo-recommend", "nominee.recommend", { reason: v("r-reason") }));
}
