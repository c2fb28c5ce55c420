#!/usr/bin/python3
"""Forms as an office worker meets them, in a real browser (headless
Chromium through selenium). An empty sign-in names both boxes, sending
nothing; a wrong password is said beside the password. The first password
is typed twice; a form left empty names all three boxes at once, and a
short new password and a mismatch are both said, before anything is sent. On a task's card a refusal
shows beside the form that was sent, in view, and the "Đã gửi." of the
report before it goes; a file over 16 MiB is refused beside the file's
field when chosen, and at sending, and never goes up. An earlier honour without its year is refused
beside the year, and no "năm 0" shows. A new task whose deadline has
passed is sent only at a second press, after a warning beside the
deadline; one due today goes at the first, and an empty one names all
five boxes it needs at once. A session signed out in another tab turns
the page to the sign-in form, saying why, and signing in again brings
the page back with what was typed in it.
A task the office sent back reads "Yêu cầu bổ sung" in the unit's list and its
filter, and its card says why, by whom, and what to do, in Vietnamese.
Usage: form_checks.py BASE_URL DOCUMENT_TASK_TITLE DRAFT_NOMINEE_ID RETURNED_TASK_TITLE
The exit status is the number of failures."""
import datetime
import os
import sys
import tempfile
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from webcheck import (SLACK_S, province_today, browser, check, choose, go, press, refusal, shown, sign_in, text, type_in,
                      unshared_refusals, within, failures)

BASE, DOC_TASK, DRAFT, BACK_TASK = sys.argv[1:5]

# Counts the page's requests to sign in.
COUNT_SIGNIN = """
window.__in = 0;
const f = window.fetch;
window.fetch = (u, o) => { if (String(u).endsWith("/api/signin")) window.__in++; return f(u, o); };"""


BACK = "Yêu cầu bổ sung"  # a task sent back, as its status reads (DOMAIN.md)


def marked(d, form, fields):
    """The fields of form marked as refused, each with a message beside it."""
    return d.execute_script("""return arguments[1].filter((f) => {
        const c = document.querySelector(`#${arguments[0]} [data-f="${f}"]`);
        if (!c || !c.classList.contains('is-invalid')) return false;
        let fb = c.querySelector('.invalid-feedback');  // as forms.js finds it
        for (let e = c.nextElementSibling; !fb && e && !e.dataset.f; e = e.nextElementSibling)
          if (e.classList.contains('invalid-feedback')) fb = e;
        return fb && fb.textContent.trim() !== '';
      });""", form, fields)


# Counts the page's requests to change the password (api.js sends through window.fetch).
COUNT_PASSWORD = """
window.__pw = 0;
const f = window.fetch;
window.fetch = (u, o) => { if (String(u).endsWith("/api/password")) window.__pw++; return f(u, o); };"""

# Counts the page's uploads (a report's or a submission's file).
COUNT_UPLOAD = """
window.__up = 0;
const f = window.fetch;
window.fetch = (u, o) => { if (String(u).includes("/api/upload/")) window.__up++; return f(u, o); };"""


def in_view(d, css):
    """css is shown and lies inside the window."""
    return d.execute_script("""const e = document.querySelector(arguments[0]);
        if (!e || !e.offsetParent) return false;
        const b = e.getBoundingClientRect();
        return b.top >= 0 && b.bottom <= window.innerHeight && b.height > 0;""", css)


ud = browser()
try:
    # an empty sign-in names both boxes and sends nothing; a wrong password
    # is said beside the password, not as a missing one
    ud.get(BASE + "/")
    within(ud, SLACK_S, lambda d: shown(d, "name"))
    ud.execute_script(COUNT_SIGNIN)
    press(ud, "//form[@id='signin']//button[@type='submit']", By.XPATH)
    check("an empty sign-in names both boxes at once",
          within(ud, SLACK_S, lambda d: marked(d, "signin", ["name", "password"]) == ["name", "password"]),
          text(ud, "#signin"))
    check("... saying they are to be filled, not that the password is wrong",
          "Cần nhập trường này." in text(ud, "#signin") and "sai" not in text(ud, "#signin"), text(ud, "#signin"))
    check("... and sends nothing", ud.execute_script("return window.__in") == 0, ud.execute_script("return window.__in"))
    ud.find_element(By.ID, "name").send_keys("nv-frm")
    ud.find_element(By.ID, "password").send_keys("not-the-password", Keys.ENTER)
    check("a wrong password is said beside the password",
          within(ud, SLACK_S, lambda d: marked(d, "signin", ["password"]) == ["password"]
                 and "Sai tài khoản hoặc mật khẩu." in text(d, "#signin")), text(ud, "#signin"))
    type_in(ud, "password", "first-unit-frm")

    # the first password, typed twice: a mismatch goes nowhere. A wrong
    # password from this address makes it wait (doubling with the earlier
    # checks' wrong ones, up to a minute): the right one is sent again until
    # the wait is over.
    deadline = time.monotonic() + 75
    while not shown(ud, "old") and time.monotonic() < deadline:
        ud.find_element(By.ID, "password").send_keys(Keys.ENTER)
        time.sleep(2)
    check("the first sign-in asks for a new password", shown(ud, "old"), text(ud, "#signin"))
    check("the form asks for it again", shown(ud, "new2") and "Nhập lại mật khẩu mới" in text(ud, "label[for='new2']"),
          text(ud, "#change"))
    ud.execute_script(COUNT_PASSWORD)
    press(ud, "//form[@id='change']//button[@type='submit']", By.XPATH)
    check("an empty password form names its three boxes at once",
          within(ud, SLACK_S, lambda d: marked(d, "change", ["old", "new", "new2"]) == ["old", "new", "new2"]),
          text(ud, "#change"))
    ud.find_element(By.ID, "new").send_keys("short")
    ud.find_element(By.ID, "new2").send_keys("shorter", Keys.ENTER)
    check("a short new password and a mismatch are both said",
          within(ud, SLACK_S, lambda d: "ít nhất 10 ký tự" in text(d, "#change") and "không khớp" in text(d, "#change")
                 and marked(d, "change", ["old", "new", "new2"]) == ["old", "new", "new2"]), text(ud, "#change"))
    type_in(ud, "new", "")
    type_in(ud, "new2", "")
    ud.find_element(By.ID, "old").send_keys("first-unit-frm")
    ud.find_element(By.ID, "new").send_keys("nv-frm-pass-22")
    ud.find_element(By.ID, "new2").send_keys("nv-frm-pass-23", Keys.ENTER)
    check("a mismatch is refused beside the second one, in Vietnamese",
          within(ud, SLACK_S, lambda d: "không khớp" in text(d, "#change")), text(ud, "#change"))
    check("... before anything is sent", ud.execute_script("return window.__pw") == 0,
          ud.execute_script("return window.__pw"))
    check("... and the page still asks for the new password", shown(ud, "old") and not shown(ud, "app"))
    type_in(ud, "new2", "nv-frm-pass-22")
    ud.find_element(By.ID, "new2").send_keys(Keys.ENTER)
    check("typed the same twice, the password is changed", within(ud, SLACK_S, lambda d: shown(d, "nav-nominees")))

    # a task sent back comes first in what waits for the unit, marked
    go(ud, "#/overview", "todo")
    todo = "[data-todo='td_tasks'] .list-group-item"
    items = lambda d: [e.text for e in d.find_elements(By.CSS_SELECTOR, todo)]  # noqa: E731
    check("a task sent back leads the unit's to-do, marked 'Yêu cầu bổ sung'",
          within(ud, SLACK_S, lambda d: any(BACK_TASK in i and BACK in i for i in items(d))
                 and [(BACK in i) for i in items(d)] == sorted((BACK in i) for i in items(d))[::-1]),
          items(ud))

    # a task sent back: "Yêu cầu bổ sung" in the list and its filter, the reason on its card
    go(ud, "#/tasks", "list")
    row = f"//tbody[@id='list']/tr[contains(., '{BACK_TASK}')]"
    check("a returned task reads 'Yêu cầu bổ sung' in the list, not 'Đang thực hiện'",
          within(ud, SLACK_S, lambda d: "Yêu cầu bổ sung" in d.find_element(By.XPATH, row).text), text(ud, "#list"))
    choose(ud, "q-status", "returned")
    check("... and the status filter finds it, with only tasks sent back",
          within(ud, SLACK_S, lambda d: BACK_TASK in text(d, "#list")
                 and all(r.endswith("Yêu cầu bổ sung") for r in text(d, "#list").splitlines())), text(ud, "#list"))
    choose(ud, "q-status", "")
    press(ud, row, By.XPATH)
    check("its card says it was sent back, by whom, and why",
          within(ud, SLACK_S, lambda d: shown(d, "d-returned") and "đã trả lại để bổ sung" in text(d, "#d-returned")
                 and "Thiếu số liệu quý III" in text(d, "#d-returned")), text(ud, "#d-returned"))
    check("... and what to do next", "Nộp kết quả" in text(ud, "#d-returned"), text(ud, "#d-returned"))
    check("... its status line too", "Yêu cầu bổ sung" in text(ud, "#d-meta"), text(ud, "#d-meta"))

    # a refusal on a task's card: beside its form, in view, and the earlier "Đã gửi." gone
    go(ud, "#/tasks", "list")
    press(ud, f"//tbody[@id='list']/tr[contains(., '{DOC_TASK}')]", By.XPATH)
    within(ud, SLACK_S, lambda d: DOC_TASK in text(d, "#d-title") and shown(d, "r-percent"))
    type_in(ud, "r-percent", "40")
    press(ud, "b-report")
    check("a report is sent", within(ud, SLACK_S, lambda d: text(d, "#d-note") == "Đã gửi báo cáo tiến độ."), text(ud, "#d-note"))
    # a document's task is submitted with its document: without one the page
    # says so beside the file's box before anything goes
    press(ud, "b-submit")
    check("the refusal shows in the task's form",
          within(ud, SLACK_S, lambda d: shown(d, "f-report") and text(d, refusal("f-report", "attachment")) != ""),
          text(ud, "#error"))
    check("... where the person is looking", in_view(ud, refusal("f-report", "attachment")))
    check("the page's top alert stays hidden", not shown(ud, "error"), text(ud, "#error"))
    check("the earlier 'Đã gửi.' is gone", text(ud, "#d-note") == "", text(ud, "#d-note"))

    # a file over the broker's 16 MiB is refused beside the file's field as
    # soon as it is chosen, naming the limit, and never goes up
    ud.execute_script(COUNT_UPLOAD)
    big = os.path.join(tempfile.mkdtemp(), "Bao_cao_tong_ket_kem_phu_luc.pdf")
    with open(big, "wb") as f:
        f.truncate(16 * 1024 * 1024 + 1)
    ud.find_element(By.ID, "r-file").send_keys(big)
    said = refusal("f-report", "attachment")
    check("a file over 16 MiB is refused beside the file's field when chosen",
          within(ud, SLACK_S, lambda d: "16 MiB" in text(d, said) and "Bao_cao_tong_ket_kem_phu_luc.pdf" in text(d, said)),
          text(ud, "#f-report"))
    check("... in words that say what to do", "Hãy chọn tệp nhỏ hơn" in text(ud, said), text(ud, said))
    check("... its size never reads as the limit itself", "16,0 MiB" not in text(ud, said) and "16,1 MiB" in text(ud, said),
          text(ud, said))
    check("... the file is no longer chosen", text(ud, "#r-file-name") == "Chưa chọn tệp"
          and ud.execute_script("return document.getElementById('r-file').files.length") == 0, text(ud, "#r-file-name"))
    check("... in view", in_view(ud, said))
    check("... not in the form's own alert", "16 MiB" not in text(ud, "#f-report [data-err]"),
          text(ud, "#f-report [data-err]"))
    check("... the message box found as forms.js finds it", unshared_refusals(ud) == [], unshared_refusals(ud))
    type_in(ud, "r-percent", "50")
    press(ud, "b-report")
    check("the report then goes without the file", within(ud, SLACK_S, lambda d: text(d, "#d-note") == "Đã gửi báo cáo tiến độ."),
          text(ud, "#f-report"))
    check("... and the refusal beside the file's field goes with the new try", text(ud, said) == "", text(ud, said))
    ud.find_element(By.ID, "r-file").send_keys(big)
    within(ud, SLACK_S, lambda d: "16 MiB" in text(d, said))
    ud.execute_script("""const i = document.getElementById('r-file'), t = new DataTransfer();
        t.items.add(new File([new Uint8Array(16 * 1024 * 1024 + 1)], 'lon.pdf', {type: 'application/pdf'}));
        i.files = t.files;""")  # chosen without a change event: the check at sending holds too
    type_in(ud, "r-percent", "60")
    press(ud, "b-report")
    check("a file over 16 MiB that reaches the sending is refused there too, beside the field",
          within(ud, SLACK_S, lambda d: "lon.pdf" in text(d, said) and "16 MiB" in text(d, said)), text(ud, "#f-report"))
    check("... and no file went up", ud.execute_script("return window.__up") == 0, ud.execute_script("return window.__up"))
    os.remove(big)

    # an earlier honour without its year: refused beside the year, no "năm 0"
    go(ud, "#/nominee/" + DRAFT, "fu-honours")
    type_in(ud, "h-form", "Bằng khen của Chủ tịch UBND tỉnh")
    type_in(ud, "h-decision", "77/QĐ-UBND")
    press(ud, "//form[@id='fu-honours']//button[@type='submit']", By.XPATH)
    check("an honour without its year is refused beside the year",
          within(ud, SLACK_S, lambda d: "is-invalid" in (d.find_element(By.ID, "h-year").get_attribute("class") or "")),
          text(ud, "#fu-honours"))
    check("... in words that name the year", "năm" in text(ud, "#fu-honours").lower(), text(ud, "#fu-honours"))
    check("no 'năm 0' on the page", "năm 0" not in ud.find_element(By.TAG_NAME, "body").text)

    # signed out in another tab: this one turns to the sign-in form, says
    # why, and gives back the page with what was typed in it
    typed = "Quyết định số 12/QĐ-UBND ngày 03/3/2025"
    type_in(ud, "h-decision", typed)
    first = ud.current_window_handle
    ud.switch_to.new_window("tab")
    ud.get(BASE + "/")
    within(ud, SLACK_S, lambda d: shown(d, "signout"))
    press(ud, "signout")
    within(ud, SLACK_S, lambda d: shown(d, "name"))
    ud.close()
    ud.switch_to.window(first)
    check("the page whose session ended shows the sign-in form",
          within(ud, 30, lambda d: shown(d, "name") and not shown(d, "app")), text(ud, "body"))
    check("... saying the session ended, in Vietnamese",
          "Phiên đăng nhập đã kết thúc" in text(ud, "#error"), text(ud, "#error"))
    check("... not 'mất kết nối' alone", shown(ud, "error"))
    check("... its account filled in", ud.find_element(By.ID, "name").get_attribute("value") == "nv-frm")
    check("... the bar no longer names the person or says to wait for the connection",
          not shown(ud, "me") and text(ud, "#state") == "", (text(ud, "#me"), text(ud, "#state")))
    ud.find_element(By.ID, "password").send_keys("nv-frm-pass-22", Keys.ENTER)
    check("signing in again gives the page back",
          within(ud, SLACK_S, lambda d: shown(d, "app") and shown(d, "fu-honours") and not shown(d, "error")),
          text(ud, "#error"))
    check("... with what was typed in it", ud.find_element(By.ID, "h-decision").get_attribute("value") == typed,
          ud.find_element(By.ID, "h-decision").get_attribute("value"))
    check("... and live again", within(ud, SLACK_S, lambda d: "đã kết nối" in text(d, "#state")), text(ud, "#state"))
finally:
    ud.quit()

# Counts the page's requests to create a task.
COUNT_CREATE = """
window.__made = 0;
const f = window.fetch;
window.fetch = (u, o) => { if (String(u).endsWith("/api/call/task.create")) window.__made++; return f(u, o); };"""


def new_task(d, title, deadline):
    """Fills the office's form for a new task of SO-NV due deadline (yyyy-mm-dd),
    typed as people here write a day, dd/mm/yyyy, whatever the browser's locale."""
    press(d, "b-new")
    type_in(d, "t-title", title)
    choose(d, "t-kind", "work")
    choose(d, "t-phase", "before")
    choose(d, "t-lead_unit", "SO-NV")
    y, m, dd = deadline.split("-")
    type_in(d, "t-deadline", f"{dd}/{m}/{y}")


od = browser()
try:
    sign_in(od, BASE, "office-frm", "first-office-f", "office-frm-pass-2", path="/#/tasks", ready="b-new")
    od.execute_script(COUNT_CREATE)
    # an empty new task names the five boxes it needs at once, sending nothing
    press(od, "b-new")
    press(od, "t-save")
    need = ["title", "kind", "phase", "deadline", "lead_unit"]
    check("an empty new task names all five boxes it needs at once",
          within(od, SLACK_S, lambda d: sorted(marked(d, "f-task", need)) == sorted(need)), text(od, "#f-task"))
    check("... and sends nothing", od.execute_script("return window.__made") == 0)
    press(od, "t-close")
    # a deadline already past: a warning beside it, nothing sent, then sent at the second press
    today = province_today()
    past = today - datetime.timedelta(days=3)
    new_task(od, "Tổng hợp số liệu thi đua quý III (làm bù)", past.isoformat())
    press(od, "t-save")
    check("a past deadline is warned of beside the field, in Vietnamese",
          within(od, SLACK_S, lambda d: shown(d, "t-past")
                 and text(d, "#t-past").startswith(f"Hạn {past:%d/%m/%Y} đã qua: hôm nay là {today:%d/%m/%Y}.")),
          text(od, "#f-task"))
    check("... saying how to go on", "bấm “Giao nhiệm vụ” lần nữa" in text(od, "#t-past"), text(od, "#t-past"))
    check("... read out when it comes", od.find_element(By.ID, "t-past").get_attribute("role") == "alert")
    check("... and nothing is sent", od.execute_script("return window.__made") == 0 and shown(od, "f-task"),
          od.execute_script("return window.__made"))
    press(od, "t-save")
    check("the second press gives the task with its past deadline",
          within(od, SLACK_S, lambda d: not shown(d, "f-task") and "Tổng hợp số liệu thi đua quý III (làm bù)" in text(d, "#list"))
          and od.execute_script("return window.__made") == 1, (text(od, "#f-task"), od.execute_script("return window.__made")))
    # a day that is not in the calendar: refused beside the box, nothing sent
    made = od.execute_script("return window.__made")
    new_task(od, "Họp Tiểu ban Nội dung", "2027-02-31")
    press(od, "t-save")
    check("a deadline that is no real day is refused beside it, in Vietnamese",
          within(od, SLACK_S, lambda d: "“31/02/2027” không phải ngày có thật" in text(d, refusal("f-task", "deadline"))),
          text(od, "#f-task"))
    check("... and nothing is sent", od.execute_script("return window.__made") == made)
    # the day first, as typed: 05/01 is the fifth of January, not May 1st
    type_in(od, "t-deadline", "5/1/2031")
    press(od, "t-save")
    check("a deadline typed d/m/yyyy is that day",
          within(od, SLACK_S, lambda d: not shown(d, "f-task") and any("Họp Tiểu ban Nội dung" in r and "05/01/2031" in r
                                                                      for r in text(d, "#list").split("\n"))),
          text(od, "#list"))
    # no answer at all (the network down): said in the page's words, in the form
    od.execute_script("window.__fetch = window.fetch; window.fetch = () => Promise.reject(new TypeError('Failed to fetch'))")
    new_task(od, "Họp trực tuyến", "2031-03-01")
    press(od, "t-save")
    check("a request with no answer is said in Vietnamese in the form, not the browser's English",
          within(od, SLACK_S, lambda d: "Mất kết nối tới máy chủ" in text(d, "#f-task")) and "Failed" not in text(od, "#f-task"),
          text(od, "#f-task"))
    od.execute_script("window.fetch = window.__fetch")
    press(od, "t-close")
    # due today: not past, sent at the first press
    new_task(od, "Rà soát danh sách khen thưởng", today.isoformat())
    press(od, "t-save")
    check("a deadline of today goes at the first press, without a warning",
          within(od, SLACK_S, lambda d: not shown(d, "f-task") and "Rà soát danh sách khen thưởng" in text(d, "#list"))
          and not shown(od, "t-past"), text(od, "#f-task"))
finally:
    od.quit()
sys.exit(failures())
