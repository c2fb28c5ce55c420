#!/usr/bin/env bash
# A watch whose principal is disabled and then enabled again hears the
# broker again by itself: the broker refuses the handshake of the
# principal's event socket while it is disabled, and libzmq never retries
# a refused handshake, so the library reopens a stream silent for longer
# than heartbeats allow. The changes made meanwhile are read from the log,
# and the later ones arrive live, with no restart of the watch.
# Usage: bash test_watch_reenabled.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
export LANG=en_US.UTF-8
unset LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# seen TEXT SECONDS: the watch's output holds TEXT within SECONDS (a
# bound on a behaviour, not a speed)
seen() {
    for _ in $(seq $(($2 * 10))); do
        grep -q "$1" "$T/watch.out" && return 0
        sleep 0.1
    done
    return 1
}

start_server
thidua keygen "$T/w" >/dev/null
thidua principal add w --role office --public-key "$T/w.pub" >/dev/null
THIDUA_KEY=$T/w.key timeout 120 "$BIN/thidua" watch >"$T/watch.out" 2>&1 &
watch_pid=$!
check "the watch is in sync" 0 seen "in sync at revision" 20
thidua unit add SO-A --name "Sở A" --kind department >/dev/null
check "a change arrives live" 0 seen "SO-A" 20
sleep 1.5 # past a heartbeat: the first one adds nothing to "in sync"
check "the first heartbeat prints no line of its own" 1 grep -q "broker" "$T/watch.out"
thidua unit add SO-A2 --name "Sở A2" --kind department >/dev/null
check "a second change arrives live" 0 seen "SO-A2" 20
sleep 1.5 # past the heartbeat that finds the view in sync again
check "in sync is said once, not after each change" 0 test "$(grep -c "in sync at revision" "$T/watch.out")" = 1

thidua principal disable w >/dev/null
check "the disabled principal's watch notices it hears nothing" 0 seen "reconnecting" 20
thidua unit add SO-B --name "Sở B" --kind department >/dev/null
check "nothing reaches it while disabled" 1 grep -q "SO-B" "$T/watch.out"

thidua principal enable w >/dev/null
check "enabled again, the change made meanwhile is read" 0 seen "SO-B" 30
check "and the broker is said to answer again" 0 seen "broker answering again" 10
thidua unit add SO-C --name "Sở C" --kind department >/dev/null
check "and the next one arrives" 0 seen "SO-C" 30
check "the same watch runs on" 0 kill -0 "$watch_pid"
kill -INT "$watch_pid" 2>/dev/null
wait "$watch_pid" 2>/dev/null
stop_server
summary
