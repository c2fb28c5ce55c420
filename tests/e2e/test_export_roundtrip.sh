#!/usr/bin/env bash
# Export and import agree on the CSV contract: the demo congress imported
# into a store (plus records made natively, without a ref, and text that
# needs quoting), exported as CSV, imported into a fresh store, exported
# again: every column import consumes is the same, row by row (by ref).
# Re-importing an export into the store it came from changes nothing; so
# does re-importing an export with --labels (Vietnamese or English headers
# and values), and one value edited in it changes that value alone.
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
  "Trần Thị Bích, Phòng Tổ chức" --kind individual --field society --workplace "Sở Nội vụ" \
  --period 2016-2020 --honour-form "Bằng khen của Chủ tịch UBND tỉnh, năm 2018" \
  --earlier-honours '2018|Bằng khen của Chủ tịch UBND tỉnh, năm 2018|1234/QĐ-UBND;2015|Giấy khen "Sở Nội vụ"|'
check a_export 0 t export all --format csv -o "$T/a"

# re-importing an export into its own store: nothing changes
rev=$(revision)
check a_reimport_tasks 0 env THIDUA_KEY="$T/office.key" "$BIN/thidua" import tasks "$T/a/tasks.csv"
check a_reimport_nominees 0 t import nominees "$T/a/nominees.csv"
rev2=$(revision)
[ "$rev" = "$rev2" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL re-import wrote: $rev -> $rev2"; }

# --- what people read imports back: --labels in Vietnamese and English --------
# Headers, enum labels ('Văn bản', 'Cá nhân'), có/không and dd/mm/yyyy dates,
# with the BOM and CRLF, import as they are: nothing changes. Then one value
# edited in the Vietnamese file changes that value and nothing else.
office() { env THIDUA_KEY="$T/office.key" timeout 60 "$BIN/thidua" "$@"; }
check vi_export 0 timeout 60 "$BIN/thidua" export all --format csv --labels -o "$T/vi"
check vi_header_is_vietnamese 0 grep -q $'^\xef\xbb\xbfNhiệm vụ,Mã tham chiếu,Tên nhiệm vụ,Loại' "$T/vi/tasks.csv"
check vi_labels_written 0 grep -q ",Cá nhân," "$T/vi/nominees.csv"
check en_export 0 t export all --format csv --labels -o "$T/en"
check en_header_is_english 0 grep -q $'^\xef\xbb\xbfTask,Reference,Title,Kind' "$T/en/tasks.csv"
t --json export all -o "$T/before.json" 2>/dev/null
for lang in vi en; do
  check "${lang}_tasks_import_unchanged" 0 office --lang en import tasks "$T/$lang/tasks.csv"
  contains "${lang}_tasks_all_unchanged" "0 created, 0 updated, 48 unchanged"
  check "${lang}_nominees_import_unchanged" 0 t import nominees "$T/$lang/nominees.csv"
  contains "${lang}_nominees_all_unchanged" " 0 created, 0 updated, "
done
rev3=$(revision)
[ "$rev" = "$rev3" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL labelled re-import wrote: $rev -> $rev3"; }

# one edit: KH-02 becomes a work task ('Văn bản' -> 'Công việc') in the file
check vi_edit 0 python3 - "$T/vi/tasks.csv" <<'PY'
import sys
path = sys.argv[1]
raw = open(path, "rb").read().decode("utf-8")
lines = raw.split("\r\n")
hit = [i for i, l in enumerate(lines) if ",KH-02," in l]
assert len(hit) == 1 and lines[hit[0]].count(",Văn bản,") == 1, hit
lines[hit[0]] = lines[hit[0]].replace(",Văn bản,", ",Công việc,")
open(path, "wb").write("\r\n".join(lines).encode("utf-8"))
PY
check vi_edit_imports 0 office --lang en import tasks "$T/vi/tasks.csv"
contains vi_edit_updates_one "0 created, 1 updated, 47 unchanged"
t --json export all -o "$T/after.json" 2>/dev/null
check only_that_changed 0 python3 - "$T/before.json" "$T/after.json" <<'PY'
import json, sys
before, after = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
def strip(r):
    return {k: v for k, v in r.items() if k not in ("meta", "history")}
changes = []
for kind in ("tasks", "nominees"):
    a = {r.get("ref") or r["id"]: strip(r) for r in before[kind]}
    b = {r.get("ref") or r["id"]: strip(r) for r in after[kind]}
    assert a.keys() == b.keys(), (kind, a.keys() ^ b.keys())
    for ref in a:
        for col in a[ref].keys() | b[ref].keys():
            if a[ref].get(col) != b[ref].get(col):
                changes.append((kind, ref, col, a[ref].get(col), b[ref].get(col)))
want = [("tasks", "KH-02", "kind", "document", "work")]
assert changes == want, changes
print("changed:", changes)
PY
# an earlier honour's decision number edited in the CSV: that nominee alone is updated
check honour_edit 0 python3 - "$T/a/nominees.csv" "$T/honour.csv" <<'PY'
import sys
raw = open(sys.argv[1], "rb").read().decode("utf-8-sig")
assert raw.count("1234/QĐ-UBND") == 1, raw.count("1234/QĐ-UBND")
open(sys.argv[2], "wb").write(raw.replace("1234/QĐ-UBND", "1235/QĐ-UBND").encode("utf-8"))
PY
check honour_edit_imports 0 t import nominees "$T/honour.csv"
contains honour_edit_updates_one " 0 created, 1 updated, "
t export nominees --format csv -o "$T/after-honour.csv" >/dev/null
check honour_edit_kept 0 grep -q "1235/QĐ-UBND" "$T/after-honour.csv"
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
                 "propose", "period_from", "period_to", "honour_form", "earlier_honours"],
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
