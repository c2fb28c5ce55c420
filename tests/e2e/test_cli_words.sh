#!/usr/bin/env bash
# How people type to the CLI, against a real broker: global options before
# or after the noun and verb; statuses and kinds by code, English label or
# Vietnamese label in any case, with or without diacritics; the ids the
# broker makes in any case; `thidua counts` in words, lined up.
# Usage: bash test_cli_words.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# ids NAME WANT: the ids the last --json task or nominee list printed
ids() {
  local got
  got=$(python3 -c "import json; d=json.load(open('$T/out')); r=d.get('tasks') or d.get('nominees'); print(' '.join(x['id'] for x in r.get('tasks', r.get('nominees', []))))" 2>&1)
  if [ "$got" = "$2" ]; then passed=$((passed + 1)); echo "ok   $1"; else
    failed=$((failed + 1)); echo "FAIL $1: ids '$got', want '$2'"; fi
}
# same_json A B: two replies equal but for their request ids
same_json() {
  python3 -c "import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:3]); [d.pop('request_id') for d in (a,b)]; sys.exit(a!=b)" "$1" "$2"
}
# lacks NAME TEXT: the last check's output does not hold TEXT

start_server
as() { local who=$1; shift; THIDUA_KEY=$T/$who.key timeout 30 "$BIN/thidua" "$@"; }

# --- option values by label ---------------------------------------------------
check kind_by_vi_label 0 thidua unit add SO-NV --name "Sở Nội vụ" --kind "Sở, ban, ngành"
check kind_by_code_upper 0 thidua unit add SO-TC --name "Sở Tài chính" --kind DEPARTMENT
check kind_shown 0 thidua --json unit show SO-NV
contains kind_stored_as_code '"kind":"department"'
for p in nv:unit:SO-NV office:office:; do
  IFS=: read -r name role unit <<<"$p"
  thidua keygen "$T/$name" >/dev/null
  check "role_$name" 0 thidua principal add "$name" --role "$role" ${unit:+--unit "$unit"} \
    --public-key "$T/$name.pub"
done
check role_by_vi_label 0 thidua keygen "$T/obs"
check role_by_vi_label 0 thidua principal add obs --role "quan sat" --public-key "$T/obs.pub"
# a unit and a principal as people read them: each value starts in one
# column, however wide the Vietnamese labels are
thidua principal disable obs >/dev/null
for what in "unit show SO-NV" "principal enable obs"; do
  check "${what// /_}_shown" 0 thidua $what
  cp "$T/out" "$T/shown.txt"
  check "${what// /_}_lined_up" 0 python3 - "$T/shown.txt" <<'PY'
import sys, unicodedata
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
starts = set()
for l in lines:
    label_end = l.index("  ")  # the widest label still leaves two blanks
    starts.add(len(l) - len(l[label_end:].lstrip(" ")))
assert len(lines) >= 5 and len(starts) == 1, (starts, lines)
assert any(l.startswith("Phiên bản dữ liệu") for l in lines), lines
PY
done
check role_shown 0 thidua --json principal list
contains role_stored_as_code '"role":"observer"'
for i in 1 2 3; do
  as office task create "Nhiệm vụ $i" --lead SO-NV --deadline 01/12/2030 --kind "Văn bản" >/dev/null
done
check task_kind_by_label 0 thidua --json task show T-1
contains task_kind_stored '"kind":"document"'
# a submit before any report: the refusal names the step that comes first
check submit_before_report 7 as nv task submit T-1 --file /etc/hostname
contains submit_before_report_names_the_step "chỉ được nộp kết quả khi ở trạng thái Đang thực hiện, sau bước “báo cáo tiến độ”"
check start 0 as nv task report T-2 --percent 90
check submit 0 as nv task submit T-2 --file /etc/hostname
check report 0 as nv task report T-3 --percent 40

for v in "Chờ duyệt" "chờ duyệt" "CHO DUYET" "cho duyet" submitted SUBMITTED Submitted; do
  check "status_$v" 0 thidua --json task list --status "$v"
  ids "status_${v}_lists_T-2" T-2
done
check status_vi_label_in_english 0 thidua --lang en --json task list --status "Đang thực hiện"
ids status_vi_label_in_english_lists_T-3 T-3
check status_en_label_with_space 0 thidua --json task list --status "in progress"
ids status_en_label_with_space_lists_T-3 T-3

check status_unknown_vi 2 thidua task list --status "đang chờ"
contains status_unknown_names_it "'đang chờ'"
contains status_unknown_lists_labels "Chờ duyệt (submitted)"
contains status_unknown_lists_more "Đang thực hiện (in_progress)"
contains status_unknown_offers_returned "Yêu cầu bổ sung (returned)" # those in progress sent back
check status_unknown_en 2 thidua --lang en task list --status nope
contains status_unknown_en_lists "is not one of: assigned; in progress (in_progress); submitted"

check status_returned 0 thidua task list --status "Yêu cầu bổ sung"
check search_words_any_order 0 thidua --json task list --search "2 nhiem vu"
ids search_words_any_order_lists_T-2 T-2
check list_unknown_unit 4 thidua task list --unit SO-ZZ
contains list_unknown_unit_says_so "SO-ZZ"
# a unit's code in any case, with blanks around it: codes are A-Z 0-9 -
check list_lower_unit 0 thidua --json nominee list --unit " so-nv"
check task_list_lower_unit 0 thidua --json task list --unit so-nv
contains task_list_lower_unit_is_SO-NV '"lead_unit":"SO-NV"'
check list_empty 0 thidua task list --search "khong co dau"
contains list_empty_says_so "không có nhiệm vụ nào khớp"
lacks list_empty_has_no_header "MÃ SỐ"
check ballots_none 0 thidua ballot list
contains ballots_none_says_so "chưa có đợt bỏ phiếu nào"
lacks ballots_none_has_no_header "MÃ SỐ"
# export: "-o -" is standard output (not a file named "-"); on a screen
# without -o it asks for a file rather than pour pages of JSON over it
check export_dash_is_stdout 0 sh -c 'cd "$1" && exec timeout 30 "$2/thidua" export tasks -o -' sh "$T" "$BIN"
contains export_dash_prints_json '"tasks"'
check export_dash_no_file 1 test -e "$T/-"
check export_to_a_screen_asks_for_a_file 2 python3 "$(dirname "$0")/at_terminal.py" "$BIN/thidua" export tasks
contains export_to_a_screen_names_a_file "-o dai-hoi.xlsx"
lacks export_to_a_screen_prints_nothing '"tasks"'
# a page token no list gave is refused, not read as the first page
check page_not_a_token 3 thidua task list --page 2
contains page_not_a_token_said "'2' không phải một trang của danh sách này"
check page_of_another_list 3 thidua nominee list --page task/T-1
check page_not_an_id 3 thidua task list --page task/T-abc
# an argument with no place: a file named without --file or -o is named
# with it; a short option is one the command does not take; a number is
# only extra
check file_without_option 2 as nv task report T-2 bao-cao.pdf
contains file_without_option_hint "đối số thừa 'bao-cao.pdf'; nếu đó là tệp, hãy viết --file bao-cao.pdf"
check output_without_option 2 thidua document get T-2/v1 ban-sao.pdf
contains output_without_option_hint "hãy viết -o ban-sao.pdf"
check short_option_unknown 2 as nv task report T-2 -p 85
contains short_option_unknown_said "không có tùy chọn -p"
check number_extra 2 as nv task report T-2 85
lacks number_extra_no_file_hint "nếu đó là tệp"
# no line of a screen ends in blanks (a label whose value is a table below)
for what in status "task list" counts "unit show SO-NV"; do
  check "${what// /_}_for_trailing" 0 thidua $what
  cp "$T/out" "$T/screen.txt"
  check "${what// /_}_no_trailing_blanks" 1 grep -n ' $' "$T/screen.txt"
done
check export_says_what 0 thidua export tasks -o "$T/tasks.csv"
contains export_summary_in_words "đã xuất dữ liệu ở phiên bản"
cp "$T/err" "$T/err_export"
check export_time_as_people_read_it 0 grep -qE "đọc lúc [0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}: 3 nhiệm vụ -> " "$T/err_export"
check export_names_its_format 0 grep -q "tasks.csv (CSV)$" "$T/err_export"
# a name without an extension is JSON, and the line says so
check export_no_extension 0 thidua export tasks -o "$T/bang-tong-hop"
contains export_no_extension_says_json "bang-tong-hop (JSON)"
check blank_title_refused 3 as office task create "   " --lead SO-NV --deadline 01/12/2030
contains blank_title_says_so "tên nhiệm vụ chỉ có khoảng trắng"
check past_deadline_noted 0 as office task create "Việc cũ" --lead SO-NV --deadline 01/01/2020
contains past_deadline_says_so "lưu ý: hạn 01/01/2020 đã qua: nhiệm vụ hiện là quá hạn"
check future_deadline_quiet 0 as office task edit T-1 --deadline 01/12/2031
lacks future_deadline_says_nothing "lưu ý"
# a day as people write it: the year of four digits last (day first) or first
for d in 15/01/2031 15-01-2031 15.01.2031 5/1/2031 2031-01-05 2031/1/15; do
  check "deadline_$d" 0 as office --json task edit T-1 --deadline "$d"
done
check deadline_day_first 0 as office --json task edit T-1 --deadline 05-01-2031
contains deadline_day_first_is_january '"deadline":"2031-01-05"'
for d in 15/01/31 31.02.2031 15/01-2031 2031-1-15x; do
  check "deadline_refused_$d" 2 as office task edit T-1 --deadline "$d"
done
check nominee_by_labels 0 as nv nominee create "Nguyễn Thị Hoa" --kind "Cá nhân" --field "kinh te"
check nominee_stored 0 thidua --json nominee show N-1
contains nominee_kind_stored '"kind":"individual"'
contains nominee_field_stored '"field":"economy"'
check nominee_status_label 0 thidua --json nominee list --status "Dự thảo"
ids nominee_status_label_lists_N-1 N-1
check nominee_kind_unknown 2 as nv nominee create X --kind "nhóm" --field economy
contains nominee_kind_unknown_lists "Tập thể (collective); Cá nhân (individual)"
check quota_by_labels 0 thidua quota set "Văn hóa" "tap the" --max 2
check quota_by_labels_stored 0 thidua --json quota list
contains quota_by_labels_stored '"field":"culture"'

# --- ids in any case ------------------------------------------------------------
check task_show_lower 0 thidua --json task show t-2
contains task_show_lower_is_T-2 '"id":"T-2"'
check task_report_lower 0 as nv task report t-3 --percent 50
check task_report_lower_applied 0 thidua --json task show T-3
contains task_report_lower_applied '"progress":50'
check nominee_show_lower 0 thidua --json nominee show n-1
contains nominee_show_lower_is_N-1 '"id":"N-1"'
check task_missing_lower 4 thidua task show t-99
check unit_code_lower 0 thidua unit show so-nv
contains unit_code_lower_is_SO-NV "SO-NV"
check lead_and_support_lower 0 as office --json task create "Nhiệm vụ 4" --lead so-nv --support "so-tc , " \
    --deadline 01/12/2030 --kind "Văn bản"
contains lead_lower_is_SO-NV '"lead_unit":"SO-NV"'
contains support_lower_is_SO-TC '"support_units":["SO-TC"]'
check code_with_a_blank_inside 4 as office task create "Nhiệm vụ 5" --lead "so nv" --deadline 01/12/2030 \
    --kind "Văn bản"
contains code_with_a_blank_inside_shows_it "'SO NV'"

# --- options anywhere -----------------------------------------------------------
check json_before 0 thidua --json task list
cp "$T/out" "$T/before.json"
check json_after_verb 0 thidua task list --json
cp "$T/out" "$T/after.json"
check json_after_is_the_same 0 same_json "$T/before.json" "$T/after.json"
check json_between 0 thidua task --json list
cp "$T/out" "$T/after.json"
check json_between_is_the_same 0 same_json "$T/before.json" "$T/after.json"
check lang_between 0 thidua task --lang en list
contains lang_between_english "STATUS"
check lang_after_short 0 thidua task list -L en
contains lang_after_short_english "STATUS"
check lang_after_equals 0 thidua task list --lang=en --status "Chờ duyệt"
contains lang_after_equals_english "STATUS"
check lang_after_vi 0 thidua --lang en task list --lang vi
contains lang_last_wins "TRẠNG THÁI"
check lang_bad_after 2 thidua task list --lang fr
contains lang_bad_after_said "fr"
check timeout_after_checked 2 thidua task list --timeout 0
check key_after 5 thidua task create X --lead SO-NV --deadline 01/12/2030 --key "$T/nv.key"
check key_after_equals 0 thidua task create X --lead SO-NV --deadline 01/12/2030 --key="$T/office.key"
check server_after 9 thidua ping --server tcp://127.0.0.1:1 --timeout 200
check verb_option_still_verbs 0 thidua --json task list --status submitted --lang en
ids verb_option_still_verbs_T-2 T-2
check help_after_noun_is_the_commands 0 thidua task --help
contains help_after_noun_lists_verbs "thidua task list"
check config_init_options_after 0 thidua config init --server "$THIDUA_SERVER" \
  --server-key "$THIDUA_SERVER_KEY" --key "$T/office.key" --config "$T/c.ini"
check config_init_wrote 0 grep -q "$THIDUA_SERVER" "$T/c.ini"
check config_init_needs_server 2 env -u THIDUA_SERVER timeout 30 "$BIN/thidua" config init \
  --key "$T/office.key" --server-key "$THIDUA_SERVER_KEY" --config "$T/d.ini"
contains config_init_needs_server_says "--server"
check config_used_after_verb 0 env -u THIDUA_KEY -u THIDUA_SERVER -u THIDUA_SERVER_KEY \
  timeout 30 "$BIN/thidua" --json task show T-1 --config "$T/c.ini"

# --- the feed says which way a change went -------------------------------------------
# a principal disabled, then enabled: each line of `watch` says which, not
# "khóa hoặc mở" (the request's name, which fits a refusal, not a change)
rev=$(thidua --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])')
check disable_obs 0 thidua principal disable obs
check enable_obs 0 thidua principal enable obs
for lang in vi en; do
  check "watch_ways_$lang" 0 thidua --lang "$lang" watch --since "$rev" --count 2 --duration 10
  cp "$T/out" "$T/ways_$lang.out"
  lacks "watch_ways_${lang}_not_either" "hoặc"
  lacks "watch_ways_${lang}_not_or" " or "
done
check watch_says_disabled_vi 0 grep -qE ' admin +khóa người dùng +người dùng obs ' <(sed -n 1p "$T/ways_vi.out")
check watch_says_enabled_vi 0 grep -qE ' admin +mở khóa người dùng +người dùng obs ' <(sed -n 2p "$T/ways_vi.out")
check watch_says_disabled_en 0 grep -qE ' admin +principal disabled +principal obs ' <(sed -n 1p "$T/ways_en.out")
check watch_says_enabled_en 0 grep -qE ' admin +principal enabled +principal obs ' <(sed -n 2p "$T/ways_en.out")
# ... and what changed is named as a state, which an enable changes too
check watch_names_the_lock_state_vi 0 grep -qF '(đã đổi: trạng thái khóa)' <(sed -n 2p "$T/ways_vi.out")
check watch_names_the_lock_state_en 0 grep -qF '(changed: lock state)' <(sed -n 2p "$T/ways_en.out")

# --- a new key for a lost key file -------------------------------------------------
# the old key is shut out at once, the new one works, the feed names it
check obs_key_works 0 as obs ping
thidua keygen "$T/obs-new" >/dev/null
rev=$(thidua --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])')
check set_key_obs 0 thidua principal set-key obs --public-key "$T/obs-new.pub"
contains set_key_card_shows_the_new_key "$(sed -n 's/^public-key = //p' "$T/obs-new.pub")"
check old_key_refused 5 as obs ping
check new_key_works 0 as obs-new ping
contains new_key_is_obs "obs"
check set_key_taken 6 thidua principal set-key obs --public-key "$T/nv.pub"
contains set_key_taken_vi "khóa công khai này đã thuộc tài khoản 'nv'"
check set_key_needs_admin 5 as nv principal set-key obs --public-key "$T/obs.pub"
check watch_set_key_vi 0 thidua watch --since "$rev" --count 1 --duration 10
cp "$T/out" "$T/set_key_watch.out"
check watch_says_set_key_vi 0 grep -qE ' admin +cấp khóa mới +người dùng obs ' "$T/set_key_watch.out"

# --- counts in words -------------------------------------------------------------
check counts_vi 0 thidua counts
cp "$T/out" "$T/counts.txt"
contains counts_vi_in_progress "Đang thực hiện"
contains counts_vi_submitted "Chờ duyệt"
contains counts_vi_draft "Dự thảo"
lacks counts_vi_no_codes "in_progress"
check counts_aligned 0 python3 - "$T/counts.txt" <<'PY'
import sys, unicodedata
# The numbers of the status rows end in one display column.
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
rows = rows[:rows.index("")] if "" in rows else rows
ends = {len(unicodedata.normalize("NFC", l)) for l in rows}
assert len(rows) >= 8 and len(ends) == 1, (ends, rows)
PY
check counts_en 0 thidua counts --lang en
contains counts_en_in_progress "in progress"
contains counts_en_submitted "submitted"
check counts_json 0 thidua counts --json
contains counts_json_codes '"status":"in_progress"'

# a gender as the web's form writes it, whatever the case and marks typed;
# another word is refused by the broker, in words, naming what it takes
check gender_as_the_form_writes_it 0 as nv --json nominee create "Lê Thị Mai" --kind individual --field culture --gender "nu"
contains gender_as_the_form_writes_it '"gender":"Nữ"'
check gender_other_refused 3 as nv --lang vi nominee create "Lê Văn Tùng" --kind individual --field culture --gender "khác"
contains gender_other_refused "giới tính 'khác' không hợp lệ: hãy ghi Nam hoặc Nữ"
# a collective has neither gender nor birth year
check collective_birth_year_refused 3 as nv --lang vi nominee create "Tổ Văn nghệ" --kind collective --field culture --birth-year 1990
contains collective_birth_year_refused "tập thể không có giới tính hay năm sinh"

# a second nominee of the same name (case and marks aside) is noted, the
# new one itself left out
check nominee_same_name_noted 0 as nv nominee create "NGUYEN THI HOA" --kind "Cá nhân" --field "kinh te"
cp "$T/err" "$T/same_name"
check nominee_same_name_names_only_the_first 0 grep -qx "lưu ý: đã có gương điển hình cùng tên trong hệ thống: N-1 (SO-NV)" "$T/same_name"

# a list is whole: every page fetched, one table; --page shows that page
# alone and says on stderr how to go on (a redirected list holds rows only)
{ echo "ref,title,kind,phase,lead_unit,deadline"
  for i in $(seq 1 130); do echo "P-$i,Việc thứ $i,work,before,SO-NV,2030-12-01"; done; } >"$T/many.csv"
check import_many 0 as office import tasks "$T/many.csv"
check list_whole 0 thidua task list --unit SO-NV
check list_whole_rows 0 test "$(grep -c 'Việc thứ' "$T/out")" = 130
check list_whole_no_more 0 test ! -s "$T/err"
check list_one_page 0 thidua task list --unit SO-NV --page ""
cp "$T/out" "$T/page1"; cp "$T/err" "$T/page1.err"
check list_one_page_rows 0 test "$(grep -c 'Việc thứ' "$T/page1")" -lt 130
check list_one_page_more_on_stderr 0 grep -q "còn nữa: thêm --page" "$T/page1.err"
check list_json_whole 0 thidua --json task list --unit SO-NV
cp "$T/out" "$T/pages.json"
check list_json_a_line_a_page 0 test "$(python3 -c 'import json,sys; print(sum(x["title"].startswith("Việc thứ") for l in open(sys.argv[1]) for x in json.loads(l)["tasks"]["tasks"]))' "$T/pages.json")" = 130
stop_server

# a gender kept before the broker took only Nam or Nữ (written here as that
# broker wrote it) holds no edit back: an edit that leaves it alone, and an
# import of an export that repeats it, go through and keep it; a word typed
# anew is still refused, in words
check legacy_gender_written 0 "$BIN/thidua-set-field" "$D/store" nominee/N-2 gender "khác"
start_server
check legacy_gender_edit 0 as nv nominee edit N-2 --workplace "UBND xã Phước Dinh"
check legacy_gender_export 0 as nv export nominees --format csv -o "$T/legacy.csv"
sed 's/UBND xã Phước Dinh/UBND huyện Thuận Nam/' "$T/legacy.csv" >"$T/legacy-edited.csv"
check legacy_gender_import_of_export 0 as nv import nominees "$T/legacy-edited.csv"
check legacy_gender_kept 0 thidua --json nominee show N-2
contains legacy_gender_kept '"gender":"khác"'
contains legacy_gender_import_applied '"workplace":"UBND huyện Thuận Nam"'
check legacy_gender_new_word_refused 3 as nv nominee edit N-2 --gender "không rõ"
contains legacy_gender_new_word_refused "giới tính 'không rõ' không hợp lệ: hãy ghi Nam hoặc Nữ"
stop_server

summary
