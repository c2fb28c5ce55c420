#!/usr/bin/python3
"""Documents through thidua-web over HTTP (urllib and a raw socket only):
a unit's report with a file goes up as multipart/form-data and comes down
byte for byte, with its UTF-8 name in Content-Disposition (RFC 5987) and an
ASCII fallback; an upload over the broker's limit is refused (413) and
changes nothing; a version the broker does not have is the broker's own
refusal. Usage: document_checks.py BASE_URL  (run by tests/e2e/test_web.sh)
Each check prints ok/FAIL; the exit status is the number of failures."""
import hashlib
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from document_checks_pdf import pdf  # noqa: E402
from webcheck import Http, check, failures, multipart  # noqa: E402

BASE = sys.argv[1]
LIMIT = 16 * 1024 * 1024  # the broker's most for one document (THD_MAX_ATTACHMENT_BYTES)
web = Http(BASE)


def task(tid, who):
    st, j, _ = web.call("task.get", {"id": tid}, who=who)
    return j["record"]["task"]


def revision(who):
    return web.call("status", {}, who=who)[1]["status_reply"]["revision"]


office = web.first_sign_in("office-doc", "first-office-d", "office-doc-pass-2")
unit = web.first_sign_in("nv-doc", "first-unit-doc", "unit-doc-pass-22")
st, j, _ = web.call("task.create", {"task": {"title": "Báo cáo tổng kết 5 năm", "lead_unit": "SO-NV",
                                             "deadline": "2030-06-30", "kind": "work", "phase": "before"}},
                    who=office)
check("office creates a task for the documents", st == 200, (st, j))
tid = j["record"]["task"]["id"]

# a report with a PDF whose name is Vietnamese and has quotes
name = 'Báo cáo "quý III" – Sở Nội vụ.pdf'
doc = pdf("Bao cao quy III")
body, ctype = multipart({"id": tid, "percent": "60", "text": "Đã xong 60 %"}, name, doc)
st, raw, _ = web.raw("POST", "/api/upload/task.report", data=body, ctype=ctype, who=unit)
j = json.loads(raw)
check("a report with a file goes up as multipart", st == 200, (st, raw[:300]))
x = task(tid, office)
h = x["history"][-1]
check("the report is 60 % with its text", x["progress"] == 60 and h["text"] == "Đã xong 60 %", h)
check("the history names the file, its size and SHA-256",
      h.get("version") == 1 and h["attachment"]["name"] == name and int(h["attachment"]["size"]) == len(doc)
      and h["attachment"]["sha256"] == hashlib.sha256(doc).hexdigest(), h)

st, got, hd = web.raw("GET", f"/api/document/{tid}/1", cookie=office)
check("the office downloads it byte for byte", st == 200 and got == doc, (st, len(got)))
check("its Content-Type is the file's", hd["Content-Type"] == "application/pdf", hd["Content-Type"])
check("nosniff on the download", hd["X-Content-Type-Options"] == "nosniff")
cd = hd["Content-Disposition"]
star = cd.split("filename*=UTF-8''", 1)[1] if "filename*=UTF-8''" in cd else ""
check("Content-Disposition: attachment with filename*=UTF-8'' of the original name",
      cd.startswith("attachment;") and urllib.parse.unquote(star, errors="strict") == name, cd)
fallback = cd.split('filename="', 1)[1].split('"', 1)[0] if 'filename="' in cd else None
check("an ASCII fallback filename=: the name without its marks, quotes as _",
      fallback == "Bao cao _quy III_ _ So Noi vu.pdf", cd)
st, got, _ = web.raw("GET", f"/api/document/{tid}/0", cookie=unit)
check("version 0 is the newest", st == 200 and got == doc, st)

# the broker's refusals come through as its own
st, raw, _ = web.raw("GET", f"/api/document/{tid}/7", cookie=office)
j = json.loads(raw)
check("a version the broker does not have -> its NOT_FOUND (404)",
      st == 404 and j["error"]["code"] == "NOT_FOUND" and "no version 7" in j["error"]["message"], (st, j))
st, raw, _ = web.raw("GET", "/api/document/T-999/1", cookie=office, lang="vi")
j = json.loads(raw)
check("a task that does not exist -> the broker's refusal, in Vietnamese",
      st == 404 and j["error"]["code"] == "NOT_FOUND" and "T-999" in j["error"]["message"], (st, j))
check("a download without a session -> 401", web.raw("GET", f"/api/document/{tid}/1")[0] == 401)

# an active type is never served as itself
body, ctype = multipart({"id": tid, "percent": "65"}, "trang.html", b"<script>alert(1)</script>", "text/html")
st, raw, _ = web.raw("POST", "/api/upload/task.report", data=body, ctype=ctype, who=unit)
st, got, hd = web.raw("GET", f"/api/document/{tid}/2", cookie=office)
check("an HTML file comes down as application/octet-stream",
      st == 200 and hd["Content-Type"] == "application/octet-stream", (st, hd["Content-Type"]))

# refusals of the upload itself change nothing
rev0, versions0 = revision(office), task(tid, office)["versions"]
big = b"%PDF-1.4\n" + b"0" * (LIMIT + 1 - 9)
body, ctype = multipart({"id": tid, "percent": "70"}, "lon.pdf", big)
st, raw, _ = web.raw("POST", "/api/upload/task.report", data=body, ctype=ctype, who=unit)
check("a file one byte over 16 MiB -> 413", st == 413, (st, raw[:200]))
body, ctype = multipart({"id": tid, "percent": "70"}, "dung.pdf", doc)
st, raw, _ = web.raw("POST", "/api/upload/task.report", data=body, ctype=ctype, cookie=unit)
check("an upload without the CSRF token -> 403", st == 403, st)
st, raw, _ = web.raw("POST", "/api/upload/task.report", data=b"--x\r\nnonsense", ctype="multipart/form-data; boundary=x",
                     who=unit)
check("a body that is not multipart -> 400", st == 400, (st, raw[:200]))
st, raw, _ = web.raw("POST", "/api/upload/task.accept", data=body, ctype=ctype, who=office)
check("a kind that takes no file -> 404", st == 404, st)
body, ctype = multipart({"id": tid, "percent": "170"}, "dung.pdf", doc)
st, raw, _ = web.raw("POST", "/api/upload/task.report", data=body, ctype=ctype, who=unit)
check("a report the broker refuses (170 %) -> its INVALID_ARGUMENT", st == 400 and json.loads(raw)["error"]["field"] == "percent",
      (st, raw[:200]))


head = web.first_bytes("/api/upload/task.report", [f"Cookie: {unit.cookie()}", f"X-CSRF-Token: {unit.csrf}",
                                                    "Content-Type: " + ctype,
                                                    "Content-Length: %d" % (LIMIT + 1024 * 1024)])
check("an upload announced over the limit: 413 before its body is sent", head.startswith("HTTP/1.1 413"), head)
check("nothing changed after the refusals",
      revision(office) == rev0 and task(tid, office)["versions"] == versions0,
      (revision(office), rev0))
sys.exit(failures())
