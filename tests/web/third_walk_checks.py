#!/usr/bin/python3
"""What people meet on a third walk through the pages, in a real browser
(headless Chromium through selenium). A unit's document task says its file
is needed to submit, and a submission without one is refused beside the
file's box at once, nothing sent. A report below the task's progress asks
first, beside "Tiến độ", and goes at the second press. The office's new
task with boxes left empty and a deadline that is no day says all of it at
one press ("Hãy chọn một mục." for a choice); a task made opens its card
and says so; a refusal of the broker reads as a sentence. Printed with a
task open, the page is the task's card, not the list first; the decision
prints its "Đơn vị đề xuất" column and not the note on its buttons. On a
phone a task opened by its address is brought into view, and the nominee
list keeps its status column on the screen. The office's first press of a
ballot's close says it is for good (ballot_checks.py).
Usage: third_walk_checks.py BASE_URL SCREENSHOT_DIR DOC_TASK WORK_TASK
The exit status is the number of failures."""
import os
import sys

from selenium.webdriver.common.by import By

from webcheck import SLACK_S, api, browser, check, failures, go, phone, press, refusal, sign_in, text, type_in, within

BASE, SHOTS, DOC_TASK, WORK_TASK = sys.argv[1:5]


def task(d, id):
    return api(d, "task.get", {"id": id})["body"]["record"]["task"]


def print_media(d, on):
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print" if on else ""})


def displayed(d, css):
    return d.execute_script("const e = document.querySelector(arguments[0]);"
                            "return !!e && getComputedStyle(e).display !== 'none'", css)


unit = browser()
office = browser()
try:
    # ---- a unit's document task: its file is what the submission hands in ----
    sign_in(unit, BASE, "w3-nv", "first-w3-unit1", "w3-unit-pass-2")
    go(unit, f"#/tasks?task={DOC_TASK}", "detail")
    check("a document task's file box says the file is needed to submit",
          within(unit, SLACK_S, lambda d: "bắt buộc khi nộp kết quả" in text(d, "#r-file-hint")), text(unit, "#r-file-hint"))
    press(unit, "b-submit")
    check("submitted without its file: said beside the file's box, in the page's words",
          within(unit, SLACK_S, lambda d: "hãy chọn tệp rồi bấm “Nộp kết quả”" in text(d, refusal("f-report", "attachment"))),
          text(unit, "#f-report"))
    check("... and nothing was sent", task(unit, DOC_TASK).get("status") == "in_progress", task(unit, DOC_TASK))
    unit.save_screenshot(os.path.join(SHOTS, "web-walk3-document-submit.png"))

    # ---- a report below the progress asks first ----
    go(unit, f"#/tasks?task={WORK_TASK}", "detail")
    within(unit, SLACK_S, lambda d: text(d, "#d-percent") == "40 %")
    type_in(unit, "r-percent", "10")
    press(unit, "b-report")
    check("a report below the progress says so beside the box",
          within(unit, SLACK_S, lambda d: "thấp hơn tiến độ đã báo cáo (40 %)" in text(d, refusal("f-report", "percent"))),
          text(unit, "#f-report"))
    check("... and sends nothing", task(unit, WORK_TASK).get("progress") == 40, task(unit, WORK_TASK))
    press(unit, "b-report")
    check("the second press sends it", within(unit, SLACK_S, lambda d: task(d, WORK_TASK).get("progress") == 10),
          task(unit, WORK_TASK))

    # ---- phone: a task opened by its address is in view; the nominee list's status too ----
    phone(unit)
    go(unit, "#/overview")
    go(unit, f"#/tasks?task={DOC_TASK}", "detail")
    in_view = ("const b = document.getElementById('detail').getBoundingClientRect();"
               "return b.top < innerHeight && b.bottom > 0")
    check("a phone: the task opened by its address is brought into view",
          within(unit, SLACK_S, lambda d: d.execute_script(in_view)),
          unit.execute_script("return document.getElementById('detail').getBoundingClientRect().top"))
    go(unit, "#/nominees", "nomlist")
    within(unit, SLACK_S, lambda d: d.find_elements(By.CSS_SELECTOR, "#n-list tr"))
    beyond = unit.execute_script("""const w = document.documentElement.clientWidth;
      return [...document.querySelectorAll('#n-list tr td:last-child')]
      .map((c) => Math.round(c.getBoundingClientRect().right)).filter((r) => r > w + 1).concat([w])""")
    check("a phone: each nominee's status is on the screen, not past its edge", len(beyond) == 1, beyond)
    check("... with the kind and field under the name",
          "Cá nhân" in text(unit, "#n-list tr td:nth-child(2)") or "Tập thể" in text(unit, "#n-list tr td:nth-child(2)"),
          text(unit, "#n-list tr"))
    unit.save_screenshot(os.path.join(SHOTS, "web-walk3-nominees-phone.png"))

    # ---- the office's new task: every fault at one press ----
    sign_in(office, BASE, "w3-office", "first-w3-office", "w3-office-pass-2")
    go(office, "#/tasks", "tasklist")
    press(office, "b-new")
    type_in(office, "t-title", "Tổng hợp ý kiến góp ý dự thảo báo cáo")
    type_in(office, "t-deadline", "31/02/2027")
    press(office, "t-save")
    check("a deadline that is no day is said at the same press as the empty boxes",
          within(office, SLACK_S, lambda d: "không phải ngày có thật" in text(d, refusal("f-task", "deadline"))
                 and text(d, refusal("f-task", "lead_unit"))), text(office, "#f-task"))
    check("an empty choice asks to choose, not to type",
          all(text(office, refusal("f-task", f)) == "Hãy chọn một mục." for f in ("kind", "phase", "lead_unit")),
          [text(office, refusal("f-task", f)) for f in ("kind", "phase", "lead_unit")])
    # a broker's refusal, as a sentence of its own
    office.find_element(By.ID, "t-title").clear()
    type_in(office, "t-title", "x" * 300)
    office.find_element(By.ID, "t-deadline").clear()
    type_in(office, "t-deadline", "15/01/2031")
    for f, v in (("kind", "work"), ("phase", "before"), ("lead_unit", "SO-NV")):
        office.execute_script("const s = document.getElementById(arguments[0]); s.value = arguments[1];"
                              "s.dispatchEvent(new Event('change'))", "t-" + f, v)
    press(office, "t-save")
    said = lambda d: text(d, refusal("f-task", "title")) or text(d, refusal("f-task"))  # noqa: E731
    check("the broker's refusal reads as a sentence: a capital, a full stop",
          within(office, SLACK_S, lambda d: said(d)[:1].isupper() and said(d).endswith(".")), said(office))
    office.find_element(By.ID, "t-title").clear()
    type_in(office, "t-title", "Tổng hợp ý kiến góp ý dự thảo báo cáo")
    press(office, "t-save")
    made = lambda d: d.execute_script("return new URLSearchParams(location.hash.split('?')[1] || '').get('task') || ''")  # noqa: E731
    check("a task made opens its card and says so",
          within(office, SLACK_S, lambda d: made(d) and f"Đã giao nhiệm vụ {made(d)}" in text(d, "#d-note")
                 and "Tổng hợp ý kiến góp ý" in text(d, "#d-title")), (made(office), text(office, "#d-note")))
    office.save_screenshot(os.path.join(SHOTS, "web-walk3-task-made.png"))

    # ---- paper: an open task prints its card alone ----
    print_media(office, True)
    check("printed with a task open: the card, not the list before it",
          not displayed(office, "#main") and displayed(office, "#detail"))
    print_media(office, False)
    go(office, "#/tasks", "tasklist")
    office.execute_script("history.replaceState(null, '', '#/tasks')")
    go(office, "#/decision", "decision")
    within(office, SLACK_S, lambda d: d.find_elements(By.CSS_SELECTOR, "#k-groups th"))
    print_media(office, True)
    heads = office.execute_script("""return [...document.querySelectorAll('#k-groups thead th')]
      .filter((h) => getComputedStyle(h).display !== 'none').map((h) => h.textContent.trim())""")
    check("the decision on paper names each candidate's proposing unit", "Đơn vị đề xuất" in heads, heads)
    check("... and leaves out the note on its buttons", not displayed(office, "#k-files"))
    print_media(office, False)
finally:
    unit.quit()
    office.quit()
sys.exit(failures())
