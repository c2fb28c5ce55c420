// What a form says after it is sent, in one place for every form: a
// refusal beside the control its field names, or above the form's
// controls when it names none (role="alert", so it is read out), never in
// the page's top alert, out of view when the form is far down; and a
// success line that goes as soon as the next try starts, so an old "Đã
// gửi." never stands beside a new refusal.
import { t } from "./i18n.js";
import { el } from "./state.js";

export const isStale = (x) => x.field === "expected_revision";

// Clears what the form said: its refusals, and its success line unless
// keepDone (a live change redraws the form after a success: the line stays).
export function clearForm(form, keepDone) {
  if (!keepDone) for (const e of form.querySelectorAll("[data-ok]")) e.remove();
  for (const e of form.querySelectorAll(".is-invalid")) e.classList.remove("is-invalid");
  for (const e of form.querySelectorAll(".invalid-feedback")) { e.textContent = ""; e.classList.remove("d-block"); }
  const a = form.querySelector("[data-err]");
  a.textContent = "";
  a.classList.add("d-none");
}

// A form's success line, under its controls, where the person pressed: on
// a phone the page's own note, at its top, is out of view. Gone at the
// next try (clearForm). Returns the line.
export function showDone(form, msg) {
  let p = form.querySelector("[data-ok]");
  if (!p) {
    p = el("p", undefined, "text-success small mt-2 mb-0");
    p.dataset.ok = "";
    p.setAttribute("role", "status");
    form.append(p);
  }
  p.textContent = msg;
  return p;
}

// Where a control's message goes: the one inside it (a fieldset of radio
// buttons), else the first .invalid-feedback after it and before the next
// control (a hint may stand between them).
function feedbackOf(input) {
  const inside = input.querySelector(".invalid-feedback");
  if (inside) return inside;
  for (let e = input.nextElementSibling; e && !e.dataset.f; e = e.nextElementSibling)
    if (e.classList.contains("invalid-feedback")) return e;
  return null;
}

// A message as a sentence of its own: the broker's read "tên nhiệm vụ dài
// quá 256 ký tự", written to follow "thidua: " in the CLI.
export const sentence = (s) => {
  const m = String(s || "").trim();
  return m && m.charAt(0).toLocaleUpperCase("vi") + m.slice(1) + (/[.!?…:]$/.test(m) ? "" : ".");
};

// The control a refusal's field names: its own part or the nearest one
// above it that the form has ("attachment.data" is the file's box,
// "nominee.birth_year" the year's). A task's submission carries its file
// as "document", a report as "attachment": one box serves both.
function controlOf(form, field) {
  const parts = (field || "").split(".").map((p) => p.replace(/\[.*$/, "")).reverse();
  for (const p of parts) {
    const c = p && form.querySelector(`[data-f="${p === "document" ? "attachment" : p}"]`);
    if (c) return c;
  }
  return null;
}

// The refusal beside the control its field names ("nominee.birth_year",
// "reason"), or above the form's controls when it names none of them.
export function showRefusal(form, x) {
  const input = controlOf(form, x.field);
  const msg = sentence(isStale(x) ? `${t("x_stale")} (${x.message})` : x.message);
  if (!input || input.classList.contains("d-none")) {
    const a = form.querySelector("[data-err]");
    a.textContent = msg;
    a.classList.remove("d-none");
    return;
  }
  mark(input, msg);
  focus(input);
}

// Marks the control of field name with msg, without sending anything:
// for a check the page makes itself. Returns false, for `ok = refuse(...)`.
export function refuse(form, name, msg) {
  const input = form.querySelector(`[data-f="${name}"]`);
  if (input) mark(input, msg);
  return false;
}

function mark(input, msg) {
  input.classList.add("is-invalid");
  const fb = feedbackOf(input);
  if (fb) { fb.textContent = msg; fb.classList.add("d-block"); }
}

// A count typed in the form's number box for field name: a whole number,
// 0 or more; an empty box is 0 (the form says what 0 means). Anything
// else (a minus, a fraction, letters, which the browser hands over as "")
// is marked beside the box and null comes back, nothing to send, so each
// box of a form is said at one press (the gateway refuses one field at a
// time, web.json_number). How large a count may be is the broker's to say.
export function count(form, name) {
  const input = form.querySelector(`[data-f="${name}"]`), v = input.value.trim(), n = Number(v);
  if (!v && !input.validity.badInput) return 0;
  if (!input.validity.badInput && Number.isInteger(n) && n >= 0) return n;
  mark(input, t("not_count"));
  focus(input);
  return null;
}

const focus = (input) => (input.matches("fieldset, .checklist") ? input.querySelector("input") || input : input).focus();

// Every control the person must fill and left empty, each marked at once,
// not one a try: the ones named (data-f), else the form's [required] ones;
// a control hidden or disabled is not asked for. True when none is empty.
export function filled(form, names) {
  const controls = names ? names.map((n) => form.querySelector(`[data-f="${n}"]`))
    : [...form.querySelectorAll("[required]")];
  const empty = controls.filter((c) => c && !c.disabled && !c.closest(".d-none") && !String(c.value).trim());
  for (const c of empty) mark(c, t(c.matches("select") ? "required_choice" : "required"));
  if (empty.length) focus(empty[0]);
  return empty.length === 0;
}

// A file chosen in a form's file field (the [data-f="attachment"] box
// beside input): one that refuse(file) gives a reason for (too big, of a
// kind the field does not take) is let go at once, the reason beside the
// field, rather than after the person has typed the rest and pressed send;
// an earlier reason goes with a new choice.
export function chooseFile(form, input, refuse) {
  const box = form.querySelector("[data-f='attachment']"), why = refuse(input.files[0]);
  box.classList.remove("is-invalid");
  feedbackOf(box).textContent = "";
  const above = form.querySelector("[data-err]"); // the last file's refusal, said before its box had one
  above.textContent = "";
  above.classList.add("d-none");
  if (!why) return;
  input.value = "";
  showRefusal(form, { field: "attachment", message: why });
}

// A choice of several (support units, criteria claimed): a box of
// checkboxes, each with its whole name. A <select multiple> wants Ctrl held,
// which no phone has and few people know, and cuts a long name at its edge.
// box: the control (.checklist, data-f); items: [[value, text]], drawn
// again only when they change; chosen: the values to tick, else what is
// ticked stays so. No box (a form this person is not given): nothing.
export function checklist(box, items, chosen) {
  if (!box) return;
  const keep = new Set(chosen || ticked(box)), sig = JSON.stringify(items);
  if (box.dataset.sig !== sig) {
    box.dataset.sig = sig;
    box.replaceChildren(...items.map(([value, text], i) => {
      const row = el("div", undefined, "form-check"), input = el("input", undefined, "form-check-input"),
        label = el("label", text, "form-check-label");
      input.type = "checkbox";
      input.id = label.htmlFor = `${box.id}-${i}`;
      input.value = value;
      row.append(input, label);
      return row;
    }));
  }
  for (const input of box.querySelectorAll("input")) input.checked = keep.has(input.value);
}
export const ticked = (box) => [...box.querySelectorAll("input:checked")].map((i) => i.value);

// Sends a form: clears what the last try said (its refusal and the success
// line note, for a form that has one), runs send, and shows the line send
// returns or the refusal.
export async function attempt(form, note, send) {
  clearForm(form);
  if (note) note.textContent = "";
  try {
    const done = await send();
    if (note && done) note.textContent = done;
  } catch (x) { showRefusal(form, x); }
}
