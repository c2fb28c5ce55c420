# Shared by the shell tests (sourced, not run): a temp directory, a real
# thidua-server on loopback, check() and the closing summary.
# Before sourcing, set BIN to the directory of the programs.
# After it: T (temp dir), D (data dir), server_pid, passed, failed.

T=$(mktemp -d "${TMPDIR:-/tmp}/thidua-sh-XXXXXX")
D=$T/data
server_pid=
passed=0
failed=0
failed_names=
failed_lines=

# Stops the server (TERM, then KILL after 5 s) and removes the temp dir.
lib_cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$T"
}
trap lib_cleanup EXIT

# check NAME WANT_EXIT CMD [ARG...]: runs CMD and records whether it exited
# WANT_EXIT; the run goes on either way so one report lists every failure.
# CMD's output is left in $T/out and $T/err; copy it before the next check
# (which truncates them) reads it.
check() {
    local name=$1 want=$2 got=0
    shift 2
    "$@" >"$T/out" 2>"$T/err" || got=$?
    if [ "$got" -eq "$want" ]; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        failed_names="$failed_names $name"
        echo "FAIL $name: exit $got, want $want"
        cat "$T/err" "$T/out" | head -20 | sed 's/^/     | /' || true # head may close early
        # a long check's own FAIL lines (or its traceback) come after the
        # first 20: keep them for the summary, which a log's excerpt shows
        # (grep finding none must not end a script run with pipefail, which
        # would hide every check after this one)
        failed_lines="$failed_lines$({ grep -h -m8 -e '^FAIL' -e '^Traceback' -A3 "$T/out" "$T/err" || true; } | sed "s/^/     $name | /")
"
    fi
}

# contains NAME TEXT: the last check's output (stdout or stderr) holds TEXT.
contains() {
    if grep -qF -- "$2" "$T/out" "$T/err" 2>/dev/null; then
        passed=$((passed + 1))
        echo "ok   $1"
    else
        failed=$((failed + 1))
        failed_names="$failed_names $1"
        echo "FAIL $1: output lacks '$2'"
        cat "$T/err" "$T/out" 2>/dev/null | head -10 | sed 's/^/     | /'
    fi
}

# lacks NAME TEXT: the last check's output does not hold TEXT
lacks() {
    if grep -qF -- "$2" "$T/out" "$T/err" 2>/dev/null; then
        failed=$((failed + 1))
        failed_names="$failed_names $1"
        echo "FAIL $1: output holds '$2'"
    else
        passed=$((passed + 1))
        echo "ok   $1"
    fi
}

# A hung CLI must not hang the test: each call is bounded (the CLI itself
# waits 3 x 3 s at most for an absent broker).
thidua() {
    timeout 30 "$BIN/thidua" "$@"
}

# start_server [REQUESTS EVENTS]: initializes $D the first time, starts the
# broker (ports chosen by it unless given; more flags in SERVER_FLAGS, an
# array) and waits until it serves;
# exports THIDUA_SERVER, THIDUA_EVENTS, THIDUA_SERVER_KEY and THIDUA_KEY.
start_server() {
    [ -d "$D" ] || "$BIN/thidua-server" init --data "$D" >/dev/null
    rm -f "$D/endpoints"
    "$BIN/thidua-server" run --data "$D" --requests "${1:-tcp://127.0.0.1:*}" \
        --events "${2:-tcp://127.0.0.1:*}" --log-level warn ${SERVER_FLAGS[@]+"${SERVER_FLAGS[@]}"} \
        2>>"$T/server.log" &
    server_pid=$!
    for _ in $(seq 100); do # the endpoints file appears once the broker serves
        [ -s "$D/endpoints" ] && break
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "thidua-server exited at start:" >&2
            cat "$T/server.log" >&2
            exit 1
        fi
        sleep 0.1
    done
    if [ ! -s "$D/endpoints" ]; then
        echo "thidua-server did not start within 10 s" >&2
        exit 1
    fi
    THIDUA_SERVER=$(sed -n 's/^requests=//p' "$D/endpoints")
    THIDUA_EVENTS=$(sed -n 's/^events=//p' "$D/endpoints")
    export THIDUA_SERVER THIDUA_EVENTS THIDUA_SERVER_KEY=$D/server.pub THIDUA_KEY=$D/admin.key
}

# stop_server: SIGTERM and wait; returns the broker's exit status.
stop_server() {
    local rc=0
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || rc=$?
    server_pid=
    return "$rc"
}

# summary: the closing line ctest and CI read, naming what failed (a long
# test's FAIL line may be far above, cut from a log's excerpt); fails when
# a check failed.
summary() {
    [ -n "${failed_lines:-}" ] && printf '%s' "$failed_lines"
    echo "$passed passed, $failed failed${failed_names:+:$failed_names}"
    [ "$failed" -eq 0 ]
}
