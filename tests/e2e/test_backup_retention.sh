#!/usr/bin/env bash
# Kept backups by age: `thidua-server backup --into DIR --keep-days D` (and
# backup-keep-days in the config) removes the backups last written more
# than D days ago, never the newest; with --keep N too, a backup stays when
# either rule keeps it. The old backups are directories given their age
# with touch -d, as a month of nightly runs would have left them. Bad
# values are refused before anything is touched.
set -uo pipefail
BIN=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$BIN/thidua-server" init --data "$D" >/dev/null
# old NAME AGE...: finished backups in $K, each last written AGE ago
old() {
    while [ $# -gt 1 ]; do
        mkdir -p "$K/$1/store" && touch -d "$2" "$K/$1"
        shift 2
    done
}
kept() { find "$K" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' '; }
backup() { "$BIN/thidua-server" backup --data "$D" --into "$K" "$@"; }
new_name='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z'

# days alone: what is older than D days goes, what is younger stays
K=$T/days
old 2020-01-01T000000Z "40 days ago" 2020-01-02T000000Z "20 days ago" \
    2020-01-03T000000Z "2 days ago"
check keep_days_backup 0 backup --keep-days 10
contains keep_days_removed_40 "removed the old backup $K/2020-01-01T000000Z (keeping those of the last 10 days and the newest)"
contains keep_days_removed_20 "removed the old backup $K/2020-01-02T000000Z"
check keep_days_left 0 grep -qxE "2020-01-03T000000Z $new_name " <(kept)

# the newest by name stays however old: here a backup named in the future
# (a clock once set wrong) is the newest, and the one just made stays by age
K=$T/newest
old 2020-01-01T000000Z "400 days ago" 2099-01-01T000000Z "300 days ago"
check newest_backup 0 backup --keep-days 1
contains newest_only_old_removed "removed the old backup $K/2020-01-01T000000Z"
check newest_kept 0 grep -qxE "$new_name 2099-01-01T000000Z " <(kept)

# both: kept when the count keeps it (the newest 3) or the age does (7 days)
K=$T/both
old 2020-01-01T000000Z "1 day ago" 2020-01-02T000000Z "34 days ago" \
    2020-01-03T000000Z "33 days ago" 2020-01-04T000000Z "32 days ago" \
    2020-01-05T000000Z "31 days ago" 2020-01-06T000000Z "30 days ago"
check both_backup 0 backup --keep 3 --keep-days 7
contains both_said "(keeping the newest 3 and those of the last 7 days)"
check both_kept 0 grep -qxE "2020-01-01T000000Z 2020-01-05T000000Z 2020-01-06T000000Z $new_name " <(kept)

# the count alone, as before: the default 14, or --keep
K=$T/count
old 2020-01-01T000000Z "1 hour ago" 2020-01-02T000000Z "1 hour ago"
check count_backup 0 backup --keep 2
contains count_said "removed the old backup $K/2020-01-01T000000Z (keeping the newest 2)"

# the config file's key, and what check-config says is in effect
printf '[server]\nbackup-keep-days = 30\n' >"$T/days.ini"
check config_days 0 "$BIN/thidua-server" run --config "$T/days.ini" --data "$D" --check-config
contains config_days_said "backup-keep-days = 30"
check config_days_no_count 1 grep -q "backup-keep =" "$T/out"
printf '[server]\nbackup-keep = 5\nbackup-keep-days = 30\n' >"$T/both.ini"
check config_both 0 "$BIN/thidua-server" run --config "$T/both.ini" --data "$D" --check-config
contains config_both_count "backup-keep = 5"
check config_default 0 "$BIN/thidua-server" run --data "$D" --check-config
contains config_default_count "backup-keep = 14"
K=$T/config
old 2020-01-01T000000Z "40 days ago"
check config_days_backup 0 "$BIN/thidua-server" backup --config "$T/days.ini" --data "$D" --into "$K"
contains config_days_removed "(keeping those of the last 30 days and the newest)"

# bad values: refused with the reason, nothing made or removed
K=$T/bad
old 2020-01-01T000000Z "40 days ago"
for bad in 0 -3 7d abc 3651 ""; do
    check "keep_days_refused_'$bad'" 2 backup --keep-days "$bad"
    contains "keep_days_said_'$bad'" "thidua-server: --keep-days '$bad' is not a number of days from 1 to 3650"
done
printf '[server]\ndata = %s\nbackup-keep-days = 2w\n' "$D" >"$T/bad.ini"
check config_bad_refused 2 "$BIN/thidua-server" backup --config "$T/bad.ini" --into "$K"
contains config_bad_line "line 3: backup-keep-days '2w' is not a number of days from 1 to 3650"
check bad_left_all 0 test "$(kept)" = "2020-01-01T000000Z "
summary
