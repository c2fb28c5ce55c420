#!/usr/bin/env bash
# The congress nouns through the real `thidua` binary against a real
# broker, in human and --json form: tasks (create, report, submit, return,
# accept, list, show), nominees (create, propose, vet, check, list, show),
# quotas, criteria (added and corrected) and counts, each role with its own key; then a write
# retried across a broker restart takes effect exactly once.
# Usage: bash test_cli_domain.sh BIN_DIR
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

start_server
REQ=$THIDUA_SERVER
EV=$THIDUA_EVENTS
t() { timeout 30 "$BIN/thidua" --lang en "$@"; }
as() { local who=$1; shift; THIDUA_KEY=$T/$who.key t "$@"; }

t unit add SO-NV --name "Sở Nội vụ" --kind department >/dev/null
t unit add SO-TC --name "Sở Tài chính" --kind department >/dev/null
for p in "nv:unit:SO-NV:Nguyễn Văn An" tc:unit:SO-TC office:office: chair:chair:; do
  IFS=: read -r name role unit display <<<"$p"
  t keygen "$T/$name" >/dev/null
  t principal add "$name" --role "$role" ${unit:+--unit "$unit"} ${display:+--display-name "$display"} \
    --public-key "$T/$name.pub" >/dev/null
done

# --- tasks ------------------------------------------------------------------
check task_create 0 as office --json task create "Báo cáo tổng kết" --lead SO-NV \
  --support SO-TC --deadline 01/12/2030 --kind work
field task_create_json "['record']['task']['id']" T-1
field task_create_status "['record']['task']['status']" assigned
check task_create_by_unit 5 as nv task create "x" --lead SO-NV --deadline 01/12/2030
# what is missing is named as the usage line names it, in the user's language
check task_create_no_title 2 as office task create --lead SO-NV --deadline 01/12/2030
contains task_create_no_title_named "thidua: the argument TITLE is missing"
check task_create_no_title_vi 2 env THIDUA_KEY="$T/office.key" timeout 30 "$BIN/thidua" --lang vi \
  task create --lead SO-NV --deadline 01/12/2030
contains task_create_no_title_named_vi "thidua: thiếu đối số TÊN-NHIỆM-VỤ"
check task_create_no_deadline 2 as office task create "x" --lead SO-NV
contains task_create_no_deadline_named "thidua: --deadline DD/MM/YYYY is required"
check task_create_no_deadline_vi 2 env THIDUA_KEY="$T/office.key" timeout 30 "$BIN/thidua" --lang vi \
  task create "x" --lead SO-NV
contains task_create_no_deadline_named_vi "thidua: cần có --deadline NGÀY/THÁNG/NĂM"

# --- an edit that changes nothing writes nothing ------------------------------
# The same values sent again answer success with the record as stored: no
# new revision, no history entry, no event; a stale --expect-revision is
# still refused, and a real change still writes.
revision() { t --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])'; }
# unchanged NAME ARGS...: `thidua ARGS` exits 0 and the broker's revision stays
unchanged() {
  local name=$1 before after
  shift
  before=$(revision)
  check "$name" 0 "$@"
  after=$(revision)
  if [ "$before" = "$after" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $name wrote: revision $before -> $after"; fi
}
# nothing_given NAME OPTIONS ARGS...: an edit of `thidua ARGS` names nothing
# to change: refused as a bad command line (2) naming the OPTIONS it takes,
# nothing sent, so nothing written; the one rule of every edit
nothing_given() {
  local name=$1 options=$2 before after
  shift 2
  before=$(revision)
  check "$name" 2 "$@"
  contains "${name}_says" "thidua: nothing to change: give one or more of $options"
  after=$(revision)
  if [ "$before" = "$after" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL $name wrote: revision $before -> $after"; fi
}
task_rev=$(t --json task show T-1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["record"]["task"]["meta"]["mod_revision"])')
unchanged task_edit_same_support as office task edit T-1 --support SO-TC
unchanged task_edit_same_fields as office --json task edit T-1 --title "Báo cáo tổng kết" \
  --lead SO-NV --support SO-TC --deadline 01/12/2030 --kind work --expect-revision "$task_rev"
field task_edit_same_answers_stored "['record']['task']['meta']['mod_revision']" "$task_rev"
check task_edit_same_stale_revision 6 as office task edit T-1 --support SO-TC --expect-revision 1
check task_history_without_empty_edits 0 sh -c "timeout 30 '$BIN/thidua' --json task show T-1 | python3 -c 'import json,sys; h=json.load(sys.stdin)[\"record\"][\"task\"][\"history\"]; assert [e[\"verb\"] for e in h] == [\"create\"], h'"
unchanged unit_edit_same t unit edit SO-TC --name "Sở Tài chính"
nothing_given task_edit_nothing_given "--title, --description, --lead, --support, --deadline, --kind, --phase" \
  as office task edit T-1
nothing_given task_edit_only_revision "--title" as office task edit T-1 --expect-revision "$task_rev"
nothing_given unit_edit_nothing_given "--name, --kind" t unit edit SO-TC
check task_edit_nothing_given_vi 2 env THIDUA_KEY="$T/office.key" timeout 30 "$BIN/thidua" --lang vi \
  task edit T-1
contains task_edit_nothing_given_vi_says "thidua: không có gì để thay đổi: hãy thêm ít nhất một trong các tùy chọn --title, --description"
check quota_set_economy 0 t quota set economy collective --max 3 --per-unit 1
unchanged quota_set_same t quota set economy collective --max 3 --per-unit 1
check threshold_set 0 t threshold set collective 0
unchanged threshold_set_same t threshold set collective 0
before=$(revision)
check task_edit_real_change 0 as office task edit T-1 --description "Tổng hợp số liệu cả năm"
[ "$(revision)" = $((before + 1)) ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL a real edit writes one revision"; }
# its history line says what changed, with the value before and after in
# people's words (a day as dd/mm/yyyy, a kind's word)
check task_edit_deadline 0 as office task edit T-1 --deadline 15/12/2030 --phase during
check task_edit_said 0 "$BIN/thidua" --lang vi task show T-1
contains task_show_names_its_unit "Đơn vị chủ trì   Sở Nội vụ (SO-NV)"
contains task_show_names_its_support "Đơn vị phối hợp  Sở Tài chính (SO-TC)"
contains task_edit_said_description "mô tả: (trống) → Tổng hợp số liệu cả năm"
contains task_edit_said_values "giai đoạn: Trước Đại hội → Trong Đại hội; hạn: 01/12/2030 → 15/12/2030"
check task_edit_said_en 0 t task show T-1
contains task_edit_said_en "deadline: 01/12/2030 → 15/12/2030"
check task_edit_json 0 t --json task show T-1
cp "$T/out" "$T/edit.json"
check task_edit_json_changes 0 python3 -c "import json; h = json.load(open('$T/edit.json'))['record']['task']['history'][-1]; \
assert h['changes'][-1] == {'field': 'deadline', 'before': '2030-12-01', 'after': '2030-12-15'}, h"
before=$(revision)
check task_report_support 0 as tc task report T-1 --percent 30 --text "Phối hợp xong phần số liệu"
check task_report_human 0 as nv task report T-1 --percent 60 --text "Đã có dự thảo"
contains task_report_human "60%"
# the card names who changed it last as its history does: the person's
# name, with the unit they acted for; an account without a name by itself
contains task_card_last_change_names_the_person "by Nguyễn Văn An (SO-NV)"
contains task_report_card_names_the_units "Lead unit      Sở Nội vụ (SO-NV)"
lacks task_card_last_change_not_the_account "by nv"
check task_show_last_change_vi 0 env THIDUA_KEY="$T/office.key" timeout 30 "$BIN/thidua" --lang vi task show T-1
contains task_show_last_change_vi "Sửa lần cuối "
contains task_show_last_change_names_the_person_vi ", bởi Nguyễn Văn An (SO-NV)"
# the watch names who reported as the history does: the person, else the account
check watch_names_the_reporter 0 t watch --since "$before" --count 2 --duration 10
cp "$T/out" "$T/watch.out"
check watch_account_without_a_name 0 grep -qE '^#[0-9]+ .* tc ' "$T/watch.out"
check watch_person_by_name 0 grep -qE '^#[0-9]+ .* Nguyễn Văn An ' "$T/watch.out"
# a task moved to another unit carries its earlier entries, here Nguyễn Văn
# An's report: the line still names who moved it
moved=$(as office --json task create "Chuyển đơn vị" --lead SO-NV --deadline 01/12/2030 --kind work |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["record"]["task"]["id"])')
as nv task report "$moved" --percent 10 --text "Bắt đầu" >/dev/null
before=$(revision)
check task_moved 0 as office task edit "$moved" --lead SO-TC
check watch_task_moved 0 t watch --since "$before" --count 1 --duration 10
cp "$T/out" "$T/moved.out"
check watch_names_who_moved_it 0 grep -qE '^#[0-9]+ .* office ' "$T/moved.out"
check task_report_unknown 4 as office task report T-9 --percent 10
check task_submit_support 5 as tc task submit T-1
check task_submit 0 as nv --json task submit T-1 --text "Nộp bản cuối"
field task_submitted "['record']['task']['status']" submitted
check task_return_needs_comments 2 as office task return T-1
contains task_return_names_the_option "--reason"
check task_return 0 as office task return T-1 --reason "Bổ sung số liệu quý III"
check task_return_reason_kept 0 t task show T-1
contains task_return_reason_kept "Bổ sung số liệu quý III"
# a task sent back reads "Yêu cầu bổ sung" in lists and on its own, and stays so
# through the unit's reports until it is submitted again (Task.returned)
contains task_shows_returned "Status         returned"
check task_report_after_return 0 as nv task report T-1 --percent 80 --text "Đang bổ sung"
contains task_report_card_says_returned "Status         returned" # the write's card too
check task_list_returned 0 t task list
contains task_list_returned "T-1  returned"
# ... and a step refused names it so, not "in progress"
check task_accept_returned_refused 7 env THIDUA_KEY="$T/office.key" "$BIN/thidua" --lang vi task accept T-1
contains task_accept_returned_says_returned "đang ở trạng thái Yêu cầu bổ sung"
check task_list_only_returned 0 t --json task list --status "yeu cau bo sung"
contains task_list_only_returned '"returned":true'
# the statuses part the tasks as the lists show them: not among in_progress
check task_list_in_progress_lacks_it 0 t --json task list --status in_progress
lacks task_list_in_progress_lacks_it '"id":"T-1"'
# ... and so counts count it, apart from the tasks in progress
check counts_returned 0 t --json counts
cp "$T/out" "$T/counts.json"
check counts_returned_apart 0 python3 -c "import json; c = {x['status']: int(x.get('count', 0)) for x in json.load(open('$T/counts.json'))['counts']['tasks']}; \
assert c.get('returned') == 1 and c.get('in_progress') == 1, c  # T-1 returned, the moved task in progress"
check counts_returned_words 0 "$BIN/thidua" --lang vi counts
contains counts_returned_words "Yêu cầu bổ sung"
# in the order the work goes, as the statistics and the monitor list them
check counts_in_work_order 0 python3 -c "import json; s = [x['status'] for x in json.load(open('$T/counts.json'))['counts']['tasks']]; \
assert s == ['assigned', 'in_progress', 'returned', 'submitted', 'accepted', 'cancelled'], s"
check task_resubmit 0 as nv task submit T-1
check task_list_returned_after_submit 0 t --json task list --status returned
lacks task_list_returned_after_submit '"id":"T-1"'
check task_not_returned_once_submitted 0 t task list
lacks task_not_returned_once_submitted "returned"
check task_accept 0 as office --json task accept T-1
field task_accepted "['record']['task']['status']" accepted
check task_show 0 t --json task show T-1
cp "$T/out" "$T/show.json"
check task_history 0 python3 -c "import json; d=json.load(open('$T/show.json')); assert len(d['record']['task']['history']) >= 6"
# each entry keeps the name its actor had; an account without one has none
check task_history_names_the_person 0 python3 - "$T/show.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["record"]["task"]["history"]
by = {e["actor"]: e.get("actor_name", "") for e in h}
assert by["nv"] == "Nguyễn Văn An" and by["tc"] == "", by
PY
# the history's % column: a number for progress reports, blank for the
# other steps (submit, return, accept), which carry no percent
check task_show_table 0 t --lang en task show T-1
cp "$T/out" "$T/show.txt"
contains task_table_names_the_person "Nguyễn Văn An"
check task_history_percent_blank_for_steps 0 python3 - "$T/show.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
at = next(i for i, l in enumerate(lines) if l.startswith("WHEN") and " % " in l)
col = lines[at].index(" % ") + 1
rows = [l for l in lines[at + 1:] if l.strip()]
assert len(rows) >= 6, rows
for r in rows:
    cell = r[col:col + 3].strip()
    if "progress report" in r:
        assert cell.isdigit(), ("report without percent", r)
    else:
        assert cell == "", ("a step that is no report shows a percent", r)
print(len(rows), "rows")
PY
check task_list_human 0 t task list
contains task_list_human "Báo cáo tổng kết"
check task_list_json 0 t --json task list --status accepted
contains task_list_json '"T-1"'
# the overdue first, each saying how late in the province's days (the
# machine's zone set elsewhere changes nothing), as the web and the monitor
late3=$(TZ=Asia/Ho_Chi_Minh date -d "-3 days" +%d/%m/%Y)
late1=$(TZ=Asia/Ho_Chi_Minh date -d "-1 days" +%d/%m/%Y)
as office task create "Đúng hạn" --lead SO-TC --deadline 01/12/2030 >/dev/null
as office task create "Trễ ba ngày" --lead SO-TC --deadline "$late3" >/dev/null 2>&1
as office task create "Trễ một ngày" --lead SO-TC --deadline "$late1" >/dev/null 2>&1
check task_list_overdue_first 0 env TZ=America/Los_Angeles timeout 30 "$BIN/thidua" --lang vi task list --unit SO-TC
cp "$T/out" "$T/late"
check task_list_overdue_first_order 0 python3 - "$T/late" <<'PY'
import sys
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]
titles = [r.split("  ")[-1].strip() for r in rows]
assert titles[:2] == ["Trễ ba ngày", "Trễ một ngày"] and "Đúng hạn" in titles[2:], rows
assert "Đã giao (trễ 3 ngày)" in rows[0] and "Đã giao (trễ 1 ngày)" in rows[1], rows
assert not any("trễ" in r for r in rows[2:]), rows
# then by deadline, as the web and the monitor: dd/mm/yyyy read as a day
import datetime
days = [datetime.datetime.strptime(next(w for w in r.split() if w.count("/") == 2), "%d/%m/%Y") for r in rows[2:]]
assert days == sorted(days), rows
PY
check task_cancel_accepted 7 as office task cancel T-1 --yes
# at a terminal, cancelling asks first: "k" keeps the task, "c" cancels it;
# without one (a script, an answer piped in) it takes --yes, and is refused
# without, the task kept
as office task create "Hủy thử" --lead SO-NV --deadline 01/12/2030 >/dev/null
check task_cancel_without_terminal 2 as office task cancel T-2 </dev/null
contains task_cancel_without_terminal "add --yes to cancel T-2"
check task_cancel_piped_answer 2 sh -c "echo c | THIDUA_KEY='$T/office.key' '$BIN/thidua' task cancel T-2"
check task_cancel_without_terminal_kept 0 as office --json task show T-2
lacks task_cancel_without_terminal_kept '"cancelled"'
at_terminal() { env THIDUA_KEY="$T/office.key" python3 "$(dirname "$0")/at_terminal.py" "$@"; }
check task_cancel_asks_at_a_terminal 0 at_terminal --after "[c/K]" --answer 'k\n' "$BIN/thidua" task cancel T-2
contains task_cancel_asks_at_a_terminal "hủy nhiệm vụ T-2? Việc này không hoàn tác được."
contains task_cancel_k_keeps_it "chưa hủy gì"
check task_cancel_k_kept 0 as office --json task show T-2
lacks task_cancel_k_kept '"status":"cancelled"'
check task_cancel_c_at_a_terminal 0 at_terminal --after "[c/K]" --answer 'c\n' "$BIN/thidua" task cancel T-2
check task_cancel_c_cancels_it 0 as office --json task show T-2
contains task_cancel_c_cancels_it '"status":"cancelled"'

# --- nominees, quotas, criteria -----------------------------------------------
check criterion_add 0 t criterion add TC1 --text "Gương mẫu chấp hành" --mandatory
check criterion_list 0 t --json criterion list
contains criterion_list '"TC1"'
check quota_set 0 t quota set culture individual --max 1 --per-unit 2
check quota_list 0 t quota list
contains quota_list "culture"
# 0 is no cap: said in words, never "0" (which reads "may propose nobody")
check quota_set_no_cap 0 t quota set economy collective --max 0 --per-unit 0
contains quota_set_no_cap "0 selected of no limit; per unit no limit"
check quota_list_no_cap 0 t quota list
contains quota_list_no_cap "no limit"
check quota_list_no_cap_vi 0 "$BIN/thidua" --lang vi quota list
contains quota_list_no_cap_vi "không giới hạn"
# what a quota set leaves out keeps its value: raising the quota keeps the
# per-unit cap, changing the cap keeps the quota
check quota_set_max_only 0 t quota set culture individual --max 4
contains quota_set_max_only "0 selected of 4; per unit 2"
check quota_set_cap_only 0 t quota set culture individual --per-unit 3
contains quota_set_cap_only "0 selected of 4; per unit 3"
check quota_set_new_cap_only 0 t quota set society collective --per-unit 2
contains quota_set_new_cap_only "0 selected of no limit; per unit 2"
check quota_set_nothing 2 "$BIN/thidua" --lang vi quota set culture individual
contains quota_set_nothing "hãy nêu điều cần đặt: --max SỐ"
# in the contract's order of fields, as counts and stats: economy before culture
check quota_list_in_order 0 t quota list
cp "$T/out" "$T/quotas"
check quota_list_economy_first 0 test "$(awk 'NR > 1 {print $1}' "$T/quotas" | uniq | tr '\n' ' ')" = "economy culture society "
check quota_set_nothing_unchanged 0 t quota set culture individual --max 4
contains quota_set_nothing_unchanged "0 selected of 4; per unit 3"
# a document task's submission carries the document: the broker's reason,
# shared with the web, and the option that gives it
doc=$(as office --json task create "Báo cáo chính trị" --lead SO-NV --deadline 01/12/2030 --kind document |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["record"]["task"]["id"])')
as nv task report "$doc" --percent 50 >/dev/null
check task_submit_document_without_file 3 as nv task submit "$doc" --text "Nộp"
contains task_submit_document_names_the_option "is a document task: its submission carries the document; add --file PATH"
check task_submit_document_without_file_vi 3 env THIDUA_KEY="$T/nv.key" timeout 30 "$BIN/thidua" \
  --lang vi task submit "$doc" --text "Nộp"
contains task_submit_document_names_the_option_vi "là nhiệm vụ văn bản: văn bản được gửi kèm khi nộp; hãy thêm --file TỆP"
check nominee_create 0 as nv --json nominee create "Nguyễn Văn A" --kind individual --field culture
field nominee_create_json "['record']['nominee']['status']" draft
unchanged nominee_edit_same_name as nv nominee edit N-1 --name "Nguyễn Văn A" --kind individual
nothing_given nominee_edit_nothing_given "--name, --kind, --field, --achievements" as nv nominee edit N-1
check nominee_history_without_empty_edits 0 sh -c "timeout 30 '$BIN/thidua' --json nominee show N-1 | python3 -c 'import json,sys; h=json.load(sys.stdin)[\"record\"][\"nominee\"][\"history\"]; assert [e[\"verb\"] for e in h] == [\"create\"], h'"
check nominee_show_last_change 0 t nominee show N-1
contains nominee_show_last_change_names_the_person "by Nguyễn Văn An (SO-NV)"
lacks nominee_show_last_change_not_the_account "by nv"
# a year not given before is said as nothing, not as 0
check nominee_edit_years 0 as nv nominee edit N-1 --birth-year 1975 --period 2016-2020
contains nominee_edit_years_birth "birth year: (empty) → 1975"
contains nominee_edit_years_period "achievements from: (empty) → 2016"
check nominee_propose 0 as nv nominee propose N-1
check nominee_vet_card_names_an_account_without_a_name 0 as office nominee vet N-1
contains nominee_vet_card_names_an_account_without_a_name "by office"
check nominee_propose_other_unit 5 as tc nominee propose N-1
check nominee_check 0 as office nominee check N-1 --criterion TC1 --result met
check nominee_recommend_without_disclosure 7 as office nominee recommend N-1
grep -q -i "disclosure" "$T/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL recommend names what is missing: $(cat "$T/err")"; }
check nominee_reject_without_reason 3 as chair nominee decide N-1 rejected
contains nominee_reject_names_the_option "a rejection needs the reason (reason); add --reason TEXT"
check nominee_reject_without_reason_vi 3 env THIDUA_KEY="$T/chair.key" timeout 30 "$BIN/thidua" \
  --lang vi nominee decide N-1 rejected
contains nominee_reject_names_the_option_vi "khi không chọn gương điển hình, cần nêu lý do; hãy thêm --reason LÝ-DO"
check nominee_show_names_its_unit 0 t nominee show N-1
contains nominee_show_names_its_unit "Sở Nội vụ (SO-NV)"
check nominee_show_json_keeps_the_code 0 t --json nominee show N-1
lacks nominee_show_json_keeps_the_code "Sở Nội vụ (SO-NV)"
check nominee_show 0 t --json nominee show N-1
field nominee_vetting "['record']['nominee']['status']" vetting
check nominee_list 0 t nominee list --status vetting
contains nominee_list "Nguyễn Văn A"
check counts 0 t --json counts
contains counts '"culture"'
# a withdrawal cannot be undone: without a terminal to ask at it takes
# --yes, and without it is refused, the proposal kept
as nv nominee create "Trần Văn B" --kind individual --field culture >/dev/null
as nv nominee propose N-2 >/dev/null
check nominee_withdraw_without_terminal 2 as nv nominee withdraw N-2 </dev/null
contains nominee_withdraw_without_terminal_says "add --yes to withdraw N-2"
check nominee_withdraw_without_terminal_kept 0 as nv --json nominee show N-2
field nominee_withdraw_without_terminal_kept "['record']['nominee']['status']" proposed
check nominee_withdraw_yes 0 as nv --json nominee withdraw N-2 --yes
field nominee_withdraw_yes "['record']['nominee']['status']" withdrawn
check nominee_propose_takes_no_yes 2 as nv nominee propose N-2 --yes

# --- a criterion corrected ----------------------------------------------------
# A criterion typed wrong is corrected in place, not added again: its text,
# the kind it applies to and whether it is mandatory, each only when given.
# A mandatory one made optional no longer holds a nominee back from
# recommend; an unknown code, another role and a stale revision are refused.
check criterion_tc6 0 t criterion add TC6 --text "Tiêu chuẩn thử" --applies-to individual --mandatory
check criterion_add_again 6 t criterion add TC6 --text "Sửa lại"
contains criterion_add_again_names_edit "criterion 'TC6' already exists; to correct it: thidua criterion edit CODE"
check criterion_add_again_vi 6 "$BIN/thidua" --lang vi criterion add TC6 --text "Sửa lại"
contains criterion_add_again_names_edit_vi "để sửa tiêu chuẩn đó: thidua criterion edit MÃ-TIÊU-CHUẨN"
check criterion_edit_text 0 t --json criterion edit tc6 --text "Có sáng kiến được áp dụng"
field criterion_edit_text_replaced "['record']['criterion']['text']" "Có sáng kiến được áp dụng"
field criterion_edit_keeps_mandatory "['record']['criterion'].get('mandatory')" True
field criterion_edit_keeps_kind "['record']['criterion'].get('applies_to')" individual
tc6_rev=$(python3 -c "import json; print(json.load(open('$T/out'))['record']['criterion']['meta']['mod_revision'])")
unchanged criterion_edit_same t criterion edit TC6 --text "Có sáng kiến được áp dụng" \
  --applies-to individual --mandatory yes --expect-revision "$tc6_rev"
nothing_given criterion_edit_nothing_given "--text, --applies-to, --mandatory" t criterion edit TC6
nothing_given criterion_edit_only_revision "--text" t criterion edit TC6 --expect-revision "$tc6_rev"
check criterion_edit_mandatory_neither 2 t criterion edit TC6 --mandatory maybe
contains criterion_edit_mandatory_neither_says "--mandatory takes yes or no, not 'maybe'"
check criterion_edit_unknown 4 t criterion edit TC99 --text "Không có"
contains criterion_edit_unknown_says "criterion 'TC99' does not exist"
check criterion_edit_by_office 5 as office criterion edit TC6 --text "Sửa bởi văn phòng"
check criterion_edit_stale 6 t criterion edit TC6 --text "Sửa muộn" --expect-revision 1
check criterion_edit_refused_kept 0 t --json criterion list
contains criterion_edit_refused_kept '"text":"Có sáng kiến được áp dụng"'
# N-3, an individual vetted and met on TC1, its disclosure closed: only the
# mandatory TC6, never checked, holds it back
n3=$(as nv --json nominee create "Lê Thị Cúc" --kind individual --field culture |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["record"]["nominee"]["id"])')
t calendar min-days 0 >/dev/null
for step in "propose:nv" "vet:office" "disclose:office" "close-disclosure:office"; do
  as "${step#*:}" nominee "${step%%:*}" "$n3" >/dev/null || echo "setup: nominee ${step%%:*} $n3 failed"
done
as office nominee check "$n3" --criterion TC1 --result met >/dev/null
check recommend_held_by_mandatory 7 as office nominee recommend "$n3"
contains recommend_held_names_it "criterion TC6 not checked met"
before=$(revision)
check criterion_unmandate 0 t criterion edit TC6 --mandatory no
contains criterion_unmandate_says "criterion TC6 (individual only): Có sáng kiến được áp dụng"
check criterion_list_not_mandatory 0 t criterion list
cp "$T/out" "$T/criteria.txt"
check criterion_list_not_mandatory_row 0 grep -qE '^TC6 +no +individual ' "$T/criteria.txt"
check criterion_edit_in_the_feed 0 "$BIN/thidua" --lang vi watch --since "$before" --count 1 --duration 10
contains criterion_edit_in_the_feed_words "sửa tiêu chuẩn"
check recommend_after_unmandate 0 as office --json nominee recommend "$n3"
field recommend_after_unmandate_vetted "['record']['nominee']['status']" vetted
# made mandatory again, it binds from the next recommend on: one already
# made stands; and "both" widens it to every kind
check criterion_mandatory_again 0 t --json criterion edit TC6 --mandatory yes --applies-to both
field criterion_mandatory_again_set "['record']['criterion'].get('mandatory')" True
field criterion_applies_to_both "['record']['criterion'].get('applies_to', 'both')" both
check recommended_stands 0 t --json nominee show "$n3"
field recommended_stands_vetted "['record']['nominee']['status']" vetted
check criterion_optional_at_last 0 t criterion edit TC6 --mandatory no
# a draft's claim of a criterion since narrowed to the other kind stays as
# stored and holds no other edit back; claimed again, it is refused
n4=$(as nv --json nominee create "Đỗ Văn Dũng" --kind individual --field culture --criteria TC6 |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["record"]["nominee"]["id"])')
check criterion_narrowed 0 t criterion edit TC6 --applies-to collective
check draft_edit_beside_narrowed_claim 0 as nv --json nominee edit "$n4" --workplace "Trường THPT Ninh Hải"
field draft_edit_keeps_the_claim "['record']['nominee']['criteria_met']" "['TC6']"
check draft_claim_narrowed_claimed_again 7 as nv nominee edit "$n4" --criteria TC1,TC6
contains draft_claim_narrowed_says "criterion TC6 is for the kind collective only; this nominee is individual"
check draft_claims_without_it 0 as nv --json nominee edit "$n4" --criteria TC1
field draft_claims_without_it_kept "['record']['nominee']['criteria_met']" "['TC1']"

# --- a write retried across a broker restart takes effect once -----------------
rev0=$(t --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])')
stop_server
( sleep 1.5; start_server "$REQ" "$EV"; echo "$server_pid" >"$T/pid" ) &
check retry_across_restart 0 t --timeout 2000 unit add SO-XD --name "Sở Xây dựng" --kind department
wait
server_pid=$(cat "$T/pid")
rev1=$(t --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])')
[ "$rev1" = $((rev0 + 1)) ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL one effect: revision $rev0 -> $rev1"; }
check unit_once 0 t --json unit list
n=$(grep -o '"SO-XD"' "$T/out" | wc -l)
[ "$n" = 1 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL SO-XD listed $n times"; }

stop_server
summary
