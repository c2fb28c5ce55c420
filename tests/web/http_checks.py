#!/usr/bin/python3
"""thidua-web over HTTP, as a browser would speak to it (urllib only).
Usage: http_checks.py BASE_URL  (run by tests/e2e/test_web.sh)
Each check prints ok/FAIL; the exit status is the number of failures."""
import json
import sys
import time

from webcheck import Http, check, failures

BASE = sys.argv[1]
web = Http(BASE, timeout=10)


def sign_in(name, password):
    """(status, JSON, Session); its cookie must be HttpOnly, SameSite=Strict, Path=/."""
    st, j, s = web.sign_in(name, password)
    if s:
        check(f"{name}: cookie is HttpOnly SameSite=Strict Path=/",
              "HttpOnly" in s.line and "SameSite=Strict" in s.line and "Path=/" in s.line, s.line)
    return st, j, s


def revision(who):
    st, j, _ = web.call("status", {}, who=who)
    return j["status_reply"]["revision"]


# headers on every response, the page itself
st, _, h = web.json("GET", "/")
check("index is served", st == 200, st)
check("CSP forbids inline script and framing",
      "default-src 'self'" in h["Content-Security-Policy"] and "frame-ancestors 'none'" in h["Content-Security-Policy"])
check("nosniff", h["X-Content-Type-Options"] == "nosniff")
check("path with .. refused", web.json("GET", "/../../etc/passwd")[0] == 404)

# no session, unknown account, the first password
check("no cookie -> 401", web.json("GET", "/api/me")[0] == 401)
check("no cookie call -> 401", web.call("ping", {})[0] == 401)
# the gateway's own refusals: one reason id, the text in the page's language
st, j, _ = web.json("GET", "/api/me")
check("a refusal names its reason id", (j or {}).get("error", {}).get("reason") == "web.not_signed_in", j)
check("in English when the page asks", "not signed in" in (j or {}).get("error", {}).get("message", ""), j)
st, j, _ = web.json("GET", "/api/me", headers={"X-Thidua-Lang": "vi"})
check("in Vietnamese by default", (j or {}).get("error", {}).get("message", "").startswith("chưa đăng nhập"), j)
st, j, _ = web.json("GET", "/api/nothing-here", headers={"X-Thidua-Lang": "vi"})
check("an unknown page: 404, web.no_page, Vietnamese",
      st == 404 and j["error"]["reason"] == "web.no_page" and j["error"]["message"] == "không có trang này", (st, j))
st, j, _ = sign_in("nobody", "x" * 12)
check("unknown account -> 401", st == 401, st)
time.sleep(0.2)  # the address's delay after that failure
st, j, office = sign_in("office", "first-office-1")
check("office signs in", st == 200 and j["role"] == "office", (st, j))
check("first password must change", j["must_change"] is True)
check("calls wait for the password change", web.call("ping", {}, who=office)[0] == 403)
st, j, _ = web.json("POST", "/api/password", {"old": "first-office-1", "new": " " * 12}, who=office)
check("a password of spaces is refused beside the new one", st == 400 and j["error"]["field"] == "new", (st, j))
check("... as too short", j["error"]["reason"] == "web.weak_password"
      and j["error"]["message"] == "the new password must be at least 10 characters long", j)
# long enough but the current one again: said as that, not as too short
st, j, _ = web.json("POST", "/api/password", {"old": "first-office-1", "new": "first-office-1"}, who=office)
check("the current password again is refused as the same one", st == 400 and j["error"]["field"] == "new"
      and j["error"]["reason"] == "web.same_password", (st, j))
st, j, _ = web.json("POST", "/api/password", {"old": "first-office-1", "new": "first-office-1"}, who=office,
                    lang="vi")
check("... in Vietnamese", j["error"]["message"] == "mật khẩu mới phải khác mật khẩu hiện tại", j)
st, j, _ = web.json("POST", "/api/password", {"old": "first-office-1", "new": "office-password-2"},
                    who=office)
check("password changed", st == 200, (st, j))
st, j, _ = web.call("ping", {}, who=office)
check("office ping through the gateway", st == 200 and j["ping"]["principal"] == "office", (st, j))

# session id changes at sign-in; the old one stays valid only as itself
st, j, office2 = sign_in("office", "office-password-2")
check("new session id at sign-in", office2 and office2.id != office.id)
st, j, _ = web.json("POST", "/api/signout", {}, who=office2)
check("sign-out", st == 200)
check("signed-out session -> 401", web.json("GET", "/api/me", cookie=office2)[0] == 401)

# CSRF and Origin
check("forged CSRF -> 403", web.call("ping", {}, cookie=office, csrf="0" * 64)[0] == 403)
check("missing CSRF -> 403", web.call("ping", {}, cookie=office)[0] == 403)
check("foreign Origin -> 403",
      web.call("ping", {}, who=office, origin="http://evil.example")[0] == 403)
check("no Origin -> 403", web.call("ping", {}, who=office, origin=None)[0] == 403)

# the generic call: unknown kinds, JSON that does not fit, the broker's refusals
check("unknown kind -> 404", web.call("task.explode", {}, who=office)[0] == 404)
st, j, _ = web.call("task.create", {"task": {"title": 7}}, who=office)
check("JSON of the wrong type -> 400 naming the field", st == 400 and j["error"]["field"] == "title", j)
st, j, _ = web.call("task.create", {"nonsense": 1}, who=office)
check("unknown field -> 400", st == 400 and j["error"]["field"] == "nonsense", j)
st, j, _ = web.call("task.create", {"task": {"title": "<img src=x onerror=alert(1)>", "lead_unit": "SO-NV",
                                              "deadline": "2030-12-01", "kind": "work", "phase": "before"}},
                    who=office)
check("office creates a task", st == 200 and j["record"]["task"]["id"] == "T-1", (st, j))
st, j, _ = web.call("task.create", {"task": {"title": "x" * 300, "lead_unit": "SO-NV", "deadline": "2030-12-01", "phase": "before"}},
                    who=office)
check("over-long title refused by the broker", st == 400 and j["error"]["code"] == "INVALID_ARGUMENT", (st, j))

st, j, unit = sign_in("nv", "first-unit-11")
web.json("POST", "/api/password", {"old": "first-unit-11", "new": "unit-password-22"}, who=unit)
rev0 = revision(office)
st, j, _ = web.call("task.create", {"task": {"title": "x", "lead_unit": "SO-NV", "deadline": "2030-12-01", "phase": "before"}},
                    who=unit)
check("unit's office request -> broker PERMISSION_DENIED (403)",
      st == 403 and j["error"]["code"] == "PERMISSION_DENIED", (st, j))
check("revision unchanged after the refusal", revision(office) == rev0)

# live: snapshot, then changes by SSE with id = revision, resumed by Last-Event-ID
time.sleep(0.5)  # the gateway's view catches up
st, snap, _ = web.json("GET", "/api/snapshot", cookie=unit)
check("snapshot from the gateway", st == 200 and any(r.get("id") == "T-1" for r in snap["records"]), st)
since = snap["revision"]
revs = []
for pct in (20, 40, 60):
    st, j, _ = web.call("task.report", {"id": "T-1", "percent": pct, "text": f"{pct} %"}, who=unit)
    check(f"unit reports {pct} %", st == 200, (st, j))
    revs.append(j["revision"])

# a value the request's JSON cannot hold: said in the person's words,
# naming the field, and nothing sent (the progress stays as reported)
for body, reason, said in (({"id": "T-1", "percent": -5}, "web.json_number",
                            "tỷ lệ phải là số nguyên trong khoảng cho phép"),
                           ({"id": "T-1", "percent": "năm mươi"}, "web.json_number", "tỷ lệ phải là số nguyên"),
                           ({"id": "T-1", "percent": 50, "text": 7}, "web.json_kind", "không đúng loại giá trị"),
                           ({"id": "T-1", "percent": 50, "nonsense": 1}, "web.json_no_field",
                            "yêu cầu không có mục 'nonsense'")):
    st, j, _ = web.call("task.report", body, who=unit, lang="vi")
    err = (j or {}).get("error", {})
    check(f"a report of {body}: {reason}, in Vietnamese", st == 400 and err.get("reason") == reason
          and said in err.get("message", "") and "is " not in err.get("message", ""), (st, j))
st, j, _ = web.call("task.list", {"status": "flying"}, who=unit, lang="vi")
check("a status the list has no such choice for: web.json_choice, naming the field",
      st == 400 and j["error"]["reason"] == "web.json_choice" and j["error"]["field"] == "status", (st, j))
st, j, _ = web.call("task.get", {"id": "T-1"}, who=unit)
check("... and nothing was sent: the progress is the last report's",
      st == 200 and j["record"]["task"].get("progress") == 60, (st, j))


def events(last_id, n, query=""):
    """The first n change ids (and other event names) on a stream."""
    resp = web.open("GET", "/api/events" + query, cookie=unit,
                    headers={"Last-Event-ID": str(last_id)} if last_id is not None else {})
    got, names, cur = [], [], {}
    deadline = time.time() + 10
    while len(got) < n and time.time() < deadline:
        line = resp.readline().decode().rstrip("\n")
        if line.startswith("id: "):
            cur["id"] = int(line[4:])
        elif line.startswith("event: "):
            cur["event"] = line[7:]
        elif line.startswith("data: "):
            cur["data"] = json.loads(line[6:])
        elif line == "" and cur:
            if "id" in cur:
                got.append(cur["id"])
            else:
                names.append(cur.get("event"))
            cur = {}
    resp.close()
    return got, names


got, _ = events(since, 3)
check("stream from the snapshot: every change once, in order", got == revs, (got, revs))
got, _ = events(revs[0], 2)
check("Last-Event-ID resumes after it: nothing lost or doubled", got == revs[1:], (got, revs))
resp = web.open("GET", "/api/events?since=0", cookie=unit)
first = resp.readline().decode()
resp.close()
check("a revision older than the ring -> reload", first.startswith("event: reload"), first)

# a live stream ends with its session: signing out lets the key go
st, j, office3 = sign_in("office", "office-password-2")
resp = web.open("GET", "/api/events?since=%d" % revs[-1], cookie=office3)
web.json("POST", "/api/signout", {}, who=office3)
t0 = time.time()
ended = False  # the gateway closed the stream, not our socket's timeout
try:
    while resp.readline():
        pass
    ended = True
except OSError:  # no end within the socket's timeout (10 s; keep-alives come each 15 s)
    pass
check("a stream ends after its session signs out", ended and time.time() - t0 < 8, time.time() - t0)
resp.close()

# a refused request is answered on its headers: its body is never waited for
head = web.first_bytes("/api/call/ping", ["Content-Type: application/json", "Content-Length: 20000000"])
check("no session: 401 before the 20 MB body is sent", head.startswith("HTTP/1.1 401"), head)
head = web.first_bytes("/api/call/ping", [f"Cookie: {unit.cookie()}", f"X-CSRF-Token: {unit.csrf}",
                                          "Content-Length: 99999999"])
check("a body announced over the limit: 413 before it is sent", head.startswith("HTTP/1.1 413"), head)

# wrong passwords: slower, then locked (the gateway runs with --lock-after 3)
codes, waits = [], []
for i in range(3):
    for _ in range(100):
        st, j, h = web.json("POST", "/api/signin", {"name": "nv", "password": "wrong-%d" % i}, lang="vi")
        if st != 429:
            break
        waits.append(j["error"]["message"])
        time.sleep(float(h.get("Retry-After", "1")) / 4)
    codes.append(st)
check("wrong passwords -> 401", codes == [401, 401, 401], codes)
# the wait follows even one wrong password: said as that, never "many times"
check("the wait says a wrong password was just tried, and for how long",
      waits and all(w.startswith("vừa có lần nhập sai mật khẩu; để chống dò mật khẩu, hãy đợi ")
                    and w.endswith(" giây rồi thử lại") for w in waits), waits)
st, j, h = web.json("POST", "/api/signin", {"name": "nv", "password": "unit-password-22"})
while st == 429:
    time.sleep(float(h.get("Retry-After", "1")))
    st, j, h = web.json("POST", "/api/signin", {"name": "nv", "password": "unit-password-22"})
check("locked: even the right password is refused", st == 403 and "locked" in j["error"]["message"], (st, j))
check("the unit's open session goes on", web.call("ping", {}, who=unit)[0] == 200)

sys.exit(failures())
