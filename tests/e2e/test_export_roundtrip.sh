#!/usr/bin/env bash
# Export and import agree on the CSV contract: the demo congress imported
# into a store (plus records made natively, without a ref, and text that
# needs quoting), exported as CSV, imported into a fresh store, exported
# again: every column import consumes is the same, row by row (by ref).
# Re-importing an export into the store it came from changes nothing.
# Usage: bash test_export_roundtrip.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
DEMO=$SRC/scripts/demo-congress
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
t() { timeout 60 "$BIN/thidua" --lang en "$@"; }
# The criteria the demo's nominees claim (DOMAIN.md §5).
criteria() {
  t criterion add TC1 --text "Gương mẫu chấp hành chủ trương, chính sách, pháp luật" --mandatory
  t criterion add TC2 --text "Thành tích xuất sắc, tiêu biểu giai đoạn 2016-2020" --mandatory
  t criterion add TC3 --text "Có sức lan tỏa trong cộng đồng"
  t criterion add TC4 --text "Nội bộ đoàn kết; tổ chức Đảng, đoàn thể trong sạch, vững mạnh" \
    --applies-to collective
  t criterion add TC5 --text "Được khen thưởng cấp tỉnh trở lên trong giai đoạn" \
    --applies-to individual
}
revision() { t --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])'; }

# --- store A: the demo congress, and native records ---------------------------
start_server
check a_units 0 t import units "$DEMO/units.csv"
criteria >/dev/null
t keygen "$T/office" >/dev/null
t principal add office --role office --public-key "$T/office.pub" >/dev/null
t keygen "$T/nv" >/dev/null
t principal add nv --role unit --unit SO-NV --public-key "$T/nv.pub" >/dev/null
check a_tasks 0 env THIDUA_KEY="$T/office.key" "$BIN/thidua" import tasks "$DEMO/tasks.csv"
check a_nominees 0 t import nominees "$DEMO/nominees.csv"
check a_native_task 0 env THIDUA_KEY="$T/office.key" "$BIN/thidua" task create \
  'Tờ trình "khen thưởng", đợt 2' --lead SO-NV --support SO-TC,BTC --deadline 15/09/2020 \
  --kind document --description $'Dòng một\nDòng hai; có "ngoặc"'
check a_native_nominee 0 env THIDUA_KEY="$T/nv.key" "$BIN/thidua" nominee create \
  "Trần Thị Bích, Phòng Tổ chức" --kind individual --field society --workplace "Sở Nội vụ"
check a_export 0 t export all --format csv -o "$T/a"

# re-importing an export into its own store: nothing changes
rev=$(revision)
check a_reimport_tasks 0 env THIDUA_KEY="$T/office.key" "$BIN/thidua" import tasks "$T/a/tasks.csv"
check a_reimport_nominees 0 t import nominees "$T/a/nominees.csv"
rev2=$(revision)
[ "$rev" = "$rev2" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL re-import wrote: $rev -> $rev2"; }
stop_server

# --- store B: fresh, fed only from A's export --------------------------------
D=$T/data-b
start_server
check b_units 0 t import units "$DEMO/units.csv"
criteria >/dev/null
t keygen "$T/office-b" >/dev/null
t principal add office --role office --public-key "$T/office-b.pub" >/dev/null
check b_tasks 0 env THIDUA_KEY="$T/office-b.key" "$BIN/thidua" import tasks "$T/a/tasks.csv"
check b_nominees 0 t import nominees "$T/a/nominees.csv"
check b_export 0 t export all --format csv -o "$T/b"
stop_server

check same_data 0 python3 - "$T/a" "$T/b" <<'PY'
import csv, sys
CONSUMED = {
    "tasks": ["ref", "title", "kind", "phase", "lead_unit", "support_units", "deadline",
              "description"],
    "nominees": ["ref", "kind", "name", "gender", "birth_year", "position", "workplace", "field",
                 "proposing_unit", "achievements", "criteria_met", "influential", "new_factor",
                 "propose"],
}
bad = 0
for kind, cols in CONSUMED.items():
    a, b = ({r["ref"]: r for r in csv.DictReader(open(f"{d}/{kind}.csv", encoding="utf-8-sig",
                                                          newline=""))} for d in sys.argv[1:3])
    if set(a) != set(b) or not a:
        print(f"{kind}: refs differ: {sorted(set(a) ^ set(b))[:5]} ({len(a)} vs {len(b)})")
        bad += 1
    for ref in sorted(set(a) & set(b)):
        for c in cols:
            if a[ref][c] != b[ref][c]:
                print(f"{kind} {ref} {c}: {a[ref][c]!r} != {b[ref][c]!r}")
                bad += 1
    print(f"{kind}: {len(a)} rows compared")
sys.exit(1 if bad else 0)
PY
cat "$T/out"
summary
