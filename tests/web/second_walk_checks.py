#!/usr/bin/python3
"""What an office worker notices on a second walk through the pages, in a
real browser (headless Chromium through selenium): a unit's overview
counts the tasks of its own unit (those it leads or supports, as its
task list and statistics do), under a heading that names the unit, not
the whole province's. A task's card says its progress beside the bar,
"0 %" too, which an empty bar hid. A unit's report with "Tiến độ" left
empty or out of 0-100 is refused beside the field in the page's words,
not by the browser's own check in the browser's language, and sends
nothing. A file chosen for a unit's dossier that the dossier would not
take (of another kind, over 16 MiB) is refused beside the field as soon
as it is chosen, and let go. A dossier in public disclosure opened with
no minimum of working days says nothing of one ("tối thiểu 0 ngày làm
việc"); one with a minimum names it and the first day it may close. On
the decision page the office, which does not decide, reads who does
beside a candidate waiting for it, and on a phone no cell shows a bare
label ("Quyết định:") with nothing after it. A dossier's table of
criteria checks leaves out a column with nothing in it (a draft's note
and who recorded it), and on a phone shows each criterion as a block;
there the dossier leaves room before the feed ("Thay đổi mới"), as the
other pages do. Lists of nominees go by id on every page (the to-do
groups, the list, the decision's ties), and the statistics list fields
and kinds in the order of every other page, collectives before
individuals, as `thidua stats` does. A file field's hidden input, which
Tab reaches, shows the keyboard's place on its "Chọn tệp" button, on the
task card and in the dossier. The page names its icon, which the gateway
serves as SVG, and so never asks for a /favicon.ico that is not there. A
unit's draft says how many proposals its unit has left in its field and
kind; with none left its button is off and says why, and the to-do marks
it.
Usage: second_walk_checks.py BASE_URL SCREENSHOT_DIR ZERO_TASK DRAFT OPEN0,OPEN3 VETTED
The exit status is the number of failures."""
import datetime
import os
import sys
import tempfile

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from webcheck import api, browser, province_today, check, failures, go, phone, press, refusal, shown, sign_in, text, type_in, within

BASE, SHOTS, ZERO_TASK, DRAFT = sys.argv[1:5]
OPEN0, OPEN3 = sys.argv[5].split(",")
VETTED = sys.argv[6]

# Whether the task's card shows a text as a person sees it: an element that
# holds it alone (no element inside), displayed, wider than nothing, and
# not cut by its own box.
SHOWS = """return [...document.querySelectorAll('#detail *')].some((e) => !e.children.length
  && e.textContent.trim() === arguments[0] && e.offsetParent && e.getBoundingClientRect().width > 0
  && e.scrollWidth <= e.clientWidth + 1);"""

# The decision page's cells that a phone shows as a label with nothing after it.
BARE = """return [...document.querySelectorAll('#k-groups td[data-label]')]
  .filter((c) => c.getBoundingClientRect().height > 0 && !c.textContent.trim())
  .map((c) => c.closest('tr').dataset.id + ': ' + c.dataset.label);"""

# The criteria checks' columns shown (their headings) and rows (their
# cells' texts, the cells shown only).
CHECKS = """const b = document.getElementById('x-checks'), shown = (e) => e.getBoundingClientRect().height > 0
  && getComputedStyle(e).display !== 'none';
return {heads: [...b.closest('table').tHead.rows[0].cells].filter((c) => getComputedStyle(c).display !== 'none')
          .map((c) => c.textContent),
        rows: [...b.rows].map((r) => [...r.cells].filter(shown).map((c) => c.textContent)),
        wide: document.documentElement.scrollWidth > window.innerWidth};"""

# The room, in px, between the page's last thing shown in #main (a text, a
# control) and the feed's heading below it on a phone.
ROOM = """let bottom = 0;
for (const e of document.getElementById('main').querySelectorAll('*')) {
  const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) || e.matches('input, button, select, textarea');
  const r = e.getBoundingClientRect();
  if (own && r.height > 0) bottom = Math.max(bottom, r.bottom);
}
return Math.round(document.getElementById('feed-title').getBoundingClientRect().top - bottom);"""

# Kinh tế, Văn hóa, Xã hội, Quốc phòng - An ninh; Tập thể before Cá nhân, as
# `thidua stats` and the XLSX sheet list them
ORDER = [(f, k) for f in ("Kinh tế", "Văn hóa", "Xã hội", "Quốc phòng - An ninh") for k in ("Tập thể", "Cá nhân")]

# The statistics' tables: each one's heading and its rows' first two cells,
# without the total.
STATS = """return [...document.querySelectorAll('#s-tables > div')].map((b) => [b.querySelector('h2').textContent,
  [...b.querySelector('tbody').rows].slice(0, -1).map((r) => [r.cells[0].textContent, r.cells[1].textContent])]);"""

# The ids of the nominees in each to-do group that lists nominees.
TODO = """return [...document.querySelectorAll('#todo [data-todo]')].map((g) =>
  [...g.querySelectorAll('a[data-id]')].map((a) => a.dataset.id)).filter((ids) => ids.length);"""

# Nominee ids (N-9 before N-10).
by_id = lambda ids: sorted(ids, key=lambda i: int(i.split("-")[1]))  # noqa: E731

# Where the keyboard is, and the outline of the label of the file field
# input (its id), if any.
FOCUS = """const l = document.querySelector(`label[for="${arguments[0]}"]`), o = getComputedStyle(l);
return [document.activeElement.id, o.outlineStyle, parseFloat(o.outlineWidth), l.getBoundingClientRect().width > 0];"""


def tab_to_file(d, before, file_id, what, shot):
    """Tab from the control before (its id) onto the file field file_id:
    the keyboard's place shows on its button."""
    d.execute_script("document.getElementById(arguments[0]).focus()", before)
    ActionChains(d).send_keys(Keys.TAB).perform()
    got = d.execute_script(FOCUS, file_id)
    check(f"Tab from {before} reaches {what}'s file field and its “Chọn tệp” shows the keyboard's place",
          got[0] == file_id and got[1] == "solid" and got[2] >= 2 and got[3], got)
    d.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
                     d.find_element(By.CSS_SELECTOR, f"label[for='{file_id}']"))
    d.save_screenshot(f"{SHOTS}/{shot}")


# Counts the page's requests of one kind (/api/call/KIND or /api/upload/KIND).
COUNT = """
window.__sent = 0;
const f = window.fetch, kind = arguments[0];
window.fetch = (u, o) => { if (String(u).endsWith("/" + kind)) window.__sent++; return f(u, o); };"""

# The overview's count cards: label -> number.
CARDS = """return Object.fromEntries([...document.querySelectorAll('#counts .card')]
  .map((c) => [c.children[0].textContent, Number(c.children[1].textContent)]));"""


def all_tasks(d, **filters):
    """Every task the broker lists for filters, through the page's session."""
    got = api(d, "task.list", {"page_size": 1000, **filters})
    assert got["status"] == 200, got
    return got["body"].get("tasks", {}).get("tasks", [])


def overdue(xs, today):
    return [x for x in xs if x.get("deadline", "") < today and x.get("status", "") not in ("accepted", "cancelled")
            and x.get("deadline")]


unit = browser()
try:
    sign_in(unit, BASE, "w2-nv", "first-w2-unit1", "w2-unit-pass-2")
    within(unit, 3, lambda d: "Tổng số" in d.execute_script(CARDS))
    today = province_today().isoformat()
    mine, every = all_tasks(unit, unit="SO-NV"), all_tasks(unit)
    cards = unit.execute_script(CARDS)
    check("a unit's overview counts the tasks its unit leads or supports",
          cards.get("Tổng số") == len(mine) and len(mine) < len(every), (cards, len(mine), len(every)))
    check("... and of those, the overdue",
          cards.get("Quá hạn") == len(overdue(mine, today)) and len(overdue(mine, today)) < len(overdue(every, today)),
          (cards, len(overdue(mine, today)), len(overdue(every, today))))
    check("... under a heading that names the unit",
          text(unit, "#counts-scope") == "Nhiệm vụ do Sở Nội vụ chủ trì hoặc phối hợp", text(unit, "#counts-scope"))
    listed = [r.get_attribute("data-id") for r in unit.find_elements(By.CSS_SELECTOR, "#tasks tr")]
    check("... and its table lists those tasks, not the province's",
          sorted(listed) == sorted(x["id"] for x in mine), (listed, [x["id"] for x in mine]))
    check("... with the province's one link away",
          unit.find_element(By.ID, "all-tasks").is_displayed()
          and text(unit, "#all-tasks") == "Mọi nhiệm vụ của tỉnh", text(unit, "#all-tasks"))
    unit.find_element(By.ID, "all-tasks").click()
    check("... which opens the tasks page with every task",
          within(unit, 3, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#list tr")) == len(every)),
          len(unit.find_elements(By.CSS_SELECTOR, "#list tr")))
    go(unit, "#/", "overview")
    unit.save_screenshot(f"{SHOTS}/web-walk2-unit-overview.png")
    phone(unit)
    unit.save_screenshot(f"{SHOTS}/web-walk2-unit-overview-phone.png")
finally:
    unit.quit()

office = browser()
try:
    sign_in(office, BASE, "w2-office", "first-w2-office", "w2-office-pass-2")
    within(office, 3, lambda d: "Tổng số" in d.execute_script(CARDS))
    cards = office.execute_script(CARDS)
    check("the office's overview counts every task, with no unit's heading",
          cards.get("Tổng số") == len(all_tasks(office)) and text(office, "#counts-scope") == "",
          (cards, text(office, "#counts-scope")))
    # the status tiles in the order the work goes, not in the order the tasks come
    order = ["Tổng số", "Quá hạn", "Đã giao", "Đang thực hiện", "Yêu cầu bổ sung", "Chờ duyệt", "Hoàn thành", "Đã hủy"]
    labels = office.execute_script("return [...document.querySelectorAll('#counts .card')].map((c) => c.children[0].textContent)")
    check("... its status tiles in the order the work goes, each status once",
          len(labels) >= 5 and labels == [w for w in order if w in labels], labels)
    # the bar says the connection; the data's revision, a bare number on a
    # screen, is in its tooltip (and on paper, nominee_checks.py)
    check("the bar reads 'đã kết nối' alone, the revision in its tooltip",
          text(office, "#state") == "đã kết nối"
          and office.find_element(By.ID, "state").get_attribute("title").startswith("phiên bản "),
          (text(office, "#state"), office.find_element(By.ID, "state").get_attribute("title")))
    check("... and lists every task, with no link to them",
          len(office.find_elements(By.CSS_SELECTOR, "#tasks tr")) == len(all_tasks(office))
          and not office.find_element(By.ID, "all-tasks").is_displayed())
    for width in (1366, 390):
        if width == 390:
            phone(office)
        go(office, f"#/tasks?task={ZERO_TASK}", "detail")
        check(f"{width} px: a task's card at 0 % says so beside its bar",
              within(office, 3, lambda d: d.execute_script(SHOWS, "0 %")), text(office, "#detail"))
        office.execute_script("document.getElementById('detail').scrollIntoView({behavior: 'instant'})")
        office.save_screenshot(f"{SHOTS}/web-walk2-task-zero{'-phone' if width == 390 else ''}.png")
    go(office, f"#/nominee/{OPEN0}", "x-view")
    said = lambda d: text(d, "#x-disclosure")  # noqa: E731
    check("a disclosure opened with no minimum of working days says nothing of one",
          within(office, 3, lambda d: said(d).startswith("Đang lấy ý kiến · mở ngày")) and "tối thiểu" not in said(office)
          and "0 ngày" not in said(office) and "sớm nhất" not in said(office), said(office))
    office.execute_script("document.getElementById('x-disclosure').scrollIntoView({block: 'center', behavior: 'instant'})")
    office.save_screenshot(f"{SHOTS}/web-walk2-disclosure-phone.png")
    go(office, f"#/nominee/{OPEN3}", "x-view")
    check("... one with a minimum names it, and the first day it may close",
          within(office, 3, lambda d: "tối thiểu 3 ngày làm việc, sớm nhất được kết thúc ngày" in said(d)), said(office))
    for width in (1366, 390):
        if width == 390:
            phone(office)
        else:
            office.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        go(office, f"#/nominee/{DRAFT}", "x-view")
        within(office, 3, lambda d: d.execute_script(CHECKS)["rows"])
        got = office.execute_script(CHECKS)
        check(f"{width} px: a draft's criteria checks leave out the note and who recorded it, empty",
              got["heads"] == ["Tiêu chuẩn", "Kết quả"] if width == 1366 else
              all(len(r) == 2 and r[1] == "– Chưa thẩm định" for r in got["rows"]), got)
        office.execute_script("document.getElementById('x-checks').scrollIntoView({block: 'center', behavior: 'instant'})")
        office.save_screenshot(f"{SHOTS}/web-walk2-draft-checks{'-phone' if width == 390 else ''}.png")
        go(office, f"#/nominee/{OPEN3}", "x-view")
        row = "#x-checks tr[data-code='TC1']"
        within(office, 3, lambda d: "Công an tỉnh" in text(d, row))
        got = office.execute_script(CHECKS)
        check(f"{width} px: a criterion checked with a note shows the note and who recorded it",
              (got["heads"] == ["Tiêu chuẩn", "Kết quả", "Ghi chú", "Người ghi, thời gian"]) if width == 1366 else
              any(len(r) == 4 and "Công an tỉnh" in r[2] for r in got["rows"]), got)
        if width == 390:
            lines = office.execute_script("""return [...document.querySelector(arguments[0]).cells].map((c) =>
                [getComputedStyle(c).display, getComputedStyle(c, '::before').content, c.textContent]);""", row)
            check("... a criterion a block of lines, each named, the page no wider than the phone",
                  [ln[:2] for ln in lines] == [["block", f'"{h}: "'] for h in ("Tiêu chuẩn", "Kết quả", "Ghi chú",
                                                                              "Người ghi, thời gian")]
                  and not got["wide"], (lines, got["wide"]))
        office.execute_script("document.getElementById('x-checks').scrollIntoView({block: 'center', behavior: 'instant'})")
        office.save_screenshot(f"{SHOTS}/web-walk2-checks{'-phone' if width == 390 else ''}.png")
    go(office, f"#/nominee/{DRAFT}", "x-view")
    check("390 px: the office: a dossier's history leaves room before the feed below it",
          office.execute_script(ROOM) >= 12, office.execute_script(ROOM))
    office.execute_script("document.getElementById('feed-title').scrollIntoView({block: 'center', behavior: 'instant'})")
    office.save_screenshot(f"{SHOTS}/web-walk2-dossier-feed-phone.png")
    office.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    go(office, "#/overview", "todo-box")
    within(office, 3, lambda d: any(len(ids) >= 2 for ids in d.execute_script(TODO)))
    groups = office.execute_script(TODO)
    check("the office's to-do groups list their nominees by id",
          any(len(ids) >= 2 for ids in groups) and all(ids == by_id(ids) for ids in groups), groups)
    go(office, "#/nominees", "n-list")
    ids = office.execute_script("return [...document.querySelectorAll('#n-list tr')].map((r) => r.dataset.id)")
    check("... as the list of nominees does", len(ids) >= 4 and ids == by_id(ids), ids)
    go(office, "#/stats", "stats")
    within(office, 3, lambda d: len(d.execute_script(STATS)) >= 4)
    tables = {h: rows for h, rows in office.execute_script(STATS)}
    for h in ("Gương điển hình theo lĩnh vực, đối tượng và trạng thái",
              "Đề xuất, thẩm định, đề nghị và tuyên dương so với chỉ tiêu"):
        rows = [tuple(r) for r in tables.get(h, [])]
        known = [r for r in rows if r in ORDER]  # an unspecified field or kind, if any, after them
        check(f"the statistics' “{h}” lists fields and kinds in the pages' order, Tập thể first",
              known == ORDER and rows[:len(known)] == known, rows)
    office.execute_script("document.getElementById('s-tables').scrollIntoView({behavior: 'instant'})")
    office.save_screenshot(f"{SHOTS}/web-walk2-stats.png")
    phone(office)
    office.save_screenshot(f"{SHOTS}/web-walk2-stats-phone.png")
    waiting = f"#k-groups tr[data-id='{VETTED}'] td:last-child"
    for width in (390, 1366):
        if width == 1366:
            office.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        go(office, "#/decision", "k-groups")
        check(f"{width} px: the office reads who decides a candidate waiting for it",
              within(office, 3, lambda d: text(d, waiting).endswith("Chờ Trưởng ban quyết định")), text(office, waiting))
        if width == 390:
            check("... and no cell shows a label with nothing after it", office.execute_script(BARE) == [],
                  office.execute_script(BARE))
        office.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
                              office.find_element(By.CSS_SELECTOR, waiting))
        office.save_screenshot(f"{SHOTS}/web-walk2-decision{'-phone' if width == 390 else ''}.png")
finally:
    office.quit()

unit = browser()
try:
    sign_in(unit, BASE, "w2-nv", "w2-unit-pass-2", path=f"/#/tasks?task={ZERO_TASK}", ready="r-percent")
    unit.execute_script(COUNT, "task.report")
    said = refusal("f-report", "percent")
    for width, typed, words in ((1366, "", "Cần nhập tiến độ, từ 0 đến 100 (%)."),
                                (390, "150", "Tiến độ là một số nguyên từ 0 đến 100 (%).")):
        if width == 390:
            phone(unit)
        type_in(unit, "r-percent", typed)
        press(unit, "b-report")
        check(f"{width} px: a report with Tiến độ {typed or 'empty'} is refused beside the field, in the page's words",
              within(unit, 3, lambda d: text(d, said) == words), text(unit, "#f-report"))
        check("... the field marked, and nothing sent",
              "is-invalid" in unit.find_element(By.ID, "r-percent").get_attribute("class")
              and unit.execute_script("return window.__sent") == 0, unit.execute_script("return window.__sent"))
        unit.execute_script("document.getElementById('f-report').scrollIntoView({block: 'center', behavior: 'instant'})")
        unit.save_screenshot(f"{SHOTS}/web-walk2-report-percent{'-phone' if width == 390 else ''}.png")
    tab_to_file(unit, "r-text", "r-file", "the task card", "web-walk2-task-file-focus-phone.png")
    type_in(unit, "r-percent", "40")
    press(unit, "b-report")
    check("a report with Tiến độ 40 goes, and the refusal goes with it",
          within(unit, 3, lambda d: text(d, "#d-note") == "Đã gửi báo cáo tiến độ.") and text(unit, said) == ""
          and unit.execute_script("return window.__sent") == 1, (text(unit, "#f-report"), text(unit, "#d-note")))

    # the dossier's files: each refused at once, beside the field, or kept
    go(unit, f"#/nominee/{DRAFT}", "fu-attach")
    unit.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    tab_to_file(unit, "b-withdraw", "a-file", "the dossier", "web-walk2-dossier-file-focus.png")
    unit.execute_script(COUNT, "nominee.attach")
    files = tempfile.mkdtemp()
    said = refusal("fu-attach", "attachment")

    def choose(name, size):
        path = os.path.join(files, name)
        with open(path, "wb") as f:
            f.write(b"%PDF-1.4\n")  # begins as a PDF does: the broker checks
            f.truncate(size)
        unit.find_element(By.ID, "a-file").send_keys(path)

    for width, name, size, words in ((390, "Bang_diem.exe", 2048, "không thuộc loại hồ sơ nhận: chỉ nhận tệp PDF, ảnh"),
                                     (1366, "Bao_cao_thanh_tich.pdf", 16 * 1024 * 1024 + 1, "vượt quá 16 MiB")):
        if width == 1366:
            unit.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        else:
            phone(unit)
        choose(name, size)
        check(f"{width} px: a dossier's file {name} is refused beside the field as soon as it is chosen",
              within(unit, 3, lambda d: words in text(d, said) and name in text(d, said)), text(unit, "#fu-attach"))
        check("... let go, and nothing sent", text(unit, "#a-file-name") == "Chưa chọn tệp"
              and unit.execute_script("return document.getElementById('a-file').files.length") == 0
              and unit.execute_script("return window.__sent") == 0, text(unit, "#a-file-name"))
        unit.execute_script("document.getElementById('fu-attach').scrollIntoView({block: 'center', behavior: 'instant'})")
        unit.save_screenshot(f"{SHOTS}/web-walk2-dossier-file{'-phone' if width == 390 else ''}.png")
    choose("Bien_ban_hop_xet.PDF", 2048)
    check("a file of a kind the dossier holds is kept, and the refusal goes",
          within(unit, 3, lambda d: text(d, said) == "" and text(d, "#a-file-name") == "Bien_ban_hop_xet.PDF"),
          text(unit, "#fu-attach"))
    press(unit, "b-attach")
    check("... and it goes up", within(unit, 3, lambda d: "Bien_ban_hop_xet.PDF" in text(d, "#x-files"))
          and unit.execute_script("return window.__sent") == 1, text(unit, "#x-files"))
    phone(unit)
    go(unit, f"#/nominee/{DRAFT}", "fu-honours")
    check("390 px: the unit: its draft's last form leaves room before the feed below it",
          unit.execute_script(ROOM) >= 12, unit.execute_script(ROOM))
    unit.execute_script("document.getElementById('feed-title').scrollIntoView({block: 'center', behavior: 'instant'})")
    unit.save_screenshot(f"{SHOTS}/web-walk2-draft-feed-phone.png")
finally:
    unit.quit()

# A unit's room among its proposals (culture/individual: at most 2 a
# unit): the draft says it before the press; with none left its button is
# off, the line says why and the to-do marks the draft; a proposal the
# office returns makes room again, live.
ROOM_TEXT = "return document.getElementById('u-room').textContent"
unit, office = browser(), browser()
try:
    sign_in(unit, BASE, "w2-nv", "w2-unit-pass-2")
    sign_in(office, BASE, "w2-office", "w2-office-pass-2")
    go(unit, f"#/nominee/{DRAFT}", "fu-act")
    room = unit.execute_script(ROOM_TEXT)
    check("the draft says how many of the unit's proposals it has made in its field and kind",
          room.startswith("Văn hóa · Cá nhân: đơn vị đã gửi ") and room.endswith(" trong số tối đa 2 đề xuất."), room)
    made = []
    while "đã gửi đủ" not in unit.execute_script(ROOM_TEXT) and len(made) < 2:  # fill the unit's places
        got = api(unit, "nominee.create", {"nominee": {"name": f"Hồ sơ đủ chỗ {len(made) + 1}", "kind": "individual",
                                                        "field": "culture"}})
        nid = got["body"]["record"]["nominee"]["id"]
        api(unit, "nominee.propose", {"id": nid}, got["body"]["record"]["nominee"]["meta"]["mod_revision"])
        made.append(nid)
        within(unit, 5, lambda d: d.execute_script(ROOM_TEXT) != room)
        room = unit.execute_script(ROOM_TEXT)
    full = lambda d: ("đã gửi đủ 2 đề xuất, mức tối đa của một đơn vị" in d.execute_script(ROOM_TEXT)  # noqa: E731
                      and not d.find_element(By.ID, "b-propose").is_enabled())
    check("with no place left the propose button is off and the line says why", within(unit, 5, full),
          unit.execute_script(ROOM_TEXT))
    go(unit, "#/nominees?todo=td_drafts", "n-list")
    check("the to-do's list of drafts marks the draft that cannot be proposed now",
          within(unit, 5, lambda d: text(d, f'#n-list tr[data-id="{DRAFT}"] td:last-child').split("\n") == ["Dự thảo", "Đã đủ số đề xuất"]),
          text(unit, f'#n-list tr[data-id="{DRAFT}"]'))
    go(unit, f"#/nominee/{DRAFT}", "fu-act")
    check("the unit had a place to fill here", made, room)
    rec = api(office, "nominee.get", {"id": made[-1]})["body"]["record"]
    api(office, "nominee.return", {"id": made[-1], "reason": "Bổ sung"}, rec["nominee"]["meta"]["mod_revision"])
    check("a proposal returned makes room again, live: the button is on and the line counts one fewer",
          within(unit, 5, lambda d: d.execute_script(ROOM_TEXT).endswith("đã gửi 1 trong số tối đa 2 đề xuất.")
                 and d.find_element(By.ID, "b-propose").is_enabled()), unit.execute_script(ROOM_TEXT))
    # on a phone the success is said where the button was pressed, in view,
    # not only in the page's note at the top, out of view
    phone(unit)
    unit.execute_script("document.getElementById('b-propose').scrollIntoView({block: 'end', behavior: 'instant'})")
    press(unit, "b-propose")
    seen = """const p = document.querySelector('#fu-act [data-ok]'); if (!p) return '';
      const r = p.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight ? p.textContent : 'out of view';"""
    check("390 px: proposing says so under the button, in view",
          within(unit, 5, lambda d: d.execute_script(seen).startswith("Đã gửi đề xuất")), unit.execute_script(seen))
    unit.save_screenshot(f"{SHOTS}/web-walk2-proposed-phone.png")
    unit.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    free = api(unit, "nominee.create", {"nominee": {"name": "Hồ sơ không giới hạn", "kind": "individual", "field": "society"}})
    go(unit, "#/nominee/" + free["body"]["record"]["nominee"]["id"], "fu-act")
    check("a draft of a field and kind with no cap a unit says nothing of one",
          within(unit, 5, lambda d: d.execute_script(ROOM_TEXT) == "" and not shown(d, "u-room")
                 and d.find_element(By.ID, "b-propose").is_enabled()), unit.execute_script(ROOM_TEXT))
    # gender is a choice (Nam, Nữ); one another client typed otherwise ("nữ",
    # by a script) the broker keeps as the word, so the form's choice is it
    # and an edit keeps it
    odd = api(unit, "nominee.create", {"nominee": {"name": "Hồ sơ giới tính gõ khác", "kind": "individual",
                                                   "field": "society", "gender": "nữ"}})["body"]["record"]["nominee"]["id"]
    go(unit, "#/nominee/" + odd, "fu-act")
    press(unit, "b-nom-edit")
    check("a gender typed another way reads as the form's choice",
          within(unit, 3, lambda d: d.find_element(By.ID, "m-gender").get_attribute("value") == "Nữ"),
          unit.find_element(By.ID, "m-gender").get_attribute("value"))
    type_in(unit, "m-position", "Chuyên viên")
    press(unit, "m-save")
    kept = lambda d: api(d, "nominee.get", {"id": odd})["body"]["record"]["nominee"]  # noqa: E731
    check("... and an edit keeps it", within(unit, 5, lambda d: kept(d).get("position") == "Chuyên viên")
          and kept(unit).get("gender") == "Nữ", kept(unit))
finally:
    unit.quit()
    office.quit()

# The page's icon: the head names it, the gateway serves it, and no
# request of the page's own goes unanswered (a 404 in the console)
ICON = """const done = arguments[0], link = document.querySelector("link[rel~='icon']");
if (!link) return done(null);
fetch(link.href).then(async (r) => done([new URL(link.href).pathname, r.status, r.headers.get("Content-Type"),
  (await r.text()).startsWith("<svg")])).catch((e) => done(String(e)));"""
tab = browser(console_log=True)
try:
    sign_in(tab, BASE, "w2-office", "w2-office-pass-2")
    icon = tab.execute_async_script(ICON)
    check("the page names its icon, which the gateway serves as SVG",
          icon == ["/favicon.svg", 200, "image/svg+xml", True], icon)
    missing = [e["message"] for e in tab.get_log("browser") if "status of 404" in e["message"]]
    check("... and the page asks for nothing that is not there (no /favicon.ico)", missing == [], missing)
finally:
    tab.quit()
sys.exit(failures())
