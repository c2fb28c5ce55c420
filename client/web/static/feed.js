// The live feed of changes beside every page, with its filters: the kind
// of record changed, the unit it concerns, and only the person's own
// changes. The filters apply to what is kept and to each change as it
// arrives; they only hide entries, the stream itself is unchanged.
import { labels, t, tk } from "./i18n.js";
import { S, $, el, actor, line, today, when, changesText, options, unitChoices } from "./state.js";

Object.assign(labels.vi, {
  ff_title: "Lọc thay đổi", ff_kind: "Loại hồ sơ", ff_any_kind: "Mọi loại", ff_unit: "Đơn vị liên quan",
  ff_mine: "Chỉ thay đổi của tôi", ff_none: "Không có thay đổi nào khớp bộ lọc.",
  ff_shown: "Hiện {n}", ff_clear: "Bỏ lọc",
  ff_quiet: "Chưa có thay đổi nào từ khi mở trang. Thay đổi của mọi người sẽ hiện ở đây ngay khi có.",
  ff_file: "tệp bản {n}", ff_file_of: "tệp bản {n} của {id}",
});
Object.assign(labels.en, {
  ff_title: "Filter the changes", ff_kind: "Kind of record", ff_any_kind: "Any kind", ff_unit: "Unit concerned",
  ff_mine: "Only my changes", ff_none: "No change matches the filters.",
  ff_shown: "Showing {n}", ff_clear: "Clear filters",
  ff_quiet: "No change since the page opened. Everyone's changes will show here as they come.",
  ff_file: "file version {n}", ff_file_of: "file version {n} of {id}",
});

const KEEP = 500; // changes kept for the filters to choose from; the newest first
const SHOW = 30; // entries shown
// what a person knows as records; a unit's proposal counter and history
// entries are the broker's bookkeeping of a task or a nominee
const HIDDEN = new Set(["proposal_count", "history"]);
const KINDS = ["task", "nominee", "unit", "principal", "quota", "criterion", "ballot", "calendar", "threshold"];

const shown = (e) => (e.records || []).filter((r) => !HIDDEN.has(r.type));
// The kinds of record a change touched: its records', and the request's own ("task.report": task).
const kindsOf = (e) => new Set([...shown(e).map((r) => r.type), (e.kind || "").split(".")[0]]);
// The units a change concerns: its records' units and the unit of whoever made it.
function unitsOf(e) {
  const u = new Set();
  for (const r of e.records || []) {
    const x = r[r.type] || {};
    if (r.type === "unit") u.add(r.id);
    for (const code of [x.lead_unit, x.proposing_unit, x.unit, ...(x.support_units || [])]) if (code) u.add(code);
  }
  const p = S.records.get("principal/" + e.actor);
  if (p && p.principal && p.principal.unit) u.add(p.principal.unit);
  return u;
}

function matches(e) {
  const kind = $("ff-kind").value, unit = $("ff-unit").value;
  return (!kind || kindsOf(e).has(kind)) && (!unit || unitsOf(e).has(unit))
    && (!$("ff-mine").checked || (S.me && e.actor === S.me.principal));
}

const TITLE_CHARS = 48; // of a task's title or a nominee's name: the feed is a narrow column
const clip = (s) => (s.length > TITLE_CHARS ? s.slice(0, TITLE_CHARS - 1).trimEnd() + "…" : s);
const PAGES = { task: (id) => "#/tasks?task=" + encodeURIComponent(id), nominee: (id) => "#/nominee/" + encodeURIComponent(id) };

// A record as the feed names it, as people know it: a task or a nominee by
// its id, a link to its page, and its title or name; a file by its version,
// beside its task or nominee when the change holds that too; a person by
// their name; a quota by its field and kind in words. data-rec holds the id.
function recordPart(r, owners) {
  const x = r[r.type] || {};
  let e;
  if (PAGES[r.type]) {
    e = el("span");
    const a = el("a", r.id, "text-nowrap"); // "N-21" never split "N-" / "21" on a phone
    a.href = PAGES[r.type](r.id);
    const title = r.type === "task" ? x.title : x.name;
    e.append(a, title ? " " + clip(title) : "");
  } else if (r.type === "document") {
    const [owner, v] = r.id.split("/v");
    e = el("span", owners.has(owner) ? t("ff_file", v) : t("ff_file_of", v).replace("{id}", owner));
  } else if (r.type === "principal") {
    e = actor(r.id, x.display_name);
  } else if (r.type === "quota" && x.field) {
    e = el("span", `${tk("f_" + x.field, x.field)}/${tk("nk_" + x.kind, x.kind)}`);
  } else {
    e = el("span", r.type === "unit" && x.name ? `${r.id} ${x.name}` : r.id);
  }
  e.dataset.rec = r.id;
  return e;
}

function records(e) {
  const rs = shown(e), owners = new Set(rs.filter((r) => PAGES[r.type]).map((r) => r.id));
  if (!rs.length) return "";
  const out = el("span");
  rs.forEach((r, i) => out.append(...(i ? [", "] : []), recordPart(r, owners)));
  return out;
}

// When a change was made (the broker's commit time): the time today, else
// the day and the time.
function madeAt(e) {
  if (!e.time_ms) return "";
  const [date, time] = when(e.time_ms).split(" "), d = date.split("/");
  return `${d[2]}-${d[1]}-${d[0]}` === today() ? time : `${d[0]}/${d[1]} ${time}`;
}

export function renderFeed() {
  if (S.feed.length > KEEP) S.feed.length = KEEP;
  options($("ff-kind"), KINDS.map((k) => [k, tk("ty_" + k, k)]), t("ff_any_kind"));
  options($("ff-unit"), unitChoices(), t("all_units"));
  const hits = S.feed.filter(matches);
  const filtered = hits.length !== S.feed.length;
  $("feed").replaceChildren(...hits.slice(0, SHOW).map((e) => {
    // word_key: the gateway's key for the change's words, which says which
    // way it went ("principal.set_disabled/enabled"); the kind's otherwise
    const what = tk("k_" + (e.word_key || e.kind), tk("k_" + e.kind, e.kind));
    // who: the name the change's own history entry keeps (thd_event_actor);
    // a task moved to other units carries other people's earlier ones too
    const h = (e.records || []).find((r) => r.history && r.history.entry && r.history.entry.actor === e.actor);
    const at = madeAt(e), head = el("span");
    head.append(...(at ? [el("span", at + " ", "text-muted small")] : []), el("span", what, "ff-what"));
    // an edit says what it changed ("Hạn: 15/01 → 20/01/2030"), as the record's history does
    const changed = h && h.history.entry.changes ? el("span", changesText(h.history.entry), "small") : "";
    const li = line("li", [head, actor(e.actor, h && h.history.entry.actor_name), records(e), changed], "list-group-item");
    li.dataset.revision = e.revision;
    return li;
  }));
  // the feed holds what came since the page opened: empty, it says so
  // rather than leave a blank under the filters
  $("ff-empty").textContent = S.feed.length === 0 ? t("ff_quiet") : filtered && hits.length === 0 ? t("ff_none") : "";
  $("ff-count").textContent = filtered ? `${t("ff_shown", hits.length)} / ${S.feed.length}` : "";
  $("ff-clear").classList.toggle("d-none", !filtered && !$("ff-kind").value && !$("ff-unit").value && !$("ff-mine").checked);
}

export function bindFeed() {
  $("feed-filters").addEventListener("submit", (ev) => ev.preventDefault()); // Enter changes nothing
  for (const id of ["ff-kind", "ff-unit", "ff-mine"]) $(id).addEventListener("change", renderFeed);
  $("ff-clear").addEventListener("click", () => {
    $("ff-kind").value = ""; $("ff-unit").value = ""; $("ff-mine").checked = false;
    renderFeed();
    $("ff-kind").focus();
  });
}
