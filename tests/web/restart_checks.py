#!/usr/bin/python3
"""A live stream across a broker kill -9 and restart (run by
tests/e2e/test_web.sh, which kills and restarts the broker when told).
Usage: restart_checks.py BASE_URL NAME PASSWORD DIR
The script signs in as NAME (a first password, changed here), loads the
snapshot, opens the stream after it and writes DIR/ready; the shell then
kills the broker, waits for DIR/down (the stream said so), starts it
again on the same ports, makes changes and writes DIR/written with the revision it reached. The stream must say the
broker went down and came back, deliver every change once and in order
(or ask for a reload), and the snapshot built from the first one and the
events must equal a fresh snapshot. The exit status is the number of
failures."""
import json
import os
import sys
import threading
import time

from webcheck import Http, check, failures

BASE, NAME, PASSWORD, DIR = sys.argv[1:5]
web = Http(BASE, timeout=10)

me = web.first_sign_in(NAME, PASSWORD, PASSWORD + "-2")
st, snap, _ = web.json("GET", "/api/snapshot", cookie=me)
check("snapshot before the kill", st == 200, st)
view = {(r["type"], r["id"]): r for r in snap["records"]}
start = snap["revision"]

ids, states, reloads = [], [], []


def follow():
    """Reads the stream after the snapshot until the main thread closes it."""
    resp = web.open("GET", "/api/events?since=%d" % start, cookie=me, timeout=60)
    cur = {}
    try:
        for raw in resp:
            line = raw.decode().rstrip("\n")
            if line.startswith("id: "):
                cur["id"] = int(line[4:])
            elif line.startswith("event: "):
                cur["event"] = line[7:]
            elif line.startswith("data: "):
                cur["data"] = json.loads(line[6:])
            elif line == "" and cur:
                if cur.get("event") == "state":
                    states.append(cur["data"]["up"])
                    if not cur["data"]["up"]:  # the shell restarts the broker now
                        open(os.path.join(DIR, "down"), "w").close()
                elif cur.get("event") == "reload":
                    reloads.append(cur["data"]["revision"])
                elif "id" in cur:
                    ids.append(cur["id"])
                    for r in cur["data"].get("records", []):
                        view[(r["type"], r["id"])] = r
                cur = {}
    except (OSError, ValueError):
        pass


t = threading.Thread(target=follow, daemon=True)
t.start()
time.sleep(0.5)  # the stream is open before the broker is killed
open(os.path.join(DIR, "ready"), "w").close()

written = os.path.join(DIR, "written")
deadline = time.time() + 60
while not os.path.exists(written) and time.time() < deadline:
    time.sleep(0.1)
want = int(open(written).read() or 0) if os.path.exists(written) else 0
check("the shell restarted the broker and wrote", want > start, (want, start))
while ((not ids or ids[-1] < want) or not states or not states[-1]) and not reloads \
        and time.time() < deadline:
    time.sleep(0.1)

check("the stream said the broker went down and came back",
      False in states and states[-1] is True, states)
check("no reload needed: the ring held the gap", not reloads, reloads)
check("every change after the restart arrived", ids and ids[-1] == want, (ids, want))
check("each change once, in order", ids == sorted(set(ids)), ids)
# The gateway rebuilds its snapshot text between its watch's slices
# (client/web/live.c), so it may trail the stream by a slice: a page that
# loads it follows the stream from its revision and loses nothing.
settle = time.time() + 15
while True:
    st, fresh, _ = web.json("GET", "/api/snapshot", cookie=me)
    if fresh["revision"] >= want or time.time() > settle:
        break
    time.sleep(0.1)
check("a fresh snapshot is at the same revision", fresh["revision"] == want, (fresh["revision"], want))
got = {k: v for k, v in view.items() if not v.get("deleted")}
wanted = {(r["type"], r["id"]): r for r in fresh["records"]}
diff = [k for k in set(got) | set(wanted) if got.get(k) != wanted.get(k)]
check("snapshot + events == the fresh snapshot", not diff, diff[:5])
sys.exit(failures())
