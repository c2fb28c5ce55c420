#!/usr/bin/env bash
# thidua-server's maintenance commands: migrate (a real format-1 store is
# refused at run, upgraded once (and formats 2 and 3), then served with the same revision and
# right counts; a newer format is refused), repair (a lost CURRENT file is
# rebuilt; truncated tables are reported with the way out), verify of the
# kept counts, per-command help, a bad INI value named by its line, and
# admin-key (the first admin's lost key replaced).
set -uo pipefail
BIN=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

S=$BIN/thidua-server
F=$BIN/thidua-set-format

check help 0 "$S" --help
for cmd in backup restore repair migrate admin-key; do
    contains "help_lists_$cmd" "  $cmd "
done
check help_backup 0 "$S" backup --help
contains help_backup "--to DIR"
check help_restore 0 "$S" restore --help
contains help_restore "--force"

printf '[server]\nrequests = tcp://127.0.0.1:7510\nkeep-log = 30x\n' >"$T/bad.ini"
check config_bad_value 2 "$S" run --data "$T/nothing" --config "$T/bad.ini" --check-config
contains config_bad_value "line 3"
contains config_bad_value "keep-log '30x'"

start_server
for i in $(seq 1 12); do
    thidua unit add "SO-$i" --name "Sở thử $i" --kind department >/dev/null
done
stop_server
check verify_before 0 "$S" verify --data "$D"
contains verify_before "revisions 1-13), 13 records"

# run_on DIR: a broker on DIR, on ports of its own (every case below is
# refused before it serves)
run_on() {
    "$S" run --data "$1" --requests 'tcp://127.0.0.1:*' --events 'tcp://127.0.0.1:*'
}

# a store of the previous format: no kept counts, format mark 1
check make_format_1 0 "$F" "$D/store" 1
check run_refuses_format_1 1 run_on "$D"
contains run_refuses_format_1 "thidua-server migrate --data $D"
check verify_refuses_format_1 2 "$S" verify --data "$D"
check migrate 0 "$S" migrate --data "$D"
contains migrate "format 1 -> 6 done"
contains migrate "revision 13"
check migrate_again 0 "$S" migrate --data "$D"
contains migrate_again "nothing to do"
check verify_after 0 "$S" verify --data "$D"
contains verify_after "revisions 1-13), 13 records"
start_server
check status_after 0 thidua --json status
contains status_after '"unit"'
tr -d ' \n' <"$T/out" >"$T/status"
check status_counts 0 grep -qE '"type":"unit","count":"?12"?' "$T/status"
check status_revision 0 grep -qE '"revision":"?13"?' "$T/status"
stop_server

# the current format's mark without its counts: verify notices
cp -a "$D" "$T/nocount"
"$F" "$T/nocount/store" 1 && "$F" "$T/nocount/store" 6
check verify_missing_counts 1 "$S" verify --data "$T/nocount"
contains verify_missing_counts "kept count"

# a store of format 2 (its data is format 3's): only the marks move
cp -a "$D" "$T/format2"
check make_format_2 0 "$F" "$T/format2/store" 2
check verify_refuses_format_2 2 "$S" verify --data "$T/format2"
check migrate_2 0 "$S" migrate --data "$T/format2"
contains migrate_2 "format 2 -> 6 done"
check verify_after_2 0 "$S" verify --data "$T/format2"

# a store of format 3 with no task: the mark moves in migrate's one batch
# (a format 3 store with tasks, split and killed half-way: test_migrate)
cp -a "$D" "$T/format3"
check make_format_3 0 "$F" "$T/format3/store" 3
check run_refuses_format_3 1 run_on "$T/format3"
contains run_refuses_format_3 "thidua-server migrate"
check migrate_3 0 "$S" migrate --data "$T/format3"
contains migrate_3 "format 3 -> 6 done"
contains migrate_3 "revision 13"
check verify_after_3 0 "$S" verify --data "$T/format3"

# a store of format 4 with no nominee: likewise (one with nominees: test_migrate)
cp -a "$D" "$T/format4"
check make_format_4 0 "$F" "$T/format4/store" 4
check run_refuses_format_4 1 run_on "$T/format4"
contains run_refuses_format_4 "thidua-server migrate"
check verify_format_4 0 "$S" verify --data "$T/format4"
check migrate_4 0 "$S" migrate --data "$T/format4"
contains migrate_4 "format 4 -> 6 done"
check verify_after_4 0 "$S" verify --data "$T/format4"

# a store of format 5: the kept replies' layout changed, which format 6
# reads as it was; only the mark moves
cp -a "$D" "$T/format5"
check make_format_5 0 "$F" "$T/format5/store" 5
check run_refuses_format_5 1 run_on "$T/format5"
contains run_refuses_format_5 "thidua-server migrate"
check migrate_5 0 "$S" migrate --data "$T/format5"
contains migrate_5 "format 5 -> 6 done: no history needed splitting"
contains migrate_5 "revision 13"

# a backup of a format 5 store (made before the upgrade, or by this
# release before its migrate) is restored as it is, then migrated
cp -a "$D" "$T/old5"
"$F" "$T/old5/store" 5
check backup_format_5 0 "$S" backup --data "$T/old5" --to "$T/old5-backups"
old5_backup=$(sed -n "s|^backup: ok: revision 13 in \(.*\) (offline.*|\1|p" "$T/out")
check restore_format_5 0 "$S" restore --from "$old5_backup" --data "$T/restored5"
contains restore_format_5 "store format 5, older than this release's (6)"
contains restore_format_5 "next: thidua-server migrate --data $T/restored5"
check run_refuses_restored_5 1 run_on "$T/restored5"
contains run_refuses_restored_5 "thidua-server migrate"
check migrate_restored_5 0 "$S" migrate --data "$T/restored5"
contains migrate_restored_5 "revision 13"

# a format from a later release
cp -a "$D" "$T/future"
check make_format_7 0 "$F" "$T/future/store" 7
check run_refuses_newer 1 run_on "$T/future"
contains run_refuses_newer "newer than this thidua-server"
check migrate_refuses_newer 1 "$S" migrate --data "$T/future"
contains migrate_refuses_newer "newer than this thidua-server"

# repair: a lost CURRENT file is rebuilt with nothing lost
cp -a "$D" "$T/r1"
rm "$T/r1/store/CURRENT"
check verify_no_current 2 "$S" verify --data "$T/r1"
contains verify_no_current_says_repair "has lost its CURRENT file"
contains verify_no_current_names_repair "thidua-server repair on its data directory"
check repair_current 0 "$S" repair --data "$T/r1"
contains repair_current "sound at revision 13"
check verify_repaired 0 "$S" verify --data "$T/r1"
# a damaged MANIFEST likewise
cp -a "$D" "$T/r2"
for m in "$T"/r2/store/MANIFEST-*; do printf 'garbage' >"$m"; done
check repair_manifest 0 "$S" repair --data "$T/r2"
contains repair_manifest "sound at revision 13"
# truncated tables lose data: repair says so and how to recover
cp -a "$D" "$T/r3"
check has_tables 0 test -n "$(find "$T/r3/store" -name '*.ldb')"
find "$T/r3/store" -name '*.ldb' -exec truncate -s 300 {} +
check repair_truncated 1 "$S" repair --data "$T/r3"
contains repair_truncated "restore the newest backup"
# repair and migrate leave a running broker's store alone
start_server
check repair_running 1 "$S" repair --data "$D"
contains repair_running "a broker is running"
check migrate_running 1 "$S" migrate --data "$D"
contains migrate_running "a broker is running"
stop_server

# admin-key: the first admin's key lost with no other admin; a new pair,
# written as init writes it, the change logged and chained, the old key
# refused. It never overwrites an admin.key, nor runs beside a broker.
check admin_key_no_store 1 "$S" admin-key --data "$T/no-such-dir"
contains admin_key_no_store_says_so "no store in '$T/no-such-dir/store'"
cp "$D/admin.key" "$T/old-admin.key"
check admin_key_keeps_a_key_there 1 "$S" admin-key --data "$D"
contains admin_key_keeps_a_key_there "move it away first"
check admin_key_left_it 0 cmp "$D/admin.key" "$T/old-admin.key"
rm "$D/admin.key"
start_server
check admin_key_running 1 "$S" admin-key --data "$D"
contains admin_key_running "a broker is running on it; stop it first"
check admin_key_running_wrote_nothing 1 test -e "$D/admin.key"
stop_server
check admin_key 0 "$S" admin-key --data "$D"
contains admin_key_says_old_refused "the old key is refused"
check admin_key_secret_mode 0 test "$(stat -c %a "$D/admin.key")" = 600
check admin_key_pub_is_its_pair 0 test "$(sed -n 's/^public-key = //p' "$D/admin.pub")" = \
    "$(sed -n 's/^public-key = //p' "$D/admin.key")"
check verify_after_admin_key 0 "$S" verify --data "$D"
contains verify_after_admin_key "revisions 1-14)"
start_server
check new_admin_key_works 0 thidua ping
check old_admin_key_refused 5 env THIDUA_KEY="$T/old-admin.key" timeout 30 "$BIN/thidua" ping
check admin_key_in_the_log 0 thidua watch --since 13 --count 1 --duration 10
contains admin_key_in_the_log "thidua-server"
stop_server
# a first admin another admin has disabled: the new key is made, and the
# operator is told it waits for that admin
start_server
thidua keygen "$T/admin2" >/dev/null
check add_second_admin 0 thidua principal add admin2 --role admin --public-key "$T/admin2.pub"
check second_admin_disables_first 0 env THIDUA_KEY="$T/admin2.key" timeout 30 "$BIN/thidua" principal disable admin
stop_server
mv "$D/admin.key" "$T/admin-before-disabled.key"
check admin_key_when_disabled 0 "$S" admin-key --data "$D"
contains admin_key_when_disabled_warns "is disabled: the new key is refused until another admin enables it"

summary
