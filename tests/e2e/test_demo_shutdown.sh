#!/usr/bin/env bash
# scripts/demo's simulated clients end promptly on SIGTERM, whatever their
# pace: the demo's shutdown waits for each of them (a unit acting every
# 20 s once took some 40 s to go).
# Usage: bash test_demo_shutdown.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
start_server
thidua unit add SO-NV --name "Sở Nội vụ" --kind department >/dev/null
for p in nv:unit:SO-NV office:office: chair:chair:; do
    IFS=: read -r name role unit <<<"$p"
    thidua keygen "$T/$name" >/dev/null
    thidua principal add "$name" --role "$role" ${unit:+--unit "$unit"} --public-key "$T/$name.pub" >/dev/null
done
thidua task create "Báo cáo" --lead SO-NV --deadline 01/12/2030 >/dev/null 2>&1 || true

# stops_within NAME SECONDS ARGS...: a simulated client started with ARGS,
# left to settle into its pace, exits 0 within SECONDS of SIGTERM
stops_within() {
    local name=$1 most=$2 key=$3
    shift 3
    THIDUA_KEY=$T/$key.key "$BIN/thidua-demo-sim" "$@" 2>"$T/$name.err" &
    local pid=$! rc=0
    sleep 2
    local t0
    t0=$(date +%s%N)
    kill -TERM "$pid"
    for _ in $(seq $((most * 20))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    local ms=$((($(date +%s%N) - t0) / 1000000))
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        echo "     $name: still running ${ms} ms after SIGTERM"
        check "${name}_stops_within_${most}s" 0 false
        return
    fi
    wait "$pid" || rc=$?
    echo "     $name: gone ${ms} ms after SIGTERM"
    check "${name}_stops_within_${most}s" 0 true
    check "${name}_exits_cleanly" 0 test "$rc" -eq 0
}
stops_within unit_at_pace_20 2 nv --role unit --unit SO-NV --pace 20
stops_within office_at_pace_20 2 office --role office --pace 20
stops_within chair_at_pace_20 2 chair --role chair --pace 20

summary
