#!/usr/bin/python3
"""What a new office worker meets on a first walk through the pages, in a
real browser (headless Chromium through selenium): the quota tables of the
overview and of the admin's page list the fields in the order every other
page uses (Kinh tế, Văn hóa, Xã hội, Quốc phòng - An ninh; collectives
before individuals), not in the program's alphabetical order of codes,
and their numbers line up on the right as in the statistics. On a task's
card the office's button that cancels the task says so ("Hủy nhiệm vụ",
not a bare "Hủy" beside a text box), and since a cancelled task cannot be
opened again it asks for a second press, sending nothing at the first.
The feed of changes, empty until something happens after the page opened,
says so, rather than leaving a blank under its filters. The admin's list
of people offers no "Khóa" for the gateway's own principal: locked, it
would take the pages down for everyone (the broker refuses its key) and
they stayed down after it was unlocked; the gateway refuses it too.
Usage: walk_checks.py BASE_URL SCREENSHOT_DIR CANCEL_TASK OTHER_TASK
The exit status is the number of failures."""
import sys

from webcheck import browser, check, failures, go, phone, press, shown, sign_in, text, within

BASE, SHOTS, CANCEL_TASK, OTHER_TASK = sys.argv[1:5]

# A table's rows as its cells' texts, and each cell's and heading's
# alignment; tbody is the id of its body.
TABLE = """
const body = document.getElementById(arguments[0]), table = body.closest("table");
const right = (e) => ["right", "end"].includes(getComputedStyle(e).textAlign);
return {rows: [...body.rows].map((r) => [...r.cells].map((c) => c.textContent)),
        right: [...body.rows].map((r) => [...r.cells].map(right)),
        heads: [...table.tHead.rows[0].cells].map((c) => [c.textContent, right(c)])};"""

# Kinh tế, Văn hóa, Xã hội, Quốc phòng - An ninh; Tập thể before Cá nhân, as
# `thidua stats` and the XLSX sheet list them
ORDER = [(f, k) for f in ("Kinh tế", "Văn hóa", "Xã hội", "Quốc phòng - An ninh") for k in ("Tập thể", "Cá nhân")]


def in_order(rows):
    keys = [(r[0], r[1]) for r in rows]
    return all(k in ORDER for k in keys) and keys == sorted(keys, key=ORDER.index)


def quota_table(d, who, tbody, numbers):
    """The table's rows are in the pages' order of fields and kinds, and
    its columns numbers (their indexes) are aligned right, headings too."""
    tab = d.execute_script(TABLE, tbody)
    rows = tab["rows"]
    check(f"{who}: the quota table lists the fields in the pages' order", len(rows) >= 3 and in_order(rows), rows)
    check(f"{who}: ... its numbers line up on the right",
          all(r[i] for r in tab["right"] for i in numbers) and all(tab["heads"][i][1] for i in numbers),
          (tab["heads"], tab["right"]))
    check(f"{who}: ... its words on the left",
          all(not r[i] for r in tab["right"] for i in (0, 1)), tab["right"])
    return tab


office = browser()
try:
    sign_in(office, BASE, "walk-office", "first-walk-off", "walk-office-pass-2")
    check("a feed with no change yet says so, and that changes will show there",
          within(office, 3, lambda d: "Chưa có thay đổi nào" in text(d, "#ff-empty")) and
          office.execute_script("return document.querySelectorAll('#feed li').length") == 0, text(office, "#ff-empty"))
    office.save_screenshot(f"{SHOTS}/web-walk-feed-empty.png")
    within(office, 3, lambda d: d.execute_script("return document.getElementById('nominees').rows.length") >= 3)
    quota_table(office, "the overview", "nominees", (2, 3, 4))
    office.execute_script("document.getElementById('nominees-box').scrollIntoView({behavior: 'instant'})")
    office.save_screenshot(f"{SHOTS}/web-walk-overview-quotas.png")
finally:
    office.quit()

# The buttons' words on a person's row of the admin's list of people.
def buttons(d, name):
    return d.execute_script("""return [...document.querySelectorAll('#principals tr')]
        .filter((r) => r.cells[0].textContent === arguments[0])
        .flatMap((r) => [...r.querySelectorAll('button')].map((b) => b.textContent));""", name)


# The admin locks or unlocks a principal past the page's buttons.
STATE = """
const [name, disabled, done] = arguments;
(async () => {
  const me = await (await fetch("/api/me", {credentials: "same-origin"})).json();
  const r = await fetch("/api/admin/account-state", {method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-CSRF-Token": me.csrf, "X-Thidua-Lang": "vi"},
    body: JSON.stringify({name, disabled})});
  done({status: r.status, body: await r.json()});
})().catch((e) => done({status: 0, body: String(e)}));"""

# Counts the page's requests to cancel a task.
COUNT_CANCEL = """
window.__cancel = 0;
const f = window.fetch;
window.fetch = (u, o) => { if (String(u).endsWith("/api/call/task.cancel")) window.__cancel++; return f(u, o); };"""

for width in (390, 1366):  # the phone's first, as the wide one's second press cancels the task
    card = browser()
    try:
        if width == 390:
            phone(card)
        sign_in(card, BASE, "walk-office", "walk-office-pass-2")
        card.execute_script(COUNT_CANCEL)
        go(card, f"#/tasks?task={CANCEL_TASK}", "b-cancel")
        check(f"{width} px: the office's button says it cancels the task", text(card, "#b-cancel") == "Hủy nhiệm vụ",
              text(card, "#b-cancel"))
        press(card, "b-cancel")
        check(f"{width} px: the first press asks to confirm, saying a cancelled task cannot be opened again",
              within(card, 3, lambda d: "không mở lại được" in text(d, "#o-confirm") and "lần nữa" in text(d, "#o-confirm")),
              text(card, "#f-office"))
        check(f"{width} px: ... read out when it comes",
              card.execute_script("return document.getElementById('o-confirm').getAttribute('role')") == "alert")
        check(f"{width} px: ... in view", card.execute_script(
            "const b = document.getElementById('o-confirm').getBoundingClientRect();"
            "return b.height > 0 && b.top >= 0 && b.bottom <= window.innerHeight"))
        check(f"{width} px: ... and nothing is sent", card.execute_script("return window.__cancel") == 0,
              card.execute_script("return window.__cancel"))
        if width == 1366:
            card.save_screenshot(f"{SHOTS}/web-walk-cancel.png")
            # another task's card: the question was for the first task alone
            go(card, f"#/tasks?task={OTHER_TASK}", "b-cancel")
            check("another task's card does not carry the question over",
                  within(card, 3, lambda d: not shown(d, "o-confirm")), text(card, "#f-office"))
            press(card, "b-cancel")
            check("... its first press asks again, sending nothing",
                  within(card, 3, lambda d: shown(d, "o-confirm")) and card.execute_script("return window.__cancel") == 0)
            go(card, f"#/tasks?task={CANCEL_TASK}", "b-cancel")
            press(card, "b-cancel")
            within(card, 3, lambda d: shown(d, "o-confirm"))
            press(card, "b-cancel")
            check("the second press cancels the task",
                  within(card, 3, lambda d: "Đã hủy" in text(d, "#d-meta")) and card.execute_script("return window.__cancel") == 1,
                  text(card, "#d-meta"))
            check("... and the question goes", not shown(card, "o-confirm"), text(card, "#f-office"))
            check("the feed shows the change, and no longer says it is empty",
                  within(card, 3, lambda d: CANCEL_TASK in text(d, "#feed")) and text(card, "#ff-empty") == "",
                  (text(card, "#feed"), text(card, "#ff-empty")))
        else:
            card.save_screenshot(f"{SHOTS}/web-walk-cancel-phone.png")
    finally:
        card.quit()

admin = browser()
try:
    sign_in(admin, BASE, "walk-admin", "first-walk-adm", "walk-admin-pass-2", path="/#/admin", ready="f-qt")
    within(admin, 3, lambda d: d.execute_script("return document.getElementById('quotas-list').rows.length") >= 3)
    people = lambda d: {r[0]: r for r in d.execute_script(TABLE, "principals")["rows"]}  # noqa: E731
    within(admin, 3, lambda d: "gateway" in people(d) and "nv" in people(d))
    row, lock = people(admin)["gateway"], buttons(admin, "gateway")
    check("the admin's people: no lock for the gateway's own principal", lock == [], (row, lock))
    check("... which says it is the web gateway's", "cổng web" in row[-1], row)
    check("... a person's row keeps its lock", buttons(admin, "nv")[:1] == ["Khóa"], buttons(admin, "nv"))
    got = admin.execute_async_script(STATE, "gateway", True)
    if got["status"] == 200:  # the lock went through: unlock it, for the checks after these
        admin.execute_async_script(STATE, "gateway", False)
    check("the gateway refuses to lock its own principal", got["status"] == 409
          and got["body"]["error"]["reason"] == "web.gateway_principal" and "cổng web" in got["body"]["error"]["message"], got)
    check("... which stays unlocked",
          admin.execute_script("return document.evaluate(\"//tbody[@id='principals']/tr[td[1]='gateway']/td[5]\","
                               " document, null, 2, null).stringValue") == "Đang hoạt động")
    check("... and the pages stay connected", within(admin, 3, lambda d: "đã kết nối" in text(d, "#state")), text(admin, "#state"))
    admin.save_screenshot(f"{SHOTS}/web-walk-admin-people.png")
    tab = quota_table(admin, "the admin's page", "quotas-list", (2, 3, 4))
    check("the admin's page: the per-unit column's heading is a heading, not the form's hint",
          "(0:" not in tab["heads"][3][0], tab["heads"])
    admin.execute_script("document.getElementById('f-qt').scrollIntoView({behavior: 'instant'})")
    admin.save_screenshot(f"{SHOTS}/web-walk-admin-quotas.png")
    phone(admin)
    go(admin, "#/admin", "f-qt")
    admin.execute_script("document.getElementById('f-qt').scrollIntoView({behavior: 'instant'})")
    admin.save_screenshot(f"{SHOTS}/web-walk-admin-quotas-phone.png")
    check("the admin's page on a phone does not scroll sideways",
          not admin.execute_script("return document.documentElement.scrollWidth > window.innerWidth"))
finally:
    admin.quit()
sys.exit(failures())
