#!/usr/bin/env bash
# thidua stats on the demo congress (plus a nominee selected, one rejected
# and one in vetting): --json's figures equal counts made here from
# `thidua export all` (JSON, the same revision) and the demo's unit kinds;
# --unit counts only what concerns the unit; the Vietnamese and English
# tables line up by display width; bad input is refused, changing nothing.
# Usage: bash test_cli_stats.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
DEMO=$SRC/scripts/demo-congress
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
t() { timeout 60 "$BIN/thidua" "$@"; }
as() { local who=$1; shift; THIDUA_KEY="$T/$who.key" t "$@"; }

start_server
check units 0 t import units "$DEMO/units.csv"
t calendar min-days 0 >/dev/null # disclosure may close the day it opens
for c in TC1 TC2 TC3 TC4 TC5; do t criterion add $c --text "Tiêu chuẩn $c" >/dev/null; done
t criterion add TC0 --text "Gương mẫu chấp hành pháp luật" --mandatory >/dev/null
for p in "office office" "chair chair" "nv unit SO-NV"; do
  set -- $p
  t keygen "$T/$1" >/dev/null
  t principal add "$1" --role "$2" ${3:+--unit "$3"} --public-key "$T/$1.pub" >/dev/null
done
check tasks 0 as office import tasks "$DEMO/tasks.csv"
check nominees 0 t import nominees "$DEMO/nominees.csv"
check quota 0 t quota set society collective --max 5
# N-2 (Sở Nội vụ, proposed) selected, N-3 rejected, N-4 left in vetting
ids=$(t --json nominee list --status proposed --unit SO-NV | python3 -c 'import json,sys; print(" ".join(n["id"] for n in json.load(sys.stdin)["nominees"]["nominees"][:3]))')
read -r sel rej vet <<<"$ids"
for id in $sel $rej $vet; do as office nominee vet "$id" >/dev/null; done
for id in $sel $rej; do
  as office nominee check "$id" --criterion TC0 --result met >/dev/null
  as office nominee disclose "$id" >/dev/null
  as office nominee close-disclosure "$id" >/dev/null
  as office nominee recommend "$id" >/dev/null
done
check select 0 as chair nominee decide "$sel" selected
check reject 0 as chair nominee decide "$rej" rejected --reason "Chưa tiêu biểu"

# a task of Sở Nội vụ sent back by the office: "returned" in the figures, apart
# from those in progress, as the lists and counts say
back=$(t --json task list --unit SO-NV | python3 -c 'import json,sys; print([x["id"] for x in json.load(sys.stdin)["tasks"]["tasks"] if x["lead_unit"] == "SO-NV"][0])')
as nv task report "$back" --percent 50 >/dev/null
as nv task submit "$back" --text "Nộp" --file "$DEMO/units.csv" >/dev/null 2>&1 || as nv task submit "$back" --text "Nộp" >/dev/null
check returned 0 as office task return "$back" --reason "Bổ sung số liệu"
check stats_json 0 t --json stats
cp "$T/out" "$T/stats.json"
check stats_counts_returned_apart 0 python3 -c "import json,sys; t = json.load(open(sys.argv[1]))['tasks']['statuses']; \
assert t['returned'] == 1 and list(t)[:3] == ['assigned', 'in_progress', 'returned'], t" "$T/stats.json"
check stats_table_says_returned 0 "$BIN/thidua" --lang vi stats
contains stats_table_says_returned "Yêu cầu bổ sung"
check export_json 0 t export all -o "$T/all.json"
check stats_unit_json 0 t --json stats --unit SO-NV
cp "$T/out" "$T/stats-nv.json"
check figures_equal_counts 0 python3 - "$T/stats.json" "$T/stats-nv.json" "$T/all.json" "$DEMO/units.csv" <<'PY'
import collections, csv, json, sys
stats, nv, data = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:4])
kinds = {r["code"]: r["kind"] for r in csv.DictReader(open(sys.argv[4], encoding="utf-8-sig"))}
LEVEL = {"district": "district", "force": "armed_forces"}  # every other kind is provincial
level = lambda u: LEVEL.get(kinds[u], "provincial") if u in kinds else "unknown"
bad = []
def eq(what, got, want):
    if got != want:
        bad.append(f"{what}: {got} != {want}")
eq("revision", stats["revision"], data["revision"])
nominees, tasks = data["nominees"], data["tasks"]
st = lambda x: x.get("status", "draft")
def by(rows, key, status=st):
    c = collections.defaultdict(collections.Counter)
    for r in rows:
        c[key(r)][status(r)] += 1
    return c
def rows_equal(what, rows, counted, key):
    seen = set()
    for r in rows:
        k = key(r)
        seen.add(k)
        eq(f"{what} {k} total", r["total"], sum(counted[k].values()))
        for s, n in r["statuses"].items():
            eq(f"{what} {k} {s}", n, counted[k][s])
    eq(f"{what} rows", seen >= {k for k in counted if sum(counted[k].values())}, True)
N, T = stats["nominees"], stats["tasks"]
eq("nominees total", N["total"], len(nominees))
eq("tasks total", T["total"], len(tasks))
eq("overdue", T["overdue"], sum(1 for x in tasks if x.get("overdue")))
eq("overdue somewhere", T["overdue"] > 0, True)
for s, n in N["statuses"].items():
    eq(f"nominees {s}", n, sum(1 for x in nominees if st(x) == s))
def tstatus(x):  # a task in progress whose newest review step is a return is "returned"
    steps = [h["verb"] for h in x.get("history", []) if h.get("verb") in ("submit", "return", "accept", "cancel")]
    s = x.get("status", "assigned")
    return "returned" if s == "in_progress" and steps and steps[-1] == "return" else s
for s, n in T["statuses"].items():
    eq(f"tasks {s}", n, sum(1 for x in tasks if tstatus(x) == s))
rows_equal("field/kind", N["by_field_kind"], by(nominees, lambda x: (x["field"], x["kind"])),
           lambda r: (r["field"], r["kind"]))
rows_equal("nominee unit", N["by_unit"], by(nominees, lambda x: x["proposing_unit"]), lambda r: r["unit"])
rows_equal("nominee level", N["by_level"], by(nominees, lambda x: level(x["proposing_unit"])),
           lambda r: r["level"])
rows_equal("task unit", T["by_unit"], by(tasks, lambda x: x["lead_unit"], tstatus), lambda r: r["unit"])
rows_equal("task level", T["by_level"], by(tasks, lambda x: level(x["lead_unit"]), tstatus), lambda r: r["level"])
eq("levels", [r["level"] for r in N["by_level"]], ["provincial", "district", "armed_forces", "enterprise"])
for r in T["by_unit"]:
    eq(f"overdue {r['unit']}", r["overdue"],
       sum(1 for x in tasks if x["lead_unit"] == r["unit"] and x.get("overdue")))
reached = {"proposed": {"proposed", "vetting", "vetted", "selected", "rejected"},
           "vetted": {"vetting", "vetted", "selected", "rejected"},
           "recommended": {"vetted", "selected", "rejected"}, "selected": {"selected"}}
for q in N["quota"]:
    mine = [x for x in nominees if (x["field"], x["kind"]) == (q["field"], q["kind"])]
    for stage, statuses in reached.items():
        eq(f"{stage} {q['field']}/{q['kind']}", q[stage], sum(1 for x in mine if st(x) in statuses))
    eq(f"quota {q['field']}/{q['kind']}", q["max_selected"],
       5 if (q["field"], q["kind"]) == ("society", "collective") else None)
eq("one selected", sum(q["selected"] for q in N["quota"]), 1)
eq("recommended", sum(q["recommended"] for q in N["quota"]), 2)
eq("vetted", sum(q["vetted"] for q in N["quota"]), 3)
# --unit: the records concerning SO-NV (its nominees; tasks it leads or supports)
eq("unit", nv["unit"], "SO-NV")
mine = [x for x in nominees if x["proposing_unit"] == "SO-NV"]
eq("unit nominees", nv["nominees"]["total"], len(mine))
eq("unit selected", nv["nominees"]["statuses"]["selected"], 1)
own = [x for x in tasks if x["lead_unit"] == "SO-NV" or "SO-NV" in x.get("support_units", [])]
eq("unit tasks", nv["tasks"]["total"], len(own))
eq("unit overdue", nv["tasks"]["overdue"], sum(1 for x in own if x.get("overdue")))
eq("unit has a supported task", len(own) > sum(1 for x in tasks if x["lead_unit"] == "SO-NV"), True)
for b in bad:
    print("FAIL", b)
sys.exit(1 if bad else 0)
PY
cat "$T/out"

# the tables: every cell lies under its column's header (NFC text, one
# terminal column a character), so Vietnamese lines up; the names counted
# start where their header starts, the counts end where theirs ends
aligned() {
  python3 - "$T/table" "$1" <<'PY'
import re, sys, unicodedata
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert sys.argv[2] in lines[0], lines[0]
tables, i = [], 1
while i < len(lines):
    if lines[i] == "" and i + 2 < len(lines) and lines[i + 2]:
        j = i + 3
        while j < len(lines) and lines[j]:
            j += 1
        tables.append((lines[i + 1], lines[i + 2], lines[i + 3:j]))
        i = j
    else:
        i += 1
assert len(tables) == 6, [t[0] for t in tables]
for title, head, rows in tables:
    assert unicodedata.is_normalized("NFC", head)
    starts = [m.start() for m in re.finditer(r"(?:(?<=  )|^)\S", head)]
    ends = [m.end() for m in re.finditer(r"\S+(?: \S+)*", head)]
    assert len(starts) >= 4 and len(ends) == len(starts), (title, head)
    for row in rows:
        for s in starts[1:]:
            assert len(row) <= s or row[s - 1] == " ", (title, s, row)
        e = ends[2]  # a count, flush right where its column ends
        assert row[e - 1].isdigit() and row[e] == " ", (title, row)
print(f"{len(tables)} tables aligned")
PY
}
check table_vi 0 t stats
cp "$T/out" "$T/table"
check table_vi_aligned 0 aligned "Thống kê tại phiên bản dữ liệu"
check table_vi_words 0 grep -q "Đang thẩm định.*Được tuyên dương.*Tổng số" "$T/table"
check table_vi_levels 0 grep -q "^Huyện, thị xã, thành phố " "$T/table"
# the quota table's stages in the web's words, not a status ("Đã đề xuất")
# nor an abbreviation ("Đã TĐ")
check table_vi_stages 0 grep -qE "Đề xuất +Đã vào thẩm định +Đề nghị tuyên dương +Được tuyên dương" "$T/table"
check table_vi_no_abbreviation 1 grep -q "Đã TĐ" "$T/table"
check table_en 0 t --lang en stats
cp "$T/out" "$T/table"
check table_en_aligned 0 aligned "Statistics at broker revision"
check table_en_words 0 grep -q "^Tasks by lead unit and status$" "$T/table"

# a unit principal reads the whole congress too (every role reads all)
check unit_principal_json 0 as nv --json stats
cp "$T/out" "$T/stats-as-nv.json"
check unit_principal_whole 0 python3 -c "import json,sys; a=json.load(open('$T/stats-as-nv.json')); b=json.load(open('$T/stats.json')); sys.exit(a['nominees'] != b['nominees'] or a['tasks'] != b['tasks'])"

# bad input: refused, changing nothing
rev=$(t --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])')
check bad_unit 2 t --lang en stats --unit "so nv"
contains bad_unit_said "'SO NV' is not a unit code"
# a well-formed code the broker does not know is refused, naming it, not
# shown as empty tables; watch --unit the same (one helper for both)
check unknown_unit 4 t --lang en stats --unit SO-KHONGCO
contains unknown_unit_said_en "unit 'SO-KHONGCO' does not exist"
check unknown_unit_vi 4 t stats --unit SO-KHONGCO
contains unknown_unit_said_vi "SO-KHONGCO"
lacks unknown_unit_no_table "Thống kê tại phiên bản dữ liệu"
check unknown_unit_json 4 t --json stats --unit SO-KHONGCO
cp "$T/err" "$T/unknown_unit.err"
check unknown_unit_json_reason 0 grep -q '"reason":"unit.not_found"' "$T/unknown_unit.err"
check watch_unknown_unit 4 t --lang en watch --unit SO-KHONGCO --duration 2
contains watch_unknown_unit_said "unit 'SO-KHONGCO' does not exist"
check watch_bad_unit 2 t --lang en watch --unit "so nv" --duration 2
contains watch_bad_unit_said "'SO NV' is not a unit code"
check watch_known_unit 0 t watch --unit SO-NV --since 1 --count 1 --duration 5
check extra_argument 2 t stats N-1
check unknown_option 2 t stats --field economy
check nothing_changed 0 test "$(t --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])')" = "$rev"

stop_server
check broker_down 9 t stats
summary
