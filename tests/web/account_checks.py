#!/usr/bin/python3
"""thidua-web's accounts and sessions under pressure, over HTTP (urllib only):
parallel wrong passwords against the lock, a burst of them from one
address (one counted, the rest wait), an `account passwd` while the
gateway signs people in, the client address behind a proxy (X-Real-IP),
control characters in a typed name reaching the log, the __Host- cookie,
and the idle expiry.
Usage: account_checks.py PLAIN_URL PLAIN_LOG PROXIED_URL PROXIED_LOG THIDUA_WEB STATE NV_KEY
  (run by tests/e2e/test_web.sh; the proxied gateway runs with --behind-proxy
  --lock-after 4 and THIDUA_WEB_TEST_IDLE_MS=4000, both on STATE)
Each check prints ok/FAIL; the exit status is the number of failures."""
import subprocess
import sys
import threading
import time

from webcheck import Http, check, failures

PLAIN, PLAIN_LOG, PROXIED, PROXIED_LOG, WEB_BIN, STATE, NV_KEY = sys.argv[1:8]
LOCK_AFTER = 4
TRIES = 60  # a POST asked again while the answer is 429 (the wait after a wrong password)
plain = Http(PLAIN)
# what a browser sends behind a TLS proxy: an https Origin
proxied = Http(PROXIED, origin=PROXIED.replace("http://", "https://"))


def log_lines(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace").split("\n")


def cli(*args):
    return subprocess.run([WEB_BIN, "account", *args, "--state", STATE], capture_output=True,
                          text=True, timeout=60)


# ---- the cookie: __Host- over HTTPS (the proxy's), the plain name on loopback HTTP ----
st, j, s = proxied.sign_in("busy", "busy-pass-1", ip="10.1.0.1", tries=TRIES)
check("behind a TLS proxy: signed in", st == 200, (st, j))
c = s.line if s else ""
parts = [p.strip() for p in c.split(";")]
check("behind a TLS proxy: cookie __Host-thd_session; Secure; Path=/; no Domain",
      parts[0].startswith("__Host-thd_session=") and "Secure" in parts and "Path=/" in parts
      and not any(p.lower().startswith("domain") for p in parts), c)
proxied_cookie = parts[0]
check("the __Host- cookie opens the session", proxied.json("GET", "/api/me", cookie=proxied_cookie)[0] == 200)
check("the plain name is not the session there",
      proxied.json("GET", "/api/me", cookie="thd_session=" + proxied_cookie.split("=", 1)[1])[0] == 401)
st, j, s = plain.sign_in("busy", "busy-pass-1", tries=TRIES)
c = s.line if s else ""
check("loopback HTTP: cookie thd_session without Secure",
      c.startswith("thd_session=") and "Secure" not in c, c)

# ---- the client address: X-Real-IP behind a proxy, the socket's otherwise ----
for i in range(5):  # then the address waits 1.6 s
    proxied.json("POST", "/api/signin", {"name": "nobody", "password": "x" * 12}, ip="10.2.0.1", tries=TRIES)
st, _, _ = proxied.json("POST", "/api/signin", {"name": "nobody", "password": "x" * 12}, ip="10.2.0.1")
check("behind a proxy: X-Real-IP 10.2.0.1 waits after its wrong passwords", st == 429, st)
st, _, _ = proxied.json("POST", "/api/signin", {"name": "nobody", "password": "x" * 12}, ip="10.2.0.2")
check("behind a proxy: another X-Real-IP does not wait", st == 401, st)
check("behind a proxy: the log names X-Real-IP",
      any("from 10.2.0.1: wrong password" in line for line in log_lines(PROXIED_LOG)))
st, _, _ = plain.json("POST", "/api/signin", {"name": "nobody", "password": "x" * 12}, ip="10.3.0.1", tries=TRIES)
check("no proxy: a wrong password", st == 401, st)
st, _, _ = plain.json("POST", "/api/signin", {"name": "nobody", "password": "x" * 12}, ip="10.3.0.2")
check("no proxy: X-Real-IP is ignored, the socket's address waits", st == 429, st)
check("no proxy: the log names the socket's address, not X-Real-IP",
      not any("10.3.0." in line for line in log_lines(PLAIN_LOG))
      and any("'nobody' from 127.0.0.1" in line for line in log_lines(PLAIN_LOG)))

# ---- control characters in a typed name: one log line, escaped ----
evil = "evil\nforged line\x1b[31m"
st, _, _ = proxied.json("POST", "/api/signin", {"name": evil, "password": "x" * 12}, ip="10.4.0.1", tries=TRIES)
check("a name with control characters: refused", st == 401, st)
lines = log_lines(PROXIED_LOG)
hits = [line for line in lines if "evil" in line]
check("the typed name is logged on one line, escaped",
      len(hits) == 1 and "evil\\nforged" in hits[0] and "\\x1b[31m" in hits[0], hits)
check("no forged line and no raw ESC in the log",
      not any(line.startswith("forged") for line in lines) and "\x1b" not in "\n".join(lines))

# ---- parallel wrong passwords: the lock comes after exactly LOCK_AFTER ----
codes = []
codes_lock = threading.Lock()


def guesser(i):
    end = time.time() + 60
    while time.time() < end:
        st, j, h = proxied.json("POST", "/api/signin", {"name": "race", "password": f"guess-{i}"},
                                ip=f"10.5.0.{i}")
        with codes_lock:
            codes.append(st)
        if st == 403:
            return
        time.sleep(0.05 if st == 429 else 0)


threads = [threading.Thread(target=guesser, args=(i,)) for i in range(1, 13)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check(f"12 parallel guessers: exactly {LOCK_AFTER} wrong passwords counted, then locked",
      codes.count(401) == LOCK_AFTER and codes.count(403) == 12,
      {c: codes.count(c) for c in set(codes)})
st, j, _ = proxied.sign_in("race", "race-pass-1", ip="10.5.1.1", tries=TRIES)
check("locked: the right password is refused", st == 403 and "locked" in j["error"]["message"], (st, j))
check("the file says locked", "locked" in [ln for ln in cli("list").stdout.split("\n") if ln.startswith("race ")][0])

# ---- a burst of wrong passwords from one address: the address's slot is
# reserved before the password is tried, so exactly one try of a burst is
# counted and the others wait (429), however many arrive at once ----
def burst(ip, n=12):
    gate = threading.Barrier(n)
    got = []
    got_lock = threading.Lock()

    def one(i):
        gate.wait()
        st, _, _ = proxied.json("POST", "/api/signin", {"name": "nobody-burst", "password": f"burst-{i}-xx"},
                                ip=ip)
        with got_lock:
            got.append(st)

    ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return {c: got.count(c) for c in set(got)}


def wrong_logged(ip):
    return sum(1 for line in log_lines(PROXIED_LOG) if f"'nobody-burst' from {ip}: wrong password" in line)


got = burst("10.9.0.1")
check("12 guessers at once from one address: exactly 1 try counted, 11 wait (429)",
      got == {401: 1, 429: 11}, got)
check("the log holds exactly the one counted try", wrong_logged("10.9.0.1") == 1, wrong_logged("10.9.0.1"))
time.sleep(0.3)  # past the 100 ms wait after one wrong password
got = burst("10.9.0.1")
check("the next burst from that address: again exactly 1 counted", got == {401: 1, 429: 11}, got)
check("the log holds the two counted tries", wrong_logged("10.9.0.1") == 2, wrong_logged("10.9.0.1"))
got = burst("10.9.0.2", 4)
check("another address has its own slot", got == {401: 1, 429: 3}, got)

# ---- `account passwd` while the gateway signs people in is not lost ----
busy = [threading.Thread(target=proxied.sign_in, args=("busy", "busy-pass-1"),
                         kwargs={"ip": f"10.6.0.{i}", "tries": TRIES})
        for i in range(1, 9)]
for t in busy:
    t.start()
time.sleep(0.05)
wrong = threading.Thread(target=proxied.json, args=("POST", "/api/signin", {"name": "renew", "password": "not-it-at-all"}),
                         kwargs={"ip": "10.6.1.1"})
wrong.start()
time.sleep(0.05)
p = cli("passwd", "renew", "--key", NV_KEY, "--password", "renew-pass-2")
check("account passwd while the gateway runs", p.returncode == 0, p.stderr)
for t in busy + [wrong]:
    t.join()
st, j, renew = proxied.sign_in("renew", "renew-pass-2", ip="10.6.1.2", tries=TRIES)
check("the new password of `account passwd` holds after the gateway's own writes", st == 200, (st, j))

# ---- a wrong old password at the password change counts, up to the lock ----
got = []
for i in range(LOCK_AFTER + 1):
    st, j, _ = proxied.json("POST", "/api/password", {"old": f"wrong-old-{i}", "new": "renew-pass-33"},
                            ip="10.7.0.1", who=renew, tries=TRIES)
    got.append(st)
check(f"wrong old passwords: {LOCK_AFTER} refusals, then the account is locked",
      got == [403] * (LOCK_AFTER + 1) and "locked" in j["error"]["message"], (got, j))
st, j, _ = proxied.sign_in("renew", "renew-pass-2", ip="10.7.0.2", tries=TRIES)
check("after wrong old passwords the right one is refused at sign-in", st == 403, (st, j))
check("account unlock", cli("unlock", "renew").returncode == 0)
st, j, _ = proxied.sign_in("renew", "renew-pass-2", ip="10.7.0.3", tries=TRIES)
check("unlocked: the right password signs in", st == 200, (st, j))

# ---- idle expiry (the proxied gateway: 4 s for tests; each wait keeps 1.5 s
# of slack for a loaded machine, and the two together pass the idle time) ----
st, j, cookie = proxied.sign_in("busy", "busy-pass-1", ip="10.8.0.1", tries=TRIES)
time.sleep(2.5)
check("used within the idle time: alive", proxied.json("GET", "/api/me", cookie=cookie)[0] == 200)
time.sleep(2.5)
check("used again: still alive", proxied.json("GET", "/api/me", cookie=cookie)[0] == 200)
time.sleep(5.5)
st, j, _ = proxied.json("GET", "/api/me", cookie=cookie)
check("idle past the expiry: 401, in English", st == 401 and "expired" in j["error"]["message"], (st, j))
st, j, _ = proxied.json("GET", "/api/me", cookie=cookie, lang="vi")
check("idle past the expiry: 401, in Vietnamese", st == 401 and "hết hạn" in j["error"]["message"], (st, j))
st, j, _ = proxied.json("GET", "/api/snapshot", cookie=proxied_cookie)
check("the first session, idle since, is gone too", st == 401, st)

sys.exit(failures())
