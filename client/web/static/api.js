// Requests to the gateway: JSON in and out, the CSRF token on every write.
// A refusal becomes an Error with the HTTP status and the field it names.
import { lang, labels, t } from "./i18n.js";

Object.assign(labels.vi, {
  net_down: "Mất kết nối tới máy chủ nên chưa nhận được trả lời. Khi góc trên báo “đã kết nối”, hãy xem việc vừa làm đã có chưa rồi thử lại nếu cần.",
});
Object.assign(labels.en, {
  net_down: "The connection to the server is lost, so no answer came. Once the bar says “connected”, check whether the step shows, and try again if it does not.",
});
let csrf = "";
export function setCsrf(token) { csrf = token; }
// What the page does when its session ends while it is open (signed out
// in another tab, idle past the expiry, the gateway restarted): said once,
// by the first request the gateway refuses for it.
let signedOut = () => {};
export function onSignedOut(fn) { signedOut = fn; }
// Requests on their way, and what waits for there to be none (busy.js).
let inFlight = 0;
const idle = [];
export function whenIdle(fn) { if (inFlight) idle.push(fn); else fn(); }
const SIGNED_OUT = ["web.not_signed_in", "request.principal_unknown"];
async function send(method, path, body, type, more) {
  inFlight++; // before the first await: a submit handler's request counts at once
  try {
    const headers = { "X-CSRF-Token": csrf, "X-Thidua-Lang": lang, ...more };
    if (type) headers["Content-Type"] = type;
    // no answer at all (the network, the gateway down): the browser's own
    // words ("Failed to fetch") are English and say nothing of what to do
    const r = await fetch(path, { method, credentials: "same-origin", headers, body })
      .catch(() => { throw Object.assign(new Error(t("net_down")), { status: 0, field: "" }); });
    const j = await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = j.error || {};
      // the session is gone, or the broker no longer takes its key (the
      // account locked, or given a new password): the gateway ended it too
      if (SIGNED_OUT.includes(e.reason) && csrf) { csrf = ""; signedOut(); }
      throw Object.assign(new Error(e.message || r.statusText), { status: r.status, field: e.field || "", body: j });
    }
    return j;
  } finally {
    if (--inFlight === 0) for (const fn of idle.splice(0)) fn();
  }
}
export const api = (method, path, body) =>
  send(method, path, body === undefined ? undefined : JSON.stringify(body), "application/json");
export const call = (kind, body) => api("POST", "/api/call/" + kind, body);
// A call on a record the page has at this revision: the broker refuses it
// (field expected_revision) when the record has changed since.
export const callAt = (kind, body, revision) => send("POST", "/api/call/" + kind, JSON.stringify(body),
  "application/json", revision ? { "X-Expected-Revision": String(revision) } : {});
// A request with a file: the browser writes the multipart body and its
// boundary; with a revision, as callAt.
export const upload = (kind, form, revision) => send("POST", "/api/upload/" + kind, form, undefined,
  revision ? { "X-Expected-Revision": String(revision) } : {});
// A form to another route (the import): the refusal keeps its body (the rows' errors).
export const post = (path, form) => send("POST", path, form);
