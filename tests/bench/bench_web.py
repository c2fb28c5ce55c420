#!/usr/bin/python3
"""thidua-web with many live pages (run by tests/bench/bench_web.sh).
N sessions sign in (one account, N sessions) and each holds GET /api/events;
one more session posts task.create through the gateway, one every PACE ms.
Figures: the write's reply (send -> 200), and for every event on every
stream its arrival minus the write's acknowledgement (the 200 reaching the
writer) and minus its send; the gateway's RSS; the overview's first load
(GET / then /api/snapshot, as the page does). One process reads all the
streams with one selector loop, so the figures include that reader's own
delay (Python, on the same cores as the gateway and the broker).
Usage: bench_web.py BASE_URL GATEWAY_PID [--sessions N] [--writes N] [--pace-ms MS]"""
import argparse
import json
import selectors
import socket
import statistics
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ap = argparse.ArgumentParser()
ap.add_argument("base")
ap.add_argument("pid")
ap.add_argument("--sessions", type=int, default=200)
ap.add_argument("--writes", type=int, default=50)
ap.add_argument("--pace-ms", type=float, default=20)
a = ap.parse_args()
BASE, U = a.base, urllib.parse.urlparse(a.base)


def rss_mib(field="VmRSS"):
    with open(f"/proc/{a.pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def post(path, body, cookie=None, csrf=None):
    h = {"Content-Type": "application/json", "Origin": BASE}
    if cookie:
        h["Cookie"] = "thd_session=" + cookie
        h["X-CSRF-Token"] = csrf
    r = urllib.request.urlopen(urllib.request.Request(BASE + path, json.dumps(body).encode(), h),
                               timeout=60)
    j = json.loads(r.read())
    c = r.headers.get("Set-Cookie")
    return j, (c.split(";")[0].split("=", 1)[1] if c else cookie)


def sign_in():
    j, cookie = post("/api/signin", {"name": "bench", "password": PASSWORD})
    return cookie, j["csrf"]


PASSWORD = "bench-password-2"
j, c = post("/api/signin", {"name": "bench", "password": "bench-password-1"})
post("/api/password", {"old": "bench-password-1", "new": PASSWORD}, c, j["csrf"])


def get(path, cookie):
    req = urllib.request.Request(BASE + path, headers={"Cookie": "thd_session=" + cookie})
    return urllib.request.urlopen(req, timeout=60).read()


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


rss0 = rss_mib()
t0 = time.monotonic()
with ThreadPoolExecutor(4) as ex:
    sessions = list(ex.map(lambda _: sign_in(), range(a.sessions + 1)))
signin_s = time.monotonic() - t0
writer, readers = sessions[0], sessions[1:]
rss_sessions = rss_mib()

def first_loads(n=5):
    """The overview's first load, as the page does it: the page, then the snapshot."""
    loads, snap = [], b""
    for _ in range(n):
        t = time.monotonic()
        get("/", writer[0])
        snap = get("/api/snapshot", writer[0])
        loads.append((time.monotonic() - t) * 1000)
    return loads, snap


loads, snap = first_loads()
records = len(json.loads(snap)["records"])
since = json.loads(snap)["revision"]

# the streams: raw sockets, one selector
sel = selectors.DefaultSelector()
for cookie, _ in readers:
    s = socket.create_connection((U.hostname, U.port))
    s.sendall((f"GET /api/events?since={since} HTTP/1.1\r\nHost: {U.netloc}\r\n"
               f"Cookie: thd_session={cookie}\r\nAccept: text/event-stream\r\n\r\n").encode())
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, {"buf": b""})
arrivals = []  # (revision, monotonic time)
stop = threading.Event()


def read_loop():
    while not stop.is_set():
        for key, _ in sel.select(timeout=0.2):
            now = time.monotonic()
            try:
                data = key.fileobj.recv(65536)
            except BlockingIOError:
                continue
            if not data:
                sel.unregister(key.fileobj)
                continue
            buf = key.data["buf"] + data
            lines = buf.split(b"\n")
            key.data["buf"] = lines.pop()
            for line in lines:
                if line.startswith(b"id: "):
                    arrivals.append((int(line[4:]), now))


reader = threading.Thread(target=read_loop)
reader.start()
time.sleep(1.0)  # every stream open and past its catch-up
rss_streams = rss_mib()
loads_streams, _ = first_loads()

sent, acked = {}, {}
units = ["BTC", "TT-TDKT"]
for i in range(a.writes):
    t = time.monotonic()
    j, _ = post("/api/call/task.create",
                {"task": {"title": f"bench {i}", "lead_unit": units[i % 2], "deadline": "2099-12-01",
                          "kind": "work", "phase": "before"}}, *writer)
    done = time.monotonic()
    rev = int(j["revision"])
    sent[rev], acked[rev] = t, done
    time.sleep(max(0.0, a.pace_ms / 1000 - (done - t)))
deadline = time.monotonic() + 10
while time.monotonic() < deadline and sum(1 for r, _ in arrivals if r in acked) < a.writes * len(readers):
    time.sleep(0.1)
stop.set()
reader.join()
rss_peak = rss_mib("VmHWM")

got = [(r, t) for r, t in arrivals if r in acked]
after_ack = [(t - acked[r]) * 1000 for r, t in got]
after_send = [(t - sent[r]) * 1000 for r, t in got]
reply = [(acked[r] - sent[r]) * 1000 for r in acked]
print(f"sessions {len(readers)} (+1 writer), streams {len(readers)}, writes {a.writes}, "
      f"one every {a.pace_ms:g} ms; records in the snapshot {records}")
print(f"sign-in of {len(sessions)} sessions: {signin_s:.1f} s (Argon2id, one at a time)")
print(f"events received {len(got)} of {a.writes * len(readers)}")
print(f"write reply (send -> 200) ms: p50 {pct(reply, 50):.2f} p99 {pct(reply, 99):.2f}")
print(f"event after the write's 200 ms: p50 {pct(after_ack, 50):.2f} p99 {pct(after_ack, 99):.2f}"
      f" (negative: the event came before the reply)")
print(f"event after the write's send ms: p50 {pct(after_send, 50):.2f} p99 {pct(after_send, 99):.2f}")
print(f"gateway RSS MiB: at start {rss0:.1f}, with the sessions {rss_sessions:.1f}, "
      f"with the streams {rss_streams:.1f}, peak {rss_peak:.1f}")
print(f"overview first load (GET / + /api/snapshot) ms: median {statistics.median(loads):.1f} "
      f"max {max(loads):.1f}; with the streams open: median {statistics.median(loads_streams):.1f} "
      f"max {max(loads_streams):.1f} ({len(snap)} bytes of snapshot)")
