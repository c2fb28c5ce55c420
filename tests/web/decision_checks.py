#!/usr/bin/python3
"""The draft decision through thidua-web (urllib only): GET
/api/decision/<decision|certificates>.pdf under the chair's account.
  decision_checks.py BASE_URL NAME FIRST_PASSWORD none
      nothing selected yet: 412 in Vietnamese and English, no PDF
  decision_checks.py BASE_URL NAME PASSWORD OUT_DIR REVISION
      the PDFs, named and stamped with the revision, saved to OUT_DIR
Run by tests/e2e/test_cli_decision.sh, which reads the PDFs back with
poppler. Each check prints ok/FAIL; the exit status is the failures."""
import json
import sys
import urllib.error
import urllib.request

BASE, NAME, PASSWORD, WHAT = sys.argv[1:5]
failed = 0


def check(name, cond, detail=""):
    global failed
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {detail}"))
    failed += 0 if cond else 1


def req(method, path, body=None, who=None, lang="vi"):
    h = {"Origin": BASE, "X-Thidua-Lang": lang, "Content-Type": "application/json"}
    if who:
        h["Cookie"] = "thd_session=" + who[0]
        h["X-CSRF-Token"] = who[1]
    data = json.dumps(body).encode() if body is not None else None
    r = urllib.request.Request(BASE + path, data=data, method=method, headers=h)
    try:
        resp = urllib.request.urlopen(r, timeout=30)
    except urllib.error.HTTPError as e:
        resp = e
    return resp.status, resp.read(), resp.headers


def sign_in(password):
    st, raw, h = req("POST", "/api/signin", {"name": NAME, "password": password})
    if st != 200:
        return None
    cookie = [c for c in h.get_all("Set-Cookie") if c.startswith("thd_session=")][0]
    return cookie.split(";")[0].split("=", 1)[1], json.loads(raw)["csrf"]


if WHAT == "none":
    who = sign_in(PASSWORD)
    req("POST", "/api/password", {"old": PASSWORD, "new": PASSWORD + "-2"}, who)
    st, raw, h = req("GET", "/api/decision/decision.pdf", who=who)
    msg = json.loads(raw).get("error", {}).get("message", "") if st != 200 else ""
    check("web_none_selected_412", st == 412, st)
    check("web_none_selected_vi", "chưa có gương điển hình nào được tuyên dương" in msg, msg)
    st, raw, h = req("GET", "/api/decision/certificates.pdf", who=who, lang="en")
    msg = json.loads(raw).get("error", {}).get("message", "") if st != 200 else ""
    check("web_none_selected_en", st == 412 and "no nominee is selected" in msg, msg)
    st, raw, h = req("GET", "/api/decision/other.pdf", who=who)
    check("web_unknown_file_404", st == 404, st)
    st, raw, h = req("GET", "/api/decision/decision.pdf")
    check("web_needs_sign_in", st == 401, st)
else:
    out, revision = WHAT, sys.argv[5]
    who = sign_in(PASSWORD + "-2")
    for f in ("decision", "certificates"):
        st, raw, h = req("GET", f"/api/decision/{f}.pdf", who=who)
        check(f"web_{f}_pdf", st == 200 and raw.startswith(b"%PDF-")
              and h["Content-Type"] == "application/pdf", (st, raw[:200]))
        check(f"web_{f}_revision", h["X-Thidua-Revision"] == revision, h["X-Thidua-Revision"])
        check(f"web_{f}_named", f"-r{revision}.pdf" in (h["Content-Disposition"] or ""),
              h["Content-Disposition"])
        with open(f"{out}/web-{f}.pdf", "wb") as fh:
            fh.write(raw)
sys.exit(failed)
