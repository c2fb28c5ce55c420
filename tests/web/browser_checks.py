#!/usr/bin/python3
"""The pages in a real browser (headless Chromium through selenium), two
people at once: the office signs in and changes its first password with
the keyboard; the unit reports 60 % with a PDF attached, and the office's
overview shows it live, without reload; the office downloads the file
through its session, byte for byte, and returns the task with a reason,
which the unit sees live. On the task list the office's create form shows
the broker's refusal beside the field, a new task reaches the unit's list
live, and a search without diacritics finds it. A task title that looks
like HTML shows as text. Saves docs/web-overview.png, docs/web-task.png,
docs/web-tasks.png and web-phone.png (375 px wide).
Usage: browser_checks.py BASE_URL SCREENSHOT_DIR"""
import base64
import json
import os
import re
import sys
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from webcheck import (SLACK_S, WebDriverWait, browser, check, choose, failures, press, refusal, sign_in, text, tick,
                      type_in, unshared_refusals, within)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from document_checks_pdf import pdf  # noqa: E402

BASE, SHOTS = sys.argv[1], sys.argv[2]


def click(d, css):
    """Rows are redrawn at every change: find and click until one holds still."""
    def attempt(d):
        try:
            d.find_element(By.CSS_SELECTOR, css).click()
            return True
        except Exception:
            return False
    WebDriverWait(d, SLACK_S).until(attempt)


def overview(d):
    """Signed in: the overview lists the first task."""
    return d.find_elements(By.CSS_SELECTOR, "#tasks tr[data-id='T-1']")


def fetch_bytes(d, url):
    """The bytes and Content-Disposition of url, fetched by the page with its session."""
    got = d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], {credentials: "same-origin"}).then(async (r) => {
          const b = new Uint8Array(await r.arrayBuffer());
          let s = ""; for (const x of b) s += String.fromCharCode(x);
          done(JSON.stringify({status: r.status, cd: r.headers.get("Content-Disposition"), b64: btoa(s)}));
        }).catch((e) => done(JSON.stringify({status: 0, cd: String(e), b64: ""})));""", url)
    j = json.loads(got)
    return j["status"], j["cd"], base64.b64decode(j["b64"])


tmp = tempfile.mkdtemp()
doc = pdf("Bao cao tien do quy III")
doc_name = "Báo cáo tiến độ quý III.pdf"
with open(os.path.join(tmp, doc_name), "wb") as f:
    f.write(doc)

drv, ud = browser(console_log=True), None
try:
    # the office: first password with the keyboard; an HTML-looking title stays text
    sign_in(drv, BASE, "office-web", "first-office-w", "office-web-pass-2", ready=overview)
    row = drv.find_element(By.CSS_SELECTOR, "#tasks tr[data-id='T-1']")
    check("a title that looks like HTML shows as text", "<img src=x onerror=alert(1)>" in row.text)
    check("no image was made of it", not drv.find_elements(By.CSS_SELECTOR, "#tasks img"))
    check("the office's page has no unit form", not drv.find_elements(By.ID, "f-report"))
    check("the page is in Vietnamese", "Tổng quan" in drv.find_element(By.TAG_NAME, "body").text)
    rows = [r.text for r in drv.find_elements(By.CSS_SELECTOR, "#nominees tr")]
    check("nominees by field and kind against the quota",
          "Văn hóa Cá nhân 1 0 3" in rows and "Kinh tế Tập thể 1 0 2" in rows, rows)

    # the unit, in a second browser: reports 60 % with a PDF attached
    ud = browser(console_log=True)
    sign_in(ud, BASE, "nv-web", "first-unit-www", "unit-web-pass-2", ready=overview)
    click(ud, "#tasks tr[data-id='T-1']")
    WebDriverWait(ud, SLACK_S).until(lambda d: d.find_element(By.ID, "f-report").is_displayed())
    check("a unit's page has no office controls",
          not ud.find_elements(By.ID, "b-return") and not ud.find_elements(By.ID, "b-accept")
          and not ud.find_elements(By.ID, "b-new") and not ud.find_elements(By.ID, "b-edit"))
    ud.find_element(By.ID, "r-percent").send_keys("60")
    ud.find_element(By.ID, "r-text").send_keys("Đã hoàn thành dự thảo báo cáo")
    ud.find_element(By.ID, "r-file").send_keys(os.path.join(tmp, doc_name))
    press(ud, "b-report")
    check("the office's overview shows 60 % live, without reload",
          within(drv, 2, lambda d: text(d, "#tasks tr[data-id='T-1'] td:nth-child(5)") == "60"))
    check("the unit's page shows its document", within(ud, 2, lambda d: doc_name in text(d, "#d-docs")))

    # the office: the document in the task's detail, downloaded through the session
    click(drv, "#tasks tr[data-id='T-1']")
    check("the office sees the document listed, with the unit that reported it",
          within(drv, 2, lambda d: doc_name in text(d, "#d-docs") and "Đơn vị · Sở Nội vụ" in text(d, "#d-docs")),
          text(drv, "#d-docs"))
    check("... its size in words, as the CLI says it (\"598 byte\", not \"598 B\")",
          re.search(r"\b\d+ byte\b", text(drv, "#d-docs")) is not None, text(drv, "#d-docs"))
    href = drv.find_element(By.CSS_SELECTOR, "#d-docs a").get_attribute("href")
    st, cd, got = fetch_bytes(drv, href)
    check("the office downloads it, byte-identical", st == 200 and got == doc, (st, len(got), len(doc)))
    check("the download names the file in UTF-8", "filename*=UTF-8''B%C3%A1o%20c%C3%A1o" in (cd or ""), cd)
    check("the office's page shows no error", not drv.find_element(By.ID, "error").is_displayed())

    # the to-do lists: the unit's task is the unit's to do until it is submitted
    todo = lambda d, key: text(d, f"#todo [data-todo='{key}']")
    check("the unit's to-do lists its task to report on", "T-1" in todo(ud, "td_tasks"), text(ud, "#todo-box"))
    check("the office's to-do has no submission yet", "T-1" not in todo(drv, "td_review"), text(drv, "#todo-box"))

    # the unit submits; the office returns it with a reason; the unit sees the return live
    press(ud, "b-submit")
    check("the office sees the submission live",
          within(drv, 2, lambda d: "Chờ duyệt" in text(d, "#tasks tr[data-id='T-1']")))
    check("the submission is on the office's to-do, live",
          within(drv, 2, lambda d: "T-1" in todo(d, "td_review")), text(drv, "#todo-box"))
    check("and off the unit's", within(ud, 2, lambda d: "T-1" not in todo(d, "td_tasks")), text(ud, "#todo-box"))
    check("the unit's card says what was done and what comes next",
          within(ud, 2, lambda d: text(d, "#d-note") == "Đã nộp kết quả: nhiệm vụ chờ Cơ quan thường trực duyệt."),
          text(ud, "#d-note"))
    WebDriverWait(drv, SLACK_S).until(lambda d: d.find_element(By.ID, "b-return").is_displayed())
    drv.find_element(By.ID, "o-reason").send_keys("Thiếu số liệu quý III")
    press(drv, "b-return")
    check("the office's card says the task went back", within(drv, 2, lambda d: text(d, "#d-note")
                                                             == "Đã trả lại để đơn vị bổ sung."), text(drv, "#d-note"))
    check("the unit sees the return and its reason live",
          within(ud, 2, lambda d: "Thiếu số liệu quý III" in text(d, "#d-history")))
    check("returned, the task is the unit's to do again and off the office's",
          within(ud, 2, lambda d: "T-1" in todo(d, "td_tasks"))
          and within(drv, 2, lambda d: "T-1" not in todo(d, "td_review")), text(drv, "#todo-box"))
    check("the office's page shows no error", not drv.find_element(By.ID, "error").is_displayed())

    # the office edits the title; the unit's page follows
    press(drv, "b-edit")
    WebDriverWait(drv, SLACK_S).until(lambda d: d.find_element(By.ID, "f-task").is_displayed())
    check("the edit form opens on the task list, filled",
          drv.find_element(By.ID, "t-title").get_attribute("value") == "<img src=x onerror=alert(1)>"
          and drv.find_element(By.ID, "t-lead_unit").get_attribute("value") == "SO-NV")
    drv.find_element(By.ID, "t-title").clear()
    drv.find_element(By.ID, "t-title").send_keys("Báo cáo tổng kết phong trào thi đua giai đoạn 2020–2025")
    press(drv, "t-save")
    check("the unit sees the new title live",
          within(ud, 2, lambda d: "phong trào thi đua" in text(d, "#d-title")), text(ud, "#d-title"))
    said = "tên nhiệm vụ: <img src=x onerror=alert(1)> → Báo cáo tổng kết phong trào thi đua giai đoạn 2020–2025"
    check("the task's history says what the edit changed, from what to what",
          within(ud, 2, lambda d: said in text(d, "#d-history")), text(ud, "#d-history"))
    check("... and so does the feed's line of the edit", within(ud, 2, lambda d: said in text(d, "#feed")), text(ud, "#feed"))
    ud.execute_script("window.scrollTo(0, 0)")
    ud.save_screenshot(SHOTS + "/web-task.png")

    # the task list: the unit watches it while the office creates a task
    press(ud, "nav-tasks")
    WebDriverWait(ud, SLACK_S).until(lambda d: d.find_element(By.ID, "tasklist").is_displayed())
    WebDriverWait(drv, SLACK_S).until(lambda d: d.find_element(By.ID, "b-new").is_displayed())
    press(drv, "b-new")
    check("the office's forms show a refusal as every other form does", unshared_refusals(drv) == [],
          unshared_refusals(drv))
    title = "Kế hoạch tổ chức Đại hội Thi đua yêu nước lần thứ VI"
    drv.find_element(By.ID, "t-title").send_keys(title)
    Select(drv.find_element(By.ID, "t-kind")).select_by_value("work")
    Select(drv.find_element(By.ID, "t-phase")).select_by_value("before")
    type_in(drv, "t-deadline", "15/05/2020")  # past, so the overdue filter has it
    choose(drv, "t-lead_unit", "SO-NV")
    tick(drv, "t-support_units", "SO-NV")
    check("support units: a box to tick for each, its whole name shown, no Ctrl to hold",
          drv.execute_script("const b = document.getElementById('t-support_units'); return b.scrollWidth <= b.clientWidth"
                             " && !b.matches('select') && !document.getElementById('f-task').textContent.includes('Ctrl')")
          and "Sở Nội vụ (SO-NV)" in text(drv, "#t-support_units"), text(drv, "#t-support_units"))
    press(drv, "t-save")
    check("the past deadline asks for a second press", within(drv, 2, lambda d: "đã qua" in text(d, "#t-past")),
          text(drv, "#f-task"))
    press(drv, "t-save")
    check("the broker's refusal shows beside the support units, in Vietnamese",
          within(drv, 2, lambda d: "chủ trì" in text(d, refusal("f-task", "support_units"))), text(drv, "#f-task"))
    check("the field is marked invalid",
          "is-invalid" in drv.find_element(By.ID, "t-support_units").get_attribute("class"))
    tick(drv, "t-support_units", "SO-NV", on=False)
    tick(drv, "t-support_units", "SO-TC")
    press(drv, "t-save")
    check("the form closes once the broker takes the task",
          within(drv, 2, lambda d: not d.find_element(By.ID, "f-task").is_displayed()), text(drv, "#f-task"))
    check("the new task reaches the unit's list live",
          within(ud, 2, lambda d: title in text(d, "#list")))

    # filters: a search without diacritics, the unit, the status, overdue
    drv.find_element(By.ID, "q-search").send_keys("ke hoach")
    check("'ke hoach' finds 'Kế hoạch …' and nothing else",
          within(drv, 2, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#list tr")) == 1 and title in text(d, "#list")),
          text(drv, "#list"))
    drv.find_element(By.ID, "q-search").send_keys(" dai hoi")
    check("'ke hoach dai hoi' finds it too: every word, in any order",
          within(drv, 2, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#list tr")) == 1 and title in text(d, "#list")),
          text(drv, "#list"))
    drv.find_element(By.ID, "q-search").clear()
    drv.find_element(By.ID, "q-search").send_keys("x")  # the input event of a clear comes with the next key
    drv.find_element(By.ID, "q-search").send_keys(Keys.BACKSPACE)
    choose(drv, "q-unit", "SO-TC")
    check("the unit filter counts support units",
          within(drv, 2, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#list tr")) == 1 and title in text(d, "#list")),
          text(drv, "#list"))
    choose(drv, "q-unit", "")
    drv.find_element(By.ID, "q-overdue").click()
    check("the overdue filter keeps the late task", within(drv, 2, lambda d: title in text(d, "#list")
                                                              and "T-1 " not in text(d, "#list") + " "))
    check("its deadline reads dd/mm/yyyy", "15/05/2020" in text(drv, "#list"), text(drv, "#list"))
    drv.find_element(By.ID, "q-overdue").click()
    Select(drv.find_element(By.ID, "q-status")).select_by_value("in_progress")
    check("the status filter", within(drv, 2, lambda d: title not in text(d, "#list")), text(drv, "#list"))
    Select(drv.find_element(By.ID, "q-status")).select_by_value("")
    click(drv, "#list tr[data-id='T-1']")
    drv.execute_script("window.scrollTo(0, 0)")
    drv.save_screenshot(SHOTS + "/web-tasks.png")
    press(drv, "nav-overview")
    check("the overview counts the overdue task",
          within(drv, 2, lambda d: "Quá hạn\n1" in text(d, "#counts")), text(drv, "#counts"))
    drv.execute_script("window.scrollTo(0, 0)")
    drv.save_screenshot(SHOTS + "/web-overview.png")
    press(drv, "lang")
    check("the English switch relabels the page",
          within(drv, 2, lambda d: d.find_element(By.ID, "nav-tasks").text == "Tasks"
                 and "Overdue" in text(d, "#counts") and "Culture" in text(d, "#nominees")), text(drv, "#counts"))
    press(drv, "lang")
    press(drv, "nav-tasks")
    drv.set_window_size(375, 812)
    drv.execute_script("window.scrollTo(0, 0)")
    drv.save_screenshot(SHOTS + "/web-phone.png")
    check("nothing is wider than a 375 px phone",
          drv.execute_script("return document.documentElement.scrollWidth") <= 375,
          drv.execute_script("return document.documentElement.scrollWidth"))
    # a task chosen on a phone: its card, below the list, comes into view
    drv.execute_script("document.querySelector(\"#list tr[data-id='T-1']\").click()")
    in_view = "const b = document.getElementById('detail').getBoundingClientRect(); " \
              "return b.top < window.innerHeight && b.bottom > 0"
    check("on a phone the chosen task's card comes into view",
          within(drv, 2, lambda d: d.execute_script(in_view)),
          drv.execute_script("return document.getElementById('detail').getBoundingClientRect().top"))
except Exception:
    for d in (drv, ud):
        if d:
            print("page:", d.find_element(By.TAG_NAME, "body").text[:600])
            for e in d.get_log("browser"):
                print("console:", e.get("message"))
    raise
finally:
    if ud:
        ud.quit()
    drv.quit()
sys.exit(failures())
