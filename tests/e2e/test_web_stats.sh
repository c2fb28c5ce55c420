#!/usr/bin/env bash
# thidua-web's statistics on the demo congress: GET /api/stats gives an
# office account the CLI's `thidua --json stats` and a unit account its own
# unit's figures, as `thidua --json stats --unit` counts them
# (tests/web/stats_checks.py does the HTTP); in a real browser the page
# shows those figures, follows a change live and fits a phone
# (tests/web/stats_browser_checks.py, when chromedriver is installed).
# Usage: bash test_web_stats.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
DEMO=$SRC/scripts/demo-congress
PY=/usr/bin/python3
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
web_pid=
stop_web() { [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null; web_pid=; return 0; }
trap 'stop_web; lib_cleanup' EXIT
t() { timeout 60 "$BIN/thidua" --lang en "$@"; }

start_server
check units 0 t import units "$DEMO/units.csv"
for p in "gateway observer" "office office" "nv unit SO-NV"; do
  set -- $p
  t keygen "$T/$1" >/dev/null
  t principal add "$1" --role "$2" ${3:+--unit "$3"} --public-key "$T/$1.pub" >/dev/null
done
for c in TC1 TC2 TC3 TC4 TC5; do t criterion add $c --text "Tiêu chuẩn $c" >/dev/null; done
check tasks 0 env THIDUA_KEY="$T/office.key" "$BIN/thidua" import tasks "$DEMO/tasks.csv"
check nominees 0 t import nominees "$DEMO/nominees.csv"
check quota 0 t quota set culture individual --max 4
check account_office 0 "$BIN/thidua-web" account add office --state "$T/web" --key "$T/office.key" --password first-office-1
check account_unit 0 "$BIN/thidua-web" account add nv --state "$T/web" --key "$T/nv.key" --password first-unit-11

"$BIN/thidua-web" run --state "$T/web" --key "$T/gateway.key" --server "$THIDUA_SERVER" \
  --events "$THIDUA_EVENTS" --server-key "$D/server.pub" --listen 127.0.0.1:0 \
  --port-file "$T/port" --static "$SRC/client/web/static" 2>"$T/web.log" &
web_pid=$!
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
check stats_checks 0 timeout 120 "$PY" "$SRC/tests/web/stats_checks.py" "http://127.0.0.1:$(cat "$T/port")" \
  "$BIN/thidua" SO-NV
cat "$T/out"
if [ -x /usr/bin/chromedriver ] && "$PY" -c "import selenium" 2>/dev/null; then
  check stats_browser_checks 0 timeout 120 "$PY" "$SRC/tests/web/stats_browser_checks.py" \
    "http://127.0.0.1:$(cat "$T/port")" "$BIN/thidua" SO-NV "$T/nv.key" "${WEB_SHOTS:-$T}"
  cat "$T/out"
else
  echo "skip the browser checks: no chromedriver or python3-selenium"
fi
stop_web
stop_server
summary
