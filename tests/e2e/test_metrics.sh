#!/usr/bin/env bash
# The metrics files, as node_exporter's textfile collector would serve them,
# against a real broker, real backups and a real thidua-web: every file
# parses strictly (check_metrics.py); the counters move by exactly the
# requests made (writes, each kind and code, refusals under their code);
# the backup file says what a real backup run did, ok and failed; the
# gateway counts sign-ins by outcome, lockouts, sessions and live streams;
# a clean stop leaves up 0; and every metric the packaged alert rules name
# is one the programs write.
# Usage: bash test_metrics.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
CM=$SRC/tests/e2e/check_metrics.py
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
web_pid=
stop_web() { [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null; web_pid=; return 0; }
trap 'stop_web; lib_cleanup' EXIT

M=$T/metrics
mkdir -p "$M"
S=$M/thidua-server.prom
val() { "$PY" "$CM" value "$@"; }
req() { val "$S" thidua_server_requests_total "kind=$1" "code=$2"; }
# waits until FILE was written after now: what came before is in it
settle() { local now; now=$(date +%s.%N); "$PY" "$CM" wait "$1" "$now"; }
# expect NAME GOT WANT
expect() { check "$1" 0 test "$2" = "$3"; [ "$2" = "$3" ] || echo "     | got '$2', want '$3'"; }

# --- settings: metrics-dir is an absolute path, shown by --check-config ---
check relative_dir_refused 2 "$BIN/thidua-server" run --data "$T/none" --metrics-dir metrics --check-config
contains relative_dir_said "metrics-dir 'metrics' is not an absolute path"
printf '[server]\nmetrics-dir = %s\n' "$M" >"$T/server.ini"
"$BIN/thidua-server" init --data "$D" >/dev/null
check config_key 0 "$BIN/thidua-server" run --config "$T/server.ini" --data "$D" --check-config
contains config_key_shown "metrics-dir = $M"

# --- the broker's file ---
SERVER_FLAGS=(--metrics-dir "$M")
start_server
settle "$S"
check server_file_parses 0 "$PY" "$CM" lint "$S"
check server_file_mode 0 test "$(stat -c %a "$S")" = 644
expect up "$(val "$S" thidua_server_up)" 1
rev0=$(val "$S" thidua_server_revision)
w0=$(val "$S" thidua_server_writes_committed_total)
ok0=$(req unit.add OK)
dup0=$(req unit.add ALREADY_EXISTS)
deny0=$(req unit.add PERMISSION_DENIED)
groups0=$(val "$S" thidua_server_group_requests_count)
commits0=$(val "$S" thidua_server_commit_seconds_count)
expect ok_series_from_zero "$ok0" 0
expect refusals_absent_until_seen "$dup0" absent

thidua keygen "$T/nv" >/dev/null
thidua principal add nv --role observer --public-key "$T/nv.pub" >/dev/null
for i in 1 2 3; do thidua unit add "SO-$i" --name "Sở $i" --kind department >/dev/null; done
thidua unit add SO-1 --name "Sở một lần nữa" --kind department >/dev/null 2>&1
THIDUA_KEY=$T/nv.key thidua unit add SO-9 --name "Sở chín" --kind department >/dev/null 2>&1
settle "$S"
check server_file_parses_after 0 "$PY" "$CM" lint "$S"
# principal.add and three unit.add wrote; the refusals wrote nothing
expect revision_moved "$(val "$S" thidua_server_revision)" $((rev0 + 4))
expect writes_moved "$(val "$S" thidua_server_writes_committed_total)" $((w0 + 4))
expect unit_add_ok_moved "$(req unit.add OK)" $((ok0 + 3))
expect principal_add_ok "$(req principal.add OK)" 1
expect duplicate_counted "$(req unit.add ALREADY_EXISTS)" 1
expect denied_counted "$(req unit.add PERMISSION_DENIED)" 1
expect status_untouched "$(req status OK)" 0
groups=$(val "$S" thidua_server_group_requests_count)
commits=$(val "$S" thidua_server_commit_seconds_count)
check groups_counted 0 test "$groups" -ge $((groups0 + 4))
check commits_counted 0 test "$commits" -ge $((commits0 + 4)) -a "$commits" -le "$groups"
expect log_entries "$(val "$S" thidua_server_log_entries)" "$(val "$S" thidua_server_revision)"
expect log_oldest "$(val "$S" thidua_server_log_oldest_revision)" 1
expect cursors_none "$(val "$S" thidua_server_cursors_open)" 0
expect read_only "$(val "$S" thidua_server_read_only)" 0
check store_bytes 0 test "$(val "$S" thidua_server_store_bytes)" -gt 0
check disk_free 0 test "$(val "$S" thidua_server_disk_free_bytes)" -gt 0
check memory 0 test "$(val "$S" thidua_server_resident_memory_bytes)" -gt 1000000
thidua status >/dev/null
settle "$S"
expect status_counted "$(req status OK)" 1

# --- a real backup run, online, then a failed one ---
B=$M/thidua-backup.prom
K=$T/kept
revision=$(val "$S" thidua_server_revision)
before=$(date +%s)
check backup_runs 0 "$BIN/thidua-server" backup --data "$D" --into "$K" --metrics-dir "$M"
check backup_file_parses 0 "$PY" "$CM" lint "$B"
expect backup_ok "$(val "$B" thidua_backup_last_run_ok)" 1
expect backup_revision "$(val "$B" thidua_backup_last_run_revision)" "$revision"
expect backup_kept "$(val "$B" thidua_backup_kept)" 1
newest=$(ls "$K")
stamp=$(date -u -d "$(echo "$newest" | sed -E 's/(....-..-..)T(..)(..)(..)Z/\1 \2:\3:\4/')" +%s)
expect success_time_is_newest "$(val "$B" thidua_backup_last_success_timestamp_seconds)" "$stamp"
check success_time_now 0 test "$stamp" -ge $((before - 1))
check run_time_now 0 "$PY" -c "import sys; sys.exit(not $(val "$B" thidua_backup_last_run_timestamp_seconds) >= $before)"
stop_server
expect stopped_up_0 "$(val "$S" thidua_server_up)" 0
expect stopped_revision "$(val "$S" thidua_server_revision)" "$revision"
# a run that fails (here: a data directory whose store is gone)
mkdir -p "$T/lost" && cp "$D/server.key" "$D/server.pub" "$D/admin.pub" "$T/lost/"
check failed_backup_fails 1 "$BIN/thidua-server" backup --data "$T/lost" --into "$K" --metrics-dir "$M"
check failed_file_parses 0 "$PY" "$CM" lint "$B"
expect failed_not_ok "$(val "$B" thidua_backup_last_run_ok)" 0
expect failed_no_revision "$(val "$B" thidua_backup_last_run_revision)" 0
expect failed_keeps_success_time "$(val "$B" thidua_backup_last_success_timestamp_seconds)" "$stamp"
expect failed_still_kept "$(val "$B" thidua_backup_kept)" 1

# --- thidua-web ---
start_server
W=$M/thidua-web.prom
thidua keygen "$T/gateway" >/dev/null
thidua principal add gateway --role observer --public-key "$T/gateway.pub" >/dev/null
"$BIN/thidua-web" account add nv --state "$T/web" --key "$T/nv.key" --password first-unit-11 >/dev/null
"$BIN/thidua-web" run --state "$T/web" --key "$T/gateway.key" --server "$THIDUA_SERVER" \
    --events "$THIDUA_EVENTS" --server-key "$D/server.pub" --listen 127.0.0.1:0 \
    --port-file "$T/port" --static "$SRC/client/web/static" --lock-after 2 \
    --metrics-dir "$M" 2>"$T/web.log" &
web_pid=$!
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
check web_file_written 0 test -s "$W"
check web_file_parses 0 "$PY" "$CM" lint "$W"
expect web_up "$(val "$W" thidua_web_up)" 1
expect web_no_sessions "$(val "$W" thidua_web_sessions)" 0
expect web_no_signins "$(val "$W" thidua_web_signins_total result=ok)" 0
coproc WEB { "$PY" "$CM" web "http://127.0.0.1:$(cat "$T/port")" nv first-unit-11 2; }
declare -A caused=()
while IFS='=' read -r -t 60 k v <&"${WEB[0]}"; do
    caused[$k]=$v
    [ "$k" = sessions ] && break
done
check web_driver_ran 0 test "${caused[sessions]:-}" = 1
settle "$W"
check web_file_parses_after 0 "$PY" "$CM" lint "$W"
for r in ok wrong_password locked throttled; do
    expect "web_signins_$r" "$(val "$W" thidua_web_signins_total "result=$r")" "${caused[$r]:-?}"
done
expect web_signins_disabled "$(val "$W" thidua_web_signins_total result=disabled)" 0
expect web_lockouts "$(val "$W" thidua_web_lockouts_total)" "${caused[lockouts]:-?}"
expect web_sessions "$(val "$W" thidua_web_sessions)" 1
expect web_streams "$(val "$W" thidua_web_event_streams)" 1
echo done >&"${WEB[1]}"
wait "$WEB_PID" 2>/dev/null
settle "$S"

# --- the packaged alert rules name only what the programs write ---
check alert_rules 0 "$PY" "$CM" rules "$SRC/packaging/thidua-alerts.yml" "$S" "$B" "$W"
cat "$T/out" "$T/err"
if command -v promtool >/dev/null; then
    check promtool_rules 0 promtool check rules "$SRC/packaging/thidua-alerts.yml"
fi
# the checker itself refuses what Prometheus would
printf 'a_total 1\n# TYPE a_total counter\n' >"$T/bad1.prom"
check lint_refuses_late_type 1 "$PY" "$CM" lint "$T/bad1.prom"
printf '# TYPE thidua_x gauge\nthidua_x{a="1} 2\n' >"$T/bad2.prom"
check lint_refuses_bad_label 1 "$PY" "$CM" lint "$T/bad2.prom"
printf '# TYPE thidua_x gauge\nthidua_x 2' >"$T/bad3.prom"
check lint_refuses_no_newline 1 "$PY" "$CM" lint "$T/bad3.prom"
sed 's/thidua_web_lockouts_total/thidua_web_lockout_total/' "$SRC/packaging/thidua-alerts.yml" >"$T/rules.yml"
check rules_refuse_unknown_metric 1 "$PY" "$CM" rules "$T/rules.yml" "$S" "$B" "$W"

stop_web
expect web_stopped_up_0 "$(val "$W" thidua_web_up)" 0
summary
