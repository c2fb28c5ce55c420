#!/usr/bin/env bash
# The standing office's work through the `thidua` binary alone, against a
# real broker: documents uploaded by a unit and fetched back byte for byte;
# a nominee vetted from `nominee vet` to `nominee recommend` (checks, a
# police opinion, public disclosure, a complaint and its settlement) and
# the chair deciding; the dossier and the feed in people's words; and bad
# input refused with the right exit code and nothing changed.
# Usage: bash test_cli_vetting.sh BIN_DIR
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
    if [ "$got" = "$3" ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL $1: $2 = '$got', want '$3'"; fi
}
# lacks NAME TEXT: the last check's output does not hold TEXT.
lacks() {
    if grep -qF -- "$2" "$T/out" "$T/err"; then
        failed=$((failed + 1)); echo "FAIL $1: output holds '$2'"
    else passed=$((passed + 1)); echo "ok   $1"; fi
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
for p in vh:unit:SO-VH office:office: chair:chair:; do
    IFS=: read -r name role unit <<<"$p"
    t keygen "$T/$name" >/dev/null
    t principal add "$name" --role "$role" ${unit:+--unit "$unit"} --public-key "$T/$name.pub" >/dev/null
done
t criterion add TC1 --text "Gương mẫu chấp hành chủ trương, chính sách" --mandatory >/dev/null
t criterion add TC2 --text "Có sáng kiến được áp dụng" >/dev/null
t quota set culture individual --max 5 >/dev/null

# --- documents: uploaded by the unit, fetched back byte for byte --------------
head -c 300000 /dev/urandom >"$T/du-thao.bin"
head -c 1300000 /dev/urandom >"$T/bao-cao.pdf"
check task_create 0 as office task create "Báo cáo chính trị" --lead SO-VH --kind document \
    --deadline 01/12/2030
check report_with_file 0 as vh task report T-1 --percent 50 --text "Dự thảo" --file "$T/du-thao.bin"
check submit_with_file 0 as vh task submit T-1 --text "Bản cuối" --file "$T/bao-cao.pdf"
check task_show_names_documents 0 t task show T-1
contains task_show_file_v1 "du-thao.bin"
contains task_show_file_v2 "bao-cao.pdf"
contains task_show_size_vi "1,2 MB"
contains task_show_sender "vh (SO-VH)"
contains task_show_history_vi "nộp"
lacks task_show_no_program_words "[document v"
check task_show_en 0 t --lang en task show T-1
contains task_show_size_en "1.2 MB"
contains task_show_history_en "progress report"
check document_get_v2 0 t document get T-1/v2 -o "$T/got.pdf"
check document_v2_identical 0 cmp "$T/bao-cao.pdf" "$T/got.pdf"
check document_get_stdout 0 sh -c "timeout 30 '$BIN/thidua' document get T-1/v1 -o - >'$T/got1.bin'"
check document_v1_identical 0 cmp "$T/du-thao.bin" "$T/got1.bin"
mkdir "$T/dl"
check document_get_own_name 0 sh -c "cd '$T/dl' && timeout 30 '$BIN/thidua' document get T-1/v1"
check document_own_name_identical 0 cmp "$T/du-thao.bin" "$T/dl/du-thao.bin"
check document_get_json 0 t --json document get T-1 -o "$T/newest.pdf"
field document_json_version "['version']" 2
check document_newest_identical 0 cmp "$T/bao-cao.pdf" "$T/newest.pdf"
check document_get_refuses_overwrite 6 t document get T-1/v1 -o "$T/got.pdf"
check document_not_overwritten 0 cmp "$T/bao-cao.pdf" "$T/got.pdf"
check document_get_force 0 t document get T-1/v1 -o "$T/got.pdf" --force
check document_forced_identical 0 cmp "$T/du-thao.bin" "$T/got.pdf"
rev=$(revision)
check document_missing_version 4 t document get T-1/v9 -o "$T/none"
check document_missing_version_no_file 1 test -e "$T/none"
check document_missing_task 4 t --lang en document get T-99/v1 -o "$T/none"
contains document_missing_task_says "T-99"
check document_bad_id 2 t document get T-1/x9
unchanged document_refusals

check task_edit 0 as office --json task edit T-1 --title "Báo cáo chính trị (sửa)" --deadline 15/12/2030
field task_edit_title "['record']['task']['title']" "Báo cáo chính trị (sửa)"
field task_edit_deadline "['record']['task']['deadline']" 2030-12-15
rev=$(revision)
check task_edit_by_unit 5 as vh task edit T-1 --title x
unchanged task_edit_by_unit

# --- a nominee vetted with the CLI alone -------------------------------------
check nominee_create 0 as vh nominee create "Trần Thị Bích" --kind individual --field culture \
    --gender "Nữ" --birth-year 1978 --position "Trưởng phòng" --workplace "Nhà hát tỉnh" \
    --achievements "Dàn dựng 12 vở diễn đạt giải" --criteria TC1 --influential yes
check nominee_edit 0 as vh --json nominee edit N-1 --position "Phó Giám đốc"
field nominee_edit_position "['record']['nominee']['position']" "Phó Giám đốc"
field nominee_edit_keeps_influential "['record']['nominee']['influential']" True
field nominee_edit_keeps_year "['record']['nominee']['birth_year']" 1978
check nominee_propose 0 as vh nominee propose N-1
rev=$(revision)
check complaint_not_in_vetting 7 as office nominee complain N-1 --text "Đơn thư"
unchanged complaint_not_in_vetting
check nominee_vet 0 as office nominee vet N-1
rev=$(revision)
check opinion_from_unit 5 as vh nominee opinion N-1 --agency "Công an tỉnh" --result favorable
check opinion_from_chair 5 as chair nominee opinion N-1 --agency "Công an tỉnh" --result favorable
check opinion_bad_result 2 as office nominee opinion N-1 --agency "Công an tỉnh" --result maybe
check complaint_before_disclosure_needs_text 2 as office nominee complain N-1
check complaint_before_disclosure 7 as office nominee complain N-1 --text "Đơn thư"
contains complaint_before_disclosure_says_why "chưa"
unchanged opinion_refusals
check check_tc1 0 as office nominee check N-1 --criterion TC1 --result met --note "Xác nhận của Sở"
check check_tc2 0 as office nominee check N-1 --criterion TC2 --result not_met
check opinion_police 0 as office nominee opinion N-1 --agency "Công an tỉnh" --result favorable \
    --text "Không vi phạm pháp luật"
check disclose 0 as office nominee disclose N-1 --note "Đăng trên Cổng thông tin điện tử tỉnh"
check disclose_twice 7 as office nominee disclose N-1
check complain 0 as office nominee complain N-1 --text "Phản ánh về thành tích"
check recommend_with_open_complaint 7 as office --lang en nominee recommend N-1
contains recommend_names_complaint "complaint 1 is open"
check resolve_unknown 4 as office nominee resolve N-1 --complaint 2 --text "x"
check resolve 0 as office nominee resolve N-1 --complaint 1 --text "Đã xác minh: không có cơ sở"
check close_disclosure 0 as office nominee close-disclosure N-1
check recommend 0 as office nominee recommend N-1
check decide 0 as chair nominee decide N-1 selected --reason "Tiêu biểu của ngành"

# --- the dossier, in Vietnamese, English and JSON ------------------------------
check dossier_vi 0 t nominee show N-1
cp "$T/out" "$T/dossier.txt"
for want in "Trần Thị Bích" "Năm sinh" "1978" "Phó Giám đốc" "Nhà hát tỉnh" \
    "Dàn dựng 12 vở diễn" "Xác nhận của Sở" "Không đạt" "Công an tỉnh" "Không vi phạm pháp luật" \
    "Đã kết thúc lấy ý kiến" "Phản ánh về thành tích" "Đã xác minh: không có cơ sở" \
    "Được tuyên dương" "Tiêu biểu của ngành" "bắt đầu thẩm định" "TC1: Đạt" "Lịch sử"; do
    contains "dossier holds $want" "$want"
done
for program in start_vetting disclosure_open "TC1: met" "create "; do
    lacks "dossier has no program word '$program'" "$program"
done
check dossier_aligned 0 python3 - "$T/dossier.txt" <<'EOF'
import re, sys, unicodedata
head = open(sys.argv[1], encoding="utf-8").read().split("\n\n")[0].splitlines()
cols = {len(unicodedata.normalize("NFC", m.group(1))) for l in head
        if (m := re.match(r"^(.*?\S  +)\S", l))}
assert len(head) > 10 and len(cols) == 1, (len(head), cols)
EOF
check dossier_en 0 t --lang en nominee show N-1
contains dossier_en_birth "Birth year"
contains dossier_en_history "vetting started"
contains dossier_en_favorable "favorable"
check dossier_json 0 t --json nominee show N-1
field dossier_json_status "['record']['nominee']['status']" selected
field dossier_json_opinion "['record']['nominee']['opinions'][0]['agency']" "Công an tỉnh"
field dossier_json_complaint "['record']['nominee']['complaints'][0]['resolved']" True
field dossier_json_disclosure "['record']['nominee']['disclosure']" closed

# --- the feed in people's words ---------------------------------------------
check watch_vi 0 t watch --since 1 --count 40 --duration 10
contains watch_vi_vetting "bắt đầu thẩm định"
contains watch_vi_changed "trạng thái"
lacks watch_vi_no_kind "nominee.start_vetting"
lacks watch_vi_no_field "changed: history"

[ "$failed" -eq 0 ] || { echo "--- server log ---"; cat "$T/server.log"; }
summary
