// The rows of a list across redraws. Live events redraw the lists many
// times a minute during the congress; rebuilding every row lost a click
// pressed on a row before a redraw and released after it (press and release
// fell on different elements, so the browser sent no click), and threw the
// keyboard's focus out of the list. Every list of records fills its rows
// here, so the rule holds in one place:
// - a row that draws the same from the same record stays the very element
//   it was: the focus, a press and the hover stay on it;
// - while a pointer is pressed inside a list, its redraws wait, and the
//   latest runs once the press has ended and its click has been handled;
// - in a row that changed, the focus moves to the same control of the new row.

const waiting = new Map(); // list pressed -> its latest redraw, or null while none came
const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

function released() {
  // after the click that ends the press: it selects on the rows it was pressed on
  setTimeout(() => {
    const redraws = [...waiting.values()].filter(Boolean);
    waiting.clear();
    for (const redraw of redraws) redraw();
  }, 0);
}
for (const ev of ["pointerup", "pointercancel"]) document.addEventListener(ev, released, true);
window.addEventListener("blur", released); // released outside the window

function held(box) {
  if (box.dataset.rows) return;
  box.dataset.rows = "held";
  box.addEventListener("pointerdown", () => { if (!waiting.has(box)) waiting.set(box, null); });
}

// Where the focus is in the list: the row's key and which of its controls.
function spot(box) {
  const f = document.activeElement;
  if (!f || f === box || !box.contains(f)) return null;
  const row = [...box.children].find((r) => r.contains(f));
  return row && { key: row.dataset.key, at: [row, ...row.querySelectorAll(FOCUSABLE)].indexOf(f) };
}

// Puts rows in box in order, moving no row that keeps its place: a focused
// element that is taken out of the page, even for a moment, loses the focus.
function place(box, rows) {
  const keep = new Set(rows);
  for (const old of [...box.children]) if (!keep.has(old)) old.remove();
  let at = box.firstElementChild;
  for (const r of rows) {
    if (r === at) at = at.nextElementSibling;
    else box.insertBefore(r, at);
  }
}

// Fills box with one row per item: key(item) names it (a record's id),
// draw(item) makes its element. A row kept from an earlier fill has the
// listeners draw gave it then, for an item equal to this one.
export function fill(box, items, key, draw) {
  held(box);
  if (waiting.has(box)) { waiting.set(box, () => fill(box, items, key, draw)); return; }
  const old = new Map([...box.children].map((r) => [r.dataset.key, r]));
  const was = spot(box);
  const rows = items.map((x) => {
    const row = draw(x), sig = JSON.stringify(x);
    row.dataset.key = key(x);
    const o = old.get(row.dataset.key);
    if (o && o.sig === sig && o.isEqualNode(row)) return o;
    row.sig = sig;
    return row;
  });
  place(box, rows);
  if (!was || box.contains(document.activeElement)) return;
  const row = rows.find((r) => r.dataset.key === was.key);
  const e = row && [row, ...row.querySelectorAll(FOCUSABLE)][was.at];
  if (e) e.focus({ preventScroll: true });
}
