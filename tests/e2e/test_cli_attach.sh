#!/usr/bin/env bash
# A nominee's dossier files through the `thidua` binary alone, against a
# real broker: the proposing unit attaches two files to its draft
# (`nominee attach`), the dossier lists them, anyone fetches them back byte
# for byte (`document get N-1/vN`); a file of another kind, one over 16 MiB,
# another unit and a proposed nominee are refused with the right exit code
# and nothing changed.
# Usage: bash test_cli_attach.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# field NAME JSON-PATH EXPECTED: a field of the last output's JSON
field() {
    local got
    got=$(python3 -c "import json,sys; d=json.load(open('$T/out')); print(eval('d'+sys.argv[1]))" "$2" 2>&1)
    if [ "$got" = "$3" ]; then passed=$((passed + 1)); echo "ok   $1"; else
        failed=$((failed + 1)); echo "FAIL $1: $2 = '$got', want '$3'"; fi
}
revision() { thidua --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])'; }
# unchanged NAME: the broker's revision is still $rev
unchanged() {
    local now
    now=$(revision)
    if [ "$now" = "$rev" ]; then passed=$((passed + 1)); echo "ok   $1 changed nothing"; else
        failed=$((failed + 1)); echo "FAIL $1: revision $rev -> $now"; fi
}

start_server
t() { timeout 30 "$BIN/thidua" "$@"; }
as() { local who=$1; shift; THIDUA_KEY=$T/$who.key t "$@"; }

t unit add SO-VH --name "Sở Văn hóa, Thể thao và Du lịch" --kind department >/dev/null
t unit add H-NH --name "Huyện Ninh Hải" --kind district >/dev/null
for p in vh:unit:SO-VH nh:unit:H-NH office:office: bao:observer:; do
    IFS=: read -r name role unit <<<"$p"
    t keygen "$T/$name" >/dev/null
    t principal add "$name" --role "$role" ${unit:+--unit "$unit"} --public-key "$T/$name.pub" >/dev/null
done
check nominee_create 0 as vh nominee create "Nhà hát Chăm" --kind collective --field culture

# each begins as its kind does (the broker checks), then random bytes
{ printf '%%PDF-1.7\n'; head -c 699991 /dev/urandom; } >"$T/bao-cao-thanh-tich.pdf"
{ printf 'PK\003\004'; head -c 89996 /dev/urandom; } >"$T/bien-ban.docx"
check attach_report 0 as vh nominee attach N-1 --file "$T/bao-cao-thanh-tich.pdf"
check attach_minutes_json 0 as vh --json nominee attach N-1 --file "$T/bien-ban.docx" \
    --name "Biên bản họp xét.docx"
# the reply is the nominee, its files counted; the entry naming the file
# is a history record of its own, which nominee show carries
field attach_json_versions "['record']['nominee']['versions']" 2
field attach_json_no_history "['record']['nominee'].get('history', [])" "[]"
check attach_show_json 0 as vh --json nominee show N-1
field attach_json_version "['record']['nominee']['history'][-1]['version']" 2
field attach_json_name "['record']['nominee']['history'][-1]['attachment']['name']" "Biên bản họp xét.docx"
field attach_json_size "['record']['nominee']['history'][-1]['attachment']['size']" 90000
field attach_json_no_bytes "['record']['nominee']['history'][-1]['attachment'].get('data', '')" ""

check dossier_lists_files 0 as office --lang en nominee show N-1
contains dossier_file_v1 "bao-cao-thanh-tich.pdf"
contains dossier_file_v2 "Biên bản họp xét.docx"
contains dossier_sender "vh (SO-VH)"
contains dossier_heading "Documents (to fetch one: thidua document get N-1/v2)"
cp "$T/out" "$T/dossier_en.txt"
check dossier_files_before_history 0 python3 -c '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
assert 0 <= t.index("Documents (") < t.index("History"), t
' "$T/dossier_en.txt"
check dossier_vi 0 as office nominee show N-1
contains dossier_vi_verb "đính kèm tệp hồ sơ"

check get_v1 0 as office document get N-1/v1 -o "$T/got1.pdf"
check get_v1_identical 0 cmp "$T/bao-cao-thanh-tich.pdf" "$T/got1.pdf"
check get_newest_json 0 as bao --json document get n-1 -o "$T/newest.docx"
field get_newest_version "['version']" 2
field get_newest_owner "['task']" N-1
check get_newest_identical 0 cmp "$T/bien-ban.docx" "$T/newest.docx"
mkdir "$T/dl"
check get_own_name 0 sh -c "cd '$T/dl' && THIDUA_KEY='$T/nh.key' timeout 30 '$BIN/thidua' document get N-1/v2"
check get_own_name_identical 0 cmp "$T/bien-ban.docx" "$T/dl/Biên bản họp xét.docx"

# --- exports list the files (name, size, SHA-256), never their bytes ---------
sha1=$(sha256sum "$T/bao-cao-thanh-tich.pdf" | cut -c1-64)
sha2=$(sha256sum "$T/bien-ban.docx" | cut -c1-64)
check export_csv 0 t export nominees --format csv -o "$T/nominees.csv"
check export_csv_files 0 python3 - "$T/nominees.csv" "$sha1" "$sha2" <<'PY'
import csv, sys
rows = {r["id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline=""))}
want = f"v1|bao-cao-thanh-tich.pdf|700000|{sys.argv[2]}\nv2|Biên bản họp xét.docx|90000|{sys.argv[3]}"
assert rows["N-1"]["files"] == want, repr(rows["N-1"]["files"])
PY
check export_json 0 t export nominees --format json -o "$T/nominees.json"
check export_json_files 0 python3 - "$T/nominees.json" "$sha1" <<'PY'
import json, sys
n = [x for x in json.load(open(sys.argv[1]))["nominees"] if x["id"] == "N-1"][0]
files = [h for h in n["history"] if h["verb"] == "attach"]
assert [h["version"] for h in files] == [1, 2], files
assert files[0]["attachment"]["sha256"] == sys.argv[2] and "data" not in files[0]["attachment"], files[0]
PY
check export_xlsx 0 t export nominees --format xlsx -o "$T/nominees.xlsx"
check export_xlsx_names_files 0 sh -c "unzip -p '$T/nominees.xlsx' | grep -q 'v1: bao-cao-thanh-tich.pdf (684 KiB)'"
check export_xlsx_no_hash 1 sh -c "unzip -p '$T/nominees.xlsx' | grep -q '$sha1'"
check export_labels_files_for_people 0 t export nominees --format csv --labels -o "$T/nominees-labels.csv"
check export_labels_files_read 0 grep -q "v2: Biên bản họp xét.docx (88 KiB)" "$T/nominees-labels.csv"
check import_ignores_files 0 t import nominees "$T/nominees.csv" --dry-run
mkdir "$T/exports"
check export_into_folder 0 t export nominees --format xlsx -o "$T/exports"
check export_into_folder_names_file 0 test -s "$T/exports/nominees.xlsx"

# --- a file that exists is kept unless --force (every -o, one rule) ----------
cp "$T/nominees.json" "$T/nominees.before"
check export_over_file_refused 6 t export nominees --format json -o "$T/nominees.json"
contains export_over_file_says_vi "'$T/nominees.json' đã có; thêm --force để ghi đè"
check export_over_file_kept 0 cmp "$T/nominees.json" "$T/nominees.before"
check export_into_folder_again_refused 6 t export nominees --format xlsx -o "$T/exports"
check export_over_file_json 6 t --json export nominees -o "$T/nominees.json"
cp "$T/err" "$T/json_err"
check export_over_file_one_json_error 0 python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 1, lines
e = json.loads(lines[0])["error"]
assert e["code"] == "ALREADY_EXISTS" and "--force" in e["message"], e
' "$T/json_err"
echo "last week's" >"$T/nominees.json"
check export_force 0 t export nominees --format json -o "$T/nominees.json" --force
check export_force_replaced 0 python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/nominees.json"
check export_csv_all 0 t export all --format csv -o "$T/csv-all"
check export_csv_all_again_refused 6 t --lang en export all --format csv -o "$T/csv-all"
contains export_csv_all_again_names_file "'$T/csv-all/tasks.csv' exists; give --force"
check export_csv_all_force 0 t export all --format csv -o "$T/csv-all" --force
check export_left_no_temporary_files 0 sh -c "! ls -A '$T' '$T/exports' '$T/csv-all' | grep -E '^[.]|[.]part\$'"
# a workbook that cannot be written (here: over the file size limit) is said
# once, naming the file the person gave and the system's reason; with --json
# as one JSON line, the last (libxlsxwriter prints its own lines before it),
# the system's reason in English too; for people in their language
check xlsx_too_big_for_limit 1 bash -c "trap '' XFSZ; ulimit -f 4; exec timeout 30 '$BIN/thidua' --json export nominees --format xlsx -o '$T/limited.xlsx'"
cp "$T/err" "$T/xlsx_err"
check xlsx_write_failure_one_json_error 0 python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
ours = [l for l in lines if not l.startswith("[ERROR]")]
assert len(ours) == 1 and ours[0] == lines[-1], lines
e = json.loads(ours[0])["error"]
assert sys.argv[2] + "\x27: " in e["message"] and "zip" not in e["message"].lower(), e
assert e["message"].endswith("\x27: File too large"), e
' "$T/xlsx_err" "$T/limited.xlsx"
check xlsx_too_big_for_limit_vi 1 bash -c "trap '' XFSZ; ulimit -f 4; exec timeout 30 '$BIN/thidua' export nominees --format xlsx -o '$T/limited.xlsx'"
contains xlsx_write_failure_in_vietnamese "không ghi được '$T/limited.xlsx': Tập tin quá lớn"
check xlsx_write_failure_left_nothing 0 sh -c "! ls -A '$T' | grep -E 'limited'"
# a name that is no regular file (a pipe, /dev/stdout) is written into, not
# replaced by a regular file, and needs no --force
mkfifo "$T/pipe"
cat "$T/pipe" >"$T/from_pipe" &
reader=$!
check export_into_pipe 0 t export nominees --format json -o "$T/pipe"
wait "$reader"
check export_into_pipe_is_still_a_pipe 0 test -p "$T/pipe"
check export_into_pipe_arrived 0 python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/from_pipe"
check export_to_dev_stdout 0 t export nominees --format json -o /dev/stdout
cp "$T/out" "$T/dev_stdout"
check export_to_dev_stdout_printed 0 python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/dev_stdout"

# --- refusals: exit code per status, nothing changed ------------------------
rev=$(revision)
printf 'MZ not a dossier file' >"$T/setup.exe"
check attach_exe_refused 3 as vh --lang en nominee attach N-1 --file "$T/setup.exe"
contains attach_exe_says "'setup.exe' (EXE) is not a kind of file a dossier holds"
printf '%%PDF-1.4 tờ trình' >"$T/to-trinh.docx"
check attach_renamed_refused 3 as vh nominee attach N-1 --file "$T/to-trinh.docx"
contains attach_renamed_says "'to-trinh.docx' không phải tệp DOCX thật: nội dung là của một tệp PDF"
head -c $((16 * 1024 * 1024 + 1)) /dev/zero >"$T/qua-lon.pdf"
check attach_too_big_refused 2 as vh --lang en nominee attach N-1 --file "$T/qua-lon.pdf"
contains attach_too_big_says "larger than 16 MiB"
check attach_by_other_unit 5 as nh nominee attach N-1 --file "$T/bao-cao-thanh-tich.pdf"
check attach_by_office 5 as office nominee attach N-1 --file "$T/bao-cao-thanh-tich.pdf"
check attach_missing_file 2 as vh nominee attach N-1 --file "$T/khong-co.pdf"
check attach_folder_refused 2 as vh --lang en nominee attach N-1 --file "$T/dl"
contains attach_folder_says "cannot read '$T/dl': it is a folder, not a file"
check attach_no_file_option 2 as vh nominee attach N-1
check attach_unknown_nominee 4 as vh nominee attach N-99 --file "$T/bao-cao-thanh-tich.pdf"
check get_missing_version 4 as office --lang en document get N-1/v3 -o "$T/none"
contains get_missing_version_says "nominee N-1 has 2 file version(s)"
unchanged attach_refusals

check propose 0 as vh nominee propose N-1
rev=$(revision)
check attach_after_propose 7 as vh nominee attach N-1 --file "$T/bao-cao-thanh-tich.pdf"
unchanged attach_after_propose

[ "$failed" -eq 0 ] || { echo "--- server log ---"; cat "$T/server.log"; }
summary
