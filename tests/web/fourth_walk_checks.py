#!/usr/bin/python3
"""What people meet on a fourth walk through the pages, at the end of the
congress's work, in a real browser (headless Chromium through selenium).
The office records an agency's opinion by choosing "Đồng ý" or "Không
đồng ý": a box left unticked had recorded "Không đồng ý" for an opinion
that said no such thing; with neither chosen the opinion is refused
beside the choice, the agency's empty name at the same press, and
nothing is recorded. On a phone the decision names each candidate's
proposing unit, as the wide page and paper do. The files page reads a
CSV whose columns are separated by ';' (Excel's "CSV UTF-8" under
Vietnamese settings); a refused row's long word breaks inside its cell,
the reason beside it in the box, not past its edge; "Kiểm tra" with no
file chosen says so beside the file's box; a file refused says so as a
sentence. Printed, the statistics keep every column on the page, and a
unit's code whole. The
sign-in page says what to do with a password forgotten or an account
locked: ask the admin for a new password or to unlock it. On a phone the
admin's list of people shows each person as a block of named lines, its
state and its "Khóa" on the screen, not past its edge; a quota or a
threshold typed as no count (-3, 1,5) is refused beside its box in
Vietnamese, not as "Max_selected: is out of range.", and nothing is
sent; a new criterion with nothing typed asks for its code and its text
at one press; the admin's import offers no tasks, which only the office
imports. The admin's list of people says who is locked out after wrong
passwords (http_checks.py locked "nv"), and "Mở khóa đăng nhập" lets them
in again; the gateway answers that list to an admin only. A unit's task
card offers a report only on a task it leads or supports and a submission
only on one it leads, as the broker allows. Signing out says so, once. A
ballot opened with no name is named by its day.
Usage: fourth_walk_checks.py BASE_URL SCREENSHOT_DIR VETTING VETTED UNIT_PERSON
The exit status is the number of failures."""
import os
import sys
import tempfile

from selenium.webdriver.common.by import By

from webcheck import SLACK_S, api, browser, check, choose, failures, go, phone, press, province_today, refusal, shown, sign_in, text, type_in, within

BASE, SHOTS, VETTING, VETTED, UNIT_PERSON = sys.argv[1:6]


# where the choice of two says what is wrong: inside it, as for a criterion's result
VERDICT = "#fo-opinion [data-f='favorable'] .invalid-feedback"


def opinions(d, id):
    return api(d, "nominee.get", {"id": id})["body"]["record"]["nominee"].get("opinions", [])


# the admin's row of the quota for individuals in culture, as its cells read
QUOTA = """return [...document.querySelectorAll('#quotas-list tr')].map((r) => [...r.cells].map((c) => c.textContent))
  .find((r) => r[0] === 'Văn hóa' && r[1] === 'Cá nhân')"""


def choose_file(d, path):
    d.find_element(By.ID, "i-file").send_keys(path)


def accounts(d):
    """The gateway's list of web accounts, asked by the page's session."""
    return d.execute_async_script("""const done = arguments[0];
      fetch('/api/admin/accounts', {credentials: 'same-origin'})
        .then(async (r) => done({status: r.status, ...(await r.json())}))""")


office = browser()
tmp = tempfile.mkdtemp()
try:
    sign_in(office, BASE, "w4-office", "first-w4-office", "w4-office-pass-2")

    # ---- an agency's opinion: agreed or not is chosen, never assumed ----
    go(office, "#/nominee/" + VETTING, "fo-opinion")
    press(office, "b-opinion")
    check("an opinion with nothing filled: the agency and the choice are both asked for at one press",
          within(office, SLACK_S, lambda d: text(d, refusal("fo-opinion", "agency"))
                 and "đồng ý hay không đồng ý" in text(d, VERDICT)),
          text(office, "#fo-opinion"))
    type_in(office, "p-agency", "Công an tỉnh")
    type_in(office, "p-text", "Không vi phạm pháp luật")
    press(office, "b-opinion")
    check("an opinion with neither 'Đồng ý' nor 'Không đồng ý' chosen is refused beside the choice",
          within(office, SLACK_S, lambda d: text(d, VERDICT)
                 == "Hãy chọn cơ quan đồng ý hay không đồng ý."), text(office, "#fo-opinion"))
    check("... and nothing is recorded", opinions(office, VETTING) == [], opinions(office, VETTING))
    office.save_screenshot(os.path.join(SHOTS, "web-walk4-opinion.png"))
    if shown(office, "p-unfavorable"):
        press(office, "p-unfavorable")
        press(office, "b-opinion")
    check("'Không đồng ý' chosen: the opinion is recorded so",
          within(office, SLACK_S, lambda d: "Công an tỉnh · ✘ Không đồng ý · Không vi phạm pháp luật" in text(d, "#x-opinions")),
          text(office, "#x-opinions"))
    check("... and the choice is cleared for the next opinion",
          not office.execute_script("return !!document.querySelector('input[name=p-verdict]:checked')"))

    # ---- the files page: a ';' file, a long word, no file ----
    go(office, "#/files", "f-import")
    press(office, "b-icheck")
    check("'Kiểm tra' with no file says so beside the file's box",
          within(office, SLACK_S, lambda d: "Hãy chọn tệp CSV" in text(d, refusal("f-import", "file"))),
          (text(office, "#f-import"), text(office, "#i-result")))
    semi = os.path.join(tmp, "nhiem-vu.csv")
    with open(semi, "w", encoding="utf-8-sig", newline="") as f:
        f.write("ref;title;kind;phase;lead_unit;support_units;deadline;description\r\n"
                "W4-01;\"Hội nghị tổng kết; khen thưởng\";work;before;SO-NV;SO-TC;15/01/2031;Có dấu phẩy, trong ô\r\n")
    choose_file(office, semi)
    check("... and goes when a file is chosen", within(office, SLACK_S, lambda d: not text(d, refusal("f-import", "file"))))
    press(office, "b-icheck")
    check("a CSV whose columns are separated by ';' is read as Excel wrote it",
          within(office, SLACK_S, lambda d: "Tệp hợp lệ" in text(d, "#i-result") and "sẽ tạo 1" in text(d, "#i-result")),
          (text(office, "#i-result"), text(office, "#i-errors")))
    long = os.path.join(tmp, "sai-cot.csv")
    with open(long, "w", encoding="utf-8") as f:
        f.write("ref,title,kind,phase,lead_unit,support_units,deadline,ghi_chu_cua_phong_tong_hop_ve_nhiem_vu_nay_"
                "khong_co_khoang_trang_nao\nW4-02,Họp báo,work,before,SO-NV,,15/01/2031,x\n")
    choose_file(office, long)
    press(office, "b-icheck")
    within(office, SLACK_S, lambda d: shown(d, "i-errors-box"))
    check("the file's refusal reads as a sentence: a capital, a full stop",
          text(office, "#i-result")[:1].isupper() and text(office, "#i-result").endswith("."), text(office, "#i-result"))
    fits = office.execute_script("""const b = document.getElementById('i-errors-box'), r = b.getBoundingClientRect();
      return {wide: b.scrollWidth - b.clientWidth,
              out: [...b.querySelectorAll('td')].filter((c) => c.getBoundingClientRect().right > r.right + 1).length}""")
    check("a refused row's long word breaks in its cell: the reason beside it is in the box",
          fits["wide"] <= 1 and fits["out"] == 0, fits)
    office.save_screenshot(os.path.join(SHOTS, "web-walk4-import.png"))

    # ---- the statistics on paper: every column on the page ----
    go(office, "#/stats", "stats")
    within(office, SLACK_S, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#s-tables table")) >= 3)
    office.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    office.set_window_size(680, 1000)  # an A4 page within its margins: 180 mm, in CSS px
    past = office.execute_script("""const w = document.getElementById('stats').getBoundingClientRect().right;
      return [...document.querySelectorAll('#s-tables th')].filter((h) => h.getBoundingClientRect().right > w + 1)
        .map((h) => h.textContent)""")
    check("the statistics printed: no column past the page's edge", past == [], past)
    kept = office.execute_script("""return [...document.querySelectorAll('#s-tables td.s-code')]
      .map((c) => [c.textContent, getComputedStyle(c).whiteSpace])""")
    check("... and a unit's code is kept whole on paper, not broken at its hyphen",
          kept and all(ws == "nowrap" for _, ws in kept) and any("-" in code for code, _ in kept), kept)
    office.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    office.set_window_size(1366, 768)

    # ---- the decision on a phone names each candidate's proposing unit ----
    phone(office)
    go(office, "#/decision", "decision")
    unit = f"#k-groups tr[data-id='{VETTED}'] td[data-label='Đơn vị đề xuất']"
    check("a phone: the decision names the candidate's proposing unit",
          within(office, SLACK_S, lambda d: text(d, unit) == "Sở Nội vụ"), text(office, f"#k-groups tr[data-id='{VETTED}']"))
    office.execute_script("const r = document.querySelector(arguments[0]);"
                          "if (r) r.scrollIntoView({block: 'center', behavior: 'instant'})", f"#k-groups tr[data-id='{VETTED}']")
    office.save_screenshot(os.path.join(SHOTS, "web-walk4-decision-phone.png"))

    # ---- a ballot opened with no name is named by its day ----
    go(office, "#/ballot", "ballot")
    press(office, "bo-n-" + VETTED)
    press(office, "b-bopen")
    named = "Phiên họp Hội đồng Thi đua - Khen thưởng ngày " + province_today().strftime("%d/%m/%Y")
    opened = lambda d: [b for b in api(d, "ballot.list", {})["body"]["ballots"]["ballots"]  # noqa: E731
                        if VETTED in b.get("nominees", [])]
    check("a ballot opened with no name is named by its day, not left without one",
          within(office, SLACK_S, lambda d: [b["name"] for b in opened(d)] == [named]), opened(office))
finally:
    office.quit()

# ---- the admin's people on a phone: each one's state and lock on the screen ----
admin = browser()
try:
    phone(admin)
    admin.get(BASE + "/")
    check("the sign-in page says what to do with a password forgotten or an account locked",
          within(admin, SLACK_S, lambda d: "Quên mật khẩu" in text(d, "#signin") and "người quản trị" in text(d, "#signin")),
          text(admin, "#signin"))
    admin.save_screenshot(os.path.join(SHOTS, "web-walk4-signin-phone.png"))
    sign_in(admin, BASE, "w4-admin", "first-w4-admin", "w4-admin-pass-2", path="/#/admin", ready="principals")
    within(admin, SLACK_S, lambda d: d.find_elements(By.CSS_SELECTOR, "#principals tr"))
    row = admin.execute_script("""const w = document.documentElement.clientWidth;
      const r = [...document.querySelectorAll('#principals tr')].find((r) => r.cells[0].textContent === arguments[0]);
      return r && {beyond: [...r.cells].filter((c) => c.getBoundingClientRect().right > w + 1).map((c) => c.textContent),
                   status: r.cells[4].dataset.label, lock: r.querySelector('button') && r.querySelector('button').textContent}""",
                          UNIT_PERSON)
    check("a phone: each person's state and lock are on the screen, not past its edge",
          row and row["beyond"] == [] and row["lock"] == "Khóa", row)
    check("... each line named by its column", row and row["status"] == "Trạng thái", row)
    admin.execute_script("document.getElementById('principals').scrollIntoView({behavior: 'instant'})")
    admin.save_screenshot(os.path.join(SHOTS, "web-walk4-admin-people-phone.png"))

    # ---- a new criterion with nothing typed: both boxes said at one press ----
    press(admin, "c-save")
    check("a new criterion with nothing typed: its code and its text are both asked for, at one press",
          within(admin, SLACK_S, lambda d: text(d, refusal("f-c", "code")) and text(d, refusal("f-c", "text")))
          and "''" not in text(admin, "#f-c"), (text(admin, refusal("f-c", "code")), text(admin, refusal("f-c", "text"))))

    # ---- a count that is no count: said beside its box, in the page's words ----
    choose(admin, "qt-field", "culture")
    choose(admin, "qt-kind", "individual")
    quota = lambda d: d.execute_script(QUOTA)  # noqa: E731
    before = quota(admin)
    type_in(admin, "qt-max_selected", "-3")
    type_in(admin, "qt-max_per_unit", "1.5")
    press(admin, "qt-save")
    said = lambda d, f: text(d, refusal("f-qt", f))  # noqa: E731
    check("a quota of -3 and 1,5 per unit: each refused beside its box, in Vietnamese, at one press",
          within(admin, SLACK_S, lambda d: "số nguyên từ 0 trở lên" in said(d, "max_selected")
                 and "số nguyên từ 0 trở lên" in said(d, "max_per_unit")),
          (said(admin, "max_selected"), said(admin, "max_per_unit"), text(admin, refusal("f-qt"))))
    check("... no program's word in it", "max_selected" not in text(admin, "#f-qt").lower(), text(admin, "#f-qt"))
    check("... and the quota is as it was", quota(admin) == before, (before, quota(admin)))
    type_in(admin, "th-percent", "-5")
    press(admin, "th-save")
    check("a council threshold of -5 %: refused beside its box, in Vietnamese",
          within(admin, SLACK_S, lambda d: "số nguyên từ 0 trở lên" in text(d, refusal("f-th", "percent"))),
          (text(admin, refusal("f-th", "percent")), text(admin, refusal("f-th"))))
    admin.execute_script("document.getElementById('f-qt').scrollIntoView({behavior: 'instant'})")
    admin.save_screenshot(os.path.join(SHOTS, "web-walk4-admin-quota-phone.png"))

    # ---- a person locked out by wrong passwords: said, and let in again ----
    go(admin, "#/admin", "principals")
    nv_row = "const r = [...document.querySelectorAll('#principals tr')].find((r) => r.cells[0].textContent === 'nv');"
    check("a person locked out by wrong passwords: the list says so",
          within(admin, SLACK_S, lambda d: "bị khóa đăng nhập do nhập sai mật khẩu"
                 in (d.execute_script(nv_row + "return r ? r.cells[4].textContent : ''") or "")),
          admin.execute_script(nv_row + "return r && r.textContent"))
    admin.execute_script(nv_row + "r.scrollIntoView({block: 'center', behavior: 'instant'})")
    admin.save_screenshot(os.path.join(SHOTS, "web-walk4-locked-out.png"))
    admin.execute_script(nv_row + "[...r.querySelectorAll('button')].find((b) => b.textContent === 'Mở khóa đăng nhập').click()")
    check("... 'Mở khóa đăng nhập' lets them in again",
          within(admin, SLACK_S, lambda d: "bị khóa" not in d.execute_script(nv_row + "return r.cells[4].textContent")
                 and not [a for a in accounts(d)["accounts"] if a["name"] == "nv" and a["locked"]]),
          accounts(admin))

    # ---- the admin imports units and nominees; tasks are the office's ----
    go(admin, "#/files", "f-import")
    kinds = admin.execute_script("return [...document.querySelectorAll('#i-kind option')].map((o) => o.value)")
    check("the admin's import offers what the admin may import, not tasks", kinds == ["units", "nominees"], kinds)
finally:
    admin.quit()


def task_titled(d, title, supported):
    """The task of that title SO-NV supports, or one it has no part in."""
    got = api(d, "task.list", {"query": title, "page_size": 1000})["body"]["tasks"]["tasks"]
    return next(x for x in got if x["title"] == title and x.get("lead_unit") != "SO-NV"
                and ("SO-NV" in x.get("support_units", [])) == supported)


# ---- a unit's task card: what the broker lets the unit do, and no more ----
unit = browser()
try:
    sign_in(unit, BASE, "w4-nv", "first-w4-unit1", "w4-unit-pass-2")
    others = task_titled(unit, "Dự toán kinh phí Đại hội", False)  # SO-TC's alone
    helped = task_titled(unit, "Chuẩn bị hội trường", True)  # SO-TC's, SO-NV supports it
    reported = api(unit, "task.report", {"id": helped["id"], "percent": 10, "text": "Đã liên hệ hội trường"})
    check("a unit reports on a task it supports", reported["status"] == 200, reported)
    check("the web accounts' list is the admin's alone", accounts(unit)["status"] == 403, accounts(unit))
    go(unit, f"#/tasks?task={others['id']}", "detail")
    within(unit, SLACK_S, lambda d: others["id"] in text(d, "#detail"))
    check("another unit's task: no report, no submission offered",
          not shown(unit, "f-report") and not shown(unit, "b-submit"), text(unit, "#detail"))
    go(unit, f"#/tasks?task={helped['id']}", "detail")
    within(unit, SLACK_S, lambda d: helped["id"] in text(d, "#detail"))
    check("a task it supports, in progress: a report offered, a submission not (the lead unit's)",
          within(unit, SLACK_S, lambda d: shown(d, "f-report")) and not shown(unit, "b-submit"), text(unit, "#detail"))
    unit.save_screenshot(os.path.join(SHOTS, "web-walk4-supported-task.png"))

    # ---- signing out says so, once ----
    press(unit, "signout")
    check("signed out: the sign-in page says so",
          within(unit, SLACK_S, lambda d: shown(d, "signin") and text(d, "#signed-out") == "Bạn đã đăng xuất."),
          text(unit, "#signin"))
    unit.refresh()
    check("... once: the page opened again asks to sign in and says nothing more",
          within(unit, SLACK_S, lambda d: shown(d, "signin")) and not shown(unit, "signed-out"), text(unit, "#signin"))
finally:
    unit.quit()
sys.exit(failures())
