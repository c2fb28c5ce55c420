#!/usr/bin/python3
"""The page's layout as people see it, in a real browser (headless
Chromium through selenium), measured rather than read: on a phone
(390 px) the bar shows the office worker's role whole, not cut off. The
bar names a person by the name their record gives, with the role in words;
an account's id is no one's name: it is only in the tooltip; a unit's
account shows its unit's name under the person's name, or alone when
the account has none, wrapping on a phone. At 1366 px
the bar is one line for the roles with the most links (office, admin).
On the task card, at 1366 px and on a phone, nothing is wider than its box
and the history's lines, a long file name's too, keep clear of its
scrollbar; a task without documents says so right under "Tài liệu".
Usage: layout_checks.py BASE_URL SCREENSHOT_DIR LONG_FILE_TASK NO_DOCS_TASK
The exit status is the number of failures."""
import sys

from selenium.webdriver.common.by import By

from webcheck import browser, check, failures, go, phone, sign_in, text, within

BASE, SHOTS, LONG_FILE_TASK, NO_DOCS_TASK = sys.argv[1:5]

# The deepest element of the bar whose text holds words, and each box from
# it up to the bar whose content is wider than the box (cut off with "…",
# or hidden past its edge), or that ends past the window's right edge.
CLIPPED = """
const [words] = arguments, bar = document.querySelector(".navbar");
const all = [...bar.querySelectorAll("*")].filter((e) => e.textContent.includes(words));
const hit = all.find((e) => ![...e.children].some((c) => c.textContent.includes(words)));
if (!hit) return [`no element of the bar holds ${words}`];
const out = [];
for (let e = hit; e !== bar.parentElement; e = e.parentElement) {
  if (e.scrollWidth > e.clientWidth + 1) out.push(`${e.id || e.className}: ${e.scrollWidth} > ${e.clientWidth}`);
  if (e.getBoundingClientRect().right > document.documentElement.clientWidth + 1) out.push(`${e.id || e.className}: past the edge`);
}
return out;"""

# The bar's parts that wrapped below its first line, and the links' list
# if it is taller than one link.
WRAPPED = """
const bar = document.querySelector(".navbar"), nav = document.getElementById("nav");
const parts = [...bar.children].filter((e) => e.offsetParent), box = (e) => e.getBoundingClientRect();
const first = Math.min(...parts.map((e) => box(e).bottom));
const out = parts.filter((e) => box(e).top >= first).map((e) => `${e.id || e.className} below the first line`);
const link = nav.querySelector(".nav-link");
if (nav.offsetHeight > link.offsetHeight + 1) out.push(`nav ${nav.offsetHeight} px high, a link ${link.offsetHeight}`);
return out;"""

ph = browser(width=390, height=844)
try:
    phone(ph)
    sign_in(ph, BASE, "lay-office", "first-office-y", "lay-office-pass-2")
    check("on a phone the office worker's role shows whole in the bar",
          ph.execute_script(CLIPPED, "Cơ quan thường trực") == [], ph.execute_script(CLIPPED, "Cơ quan thường trực"))
    ph.save_screenshot(f"{SHOTS}/web-bar-phone.png")
    check("an account without a display name: the bar shows the role, not the account's id",
          "Cơ quan thường trực" in text(ph, ".navbar") and "office" not in text(ph, ".navbar"), text(ph, ".navbar"))
    check("... the id is in the tooltip",
          ph.find_elements(By.CSS_SELECTOR, ".navbar [title^='Tài khoản: lay-office (office) ']") != [],
          [e.get_attribute("title") for e in ph.find_elements(By.CSS_SELECTOR, ".navbar [title]")])
    # the bar leaves the screen to the page: the links in one row that
    # scrolls sideways (it took a quarter of the screen in three rows)
    high = ph.execute_script("return [document.querySelector('.navbar').offsetHeight, innerHeight]")
    check("on a phone the bar takes at most a sixth of the screen", high[0] * 6 <= high[1], high)
    row = ph.execute_script("return [...document.querySelectorAll('#nav .nav-link')].filter((a) => a.offsetParent)"
                            ".map((a) => a.getBoundingClientRect().top)")
    check("... its links on one row", len(row) >= 6 and max(row) - min(row) < 2, row)
    go(ph, "#/files", "files")
    seen = """const nav = document.getElementById('nav'), a = document.getElementById(arguments[0]).getBoundingClientRect(),
      n = nav.getBoundingClientRect(); return [a.left >= n.left - 1 && a.right <= n.right + 1, nav.classList.contains('more')];"""
    check("... the page's own link brought into the row, the last one: no fade left",
          within(ph, 3, lambda d: d.execute_script(seen, "nav-files") == [True, False]), ph.execute_script(seen, "nav-files"))
    go(ph, "#/overview", "overview")
    check("... the first page's link in view again, the row fading where more lie past it",
          within(ph, 3, lambda d: d.execute_script(seen, "nav-overview") == [True, True]), ph.execute_script(seen, "nav-overview"))
    ph.save_screenshot(f"{SHOTS}/web-bar-phone-overview.png")
finally:
    ph.quit()

# at 1366 px the bar is one line for the office's seven links and the admin's
for name, password in (("lay-office", "lay-office-pass-2"), ("lay-admin", "first-admin-lay")):
    wide = browser()
    try:
        sign_in(wide, BASE, name, password, None if name == "lay-office" else password + "-2")
        within(wide, 3, lambda d: d.find_element(By.ID, "me").is_displayed())
        check(f"{name}: at 1366 px the bar is one line", wide.execute_script(WRAPPED) == [], wide.execute_script(WRAPPED))
        if name == "lay-office":
            wide.save_screenshot(f"{SHOTS}/web-bar.png")
    finally:
        wide.quit()

# The task card's boxes whose content is wider than they are, and the
# history's lines that reach within 4 px of its scrollbar (or past it).
OVERFLOWING = """
const card = document.getElementById("detail"), h = document.getElementById("d-history");
const out = [...card.querySelectorAll("*")].filter((e) => e.clientWidth && e.scrollWidth > e.clientWidth + 1)
  .map((e) => `${e.id || e.tagName}: ${e.scrollWidth} > ${e.clientWidth}`);
h.scrollTop = h.scrollHeight; // the oldest lines, the file's among them
const edge = h.getBoundingClientRect().left + h.clientLeft + h.clientWidth;
for (const li of h.children) {
  const r = document.createRange();
  r.selectNodeContents(li);
  const right = Math.max(...[...r.getClientRects()].map((b) => b.right));
  if (right > edge - 4) out.push(`history "${li.textContent.slice(-30)}" ends at ${right}, the box at ${edge}`);
}
return out;"""

# The room between "Tài liệu" and the line under it that says there are none.
NO_DOCS_GAP = """
const head = document.querySelector("#detail h3"), none = document.getElementById("d-nodocs");
return none.getBoundingClientRect().top - head.getBoundingClientRect().bottom;"""

# The lines each status takes in the task list (a row's last cell): one,
# or more where its words break.
STATUS_LINES = """
return [...document.querySelectorAll("#list tr td:last-child")].map((td) => {
  const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; });"""

for width in (1366, 390):
    card = browser()
    try:
        if width == 390:
            phone(card)
        sign_in(card, BASE, "lay-office", "lay-office-pass-2")
        go(card, f"#/tasks?task={LONG_FILE_TASK}", "detail")
        within(card, 3, lambda d: ".pdf" in text(d, "#d-history"))
        check(f"{width} px: on the task card nothing runs past its box, the history's long file name neither",
              card.execute_script(OVERFLOWING) == [], card.execute_script(OVERFLOWING))
        if width == 1366:  # a phone gives the room to the title
            lines = card.execute_script(STATUS_LINES)
            check(f"{width} px: with the card open, each task's status is one line ('Đang thực hiện' whole)",
                  set(lines) == {1}, lines)
        card.execute_script("document.getElementById('detail').scrollIntoView()")
        card.save_screenshot(f"{SHOTS}/web-task-card-{width}.png")
        go(card, f"#/tasks?task={NO_DOCS_TASK}", "d-nodocs")
        gap = card.execute_script(NO_DOCS_GAP)
        check(f"{width} px: a task without documents says so right under 'Tài liệu'", 0 <= gap <= 10, gap)
    finally:
        card.quit()

# a unit's account without a display name: the bar names its unit too,
# wrapping on a phone rather than cut off or pushing the page sideways
unit = browser(width=390, height=844)
try:
    phone(unit)
    sign_in(unit, BASE, "lay-vh", "first-vh-11", "lay-vh-pass-2")
    PLACE = "Đơn vị · Sở Văn hóa, Thể thao và Du lịch"
    check("a unit's account without a display name: the bar shows the role and the unit's name",
          within(unit, 3, lambda d: text(d, "#me-role") == PLACE) and "lay-vh" not in text(unit, ".navbar"),
          text(unit, ".navbar"))
    check("... whole on a phone", unit.execute_script(CLIPPED, "Du lịch") == [], unit.execute_script(CLIPPED, "Du lịch"))
    check("... on more than one line",
          unit.execute_script("const e = document.getElementById('me-role');"
                              "return e.getClientRects().length > 1 || e.offsetHeight > 1.5 * parseFloat(getComputedStyle(e).lineHeight)"),
          unit.execute_script("return document.getElementById('me-role').offsetHeight"))
    check("... and the page does not scroll sideways",
          not unit.execute_script("return document.documentElement.scrollWidth > window.innerWidth"))
    unit.save_screenshot(f"{SHOTS}/web-bar-unit-phone.png")
finally:
    unit.quit()

# a unit's person whose record has a display name: the bar names them over
# the role and their unit's name ("Đơn vị" alone says not which unit), at
# 1366 px; on a phone, a unit with a long name wraps there, as for an
# account without a name
for width, name, first, unit_name in ((1366, "lay-named", "first-named-11", "Sở Nội vụ"),
                                      (390, "lay-vhn", "first-vhn-11", "Sở Văn hóa, Thể thao và Du lịch")):
    named = browser()
    try:
        if width == 390:
            phone(named)
        sign_in(named, BASE, name, first, name + "-pass-2")
        person = "Trần Thị Thu Hà" if name == "lay-named" else "Phạm Văn Bình"
        check(f"{width} px: the bar names a unit's person by their display name, over the role and the unit's name",
              within(named, 3, lambda d: text(d, "#me-name") == person)
              and text(named, "#me-role") == "Đơn vị · " + unit_name and name not in text(named, ".navbar"),
              text(named, ".navbar"))
        check(f"{width} px: ... whole", named.execute_script(CLIPPED, unit_name) == [],
              named.execute_script(CLIPPED, unit_name))
        check(f"{width} px: ... and the page does not scroll sideways",
              not named.execute_script("return document.documentElement.scrollWidth > window.innerWidth"))
        if width == 390:
            check("390 px: ... the name's line over the role's, which wraps",
                  named.execute_script(
                      "const n = document.getElementById('me-name'), r = document.getElementById('me-role');"
                      "return n.getBoundingClientRect().bottom <= r.getBoundingClientRect().top + 1"
                      " && r.offsetHeight > 1.5 * parseFloat(getComputedStyle(r).lineHeight)"),
                  named.execute_script("return document.getElementById('me').outerHTML"))
        else:
            check("1366 px: ... and the bar is still one line", named.execute_script(WRAPPED) == [],
                  named.execute_script(WRAPPED))
        named.save_screenshot(f"{SHOTS}/web-bar-named-{width}.png")
    finally:
        named.quit()
sys.exit(failures())
