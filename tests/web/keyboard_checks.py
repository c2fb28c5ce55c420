#!/usr/bin/python3
"""The standing office vets a nominee from the keyboard alone, in a real
browser (headless Chromium through selenium): signs in and changes its first
password, opens the nominee from the list, starts vetting, records a
criterion, an agency's opinion, opens and closes public disclosure and
recommends it, with Tab, Shift+Tab, Space, Enter and typed text only. The
page counts every mouse and pointer event it receives: none may arrive.
At each step the focus must be visible where the keyboard is.
Usage: keyboard_checks.py BASE_URL NAME PASSWORD NOMINEE_ID
The exit status is the number of failures."""
import sys

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from webcheck import SLACK_S, WebDriverWait, browser, check, failures, text, within

BASE, NAME, PASSWORD, NID = sys.argv[1:5]
TABS = 300  # Tab presses allowed to reach one control from anywhere on the page


def keys(d, *ks):
    ActionChains(d).send_keys(*ks).perform()


def focused(d, css):
    return d.execute_script("const a = document.activeElement; return !!(a && a.matches(arguments[0]))", css)


def tab_to(d, css):
    """Tabs forward until the focused element matches css; False if it never does."""
    for _ in range(TABS):
        if focused(d, css):
            return True
        keys(d, Keys.TAB)
    return focused(d, css)


def ring_shown(d):
    return d.execute_script("const s = getComputedStyle(document.activeElement);"
                            "return s.outlineStyle !== 'none' || s.boxShadow !== 'none'")


COUNT_MOUSE = """
window.__mouse = [];
for (const t of ["mousedown", "mouseup", "pointerdown", "pointerup", "mousemove", "pointermove", "wheel"])
  window.addEventListener(t, (e) => window.__mouse.push(t), true);"""


def mouse_events(d):
    return d.execute_script("return window.__mouse || null")


d = browser()
try:
    d.get(BASE + "/")
    d.execute_script(COUNT_MOUSE)
    WebDriverWait(d, SLACK_S).until(lambda d: d.find_element(By.ID, "name").is_displayed())
    check("Tab reaches the name", tab_to(d, "#name"))
    keys(d, NAME, Keys.TAB, PASSWORD, Keys.ENTER)
    check("the first password asks for a new one", within(d, SLACK_S, lambda d: d.find_element(By.ID, "old").is_displayed()))
    check("Tab reaches the old password", tab_to(d, "#old"))
    keys(d, PASSWORD)
    check("Tab reaches the new password", tab_to(d, "#new"))
    keys(d, PASSWORD + "-kb")
    check("Tab reaches the new password's second typing", tab_to(d, "#new2"))
    keys(d, PASSWORD + "-kb", Keys.ENTER)
    check("signed in", within(d, SLACK_S, lambda d: d.find_element(By.ID, "nav-nominees").is_displayed()))

    check("Tab reaches the nominees' page", tab_to(d, "#nav-nominees"))
    check("the focus ring shows on the menu", ring_shown(d))
    keys(d, Keys.ENTER)
    row = f"#n-list tr[data-id='{NID}'] a"
    check("the list shows the nominee", within(d, SLACK_S, lambda d: d.find_elements(By.CSS_SELECTOR, row)))
    check("Tab reaches the nominee's link", tab_to(d, row))
    keys(d, Keys.ENTER)
    check("the dossier opens", within(d, SLACK_S, lambda d: d.find_element(By.ID, "b-start").is_displayed()))

    check("Tab reaches 'Bắt đầu thẩm định'", tab_to(d, "#b-start"))
    keys(d, Keys.ENTER)
    check("vetting starts", within(d, SLACK_S, lambda d: "Đang thẩm định" in text(d, "#x-badges")), text(d, "#x-badges"))

    check("Tab reaches the criterion", tab_to(d, "#c-criterion"))
    keys(d, Keys.TAB, Keys.SPACE)
    check("Space chooses 'Đạt'", d.find_element(By.ID, "c-met").is_selected())
    keys(d, Keys.TAB, "Hồ sơ đủ minh chứng")
    check("Tab reaches the record button", tab_to(d, "#b-check"))
    keys(d, Keys.ENTER)
    check("the criterion is recorded",
          within(d, SLACK_S, lambda d: "✔ Đạt" in text(d, "#x-checks tr[data-code='TC1']")), text(d, "#x-checks"))

    check("Tab reaches the agency", tab_to(d, "#p-agency"))
    keys(d, "Công an tỉnh")
    check("Tab reaches the opinion", tab_to(d, "#p-text"))
    keys(d, "Không vi phạm pháp luật")
    check("Tab reaches 'Đồng ý'", tab_to(d, "#p-favorable"))
    keys(d, Keys.SPACE)
    check("Tab reaches the opinion's button", tab_to(d, "#b-opinion"))
    keys(d, Keys.ENTER)
    check("the opinion is recorded",
          within(d, SLACK_S, lambda d: "Công an tỉnh · ✔ Đồng ý · Không vi phạm pháp luật" in text(d, "#x-opinions")),
          text(d, "#x-opinions"))

    check("Tab reaches where it is disclosed", tab_to(d, "#d-reason"))
    keys(d, "Cổng thông tin điện tử tỉnh")
    check("Tab reaches 'Mở công khai'", tab_to(d, "#b-disc-open"))
    keys(d, Keys.ENTER)
    check("disclosure opens", within(d, SLACK_S, lambda d: "Đang lấy ý kiến" in text(d, "#x-disclosure")),
          text(d, "#x-disclosure"))
    check("Tab reaches 'Kết thúc công khai'", tab_to(d, "#b-disc-close"))
    keys(d, Keys.ENTER)
    check("disclosure closes", within(d, SLACK_S, lambda d: "Đã kết thúc lấy ý kiến" in text(d, "#x-disclosure")),
          text(d, "#x-disclosure"))

    check("Tab reaches the recommendation's reason", tab_to(d, "#r-reason"))
    keys(d, "Tiêu biểu trong công tác xã hội")
    ActionChains(d).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    check("Shift+Tab goes back", not focused(d, "#r-reason"))
    check("Tab reaches 'Đề nghị tuyên dương'", tab_to(d, "#b-recommend"))
    check("the focus ring shows on the button", ring_shown(d))
    keys(d, Keys.ENTER)
    check("the recommendation is taken", within(d, SLACK_S, lambda d: "Đã thẩm định" in text(d, "#x-badges")),
          text(d, "#x-badges"))
    check("the dossier says who recommended it",
          within(d, SLACK_S, lambda d: "Cơ quan thường trực đề nghị tuyên dương" in text(d, "#x-outcome")), text(d, "#x-outcome"))
    check("no mouse or pointer event reached the page", mouse_events(d) == [], mouse_events(d))
    errors = text(d, "#error")
    check("the page shows no error", not errors.strip(), errors)
except Exception as x:  # a step that could not run: say which, as a failure
    check("the keyboard run went through", False, f"{type(x).__name__}: {str(x).splitlines()[0] if str(x) else ''}")
finally:
    d.quit()
sys.exit(failures())
