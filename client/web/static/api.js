// Requests to the gateway: JSON in and out, the CSRF token on every write.
import { lang } from "./i18n.js";
let csrf = "";
export function setCsrf(token) { csrf = token; }
export async function api(method, path, body) {
  const r = await fetch(path, {
    method, credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "X-Thidua-Lang": lang },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw Object.assign(new Error(j.error ? j.error.message : r.statusText), { status: r.status });
  return j;
}
export const call = (kind, body) => api("POST", "/api/call/" + kind, body);
