#!/usr/bin/python3
"""thidua-web's statistics (GET /api/stats) against the CLI's: an office
account gets what `thidua --json stats` prints, a unit account what
`thidua --json stats --unit ITS-UNIT` prints (its own figures only), both
at the same revision; the XLSX download carries the "Thống kê" sheet.
Usage: stats_checks.py BASE_URL THIDUA_BIN UNIT
(run by tests/e2e/test_web_stats.sh, with the broker's settings and an
admin key in the environment). Exit status: the number of failures."""
import io
import json
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile

BASE, THIDUA, UNIT = sys.argv[1:4]
failed = 0


def check(name, cond, detail=""):
    global failed
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {str(detail)[:300]}"))
    failed += 0 if cond else 1


def req(method, path, body=None, cookie=None, csrf=None, raw=False):
    h = {"Content-Type": "application/json", "X-Thidua-Lang": "en", "Origin": BASE}
    if cookie:
        h["Cookie"] = "thd_session=" + cookie
    if csrf:
        h["X-CSRF-Token"] = csrf
    data = None if body is None else json.dumps(body).encode()
    r = urllib.request.Request(BASE + path, data=data, method=method, headers=h)
    try:
        resp = urllib.request.urlopen(r, timeout=30)
    except urllib.error.HTTPError as e:
        resp = e
    body = resp.read()
    if raw:
        return resp.status, body
    try:
        return resp.status, json.loads(body)
    except ValueError:
        return resp.status, None


def session(name, first, new):
    """Signs in, changing the first password; returns the cookie."""
    r = urllib.request.Request(BASE + "/api/signin", method="POST",
                               data=json.dumps({"name": name, "password": first}).encode(),
                               headers={"Content-Type": "application/json", "Origin": BASE})
    resp = urllib.request.urlopen(r, timeout=30)
    cookie = next(c.split(";")[0].split("=", 1)[1] for c in resp.headers.get_all("Set-Cookie")
                  if c.startswith("thd_session="))
    st, me = req("GET", "/api/me", cookie=cookie)
    if me.get("must_change"):
        st, _ = req("POST", "/api/password", {"old": first, "new": new}, cookie, me["csrf"])
        check(f"{name}: first password changed", st == 200, st)
    return cookie


def cli(*args):
    out = subprocess.run([THIDUA, "--json", "stats", *args], capture_output=True, text=True,
                         timeout=60)
    check(f"thidua stats {' '.join(args)} exits 0", out.returncode == 0, out.stderr)
    return json.loads(out.stdout)


st, _ = req("GET", "/api/stats")
check("no session: 401", st == 401, st)

office = session("office", "first-office-1", "office-password-2")
st, web = req("GET", "/api/stats", cookie=office)
check("office: 200", st == 200, st)
whole = cli()
check("office: the CLI's figures, at the same revision", web == whole,
      (web.get("revision"), whole.get("revision")))
check("office: the whole congress", web["unit"] == "" and web["nominees"]["total"] > 0, web["unit"])
st, _ = req("POST", "/api/stats", {}, cookie=office)
check("POST /api/stats refused", st in (403, 405), st)

unit = session("nv", "first-unit-11", "unit-password-22")
st, own = req("GET", "/api/stats", cookie=unit)
check("unit: 200", st == 200, st)
check("unit: its own unit's figures", own.get("unit") == UNIT, own.get("unit"))
check("unit: what thidua stats --unit prints", own == cli("--unit", UNIT),
      own.get("revision"))
check("unit: fewer than the whole congress",
      0 < own["nominees"]["total"] < whole["nominees"]["total"] and
      0 < own["tasks"]["total"] < whole["tasks"]["total"],
      (own["nominees"]["total"], own["tasks"]["total"]))
check("unit: only its own unit's nominees",
      [r["unit"] for r in own["nominees"]["by_unit"]] == [UNIT], own["nominees"]["by_unit"])

st, xlsx = req("GET", "/api/export/xlsx", cookie=office, raw=True)
check("xlsx download: 200", st == 200, st)
book = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/workbook.xml").decode("utf-8")
check("xlsx download: a Thống kê sheet", 'name="Thống kê"' in book, book[:400])

print(f"stats_checks: {failed} failures")
sys.exit(failed)
