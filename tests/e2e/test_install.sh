#!/usr/bin/env bash
# `cmake --install` into a temp prefix puts programs, library, headers,
# thidua.pc, man pages and catalogs in place; docs/example.c compiles
# against the installed library with pkg-config and talks to a real broker.
set -uo pipefail
BIN=$1
BUILD=$(dirname "$BIN")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d /tmp/thidua-install-XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
passed=0; failed=0
check() { if "$@" >"$T/out" 2>&1; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL: $*"; cat "$T/out"; fi; }

P=$T/prefix
check cmake --install "$BUILD" --prefix "$P"
for f in bin/thidua bin/thidua-server include/thidua/thidua.h include/thidua/status.h \
  include/thidua/thidua.pb-c.h share/man/man1/thidua.1 share/man/vi/man1/thidua.1 \
  share/man/man8/thidua-server.8 \
  bin/thidua-monitor share/man/man1/thidua-monitor.1 \
  share/locale/vi/LC_MESSAGES/thidua.mo share/thidua/thidua.proto; do
  check test -e "$P/$f"
done
pc=$(find "$P" -name thidua.pc | head -1)
check test -n "$pc"
libdir=$(dirname "$(find "$P" -name 'libthidua.so' | head -1)")
check test -e "$libdir/libthidua.so"
check grep -q '^\.TH THIDUA 1' "$P/share/man/man1/thidua.1"
check grep -q 'EXIT STATUS' "$P/share/man/man1/thidua.1"
check grep -q '^\.SH MÃ THOÁT' "$P/share/man/vi/man1/thidua.1"
export PKG_CONFIG_PATH=$(dirname "$pc")
# a library built with sanitizers needs them in the program too
san=""
nm -D "$libdir/libthidua.so" 2>/dev/null | grep -c __asan >/dev/null && san="-fsanitize=address,undefined"
check sh -c "cc $san '$SRC/docs/example.c' \$(pkg-config --cflags --libs thidua) -o '$T/example'"

"$P/bin/thidua-server" init --data "$T/d" >/dev/null
"$P/bin/thidua-server" run --data "$T/d" --requests 'tcp://127.0.0.1:*' \
  --events 'tcp://127.0.0.1:*' --log-level warn &
pid=$!
for _ in $(seq 100); do [ -f "$T/d/endpoints" ] && break; sleep 0.1; done
export THIDUA_SERVER=$(sed -n 's/^requests=//p' "$T/d/endpoints")
export THIDUA_SERVER_KEY=$T/d/server.pub THIDUA_KEY=$T/d/admin.key
export LD_LIBRARY_PATH=$libdir
check "$P/bin/thidua" unit add SO-NV --name "Sở Nội vụ" --kind department
check sh -c "'$T/example' | grep -q 'SO-NV'"
check sh -c "'$P/bin/thidua' --lang vi unit list | grep -q 'Sở Nội vụ'"
kill -TERM "$pid"; wait "$pid"; pid=""

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
