// The shell: sign-in, first-password change, then the pages (overview,
// task list, the selected task, nominees, the council's ballot, decision, statistics, files) drawn from the gateway's snapshot and kept
// current by its event stream. Record text goes in with textContent only.
import { api, setCsrf, onSignedOut } from "./api.js";
import { guardActions } from "./busy.js";
import { attempt, clearForm, filled, refuse } from "./forms.js";
import { t, tk, lang, switchLang } from "./i18n.js";
import { S, $, el, route, who } from "./state.js";
import { renderOverview } from "./overview.js";
import { renderTodo } from "./todo.js";
import { renderList, bindList, openTaskForm } from "./tasklist.js";
import { renderDetail, bindDetail } from "./detail.js";
import { renderNominees, bindNominees } from "./nominees.js";
import { renderDossier, bindDossier } from "./dossier.js";
import { renderDecision } from "./decision.js";
import { renderBallot, bindBallot } from "./ballot.js";
import { renderAdmin, bindAdmin } from "./admin.js";
import { renderFiles, bindFiles } from "./files.js";
import { renderStats, bindStats } from "./stats.js";
import { renderFeed, bindFeed } from "./feed.js";

const PAGES = { overview: "nav-overview", tasklist: "nav-tasks", // page -> its link
  nomlist: "nav-nominees", dossier: "nav-nominees", ballot: "nav-ballot", decision: "nav-decision", stats: "nav-stats", files: "nav-files",
  admin: "nav-admin" };
const HASHES = { "#/tasks": "tasklist", "#/nominees": "nomlist", "#/ballot": "ballot", "#/decision": "decision",
  "#/stats": "stats", "#/files": "files", "#/admin": "admin" }; // hash -> page
let source = null;
let lost = null; // the account whose session ended, while the sign-in form stands in for the page

function show(id) { for (const s of ["signin", "change", "app"]) $(s).classList.toggle("d-none", s !== id); }
function error(msg) { $("error").textContent = msg || ""; $("error").classList.toggle("d-none", !msg); }

function labelAll() {
  document.documentElement.lang = lang;
  for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
  for (const e of document.querySelectorAll("[data-tp]")) e.placeholder = t(e.dataset.tp);
  $("lang").textContent = t("other");
}

// Who is signed in, beside the brand: a name line over a role line, so on
// a phone the role wraps under the name rather than being cut off. The
// name is the one their record gives (who, as the feed and the histories
// name people), and is left out for an account without one; the role
// line is the role in words, with a unit's name for a unit's account,
// named or not ("Đơn vị" alone says not which unit), wrapping on a phone.
// Ids are no one's name: they stay in the tooltip, for the admin who asks
// which account it is.
function showMe() {
  if (!S.me) return; // the sign-in page's language button redraws too
  const me = who(S.me.principal);
  $("me-name").textContent = me.name;
  $("me-role").textContent = me.place || tk("role_" + S.role, S.role);
  $("me").title = `${t("account")}: ${S.me.account}` + (S.me.principal !== S.me.account ? ` (${S.me.principal})` : "")
    + ` · ${t("me_menu")}`;
  $("me").classList.remove("d-none");
}

// A nominee's dossier by its id; a page the role lost (its section removed) is the overview.
function page() {
  const { path } = route();
  const p = path.startsWith("#/nominee/") ? "dossier" : HASHES[path];
  return p && $(p) ? p : "overview";
}

// A phone's row of links scrolls sideways (app.css): the page's own link
// is brought into it, and the row fades at its right edge while links lie
// past it. Its own scrollLeft only: scrollIntoView would move the page too.
let linkShown = "";
function showActiveLink() {
  const nav = $("nav"), a = nav.querySelector(".nav-link.active");
  if (a && a.id !== linkShown) {
    linkShown = a.id;
    const left = a.offsetLeft - nav.offsetLeft, right = left + a.offsetWidth;
    if (left < nav.scrollLeft || right > nav.scrollLeft + nav.clientWidth) nav.scrollLeft = Math.max(0, left - 16);
  }
  nav.classList.toggle("more", nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 1);
}

function render() {
  if (lost !== null) return; // signed out under the page: it waits, hidden, as it was
  showMe();
  // the connection on screen; the data's revision on paper, which says what
  // state a printout shows, and in the tooltip: on screen a bare number
  // ("phiên bản 179") meant nothing to the people at it
  $("state").replaceChildren(el("span", S.up ? t("up") : t("down"), "text-nowrap conn"),
    el("span", `${t("revision")} ${S.revision}`, "text-nowrap d-none d-print-inline"));
  $("state").title = `${t("revision")} ${S.revision}`;
  S.page = page();
  // the address alone says which task is open: a link without one (the
  // menu's "Nhiệm vụ") shows its page with none, as a reload of it would
  S.selected = route().params.get("task") || "";
  for (const [p, link] of Object.entries(PAGES)) {
    if (!$(p)) continue;
    $(p).classList.toggle("d-none", p !== S.page);
    if (p === S.page) $(link).classList.add("active");
    else if (PAGES[S.page] !== link && $(link)) $(link).classList.remove("active");
  }
  showActiveLink();
  // the statistics' wide tables take the whole width; the feed goes below them
  $("main").className = S.page === "stats" ? "col-12" : "col-lg-8";
  $("aside").className = S.page === "stats" ? "col-12" : "col-lg-4";
  if (S.page === "overview") { renderOverview(select); if ($("todo-box")) renderTodo(select); }
  else if (S.page === "tasklist") renderList(select);
  else if (S.page === "admin") renderAdmin();
  else if (S.page === "files") renderFiles();
  else if (S.page === "stats") renderStats();
  else if (S.page === "ballot") renderBallot();
  renderDetail();
  const NOMINEE_PAGES = { nomlist: renderNominees, dossier: renderDossier, decision: renderDecision };
  if (NOMINEE_PAGES[S.page]) { NOMINEE_PAGES[S.page](); $("detail").classList.add("d-none"); } // a task's card belongs to the task pages
  // on paper, an open task's card alone: not the list it was chosen from
  document.body.classList.toggle("task-open", !$("detail").classList.contains("d-none"));
  renderFeed();
}

// The chosen task goes in the address (a new history entry: the back
// button returns to the task before); its card, on a phone below the
// list, is scrolled into view.
function select(id) {
  const { path, params } = route();
  params.set("task", id);
  const hash = `${path || "#/overview"}?${params}`;
  if (location.hash !== hash) location.hash = hash;
  render();
  const card = $("detail"), box = card.getBoundingClientRect();
  if (box.top > window.innerHeight || box.bottom < 0) card.scrollIntoView({ block: "start" });
}

async function load() {
  const snap = await api("GET", "/api/snapshot");
  S.records.clear();
  for (const r of snap.records) S.records.set(r.type + "/" + r.id, r);
  S.revision = snap.revision; S.up = snap.up;
  const p = S.records.get("principal/" + S.me.principal);
  S.unit = p && p.principal ? p.principal.unit || "" : "";
  render();
  follow(snap.revision);
}

function follow(since) {
  if (source) source.close();
  source = new EventSource("/api/events?since=" + since);
  source.onmessage = (m) => {
    const e = JSON.parse(m.data);
    for (const r of e.records || []) {
      if (r.deleted) S.records.delete(r.type + "/" + r.id); else S.records.set(r.type + "/" + r.id, r);
    }
    S.revision = e.revision; S.feed.unshift(e); render();
  };
  source.addEventListener("state", (m) => { const s = JSON.parse(m.data); S.up = s.up; S.revision = Math.max(S.revision, s.revision); render(); });
  source.addEventListener("reload", () => load().catch((x) => error(x.message)));
  // A stream the gateway refused (not a dropped one, which the browser
  // opens again by itself) is closed for good: ask whether the session
  // still holds (a refusal for it signs the page out, api.js) and follow
  // again if it does.
  source.onerror = () => {
    S.up = false;
    render();
    if (source.readyState === EventSource.CLOSED) setTimeout(recheck, 2000);
  };
}

function recheck() {
  if (!source) return; // signed out meanwhile
  api("GET", "/api/me").then(() => follow(S.revision))
    .catch((x) => { if (x.status !== 401) setTimeout(recheck, 5000); });
}

// The session ended under an open page: the sign-in form in its place,
// saying why. What was typed stays in the hidden page for the same person
// signing in again; another person gets a fresh page (start).
onSignedOut(() => {
  if (source) source.close();
  source = null;
  lost = S.me ? S.me.account : "";
  for (const id of ["nav", "signout", "me", "me-menu"]) $(id).classList.add("d-none");
  $("state").textContent = ""; // "mất kết nối" would say to wait
  $("name").value = lost;
  $("password").value = "";
  show("signin");
  error(t("session_ended"));
  $(lost ? "password" : "name").focus();
});

// The controls a role may not use are gone from the page: bind what is left.
let bound = false; // start() runs again after sign-in and the password change
function bindAll() {
  if (bound) return;
  bound = true;
  for (const e of document.querySelectorAll("[data-role]")) if (!e.dataset.role.split(" ").includes(S.role)) e.remove();
  guardActions();
  bindDetail((x) => { location.hash = "#/tasks?task=" + encodeURIComponent(x.id); openTaskForm(x); });
  bindList(select, render);
  bindNominees(render);
  bindDossier();
  bindBallot();
  bindAdmin();
  bindFiles();
  bindStats();
  bindFeed();
  window.addEventListener("hashchange", render);
  $("nav").addEventListener("scroll", showActiveLink, { passive: true }); // the fade follows the person's scrolling
  window.addEventListener("resize", showActiveLink);
}

async function start() {
  labelAll();
  const was = lost;
  lost = null;
  try {
    S.me = await api("GET", "/api/me");
    if (was && S.me.account !== was) { location.reload(); return; }
    setCsrf(S.me.csrf);
    S.role = S.me.role;
    if (S.me.must_change) { changeForm(false); return; }
    bindAll();
    labelAll();
    $("signout").classList.remove("d-none");
    $("nav").classList.remove("d-none");
    show("app");
    await load();
  } catch (x) {
    if (x.status === 401) signInForm(); else error(x.message);
  }
}

// The sign-in form; on the page a sign-out reloaded, saying it is done,
// once (the reload forgets everything but this tab's sessionStorage).
const SIGNED_OUT = "thd-signed-out";
function signInForm() {
  const done = sessionStorage.getItem(SIGNED_OUT) === "1";
  sessionStorage.removeItem(SIGNED_OUT);
  $("signed-out").textContent = done ? t("signed_out") : "";
  $("signed-out").classList.toggle("d-none", !done);
  show("signin");
}

$("signin").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const form = $("signin");
  attempt(form, null, async () => {
    if (!filled(form)) return;
    await api("POST", "/api/signin", { name: $("name").value, password: $("password").value });
    error("");
    $("signed-out").classList.add("d-none");
    start();
  });
});
// The new password is typed twice: a slip in a box that hides what is
// typed would leave the person unable to sign in the next time. Each
// thing wrong is said at once, beside its box, before anything is sent.
$("change").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const form = $("change"), nw = $("new");
  attempt(form, null, async () => {
    let ok = filled(form);
    if (nw.value && [...nw.value].length < nw.minLength) ok = refuse(form, "new", t("pw_short", nw.minLength));
    if ($("new2").value && $("new2").value !== nw.value) ok = refuse(form, "new2", t("pw_mismatch"));
    if (!ok) return;
    await api("POST", "/api/password", { old: $("old").value, new: nw.value });
    error("");
    if (!own) { start(); return; }
    show("app");
    notice(t("pw_changed"));
  });
});

// The password changed when the person wants to, not only the one given:
// the same form, its words for the password in use, and a way back.
let own = false;
function changeForm(voluntary) {
  own = voluntary;
  $("change-title").dataset.t = own ? "change_own" : "change";
  $("old-label").dataset.t = own ? "old_own" : "old";
  $("change-cancel").classList.toggle("d-none", !own);
  labelAll();
  clearForm($("change"));
  for (const id of ["old", "new", "new2"]) $(id).value = "";
  show("change");
  $("old").focus();
}
// The person's menu, under their name in the bar (the bar has no room for
// one more button at 1366 px): pressed or Enter opens it, a press
// elsewhere or Escape closes it.
const menuOpen = () => !$("me-menu").classList.contains("d-none");
function meMenu(open) {
  if (open === menuOpen()) return;
  const m = $("me-menu"), r = $("me").getBoundingClientRect();
  m.style.left = `${Math.max(8, r.left)}px`;
  m.style.top = `${r.bottom + 6}px`;
  m.classList.toggle("d-none", !open);
  $("me").setAttribute("aria-expanded", String(open));
  if (open) $("passwd").focus();
}
$("me").addEventListener("click", () => meMenu(!menuOpen()));
$("me").addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); meMenu(true); }
});
document.addEventListener("click", (ev) => {
  if (!$("me").contains(ev.target) && !$("me-menu").contains(ev.target)) meMenu(false);
});
document.addEventListener("keydown", (ev) => {
  if (ev.key === "Escape" && menuOpen()) { meMenu(false); $("me").focus(); }
});
$("passwd").addEventListener("click", () => { meMenu(false); notice(""); changeForm(true); });
$("change-cancel").addEventListener("click", () => show("app"));

// A line that says a thing was done, above the page, until the next page.
function notice(text) {
  $("notice").textContent = text;
  $("notice").classList.toggle("d-none", !text);
}
window.addEventListener("hashchange", () => notice(""));
$("signout").addEventListener("click", async () => {
  await api("POST", "/api/signout", {}).catch(() => {});
  sessionStorage.setItem(SIGNED_OUT, "1");
  location.reload();
});
$("lang").addEventListener("click", () => { switchLang(); labelAll(); render(); });
start();
