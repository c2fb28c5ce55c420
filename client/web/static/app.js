// The overview page: sign-in, first-password change, then the congress
// from the gateway's snapshot kept current by its event stream. Record
// text goes in with textContent only.
import { api, call, setCsrf } from "./api.js";
import { t, lang, switchLang } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const records = new Map(); // "type/id" -> record
let feed = [], revision = 0, up = false, source = null, role = "", selected = "";

function show(id) { for (const s of ["signin", "change", "overview"]) $(s).classList.toggle("d-none", s !== id); }
function error(msg) { $("error").textContent = msg || ""; $("error").classList.toggle("d-none", !msg); }
function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }

function labelAll() {
  document.documentElement.lang = lang;
  for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
  $("lang").textContent = t("other");
  $("signout").textContent = t("signout");
}

const today = () => new Date().toISOString().slice(0, 10);
const daysLate = (d) => Math.round((Date.parse(today()) - Date.parse(d)) / 86400000);
const open = (s) => s !== "TASK_STATUS_ACCEPTED" && s !== "accepted" && s !== "cancelled";

function render() {
  $("state").textContent = `${up ? t("up") : t("down")} · ${t("revision")} ${revision}`;
  const tasks = [...records.values()].filter((r) => r.task && !r.deleted).map((r) => r.task);
  const late = (x) => open(x.status) && x.deadline && x.deadline < today();
  tasks.sort((a, b) => (late(b) - late(a)) || (a.deadline || "").localeCompare(b.deadline || ""));
  const counts = {};
  for (const x of tasks) counts[x.status || "assigned"] = (counts[x.status || "assigned"] || 0) + 1;
  const boxes = [[t("total"), tasks.length], [t("overdue"), tasks.filter(late).length],
    ...Object.entries(counts).map(([k, v]) => [t("st_" + k), v])];
  $("counts").replaceChildren(...boxes.map(([k, v]) => {
    const c = el("div", undefined, "col-6 col-md-2"), card = el("div", undefined, "card card-body p-2");
    card.append(el("div", k, "small text-muted"), el("div", String(v), "fs-4"));
    c.append(card); return c;
  }));
  $("tasks").replaceChildren(...tasks.map((x) => {
    const tr = el("tr", undefined, late(x) ? "table-danger" : "");
    tr.dataset.id = x.id;
    tr.addEventListener("click", () => { selected = x.id; render(); });
    const dl = x.deadline + (late(x) ? " (" + t("late", daysLate(x.deadline)) + ")" : "");
    for (const v of [x.id, x.title, x.lead_unit, dl, String(x.progress || 0), t("st_" + (x.status || "assigned"))]) tr.append(el("td", v));
    return tr;
  }));
  renderDetail();
  $("feed").replaceChildren(...feed.slice(0, 30).map((e) => el("li",
    `#${e.revision} ${e.kind} · ${e.actor} · ${(e.records || []).map((r) => r.id).join(", ")}`, "list-group-item")));
}

// The selected task: its history, and only the forms this role may use
// (the broker refuses the others anyway).
function renderDetail() {
  const r = records.get("task/" + selected);
  $("detail").classList.toggle("d-none", !r);
  if (!r) return;
  const x = r.task;
  $("d-title").textContent = `${x.id} · ${x.title}`;
  $("d-history").replaceChildren(...(x.history || []).map((h) => el("li",
    `${h.verb} · ${h.actor}${h.percent ? " · " + h.percent + " %" : ""}${h.text ? " · " + h.text : ""}`)));
  for (const f of document.querySelectorAll("#detail form")) f.classList.toggle("d-none", f.dataset.role !== role);
}

// The forms a role may not use are gone from the page: bind what is left.
let bound = false; // start() runs again after sign-in and the password change
function bindActions() {
  if (bound) return;
  bound = true;
  const on = (id, ev, fn) => { const e = $(id); if (e) e.addEventListener(ev, fn); };
  const val = (id) => $(id).value;
  on("f-report", "submit", (ev) => {
    ev.preventDefault();
    act("task.report", { id: selected, percent: Number(val("r-percent")), text: val("r-text") });
  });
  on("b-submit", "click", () => act("task.submit", { id: selected, text: val("r-text") }));
  on("b-accept", "click", () => act("task.accept", { id: selected, comments: val("o-reason") }));
  on("b-return", "click", () => act("task.return", { id: selected, comments: val("o-reason") }));
  on("b-cancel", "click", () => act("task.cancel", { id: selected, comments: val("o-reason") }));
}

async function act(kind, body) {
  try { await call(kind, body); error(""); } catch (x) { error(x.message); }
}

async function load() {
  const snap = await api("GET", "/api/snapshot");
  records.clear();
  for (const r of snap.records) records.set(r.type + "/" + r.id, r);
  revision = snap.revision; up = snap.up;
  render();
  follow(snap.revision);
}

function follow(since) {
  if (source) source.close();
  source = new EventSource("/api/events?since=" + since);
  source.onmessage = (m) => {
    const e = JSON.parse(m.data);
    for (const r of e.records || []) {
      if (r.deleted) records.delete(r.type + "/" + r.id); else records.set(r.type + "/" + r.id, r);
    }
    revision = e.revision; feed.unshift(e); render();
  };
  source.addEventListener("state", (m) => { const s = JSON.parse(m.data); up = s.up; revision = Math.max(revision, s.revision); render(); });
  source.addEventListener("reload", () => load().catch((x) => error(x.message)));
  source.onerror = () => { up = false; render(); };
}

async function start() {
  labelAll();
  try {
    const me = await api("GET", "/api/me");
    setCsrf(me.csrf);
    role = me.role;
    if (me.must_change) { show("change"); return; }
    for (const f of document.querySelectorAll("#detail form")) if (f.dataset.role !== role) f.remove();
    bindActions();
    $("signout").classList.remove("d-none");
    $("brand").textContent = `Thi đua · ${me.principal} (${me.role})`;
    if (me.must_change) { show("change"); return; }
    show("overview");
    await load();
  } catch (x) {
    if (x.status === 401) show("signin"); else error(x.message);
  }
}

$("signin").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try { await api("POST", "/api/signin", { name: $("name").value, password: $("password").value }); error(""); start(); }
  catch (x) { error(x.message); }
});
$("change").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try { await api("POST", "/api/password", { old: $("old").value, new: $("new").value }); error(""); start(); }
  catch (x) { error(x.message); }
});
$("signout").addEventListener("click", async () => { await api("POST", "/api/signout", {}).catch(() => {}); location.reload(); });
$("lang").addEventListener("click", () => { switchLang(); labelAll(); render(); });
start();
