#!/usr/bin/python3
"""The admin's pages in a real browser (headless Chromium through selenium):
the admin adds a unit (a second add of the same code is refused beside the
code, in Vietnamese), adds a criterion and corrects it through its row's
"Sửa", then an account for the unit; every form of the page says
what went wrong as every other form does (forms.js); the one-time password shown
signs in in a second browser and must be changed there; reset from the
person's row ("Cấp lại mật khẩu", asked once more), a new one does the
same. On the files page a
CSV with a bad row shows its line, column and reason and the import stays
off. Saves docs/web-admin.png, docs/web-files.png and web-admin-phone.png (390 px wide).
Usage: admin_browser_checks.py BASE_URL SCREENSHOT_DIR"""
import os
import sys
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from webcheck import (SLACK_S, WebDriverWait, browser, check, choose, failures, press, refusal, shown, sign_in, text,
                      type_in, unshared_refusals, within)

BASE, SHOTS = sys.argv[1], sys.argv[2]
CODE_REFUSAL = refusal("f-u", "code")  # where the units' form says what is wrong with the code


def rows(d, tbody):
    """The rows' text, read in one step in the page: a redraw between reads
    cannot leave a stale element."""
    return d.execute_script("return [...document.querySelectorAll(arguments[0])]"
                            ".map((r) => r.innerText.replace(/\\s+/g, ' ').trim())", f"#{tbody} tr")


drv, other = browser(), None
try:
    sign_in(drv, BASE, "admin-brw", "first-admbr-11", "admin-brw-pass-2", ready="app")
    drv.get(BASE + "/#/admin")
    WebDriverWait(drv, SLACK_S).until(lambda d: shown(d, "admin"))
    check("the admin page is in Vietnamese", "Quản trị" in drv.find_element(By.ID, "admin").text)
    check("the admin's forms show a refusal as every other form does", unshared_refusals(drv) == [],
          unshared_refusals(drv))

    # a unit, live into the list; the same code again is refused beside it
    type_in(drv, "u-code", "SO-YT")
    type_in(drv, "u-name", "Sở Y tế")
    choose(drv, "u-kind", "department")
    press(drv, "u-save")
    check("the unit appears in the list",
          within(drv, 3, lambda d: any("SO-YT" in r and "Sở Y tế" in r for r in rows(d, "units-list"))),
          rows(drv, "units-list"))
    type_in(drv, "u-code", "SO-YT")
    type_in(drv, "u-name", "Sở Y tế 2")
    press(drv, "u-save")
    check("a second unit of that code is refused beside the code",
          within(drv, 3, lambda d: "is-invalid" in d.find_element(By.ID, "u-code").get_attribute("class")
                 and text(d, CODE_REFUSAL)))
    check("the refusal is Vietnamese", "SO-YT" in text(drv, CODE_REFUSAL)
          and "đã" in text(drv, CODE_REFUSAL), text(drv, CODE_REFUSAL))
    type_in(drv, "u-code", "")
    type_in(drv, "u-name", "")

    # a double click sends one request: a second add would be refused
    # beside the code ("đã có"), a second task or dossier made twice
    check("SO-KHCN is not there before", not any("SO-KHCN" in r for r in rows(drv, "units-list")))
    type_in(drv, "u-code", "SO-KHCN")
    type_in(drv, "u-name", "Sở Khoa học và Công nghệ")
    choose(drv, "u-kind", "department")
    drv.execute_script("const b = document.getElementById('u-save'); b.click(); b.click();")
    check("a double click adds the unit once, with no refusal",
          within(drv, SLACK_S, lambda d: sum("SO-KHCN" in r for r in rows(d, "units-list")) == 1)
          and not within(drv, 1, lambda d: text(d, CODE_REFUSAL)),
          (rows(drv, "units-list"), text(drv, CODE_REFUSAL)))

    # the quota form shows the quota's limits as they stand: setting the
    # most selected keeps the cap on each unit's proposals
    choose(drv, "qt-field", "economy")
    choose(drv, "qt-kind", "individual")
    type_in(drv, "qt-max_selected", "27")
    type_in(drv, "qt-max_per_unit", "4")
    press(drv, "#f-qt button[type=submit]", By.CSS_SELECTOR)
    quota_row = lambda d: next((r for r in rows(d, "quotas-list") if r.startswith("Kinh tế Cá nhân")), "")
    check("the quota is set", within(drv, SLACK_S, lambda d: quota_row(d).startswith("Kinh tế Cá nhân 27 4")),
          quota_row(drv))
    choose(drv, "qt-field", "culture")
    choose(drv, "qt-field", "economy")
    check("choosing it again shows its limits",
          within(drv, SLACK_S, lambda d: d.find_element(By.ID, "qt-max_per_unit").get_attribute("value") == "4"),
          drv.find_element(By.ID, "qt-max_per_unit").get_attribute("value"))
    type_in(drv, "qt-max_selected", "30")
    press(drv, "#f-qt button[type=submit]", By.CSS_SELECTOR)
    check("changing the most selected keeps the cap per unit",
          within(drv, SLACK_S, lambda d: quota_row(d).startswith("Kinh tế Cá nhân 30 4")), quota_row(drv))

    # a criterion typed wrong is corrected in place: its row's "Sửa" fills
    # the form with it, the code kept; the row shows the change live, and
    # the form is for a new criterion again. TC9 ends as it began, not
    # mandatory: the pages checked after this one recommend nominees.
    crit_row = lambda d: next((r for r in rows(d, "criteria-list") if r.startswith("TC9 ")), "")
    crit_edit = "[...document.querySelectorAll('#criteria-list tr')].find((r) => r.cells[0].textContent === 'TC9').querySelector('button').click()"
    type_in(drv, "c-code", "TC9")
    type_in(drv, "c-text", "Tiêu chuẩn gõ nhầm")
    choose(drv, "c-applies_to", "individual")
    press(drv, "c-save")
    check("the criterion is added", within(drv, SLACK_S, lambda d: crit_row(d) == "TC9 Tiêu chuẩn gõ nhầm Cá nhân Sửa"),
          crit_row(drv))
    drv.execute_script(crit_edit)
    form_for = lambda d: (d.find_element(By.ID, "c-code").get_attribute("value"), d.find_element(By.ID, "c-code").is_enabled(),
                          d.find_element(By.ID, "c-text").get_attribute("value"), d.find_element(By.ID, "c-applies_to").get_attribute("value"),
                          d.find_element(By.ID, "c-mandatory").is_selected(), text(d, "#c-save"))
    check("its 'Sửa' fills the form with it, the code kept",
          within(drv, 3, lambda d: form_for(d) == ("TC9", False, "Tiêu chuẩn gõ nhầm", "individual", False, "Sửa tiêu chuẩn TC9")),
          form_for(drv))
    type_in(drv, "c-text", "Có sáng kiến được áp dụng trong tỉnh")
    choose(drv, "c-applies_to", "")
    drv.find_element(By.ID, "c-mandatory").click()
    press(drv, "c-save")
    check("the row shows the criterion corrected: text, both kinds, mandatory",
          within(drv, SLACK_S, lambda d: crit_row(d) == "TC9 Có sáng kiến được áp dụng trong tỉnh Cả hai Có Sửa"), crit_row(drv))
    check("the form is for a new criterion again",
          within(drv, 3, lambda d: form_for(d) == ("", True, "", "", False, "Thêm tiêu chuẩn")), form_for(drv))
    drv.execute_script(crit_edit)
    type_in(drv, "c-text", "")
    press(drv, "c-save")
    check("an edit with the text emptied is asked for the text, nothing sent",
          within(drv, 3, lambda d: "is-invalid" in d.find_element(By.ID, "c-text").get_attribute("class"))
          and crit_row(drv) == "TC9 Có sáng kiến được áp dụng trong tỉnh Cả hai Có Sửa", crit_row(drv))
    type_in(drv, "c-text", "Có sáng kiến được áp dụng trong tỉnh")
    drv.find_element(By.ID, "c-mandatory").click()
    press(drv, "c-save")
    check("made optional again, the row says so",
          within(drv, SLACK_S, lambda d: crit_row(d) == "TC9 Có sáng kiến được áp dụng trong tỉnh Cả hai Sửa"), crit_row(drv))

    # an account of that unit; its one-time password is shown once
    type_in(drv, "a-name", "yt-minh")
    type_in(drv, "a-display_name", "Lê Văn Minh")
    choose(drv, "a-role", "unit")
    WebDriverWait(drv, SLACK_S).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#a-unit option[value='SO-YT']"))
    choose(drv, "a-unit", "SO-YT")
    press(drv, "#f-a button[type=submit]", By.CSS_SELECTOR)
    ok = within(drv, 5, lambda d: len(d.find_element(By.ID, "a-otp").text) == 12)
    otp = drv.find_element(By.ID, "a-otp").text
    check("the one-time password is shown", ok, text(drv, refusal("f-a")))
    check("the person is listed",
          within(drv, 3, lambda d: any("yt-minh" in r and "SO-YT" in r for r in rows(d, "principals"))),
          rows(drv, "principals"))
    drv.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    within(drv, 2, lambda d: d.execute_script("return window.scrollY") == 0)
    drv.save_screenshot(os.path.join(SHOTS, "web-admin.png"))
    drv.set_window_size(390, 844)  # a phone: the forms stack, the tables scroll inside
    drv.save_screenshot(os.path.join(SHOTS, "web-admin-phone.png"))
    drv.set_window_size(1366, 768)

    # the new person, in a second browser: the password must be changed
    other = browser()
    check("the one-time password signs in and must be changed",
          sign_in(other, BASE, "yt-minh", otp, "minh-new-pass-3", ready="app", if_asked=True))
    check("the new person's page names them by the name the admin gave",
          within(other, 3, lambda d: "Lê Văn Minh" in text(d, ".navbar")) and "yt-minh" not in text(other, ".navbar"),
          text(other, ".navbar"))
    check("the new person has no admin page", not other.find_elements(By.ID, "admin"))

    # the person forgot the password: their row's "Cấp lại mật khẩu" asks
    # once more in the row, then shows a new one-time password, which signs
    # in and must be changed; the admin's own row and the gateway's have none
    def row_button(who, label):
        return (f"//tbody[@id='principals']/tr[td[1][normalize-space()='{who}']]"
                f"//button[normalize-space()='{label}']")
    check("a person with a web account can be given a new password",
          within(drv, 3, lambda d: d.find_elements(By.XPATH, row_button("yt-minh", "Cấp lại mật khẩu"))))
    check("not the admin's own, nor the gateway's",
          not drv.find_elements(By.XPATH, row_button("admin", "Cấp lại mật khẩu"))
          and not drv.find_elements(By.XPATH, row_button("gateway", "Cấp lại mật khẩu")))
    # from the keyboard: Enter asks, and the focus is on "Thôi", so a second
    # Enter takes the question back rather than giving a password
    def focused(d):
        return d.execute_script("return document.activeElement.textContent")
    drv.find_element(By.XPATH, row_button("yt-minh", "Cấp lại mật khẩu")).send_keys(Keys.ENTER)
    check("it asks once more, naming the person",
          within(drv, 3, lambda d: any("Cấp mật khẩu mới cho Lê Văn Minh?" in r for r in rows(d, "principals"))),
          rows(drv, "principals"))
    check("the question's focus is on 'Thôi'", within(drv, 3, lambda d: focused(d) == "Thôi"), focused(drv))
    drv.switch_to.active_element.send_keys(Keys.ENTER)
    check("'Thôi' takes the question back, the focus on the button that asked",
          within(drv, 3, lambda d: not any("Cấp mật khẩu mới cho" in r for r in rows(d, "principals"))
                 and focused(d) == "Cấp lại mật khẩu"), focused(drv))
    press(drv, row_button("yt-minh", "Cấp lại mật khẩu"), By.XPATH)
    press(drv, row_button("yt-minh", "Cấp mật khẩu mới"), By.XPATH)
    ok = within(drv, 5, lambda d: len(d.find_element(By.ID, "a-otp").text) == 12
                and d.find_element(By.ID, "a-otp").text != otp)
    again = drv.find_element(By.ID, "a-otp").text
    check("a new one-time password is shown", ok, text(drv, refusal("f-a")))
    check("it says whose it is, by name and sign-in name", "Mật khẩu mới" in text(drv, "#a-otp-note")
          and "Lê Văn Minh (yt-minh)" in text(drv, "#a-otp-note"), text(drv, "#a-otp-note"))
    check("the row says the given password is not changed yet",
          within(drv, 3, lambda d: any("yt-minh" in r and "chưa đổi mật khẩu được cấp" in r for r in rows(d, "principals"))),
          rows(drv, "principals"))
    # the person's page, open since before: signed out at its next request
    other.get(BASE + "/#/tasks")
    check("the old session is signed out",
          within(other, SLACK_S, lambda d: d.find_element(By.ID, "name").is_displayed()))
    check("the new one-time password signs in and must be changed",
          sign_in(other, BASE, "yt-minh", again, "minh-newer-pass-4", ready="app", if_asked=True))

    # the person changes the password again, because they want to: their
    # name in the bar opens "Đổi mật khẩu", the form for the password in use,
    # "Hủy" goes back, "Lưu" changes it and says so
    press(other, "me")
    press(other, "passwd")
    check("'Đổi mật khẩu' asks for the password in use",
          within(other, 3, lambda d: shown(d, "change") and text(d, "#change-title") == "Đổi mật khẩu"
                 and text(d, "#old-label") == "Mật khẩu hiện tại"), text(other, "#change"))
    press(other, "change-cancel")
    check("'Hủy' goes back to the page", within(other, 3, lambda d: shown(d, "app")))
    press(other, "me")
    press(other, "passwd")
    type_in(other, "old", "minh-newer-pass-4")
    type_in(other, "new", "minh-newest-pass-5")
    type_in(other, "new2", "minh-newest-pass-5")
    press(other, "#change button[type=submit]", By.CSS_SELECTOR)
    check("the password is changed, and the page says so",
          within(other, 5, lambda d: shown(d, "app") and text(d, "#notice") == "Đã đổi mật khẩu."),
          text(other, "#notice") or text(other, "#change"))
    other.delete_all_cookies()
    check("the changed password signs in, with nothing more to change",
          not sign_in(other, BASE, "yt-minh", "minh-newest-pass-5", "unused-pass-6", ready="app", if_asked=True))

    # the files page: a bad row shows line, column and reason; import stays off
    csv = os.path.join(tempfile.mkdtemp(), "don-vi.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("code,name,kind\nSO-GT,Sở Giao thông,department\nSO-TN,Sở Tài nguyên,nhóm\n")
    drv.get(BASE + "/#/files")
    WebDriverWait(drv, SLACK_S).until(lambda d: shown(d, "files"))
    choose(drv, "i-kind", "units")
    drv.find_element(By.ID, "i-file").send_keys(csv)
    press(drv, "b-icheck")
    check("the bad row shows its line, column and reason",
          within(drv, 5, lambda d: any(r.startswith("3 kind 'nhóm' không thuộc") for r in rows(d, "i-errors"))),
          rows(drv, "i-errors"))
    check("the import stays off", not drv.find_element(By.ID, "b-import").is_enabled())
    drv.save_screenshot(os.path.join(SHOTS, "web-files.png"))
finally:
    drv.quit()
    if other:
        other.quit()

print(f"{failures()} failed")
sys.exit(failures())
