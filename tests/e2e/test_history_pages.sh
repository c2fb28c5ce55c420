#!/usr/bin/env bash
# A task with 100,000 history entries reads in pages: a format 3 store
# holding them inside one task record (thidua-make-format3, one logged
# write) is migrated, so the task's history becomes 100,000 records; then
# task.get carries the newest THD_HISTORY_IN_GET (100), and `thidua task
# show` reads all of them through history.list, a page of at most 1000 at
# a time, so no reply comes near the message limit; a report after them
# is entry 100,001 and its change is small.
# Usage: bash test_history_pages.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
ENTRIES=100000

start_server
thidua unit add SO-A --name "Sở A" --kind department >/dev/null
thidua keygen "$T/a" >/dev/null
thidua principal add a --role unit --unit SO-A --public-key "$T/a.pub" >/dev/null
stop_server
check make_long_task 0 "$BIN/thidua-make-format3" "$D/store" SO-A 1 $ENTRIES $ENTRIES
check migrate 0 "$BIN/thidua-server" migrate --data "$D"
contains migrate_split_all "($ENTRIES entries"

start_server
check show_whole 0 thidua --json task show T-1
cp "$T/out" "$T/show.json"
check whole_history 0 python3 - "$T/show.json" "$ENTRIES" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["record"]["task"]["history"]
n = int(sys.argv[2])
assert len(h) == n, len(h)
assert h[0]["verb"] == "create", h[0]
assert h[-1]["text"].startswith("Báo cáo tiến độ lần %d:" % (n - 1)), h[-1]
assert all(e["verb"] == "report" for e in h[1:])
print("entries", len(h))
PY
check report_after 0 env THIDUA_KEY="$T/a.key" "$BIN/thidua" task report T-1 --percent 50 --text "sau cùng"
check event_small 0 python3 - <<PY
import json, subprocess
rev = json.loads(subprocess.run(["$BIN/thidua", "--json", "status"], capture_output=True, check=True,
                                text=True).stdout)["status_reply"]["revision"]
line = subprocess.run(["$BIN/thidua", "--json", "watch", "--since", str(int(rev) - 1), "--count", "1"],
                      capture_output=True, check=True, text=True).stdout.splitlines()[0]
ev = json.loads(line)
assert [r["type"] for r in ev["records"]] == ["task", "history"], ev["records"]
assert ev["records"][1]["history"]["seq"] == $ENTRIES + 1, ev["records"][1]
assert len(line) < 2048, len(line)
print("event", len(line), "bytes")
PY
stop_server
# verify derives the 100,000 records migrate split from the task's logged
# image, though a later write replaced that image
check verify_after 0 "$BIN/thidua-server" verify --data "$D"
summary
