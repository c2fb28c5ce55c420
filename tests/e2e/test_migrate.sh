#!/usr/bin/env bash
# Store format 3 to 6 on a genuine format 3 store (thidua-make-format3
# writes tasks and nominees as a format 3 broker did: history inside the
# record, each write logged whole), beside nominees made by the real
# client: verify passes before; migrate is killed with -9 at random points,
# resumed, and leaves the revision unchanged, no history inside any task
# or nominee, and the same history for every task and nominee through
# `thidua task show` and `thidua nominee show` as the format 3 records
# showed; verify passes after and notices a history record that differs
# from the split, or a task that still holds its history. A store upgraded
# by the mark only (an earlier build's migrate) is served, split record by
# record as they are written, and finished by migrate.
# Usage: bash test_migrate.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

S=$BIN/thidua-server
M=$BIN/thidua-make-format3
KILLS=5

start_server
thidua unit add SO-A --name "Sở A" --kind department >/dev/null
thidua unit add SO-B --name "Sở B" --kind department >/dev/null
thidua keygen "$T/a" >/dev/null
thidua principal add a --role unit --unit SO-A --public-key "$T/a.pub" >/dev/null
thidua quota set culture individual --max 5 >/dev/null
for i in 1 2 3; do
    THIDUA_KEY=$T/a.key thidua nominee create "Người $i" --kind individual --field culture \
        --gender "Nữ" --birth-year 1980 --position "Trưởng phòng" --workplace "Sở A" \
        --achievements "Thành tích $i" --period 2016-2020 --honour-form "Bằng khen" >/dev/null
    THIDUA_KEY=$T/a.key thidua nominee edit "N-$i" --position "Phó Giám đốc" >/dev/null
done
stop_server

# tasks as format 3 wrote them: 20 reported one write per report, and 5
# nominees (N-4..N-8) checked one write per check, then 600 bigger tasks
# (60 entries each, several MiB: migrate takes several batches, so a kill
# can land between them)
check make_small 0 "$M" "$D/store" SO-A 20 30 1 5
check make_big 0 "$M" "$D/store" SO-B 600 60 60
check run_refuses_format_3 1 "$S" run --data "$D" --requests 'tcp://127.0.0.1:*' \
    --events 'tcp://127.0.0.1:*'
contains run_refuses_format_3 "thidua-server migrate"
check verify_format_3 0 "$S" verify --data "$D"
rev=$(sed -n 's/.*revisions 1-\([0-9]*\)).*/\1/p' "$T/out")
contains verify_format_3_records "records"

# a migrate of an older release (to format 4: tasks only) stopped half-way:
# this one's pass does not trust its key, which says nothing of nominees
cp -a "$D" "$T/older"
"$BIN/thidua-set-format" "$T/older/store" 4 task/T-300
check migrate_older_stop 0 "$S" migrate --data "$T/older"
contains migrate_older_stop_says "format 4 -> 6 done: 620 tasks' and 5 nominees' history split"

# what the format 3 records show: the same store with only the mark moved
# (an earlier release's upgrade), read in place by this broker
dump() { # dump FILE: every task's and nominee's show, as JSON
    for i in $(seq 1 620); do thidua --json task show "T-$i"; done >"$1"
    for i in $(seq 1 8); do thidua --json nominee show "N-$i"; done >>"$1"
}
cp -a "$D" "$T/before"
"$BIN/thidua-set-format" "$T/before/store" 6
D0=$D
D=$T/before
start_server
dump "$T/before.json"
# the broker serves such a store, and a task's or nominee's first write splits it
check lazy_report 0 env THIDUA_KEY="$T/a.key" "$BIN/thidua" task report T-1 --percent 90 --text "sau nâng cấp"
check lazy_show 0 thidua --json task show T-1
cp "$T/out" "$T/lazy.json"
check lazy_history_whole 0 python3 -c "import json,sys; h=json.load(open('$T/lazy.json'))['record']['task']['history']; sys.exit(len(h) != 31)"
check lazy_nominee_edit 0 env THIDUA_KEY="$T/a.key" "$BIN/thidua" nominee edit N-4 --position "Đội trưởng"
check lazy_nominee_show 0 thidua --json nominee show N-4
cp "$T/out" "$T/lazy_n.json"
check lazy_nominee_history_whole 0 python3 -c "import json,sys; h=json.load(open('$T/lazy_n.json'))['record']['nominee']['history']; sys.exit(len(h) != 31 or h[-1]['verb'] != 'edit')"
stop_server
check verify_mark_only 1 "$S" verify --data "$D"
contains verify_mark_only_names_migrate "still holds 30 history entries inside its record"
# migrate on it splits what the mark-only upgrade left
check migrate_mark_only 0 "$S" migrate --data "$D"
contains migrate_mark_only_says "format 6, records still holding their history: done: 619 tasks' and 4 nominees'"
check verify_mark_only_after 0 "$S" verify --data "$D"
D=$D0

# kill -9 at random points of migrate, then a run that finishes. The
# points fall within what migrate reported its split took on a copy (from
# the store's open to the last batch); a kill after the first batch leaves
# a store only migrate opens
cp -a "$D" "$T/timed"
check migrate_copy 0 "$S" migrate --data "$T/timed"
contains migrate_copy_batches "synced batches"
ms=$(sed -n 's/.*batches, \([0-9.]*\) s).*/\1/p' "$T/out" | awk '{print int($1 * 1000) + 1}')
midway=0
for k in $(seq 1 $KILLS); do
    "$S" migrate --data "$D" >"$T/kill$k.log" 2>&1 &
    pid=$!
    at=$((RANDOM % ms))
    sleep "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    "$S" verify --data "$D" >"$T/state$k" 2>&1
    echo "# kill $k at $at ms: $(tail -1 "$T/state$k" | cut -c1-60)"
    left_midway=0
    if grep -q "was interrupted" "$T/state$k"; then
        midway=$((midway + 1))
        left_midway=1
        check "kill_${k}_refused_by_run" 1 "$S" run --data "$D" --requests 'tcp://127.0.0.1:*' \
            --events 'tcp://127.0.0.1:*'
        contains "kill_${k}_says_finish" "finish it with: thidua-server migrate"
    fi
done
echo "# $KILLS kills within $ms ms, $midway inside the split"
check migrate_resumes 0 "$S" migrate --data "$D"
if [ "$left_midway" -eq 1 ]; then
    contains migrate_says_resumed "the stopped upgrade to format 6 is done (resumed where it was)"
fi
contains migrate_keeps_revision "revision $rev"
check migrate_again 0 "$S" migrate --data "$D"
contains migrate_again_nothing "nothing to do"
check verify_after 0 "$S" verify --data "$D"
contains verify_after_revision "revisions 1-$rev)"

start_server
dump "$T/after.json"
# a write to records migrate split: verify still derives their earlier
# entries from the images the log holds
check write_split_task 0 env THIDUA_KEY="$T/a.key" "$BIN/thidua" task report T-2 --percent 95 --text "sau di chuyển"
check write_split_nominee 0 env THIDUA_KEY="$T/a.key" "$BIN/thidua" nominee edit N-5 --position "Đội phó"
stop_server
check verify_after_writes 0 "$S" verify --data "$D"
check same_history_every_task_and_nominee 0 python3 - "$T/before.json" "$T/after.json" <<'PY'
import json, sys
def docs(path):
    dec, text, out, i = json.JSONDecoder(), open(path).read(), [], 0
    while i < len(text):
        while i < len(text) and text[i].isspace(): i += 1
        if i == len(text): break
        d, i = dec.raw_decode(text, i); out.append(d)
    return out
def history(d):
    r = d["record"]
    body = r.get("task") or r.get("nominee")
    return r["id"], body.get("history", [])
before, after = docs(sys.argv[1]), docs(sys.argv[2])
assert len(before) == len(after) == 628, (len(before), len(after))
for b, a in zip(before, after):
    hb, ha = history(b), history(a)
    assert hb == ha, (hb[0], len(hb[1]), len(ha[1]))
    assert len(hb[1]) > 1, hb[0]
print("same history for", len(before), "records")
PY
cat "$T/out"

# verify notices a history record that differs from its task's split ...
cp -a "$D" "$T/bad1"
check tamper_history_record 0 "$BIN/thidua-tamper" "$T/bad1/store" history/T-7/0000000003
check verify_bad_history 1 "$S" verify --data "$T/bad1"
contains verify_bad_history_says "history record differs"
# ... and a task that still holds its history in a format 6 store
cp -a "$D" "$T/bad2"
check embed_again 0 "$BIN/thidua-embed-history" "$T/bad2/store" T-3 0
check verify_embedded 1 "$S" verify --data "$T/bad2"
contains verify_embedded_says "still holds"
summary
