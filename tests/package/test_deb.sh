#!/usr/bin/env bash
# The Debian package on this machine, its whole life: lintian finds nothing
# at the default level; it installs with apt-get without a warning, making
# the thidua user, /var/lib/thidua and /var/backups/thidua; the runbook of
# docs/OPERATIONS.md runs as written (runbook.sh); root's
# maintenance commands run as the data directory's owner; the broker runs
# as thidua; the daily backup's ExecStart, run as root, keeps a backup that
# restores; the units can be enabled; remove disables them, and purge leaves
# no user, no state, no unit link and no dangling link under /etc/systemd.
# Run by .ci/run as root after scripts/package.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(ls build-pkg/thidua_*_amd64.deb | head -1)
[ "$(id -u)" = 0 ] || { echo "test_deb: run as root" >&2; exit 2; }
T=$(mktemp -d /tmp/thidua-deb-XXXXXX)
pid=""
units=(thidua-server.service thidua-web.service thidua-backup.service thidua-backup.timer)
export DEBIAN_FRONTEND=noninteractive
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  apt-get purge -y -qq thidua >/dev/null 2>&1 || true
  rm -rf "$T" /var/backups/thidua
}
trap cleanup EXIT
passed=0
step() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1" >&2; [ -f "$T/out" ] && sed 's/^/     | /' "$T/out" >&2; exit 1; }
as_thidua() { setpriv --reuid=thidua --regid=thidua --init-groups "$@"; }
owned_by_thidua() { [ -z "$(find "$1" ! -user thidua -print -quit)" ]; }

lintian --fail-on error,warning "$deb" >"$T/out" 2>&1 || fail lintian
step lintian_clean

find /etc/systemd -xtype l | sort >"$T/dangling-before"
apt-get install -y -qq "./$deb" >"$T/out" 2>&1 || fail install
grep -i "warn" "$T/out" | grep -v "^N: " && fail install_without_warnings
step install_without_warnings
[ "$(getent passwd thidua | cut -d: -f6)" = /var/lib/thidua ] || fail user_home
for dir in /var/lib/thidua /var/backups/thidua; do
  [ "$(stat -c '%U %G %a' "$dir")" = "thidua thidua 700" ] || fail "dir_$dir"
done
step user_and_directories
test -f /etc/thidua/server.ini
test -f /etc/thidua/decision.txt
for unit in "${units[@]}"; do test -f "/usr/lib/systemd/system/$unit"; done
test -f /usr/share/thidua/prometheus/thidua-alerts.yml || fail alert_rules_installed
/usr/bin/thidua-server --help >/dev/null

# docs/OPERATIONS.md's runbook, step by step, on the fresh install; it
# leaves /var/lib/thidua empty and nothing running
tests/package/runbook.sh >"$T/out" 2>&1 || fail runbook
sed -n 's/^ok   /     /p' "$T/out"
step runbook_from_fresh_server_to_first_task

# root's commands on the thidua-owned /var/lib/thidua run as thidua
D=/var/lib/thidua
/usr/bin/thidua-server init --data "$D" >"$T/out" 2>&1 || fail init_as_root
grep -q "running as thidua, the owner of $D" "$T/out" || fail init_says_who
owned_by_thidua "$D" || fail init_files_owned
step init_as_root_runs_as_thidua

as_thidua /usr/bin/thidua-server run --config /etc/thidua/server.ini --data "$D" \
  --check-config >/dev/null
# not through as_thidua: $! must be the broker itself, for kill and wait
setpriv --reuid=thidua --regid=thidua --init-groups /usr/bin/thidua-server run \
  --config /etc/thidua/server.ini --data "$D" --requests 'tcp://127.0.0.1:*' --events 'tcp://127.0.0.1:*' --log-level warn &
pid=$!
for _ in $(seq 100); do [ -f "$D/endpoints" ] && break; sleep 0.1; done
export THIDUA_SERVER=$(sed -n 's/^requests=//p' "$D/endpoints")
cp "$D/server.pub" "$D/admin.key" "$T/" && chmod 600 "$T/admin.key"
export THIDUA_SERVER_KEY=$T/server.pub THIDUA_KEY=$T/admin.key
/usr/bin/thidua --lang en status | grep '^revision' >/dev/null
/usr/bin/thidua --lang vi unit add SO-NV --name "Sở Nội vụ" --kind department >/dev/null
rev=$(/usr/bin/thidua --lang en status | sed -n 's/^revision[^0-9]*\([0-9]*\).*/\1/p')
step broker_runs_as_thidua

# the daily backup's command line, as root: into /var/backups/thidua, online
line=$(sed -n 's/^ExecStart=//p' /usr/lib/systemd/system/thidua-backup.service)
read -r -a backup <<<"$line"
"${backup[@]}" >"$T/out" 2>&1 || fail backup_execstart
grep -q "backup: ok: revision $rev in /var/backups/thidua/.* (online" "$T/out" || fail backup_said
owned_by_thidua /var/backups/thidua || fail backup_owned
newest=$(find /var/backups/thidua -mindepth 1 -maxdepth 1 | sort | tail -1)
step backup_execstart_as_root
kill -TERM "$pid"; wait "$pid"; pid=""

/usr/bin/thidua-server verify --data "$D" >"$T/out" 2>&1 || fail verify_as_root
/usr/bin/thidua-server restore --from "$newest" --data "$D" --force >"$T/out" 2>&1 ||
  fail restore_as_root
grep -q "restore: ok: revision $rev in $D" "$T/out" || fail restore_said
/usr/bin/thidua-server repair --data "$D" >"$T/out" 2>&1 || fail repair_as_root
owned_by_thidua "$D" || fail restored_files_owned
as_thidua /usr/bin/thidua-server verify --data "$D" >"$T/out" 2>&1 || fail verify_as_thidua
step verify_restore_repair_as_root

systemctl enable "${units[@]}" >"$T/out" 2>&1 || fail enable
for unit in thidua-server.service thidua-web.service; do
  test -L "/etc/systemd/system/multi-user.target.wants/$unit" || fail "enabled_$unit"
done
test -L /etc/systemd/system/timers.target.wants/thidua-backup.timer || fail enabled_timer
step units_enable

# the gateway's key pair and a metrics file, made as OPERATIONS.md says:
# the purge takes them too
thidua keygen /etc/thidua/web >/dev/null || fail gateway_keygen
metrics=/var/lib/prometheus/node-exporter
[ -d "$metrics" ] && made_metrics= || { mkdir -p "$metrics" && made_metrics=1; }
echo 'thidua_server_up 0' >"$metrics/thidua-server.prom"

apt-get remove -y -qq thidua >"$T/out" 2>&1 || fail remove
[ -z "$(find /etc/systemd -name 'thidua-*')" ] || fail remove_leaves_no_link
getent passwd thidua >/dev/null || fail remove_keeps_user
test -d "$D/store" || fail remove_keeps_store
step remove_disables_units

apt-get purge -y -qq thidua >"$T/out" 2>&1 || fail purge
grep -q "removing /var/lib/thidua" "$T/out" || fail purge_says_so
grep -q "keeping the backups in /var/backups/thidua" "$T/out" || fail purge_keeps_backups
! getent passwd thidua >/dev/null || fail purge_removes_user
[ ! -e /etc/thidua ] || fail purge_removes_gateway_key
[ ! -e "$metrics/thidua-server.prom" ] || fail purge_removes_metrics
[ -z "$made_metrics" ] || rmdir -p "$metrics" 2>/dev/null || true
! getent group thidua >/dev/null || fail purge_removes_group
[ ! -e /var/lib/thidua ] || fail purge_removes_state
[ -z "$(find /var/backups/thidua ! -user root -print -quit)" ] || fail purge_backups_to_root
[ -z "$(find /etc/systemd -name 'thidua-*')" ] || fail purge_leaves_no_link
find /etc/systemd -xtype l | sort | cmp -s - "$T/dangling-before" || fail purge_no_dangling
step purge_leaves_nothing
echo "$passed passed, 0 failed"
