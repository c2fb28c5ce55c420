#!/usr/bin/env bash
# thidua-web under many live pages: a broker with the demo congress
# (scripts/demo-congress: its units and tasks, nominees left out), one
# gateway, N signed-in sessions each holding an SSE stream, and one
# writer posting task.create through the gateway. tests/bench/bench_web.py
# measures; this script sets up. Not a test: it prints figures.
#   tests/bench/bench_web.sh BIN_DIR [--sessions N] [--writes N] [--pace-ms MS]
set -euo pipefail
BIN=$(cd "$1" && pwd)
shift
SRC=$(cd "$(dirname "$0")/../.." && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
# shellcheck source=../e2e/lib.sh
. "$SRC/tests/e2e/lib.sh"
web_pid=
trap '[ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null && wait "$web_pid"; lib_cleanup' EXIT

start_server
t() { timeout 60 "$BIN/thidua" --lang en "$@"; }
t import units "$SRC/scripts/demo-congress/units.csv" >/dev/null
for p in gateway:observer office:office; do
  t keygen "$T/${p%%:*}" >/dev/null
  t principal add "${p%%:*}" --role "${p##*:}" --public-key "$T/${p%%:*}.pub" >/dev/null
done
# the plan's deadlines moved into the future, as the demo does
sed 's/,2020-\([01][0-9]-[0-3][0-9]\),/,2099-\1,/' "$SRC/scripts/demo-congress/tasks.csv" >"$T/tasks.csv"
THIDUA_KEY=$T/office.key t import tasks "$T/tasks.csv" >/dev/null
"$BIN/thidua-web" account add bench --principal office --state "$T/web" --key "$T/office.key" \
  --password bench-password-1 >/dev/null
"$BIN/thidua-web" run --state "$T/web" --key "$T/gateway.key" --server "$THIDUA_SERVER" \
  --events "$THIDUA_EVENTS" --server-key "$D/server.pub" --listen 127.0.0.1:0 --per-ip 1000 \
  --port-file "$T/port" --static "$SRC/client/web/static" --log-level warn 2>"$T/web.log" &
web_pid=$!
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
/usr/bin/python3 "$SRC/tests/bench/bench_web.py" "http://127.0.0.1:$(cat "$T/port")" "$web_pid" "$@"
