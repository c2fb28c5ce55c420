// Bỏ phiếu: the council's ballots. The office opens one on vetted nominees
// and closes it; a council member votes yes / no / abstain per nominee and
// may change the vote until the close; everyone sees the turnout live and,
// once closed, each nominee's tally against its kind's threshold, in words.
// The gateway's view of a ballot holds no vote (the broker gives each
// reader only its own), so a member's own votes are read with ballot.get
// under the member's own key. Record text goes in with textContent only.
import { call } from "./api.js";
import { labels, t, tk, lang } from "./i18n.js";
import { S, $, el, of, byId } from "./state.js";
import { nominee, nstatus, revisionOf } from "./nominees.js";
import { clearForm, sentence, showRefusal } from "./forms.js";

Object.assign(labels.vi, {
  bl_page: "Bỏ phiếu Hội đồng", bl_help: "Hội đồng Thi đua - Khen thưởng biểu quyết từng gương điển hình đã thẩm định; mỗi thành viên chỉ thấy phiếu của mình và số người đã bỏ phiếu. Kết quả kiểm phiếu so với tỷ lệ cần đạt của từng đối tượng.",
  bl_open_h: "Mở đợt bỏ phiếu", bl_name: "Tên đợt bỏ phiếu (để trống: Phiên họp Hội đồng ngày hôm nay)",
  bl_choose: "Gương điển hình đưa ra bỏ phiếu (đã thẩm định, chưa ở đợt bỏ phiếu nào đang mở)",
  bl_no_vetted: "Chưa có gương điển hình nào đã thẩm định để đưa ra bỏ phiếu.",
  bl_council: "Hội đồng hiện có {n} thành viên; đợt bỏ phiếu tính tỷ lệ trên số thành viên lúc mở.", bl_open: "Mở bỏ phiếu",
  bl_none: "Chưa có đợt bỏ phiếu nào.", bl_close: "Kết thúc bỏ phiếu và kiểm phiếu",
  bl_turnout: "Đã bỏ phiếu: {n} thành viên Hội đồng", bl_your: "Phiếu của bạn", bl_not_voted: "chưa bỏ phiếu",
  bl_vote: "Gửi phiếu", bl_voted: "Đã ghi phiếu của bạn cho {n}. Bạn có thể đổi phiếu đến khi kết thúc bỏ phiếu.",
  bl_opened: "Đã mở đợt bỏ phiếu {n}.", bl_closed: "Đã kết thúc và kiểm phiếu đợt {n}.",
  bl_close_confirm: "Kết thúc đợt {n} thì không ai bỏ phiếu thêm được và phiếu được kiểm ngay; việc này không làm lại được. Bấm “Kết thúc bỏ phiếu và kiểm phiếu” lần nữa để kết thúc.",
  bl_not_member: "Bạn không thuộc Hội đồng của đợt bỏ phiếu này.",
  bl_nominee: "Gương điển hình", bl_yes_of: "Đồng ý / tổng số thành viên", bl_needed: "Cần đạt",
  bl_needs: "cần đạt {n}\u00a0%", bl_result: "Kết quả", bl_met: "Đạt tỷ lệ", bl_not_met: "Không đạt tỷ lệ", bl_no_threshold: "chưa đặt tỷ lệ",
  bl_counts: "đồng ý {yes}, không đồng ý {no}, không có ý kiến {abstain}",
});
Object.assign(labels.en, {
  bl_page: "Council ballot", bl_help: "The Emulation and Commendation Council votes on each vetted nominee; each member sees only their own votes and how many have voted. The tally is set against the threshold of the nominee's kind.",
  bl_open_h: "Open a ballot", bl_name: "Name of the ballot (left empty: the council's meeting of today)",
  bl_choose: "Nominees on the ballot (vetted, in no open ballot)",
  bl_no_vetted: "No vetted nominee to put to the vote yet.",
  bl_council: "The council has {n} members now; a ballot counts its shares on the members when it opens.", bl_open: "Open the ballot",
  bl_none: "No ballot yet.", bl_close: "Close the ballot and count",
  bl_turnout: "Voted: {n} council members", bl_your: "Your vote", bl_not_voted: "not voted",
  bl_vote: "Cast my votes", bl_voted: "Your votes on {n} are recorded. You may change them until the ballot closes.",
  bl_opened: "Ballot {n} is open.", bl_closed: "Ballot {n} is closed and counted.",
  bl_close_confirm: "Closing ballot {n} ends the voting and counts the votes at once, for good. Press “Close the ballot and count” again to close it.",
  bl_not_member: "You are not on the council this ballot was opened for.",
  bl_nominee: "Nominee", bl_yes_of: "Yes / all members", bl_needed: "Needed",
  bl_needs: "needs {n}\u00a0%", bl_result: "Result", bl_met: "Threshold met", bl_not_met: "Threshold not met", bl_no_threshold: "no threshold set",
  bl_counts: "yes {yes}, no {no}, abstain {abstain}",
});

const CHOICES = ["yes", "no", "abstain"];
const own = new Map();     // ballot id -> { rev, choices: Map nominee -> choice } read under the member's key
const reading = new Set(); // ballot ids being read
const pending = new Map(); // "ballot/nominee" -> a choice ticked and not yet sent
let drawn = "";
let closeAsked = ""; // the ballot whose close was pressed once: the next press closes it
let told = ""; // the turnouts last said to a screen reader (the cards are redrawn, so the live region is apart)

const num = (id) => Number(String(id).replace(/\D/g, "")) || 0;
export const ballots = () => of("ballot").sort((a, b) => num(b.id) - num(a.id));
// "33.3": the share as the broker's messages write it
// A share of the members to one decimal, as the page's language writes it
// (and the CLI prints it): "33,3" in Vietnamese, "33.3" in English.
export const percent = (yes, members) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1, useGrouping: false })
  .format(members ? (yes * 100) / members : 0);
const isMember = (b) => (b.members || []).includes(S.me.principal);
const nomName = (id) => { const n = nominee(id); return n ? `${id} · ${n.name}` : id; };

// A tally in words: "2/3 (66,7 %) · cần đạt 60 % · ✔ Đạt tỷ lệ"; never colour
// alone. A no-break space before "%": a narrow column never puts it alone on a line.
export function tallyWords(yes, members, threshold, met) {
  return [`${yes}/${members} (${percent(yes, members)}\u00a0%)`,
    threshold ? t("bl_needs", threshold) : t("bl_no_threshold"),
    met ? "✔ " + t("bl_met") : "✘ " + t("bl_not_met")].join(" · ");
}

// The member's own votes, read again whenever the gateway's copy of the
// ballot is newer than the one they were read from.
async function readOwn(b) {
  if (reading.has(b.id)) return;
  reading.add(b.id);
  try {
    const r = await call("ballot.get", { id: b.id });
    const rb = (r.record && r.record.ballot) || {};
    const mine = (rb.votes || []).find((v) => v.member === S.me.principal);
    own.set(b.id, { rev: revisionOf(rb), choices: new Map(((mine && mine.choices) || []).map((c) => [c.nominee, c.choice])) });
  } catch (x) {
    own.set(b.id, { rev: revisionOf(b), choices: new Map() });
  } finally {
    reading.delete(b.id);
  }
  drawn = "";
  if (S.page === "ballot") renderBallot();
}

function openable() {
  return of("nominee").filter((n) => nstatus(n) === "vetted" && !ballots().some((b) => b.status === "open" && (b.nominees || []).includes(n.id)))
    .sort(byId);
}

function drawOpenForm() {
  const f = $("f-bopen");
  if (!f) return;
  const ns = openable(), list = $("bo-list");
  // redrawn only when what it lists changed, so a tick and the focus stay
  const sig = JSON.stringify([lang, ns.map((n) => [n.id, n.name, n.kind, n.field])]);
  if (list.dataset.sig === sig) return drawCouncil();
  list.dataset.sig = sig;
  const keep = new Set([...list.querySelectorAll("input:checked")].map((e) => e.value));
  list.replaceChildren(...ns.map((n) => {
    const box = el("div", undefined, "form-check");
    const i = el("input", undefined, "form-check-input");
    i.type = "checkbox"; i.id = "bo-n-" + n.id; i.value = n.id; i.checked = keep.has(n.id);
    const l = el("label", `${n.id} · ${n.name} (${tk("nk_" + n.kind, n.kind)}, ${tk("f_" + n.field, n.field)})`, "form-check-label small");
    l.htmlFor = i.id;
    box.append(i, l);
    return box;
  }));
  $("bo-none").classList.toggle("d-none", ns.length > 0);
  drawCouncil();
}

// the council a ballot opened now would have: the enabled council principals
function drawCouncil() {
  const council = of("principal").filter((p) => p.role === "council" && !p.disabled).length;
  $("bo-council").textContent = t("bl_council", council);
}

function radio(b, id, choice, mine) {
  const name = `bv-${b.id}-${id}`, key = `${b.id}/${id}`;
  const box = el("div", undefined, "form-check form-check-inline");
  const i = el("input", undefined, "form-check-input");
  i.type = "radio"; i.name = name; i.id = `${name}-${choice}`; i.value = choice;
  i.checked = (pending.has(key) ? pending.get(key) : mine) === choice;
  i.addEventListener("change", () => pending.set(key, choice));
  const l = el("label", tk("vc_" + choice, choice), "form-check-label small");
  l.htmlFor = i.id;
  box.append(i, l);
  return box;
}

function voteForm(b) {
  const form = el("form", undefined, "mt-2");
  form.id = "bv-" + b.id;
  form.noValidate = true;
  const err = el("div", undefined, "alert alert-danger d-none small");
  err.dataset.err = "";
  err.setAttribute("role", "alert");
  form.append(err);
  const mine = own.get(b.id);
  for (const id of b.nominees || []) {
    const fs = el("fieldset", undefined, "border rounded p-2 mb-2");
    fs.dataset.f = "choices";
    fs.dataset.nominee = id;
    const cur = mine ? mine.choices.get(id) : undefined;
    fs.append(el("legend", nomName(id), "form-label small fw-semibold mb-1 float-none w-auto"),
      ...CHOICES.map((c) => radio(b, id, c, cur)),
      el("div", `${t("bl_your")}: ${cur ? tk("vc_" + cur, cur) : t("bl_not_voted")}`, "small text-muted"));
    fs.lastChild.id = `bo-mine-${b.id}-${id}`;
    form.append(fs);
  }
  const send = el("button", t("bl_vote"), "btn btn-primary btn-sm");
  send.type = "submit";
  send.id = "bv-send-" + b.id;
  form.append(send);
  form.addEventListener("submit", (ev) => { ev.preventDefault(); vote(form, b); });
  return form;
}

function tallyTable(b) {
  const table = el("table", undefined, "table table-sm align-middle mb-0");
  const head = el("tr");
  for (const k of ["bl_nominee", "bl_yes_of", "bl_needed", "bl_result"]) head.append(el("th", t(k)));
  table.append(el("caption", `${b.id} · ${t("bl_result")}`, "visually-hidden"), el("thead"), el("tbody"));
  table.tHead.append(head);
  for (const x of b.tallies || []) {
    const tr = el("tr");
    tr.dataset.nominee = x.nominee;
    const yes = x.yes || 0, members = x.members || 0;
    const counts = t("bl_counts").replace("{yes}", yes).replace("{no}", x.no || 0).replace("{abstain}", x.abstain || 0);
    const first = el("td", nomName(x.nominee));
    first.append(el("div", counts, "small text-muted"));
    tr.append(first, el("td", `${yes}/${members} (${percent(yes, members)}\u00a0%)`, "text-nowrap"),
      el("td", x.threshold ? `${x.threshold} %` : t("bl_no_threshold"), "text-nowrap"),
      el("td", x.met ? "✔ " + t("bl_met") : "✘ " + t("bl_not_met"), x.met ? "fw-semibold" : "fw-semibold text-danger-emphasis"));
    table.tBodies[0].append(tr);
  }
  const wrap = el("div", undefined, "table-responsive");
  wrap.append(table);
  return wrap;
}

function card(b) {
  const box = el("section", undefined, "card card-body mb-3");
  box.dataset.ballot = b.id;
  box.append(el("h2", `${b.id}${b.name ? " · " + b.name : ""}`, "h5"));
  const line = el("p", undefined, "small mb-1");
  const status = el("span", (b.status === "closed" ? "✔ " : "● ") + tk("bs_" + b.status, b.status), "badge text-bg-light border border-secondary me-2");
  const turnout = el("span", t("bl_turnout", `${b.turnout || 0}/${(b.members || []).length}`));
  turnout.id = "bt-" + b.id;
  line.append(status, turnout);
  box.append(line);
  if (b.status === "open") {
    if (S.role === "council" && isMember(b)) box.append(voteForm(b));
    else {
      if (S.role === "council") box.append(el("p", t("bl_not_member"), "small text-muted"));
      box.append(el("ul", undefined, "small mb-2"));
      box.lastChild.append(...(b.nominees || []).map((id) => el("li", nomName(id))));
    }
    if (S.role === "office") {
      const f = el("form", undefined, "");
      f.noValidate = true;
      const err = el("div", undefined, "alert alert-danger d-none small");
      err.dataset.err = "";
      err.setAttribute("role", "alert");
      const c = el("button", t("bl_close"), "btn btn-outline-primary btn-sm");
      c.type = "submit";
      c.id = "bc-" + b.id;
      // closing counts the votes for good: the first press says so
      const ask = el("div", closeAsked === b.id ? t("bl_close_confirm", b.id) : "", "alert alert-warning small py-1 px-2 mb-2");
      ask.id = "bq-" + b.id;
      ask.setAttribute("role", "alert");
      ask.classList.toggle("d-none", closeAsked !== b.id);
      f.append(err, ask, c);
      f.addEventListener("submit", (ev) => { ev.preventDefault(); closeBallot(f, b); });
      box.append(f);
    }
  } else box.append(tallyTable(b));
  return box;
}

export function renderBallot() {
  if (!$("ballot")) return;
  const bs = ballots();
  if (S.role === "council")
    for (const b of bs) if (b.status === "open" && isMember(b) && (!own.has(b.id) || Number(own.get(b.id).rev) < Number(revisionOf(b)))) readOwn(b);
  drawOpenForm();
  const turnouts = bs.filter((b) => b.status === "open").map((b) => `${b.id}: ${t("bl_turnout", `${b.turnout || 0}/${(b.members || []).length}`)}`).join("; ");
  if (turnouts !== told) { told = turnouts; $("b-live").textContent = turnouts; }
  const sig = JSON.stringify([lang, bs.map(revisionOf), [...own].map(([k, v]) => [k, v.rev, [...v.choices]]),
    bs.flatMap((b) => (b.nominees || []).map((id) => nomName(id)))]);
  if (sig === drawn) return;
  drawn = sig;
  // a redraw keeps where the focus was
  const focus = document.activeElement && document.activeElement.id;
  $("b-list").replaceChildren(...bs.map(card));
  if (focus && $(focus) && $("b-list").contains($(focus))) $(focus).focus();
  $("b-empty").classList.toggle("d-none", bs.length > 0);
}

const note = (msg) => { $("b-note").textContent = msg; };

async function vote(form, b) {
  clearForm(form);
  note("");
  const choices = (b.nominees || []).map((id) => {
    const r = form.querySelector(`input[name="bv-${b.id}-${id}"]:checked`);
    return r ? { nominee: id, choice: r.value } : null;
  }).filter(Boolean);
  try {
    const r = await call("ballot.vote", { id: b.id, choices });
    for (const c of choices) pending.delete(`${b.id}/${c.nominee}`);
    const rb = (r.record && r.record.ballot) || {};
    const mine = (rb.votes || []).find((v) => v.member === S.me.principal);
    own.set(b.id, { rev: revisionOf(rb), choices: new Map(((mine && mine.choices) || []).map((c) => [c.nominee, c.choice])) });
    drawn = "";
    renderBallot();
    note(t("bl_voted", b.id));
  } catch (x) {
    // "choices[1].choice": the refusal goes beside that nominee's choices
    const m = /^choices\[(\d+)\]/.exec(x.field || "");
    const fs = m && choices[Number(m[1])] ? form.querySelector(`fieldset[data-nominee="${choices[Number(m[1])].nominee}"]`) : null;
    if (fs) {
      fs.classList.add("is-invalid");
      const fb = el("div", sentence(x.message), "invalid-feedback d-block");
      fs.append(fb);
      fs.querySelector("input").focus();
    } else showRefusal(form, { field: "", message: x.message });
  }
}

async function closeBallot(form, b) {
  clearForm(form);
  note("");
  if (closeAsked !== b.id) { closeAsked = b.id; drawn = ""; renderBallot(); return; }
  closeAsked = "";
  try {
    await call("ballot.close", { id: b.id });
    note(t("bl_closed", b.id));
  } catch (x) { showRefusal(form, { field: "", message: x.message }); }
}

async function openBallot() {
  const f = $("f-bopen");
  clearForm(f);
  note("");
  const nominees = [...$("bo-list").querySelectorAll("input:checked")].map((e) => e.value);
  try {
    // with no name, the broker names it by its day
    const r = await call("ballot.open", { name: $("bo-name").value.trim(), nominees });
    $("bo-name").value = "";
    for (const e of $("bo-list").querySelectorAll("input")) e.checked = false;
    const id = (r.record && r.record.id) || "";
    note(t("bl_opened", id));
  } catch (x) {
    // beside the nominees' boxes when there are some to tick, else above the form
    const field = (x.field || "").replace(/\[.*$/, "");
    showRefusal(f, { message: x.message, field: field === "nominees" && !$("bo-list").querySelector("input") ? "" : field });
  }
}

export function bindBallot() {
  if (!$("f-bopen")) return;
  $("f-bopen").addEventListener("submit", (ev) => { ev.preventDefault(); openBallot(); });
}
