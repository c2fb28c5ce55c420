#!/usr/bin/python3
"""The lists while live changes redraw them, in a real browser (headless
Chromium through selenium). The office presses a task's row, a change
arrives (the same task renamed, a new task sorted above it) before the
button comes up: the task pressed is the one chosen, on the task list and
on the overview. The keyboard's focus stays on a row, and on the admin's
"Sửa" button of a unit, across changes to them and around them. A task
chosen is in the address: a reload shows it, the back button returns to
the task before; the card's "Đóng" (Tab, Enter) and Escape close it and
take it out of the address, and back opens it again; the menu's links
show their page with no task open. A unit's
"và N mục khác" under a group of "Việc cần làm" opens the full list
filtered by that group's rule, says so, and offers to clear it. On a
phone (390 px) the chair's decision page fits the width: neither the page
nor a table scrolls sideways; a candidate someone decided while the page
had not heard of it yet, when pressed, keeps a line in its row saying so.
Usage: list_checks.py BASE_URL SCREENSHOT_DIR
The exit status is the number of failures."""
import datetime
import re
import sys

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from webcheck import SLACK_S, api, province_today, browser, check, failures, go, phone, press, shown, sign_in, text, within

BASE, SHOTS = sys.argv[1], sys.argv[2]


def row_of(d, box, title):
    """The id of the row in tbody box whose text holds title, or None."""
    for r in d.find_elements(By.CSS_SELECTOR, f"#{box} tr"):
        if title in r.text:
            return r.get_attribute("data-id")
    return None


def revision(d):
    """The revision the page has seen, as its status line's tooltip says it."""
    m = re.search(r"(\d+)\s*$", d.find_element(By.ID, "state").get_attribute("title") or "")
    return int(m.group(1)) if m else 0


def seen(d, answer):
    """Waits until the page has the revision a call answered with."""
    want = answer["body"].get("revision", 0)
    return within(d, SLACK_S, lambda d: revision(d) >= int(want))


def focused(d, css):
    return d.execute_script("const a = document.activeElement; return !!(a && a.matches(arguments[0]))", css)


def soon(days):
    """The day days from now, yyyy-mm-dd."""
    return (province_today() + datetime.timedelta(days=days)).isoformat()


od = browser()
try:
    sign_in(od, BASE, "office-lst", "first-office-l", "office-lst-pass-2", path="/#/tasks",
            ready=lambda d: row_of(d, "list", "Việc của Sở Nội vụ số 5"))

    # a press that a live change redraws under: on the task list, then on the overview
    for n, (page, box) in enumerate([("#/tasks", "list"), ("#/overview", "tasks")], 1):
        go(od, page, box)
        title = f"Việc của Sở Nội vụ số {4 + n}"
        tid = row_of(od, box, title)
        row = od.find_element(By.CSS_SELECTOR, f"#{box} tr[data-id='{tid}']")
        od.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", row)
        ActionChains(od).move_to_element(row).click_and_hold().perform()
        renamed = f"{title} (đã đổi tên {n})"
        a = api(od, "task.edit", {"id": tid, "title": renamed})
        b = api(od, "task.create", {"task": {"title": f"Việc gấp chen lên đầu {n}", "kind": "work", "phase": "before",
                                             "lead_unit": "SO-TC", "deadline": soon(1)}})
        check(f"{page}: the changes are made while the row is pressed", a["status"] == 200 and b["status"] == 200, (a, b))
        check(f"{page}: the page has them before the button comes up", seen(od, b), text(od, "#state"))
        ActionChains(od).release().perform()
        check(f"{page}: the task pressed is the one chosen",
              within(od, SLACK_S, lambda d: text(d, "#d-title") == f"{tid} · {renamed}"), text(od, "#d-title"))
        check(f"{page}: its row is marked chosen, the new task listed",
              within(od, SLACK_S, lambda d: "table-active" in (d.find_element(By.CSS_SELECTOR, f"#{box} tr[data-id='{tid}']")
                                                               .get_attribute("class") or "")
                     and row_of(d, box, f"Việc gấp chen lên đầu {n}")))

    # the keyboard's focus on a row stays there while the row and others change
    go(od, "#/tasks", "list")
    tid = row_of(od, "list", "Việc của Sở Nội vụ số 7")
    od.execute_script("document.querySelector(arguments[0]).focus()", f"#list tr[data-id='{tid}']")
    a = api(od, "task.edit", {"id": tid, "title": "Việc của Sở Nội vụ số 7 (sửa lần nữa)"})
    b = api(od, "task.create", {"task": {"title": "Việc gấp nữa", "kind": "work", "phase": "before",
                                         "lead_unit": "SO-TC", "deadline": soon(2)}})
    seen(od, b)
    check("a task's row keeps the focus across a change to it and a new row above it",
          within(od, SLACK_S, lambda d: row_of(d, "list", "(sửa lần nữa)") and row_of(d, "list", "Việc gấp nữa"))
          and focused(od, f"#list tr[data-id='{tid}']"),
          od.execute_script("return document.activeElement.outerHTML.slice(0, 120)"))

    # a task has an address of its own: reload and back give it again
    first, second = row_of(od, "list", "Việc của Sở Nội vụ số 1"), row_of(od, "list", "Việc của Sở Nội vụ số 2")
    for tid in (first, second):
        od.find_element(By.CSS_SELECTOR, f"#list tr[data-id='{tid}']").click()
        check(f"choosing {tid} puts it in the address",
              within(od, SLACK_S, lambda d: f"task={tid}" in d.execute_script("return location.hash")),
              od.execute_script("return location.hash"))
    od.refresh()
    check("a reload shows the task of the address",
          within(od, SLACK_S, lambda d: text(d, "#d-title").startswith(second + " · ")), text(od, "#d-title"))
    od.back()
    check("the back button shows the task before",
          within(od, SLACK_S, lambda d: text(d, "#d-title").startswith(first + " · ")), text(od, "#d-title"))
    # the card's "Đóng", reached with Tab and pressed with Enter, then Escape:
    # each takes the task out of the address, and back opens it again
    card_closed = lambda d: (not shown(d, "detail") and "task=" not in d.execute_script("return location.hash")  # noqa: E731
                             and focused(d, f"#list tr[data-id='{first}']"))
    od.execute_script("document.getElementById('b-edit').focus()")
    ActionChains(od).send_keys(Keys.TAB).perform()
    check("the card's 'Đóng' comes next with Tab", focused(od, "#d-close") and text(od, "#d-close") == "Đóng",
          od.execute_script("return document.activeElement.outerHTML.slice(0, 120)"))
    ActionChains(od).send_keys(Keys.ENTER).perform()
    check("... closes the card, takes the task out of the address, the focus on its row",
          within(od, SLACK_S, card_closed), (od.execute_script("return location.hash"),
                                             od.execute_script("return document.activeElement.outerHTML.slice(0, 120)")))
    od.back()
    check("... and the back button opens it again",
          within(od, SLACK_S, lambda d: shown(d, "detail") and text(d, "#d-title").startswith(first + " · ")),
          text(od, "#d-title"))
    ActionChains(od).send_keys(Keys.ESCAPE).perform()
    check("Escape closes the card too", within(od, SLACK_S, card_closed),
          (od.execute_script("return location.hash"), shown(od, "detail")))
    od.back()
    within(od, SLACK_S, lambda d: shown(d, "detail"))
    # the menu's links go to their page with no task open, as their address says
    closed = lambda section: lambda d: (shown(d, section) and not shown(d, "detail")  # noqa: E731
                                        and "task=" not in d.execute_script("return location.hash")
                                        and not d.find_elements(By.CSS_SELECTOR, f"#{section} tr.table-active"))
    press(od, "nav-tasks")
    check("the menu's 'Nhiệm vụ' shows the list with no task open", within(od, SLACK_S, closed("tasklist")),
          (od.execute_script("return location.hash"), text(od, "#d-title")))
    od.back()
    check("... and the back button opens the task again",
          within(od, SLACK_S, lambda d: shown(d, "detail") and text(d, "#d-title").startswith(first + " · ")),
          text(od, "#d-title"))
    press(od, "nav-overview")
    check("the menu's 'Tổng quan' shows the overview with no task open", within(od, SLACK_S, closed("overview")),
          (od.execute_script("return location.hash"), text(od, "#d-title")))
finally:
    od.quit()

ad = browser()
try:
    sign_in(ad, BASE, "admin-lst", "first-admin-lst", "admin-lst-pass-2", path="/#/admin", ready="units-list")
    # the button of the unit's row, found by what the row shows
    unit_row = "[...document.querySelectorAll('#units-list tr')].find((r) => r.cells[0].textContent === arguments[0])"
    on_edit = f"const r = {unit_row}; return !!r && document.activeElement === r.querySelector('button')"
    within(ad, SLACK_S, lambda d: d.execute_script(f"return !!{unit_row}", "SO-TC"))
    ad.execute_script(f"{unit_row}.querySelector('button').focus()", "SO-TC")
    b = api(ad, "unit.add", {"unit": {"code": "SO-AA", "name": "Sở thử đứng đầu", "kind": "department"}})
    seen(ad, b)
    check("the unit's 'Sửa' keeps the focus when a unit is added above it",
          within(ad, SLACK_S, lambda d: d.execute_script(f"return !!{unit_row}", "SO-AA"))
          and ad.execute_script(on_edit, "SO-TC"), ad.execute_script("return document.activeElement.outerHTML.slice(0, 120)"))
    b = api(ad, "unit.edit", {"unit": {"code": "SO-TC", "name": "Sở Tài chính tỉnh", "kind": "department"}})
    seen(ad, b)
    check("... and when its own row changes",
          within(ad, SLACK_S, lambda d: d.execute_script(f"return {unit_row}.textContent.includes('Sở Tài chính tỉnh')", "SO-TC"))
          and ad.execute_script(on_edit, "SO-TC"), ad.execute_script("return document.activeElement.outerHTML.slice(0, 120)"))
finally:
    ad.quit()

def group_count(d, key):
    """How many items the overview's to-do group key counts, as its header says."""
    m = re.search(r"\((\d+)\)\s*$", text(d, f"#todo [data-todo='{key}'] .card-header"))
    return int(m.group(1)) if m else -1


def rows(d, box):
    return d.find_elements(By.CSS_SELECTOR, f"#{box} tr")


ud = browser()
try:
    # the unit leads more tasks waiting for its report than a group shows (8)
    more_css = "#todo [data-todo='td_tasks'] a"  # its items are rows, its one link the rest
    sign_in(ud, BASE, "nv-lst", "first-unit-lst", "nv-lst-pass-22",
            ready=lambda d: d.find_elements(By.CSS_SELECTOR, more_css))
    n = group_count(ud, "td_tasks")
    check("the group says how many more it does not show", text(ud, more_css) == f"và {n - 8} mục khác",
          (n, text(ud, more_css)))
    press(ud, more_css, By.CSS_SELECTOR)
    check("'và N mục khác' opens the task list filtered by the group",
          within(ud, SLACK_S, lambda d: shown(d, "tasklist") and d.execute_script("return location.hash") == "#/tasks?todo=td_tasks"),
          ud.execute_script("return location.hash"))
    check("... listing what the group counts, and nothing else",
          within(ud, SLACK_S, lambda d: len(rows(d, "list")) == n and "Việc của Sở Tài chính" not in text(d, "#list")),
          (n, len(rows(ud, "list")), text(ud, "#list")[:300]))
    check("the list says the filter is on, naming the group",
          shown(ud, "list-todo") and text(ud, "#list-todo-text") == "Đang lọc theo Việc cần làm: Nhiệm vụ cần báo cáo, nộp kết quả.",
          text(ud, "#list-todo"))
    press(ud, "list-todo-clear")
    check("'Bỏ lọc' shows every task again",
          within(ud, SLACK_S, lambda d: not shown(d, "list-todo") and "Việc của Sở Tài chính" in text(d, "#list"))
          and ud.execute_script("return location.hash") == "#/tasks", ud.execute_script("return location.hash"))
    # a nominee group's filter, by its address: the nominee list of the same rule
    go(ud, "#/overview", "todo")
    drafts = group_count(ud, "td_drafts")
    go(ud, "#/nominees?todo=td_drafts", "n-list")
    check("the nominee list filtered by a group holds what the group counts",
          within(ud, SLACK_S, lambda d: len(rows(d, "n-list")) == drafts > 0 and shown(d, "n-todo")),
          (drafts, len(rows(ud, "n-list")), text(ud, "#n-todo")))
    go(ud, "#/nominees", "n-list")
    check("... and without the filter, more", within(ud, SLACK_S, lambda d: len(rows(d, "n-list")) > drafts
                                                     and not shown(d, "n-todo")), len(rows(ud, "n-list")))
finally:
    ud.quit()

SIDEWAYS = """return [document.documentElement, ...document.querySelectorAll('#k-groups .table-responsive')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => (e.id || e.className) + ' ' + e.scrollWidth + '>' + e.clientWidth)"""
cd = browser(width=390, height=844)
try:
    phone(cd)
    sign_in(cd, BASE, "chair-lst", "first-chair-lst", "chair-lst-pass-2", path="/#/decision",
            ready=lambda d: d.find_elements(By.CSS_SELECTOR, "#k-groups button[id^='k-select-']"))
    check("the page is 390 px wide", cd.execute_script("return document.documentElement.clientWidth") <= 390,
          cd.execute_script("return document.documentElement.clientWidth"))
    check("on a phone the decision page does not scroll sideways", cd.execute_script(SIDEWAYS) == [],
          cd.execute_script(SIDEWAYS))
    cd.save_screenshot(f"{SHOTS}/web-decision-phone.png")

    # a candidate decided elsewhere while this page has not heard of it yet:
    # the page is shown the candidate as it was, and the chair presses on it
    # (one the chair may select: a candidate still waiting for the council's vote may not be)
    nid = cd.find_element(By.CSS_SELECTOR, "#k-groups button[id^='k-select-']:enabled").get_attribute("id")[len("k-select-"):]
    cd.execute_async_script("""
        const [id, done] = arguments;
        import("/state.js").then((m) => { window.before = structuredClone(m.S.records.get("nominee/" + id)); done(); });""", nid)
    a = api(cd, "nominee.decide", {"id": nid, "selected": False, "reason": "Chưa tiêu biểu bằng các hồ sơ khác"})
    check("the candidate is decided elsewhere", a["status"] == 200 and within(cd, SLACK_S, lambda d: not shown(d, f"k-select-{nid}")), a)
    cd.execute_async_script("""
        const [id, done] = arguments;
        Promise.all([import("/state.js"), import("/decision.js")]).then(([s, m]) => {
          s.S.records.set("nominee/" + id, window.before); m.renderDecision(); done(); });""", nid)
    press(cd, f"k-select-{nid}")
    note = f"#k-groups tr[data-id='{nid}'] [data-first]"
    check("a press on a candidate someone decided first says so in its row",
          within(cd, SLACK_S, lambda d: text(d, note) == "Đã có người quyết định trước: Không chọn."
                 and d.find_element(By.CSS_SELECTOR, note).is_displayed()), text(cd, f"#k-groups tr[data-id='{nid}']"))
    check("... and the row shows their decision and reason",
          "Chưa tiêu biểu bằng các hồ sơ khác" in text(cd, f"#k-groups tr[data-id='{nid}']"), text(cd, f"#k-groups tr[data-id='{nid}']"))
    check("... on a phone too, without scrolling sideways", cd.execute_script(SIDEWAYS) == [], cd.execute_script(SIDEWAYS))
    for e in cd.find_elements(By.CSS_SELECTOR, note):
        cd.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", e)
    cd.save_screenshot(f"{SHOTS}/web-decision-first-phone.png")
finally:
    cd.quit()
sys.exit(failures())
