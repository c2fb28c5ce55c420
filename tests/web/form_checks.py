#!/usr/bin/python3
"""Forms as an office worker meets them, in a real browser (headless
Chromium through selenium). On a task's card a refusal shows beside the
form that was sent, in view, and the "Đã gửi." of the report before it
goes.
Usage: form_checks.py BASE_URL DOCUMENT_TASK_TITLE
The exit status is the number of failures."""
import sys

from selenium.webdriver.common.by import By

from webcheck import SLACK_S, browser, check, failures, go, press, shown, sign_in, text, type_in, within

BASE, DOC_TASK = sys.argv[1:3]


def in_view(d, css):
    """css is shown and lies inside the window."""
    return d.execute_script("""const e = document.querySelector(arguments[0]);
        if (!e || !e.offsetParent) return false;
        const b = e.getBoundingClientRect();
        return b.top >= 0 && b.bottom <= window.innerHeight && b.height > 0;""", css)


ud = browser()
try:
    sign_in(ud, BASE, "nv-frm", "first-unit-frm", "nv-frm-pass-22", ready="nav-nominees")

    # a refusal on a task's card: beside its form, in view, and the earlier "Đã gửi." gone
    go(ud, "#/tasks", "list")
    press(ud, f"//tbody[@id='list']/tr[contains(., '{DOC_TASK}')]", By.XPATH)
    within(ud, SLACK_S, lambda d: DOC_TASK in text(d, "#d-title") and shown(d, "r-percent"))
    type_in(ud, "r-percent", "40")
    press(ud, "b-report")
    check("a report is sent", within(ud, SLACK_S, lambda d: text(d, "#d-note") == "Đã gửi."), text(ud, "#d-note"))
    # a document's task is submitted with its document: without one the broker refuses
    press(ud, "b-submit")
    check("the refusal shows in the task's form",
          within(ud, SLACK_S, lambda d: shown(d, "f-report") and text(d, "#f-report [data-err]") != ""),
          text(ud, "#error"))
    check("... where the person is looking", in_view(ud, "#f-report [data-err]"))
    check("... read out when it comes",
          ud.find_element(By.CSS_SELECTOR, "#f-report [data-err]").get_attribute("role") == "alert")
    check("the page's top alert stays hidden", not shown(ud, "error"), text(ud, "#error"))
    check("the earlier 'Đã gửi.' is gone", text(ud, "#d-note") == "", text(ud, "#d-note"))

finally:
    ud.quit()
sys.exit(failures())
