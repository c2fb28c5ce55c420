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
import zipfile

import webcheck
from webcheck import Http, failures

BASE, THIDUA, UNIT = sys.argv[1:4]
gateway = Http(BASE)


def check(name, cond, detail=""):
    """webcheck.check, its detail cut to 300 characters (whole JSON answers)."""
    webcheck.check(name, cond, "" if cond else str(detail)[:300])


def session(name, first, new):
    """Signs in, changing the first password; returns the session."""
    st, me, s = gateway.sign_in(name, first, lang=None)
    if me.get("must_change"):
        st, _, _ = gateway.json("POST", "/api/password", {"old": first, "new": new}, who=s)
        check(f"{name}: first password changed", st == 200, st)
    return s


def cli(*args):
    out = subprocess.run([THIDUA, "--json", "stats", *args], capture_output=True, text=True,
                         timeout=60)
    check(f"thidua stats {' '.join(args)} exits 0", out.returncode == 0, out.stderr)
    return json.loads(out.stdout)


st, _, _ = gateway.json("GET", "/api/stats")
check("no session: 401", st == 401, st)

office = session("office", "first-office-1", "office-password-2")
st, web, _ = gateway.json("GET", "/api/stats", cookie=office)
check("office: 200", st == 200, st)
whole = cli()
check("office: the CLI's figures, at the same revision", web == whole,
      (web.get("revision"), whole.get("revision")))
check("office: the whole congress", web["unit"] == "" and web["nominees"]["total"] > 0, web["unit"])
st, _, _ = gateway.json("POST", "/api/stats", {}, cookie=office)
check("POST /api/stats refused", st in (403, 405), st)

unit = session("nv", "first-unit-11", "unit-password-22")
st, own, _ = gateway.json("GET", "/api/stats", cookie=unit)
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

st, xlsx, _ = gateway.raw("GET", "/api/export/xlsx", cookie=office)
check("xlsx download: 200", st == 200, st)
book = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/workbook.xml").decode("utf-8")
check("xlsx download: a Thống kê sheet", 'name="Thống kê"' in book, book[:400])

print(f"stats_checks: {failures()} failures")
sys.exit(failures())
