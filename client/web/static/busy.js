// One action at a time from each form and button: a second click while the
// first request is on its way would make the record twice (a double click
// on "Giao nhiệm vụ" made two tasks). A form or button is busy from its
// submit or click until the requests then on their way have answered:
// marked aria-busy (app.css dims it), and a second submit or click is
// dropped before the page's own handlers see it. The buttons' disabled
// state stays the pages' own.
import { whenIdle } from "./api.js";

const busy = new Set();

function hold(el) {
  el.setAttribute("aria-busy", "true");
  busy.add(el);
  // after the handlers ran: released when their requests answer, at once if they sent none
  setTimeout(() => whenIdle(() => {
    el.removeAttribute("aria-busy");
    busy.delete(el);
  }), 0);
}

function guard(ev, el) {
  if (!el) return;
  if (busy.has(el)) {
    ev.preventDefault();
    ev.stopImmediatePropagation();
    return;
  }
  hold(el);
}

export function guardActions() {
  document.addEventListener("submit", (ev) => guard(ev, ev.target), true);
  document.addEventListener("click", (ev) => {
    const b = ev.target.closest && ev.target.closest("button");
    if (b && b.type !== "submit" && !b.closest("nav")) guard(ev, b); // submits are the form's
  }, true);
}
