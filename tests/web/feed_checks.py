#!/usr/bin/python3
"""The change feed's filters in a real browser (headless Chromium): the
office's page, in Vietnamese, filters the feed by kind of record, by the
unit concerned and to its own changes, with the keyboard only; changes
that the CLI makes meanwhile (as the office, and as a unit) arrive live
and show or hide as the filters say, without reload; the filters are
labelled, switch to English with the page, and clear at once. The feed
and the task's and the nominee's histories name who acted as people know
them: the display name, else the role (and the unit's name for a unit's
account), the account's id only in the tooltip. A change that can go
either way says which way it went: a principal disabled, then enabled. Saves
web-feed.png, web-feed-en.png and web-feed-phone.png in SCREENSHOT_DIR.
Usage: feed_checks.py BASE_URL THIDUA KEY_DIR SCREENSHOT_DIR
  (run by tests/e2e/test_web.sh: account feed-office of principal office,
  KEY_DIR/office.key, KEY_DIR/nv.key (unit SO-NV, no display name) and
  KEY_DIR/feed-named.key (unit SO-NV, display name "Nguyễn Văn An"), units
  SO-NV ("Sở Nội vụ") and SO-TC; THIDUA_SERVER, THIDUA_EVENTS, THIDUA_SERVER_KEY and the
  admin's THIDUA_KEY in the environment)
Each check prints ok/FAIL; the exit status is the number of failures."""
import datetime
import json
import os
import re
import subprocess
import sys
import unicodedata
from zoneinfo import ZoneInfo

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import StaleElementReferenceException

from webcheck import SLACK_S, browser, check, choose, failures, go, sign_in, within

BASE, THIDUA, KEYS, SHOTS = sys.argv[1:5]


def cli(who, *args):
    """A change made with the CLI as principal who; the record's id."""
    env = dict(os.environ, THIDUA_KEY=os.path.join(KEYS, who + ".key"))
    p = subprocess.run([THIDUA, "--lang", "en", "--json", *args], capture_output=True, text=True,
                       timeout=30, env=env)
    if p.returncode != 0:
        raise SystemExit(f"setup: thidua {' '.join(args)}: {p.stderr}")
    rec = json.loads(p.stdout)["record"]
    return (rec.get("task") or rec.get("nominee"))["id"]


def admin(*args):
    """A change made with the CLI as the admin (THIDUA_KEY)."""
    p = subprocess.run([THIDUA, "--lang", "en", *args], capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        raise SystemExit(f"setup: thidua {' '.join(args)}: {p.stderr}")


def task(lead, title):
    return cli("office", "task", "create", title, "--lead", lead, "--deadline", "31/12/2030")


def nominee(name):
    return cli("nv", "nominee", "create", name, "--kind", "individual", "--field", "economy")


def entries(d):
    """The feed's entries as the person reads them."""
    try:
        return [e.text for e in d.find_elements(By.CSS_SELECTOR, "#feed li")]
    except StaleElementReferenceException:
        return entries(d)


def names(d, rid):
    """Whether an entry of the feed names record rid."""
    try:
        return bool(d.find_elements(By.CSS_SELECTOR, f"#feed li [data-rec='{rid}']"))
    except StaleElementReferenceException:
        return names(d, rid)


def ways(d):
    """The words of the feed's entries that name principal feed-named, newest first."""
    try:
        return [li.find_element(By.CSS_SELECTOR, ".ff-what").text for li in d.find_elements(By.CSS_SELECTOR, "#feed li")
                if li.find_elements(By.CSS_SELECTOR, "[data-rec='feed-named']")]
    except StaleElementReferenceException:
        return ways(d)


def actors(d, css):
    """Who acted, as named in the lines under css: (text, tooltip) each."""
    try:
        return {(a.text, a.get_attribute("title")) for a in d.find_elements(By.CSS_SELECTOR, css + " [title]")}
    except StaleElementReferenceException:
        return actors(d, css)


def key(d, *keys):
    webdriver.ActionChains(d).send_keys(*keys).perform()


def focused(d):
    return d.switch_to.active_element.get_attribute("id")


def fold(s):
    """Lower case without diacritics, "đ" as "d": the order of names as
    Vietnamese sorts them, near enough for names that differ in letters."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def label_of(d, id):
    return d.find_element(By.CSS_SELECTOR, f"label[for='{id}']").text


drv = browser(width=1366, height=768)
try:
    sign_in(drv, BASE, "feed-office", "first-feed-11", "feed-pass-22", ready=None)
    check("signed in: the feed's filters are on the overview",
          within(drv, SLACK_S, lambda d: d.find_element(By.ID, "ff-kind").is_displayed()))

    # ---- labelled, in Vietnamese ----
    check("Vietnamese labels: kind, unit, only mine",
          (label_of(drv, "ff-kind"), label_of(drv, "ff-unit"), label_of(drv, "ff-mine"))
          == ("Loại hồ sơ", "Đơn vị liên quan", "Chỉ thay đổi của tôi"),
          (label_of(drv, "ff-kind"), label_of(drv, "ff-unit"), label_of(drv, "ff-mine")))
    kinds = [o.text for o in drv.find_elements(By.CSS_SELECTOR, "#ff-kind option")]
    check("kinds of record in the catalog's words", kinds[:4] == ["Mọi loại", "Nhiệm vụ", "Gương điển hình", "Đơn vị"],
          kinds)
    units = [o.get_attribute("value") for o in drv.find_elements(By.CSS_SELECTOR, "#ff-unit option")]
    check("the units to filter by", units[0] == "" and "SO-NV" in units and "SO-TC" in units, units)
    shown = [o.text for o in drv.find_elements(By.CSS_SELECTOR, "#ff-unit option")][1:]
    check("each unit by its name, then its code, in the order of the names",
          "Sở Nội vụ (SO-NV)" in shown and shown == sorted(shown, key=fold), shown)

    # ---- by kind: nominees only, as changes arrive ----
    drv.execute_script("document.getElementById('ff-kind').scrollIntoView({block: 'center'})")
    drv.execute_script("document.getElementById('ff-kind').focus()")  # the person's place: the kind
    choose(drv, "ff-kind", "nominee", keys=True)
    ta = task("SO-TC", "Chuẩn bị hội trường")
    na = nominee("Trần Văn Bình")  # after ta: once na shows, ta has arrived too
    check("kind = nominee: a nominee made now shows live", within(drv, SLACK_S, lambda d: names(d, na)), entries(drv))
    check("kind = nominee: the task made before it is hidden", not names(drv, ta), entries(drv))
    choose(drv, "ff-kind", "task", keys=True)
    check("kind = task: the task shows, the nominee hides",
          within(drv, SLACK_S, lambda d: names(d, ta) and not names(d, na)), entries(drv))
    # an entry as people read it: when, what, who, and the task by its title,
    # a link to its card; no revision number, no account id
    e = next((x for x in entries(drv) if ta in x), "")
    check("an entry: the time it was made, then what was done",
          re.match(r"^\d\d:\d\d (tạo|giao) nhiệm vụ · ", e) is not None and "#" not in e, e)
    check("... and the task by its id and title", e.endswith(f"{ta} Chuẩn bị hội trường"), e)
    # the province's clock (the gateway's zone, Asia/Ho_Chi_Minh), not the
    # browser's: this one runs in the machine's, UTC on a server
    at = datetime.datetime.strptime(e[:5], "%H:%M").time()
    now = datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    gap = abs((now - now.replace(hour=at.hour, minute=at.minute)).total_seconds())
    check("... at the province's time, whatever the browser's zone", min(gap, 86400 - gap) <= 180,
          (e[:5], now.strftime("%H:%M"), drv.execute_script("return Intl.DateTimeFormat().resolvedOptions().timeZone")))
    # read in one script: a live change may redraw the feed between two calls
    href = lambda d: d.execute_script(  # noqa: E731
        "const a = document.querySelector(`#feed [data-rec='${arguments[0]}'] a`); return a ? a.href : ''", ta)
    check("... its id a link to the task's card", within(drv, SLACK_S, lambda d: href(d).endswith("#/tasks?task=" + ta)),
          href(drv))

    # ---- by unit: SO-NV, any kind ----
    choose(drv, "ff-kind", "", keys=True)
    key(drv, Keys.TAB)
    check("Tab moves from the kind to the unit", focused(drv) == "ff-unit", focused(drv))
    key(drv, "Sở Nội")  # a select finds its option as the name is typed
    check("the unit SO-NV is chosen by typing its name",
          drv.find_element(By.ID, "ff-unit").get_attribute("value") == "SO-NV",
          drv.find_element(By.ID, "ff-unit").get_attribute("value"))
    tb, tc = task("SO-NV", "Báo cáo thành tích Sở Nội vụ"), task("SO-TC", "Dự toán kinh phí")
    nb = nominee("Lê Thị Hoa")
    check("unit = SO-NV: the unit's nominee shows live", within(drv, SLACK_S, lambda d: names(d, nb)), entries(drv))
    check("unit = SO-NV: the task it leads shows, the others' tasks hide",
          names(drv, tb) and not names(drv, tc) and not names(drv, ta), entries(drv))
    drv.save_screenshot(os.path.join(SHOTS, "web-feed.png"))

    # ---- only mine: the office's own changes ----
    key(drv, Keys.HOME)  # every unit again
    key(drv, Keys.TAB)
    check("Tab moves on to 'only mine'", focused(drv) == "ff-mine", focused(drv))
    key(drv, Keys.SPACE)
    check("Space ticks it", drv.find_element(By.ID, "ff-mine").is_selected())
    nc = nominee("Phạm Văn Cao")
    td = task("SO-TC", "Tổng hợp ý kiến")
    check("only mine: the office's task made now shows live", within(drv, SLACK_S, lambda d: names(d, td)), entries(drv))
    check("only mine: the unit's changes hide, the office's stay",
          not any(names(drv, x) for x in (na, nb, nc)) and all(names(drv, x) for x in (ta, tb, tc)), entries(drv))
    check("a count says how many of how many are shown",
          drv.find_element(By.ID, "ff-count").text.startswith("Hiện 4 / "), drv.find_element(By.ID, "ff-count").text)

    # ---- nothing matches: said in words ----
    webdriver.ActionChains(drv).key_down(Keys.SHIFT).send_keys(Keys.TAB, Keys.TAB).key_up(Keys.SHIFT).perform()
    check("Shift+Tab twice goes back to the kind", focused(drv) == "ff-kind", focused(drv))
    choose(drv, "ff-kind", "nominee", keys=True)
    check("only mine + nominee: no entry, and the page says so",
          within(drv, SLACK_S, lambda d: not entries(d) and d.find_element(By.ID, "ff-empty").text
                 == "Không có thay đổi nào khớp bộ lọc."), entries(drv))

    # ---- English, with the filters kept ----
    drv.find_element(By.ID, "lang").send_keys(Keys.ENTER)
    check("English: the filters' labels",
          within(drv, SLACK_S, lambda d: (label_of(d, "ff-kind"), label_of(d, "ff-unit"), label_of(d, "ff-mine"))
                 == ("Kind of record", "Unit concerned", "Only my changes")),
          (label_of(drv, "ff-kind"), label_of(drv, "ff-mine")))
    sel = drv.find_element(By.CSS_SELECTOR, "#ff-kind option:checked").text
    check("English: the chosen kind kept, in the catalog's English", sel == "Nominee", sel)
    check("English: the empty feed says so", drv.find_element(By.ID, "ff-empty").text == "No change matches the filters.")
    check("English: the sign-out button too", drv.find_element(By.ID, "signout").text == "Sign out",
          drv.find_element(By.ID, "signout").text)
    drv.save_screenshot(os.path.join(SHOTS, "web-feed-en.png"))
    drv.find_element(By.ID, "lang").send_keys(Keys.ENTER)

    # ---- clear ----
    clear = drv.find_element(By.ID, "ff-clear")
    check("a clear button shows while a filter is set", clear.is_displayed())
    clear.send_keys(Keys.ENTER)
    check("clear: every change shows again, newest first",
          within(drv, SLACK_S, lambda d: all(names(d, x) for x in (ta, na, tb, tc, nb, nc, td))
                 and not d.find_element(By.ID, "ff-mine").is_selected()
                 and d.find_element(By.ID, "ff-count").text == ""), entries(drv))
    check("clear: the keyboard's place goes back to the kind", focused(drv) == "ff-kind", focused(drv))

    # ---- who acted: named as people know them, the id in the tooltip ----
    ne = cli("feed-named", "nominee", "create", "Hoàng Thị Yến", "--kind", "individual", "--field", "economy")
    check("the feed names a person by their display name",
          within(drv, SLACK_S, lambda d: ("Nguyễn Văn An", "Tài khoản: feed-named") in actors(d, "#feed")), entries(drv))
    check("... the office by its role, a unit's account without a name by its role and unit",
          {("Cơ quan thường trực", "Tài khoản: office"), ("Đơn vị · Sở Nội vụ", "Tài khoản: nv")} <= actors(drv, "#feed"),
          actors(drv, "#feed"))
    check("... and no entry shows an account's id",
          not [e for e in entries(drv) if {"office", "nv", "feed-named"} & {x.strip() for x in e.split("·")}], entries(drv))
    go(drv, "#/tasks?task=" + ta, "detail")
    check("a task's history names who created it by role, the id in the tooltip",
          within(drv, SLACK_S, lambda d: ("Cơ quan thường trực", "Tài khoản: office") in actors(d, "#d-history")),
          drv.find_element(By.ID, "d-history").text)
    go(drv, "#/nominee/" + ne, "dossier")
    check("a nominee's history names who created it by display name",
          within(drv, SLACK_S, lambda d: ("Nguyễn Văn An", "Tài khoản: feed-named") in actors(d, "#x-history")),
          drv.find_element(By.ID, "x-history").text)
    go(drv, "#/nominee/" + na, "dossier")
    check("... and a unit's account without one by its role and unit",
          within(drv, SLACK_S, lambda d: ("Đơn vị · Sở Nội vụ", "Tài khoản: nv") in actors(d, "#x-history")),
          drv.find_element(By.ID, "x-history").text)

    # ---- which way a change went: a principal disabled, then enabled ----
    admin("principal", "disable", "feed-named")
    admin("principal", "enable", "feed-named")
    check("the feed says the principal was disabled, then enabled, in Vietnamese",
          within(drv, SLACK_S, lambda d: ways(d) == ["mở khóa người dùng", "khóa người dùng"]), entries(drv)[:3])
    check("... and never 'khóa hoặc mở'", not [e for e in entries(drv) if "hoặc" in e], entries(drv)[:3])
    drv.find_element(By.ID, "lang").send_keys(Keys.ENTER)
    check("... in English too",
          within(drv, SLACK_S, lambda d: ways(d) == ["principal enabled", "principal disabled"]), entries(drv)[:3])
    drv.find_element(By.ID, "lang").send_keys(Keys.ENTER)
finally:
    drv.quit()

# a phone: the filters fit the width
ph = browser(width=390, height=844)
try:
    sign_in(ph, BASE, "feed-office", "feed-pass-22", ready=None)
    within(ph, SLACK_S, lambda d: d.find_element(By.ID, "ff-kind").is_displayed())
    nominee("Đỗ Thị Mai")
    within(ph, SLACK_S, lambda d: entries(d))
    ph.execute_script("document.activeElement.blur()")
    key(ph, Keys.END)  # the feed is last on a phone's page
    within(ph, SLACK_S, lambda d: d.execute_script("return window.scrollY > 0"))
    wide = ph.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
    check("a phone: the page does not scroll sideways", not wide)
    ph.save_screenshot(os.path.join(SHOTS, "web-feed-phone.png"))
finally:
    ph.quit()

sys.exit(failures())
