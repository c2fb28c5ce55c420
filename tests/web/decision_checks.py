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

from webcheck import Http, check, failures

BASE, NAME, PASSWORD, WHAT = sys.argv[1:5]
web = Http(BASE, lang="vi")


if WHAT == "none":
    who = web.first_sign_in(NAME, PASSWORD, PASSWORD + "-2")
    st, raw, h = web.raw("GET", "/api/decision/decision.pdf", who=who)
    msg = json.loads(raw).get("error", {}).get("message", "") if st != 200 else ""
    check("web_none_selected_412", st == 412, st)
    check("web_none_selected_vi", "chưa có gương điển hình nào được tuyên dương" in msg, msg)
    st, raw, h = web.raw("GET", "/api/decision/certificates.pdf", who=who, lang="en")
    msg = json.loads(raw).get("error", {}).get("message", "") if st != 200 else ""
    check("web_none_selected_en", st == 412 and "no nominee is selected" in msg, msg)
    st, raw, h = web.raw("GET", "/api/decision/other.pdf", who=who)
    check("web_unknown_file_404", st == 404, st)
    st, raw, h = web.raw("GET", "/api/decision/decision.pdf")
    check("web_needs_sign_in", st == 401, st)
else:
    out, revision = WHAT, sys.argv[5]
    _, _, who = web.sign_in(NAME, PASSWORD + "-2")
    for f in ("decision", "certificates"):
        st, raw, h = web.raw("GET", f"/api/decision/{f}.pdf", who=who)
        check(f"web_{f}_pdf", st == 200 and raw.startswith(b"%PDF-")
              and h["Content-Type"] == "application/pdf", (st, raw[:200]))
        check(f"web_{f}_revision", h["X-Thidua-Revision"] == revision, h["X-Thidua-Revision"])
        check(f"web_{f}_named", f"-r{revision}.pdf" in (h["Content-Disposition"] or ""),
              h["Content-Disposition"])
        with open(f"{out}/web-{f}.pdf", "wb") as fh:
            fh.write(raw)
sys.exit(failures())
