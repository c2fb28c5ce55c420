#!/usr/bin/env bash
# The council's ballot through the `thidua` binary alone, against a real
# broker: the admin names three council members and a threshold, the office
# opens a ballot on two vetted nominees, members vote (one changes its
# vote), each sees its own vote and the turnout in Vietnamese, the office
# closes it, and the chair may select only the nominee whose tally met the
# threshold; bad input is refused with the right exit code, nothing changed.
# Usage: bash test_cli_ballot.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# lacks NAME TEXT: the last check's output does not hold TEXT.
revision() { thidua --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])'; }
unchanged() {
    local now
    now=$(revision)
    if [ "$now" = "$rev" ]; then passed=$((passed + 1)); echo "ok   $1 changed nothing"; else
        failed=$((failed + 1)); failed_names="$failed_names $1"; echo "FAIL $1: revision $rev -> $now"; fi
}

start_server
t() { timeout 30 "$BIN/thidua" "$@"; }
as() { local who=$1; shift; THIDUA_KEY=$T/$who.key t "$@"; }

t unit add SO-VH --name "Sở Văn hóa, Thể thao và Du lịch" --kind department >/dev/null
for p in vh:unit:SO-VH office:office: chair:chair: hd1:council: hd2:council: hd3:council:; do
    IFS=: read -r name role unit <<<"$p"
    t keygen "$T/$name" >/dev/null
    t principal add "$name" --role "$role" ${unit:+--unit "$unit"} --public-key "$T/$name.pub" >/dev/null
done
t calendar min-days 0 >/dev/null # disclosure may close the day it opens
t criterion add TC1 --text "Gương mẫu chấp hành chủ trương, chính sách" --mandatory >/dev/null
for name in "Nguyễn Văn A" "Trần Thị B"; do
    as vh nominee create "$name" --kind individual --field culture >/dev/null
done
for id in N-1 N-2; do
    as vh nominee propose $id >/dev/null
    as office nominee vet $id >/dev/null
    as office nominee check $id --criterion TC1 --result met >/dev/null
    as office nominee disclose $id >/dev/null
    as office nominee close-disclosure $id >/dev/null
    as office nominee recommend $id >/dev/null
done

check help 0 t ballot --help
contains help_names_vote "ballot vote"
check threshold_set 0 t threshold set individual 60
contains threshold_set_vi "60 % tổng số thành viên Hội đồng đồng ý"
rev=$(revision)
check threshold_over_100 2 t threshold set individual 101
contains threshold_over_100_vi "thidua: tỷ lệ phần trăm nhận số nguyên từ 0 đến 100, không nhận '101'"
check threshold_over_100_en 2 t --lang en threshold set individual 101
contains threshold_over_100_en "thidua: percent takes a whole number from 0 to 100, not '101'"
unchanged threshold_over_100

# a nominee in a list is named as in every nominee command: N-1, n-1 or 1
check open_by_word_says_the_form 2 as office ballot open N-1,abc
contains open_by_word_says_the_form "'abc' không phải mã gương điển hình: hãy viết N-8, hoặc chỉ số (8)"
check vote_by_task_id_says_the_form 2 as hd1 --lang en ballot vote B-1 --yes N-1 --no T-2
contains vote_by_task_id_says_the_form "'T-2' is not a nominee id: write N-8, or the number alone (8)"
unchanged ids_refused_before_sending
check ballot_open 0 as office ballot open 1,n-2 --name "Phiên họp Hội đồng ngày 08/9"
contains ballot_open_vi "Đang bỏ phiếu"
contains ballot_open_by_number_names_N-1 "N-1"
contains ballot_open_by_number_names_N-2 "N-2"
# a ballot is named as a task or a nominee is: B-1, b-1 or the number alone
check vote_hd1 0 as hd1 ballot vote 1 --yes 1,2
check vote_hd1_by_number_applied 0 as hd1 --json ballot show b-1
contains vote_hd1_by_number_applied_N-1 '"nominee":"N-1","choice":"yes"'
contains vote_hd1_by_number_applied_N-2 '"nominee":"N-2","choice":"yes"'
check vote_hd2 0 as hd2 ballot vote b-1 --yes N-1 --no N-2
check vote_hd3 0 as hd3 ballot vote B-1 --yes N-2 --abstain N-1
check vote_hd3_changes 0 as hd3 ballot vote B-1 --yes N-1 --no N-2
check own_view_vi 0 as hd2 ballot show B-1
contains own_view_turnout "3 trên 3 thành viên Hội đồng"
contains own_view_choice "Không đồng ý"
# each row names its nominee, as a member would look for them
cp "$T/out" "$T/own_view"
check own_view_names 0 grep -E "^N-2 .*Trần Thị B$" "$T/own_view"
check other_view 0 as hd1 --json ballot show B-1
contains other_view_own '"member":"hd1"'
lacks other_view_no_hd2 '"member":"hd2"'
lacks other_view_no_hd3 '"member":"hd3"'
rev=$(revision)
check ballot_by_nominee_id_says_the_form 2 as hd1 ballot show N-1
contains ballot_by_nominee_id_says_the_form_vi "'N-1' không phải mã đợt bỏ phiếu: hãy viết B-1, hoặc chỉ số (1)"
check ballot_by_word_says_the_form_en 2 as hd1 --lang en ballot vote first --yes N-1
contains ballot_by_word_says_the_form_en "'first' is not a ballot id: write B-1, or the number alone (1)"
check ballot_close_by_word_refused 2 as office ballot close B1
check vote_by_office 5 as office ballot vote B-1 --yes N-1
# a vote of no choice: the broker's reason, then the options that give one
check vote_nothing 3 as hd1 ballot vote B-1
contains vote_nothing_names_the_options "hãy bỏ ít nhất một phiếu: một gương điển hình và đồng ý, không đồng ý hoặc không có ý kiến; bỏ phiếu bằng --yes, --no hoặc --abstain kèm mã các gương điển hình, ví dụ --yes N-1,N-2"
check vote_nothing_en 3 as hd1 --lang en ballot vote B-1
contains vote_nothing_names_the_options_en "give at least one choice: a nominee and yes, no or abstain; vote with --yes, --no or --abstain and the nominees' ids, e.g. --yes N-1,N-2"
check vote_not_on_ballot 3 as hd1 ballot vote B-1 --yes N-9
check open_not_vetted 7 as office ballot open N-1
contains open_busy_vi "chưa kết thúc"
check select_before_close 7 as chair nominee decide N-1 selected
unchanged refusals_while_open

check ballot_close 0 as office ballot close B-1
contains close_vi "Đã kiểm phiếu"
contains close_tally "3/3"
cp "$T/out" "$T/closed"
check close_names 0 grep -E "^N-1 .*Nguyễn Văn A$" "$T/closed"
cp "$T/closed" "$T/out"
# N-2 has 1 yes of 3: the share as each language writes a decimal
contains close_percent_vi "33,3 %"
lacks close_percent_vi_no_point "33.3 %"
check ballot_show_en 0 t --lang en ballot show 1
contains ballot_show_en_percent "33.3 %"
rev=$(revision)
check vote_after_close 7 as hd1 ballot vote B-1 --no N-1
contains vote_after_close_vi "đã kết thúc"
check select_under_threshold 7 as chair nominee decide N-2 selected
contains select_under_vi "1 phiếu đồng ý trên 3 thành viên Hội đồng (33,3 %)"
# only a measure takes the decimal comma: a code typed "1.2" is quoted as typed
check typed_number_quoted_as_typed 3 t --lang vi criterion add 1.2 --text "Thử"
contains typed_number_quoted_as_typed "'1.2'"
check select_under_threshold_en 7 as chair --lang en nominee decide N-2 selected
contains select_under_en "has 1 yes of 3 council members (33.3 %)"
unchanged refusals_after_close
check select_over_threshold 0 as chair nominee decide N-1 selected
check dossier_tally 0 "$BIN/thidua" nominee show N-2
contains dossier_tally_vi "kết quả kiểm phiếu"
contains dossier_tally_vi_decimal "B-1: 1/3 (33,3 %)"
check dossier_tally_en 0 t --lang en nominee show N-2
contains dossier_tally_en_decimal "B-1: 1/3 (33.3 %)"
check ballot_list 0 t ballot list
contains ballot_list_row "B-1"
check threshold_list_en 0 t --lang en threshold list
contains threshold_list_row "60 %"
# a ballot opened with no name is named by the province's day, as the
# council's meetings are (N-2, under its threshold, is still vetted)
check ballot_open_unnamed 0 as office ballot open N-2
contains ballot_open_unnamed_named_by_day "B-2 Phiên họp Hội đồng Thi đua - Khen thưởng ngày $(TZ=Asia/Ho_Chi_Minh date +%d/%m/%Y)"
summary
