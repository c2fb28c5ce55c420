#!/usr/bin/env bash
# The size of a nominee's event as its history grows: a nominee (with
# about 1 KB of achievements) is proposed and put to vetting, then checked
# STEPS times by the office; after steps 1, 10, 50 and STEPS it prints the
# bytes of that step's event as `thidua --json watch` prints it. Before
# store format 5 each event carried the nominee's whole history; since, the
# nominee and the one new History record.
#   tests/bench/bench_nominee_event.sh BIN_DIR [STEPS]   (default 200)
# BIN_DIR holds thidua-server and thidua (a build's bin/).
set -uo pipefail
[ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] || [ $# -lt 1 ] && {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    [ $# -ge 1 ]
    exit
}
BIN=$(cd "$1" && pwd)
STEPS=${2:-200}
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
# shellcheck source=../e2e/lib.sh
. "$(dirname "$0")/../e2e/lib.sh"
start_server
thidua unit add SO-A --name "Sở A" --kind department >/dev/null
thidua keygen "$T/a" >/dev/null
thidua keygen "$T/o" >/dev/null
thidua principal add a --role unit --unit SO-A --public-key "$T/a.pub" >/dev/null
thidua principal add o --role office --public-key "$T/o.pub" >/dev/null
thidua criterion add TC1 --text "Tiêu chuẩn 1" >/dev/null
thidua quota set culture individual --max 5 >/dev/null
ach=$(python3 -c "print('Thành tích tiêu biểu trong phong trào thi đua. ' * 20)")
THIDUA_KEY=$T/a.key thidua nominee create "Nguyễn Văn An" --kind individual --field culture \
    --achievements "$ach" >/dev/null
THIDUA_KEY=$T/a.key thidua nominee propose N-1 >/dev/null
THIDUA_KEY=$T/o.key thidua nominee vet N-1 >/dev/null
revision() { thidua --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])'; }
for i in $(seq 1 "$STEPS"); do
    if ! THIDUA_KEY=$T/o.key thidua nominee check N-1 --criterion TC1 --result met \
        --note "lần $i" >/dev/null; then
        echo "nominee check $i failed" >&2
        exit 1
    fi
    case $i in 1 | 10 | 50 | "$STEPS")
        r=$(revision)
        bytes=$(thidua --json watch --since $((r - 1)) --count 1 | head -1 | wc -c)
        echo "step $i: event $bytes bytes (JSON)"
        ;;
    esac
done
stop_server
