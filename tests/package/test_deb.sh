#!/usr/bin/env bash
# The Debian package on this machine: it installs with apt-get, creates the
# thidua user, its broker initializes a store as that user, starts with the
# packaged config and answers `thidua status`; then it is removed again.
# Run by .ci/run as root after scripts/package.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(ls build-pkg/thidua_*_amd64.deb | head -1)
[ "$(id -u)" = 0 ] || { echo "test_deb: run as root" >&2; exit 2; }
T=$(mktemp -d /tmp/thidua-deb-XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq thidua >/dev/null 2>&1 || true
  rm -rf "$T"
}
trap cleanup EXIT

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
getent passwd thidua >/dev/null
test -f /etc/thidua/server.ini
test -f /usr/lib/systemd/system/thidua-server.service
/usr/bin/thidua-server --help >/dev/null

D=$T/data
install -d -o thidua -g thidua "$T"
setpriv --reuid=thidua --regid=thidua --init-groups /usr/bin/thidua-server init --data "$D" >/dev/null
setpriv --reuid=thidua --regid=thidua --init-groups /usr/bin/thidua-server run --config /etc/thidua/server.ini --data "$D" \
  --check-config >/dev/null
setpriv --reuid=thidua --regid=thidua --init-groups /usr/bin/thidua-server run --config /etc/thidua/server.ini --data "$D" \
  --requests 'tcp://127.0.0.1:*' --events 'tcp://127.0.0.1:*' --log-level warn &
pid=$!
for _ in $(seq 100); do [ -f "$D/endpoints" ] && break; sleep 0.1; done
export THIDUA_SERVER=$(sed -n 's/^requests=//p' "$D/endpoints")
cp "$D/server.pub" "$D/admin.key" "$T/" && chmod 600 "$T/admin.key"
export THIDUA_SERVER_KEY=$T/server.pub THIDUA_KEY=$T/admin.key
/usr/bin/thidua --lang en status | grep -q '^revision'
/usr/bin/thidua --lang vi unit add SO-NV --name "Sở Nội vụ" --kind department >/dev/null
kill -TERM "$pid"; wait "$pid"; pid=""
setpriv --reuid=thidua --regid=thidua --init-groups /usr/bin/thidua-server verify --data "$D" >/dev/null
echo "1 passed, 0 failed"
