#!/usr/bin/python3
"""The metrics files of thidua-server, its backups and thidua-web, read as
Prometheus reads them: a strict parser of the text exposition format 0.0.4
(the one node_exporter's textfile collector accepts), and the alert rules
checked against what the programs export.

  check_metrics.py lint FILE...            parse strictly; say what is wrong
  check_metrics.py value FILE NAME [k=v]...  print one sample's value
  check_metrics.py wait FILE SECONDS       wait until the file was written after
                                           SECONDS (Unix time), print nothing
  check_metrics.py rules RULES FILE...     the rules file is Prometheus alerting
                                           rules YAML, and every thidua_* metric
                                           its expressions name is in the FILEs
  check_metrics.py web URL ACCOUNT PASSWORD LOCK_AFTER
                                           sign-ins of every outcome and one live
                                           stream held open; prints the counts
                                           it caused as name=value lines, then
                                           waits for a line on stdin to close
Used by tests/e2e/test_metrics.sh. Exit status 0 when everything holds."""
import http.client
import json
import math
import re
import sys
import time
import urllib.error
import urllib.request

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}
VALUE = re.compile(r"^[+-]?(Inf|NaN|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$")


class FormatError(Exception):
    pass


def parse_labels(text, where):
    """`k="v",k2="v2"` into a dict; escapes \\\\, \\" and \\n only."""
    labels, i = {}, 0
    while i < len(text):
        m = re.match(LABEL + "=\"", text[i:])
        if not m:
            raise FormatError(f"{where}: bad label at '{text[i:]}'")
        key = m.group(0)[:-2]
        i += m.end()
        value = []
        while True:
            if i >= len(text):
                raise FormatError(f"{where}: unterminated label value")
            c = text[i]
            if c == "\\":
                nxt = text[i + 1:i + 2]
                if nxt not in ("\\", "\"", "n"):
                    raise FormatError(f"{where}: bad escape \\{nxt}")
                value.append("\n" if nxt == "n" else nxt)
                i += 2
            elif c == "\"":
                i += 1
                break
            elif c == "\n":
                raise FormatError(f"{where}: newline in a label value")
            else:
                value.append(c)
                i += 1
        if key in labels:
            raise FormatError(f"{where}: label {key} twice")
        labels[key] = "".join(value)
        if i < len(text):
            if text[i] != ",":
                raise FormatError(f"{where}: expected ',' after label {key}")
            i += 1
    return labels


def number(text, where):
    if not VALUE.match(text):
        raise FormatError(f"{where}: '{text}' is not a number")
    return float(text)


def family_of(name, types):
    """The family a sample belongs to: histograms own _bucket, _sum, _count."""
    for suffix in ("_bucket", "_sum", "_count"):
        base = name[:-len(suffix)]
        if name.endswith(suffix) and types.get(base) in ("histogram", "summary"):
            return base
    return name


def parse(text, path="metrics"):
    """Samples as {(name, ((k, v), ...)): value} and types as {family: type}.
    Refuses what Prometheus refuses, and what a careful exporter avoids:
    a TYPE after the family's samples, a family split in two, a series
    twice, a histogram whose buckets fall or whose +Inf is not its count."""
    if not text.endswith("\n"):
        raise FormatError(f"{path}: the last line has no newline")
    samples, types, helps, seen, current = {}, {}, set(), set(), None
    for n, line in enumerate(text.split("\n")[:-1], 1):
        where = f"{path}:{n}"
        if line.startswith("#"):
            m = re.match(r"^# (HELP|TYPE) (" + NAME + r") (.*)$", line)
            if not m:
                if re.match(r"^# (HELP|TYPE)", line):
                    raise FormatError(f"{where}: malformed {line[2:6]} line")
                continue
            kind, name, rest = m.groups()
            if kind == "TYPE":
                if rest not in TYPES:
                    raise FormatError(f"{where}: unknown type '{rest}'")
                if name in types or name in seen:
                    raise FormatError(f"{where}: TYPE of {name} after its samples or twice")
                types[name] = rest
            else:
                if name in helps:
                    raise FormatError(f"{where}: HELP of {name} twice")
                helps.add(name)
            continue
        if not line.strip():
            raise FormatError(f"{where}: an empty line")
        m = re.match(r"^(" + NAME + r")(\{(.*)\})? (\S+)( -?\d+)?$", line)
        if not m:
            raise FormatError(f"{where}: not a sample: '{line}'")
        name, _, labels, value = m.group(1), m.group(2), m.group(3), m.group(4)
        lab = parse_labels(labels or "", where)
        fam = family_of(name, types)
        if fam != current and fam in seen:
            raise FormatError(f"{where}: samples of {fam} are not together")
        current = fam
        seen.add(fam)
        key = (name, tuple(sorted(lab.items())))
        if key in samples:
            raise FormatError(f"{where}: {name}{lab} twice")
        samples[key] = number(value, where)
        if types.get(fam) == "counter" and (samples[key] < 0 or math.isnan(samples[key])):
            raise FormatError(f"{where}: counter {name} is {value}")
    check_histograms(samples, types, path)
    return samples, types


def check_histograms(samples, types, path):
    for fam, t in types.items():
        if t != "histogram":
            continue
        buckets = sorted(((float(dict(k[1])["le"]), v) for k, v in samples.items()
                          if k[0] == fam + "_bucket"), key=lambda b: b[0])
        count = samples.get((fam + "_count", ()))
        if not buckets or buckets[-1][0] != math.inf or count is None or (fam + "_sum", ()) not in samples:
            raise FormatError(f"{path}: histogram {fam} lacks +Inf, _sum or _count")
        if any(lo[1] > hi[1] for lo, hi in zip(buckets, buckets[1:])):
            raise FormatError(f"{path}: histogram {fam}'s buckets fall")
        if buckets[-1][1] != count:
            raise FormatError(f"{path}: histogram {fam}: +Inf {buckets[-1][1]} != count {count}")


def load(path):
    with open(path, encoding="utf-8") as f:
        return parse(f.read(), path)


def cmd_lint(paths):
    for p in paths:
        samples, types = load(p)
        for fam, t in types.items():
            if t == "counter" and not fam.endswith("_total"):
                raise FormatError(f"{p}: counter {fam} does not end in _total")
            if not fam.startswith("thidua_"):
                raise FormatError(f"{p}: {fam} is not named thidua_*")
        print(f"{p}: {len(samples)} samples in {len(types)} families")
    return 0


def cmd_value(path, name, pairs):
    samples, _ = load(path)
    want = tuple(sorted(tuple(p.split("=", 1)) for p in pairs))
    v = samples.get((name, want))
    print("absent" if v is None else ("%d" % v if v == int(v) else repr(v)))
    return 0


def cmd_wait(path, since):
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            samples, _ = load(path)
            stamp = [v for (n, _l), v in samples.items() if n.endswith("_metrics_timestamp_seconds")]
            if stamp and stamp[0] > float(since):
                return 0
        except (OSError, FormatError):
            pass
        time.sleep(0.2)
    print(f"{path} was not written after {since}", file=sys.stderr)
    return 1


def expr_metrics(expr):
    """The thidua_* names an expression reads (functions and labels are not)."""
    return set(re.findall(r"\b(thidua_[a-zA-Z0-9_:]*)", expr))


def cmd_rules(rules_path, paths):
    import yaml  # python3-yaml (scripts/setup)
    with open(rules_path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    exported = set()
    for p in paths:
        samples, _ = load(p)
        exported |= {n for n, _l in samples}
    bad = []
    if not isinstance(doc, dict) or set(doc) != {"groups"} or not doc["groups"]:
        bad.append("the top level must be one key, groups, with at least one group")
        doc = {"groups": []}
    names = set()
    for g in doc["groups"]:
        if set(g) - {"name", "interval", "rules", "limit"} or not g.get("name") or not g.get("rules"):
            bad.append(f"group {g.get('name')}: keys {sorted(g)}; needs name and rules")
            continue
        for r in g["rules"]:
            what = r.get("alert", "?")
            if set(r) - {"alert", "expr", "for", "labels", "annotations", "keep_firing_for"}:
                bad.append(f"{what}: unknown keys {sorted(set(r) - {'alert', 'expr', 'for', 'labels', 'annotations'})}")
            if not re.fullmatch(NAME, str(r.get("alert", ""))) or what in names:
                bad.append(f"{what}: alert name missing, malformed or twice")
            names.add(what)
            expr = r.get("expr")
            if not isinstance(expr, str) or not expr.strip():
                bad.append(f"{what}: no expr")
                continue
            if expr.count("(") != expr.count(")"):
                bad.append(f"{what}: unbalanced parentheses")
            if "for" in r and not re.fullmatch(r"\d+[smhd]", str(r["for"])):
                bad.append(f"{what}: for '{r['for']}' is not a duration")
            sev = (r.get("labels") or {}).get("severity")
            if sev not in ("critical", "warning"):
                bad.append(f"{what}: severity '{sev}' is not critical or warning")
            ann = r.get("annotations") or {}
            if not ann.get("summary") or not ann.get("description"):
                bad.append(f"{what}: needs a summary and a description")
            missing = expr_metrics(expr) - exported
            if missing:
                bad.append(f"{what}: names metrics nothing exports: {sorted(missing)}")
            if not expr_metrics(expr):
                bad.append(f"{what}: reads no thidua metric")
    for b in bad:
        print("rules: " + b, file=sys.stderr)
    print(f"{rules_path}: {len(names)} alerts, {len(bad)} problems")
    return 1 if bad else 0


def post(base, path, body, cookie=None, csrf=None):
    h = {"Content-Type": "application/json", "Origin": base, "X-Thidua-Lang": "en"}
    if cookie:
        h["Cookie"] = cookie
    if csrf:
        h["X-CSRF-Token"] = csrf
    r = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                               headers=h)
    try:
        resp = urllib.request.urlopen(r, timeout=30)
    except urllib.error.HTTPError as e:
        resp = e
    raw = resp.read()
    resp.headers["X-Body"] = raw.decode("utf-8", "replace")
    return resp.status, resp.headers


def cmd_web(base, account, password, lock_after):
    """Each outcome once or more, spaced past the waits so none is throttled
    but the one meant to be; then a live stream held open until stdin says."""
    counts = {"ok": 0, "wrong_password": 0, "locked": 0, "throttled": 0, "lockouts": 0}
    st, h = post(base, "/api/signin", {"name": account, "password": password})
    assert st == 200, st
    counts["ok"] += 1
    cookie = h.get_all("Set-Cookie")[0].split(";")[0]
    csrf = json.loads(h["X-Body"])["csrf"]
    new = password + "-changed"  # a first password opens nothing else until changed
    st, _ = post(base, "/api/password", {"old": password, "new": new}, cookie, csrf)
    assert st == 200, st
    password = new
    for i in range(int(lock_after)):
        time.sleep(0.9)
        st, _ = post(base, "/api/signin", {"name": account, "password": "not-the-password"})
        assert st == 401, st
        counts["wrong_password"] += 1
    counts["lockouts"] += 1
    time.sleep(1.8)
    st, _ = post(base, "/api/signin", {"name": account, "password": password})
    assert st == 403, st
    counts["locked"] += 1
    time.sleep(1.8)
    st, _ = post(base, "/api/signin", {"name": "ghost", "password": "whatever-it-is"})
    assert st == 401, st
    counts["wrong_password"] += 1
    st, _ = post(base, "/api/signin", {"name": "ghost", "password": "whatever-it-is"})
    assert st == 429, st  # at once: the address waits
    counts["throttled"] += 1
    host = base.split("//", 1)[1]
    conn = http.client.HTTPConnection(host, timeout=30)
    conn.request("GET", "/api/events", headers={"Cookie": cookie, "Origin": base})
    resp = conn.getresponse()
    assert resp.status == 200, resp.status
    counts["streams"] = 1
    counts["sessions"] = 1
    for k, v in counts.items():
        print(f"{k}={v}", flush=True)
    sys.stdin.readline()
    conn.close()
    return 0


def main(argv):
    try:
        if argv[1] == "lint":
            return cmd_lint(argv[2:])
        if argv[1] == "value":
            return cmd_value(argv[2], argv[3], argv[4:])
        if argv[1] == "wait":
            return cmd_wait(argv[2], argv[3])
        if argv[1] == "rules":
            return cmd_rules(argv[2], argv[3:])
        if argv[1] == "web":
            return cmd_web(*argv[2:6])
    except FormatError as e:
        print(e, file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
