#!/usr/bin/python3
"""The overview in a real browser (headless Chromium through selenium):
the office signs in and changes its first password with the keyboard;
a unit's report reaches the office's page live, without reload; a task
title that looks like HTML shows as text. Saves docs/web-overview.png.
Usage: browser_checks.py BASE_URL SCREENSHOT_DIR"""
import json
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BASE, SHOTS = sys.argv[1], sys.argv[2]
failed = 0


def check(name, cond):
    global failed
    print(("ok   " if cond else "FAIL ") + name)
    failed += 0 if cond else 1


def click_row(d, task):
    """Rows are redrawn at every change: find and click until one holds still."""
    def attempt(d):
        try:
            d.find_element(By.CSS_SELECTOR, f"#tasks tr[data-id='{task}']").click()
            return True
        except Exception:
            return False
    WebDriverWait(d, 5).until(attempt)


def api(path, body, cookie=None, csrf=None):
    h = {"Content-Type": "application/json", "Origin": BASE}
    if cookie:
        h["Cookie"] = "thd_session=" + cookie
        h["X-CSRF-Token"] = csrf
    r = urllib.request.urlopen(urllib.request.Request(BASE + path, json.dumps(body).encode(), h), timeout=10)
    cookie = cookie or r.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    return json.loads(r.read()), cookie


o = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768"):
    o.add_argument(a)
drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
try:
    drv.get(BASE + "/")
    wait = WebDriverWait(drv, 5)
    wait.until(lambda d: d.find_element(By.ID, "name").is_displayed())
    drv.find_element(By.ID, "name").send_keys("office-web")
    drv.find_element(By.ID, "password").send_keys("first-office-w", Keys.ENTER)
    wait.until(lambda d: d.find_element(By.ID, "old").is_displayed())
    drv.find_element(By.ID, "old").send_keys("first-office-w")
    drv.find_element(By.ID, "new").send_keys("office-web-pass-2", Keys.ENTER)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tasks tr[data-id='T-1']"))
    row = drv.find_element(By.CSS_SELECTOR, "#tasks tr[data-id='T-1']")
    check("a title that looks like HTML shows as text", "<img src=x onerror=alert(1)>" in row.text)
    check("no image was made of it", not drv.find_elements(By.CSS_SELECTOR, "#tasks img"))
    # the unit reports 60 % through the gateway; the office's page follows live
    me, unit = api("/api/signin", {"name": "nv-web", "password": "first-unit-www"})
    _, _ = api("/api/password", {"old": "first-unit-www", "new": "unit-web-pass-2"}, unit, me["csrf"])
    api("/api/call/task.report", {"id": "T-1", "percent": 60, "text": "60 %"}, unit, me["csrf"])
    try:
        WebDriverWait(drv, 2).until(
            lambda d: d.find_element(By.CSS_SELECTOR, "#tasks tr[data-id='T-1'] td:nth-child(5)").text == "60")
        live = True
    except Exception:
        live = False
    check("the office's overview shows 60 % within 2 s, without reload", live)
    check("the page is in Vietnamese", "Tổng quan" in drv.find_element(By.TAG_NAME, "body").text)
    drv.save_screenshot(SHOTS + "/web-overview.png")

    # the unit in a second browser: no office buttons
    ud = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    try:
        ud.get(BASE + "/")
        WebDriverWait(ud, 5).until(lambda d: d.find_element(By.ID, "name").is_displayed())
        ud.find_element(By.ID, "name").send_keys("nv-web")
        ud.find_element(By.ID, "password").send_keys("unit-web-pass-2", Keys.ENTER)
        WebDriverWait(ud, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tasks tr[data-id='T-1']"))
        click_row(ud, "T-1")
        WebDriverWait(ud, 2).until(lambda d: d.find_element(By.ID, "f-report").is_displayed())
        check("a unit's page has no office buttons",
              not ud.find_elements(By.ID, "b-return") and not ud.find_elements(By.ID, "b-accept"))
        # the unit submits; the office returns the task with a reason; the unit sees it live
        ud.find_element(By.ID, "b-submit").click()
        WebDriverWait(drv, 2).until(lambda d: "Đã nộp" in d.find_element(By.CSS_SELECTOR, "#tasks tr[data-id='T-1']").text)
        click_row(drv, "T-1")
        WebDriverWait(drv, 2).until(lambda d: d.find_element(By.ID, "b-return").is_displayed())
        drv.find_element(By.ID, "o-reason").send_keys("Thiếu số liệu quý III")
        drv.find_element(By.ID, "b-return").click()
        try:
            WebDriverWait(ud, 2).until(lambda d: "Thiếu số liệu quý III" in d.find_element(By.ID, "d-history").text)
            seen = True
        except Exception:
            seen = False
        check("the unit sees the return and its reason live", seen)
        check("the office's page shows no error", not drv.find_element(By.ID, "error").is_displayed())
        drv.save_screenshot(SHOTS + "/web-task.png")
    finally:
        ud.quit()
finally:
    drv.quit()
sys.exit(failed)
