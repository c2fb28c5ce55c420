#!/usr/bin/env bash
# thidua import against a real broker: bad files refused with their line,
# column and reason and the store's revision unchanged; units, tasks (office)
# and nominees (unit; admin for another unit) imported; a re-import changes
# nothing; an edited row is one update; --dry-run writes nothing; every
# imported record reaches the change log and the event stream.
# Usage: bash test_import.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# field NAME JSON-PATH EXPECTED: a field of the last output's JSON
field() {
  local got
  got=$($PY -c "import json,sys; d=json.load(open('$T/out')); print(eval('d'+sys.argv[1]))" "$2" 2>&1)
  if [ "$got" = "$3" ]; then passed=$((passed + 1)); echo "ok   $1"; else
    failed=$((failed + 1)); echo "FAIL $1: $2 = '$got', want '$3'"; fi
}
t() { timeout 60 "$BIN/thidua" --lang en "$@"; }
as() { local who=$1; shift; THIDUA_KEY=$T/$who.key t "$@"; }
revision() { t --json status | $PY -c "import json,sys; print(json.load(sys.stdin)['status_reply']['revision'])"; }
# unchanged NAME: the store's revision is still $REV
unchanged() {
  local now
  now=$(revision)
  if [ "$now" = "$REV" ]; then passed=$((passed + 1)); echo "ok   $1"; else
    failed=$((failed + 1)); echo "FAIL $1: revision $now, want $REV"; fi
}

start_server
t unit add SO-NV --name "Sở Nội vụ" --kind department >/dev/null
for p in nv:unit:SO-NV office:office:; do
  IFS=: read -r name role unit <<<"$p"
  t keygen "$T/$name" >/dev/null
  t principal add "$name" --role "$role" ${unit:+--unit "$unit"} --public-key "$T/$name.pub" >/dev/null
done

# --- units: created, BOM and CRLF, quoted commas ------------------------------
printf '\xef\xbb\xbfcode,name,kind\r\nSO-TC,"Sở Tài chính",department\r\nSO-GD,"Sở Giáo dục, Đào tạo",department\r\nH-DH,Huyện Đức Hòa,district\r\n' >"$T/units.csv"
cp "$T/units.csv" "$T/units-again.csv"
check units_by_office 5 as office import units "$T/units.csv"
contains units_by_office_reason "needs role admin"
check units 0 t --json import units "$T/units.csv"
field units_created "['created']" 3
field units_ids "['ids']" "['SO-TC', 'SO-GD', 'H-DH']"
check unit_quoted 0 t --json unit show SO-GD
field unit_quoted_name "['record']['unit']['name']" "Sở Giáo dục, Đào tạo"
check units_again 0 t --json import units "$T/units-again.csv"
field units_again_created "['created']" 0
field units_again_unchanged "['unchanged']" 3
printf 'kind,code,name\ndistrict,H-DH,Huyện Đức Hòa (mới)\ndistrict,H-BL,Huyện Bến Lức\n' >"$T/units2.csv"
check units_edit 0 t import units "$T/units2.csv"
contains units_edit_counts "1 created, 1 updated, 0 unchanged"

# --- bad files: each refused with its line and reason, nothing written -------
REV=$(revision)
bad() { # bad NAME KIND WANT_EXIT TEXT... : the file $T/bad.csv
  local name=$1 kind=$2 want=$3
  shift 3
  check "$name" "$want" t import "$kind" "$T/bad.csv"
  for text in "$@"; do contains "${name}_says_$text" "$text"; done
}
printf 'code,title,kind\nX,Y,district\n' >"$T/bad.csv"
bad wrong_header units 3 "bad.csv:1: column title: unknown column 'title'"
printf 'code,kind\nSO-X,department\n' >"$T/bad.csv"
bad missing_column units 3 "bad.csv:1: column name: the required column 'name' is missing"
printf 'code,name,kind,colour\nSO-X,X,department,red\n' >"$T/bad.csv"
bad unknown_column units 3 "unknown column 'colour'"
printf 'code,name,kind\nSO-X,X,department\nSO-Y,"Sở "Y",department\nSO-Z,Z,department\n' >"$T/bad.csv"
bad broken_quote units 3 "bad.csv:3: broken quoting"
# old Mac line ends (a lone CR) count as lines too
printf 'code,name,kind\rSO-X,X,department\rSO-Y,Y,nosuchkind\r' >"$T/bad.csv"
bad cr_line_ends units 3 "bad.csv:3: column kind"
printf 'code,name,kind\nSO-X,"X,department\nSO-Z,Z,department\n' >"$T/bad.csv"
bad unclosed_quote units 3 "bad.csv:2: a quoted cell opened on this line is never closed"
printf 'code,name,kind\nSO-X,S\xc3\x28,department\n' >"$T/bad.csv"
bad invalid_utf8 units 3 "bad.csv:2: column name: cell 2 is not UTF-8"
printf 'code,name,kind\nSO-X,X,department\nSO-Y,Y,ministry\nSO-X,X again,department\n' >"$T/bad.csv"
bad bad_enum_and_duplicate units 3 "bad.csv:3: column kind: 'ministry' is not one of" \
  "bad.csv:4: column code: code 'SO-X' is already on line 2" "errors: 2"
# a workbook or a PDF chosen in place of its CSV: said at once, with what to do
printf 'PK\003\004\024\000\006\000' >"$T/bad.csv"
bad workbook units 3 "bad.csv:1: this is an Excel or OpenDocument workbook (.xlsx, .ods), not a CSV file: save the sheet as \"CSV UTF-8\""
printf '\320\317\021\340\241\261\032\341\000' >"$T/bad.csv"
bad old_workbook tasks 3 "old Excel workbook (.xls)"
printf '%%PDF-1.4\n%%\342\343\n' >"$T/bad.csv"
bad pdf_for_csv tasks 3 "this is a PDF file, not a CSV file"
printf 'MZ\220\000\003\000\000\000\004' >"$T/bad.csv"
bad binary_for_csv units 3 "this is not a text file"
check binary_for_csv_vi 3 env THIDUA_KEY="$T/office.key" timeout 60 "$BIN/thidua" import tasks "$T/bad.csv"
contains binary_for_csv_vi_says "không phải tệp chữ nên không phải tệp CSV"
printf 'code,title\nX,Y\n' >"$T/bad.csv"
check columns_named_vi 3 env THIDUA_KEY="$T/office.key" timeout 60 "$BIN/thidua" import tasks "$T/bad.csv"
# a Vietnamese reader is told the headers as export --labels writes them
contains columns_named_vi_says "các cột là: Mã tham chiếu; Tên nhiệm vụ; Loại; Giai đoạn; Đơn vị chủ trì; Đơn vị phối hợp; Hạn; Mô tả (các cột Nhiệm vụ; Trạng thái; Tiến độ (%); Quá hạn của tệp xuất ra được bỏ qua)"
lacks columns_named_vi_not_codes "ref, title"
check columns_named_en 3 as office import tasks "$T/bad.csv"
contains columns_named_en_says "the columns are: ref, title, kind, phase, lead_unit, support_units, deadline, description (export's id, status, progress, overdue are ignored)"
printf 'ref,title,lead_unit,deadline\nKH-1,Kế hoạch,SO-NV,31/02/2030\nKH-2,Báo cáo,SO-NV,2030-13-01\n' >"$T/bad.csv"
bad bad_dates tasks 3 "bad.csv:2: column deadline: '31/02/2030' is not a real date; write it dd/mm/yyyy (or yyyy-mm-dd), e.g. 15/01/2027" \
  "bad.csv:3: column deadline"
# a file headed in Vietnamese: each error names the column as its header
# does, a date is refused in the words of the CLI's date options, and a
# column it lacks is named in its language
printf 'Mã tham chiếu,Tên nhiệm vụ,Loại,Đơn vị chủ trì,Hạn\nKH-1,Kế hoạch,work,SO-NV,31/02/2030\nKH-2,Báo cáo,nhóm,SO-NV,2030-10-01\n' >"$T/vi.csv"
check vi_headers 3 env THIDUA_KEY="$T/office.key" timeout 60 "$BIN/thidua" import tasks "$T/vi.csv" --dry-run
contains vi_headers_date "vi.csv:2: cột Hạn: '31/02/2030' không phải ngày có thật; hãy viết dạng ngày/tháng/năm (dd/mm/yyyy, hoặc yyyy-mm-dd), ví dụ 15/01/2027"
contains vi_headers_kind "vi.csv:3: cột Loại: 'nhóm' không thuộc"
lacks vi_headers_no_code "cột deadline"
check vi_headers_en 3 as office import tasks "$T/vi.csv" --dry-run
contains vi_headers_en_date "vi.csv:2: column Hạn: '31/02/2030' is not a real date"
check vi_headers_json 3 as office --json import tasks "$T/vi.csv" --dry-run
field vi_headers_json_column "['errors'][0]['column']" "Hạn"
printf 'Mã tham chiếu,Tên nhiệm vụ,Đơn vị chủ trì\nKH-1,Kế hoạch,SO-NV\n' >"$T/vi.csv"
check vi_headers_missing 3 env THIDUA_KEY="$T/office.key" timeout 60 "$BIN/thidua" import tasks "$T/vi.csv"
contains vi_headers_missing_named "vi.csv:1: cột Hạn: dòng tiêu đề thiếu cột bắt buộc 'Hạn'"
printf 'Reference,Title,Lead unit\nKH-1,Plan,SO-NV\n' >"$T/vi.csv"
check en_labels_missing 3 as office import tasks "$T/vi.csv"
contains en_labels_missing_named "vi.csv:1: column Deadline: the required column 'Deadline' is missing"
# a file whose columns are separated by ';' (Excel's CSV under Vietnamese
# settings) is read so: a quoted cell keeps its ';', a comma is plain text
printf 'Mã tham chiếu;Tên nhiệm vụ;Đơn vị chủ trì;Hạn;Mô tả\r\nKH-1;"Họp; tổng kết";SO-NV;01/10/2030;Có dấu phẩy, trong ô\r\n' >"$T/semi.csv"
check semicolons 0 as office --json import tasks "$T/semi.csv" --dry-run
field semicolons_read "['created']" "1"
# the broker's errors name the column as the file does too
printf 'Mã tham chiếu,Tên nhiệm vụ,Đơn vị chủ trì,Hạn\nKH-1,Kế hoạch,SO-XX,01.10.2030\n' >"$T/vi.csv"
check vi_headers_broker 4 env THIDUA_KEY="$T/office.key" timeout 60 "$BIN/thidua" import tasks "$T/vi.csv" --dry-run
contains vi_headers_broker_column "vi.csv:2: cột Đơn vị chủ trì: đơn vị 'SO-XX' không tồn tại"
# an unknown unit is the broker's check: the request is refused whole
printf 'ref,title,lead_unit,deadline\nKH-1,Kế hoạch,SO-NV,2030-10-01\nKH-2,Báo cáo,SO-XX,2030-10-01\nKH-3,Tổng kết,SO-NV,2030-10-01\n' >"$T/bad.csv"
check unknown_unit 4 as office import tasks "$T/bad.csv"
contains unknown_unit_line "bad.csv:3: column lead_unit: unit 'SO-XX' does not exist"
contains unknown_unit_nothing "nothing imported"
# the broker's reason for the row, in the reader's language
check unknown_unit_vi 4 env THIDUA_KEY="$T/office.key" timeout 60 "$BIN/thidua" import tasks "$T/bad.csv"
contains unknown_unit_line_vi "bad.csv:3: cột lead_unit: đơn vị 'SO-XX' không tồn tại"
lacks unknown_unit_summary_not_english "does not exist"
check unknown_unit_json 4 as office --json import tasks "$T/bad.csv"
field unknown_unit_json_line "['errors'][0]['line']" 3
field unknown_unit_json_created "['created']" 0
# a file's own fault and the broker's in one pass: the rows that passed the
# file's checks are asked of the broker as a dry run
printf 'ref,title,lead_unit,deadline\nKH-1,Kế hoạch,SO-NV,31/02/2030\nKH-2,Báo cáo,SO-XX,2030-10-01\n' >"$T/bad.csv"
check both_sides 3 as office import tasks "$T/bad.csv"
contains both_sides_file "bad.csv:2: column deadline: '31/02/2030' is not a real date"
contains both_sides_broker "bad.csv:3: column lead_unit: unit 'SO-XX' does not exist"
contains both_sides_count "nothing was imported, nothing changed (errors: 2)"
# 100,000 rows: all bad (first 20 shown, the rest counted), then all good but over the limit
$PY - "$T" <<'PYEOF'
import sys
t = sys.argv[1]
with open(t + "/bad.csv", "w") as f:
    f.write("ref,title,lead_unit,deadline\n")
    for i in range(100000):
        f.write("R-%d,Việc %d,SO-NV,not-a-date\n" % (i, i))
with open(t + "/big.csv", "w") as f:
    f.write("ref,title,lead_unit,deadline\n")
    for i in range(100000):
        f.write("R-%d,Việc %d,SO-NV,2030-10-01\n" % (i, i))
PYEOF
bad huge_all_bad tasks 3 "bad.csv:2: column deadline: 'not-a-date'" "bad.csv:21:" "and 99980 more errors" "errors: 100000"
check huge_over_limit 3 as office import tasks "$T/big.csv"
contains huge_over_limit_says "has 100000 rows; one import takes at most 4000"
unchanged bad_files_write_nothing

# --- tasks (office) ---------------------------------------------------------
cat >"$T/tasks.csv" <<'CSV'
ref,title,kind,phase,lead_unit,support_units,deadline,description
KH-01,Xây dựng kế hoạch tổ chức Đại hội,work,before,SO-NV,SO-TC; SO-GD,15/08/2030,"Kế hoạch chi tiết,
nhiều dòng"
BC-01,Báo cáo chính trị,document,during,SO-GD,,2030-09-20,
KH-02,Tổng kết,,,SO-NV,,2030-12-01,
CSV
check tasks_dry_run 0 as office --json import tasks "$T/tasks.csv" --dry-run
field tasks_dry_run_created "['created']" 3
field tasks_dry_run_flag "['dry_run']" True
unchanged tasks_dry_run_writes_nothing
check tasks_by_unit 5 as nv import tasks "$T/tasks.csv"
t --json watch --since "$REV" --count 3 --duration 20 >"$T/watch.out" 2>&1 &
watch_pid=$!
check tasks 0 as office import tasks "$T/tasks.csv"
contains tasks_counts "3 created, 0 updated, 0 unchanged"
check task_fields 0 t --json task show T-1
field task_ref "['record']['task']['ref']" KH-01
field task_support "['record']['task']['support_units']" "['SO-TC', 'SO-GD']"
field task_deadline "['record']['task']['deadline']" 2030-08-15
field task_description "['record']['task']['description']" "Kế hoạch chi tiết,
nhiều dòng"
check task_default_kind 0 t --json task show T-3
field task_default_phase "['record']['task']['phase']" before
wait "$watch_pid"
check watch_sees_tasks 0 grep -c '"kind":"task.create"' "$T/watch.out"
contains watch_sees_three "3"
check tasks_again 0 as office import tasks "$T/tasks.csv"
contains tasks_again_counts "0 created, 0 updated, 3 unchanged"
sed -i 's/2030-09-20/2030-09-25/' "$T/tasks.csv"
REV=$(revision)
check tasks_edited 0 as office --json import tasks "$T/tasks.csv"
field tasks_edited_updated "['updated']" 1
field tasks_edited_unchanged "['unchanged']" 2
check tasks_edit_logged 0 t --json task show T-2
field tasks_edit_deadline "['record']['task']['deadline']" 2030-09-25
check changes_since_edit 0 $PY - "$BIN" "$REV" <<'PYEOF'
import json, subprocess, sys
# the update is one change log entry of kind task.edit after $REV
out = subprocess.run([sys.argv[1] + "/thidua", "--json", "watch", "--since", sys.argv[2],
                      "--count", "1", "--duration", "10"], capture_output=True, text=True).stdout
ev = json.loads(out.splitlines()[0])
assert ev["kind"] == "task.edit", ev
PYEOF
# an export-shaped file (read-only columns) imports: id, status, progress, overdue are ignored
printf 'id,ref,title,kind,phase,lead_unit,support_units,deadline,description,status,progress,overdue\nT-3,KH-02,Tổng kết,work,before,SO-NV,,2030-12-01,,assigned,0,no\n' >"$T/export.csv"
check export_file 0 as office import tasks "$T/export.csv"
contains export_file_unchanged "0 created, 0 updated, 1 unchanged"

# --- nominees (unit; admin for another unit) ---------------------------------
t criterion add TC1 --text "Hoàn thành xuất sắc nhiệm vụ" >/dev/null
t quota set economy individual --max 5 --per-unit 1 >/dev/null
cat >"$T/nominees.csv" <<'CSV'
ref,kind,name,gender,birth_year,position,workplace,field,achievements,criteria_met,influential,new_factor,propose
NV-01,individual,Nguyễn Văn An,nam,1980,Trưởng phòng,Sở Nội vụ,economy,Sáng kiến cải cách,TC1,có,no,yes
NV-02,collective,Phòng Tổ chức,,,,,society,,,,,no
CSV
REV=$(revision)
check nominees 0 as nv --json import nominees "$T/nominees.csv"
field nominees_created "['created']" 2
check nominee_events 0 t --json watch --since "$REV" --count 3 --duration 20
cp "$T/out" "$T/nominee-events.out"
check nominee_event_kinds 0 $PY -c "
import json
kinds = [json.loads(l)['kind'] for l in open('$T/nominee-events.out')]
assert kinds == ['nominee.create', 'nominee.propose', 'nominee.create'], kinds"
check nominee_proposed 0 t --json nominee show N-1
field nominee_proposed_status "['record']['nominee']['status']" proposed
field nominee_unit "['record']['nominee']['proposing_unit']" SO-NV
field nominee_influential "['record']['nominee']['influential']" True
field nominee_gender_as_the_form_writes_it "['record']['nominee']['gender']" Nam
check nominee_draft 0 t --json nominee show N-2
field nominee_draft_status "['record']['nominee']['status']" draft
check nominees_again 0 as nv import nominees "$T/nominees.csv"
contains nominees_again_counts "0 created, 0 updated, 2 unchanged"
sed -i 's/Sáng kiến cải cách/Sáng kiến cải cách hành chính/' "$T/nominees.csv"
check nominee_not_draft 7 as nv import nominees "$T/nominees.csv"
contains nominee_not_draft_says "nominees.csv:2: column ref: nominee N-1 (ref 'NV-01') is no longer a draft"
printf 'ref,kind,name,field,proposing_unit\nTC-01,individual,Trần Thị Bình,economy,SO-TC\n' >"$T/other.csv"
check nominee_other_unit 5 as nv import nominees "$T/other.csv"
contains nominee_other_unit_says "you cannot import nominees of SO-TC"
printf 'Mã tham chiếu,Loại,Họ tên / tên tập thể,Lĩnh vực,Đơn vị đề xuất\nTC-01,individual,Trần Thị Bình,economy,SO-TC\n' >"$T/other-vi.csv"
check nominee_other_unit_vi 5 env THIDUA_KEY="$T/nv.key" timeout 60 "$BIN/thidua" import nominees "$T/other-vi.csv"
contains nominee_other_unit_vi_column "other-vi.csv:2: cột Đơn vị đề xuất: bạn thuộc đơn vị SO-NV"
check nominee_admin_needs_unit 3 t import nominees "$T/nominees.csv"
contains nominee_admin_needs_unit_says "give the proposing_unit"
check nominee_admin 0 t --json import nominees "$T/other.csv"
field nominee_admin_created "['created']" 1
check nominee_admin_unit 0 t --json nominee show N-3
field nominee_admin_unit_is "['record']['nominee']['proposing_unit']" SO-TC
printf 'ref,kind,name,field,propose\nNV-03,individual,Lê Văn Cường,economy,yes\n' >"$T/cap.csv"
REV=$(revision)
check nominee_cap 8 as nv import nominees "$T/cap.csv"
unchanged nominee_cap_writes_nothing

# the most rows one import takes, in one request
$PY - "$T" <<'PYEOF'
import sys
with open(sys.argv[1] + "/max.csv", "w") as f:
    f.write("ref,title,lead_unit,deadline,description\n")
    for i in range(4000):
        f.write("M-%d,Việc số %d của kế hoạch,SO-NV,2030-10-01,Mô tả nhiệm vụ %d\n" % (i, i, i))
PYEOF
check max_rows 0 as office --json import tasks "$T/max.csv"
field max_rows_created "['created']" 4000
check max_rows_again 0 as office --json import tasks "$T/max.csv"
field max_rows_unchanged "['unchanged']" 4000

stop_server
check verify 0 "$BIN/thidua-server" verify --data "$D"
summary
