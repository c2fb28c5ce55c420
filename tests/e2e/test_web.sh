#!/usr/bin/env bash
# thidua-web over HTTP against a real broker and a real gateway: sign-in
# with sealed keys, sessions, CSRF and Origin checks, the generic call and
# the broker's own refusals, the lock after wrong passwords, and the live
# stream's resume by Last-Event-ID (tests/web/http_checks.py does the HTTP);
# documents up and down (tests/web/document_checks.py).
# Usage: bash test_web.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
web_pid=
stop_web() { [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null; web_pid=; return 0; }
trap 'stop_web; lib_cleanup' EXIT

start_server
t() { timeout 30 "$BIN/thidua" --lang en "$@"; }
t unit add SO-NV --name "Sở Nội vụ" --kind department >/dev/null
t unit add SO-TC --name "Sở Tài chính" --kind department >/dev/null
for p in "gateway observer" "office office" "nv unit SO-NV"; do
  set -- $p
  t keygen "$T/$1" >/dev/null
  t principal add "$1" --role "$2" ${3:+--unit "$3"} --public-key "$T/$1.pub" >/dev/null
done
# nominees against quotas, for the overview
t quota set culture individual --max 3 --per-unit 2 >/dev/null
t quota set economy collective --max 2 >/dev/null
for n in "Nguyễn Thị Lan:individual:culture:N-1" "Phòng Tổ chức cán bộ:collective:economy:N-2"; do
  IFS=: read -r name kind field id <<<"$n"
  THIDUA_KEY=$T/nv.key t nominee create "$name" --kind "$kind" --field "$field" >/dev/null
  THIDUA_KEY=$T/nv.key t nominee propose "$id" >/dev/null
done
check account_add_office 0 "$BIN/thidua-web" account add office --state "$T/web" --key "$T/office.key" --password first-office-1
check account_add_unit 0 "$BIN/thidua-web" account add nv --state "$T/web" --key "$T/nv.key" --password first-unit-11
check account_add_twice 1 "$BIN/thidua-web" account add nv --state "$T/web" --key "$T/nv.key"
check accounts_file_private 0 test "$(stat -c %a "$T/web/accounts.json")" = 600
check key_not_in_file 1 grep -qF -e "$(sed -n 's/^secret-key *= *//p' "$T/nv.key")" "$T/web/accounts.json"

"$BIN/thidua-web" run --state "$T/web" --key "$T/gateway.key" --server "$THIDUA_SERVER" \
  --events "$THIDUA_EVENTS" --server-key "$D/server.pub" --listen 127.0.0.1:0 \
  --port-file "$T/port" --static "$SRC/client/web/static" --lock-after 3 2>"$T/web.log" &
web_pid=$!
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
check refuses_open_address 1 "$BIN/thidua-web" run --state "$T/w2" --key "$T/gateway.key" --listen 0.0.0.0:0

check account_add_office_web 0 "$BIN/thidua-web" account add office-web --principal office --state "$T/web" --key "$T/office.key" --password first-office-w
check account_add_office_doc 0 "$BIN/thidua-web" account add office-doc --principal office --state "$T/web" --key "$T/office.key" --password first-office-d
check account_add_unit_doc 0 "$BIN/thidua-web" account add nv-doc --principal nv --state "$T/web" --key "$T/nv.key" --password first-unit-doc
check account_add_unit_web 0 "$BIN/thidua-web" account add nv-web --principal nv --state "$T/web" --key "$T/nv.key" --password first-unit-www
check http_checks 0 timeout 120 "$PY" "$SRC/tests/web/http_checks.py" "http://127.0.0.1:$(cat "$T/port")" \
  "$BIN/thidua" "$D/server.pub" "$D/admin.key" "$THIDUA_SERVER"
cat "$T/out"
check document_checks 0 timeout 120 "$PY" "$SRC/tests/web/document_checks.py" "http://127.0.0.1:$(cat "$T/port")"
cat "$T/out"
if [ -x /usr/bin/chromedriver ] && "$PY" -c "import selenium" 2>/dev/null; then
  check browser_checks 0 timeout 120 "$PY" "$SRC/tests/web/browser_checks.py" "http://127.0.0.1:$(cat "$T/port")" "${WEB_SHOTS:-$T}"
  cat "$T/out"
else
  echo "skip browser_checks: chromium-driver or python3-selenium is not installed"
fi
check unlock 0 "$BIN/thidua-web" account unlock nv --state "$T/web"
check list 0 "$BIN/thidua-web" account list --state "$T/web"
contains list_names_unit "nv"
check sign_in_logged 0 grep -q "web sign-in: account 'office'" "$T/web.log"
stop_web
# under ASan (CI's sanitizer run) the gateway's exit reports leaks here
check web_exits_clean 1 grep -q "Sanitizer" "$T/web.log"
summary
