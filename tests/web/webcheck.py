"""What the browser checks share (imported by tests/web/*_checks.py, which
run with this directory first on sys.path): the ok/FAIL lines and their
count, headless Chromium, waits that test that a change arrives live (not
how fast: speed is bench_web's), and the page's controls found afresh at
each try, since a live change may redraw them."""
import json

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait as _Wait

SLACK_S = 15
failed = 0


def check(name, cond, detail=""):
    """Prints an ok or FAIL line; the exit status is the number of FAILs."""
    global failed
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {detail}"))
    failed += 0 if cond else 1


def failures():
    return failed


def WebDriverWait(d, seconds):
    return _Wait(d, seconds, ignored_exceptions=(StaleElementReferenceException,))


def within(d, seconds, cond):
    """True once cond(d) holds, waiting at least SLACK_S."""
    try:
        WebDriverWait(d, max(seconds, SLACK_S)).until(cond)
        return True
    except Exception:
        return False


def text(d, css):
    try:
        return d.find_element(By.CSS_SELECTOR, css).text
    except Exception:
        return ""


def shown(d, id):
    try:
        return d.find_element(By.ID, id).is_displayed()
    except Exception:
        return False


def press(d, id, by=By.ID):
    """Clicks a control once it is displayed, in the middle of the view."""
    why = []

    def attempt(d):
        try:
            e = d.find_element(by, id)
            if not e.is_displayed():
                return False
            d.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", e)
            e.click()
            return True
        except Exception as x:
            why[:] = [str(x).splitlines()[0]]
            return False
    try:
        WebDriverWait(d, SLACK_S).until(attempt)
    except Exception:
        raise RuntimeError(f"cannot press {id}: {why or 'not shown'}")


def choose(d, id, value):
    """Selects value in the <select> id, found afresh at each try: a live
    change may redraw its options under the click."""
    def attempt(d):
        try:
            Select(d.find_element(By.ID, id)).select_by_value(value)
            return d.find_element(By.ID, id).get_attribute("value") == value
        except Exception:
            return False
    WebDriverWait(d, SLACK_S).until(attempt)


def type_in(d, id, value):
    WebDriverWait(d, SLACK_S).until(lambda d: d.find_element(By.ID, id).is_displayed())
    e = d.find_element(By.ID, id)
    e.clear()
    e.send_keys(value)


def browser(console_log=False, width=1366, height=768):
    """Headless Chromium, in Vietnamese; 1366x768 unless told."""
    o = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}",
              "--lang=vi"):
        o.add_argument(a)
    if console_log:
        o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def sign_in(d, base, name, password, new):
    """Signs in with a first password and changes it to new."""
    d.get(base + "/")
    WebDriverWait(d, SLACK_S).until(lambda d: d.find_element(By.ID, "name").is_displayed())
    d.find_element(By.ID, "name").send_keys(name)
    d.find_element(By.ID, "password").send_keys(password, Keys.ENTER)
    WebDriverWait(d, SLACK_S).until(lambda d: d.find_element(By.ID, "old").is_displayed())
    d.find_element(By.ID, "old").send_keys(password)
    d.find_element(By.ID, "new").send_keys(new, Keys.ENTER)
    WebDriverWait(d, SLACK_S).until(lambda d: d.find_element(By.ID, "nav-nominees").is_displayed())


def go(d, hash, section=None):
    """Opens a page by its hash; with section, waits until it shows."""
    d.execute_script("location.hash = arguments[0]", hash)
    if section:
        WebDriverWait(d, SLACK_S).until(lambda d: shown(d, section))


def api(d, kind, body, revision=None):
    """A call made by the page's session (its cookie and CSRF token), past
    the page's forms; revision, when given, is the expected revision."""
    got = d.execute_async_script("""
        const [kind, body, rev, done] = arguments;
        (async () => {
          const me = await (await fetch("/api/me", {credentials: "same-origin"})).json();
          const h = {"Content-Type": "application/json", "X-CSRF-Token": me.csrf, "X-Thidua-Lang": "vi"};
          if (rev) h["X-Expected-Revision"] = String(rev);
          const r = await fetch("/api/call/" + kind, {method: "POST", credentials: "same-origin", headers: h,
                                                      body: JSON.stringify(body)});
          done(JSON.stringify({status: r.status, body: await r.json()}));
        })().catch((e) => done(JSON.stringify({status: 0, body: String(e)})));""", kind, body, revision)
    return json.loads(got)
