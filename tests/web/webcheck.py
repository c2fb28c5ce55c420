"""What the checks in tests/web share (imported by tests/web/*_checks.py,
which run with this directory first on sys.path): the ok/FAIL lines and
their count; for the browser checks, headless Chromium, waits that test
that a change arrives live (not how fast: speed is bench_web's), and the
page's controls found afresh at each try, since a live change may redraw
them; for the HTTP checks, one client of the gateway (Http, urllib only),
its sessions and its multipart bodies."""
import datetime
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import namedtuple
from zoneinfo import ZoneInfo


def province_today():
    """Today in the province (Asia/Ho_Chi_Minh, thidua-web's default
    --timezone), as the pages and the broker count days, whatever zone this
    machine runs in."""
    return datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


try:
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    from selenium.webdriver.support.ui import WebDriverWait as _Wait
except ImportError:  # the HTTP checks run where selenium is not installed
    webdriver = None

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


def press(d, id, by=None):
    """Clicks a control once it is displayed, in the middle of the view;
    id is found by By.ID unless by says otherwise."""
    by = by or By.ID
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


def choose(d, id, value, keys=False):
    """Selects value in the <select> id, found afresh at each try: a live
    change may redraw its options under the click. With keys, as a person
    does with the keyboard alone: the focus must be on the select already
    (AssertionError if not), then Home, then Down to value's option."""
    if keys:
        now = d.switch_to.active_element.get_attribute("id")
        if now != id:
            raise AssertionError(f"focus is on {now!r}, not {id!r}")
        values = d.execute_script("return [...document.getElementById(arguments[0]).options].map((o) => o.value)", id)
        webdriver.ActionChains(d).send_keys(Keys.HOME, *([Keys.ARROW_DOWN] * values.index(value))).perform()
        return

    def attempt(d):
        try:
            Select(d.find_element(By.ID, id)).select_by_value(value)
            return d.find_element(By.ID, id).get_attribute("value") == value
        except Exception:
            return False
    WebDriverWait(d, SLACK_S).until(attempt)


def tick(d, id, value, on=True):
    """Ticks (or with on=False clears) value's box in the choice of several
    id (a .checklist of checkboxes), as a person clicks it."""
    def attempt(d):
        try:
            box = d.find_element(By.CSS_SELECTOR, f"#{id} input[value='{value}']")
            if box.is_selected() != on:
                d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
                box.click()
            return box.is_selected() == on
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
    # Bootstrap scrolls smoothly unless the reader asks for less motion: a
    # click scrolls its target into view, and one made while that scroll
    # still runs lands where the target is not yet (ChromeDriver's "element
    # click intercepted", more often the busier the machine).
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}",
              "--lang=vi", "--force-prefers-reduced-motion"):
        o.add_argument(a)
    if console_log:
        o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def phone(d, width=390, height=844):
    """Makes the page a phone's: headless Chromium keeps its window 500 px
    wide at the least, so the phone's width is emulated."""
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                               "mobile": True})


def sign_in(d, base, name, password, new=None, path="/", ready="nav-nominees", if_asked=False):
    """Signs in at base + path (the page shown once signed in). With new,
    the first password is changed to new: the page must ask for that change
    unless if_asked, when it is changed only if asked. Then waits until
    ready shows: an element's id, a condition cond(d), or None (no wait).
    Returns whether the change was asked for."""
    if isinstance(ready, str):
        ready_id = ready
        ready = lambda d: shown(d, ready_id)  # noqa: E731
    d.get(base + path)
    WebDriverWait(d, SLACK_S).until(lambda d: d.find_element(By.ID, "name").is_displayed())
    d.find_element(By.ID, "name").send_keys(name)
    d.find_element(By.ID, "password").send_keys(password, Keys.ENTER)
    asked = False
    if new:
        WebDriverWait(d, SLACK_S).until(lambda d: shown(d, "old") or bool(if_asked and ready and ready(d)))
        asked = shown(d, "old")
        if asked:
            d.find_element(By.ID, "old").send_keys(password)
            d.find_element(By.ID, "new").send_keys(new)
            d.find_element(By.ID, "new2").send_keys(new, Keys.ENTER)
    if ready:
        WebDriverWait(d, SLACK_S).until(ready)
    return asked


def go(d, hash, section=None):
    """Opens a page by its hash; with section, waits until it shows."""
    d.execute_script("location.hash = arguments[0]", hash)
    if section:
        WebDriverWait(d, SLACK_S).until(lambda d: shown(d, section))


# Every form says what went wrong the one way forms.js does: its alert for
# a refusal that names no control is marked data-err, and each message box
# (.invalid-feedback) follows the control whose data-f names the field
# (a .form-text hint may stand between) or lies inside it. The forms of
# the page as the person signed in has it that break this, one line each.
UNSHARED_REFUSALS = """
const out = [];
for (const f of document.querySelectorAll("form")) {
  const name = f.id || f.dataset.id || "form";
  for (const a of f.querySelectorAll(".alert-danger"))
    if (!a.hasAttribute("data-err")) out.push(`${name}: ${a.id || "alert"} without data-err`);
  for (const fb of f.querySelectorAll(".invalid-feedback")) {
    let c = fb.previousElementSibling;
    while (c && c.classList.contains("form-text")) c = c.previousElementSibling;
    if (!(c && c.dataset.f) && !fb.parentElement.closest("form [data-f]"))
      out.push(`${name}: ${fb.id || "message"} after ${c ? c.id || c.tagName : "nothing"}, no data-f`);
  }
}
return out;"""


def refusal(form, field=None):
    """The CSS of where the form (its id) shows a refusal, as forms.js puts
    it: the message box after the control whose data-f is field (a hint
    may stand between), or the form's [data-err] alert when field is None.
    By these marks, not by ids: the forms hold no others."""
    return f"#{form} [data-err]" if field is None else f"#{form} [data-f='{field}'] ~ .invalid-feedback"


def unshared_refusals(d):
    return d.execute_script(UNSHARED_REFUSALS)


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


# ---- HTTP: the gateway as a page speaks to it (urllib only) ----

JSON = "application/json"
_OWN = object()  # a request's lang or origin: the Http's own


class Session(namedtuple("Session", "id csrf name line")):
    """A signed-in session: its cookie's id and name (thd_session, or
    __Host-thd_session over HTTPS), its CSRF token, and the Set-Cookie
    line that set it."""

    def cookie(self):
        return f"{self.name}={self.id}"


class Http:
    """The gateway at base. Each request sends Content-Type ctype (JSON
    unless told; None: none), X-Thidua-Lang lang and an Origin (the Http's
    own unless told; None: none), and waits timeout seconds; a 4xx or 5xx
    answer comes back like any other, never raised. Beyond method and path
    a request takes:
      body     JSON to send, or data: bytes to send as they are
      who      a Session: its cookie and its CSRF token
      cookie   a Session (its cookie alone), or a Cookie header as it is
      csrf     an X-CSRF-Token (over who's)
      ip       an X-Real-IP, as a proxy in front sends it
      headers  more headers, over all of the above
      tries    asked again while the answer is 429 (the wait after a wrong
               password), waiting half its Retry-After (at most 1 s), up
               to tries times in all
    origin is what a browser sends: the https address behind a TLS proxy;
    context, an ssl context for an https base."""

    def __init__(self, base, origin=None, lang="en", timeout=30, context=None):
        self.base = base
        self.origin = origin or base
        self.lang = lang
        self.timeout = timeout
        self.context = context

    def open(self, method, path, body=None, data=None, ctype=JSON, who=None, cookie=None, csrf=None,
             ip=None, lang=_OWN, origin=_OWN, headers=None, timeout=None):
        """The answer with its body unread: a stream's lines are read as they come."""
        lang = self.lang if lang is _OWN else lang
        origin = self.origin if origin is _OWN else origin
        cookie = cookie or who
        csrf = csrf or (who.csrf if who else None)
        h = {}
        if ctype:
            h["Content-Type"] = ctype
        if lang:
            h["X-Thidua-Lang"] = lang
        if origin:
            h["Origin"] = origin
        if cookie:
            h["Cookie"] = cookie.cookie() if isinstance(cookie, Session) else cookie
        if csrf:
            h["X-CSRF-Token"] = csrf
        if ip:
            h["X-Real-IP"] = ip
        h.update(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
        r = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            return urllib.request.urlopen(r, timeout=timeout or self.timeout, context=self.context)
        except urllib.error.HTTPError as e:
            return e

    def raw(self, method, path, body=None, tries=1, **kw):
        """(status, the body's bytes, headers)."""
        for i in range(tries):
            resp = self.open(method, path, body, **kw)
            st, raw, h = resp.status, resp.read(), resp.headers
            if st != 429 or i == tries - 1:
                break
            time.sleep(min(float(h.get("Retry-After", "1")), 2) / 2)
        return st, raw, h

    def json(self, method, path, body=None, **kw):
        """(status, the body's JSON or None, headers)."""
        st, raw, h = self.raw(method, path, body, **kw)
        try:
            return st, json.loads(raw), h
        except ValueError:
            return st, None, h

    def call(self, kind, body, **kw):
        """The generic call, POST /api/call/KIND: as json()."""
        return self.json("POST", "/api/call/" + kind, body, **kw)

    def sign_in(self, name, password, **kw):
        """(status, the answer's JSON, its Session, or None when it set no
        session cookie)."""
        st, j, h = self.json("POST", "/api/signin", {"name": name, "password": password}, **kw)
        for line in h.get_all("Set-Cookie") or []:
            k, _, v = line.split(";")[0].partition("=")
            if k in ("thd_session", "__Host-thd_session"):
                return st, j, Session(v, (j or {}).get("csrf"), k, line)
        return st, j, None

    def first_sign_in(self, name, first, new, **kw):
        """Signs in with a first password and changes it to new; the Session
        (None when the sign-in set none)."""
        _, _, s = self.sign_in(name, first, **kw)
        self.json("POST", "/api/password", {"old": first, "new": new}, who=s, **kw)
        return s

    def first_bytes(self, path, headers):
        """Sends a POST's headers alone (its body never follows) on a socket
        of its own, and returns the start of the answer, or says that none
        came."""
        u = urllib.parse.urlparse(self.base)
        sock = socket.create_connection((u.hostname, u.port), timeout=5)
        lines = [f"POST {path} HTTP/1.1", f"Host: {u.netloc}", f"Origin: {self.origin}"] + headers
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        try:
            return sock.recv(200).decode(errors="replace")
        except socket.timeout:
            return "(no answer in 5 s)"
        finally:
            sock.close()


def multipart(fields, filename=None, data=b"", media_type="application/pdf"):
    """The body a browser's FormData makes, and its Content-Type: the fields,
    then a file unless filename is None ('"' in its name as %22)."""
    b = "----thiduaBoundary7MA4YWxkTrZu0gW"
    out = b""
    for k, v in fields.items():
        out += f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
    if filename is not None:
        name = filename.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        out += (f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: {media_type}\r\n\r\n").encode() + data + b"\r\n"
    return out + f"--{b}--\r\n".encode(), "multipart/form-data; boundary=" + b
