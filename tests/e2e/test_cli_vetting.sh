#!/usr/bin/env bash
# The standing office's work through the `thidua` binary alone, against a
# real broker: documents uploaded by a unit and fetched back byte for byte;
# a nominee vetted from `nominee vet` to `nominee recommend` (checks, a
# police opinion, public disclosure, a complaint and its settlement) and
# the chair deciding; the dossier (its whole history, longer than what
# nominee.get carries) and the feed in people's words; and bad
# input refused with the right exit code and nothing changed. The broker's
# today is fixed (THIDUA_TEST_TODAY) around the disclosure window, which
# stays open the calendar's minimum of working days; the nominee's earlier
# honour of the proposed form inside its period is flagged on the dossier.
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
for p in vh:unit:SO-VH "office:office::Lê Thị Minh Thư" chair:chair:; do
    IFS=: read -r name role unit display <<<"$p"
    t keygen "$T/$name" >/dev/null
    t principal add "$name" --role "$role" ${unit:+--unit "$unit"} ${display:+--display-name "$display"} \
        --public-key "$T/$name.pub" >/dev/null
done
t criterion add TC1 --text "Gương mẫu chấp hành chủ trương, chính sách" --mandatory >/dev/null
t criterion add TC2 --text "Có sáng kiến được áp dụng" >/dev/null
t criterion add TC4 --text "Nội bộ đoàn kết" --applies-to collective >/dev/null
t quota set culture individual --max 5 >/dev/null

# --- documents: uploaded by the unit, fetched back byte for byte --------------
head -c 300000 /dev/urandom >"$T/du-thao.bin"
{ printf '%%PDF-1.7\n'; head -c 1299991 /dev/urandom; } >"$T/bao-cao.pdf"
check task_create 0 as office task create "Báo cáo chính trị" --lead SO-VH --kind document \
    --deadline 01/12/2030
check report_with_file 0 as vh task report T-1 --percent 50 --text "Dự thảo" --file "$T/du-thao.bin"
printf '%%PDF-1.7 bảng số liệu' >"$T/so-lieu.xlsx"
check report_renamed_file 3 as vh task report T-1 --percent 55 --file "$T/so-lieu.xlsx"
contains report_renamed_file_says "'so-lieu.xlsx' không phải tệp XLSX thật: nội dung là của một tệp PDF"
check submit_with_file 0 as vh task submit T-1 --text "Bản cuối" --file "$T/bao-cao.pdf"
check task_show_names_documents 0 t task show T-1
contains task_show_file_v1 "du-thao.bin"
contains task_show_file_v2 "bao-cao.pdf"
# sizes in binary units, as the 16 MiB limit: 1 300 000 bytes are 1,24 MiB
contains task_show_size_vi "1,2 MiB"
contains task_show_size_vi_kib "293 KiB"
contains task_show_sender "vh (SO-VH)"
contains task_show_history_vi "nộp"
lacks task_show_no_program_words "[document v"
check task_show_en 0 t --lang en task show T-1
contains task_show_size_en "1.2 MiB"
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
    --achievements "Dàn dựng 12 vở diễn đạt giải" --criteria TC1 --influential yes \
    --period 2016-2020 --honour-form "Bằng khen của Chủ tịch UBND tỉnh" \
    --earlier-honours "2018|Bằng khen của Chủ tịch UBND tỉnh|1234/QĐ-UBND;2014|Bằng khen của Chủ tịch UBND tỉnh|88/QĐ-UBND"
rev=$(revision)
check nominee_bad_honour 2 as vh nominee create "Lê Văn C" --kind individual --field culture \
    --earlier-honours "năm ngoái|Giấy khen"
contains nominee_bad_honour_says "khen thưởng thứ 1"
check nominee_bad_honour_year 3 as vh nominee create "Lê Văn C" --kind individual --field culture \
    --earlier-honours "1800|Giấy khen|1/QĐ"
contains nominee_bad_honour_year_says "năm 1800 không hợp lệ"
# named by its year, not by a count the person never saw ("thứ 2")
check nominee_bad_second_honour_year 3 as vh nominee create "Lê Văn C" --kind individual \
    --field culture --earlier-honours "2018|Giấy khen|1/QĐ;1800|Giấy khen|2/QĐ"
contains nominee_bad_honour_year_by_year "thidua: khen thưởng đã nhận: năm 1800 không hợp lệ; hãy viết năm từ 1900 đến"
lacks nominee_bad_honour_year_no_count "thứ 2"
check nominee_honour_no_form 3 as vh nominee create "Lê Văn C" --kind individual --field culture \
    --earlier-honours "2018||1/QĐ"
contains nominee_honour_no_form_by_year "thidua: khen thưởng đã nhận năm 2018: hãy ghi hình thức khen thưởng"
check nominee_bad_period 3 as vh nominee create "Lê Văn C" --kind individual --field culture \
    --period 2020-2016
# a criterion for collectives is no claim of a person's, at creation or after
check claim_other_kind 7 as vh nominee create "Lê Văn C" --kind individual --field culture --criteria TC1,TC4
contains claim_other_kind_says "tiêu chuẩn TC4 chỉ áp dụng cho đối tượng Tập thể; gương điển hình này thuộc đối tượng Cá nhân"
check claim_other_kind_by_edit 7 as vh nominee edit N-1 --criteria TC4
unchanged nominee_bad_honours
check nominee_edit 0 as vh --json nominee edit N-1 --position "Phó Giám đốc"
field nominee_edit_position "['record']['nominee']['position']" "Phó Giám đốc"
field nominee_edit_keeps_influential "['record']['nominee']['influential']" True
field nominee_edit_keeps_year "['record']['nominee']['birth_year']" 1978
# the dossier's history says what the edit changed, in words
check nominee_edit_said 0 as vh nominee show N-1
contains nominee_edit_said "chức vụ: Trưởng phòng → Phó Giám đốc"
check nominee_propose 0 as vh nominee propose N-1
rev=$(revision)
check complaint_not_in_vetting 7 as office nominee complain N-1 --text "Đơn thư"
unchanged complaint_not_in_vetting
check nominee_vet 0 as office nominee vet N-1
rev=$(revision)
check opinion_from_unit 5 as vh nominee opinion N-1 --agency "Công an tỉnh" --result favorable
check opinion_from_chair 5 as chair nominee opinion N-1 --agency "Công an tỉnh" --result favorable
check opinion_bad_result 2 as office nominee opinion N-1 --agency "Công an tỉnh" --result maybe
contains opinion_bad_result_names_the_words "--result 'maybe' không thuộc các giá trị: Đồng ý (favorable); Không đồng ý (unfavorable)"
check complaint_before_disclosure_needs_text 2 as office nominee complain N-1
check complaint_before_disclosure 7 as office nominee complain N-1 --text "Đơn thư"
contains complaint_before_disclosure_says_why "chưa"
unchanged opinion_refusals
check check_tc1 0 as office nominee check N-1 --criterion TC1 --result met --note "Xác nhận của Sở"
check check_tc2 0 as office nominee check N-1 --criterion TC2 --result not_met
rev=$(revision)
check check_other_kind 7 as office nominee check N-1 --criterion TC4 --result met
contains check_other_kind_says "tiêu chuẩn TC4 chỉ áp dụng cho đối tượng Tập thể"
unchanged check_other_kind
# a long vetting: more entries than nominee.get carries (THD_HISTORY_IN_GET,
# 100), so the dossier below reads its whole history, its start among them
rechecked=0
for i in $(seq 100); do
    as office nominee check N-1 --criterion TC2 --result not_met --note "Rà soát lần $i" \
        >/dev/null 2>&1 && rechecked=$((rechecked + 1))
done
check recheck_100_times 0 test "$rechecked" -eq 100
# the result in the words the page shows, capital Đ and all
check opinion_police 0 as office nominee opinion N-1 --agency "Công an tỉnh" --result "Đồng ý" \
    --text "Không vi phạm pháp luật"
check opinion_favorable 0 as office --json nominee show N-1
contains opinion_favorable_stored '"favorable":true'
check opinion_unfavorable_by_vi_label 0 as office nominee opinion N-1 --agency "Viện Kiểm sát" --result "khong dong y"
# a check and an opinion keep the name their author had, as history does
check vetting_names_the_person 0 t --json nominee show N-1
cp "$T/out" "$T/vetted.json"
check vetting_names_kept 0 python3 -c '
import json, sys
n = json.load(open(sys.argv[1]))["record"]["nominee"]
names = [k.get("actor_name") for k in n["checks"]] + [o.get("actor_name") for o in n["opinions"]]
assert names and all(x == "Lê Thị Minh Thư" for x in names), names
' "$T/vetted.json"

# --- the working-day calendar: bad settings change nothing ------------------
check calendar_default 0 t calendar show
contains calendar_default_ten "tối thiểu 10 ngày làm việc"
rev=$(revision)
check holidays_feb31 2 t calendar holidays 02/09/2026,31/02/2026
contains holidays_feb31_named "thidua: ngày lễ số 2: '31/02/2026' không phải ngày có thật; hãy viết dạng ngày/tháng/năm (dd/mm/yyyy, hoặc yyyy-mm-dd), ví dụ 15/01/2027"
printf '# ngày lễ 2026\n01/01/2026\nhôm qua\n' >"$T/holidays.txt"
check holidays_file_garbage 2 t calendar holidays --file "$T/holidays.txt"
contains holidays_file_line "thidua: $T/holidays.txt, dòng 3: 'hôm qua' không phải"
check min_days_negative 2 t calendar min-days -1
check min_days_absurd 2 t calendar min-days 61
contains min_days_absurd_says "từ 0 đến 60"
check calendar_by_office 5 as office calendar min-days 3
unchanged calendar_refusals
# 0 is no minimum, said as such, not "at least 0 working days"
check min_days_none 0 t calendar min-days 0
contains min_days_none_says "công khai lấy ý kiến: không quy định tối thiểu số ngày làm việc"
lacks min_days_none_not_zero "tối thiểu 0"
check min_days_none_en 0 t --lang en calendar show
contains min_days_none_en_says "public disclosure: no minimum of working days"
check holidays_set 0 t calendar holidays 30/04/2026,2026-05-01
contains holidays_set_shown "01/05/2026"
check min_days_set 0 t calendar min-days 3
# opened on Tuesday 28/04/2026: 30/04 and 01/05 are holidays, then a weekend
stop_server
export THIDUA_TEST_TODAY=2026-04-28
start_server
# a birth year or an earlier honour's year after the broker's today (here
# the test clock's 2026) is refused, naming the year and this year
rev=$(revision)
# a typo of a year names the years taken: from 1900 to this year
check nominee_birth_year_typo 3 as vh nominee create "Lê Văn D" --kind individual \
    --field culture --birth-year 3000
contains nominee_birth_year_typo_says "thidua: năm sinh 3000 không hợp lệ: hãy viết năm từ 1900 đến 2026 (ví dụ 1978)"
check nominee_honour_year_typo_en 3 as vh --lang en nominee create "Lê Văn D" --kind individual \
    --field culture --earlier-honours "2018|Giấy khen|1/QĐ;2201|Giấy khen|2/QĐ"
contains nominee_honour_year_typo_en_says "earlier honour: year 2201 is not plausible; write a year from 1900 to 2026"
check nominee_future_birth_year 3 as vh nominee create "Lê Văn D" --kind individual \
    --field culture --birth-year 2027
contains nominee_future_birth_year_says "năm 2027 chưa đến"
check nominee_future_honour_year_en 3 as vh --lang en nominee create "Lê Văn D" \
    --kind individual --field culture --earlier-honours "2018|Bằng khen của Chủ tịch UBND tỉnh|1234/QĐ-UBND;2027|Giấy khen|1/QĐ"
contains nominee_future_honour_year_en_says "year 2027 is in the future"
contains nominee_future_honour_year_en_this_year "this year, 2026"
check nominee_future_year_json 3 as vh --json nominee create "Lê Văn D" --kind individual \
    --field culture --birth-year 2030
cp "$T/err" "$T/future.err"
check nominee_future_year_field 0 grep -q '"field":"nominee.birth_year","reason":"nominee.future_year"' "$T/future.err"
unchanged nominee_future_years
check disclose 0 as office nominee disclose N-1 --note "Đăng trên Cổng thông tin điện tử tỉnh"
check disclose_twice 7 as office nominee disclose N-1
check complain 0 as office nominee complain N-1 --text "Phản ánh về thành tích"
check recommend_with_open_complaint 7 as office --lang en nominee recommend N-1
contains recommend_names_complaint "complaint 1 is open"
# a complaint is "khiếu nại" in every Vietnamese message, as on the screen
check recommend_with_open_complaint_vi 7 as office nominee recommend N-1
contains recommend_names_complaint_vi "khiếu nại số 1 chưa được giải quyết"
check resolve_unknown 4 as office nominee resolve N-1 --complaint 2 --text "x"
contains resolve_unknown_says "gương điển hình N-1 không có khiếu nại số 2"
check resolve 0 as office nominee resolve N-1 --complaint 1 --text "Đã xác minh: không có cơ sở"
check resolve_twice 7 as office nominee resolve N-1 --complaint 1 --text "Lần nữa"
contains resolve_twice_says "khiếu nại số 1 của gương điển hình N-1 đã được giải quyết"
rev=$(revision)
stop_server
export THIDUA_TEST_TODAY=2026-05-04
start_server
check close_disclosure_a_day_early 7 as office nominee close-disclosure N-1
contains close_disclosure_early_says "phải kéo dài ít nhất 3 ngày làm việc; sớm nhất được kết thúc vào ngày 05/05/2026"
check close_disclosure_early_en 7 as office --lang en nominee close-disclosure N-1
contains close_disclosure_early_en_says "it may close on 05/05/2026"
unchanged close_disclosure_a_day_early
stop_server
export THIDUA_TEST_TODAY=2026-05-05
start_server
check calendar_kept 0 t calendar show
contains calendar_kept_min "tối thiểu 3 ngày làm việc"
contains calendar_kept_holiday "30/04/2026"
check close_disclosure 0 as office nominee close-disclosure N-1
check recommend 0 as office nominee recommend N-1
decide_rev=$(revision)
check decide_bad_word 2 as chair nominee decide N-1 "có"
contains decide_bad_word_names_the_words "quyết định 'có' không thuộc các giá trị: Được tuyên dương (selected); Không chọn (rejected)"
check decide 0 as chair nominee decide N-1 "Được tuyên dương" --reason "Tiêu biểu của ngành"

# --- the dossier, in Vietnamese, English and JSON ------------------------------
check dossier_vi 0 t nominee show N-1
cp "$T/out" "$T/dossier.txt"
for want in "Trần Thị Bích" "Năm sinh" "1978" "Phó Giám đốc" "Nhà hát tỉnh" \
    "Dàn dựng 12 vở diễn" "Xác nhận của Sở" "Không đạt" "Công an tỉnh" "Không vi phạm pháp luật" \
    "Đã kết thúc lấy ý kiến" "Phản ánh về thành tích" "Đã xác minh: không có cơ sở" \
    "Được tuyên dương" "Tiêu biểu của ngành" "bắt đầu thẩm định" "TC1: Đạt" "Lịch sử" \
    "Được kết thúc từ ngày" "05/05/2026 (tối thiểu 3 ngày làm việc)" "Giai đoạn thành tích" \
    "2016-2020" "Khen thưởng đã nhận" "2014, Bằng khen của Chủ tịch UBND tỉnh, 88/QĐ-UBND" \
    "2018, Bằng khen của Chủ tịch UBND tỉnh, 1234/QĐ-UBND — CẢNH BÁO" \
    "CẢNH BÁO: 1 khen thưởng đã nhận cùng hình thức đề nghị" "Phiên bản dữ liệu" "Sửa lần cuối"; do
    contains "dossier holds $want" "$want"
done
lacks dossier_says_khieu_nai "Đơn thư, phản ánh"
# who opened the window and who recommended: the person, by name
check dossier_names_people 0 python3 - "$T/dossier.txt" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
opened = re.search(r"\(mở \d\d/\d\d/\d{4} \d\d:\d\d, ([^;)]*)", text)
recommended = re.search(r"^Đề nghị tuyên dương +\d\d/\d\d/\d{4} \d\d:\d\d, (.*)$", text, re.M)
assert opened and recommended, text
assert opened.group(1) == recommended.group(1) == "Lê Thị Minh Thư", (opened.group(1), recommended.group(1))
EOF
for program in start_vetting disclosure_open "TC1: met" "create " "revision" "created at"; do
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
field dossier_json_opened "['record']['nominee']['disclosure_opened']" 2026-04-28
field dossier_json_close_from "['record']['nominee']['disclosure_close_from']" 2026-05-05
field dossier_json_honour "['record']['nominee']['earlier_honours'][0]['decision_number']" "1234/QĐ-UBND"
cp "$T/out" "$T/dossier.json"
check dossier_json_whole_history 0 python3 -c "import json
h = json.load(open('$T/dossier.json'))['record']['nominee']['history']
assert len(h) > 110 and h[0]['verb'] == 'create' and h[-1]['verb'] == 'select', (len(h), h[0], h[-1])"

# --- the feed in people's words ---------------------------------------------
check watch_vi 0 t watch --since 1 --count 40 --duration 10
contains watch_vi_vetting "bắt đầu thẩm định"
contains watch_vi_changed "trạng thái"
lacks watch_vi_no_kind "nominee.start_vetting"
lacks watch_vi_no_field "changed: history"
lacks watch_vi_no_history_ids "mục lịch sử"
cp "$T/out" "$T/watch_vi.out"
# each line names its record by id: "bắt đầu thẩm định  gương điển hình N-1"
check watch_vi_names_nominee 0 grep -qE 'bắt đầu thẩm định +gương điển hình N-[0-9]+ ' "$T/watch_vi.out"
check watch_vi_names_task 0 grep -qE 'nhiệm vụ T-[0-9]+ ' "$T/watch_vi.out"
# the chair's decision says which way it went
check watch_decide_vi 0 t watch --since "$decide_rev" --count 1 --duration 10
cp "$T/out" "$T/decide_vi.out"
check watch_decide_vi_selected 0 grep -qE ' chair +quyết định tuyên dương +gương điển hình N-1[ ,]' "$T/decide_vi.out"
check watch_decide_en 0 t --lang en watch --since "$decide_rev" --count 1 --duration 10
cp "$T/out" "$T/decide_en.out"
check watch_decide_en_selected 0 grep -qE ' chair +nominee selected +nominee N-1[ ,]' "$T/decide_en.out"
check watch_count_stops 0 t watch --since 1 --count 3 --duration 10
check watch_count_three_lines 0 test "$(wc -l <"$T/out")" -eq 3

[ "$failed" -eq 0 ] || { echo "--- server log ---"; cat "$T/server.log"; }
summary
