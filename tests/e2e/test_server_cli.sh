#!/usr/bin/env bash
# thidua-server's own command line: init refuses to overwrite, config files
# are checked line by line, verify explains a wrong directory, SIGTERM
# stops cleanly.
set -uo pipefail
BIN=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

S=$BIN/thidua-server
check help 0 "$S" --help
contains help "verify"
check init 0 "$S" init --data "$T/d"
check secret_key_mode 0 test "$(stat -c %a "$T/d/admin.key")" = 600
check init_twice_refused 1 "$S" init --data "$T/d"
contains init_twice_refused "refusing to overwrite"
check verify_fresh 0 "$S" verify --data "$T/d"
contains verify_fresh "verify: ok: 1 log entries"
check verify_not_a_store 2 "$S" verify --data "$T/nothing"
contains verify_not_a_store "thidua-server init --data"
check unknown_command 2 "$S" frobnicate

printf '[server]\nrequests = tcp://127.0.0.1:*\nevents = tcp://127.0.0.1:*\ncolour = blue\n' >"$T/bad.ini"
check config_unknown_key 2 "$S" run --data "$T/d" --config "$T/bad.ini"
contains config_unknown_key "line 4"
check bad_log_level 2 "$S" run --data "$T/d" --log-level loud
printf '[server]\nkeep-log = 30d\nevent-hwm = 500\n' >"$T/check.ini"
check check_config 0 "$S" run --data "$T/d" --config "$T/check.ini" --events tcp://127.0.0.1:9999 --check-config
contains check_config "keep-log = 30d"
contains check_config "event-hwm = 500"
contains check_config "events = tcp://127.0.0.1:9999"
# a value that would read back cut at its comment is refused, not changed
printf '[server]\ndata = /srv/a\n  /srv/b ;x\n' >"$T/cont.ini"
check config_comment_in_value 2 "$S" run --data "$T/d" --config "$T/cont.ini" --check-config
contains config_comment_in_value "line 3: data may not hold ';' at its start or after a space"
check flag_comment_in_value 2 "$S" run --data "$T/d" --requests "tcp://127.0.0.1:1 ;x" --check-config
contains flag_comment_in_value "--requests may not hold ';'"
# a line longer than inih's buffer is named, not cut; a flag that would
# print such a line is refused; a long comment is skipped
long=$(printf 'x%.0s' {1..240})
printf '[server]\n# %s keep-log = 3\ndata = /srv/%s\n' "$long" "$long" >"$T/long.ini"
check config_long_line 2 "$S" run --data "$T/d" --config "$T/long.ini" --check-config
contains config_long_line "line 3: the line is longer than 199 bytes"
printf '[server]\ndata=/srv/%s\n' "$(printf 'x%.0s' {1..189})" >"$T/tight.ini" # 199 bytes
check config_value_longer_than_its_line 2 "$S" run --data "$T/d" --config "$T/tight.ini" --check-config
contains config_value_longer_than_its_line "line 2: data is longer than 192 bytes, what a line holds after 'data = '"
check flag_may_be_longer 2 "$S" verify --data "/srv/$long"
lacks flag_may_be_longer_no_length_refusal "longer than"
check check_config_bad_value 2 "$S" run --data "$T/d" --keep-log 30x --check-config

# a subscriber's queue in bytes: the defaults, the mark they make, bad values
check event_defaults 0 "$S" run --data "$T/d" --check-config
contains event_defaults "event-max-kib = 16"
contains event_defaults "event-queue-mib = 32"
contains event_defaults "; made from the two above: event-hwm = 2048"
check event_queue_set 0 "$S" run --data "$T/d" --event-queue-mib 8 --event-max-kib 32 --check-config
contains event_queue_set "event-hwm = 256"
check event_hwm_deprecated 0 "$S" run --data "$T/d" --event-hwm 500 --check-config
contains event_hwm_deprecated "event-hwm is deprecated"
check event_max_kib_zero 2 "$S" run --data "$T/d" --event-max-kib 0 --check-config
contains event_max_kib_zero "--event-max-kib '0' is not a number from 1 to 17408"
check event_max_kib_text 2 "$S" run --data "$T/d" --event-max-kib 16k --check-config
contains event_max_kib_text "is not a number from 1 to 17408"
check event_queue_mib_huge 2 "$S" run --data "$T/d" --event-queue-mib 5000 --check-config
contains event_queue_mib_huge "event-queue-mib '5000' is not a number from 1 to 4096"
printf '[server]\nevent-queue-mib = -1\n' >"$T/queue.ini"
check event_queue_mib_in_file 2 "$S" run --data "$T/d" --config "$T/queue.ini" --check-config
contains event_queue_mib_in_file "line 2: event-queue-mib '-1' is not a number"
check event_queue_too_short 2 "$S" run --data "$T/d" --event-queue-mib 1 --event-max-kib 128 --check-config
contains event_queue_too_short "event-queue-mib 1 holds only 8 events of event-max-kib 128"
check help_run_names_queue 0 "$S" run --help
contains help_run_names_queue "--event-queue-mib"
contains help_run_names_queue "deprecated"
check check_config_no_store 1 "$S" run --data "$T/nothing" --check-config
contains check_config_no_store "thidua-server init"

# a config file sets the endpoints; SIGTERM stops with status 0
printf '[server]\nrequests = tcp://127.0.0.1:*\nevents = tcp://127.0.0.1:*\nlog-level = warn\n' >"$T/good.ini"
"$S" run --data "$T/d" --config "$T/good.ini" 2>"$T/server.log" &
server_pid=$!
for _ in $(seq 100); do [ -f "$T/d/endpoints" ] && break; sleep 0.1; done
check endpoints_written 0 test -f "$T/d/endpoints"
check second_broker_refused 1 "$S" run --data "$T/d" --config "$T/good.ini"
contains second_broker_refused "lock"
kill -TERM "$server_pid"; wait "$server_pid"; rc=$?; server_pid=""
check sigterm_clean_exit 0 test "$rc" = 0
check endpoints_removed 1 test -f "$T/d/endpoints"

summary
