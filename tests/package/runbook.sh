#!/usr/bin/env bash
# The runbook at the top of docs/OPERATIONS.md, run as written against the
# installed package: its `sh runbook` blocks in one shell (the admin's, in
# a scratch home), its `sh runbook-unit` blocks on "a department's PC" (a
# second scratch home, the server's name read as 127.0.0.1). The blocks are
# taken from the document itself, so the document and this test cannot
# drift. It ends with the first task assigned by the office, reported by
# SO-NV and checked with `thidua task show`, then an archive that verifies.
# Without a running systemd (a container), `systemctl` and `sudo` are
# stand-ins that run the units' own ExecStart lines as their User=.
# Run by test_deb.sh as root after install; it leaves the package as it
# found it: no store, no web state, no backups, no running process.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "runbook: run as root" >&2; exit 2; }
W=$(mktemp -d /tmp/thidua-runbook-XXXXXX)
chmod 755 "$W"
export RUNBOOK_PIDS=$W/pids
: >"$RUNBOOK_PIDS"

cleanup() {
    while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done <"$RUNBOOK_PIDS"
    sleep 0.5
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$RUNBOOK_PIDS"
    systemctl stop thidua-server thidua-web >/dev/null 2>&1 || true
    systemctl disable thidua-server thidua-web thidua-backup.timer >/dev/null 2>&1 || true
    find /var/lib/thidua /var/backups/thidua -mindepth 1 -delete 2>/dev/null || true
    rm -rf /var/lib/thidua-web /etc/thidua/web.key "$W"
}
trap cleanup EXIT

cat >"$W/standins.sh" <<'STANDINS'
if [ "$(cat /proc/1/comm 2>/dev/null)" != systemd ]; then
    # A unit's ExecStartPre and ExecStart lines, run as its User=.
    unit_line() {
        sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "/usr/lib/systemd/system/$1" | sed -n "s/^$2=//p"
    }
    as_user() { setpriv --reuid=thidua --regid=thidua --init-groups "$@"; }
    start_unit() {
        local unit=$1 line
        case $unit in *.timer) command systemctl enable "$unit" >/dev/null 2>&1; return ;; esac
        [[ $unit == *.* ]] || unit=$unit.service
        line=$(unit_line "$unit" ExecStartPre)
        [ -z "$line" ] || as_user $line >/dev/null
        line=$(unit_line "$unit" ExecStart)
        if grep -q '^Type=oneshot' "/usr/lib/systemd/system/$unit"; then
            as_user $line
        else
            # not through as_user: $! must be the program itself, to be stopped
            setpriv --reuid=thidua --regid=thidua --init-groups $line >>"$RUNBOOK_LOG" 2>&1 &
            echo $! >>"$RUNBOOK_PIDS"
            sleep 1
        fi
    }
    systemctl() {
        local verb=$1 now=0
        shift
        [ "${1:-}" = --now ] && { now=1; shift; }
        if [ "$verb" = enable ]; then
            command systemctl enable "$@" >/dev/null 2>&1
            [ "$now" = 0 ] && return
            verb=start
        fi
        [ "$verb" = start ] || { echo "runbook: systemctl $verb: not stood in for" >&2; return 1; }
        local u
        for u in "$@"; do start_unit "$u"; done
    }
fi
command -v sudo >/dev/null || sudo() {
    if [ "$1" = -u ]; then
        local user=$2
        shift 2
        setpriv --reuid="$user" --regid="$user" --init-groups "$@"
    else
        "$@"
    fi
}
STANDINS

# The document's blocks in order, each marked with its kind.
{
    echo "set -euxo pipefail"
    echo ". $W/standins.sh"
    echo "export HOME=$W/admin-pc"
    echo "mkdir -p $W/admin-pc $W/unit-pc"
    # the order of the document: each block as it comes
    awk '/^```sh runbook(-unit)?$/ { tag = $2; n++; print "#BLOCK " n " " tag; on = 1; next }
         /^```/ && on { on = 0; print "#END"; next }
         on' docs/OPERATIONS.md
} >"$W/raw.sh"
# The department's blocks run in a subshell of their own, in its home
# (in the unpacked handout once step 8 made it); the handout reaches the
# department's PC before its first block.
awk -v w="$W" '
    /^#BLOCK .* runbook-unit$/ { unit = 1; if (!copied++) print "cp " w "/admin-pc/thidua/handout/SO-NV.tar.gz " w "/unit-pc/"; print "("; print "export HOME=" w "/unit-pc"; print "cd \"$HOME\""; print "[ -d SO-NV ] && cd SO-NV"; next }
    /^#BLOCK/ { unit = 0; next }
    /^#END$/ { if (unit) print ")"; unit = 0; next }
    { if (unit) gsub(/thidua\.tinh\.gov\.vn/, "127.0.0.1"); print }' "$W/raw.sh" >"$W/run.sh"
[ "$(grep -c '^#BLOCK' "$W/raw.sh")" -ge 12 ] || { echo "runbook: blocks missing" >&2; exit 1; }

export RUNBOOK_LOG=$W/services.log
start=$(date +%s)
if ! bash "$W/run.sh" >"$W/out" 2>&1; then
    echo "FAIL runbook: a step failed; the last lines:" >&2
    tail -25 "$W/out" | sed 's/^/     | /' >&2
    tail -5 "$W/services.log" 2>/dev/null | sed 's/^/     | /' >&2
    exit 1
fi
echo "ok   runbook_steps ($(($(date +%s) - start)) s)"

# what the steps did
out=$W/out
fail() { echo "FAIL $1" >&2; tail -40 "$out" | sed 's/^/     | /' >&2; exit 1; }
for u in SO-NV SO-GDDT SO-YT CA-TINH H-NINHHAI; do
    test -s "$W/admin-pc/thidua/handout/$u.tar.gz" || fail "runbook_handout_$u"
done
# The listing first, then grep: grep -q closing the pipe early would make
# tar die of SIGPIPE, and pipefail would call that a failure.
tar -tzf "$W/admin-pc/thidua/handout/SO-NV.tar.gz" >"$out"
grep -q "SO-NV/so-nv.key" "$out" || fail runbook_handout_key
# the first password in words the unit reads, for the unit's eyes alone
f=$W/admin-pc/thidua/handout/SO-NV/web-account.txt
grep -qE '^Mật khẩu dùng một lần: [a-z0-9]{12} ' "$f" || { cp "$f" "$out"; fail runbook_handout_password; }
[ "$(stat -c %a "$f")" = 600 ] || fail runbook_handout_password_private
[ ! -e /var/lib/thidua/admin.key ] || fail runbook_admin_key_left_on_server
[ "$(stat -c %U /var/lib/thidua-web)" = thidua ] || fail runbook_web_state_owned
export HOME=$W/admin-pc
cd "$W/admin-pc/thidua"
[ "$(/usr/bin/thidua --json unit list | grep -o '"code":' | wc -l)" = 5 ] || fail runbook_units_imported
echo "ok   runbook_units_imported"
json=$(/usr/bin/thidua --json task show T-1)
python3 - "$json" <<'PY' || fail runbook_task_reported
import json, sys
t = json.loads(sys.argv[1])["record"]["task"]
assert t["lead_unit"] == "SO-NV", t
assert t["progress"] == 100 and t["status"] == "in_progress", t
assert any(h["verb"] == "report" and h["actor"] == "so-nv" for h in t["history"]), t
PY
echo "ok   runbook_first_task_reported"
/usr/bin/thidua --timeout 300 --key handout/SO-YT/so-yt.key ping >/dev/null 2>&1 && fail runbook_revoked_key_refused
echo "ok   runbook_revoked_key_refused"
/usr/bin/thidua-server verify-archive /var/backups/thidua/dai-hoi-2026.tar >/dev/null ||
    fail runbook_archive
echo "ok   runbook_archive_verifies"
