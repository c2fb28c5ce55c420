#!/usr/bin/env bash
# The daily backup as thidua-backup.service runs it: its ExecStart line,
# read from the unit file, run with the packaged server.ini against a
# running broker (plus --data, --into and --keep 2 for the test's
# directories). Each run leaves a verified backup named by its time, the
# oldest beyond 2 go, the newest restores to the revision it was taken at;
# a run while another holds the directory skips; an unfinished copy (here
# cut off by a file size limit, as by a full disk) fails clearly and
# leaves no backup that looks complete.
set -uo pipefail
BIN=$1
SRC=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

unit=$SRC/packaging/thidua-backup.service
line=$(sed -n 's/^ExecStart=//p' "$unit")
check unit_has_execstart 0 test -n "$line"
line=${line//\/usr\/bin\/thidua-server/$BIN/thidua-server}
line=${line//\/etc\/thidua\/server.ini/$SRC/packaging/server.ini}
read -r -a cmd <<<"$line"
K=$T/kept
backup() { "${cmd[@]}" --data "$D" --into "$K" --keep 2; }
revision() { thidua --lang en status | sed -n 's/^revision[^0-9]*\([0-9]*\).*/\1/p'; }
kept() { find "$K" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort; }

start_server
revs=()
for round in 1 2 3; do
    thidua unit add "SO-$round" --name "Sở thử $round" --kind department >/dev/null
    revs+=("$(revision)")
    check "backup_$round" 0 backup
    contains "backup_${round}_online" "online"
    contains "backup_${round}_revision" "revision ${revs[-1]} in $K/"
    [ "$round" = 3 ] && contains oldest_removed "removed the old backup $K/"
    sleep 1 # a new name each time without the same-second suffix
done
kept >"$T/names"
check two_kept 0 test "$(wc -l <"$T/names")" -eq 2
check names_are_times 0 grep -qxE '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z' "$T/names"
newest=$K/$(tail -1 "$T/names")

# the timer fires while a backup holds the directory: skipped, said, ok
flock "$K" sleep 3 &
holder=$!
sleep 0.3
check skipped_while_running 0 backup
contains skipped_said "skipped: another backup into $K is still running"
wait "$holder"
kept >"$T/names2"
check nothing_changed_by_skip 0 cmp -s "$T/names" "$T/names2"
stop_server

# the restore drill: the newest backup, into a new directory, at its revision
check restore_newest 0 "$BIN/thidua-server" restore --from "$newest" --data "$T/restored"
contains restore_revision "revision ${revs[2]} in $T/restored"
check verify_restored 0 "$BIN/thidua-server" verify --data "$T/restored"

# an unfinished copy: a file size limit cuts the offline copy short
mkdir -p "$K/2020-01-01T000000Z.partial/store"
nolimit() { (trap '' XFSZ && ulimit -f 1 && exec "${cmd[@]}" --data "$D" --into "$K" --keep 2); }
check cut_short_fails 1 nolimit
contains cut_short_said "failed; its unfinished copy was removed"
contains cut_short_reason "File too large"
contains stale_partial_removed "removed $K/2020-01-01T000000Z.partial, left unfinished"
kept >"$T/names3"
check no_partial_left 0 cmp -s "$T/names" "$T/names3"
check backup_after 0 backup
check still_two 0 test "$(kept | wc -l)" -eq 2
check keep_zero_refused 2 "${cmd[@]}" --data "$D" --into "$K" --keep 0
contains keep_zero_said "--keep '0' is not a number from 1 to 1000"
summary
