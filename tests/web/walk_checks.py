#!/usr/bin/python3
"""What a new office worker meets on a first walk through the pages, in a
real browser (headless Chromium through selenium): the quota tables of the
overview and of the admin's page list the fields in the order every other
page uses (Kinh tế, Văn hóa, Xã hội, Quốc phòng - An ninh; individuals
before collectives), not in the program's alphabetical order of codes,
and their numbers line up on the right as in the statistics.
Usage: walk_checks.py BASE_URL SCREENSHOT_DIR
The exit status is the number of failures."""
import sys

from webcheck import browser, check, failures, go, phone, sign_in, within

BASE, SHOTS = sys.argv[1:3]

# A table's rows as its cells' texts, and each cell's and heading's
# alignment; tbody is the id of its body.
TABLE = """
const body = document.getElementById(arguments[0]), table = body.closest("table");
const right = (e) => ["right", "end"].includes(getComputedStyle(e).textAlign);
return {rows: [...body.rows].map((r) => [...r.cells].map((c) => c.textContent)),
        right: [...body.rows].map((r) => [...r.cells].map(right)),
        heads: [...table.tHead.rows[0].cells].map((c) => [c.textContent, right(c)])};"""

# Kinh tế, Văn hóa, Xã hội, Quốc phòng - An ninh; Cá nhân before Tập thể
ORDER = [(f, k) for f in ("Kinh tế", "Văn hóa", "Xã hội", "Quốc phòng - An ninh") for k in ("Cá nhân", "Tập thể")]


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
    within(office, 3, lambda d: d.execute_script("return document.getElementById('nominees').rows.length") >= 3)
    quota_table(office, "the overview", "nominees", (2, 3, 4))
    office.execute_script("document.getElementById('nominees-box').scrollIntoView({behavior: 'instant'})")
    office.save_screenshot(f"{SHOTS}/web-walk-overview-quotas.png")
finally:
    office.quit()

admin = browser()
try:
    sign_in(admin, BASE, "walk-admin", "first-walk-adm", "walk-admin-pass-2", path="/#/admin", ready="f-qt")
    within(admin, 3, lambda d: d.execute_script("return document.getElementById('quotas-list').rows.length") >= 3)
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
