// The admin's page: people (accounts made on the gateway, a one-time
// password shown once), units, criteria and quotas through the generic
// call, each of the last three added or corrected in its form (a row's
// "Sửa" fills it); the council's thresholds and the working-day calendar
// (settings.js).
// The broker decides every change; a refusal shows next to its field.
import { api, call } from "./api.js";
import { renderSettings, bindSettings } from "./settings.js";
import { labels, t, tk } from "./i18n.js";
import { $, el, of, S, options, unitChoices } from "./state.js";
import { fill } from "./rows.js";
import { FIELDS, KINDS, byFieldKind } from "./nominees.js";
import { attempt, clearForm, count, filled, showRefusal } from "./forms.js";

Object.assign(labels.vi, {
  admin: "Quản trị", people: "Người dùng", units: "Đơn vị", criteria: "Tiêu chuẩn", quotas: "Số lượng tuyên dương",
  a_name: "Tên đăng nhập", a_display: "Họ tên", role: "Vai trò", a_create: "Tạo tài khoản",
  otp_note: "Mật khẩu dùng một lần của {n} (chỉ hiện một lần; hãy trao tận tay người dùng, họ phải đổi khi đăng nhập lần đầu):",
  disable: "Khóa", enable: "Mở khóa", disabled: "Đã khóa", active: "Đang hoạt động",
  a_gateway: "Tài khoản cổng web", a_gateway_why: "Không khóa ở đây: khóa tài khoản này thì trang web ngừng chạy với mọi người.",
  a_signin_locked: "bị khóa đăng nhập do nhập sai mật khẩu", a_unlock_signin: "Mở khóa đăng nhập",
  a_reset: "Cấp lại mật khẩu", a_reset_no: "Thôi", a_reset_go: "Cấp mật khẩu mới",
  a_reset_sure: "Cấp mật khẩu mới cho {n}? Mật khẩu cũ, và tệp khóa nếu người này dùng dòng lệnh, sẽ không dùng được nữa.",
  a_must_change: "chưa đổi mật khẩu được cấp",
  otp_reset_note: "Mật khẩu mới, dùng một lần, của {n} (chỉ hiện một lần; hãy trao tận tay người dùng, họ phải đổi khi đăng nhập):",
  u_code: "Mã đơn vị", u_name: "Tên đơn vị", u_add: "Thêm đơn vị", u_edit: "Sửa đơn vị {n}",
  c_code: "Mã tiêu chuẩn", c_text: "Nội dung tiêu chuẩn", c_applies: "Áp dụng cho", c_both: "Cả hai", c_mandatory: "Bắt buộc", c_add: "Thêm tiêu chuẩn", c_edit: "Sửa tiêu chuẩn {n}",
  q_max: "Tối đa được tuyên dương (0: không giới hạn)", q_per: "Tối đa mỗi đơn vị đề xuất (0: không giới hạn)", q_set: "Đặt số lượng",
  q_per_col: "Tối đa mỗi đơn vị đề xuất",
  none: "—", yes: "Có",
});
Object.assign(labels.en, {
  admin: "Administration", people: "People", units: "Units", criteria: "Criteria", quotas: "Quotas",
  a_name: "Account name", a_display: "Full name", role: "Role", a_create: "Create account",
  otp_note: "One-time password of {n} (shown once; hand it over in person, they must change it when they first sign in):",
  disable: "Disable", enable: "Enable", disabled: "Disabled", active: "Active",
  a_gateway: "The web gateway's", a_gateway_why: "Not disabled here: disabled, it would stop the web pages for everyone.",
  a_signin_locked: "sign-in locked after wrong passwords", a_unlock_signin: "Unlock sign-in",
  a_reset: "Reset password", a_reset_no: "Cancel", a_reset_go: "Give a new password",
  a_reset_sure: "Give {n} a new password? The old one, and their key file if they use the command line, will stop working.",
  a_must_change: "given password not changed yet",
  otp_reset_note: "New one-time password of {n} (shown once; hand it over in person, they must change it when they sign in):",
  u_code: "Unit code", u_name: "Unit name", u_add: "Add unit", u_edit: "Edit unit {n}",
  c_code: "Criterion code", c_text: "Criterion", c_applies: "Applies to", c_both: "Both", c_mandatory: "Mandatory", c_add: "Add criterion", c_edit: "Edit criterion {n}",
  q_max: "Most selected (0: no limit)", q_per: "Most proposals per unit (0: no limit)", q_set: "Set quota",
  q_per_col: "Most proposals per unit",
  none: "—", yes: "Yes",
});

const ROLES = ["unit", "office", "chair", "council", "observer", "admin"];
const UNIT_KINDS = ["department", "district", "force", "organization", "committee", "office", "subcommittee"];
let editingUnit = "", editingCriterion = "";

// A form of this page (f-a, f-u…, by its prefix) sent: a refusal beside
// its field or above it, as in every form (forms.js).
export const submit = (p, fn) => attempt($("f-" + p), null, fn);
const v = (id) => $(id).value.trim();

function wrap(node) { const td = el("td"); td.append(node); return td; }
export function cells(tr, ...xs) { for (const x of xs) tr.append(x instanceof Node ? wrap(x) : el("td", x)); return tr; }

function button(text, cls, fn) {
  const b = el("button", text, "btn btn-sm " + cls);
  b.type = "button";
  b.addEventListener("click", fn);
  return b;
}

// A refusal to lock or unlock shows above the people's table, in the form
// it sits in, not beside the new account's boxes (the field it names).
async function setState(p) {
  clearForm($("f-a"));
  try { await api("POST", "/api/admin/account-state", { name: p.name, disabled: !p.disabled }); }
  catch (x) { showRefusal($("f-a"), { message: x.message }); }
}

// The web accounts' sign-in state is the gateway's, not the broker's: no
// live change brings it. Read when the page opens and after an unlock;
// the gateway answers an admin only.
let accounts = [];
export async function loadAccounts() {
  try { accounts = (await api("GET", "/api/admin/accounts")).accounts || []; } catch { accounts = []; }
  renderPeople();
}

// The accounts of p that wrong passwords locked.
const lockedOut = (p) => accounts.filter((a) => a.principal === p.name && a.locked).map((a) => a.name);

async function unlockSignIn(names) {
  clearForm($("f-a"));
  try { for (const name of names) await api("POST", "/api/admin/account-unlock", { name }); }
  catch (x) { showRefusal($("f-a"), { message: x.message }); }
  await loadAccounts();
}

// A one-time password shown once, above the people, where a new account's
// shows: one account's alone, several as "name: password" lines. Its note
// is kept as a key and a name, and said again in the language switched to.
let otpNote = null;
function sayOtpNote() { if (otpNote) $("a-otp-note").textContent = t(otpNote.key, otpNote.name); }
function showPasswords(key, name, list) {
  otpNote = { key, name };
  sayOtpNote();
  $("a-otp").textContent = list.length === 1 ? list[0].password : list.map((a) => a.name + ": " + a.password).join("\n");
  $("a-otp-box").classList.remove("d-none");
  $("a-otp-box").scrollIntoView({ block: "nearest" });
}

// A forgotten password: the gateway gives the person a new key and each of
// their web accounts a one-time password. The old password stops working,
// so the button asks once more, in the row, before it goes.
let resetting = "";
async function reset(p) {
  resetting = "";
  clearForm($("f-a"));
  try {
    const r = await api("POST", "/api/admin/account-reset", { name: p.name });
    showPasswords("otp_reset_note", p.display_name ? `${p.display_name} (${p.name})` : p.name, r.accounts);
  } catch (x) { showRefusal($("f-a"), { message: x.message }); }
  await loadAccounts();
}

// The question takes the focus to "Thôi" (a second Enter must not reset),
// and "Thôi" gives it back to the button that asked; the question is read
// out as it appears.
function resetButtons(p) {
  // the focus after the redraw, which waits for a press to end (rows.js)
  const ask = (name, focus) => {
    resetting = name; renderPeople();
    setTimeout(() => $("principals").querySelector(focus)?.focus(), 0);
  };
  if (resetting !== p.name)
    return [button(t("a_reset"), "btn-outline-secondary a-reset", () => ask(p.name, ".a-reset-no"))];
  const sure = el("span", t("a_reset_sure", p.display_name || p.name), "small a-ask");
  sure.setAttribute("role", "alert");
  return [sure, button(t("a_reset_no"), "btn-outline-secondary a-reset-no", () => ask("", `tr[data-key="${p.name}"] .a-reset`)),
    button(t("a_reset_go"), "btn-danger", () => reset(p))];
}

// No one disables themself (the broker refuses it too), nor the gateway's
// own principal: locked, it would stop the pages for everyone (the gateway
// refuses it too); its row says whose it is instead. A person whom wrong
// passwords locked out says so, with the button that lets them in again.
function renderPeople() {
  const ps = of("principal").sort((a, b) => a.name.localeCompare(b.name));
  const gateway = () => { const e = el("span", t("a_gateway"), "small text-muted"); e.title = t("a_gateway_why"); return e; };
  const lock = (p) => (p.public_key && p.public_key === S.me.gateway_key ? gateway()
    : p.name === S.me.principal ? ""
      : button(p.disabled ? t("enable") : t("disable"), p.disabled ? "btn-outline-success" : "btn-outline-danger",
        () => setState(p)));
  // a password to reset: a web account that is not the caller's own nor the gateway's
  const resettable = (p) => p.name !== S.me.principal && p.public_key !== S.me.gateway_key &&
    accounts.some((a) => a.principal === p.name);
  const actions = (p) => {
    const box = el("div", "", "d-flex flex-wrap gap-1"), out = lockedOut(p), l = lock(p);
    if (l) box.append(l);
    if (out.length) box.append(button(t("a_unlock_signin"), "btn-outline-warning", () => unlockSignIn(out)));
    if (resettable(p)) box.append(...resetButtons(p));
    return box;
  };
  const waiting = (p) => accounts.some((a) => a.principal === p.name && a.must_change);
  const state = (p) => [p.disabled ? t("disabled") : t("active"), lockedOut(p).length && t("a_signin_locked"),
    waiting(p) && t("a_must_change")].filter(Boolean).join(" · ");
  fill($("principals"), ps, (p) => p.name, (p) => named(cells(el("tr"), p.name, p.display_name || "",
    tk("role_" + p.role, p.role), p.unit || t("none"), state(p), actions(p)), PEOPLE));
}

// A phone shows each person as a block, each cell named by its column
// (app.css, table-stack): as a table the state and the lock lay past the
// screen's edge. The last cell, the button, says what it is itself.
const PEOPLE = ["a_name", "a_display", "role", "unit", "status"];
function named(tr, keys) {
  keys.forEach((key, i) => { tr.cells[i].dataset.label = t(key); });
  return tr;
}

function renderUnits() {
  const us = of("unit").sort((a, b) => a.code.localeCompare(b.code));
  fill($("units-list"), us, (u) => u.code, (u) => cells(el("tr"), u.code, u.name, tk("uk_" + u.kind, u.kind),
    button(t("edit"), "btn-outline-primary", () => editUnit(u))));
  options($("a-unit"), unitChoices(), t("none"));
}

function editUnit(u) {
  editingUnit = u ? u.code : "";
  clearForm($("f-u"));
  $("u-code").value = u ? u.code : ""; $("u-code").disabled = !!u;
  $("u-name").value = u ? u.name : ""; $("u-kind").value = u ? u.kind : "department";
  $("u-save").textContent = u ? t("u_edit", u.code) : t("u_add");
  $("u-name").focus();
}

function renderCriteria() {
  const cs = of("criterion").sort((a, b) => a.code.localeCompare(b.code, "vi", { numeric: true }));
  fill($("criteria-list"), cs, (c) => c.code, (c) => cells(el("tr"), c.code, c.text,
    c.applies_to ? tk("nk_" + c.applies_to, c.applies_to) : t("c_both"), c.mandatory ? t("yes") : "",
    button(t("edit"), "btn-outline-primary", () => editCriterion(c))));
}

// The criterion form for c as it stands (criterion.edit: the code is kept,
// the rest sent whole), or with no c for a new one (criterion.add).
function editCriterion(c) {
  editingCriterion = c ? c.code : "";
  clearForm($("f-c"));
  $("c-code").value = c ? c.code : ""; $("c-code").disabled = !!c;
  $("c-text").value = c ? c.text : ""; $("c-applies_to").value = c ? c.applies_to || "" : "";
  $("c-mandatory").checked = !!(c && c.mandatory);
  $("c-save").textContent = c ? t("c_edit", c.code) : t("c_add");
  if (c) $("c-text").focus();
}

// In the pages' order of fields and kinds; the numbers line up on the right.
function renderQuotas() {
  fill($("quotas-list"), of("quota").sort(byFieldKind), (q) => q.field + "/" + q.kind, (q) => {
    const tr = cells(el("tr"), tk("f_" + q.field, q.field), tk("nk_" + q.kind, q.kind));
    for (const v of [q.max_selected || t("no_limit"), q.max_per_unit || t("no_limit"), q.selected || 0])
      tr.append(el("td", String(v), "text-end"));
    return tr;
  });
}

// The quota form shows the chosen quota's limits as they stand, so setting
// one of them keeps the other (an empty field read as 0 lifted the cap on
// each unit's proposals unseen).
let quotaTyped = false; // the person is in it or typed in it: live updates leave it be
function fillQuota() {
  quotaTyped = false;
  const q = of("quota").find((x) => x.field === v("qt-field") && x.kind === v("qt-kind")) || {};
  $("qt-max_selected").value = q.max_selected || "";
  $("qt-max_per_unit").value = q.max_per_unit || "";
}

export function renderAdmin() {
  if (!$("admin")) return; // not an admin: the page is gone
  sayOtpNote();
  renderPeople(); renderUnits(); renderCriteria(); renderQuotas(); renderSettings();
  if (!quotaTyped) fillQuota();
  if (!editingUnit) $("u-save").textContent = t("u_add");
  $("c-save").textContent = editingCriterion ? t("c_edit", editingCriterion) : t("c_add");
}

function labelSelects() {
  options($("a-role"), ROLES.map((r) => [r, tk("role_" + r, r)]));
  options($("u-kind"), UNIT_KINDS.map((k) => [k, tk("uk_" + k, k)]));
  options($("c-applies_to"), KINDS.map((k) => [k, tk("nk_" + k, k)]), t("c_both"));
  options($("qt-field"), FIELDS.map((f) => [f, tk("f_" + f, f)]));
  options($("qt-kind"), KINDS.map((k) => [k, tk("nk_" + k, k)]));
}

export function bindAdmin() {
  if (!$("admin")) return;
  loadAccounts();
  labelSelects();
  fillQuota();
  $("lang").addEventListener("click", labelSelects);
  for (const id of ["qt-field", "qt-kind"]) $(id).addEventListener("change", fillQuota);
  for (const id of ["qt-max_selected", "qt-max_per_unit"])
    for (const ev of ["focus", "input"]) $(id).addEventListener(ev, () => { quotaTyped = true; });
  bindSettings();
  $("f-a").addEventListener("submit", (ev) => { ev.preventDefault(); submit("a", async () => {
    const name = v("a-name");
    const r = await api("POST", "/api/admin/account", { name, display_name: v("a-display_name"), role: v("a-role"), unit: v("a-unit") });
    showPasswords("otp_note", r.name, [r]);
    $("a-name").value = ""; $("a-display_name").value = "";
    await loadAccounts();
  }); });
  $("f-u").addEventListener("submit", (ev) => { ev.preventDefault(); submit("u", async () => {
    const unit = { code: v("u-code"), name: v("u-name"), kind: v("u-kind") };
    await call(editingUnit ? "unit.edit" : "unit.add", { unit });
    editUnit(null);
  }); });
  // an edit sends the kind and "mandatory" whole (set_...: their zero
  // values, both kinds and not mandatory, are choices too); an empty text
  // would keep the old one unseen, so it is asked for
  $("f-c").addEventListener("submit", (ev) => { ev.preventDefault(); submit("c", async () => {
    const criterion = { code: v("c-code"), text: v("c-text"), applies_to: v("c-applies_to") || undefined, mandatory: $("c-mandatory").checked };
    if (!editingCriterion) {
      // both said at one press, not a code refused as "Mã tiêu chuẩn ''"
      if (!filled($("f-c"), ["code", "text"])) return;
      await call("criterion.add", { criterion });
      $("c-code").value = ""; $("c-text").value = "";
      return;
    }
    if (!filled($("f-c"), ["text"])) return;
    await call("criterion.edit", { criterion, set_applies_to: true, set_mandatory: true });
    editCriterion(null);
  }); });
  $("f-qt").addEventListener("submit", (ev) => { ev.preventDefault(); submit("qt", async () => {
    const f = $("f-qt"), max = count(f, "max_per_unit"), selected = count(f, "max_selected"); // both said at one press
    if (selected === null || max === null) return;
    await call("quota.set", { quota: { field: v("qt-field"), kind: v("qt-kind"), max_selected: selected, max_per_unit: max } });
    quotaTyped = false;
  }); });
  editUnit(null);
  editCriterion(null);
}
