#!/usr/bin/env bash
# The thidua CLI's settings and languages against a real thidua-server:
# precedence of flags over the environment over the config file, config
# errors naming the line, Vietnamese by default and English on request,
# --json the same in both, "did you mean", and bad dates refused before
# anything is sent.
# Usage: bash test_cli_config.sh BIN_DIR
set -euo pipefail

BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
start_server
SERVER=$THIDUA_SERVER
unset THIDUA_SERVER THIDUA_EVENTS THIDUA_SERVER_KEY THIDUA_KEY

# --- precedence: flag > environment > file > default ----------------------
cat >"$T/c.ini" <<INI
[client]
server = $SERVER
server-key = $D/server.pub
key = $D/admin.key
timeout = 4000
INI
export THIDUA_CONFIG=$T/c.ini
check "ping with every setting from the file exits 0" 0 thidua ping
check "config show exits 0" 0 thidua --json config show
cp "$T/out" "$T/show1.json"
check "config show: server and timeout from the file" 0 python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["server"]["source"] == "file" and d["timeout"]["value"] == "4000", d
assert d["events"]["source"] == "default", d
' <"$T/show1.json"
check "config show with THIDUA_SERVER set" 0 env THIDUA_SERVER=tcp://127.0.0.1:1 \
    timeout 30 "$BIN/thidua" --json config show
cp "$T/out" "$T/show2.json"
check "the environment wins over the file" 0 python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["server"] == {"value": "tcp://127.0.0.1:1", "source": "environment"}, d
' <"$T/show2.json"
check "config show with THIDUA_SERVER and --server" 0 env THIDUA_SERVER=tcp://127.0.0.1:1 \
    timeout 30 "$BIN/thidua" --json --server "$SERVER" config show
cp "$T/out" "$T/show3.json"
check "the flag wins over the environment" 0 python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["server"]["value"] == sys.argv[1] and d["server"]["source"] == "flag", d
' "$SERVER" <"$T/show3.json"
check "a wrong server from the environment fails (9)" 9 env THIDUA_SERVER=tcp://127.0.0.1:1 \
    timeout 30 "$BIN/thidua" --timeout 200 ping
check "the flag over that wrong environment works" 0 env THIDUA_SERVER=tcp://127.0.0.1:1 \
    timeout 30 "$BIN/thidua" --server "$SERVER" ping
# an address as people write one, host:port, is a tcp:// one; without a
# port the refusal says how to write it
check "host:port without tcp:// works" 0 thidua --server "${SERVER#tcp://}" ping
check "an address without a port is refused, saying the form (3)" 3 thidua --server 127.0.0.1 ping
contains "... in Vietnamese, with an example" "hãy viết địa chỉ máy chủ dạng tcp://MÁY:CỔNG, ví dụ tcp://127.0.0.1:7510"

# --- config errors name the file and the line ------------------------------
printf '[client]\nserver = %s\nsevrer = x\n' "$SERVER" >"$T/bad.ini"
check "an unknown key is refused (3)" 3 thidua --config "$T/bad.ini" ping
cp "$T/err" "$T/prev"
check "the error names the file and line 3" 0 grep -qF "$T/bad.ini:3:" "$T/prev"
check "in Vietnamese, naming the key" 0 grep -qF "không có khóa 'sevrer'" "$T/prev"
check "and in English with --lang en" 3 thidua --lang en --config "$T/bad.ini" ping
cp "$T/err" "$T/prev"
check "naming the key there too" 0 grep -qF "bad.ini:3: unknown key 'sevrer'" "$T/prev"
printf '[client]\ntimeout = soon\n' >"$T/bad2.ini"
check "a bad timeout is refused (3)" 3 thidua --config "$T/bad2.ini" ping
cp "$T/err" "$T/prev"
check "the error names line 2 and the value" 0 grep -qE "bad2.ini:2:.*soon" "$T/prev"
check "a missing --config file is refused (3)" 3 thidua --config "$T/none.ini" ping
printf '[client]\ntimezone = Asia\n' >"$T/folder_zone.ini"
check "a folder of zones is no zone (3)" 3 thidua --config "$T/folder_zone.ini" ping
printf '[client]\ntimezone = Mars/Olympus\n' >"$T/bad_zone.ini"
check "a timezone that does not exist is refused (3)" 3 thidua --config "$T/bad_zone.ini" ping
contains "... naming line 2, the zone and the form" "bad_zone.ini:2: múi giờ 'Mars/Olympus' không có trong /usr/share/zoneinfo; hãy ghi tên dạng Asia/Ho_Chi_Minh"
check "config show names the province's timezone by default" 0 thidua --lang en config show
cp "$T/out" "$T/prev"
check "... Asia, Ho Chi Minh, by default" 0 grep -qE '^timezone +Asia/Ho_Chi_Minh +default$' "$T/prev"
# a line longer than the reader's 199 bytes: a comment is skipped whole (its
# tail once read as a key), a key = value line is named, not cut
long=$(printf 'x%.0s' {1..240})
{ cat "$T/c.ini"; printf '# %s sevrer = x\n' "$long"; } >"$T/long_comment.ini"
check "a long comment is skipped" 0 thidua --config "$T/long_comment.ini" ping
printf '[client]\nserver = %s\nkey = /tmp/%s\n' "$SERVER" "$long" >"$T/long_value.ini"
check "a long key = value line is refused (3)" 3 thidua --config "$T/long_value.ini" ping
cp "$T/err" "$T/prev"
check "the error names line 3 and the limit" 0 grep -qF "long_value.ini:3: dòng dài quá 199 byte" "$T/prev"
check "config init refuses a value longer than a line (3)" 3 thidua --config "$T/long.ini" \
    config init --server "$SERVER" --server-key "$D/server.pub" --key "/tmp/$long"
check "and writes nothing" 1 test -e "$T/long.ini"

check "config init writes a file" 0 thidua --config "$T/new.ini" config init \
    --server "$SERVER" --server-key "$D/server.pub" --key "$D/admin.key"
check "config init refuses to overwrite (6)" 6 thidua --config "$T/new.ini" config init \
    --server "$SERVER" --server-key "$D/server.pub" --key "$D/admin.key"
check "the written file has mode 600" 0 test "$(stat -c %a "$T/new.ini")" = 600
check "ping with the written file exits 0" 0 thidua --config "$T/new.ini" ping

# --- languages ---------------------------------------------------------------
unset LANG LC_ALL LC_MESSAGES
check "unit add exits 0" 0 thidua unit add SO-NV --name 'Sở Nội vụ' --kind department
check "unit list exits 0 (default language)" 0 thidua unit list
cp "$T/out" "$T/vi.txt"
check "Vietnamese by default: header MÃ and kind Sở, ban, ngành" 0 \
    grep -qE '^MÃ +LOẠI +TÊN|^SO-NV +Sở, ban, ngành' "$T/vi.txt"
check "Vietnamese header present" 0 grep -q '^MÃ' "$T/vi.txt"
check "unit list --lang en exits 0" 0 thidua --lang en unit list
cp "$T/out" "$T/en.txt"
check "English with --lang en: header CODE, kind department" 0 \
    grep -qE '^SO-NV +department' "$T/en.txt"
check "unit list with LANG=en_US.UTF-8" 0 env LANG=en_US.UTF-8 timeout 30 "$BIN/thidua" unit list
cp "$T/out" "$T/prev"
check "English when LANG starts with en" 0 grep -q '^CODE' "$T/prev"
check "--json unit list (vi)" 0 thidua --json unit list
cp "$T/out" "$T/vi.json"
check "--json unit list (en)" 0 thidua --lang en --json unit list
cp "$T/out" "$T/en.json"
check "--json is the same in both languages (but the request id)" 0 python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
a.pop("request_id"); b.pop("request_id")
assert a == b, (a, b)
' "$T/en.json" "$T/vi.json"
check "--json keeps the enum short name" 0 grep -q '"UNIT_KIND_DEPARTMENT"\|"department"' "$T/vi.json"
# --- dates are the province's, whatever the machine's clock says ------------
# A unit's "last changed" read with the machine in UTC: the day is the
# default zone's (Asia/Ho_Chi_Minh, as the broker's), or the file's zone.
# Etc/GMT+12 is UTC-12: 19 hours from the default, a day apart most hours.
shown_day() { grep -oE '[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}' "$T/shown" | head -1 | cut -d' ' -f1; }
check "unit show, the machine in UTC" 0 env TZ=UTC timeout 30 "$BIN/thidua" --lang en unit show SO-NV
cp "$T/out" "$T/shown"
check "... the day is the province's" 0 test "$(shown_day)" = "$(TZ=Asia/Ho_Chi_Minh date +%d/%m/%Y)"
{ cat "$T/c.ini"; printf 'timezone = Etc/GMT+12\n'; } >"$T/zone.ini"
check "unit show with timezone = Etc/GMT+12 in the file" 0 env TZ=UTC timeout 30 "$BIN/thidua" \
    --lang en --config "$T/zone.ini" unit show SO-NV
cp "$T/out" "$T/shown"
check "... the day is that zone's" 0 test "$(shown_day)" = "$(TZ=Etc/GMT+12 date +%d/%m/%Y)"

check "help is Vietnamese by default" 0 thidua --help
cp "$T/out" "$T/prev"
check "help lists mã thoát" 0 grep -q 'mã thoát' "$T/prev"

# --- did you mean, --help everywhere -----------------------------------------
check "a misspelled noun is a bad command line (2)" 2 thidua --lang en tsak list
cp "$T/err" "$T/prev"
check "it suggests task" 0 grep -q "did you mean 'task'" "$T/prev"
check "a misspelled verb (2)" 2 thidua --lang en unit lsit
cp "$T/err" "$T/prev"
check "it suggests unit list" 0 grep -q "did you mean 'unit list'" "$T/prev"
for cmd in "task" "task create" "nominee" "nominee decide" "quota set" "status" "watch" \
    "config" "config init"; do
    # shellcheck disable=SC2086
    check "$cmd --help exits 0" 0 thidua $cmd --help
    cp "$T/out" "$T/prev"
check "$cmd --help prints usage" 0 grep -q 'thidua' "$T/prev"
done

# --- malformed input is refused before anything is sent -----------------------
check "status before (--json)" 0 thidua --json status
rev_before=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"])' <"$T/out")
check "task create with a bad date exits 2" 2 \
    thidua task create 'Báo cáo' --lead SO-NV --deadline 31/13/2026
check "task create with a non-date exits 2" 2 \
    thidua task create 'Báo cáo' --lead SO-NV --deadline tomorrow
check "task create with 31/02 exits 2" 2 \
    thidua task create 'Báo cáo' --lead SO-NV --deadline 31/02/2026
contains "31/02 is refused in Vietnamese" \
    "--deadline: '31/02/2026' không phải ngày có thật; hãy viết dạng ngày/tháng/năm (dd/mm/yyyy, hoặc yyyy-mm-dd), ví dụ 15/01/2027"
check "task edit with 29/02 of a common year exits 2" 2 \
    thidua task edit T-1 --deadline 29/02/2027
contains "29/02/2027 is refused in Vietnamese" "--deadline: '29/02/2027' không phải ngày có thật"
# with no broker to answer, only a refusal before sending exits 2 (a sent
# request would end UNAVAILABLE)
check "31/02 is refused with no broker at all" 2 env THIDUA_SERVER=tcp://127.0.0.1:1 \
    timeout 30 "$BIN/thidua" task create 'Báo cáo' --lead SO-NV --deadline 31/02/2026
check "task report with a bad percent exits 2" 2 thidua task report T-1 --percent 12x
check "status after (--json)" 0 thidua --json status
rev_after=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"])' <"$T/out")
check "the revision did not move" 0 test "$rev_before" = "$rev_after"

[ "$failed" -eq 0 ] || { echo "--- server log ---"; cat "$T/server.log"; }
summary
