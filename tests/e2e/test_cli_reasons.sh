#!/usr/bin/env bash
# Refusals in the user's language: the broker's reason and parameters
# rendered by the CLI in Vietnamese (English with --lang en), --json carrying
# them untranslated, the exit code by the status code, nothing changed on
# the broker; libthidua's own errors alike; and a broker that is down
# named with what to check, with a first line on a terminal within a second.
# Usage: bash test_cli_reasons.sh BIN_DIR
set -euo pipefail

BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES LANGUAGE THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
start_server

revision() {
    thidua --json status | python3 -c 'import json, sys; print(json.load(sys.stdin)["revision"])'
}

# json_error EXPR: the --json error kept in $T/json (copy the check's
# stderr there first: check truncates it) satisfies EXPR, a Python
# expression over e, the "error" object.
json_error() {
    python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert eval("(" + sys.argv[2] + ")"), e
' "$T/json" "$1"
}

check "unit add exits 0" 0 thidua unit add SO-NV --name 'Sở Nội vụ' --kind department
check "keygen exits 0" 0 thidua keygen "$T/nv"
check "principal add nv (unit SO-NV) exits 0" 0 \
    thidua principal add nv --role unit --unit SO-NV --public-key "$T/nv.pub"
before=$(revision)

# --- a unit's key asking for an admin's request --------------------------
check "a unit adding a unit is denied (5)" 5 \
    env THIDUA_KEY="$T/nv.key" timeout 30 "$BIN/thidua" unit add SO-TC --name x --kind department
contains "the refusal is in Vietnamese, roles by their labels" \
    "thidua: thêm đơn vị cần vai trò Quản trị; bạn (nv) có vai trò Đơn vị"
check "with --lang en it is denied (5)" 5 \
    env THIDUA_KEY="$T/nv.key" timeout 30 "$BIN/thidua" --lang en unit add SO-TC --name x \
    --kind department
contains "the refusal is in English with --lang en" \
    "thidua: unit.add needs role admin; you (nv) are unit"
check "with --json it is denied (5)" 5 \
    env THIDUA_KEY="$T/nv.key" timeout 30 "$BIN/thidua" --json unit add SO-TC --name x \
    --kind department
cp "$T/err" "$T/json"
check "--json carries code, reason, params and the English message" 0 json_error \
    'e["code"] == "PERMISSION_DENIED" and e["reason"] == "request.role_denied" and
     e["params"] == ["unit.add", "admin", "nv", "unit"] and
     e["message"] == "unit.add needs role admin; you (nv) are unit" and e["field"] == ""'
check "nothing changed on the broker" 0 test "$(revision)" = "$before"
check "SO-TC was never added (4)" 4 thidua unit show SO-TC

# --- a record that does not exist ----------------------------------------
check "task show T-999 is not found (4)" 4 thidua task show T-999
contains "not found in Vietnamese" "thidua: nhiệm vụ 'T-999' không tồn tại"
cp "$T/err" "$T/notfound"
check "the reason alone, no field or code after it" 0 grep -qx "thidua: nhiệm vụ 'T-999' không tồn tại" "$T/notfound"
check "task show T-999 --lang en is not found (4)" 4 thidua --lang en task show T-999
contains "not found in English" "thidua: task 'T-999' does not exist"
check "--json task show T-999 is not found (4)" 4 thidua --json task show T-999
cp "$T/err" "$T/json"
check "--json names task.not_found and the id" 0 json_error \
    'e["code"] == "NOT_FOUND" and e["reason"] == "task.not_found" and e["params"] == ["T-999"]
     and e["field"] == "id"'
check "a unit code the broker refuses (3)" 3 thidua unit add S --name x --kind department
contains "a domain rule in Vietnamese" "mã đơn vị 'S' phải gồm 2-24 ký tự"
check "disabling no one is not found (4)" 4 thidua principal disable zzz
contains "a record type in Vietnamese words" "thidua: người dùng 'zzz' không tồn tại"
check "a record type in English" 4 thidua --lang en principal disable zzz
contains "a record type in English is its code" "thidua: principal 'zzz' does not exist"

# --- status: record types in words, one column for the values -------------
check "status answers" 0 thidua status
contains "status counts units in words" "đơn vị "
lacks "status shows no type code" "principal"
cp "$T/out" "$T/status"
check "status values in one column" 0 python3 - "$T/status" <<'PY'
import re, sys, unicodedata
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
cols = {len(unicodedata.normalize("NFC", m.group(1))) for l in rows if (m := re.match(r"^(.*?\S  +)\S", l))}
assert len(rows) >= 7 and len(cols) == 1, (rows, cols)
PY

# --- a mistyped option: said in two lines, not buried under the help --------
check "an unknown global option is a usage error (2)" 2 thidua --bogus ping
contains "it points to the help" "các tùy chọn chung của thidua xem bằng lệnh: thidua --help"
check "a command's option before the command: said where it goes (2)" 2 thidua --percent 85 task report T-1
contains "... after the command, with an example" "tùy chọn của một lệnh viết sau lệnh đó (thidua task report T-31 --percent 90)"
check "the help is not printed whole" 0 test "$(wc -l <"$T/err")" -le 2

# --- numbers the CLI checks before sending ---------------------------------
before=$(revision)
check "a quota over 32 bits is refused (2)" 2 thidua quota set culture individual --max 99999999999999999999
contains "it says what it takes, in Vietnamese" "--max nhận một số nguyên không âm, không nhận '99999999999999999999'"
check "a negative quota is refused (2)" 2 thidua quota set culture individual --max -1
contains "the negative number is named" "không nhận '-1'"
check "letters for a percentage are refused (2)" 2 thidua --lang en threshold set individual abc
contains "it says so in English" "percent takes a whole number from 0 to 100, not 'abc'"
check "letters for a revision are refused (2)" 2 thidua unit edit SO-NV --name x --expect-revision 1x
contains "the option is named" "--expect-revision nhận một số nguyên không âm"
check "none of them changed anything" 0 test "$(revision)" = "$before"

# --- a refusal one option cures names that option --------------------------
# The broker's reason is the web's too; the CLI adds the option to type,
# with its usage line's placeholder, in the user's language.
check "keygen x2 exits 0" 0 thidua keygen "$T/x2"
check "a unit principal without its unit is invalid (3)" 3 \
    thidua principal add x2 --role unit --public-key "$T/x2.pub"
contains "it says to add --unit, in Vietnamese" \
    "thidua: tài khoản có vai trò Đơn vị cần mã của đơn vị nó thuộc về; hãy thêm --unit MÃ-ĐƠN-VỊ"
check "... with --lang en (3)" 3 thidua --lang en principal add x2 --role unit --public-key "$T/x2.pub"
contains "it says to add --unit, in English" \
    "thidua: a principal with role unit needs the code of its unit; add --unit CODE"
check "... with --json (3)" 3 thidua --json principal add x2 --role unit --public-key "$T/x2.pub"
cp "$T/err" "$T/json"
check "--json carries the broker's reason as it is" 0 json_error \
    'e["reason"] == "principal.needs_unit" and
     e["message"] == "a principal with role unit needs the code of its unit"'
printf 'Quy chế thi đua, khen thưởng\n' >"$T/quyche.txt"
check "a file that is no public key is invalid (3)" 3 \
    thidua principal add x5 --role office --public-key "$T/quyche.txt"
contains "it says the file is no key thidua keygen makes" \
    "thidua: '$T/quyche.txt' không phải tệp khóa công khai như tệp TÊN.pub do thidua keygen tạo ra"
lacks "it names no line of the file's format" "dòng public-key"
check "... with --lang en (3)" 3 \
    thidua --lang en principal add x5 --role office --public-key "$T/quyche.txt"
contains "it says so in English" \
    "'$T/quyche.txt' is not a public key file such as thidua keygen makes (NAME.pub)"
check "the refusals changed nothing" 0 test "$(revision)" = "$before"

# --- libthidua's own errors ----------------------------------------------
check "no key is a bad argument (3)" 3 env -u THIDUA_KEY timeout 30 "$BIN/thidua" ping
contains "no key, in Vietnamese" "chưa có khóa: hãy dùng --key TỆP"
check "--json no key" 3 env -u THIDUA_KEY timeout 30 "$BIN/thidua" --json ping
cp "$T/err" "$T/json"
check "--json names client.no_key" 0 json_error 'e["reason"] == "client.no_key"'
chmod 644 "$T/nv.key"
check "a secret key others can read is denied (5)" 5 \
    env THIDUA_KEY="$T/nv.key" timeout 30 "$BIN/thidua" ping
contains "the key file's mode, in Vietnamese" "người khác đọc được; hãy chạy: chmod 600"
chmod 600 "$T/nv.key"
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$T/passwd"
chmod 644 "$T/passwd"
check "a file that is no key is refused as such (3)" 3 env THIDUA_KEY="$T/passwd" timeout 30 "$BIN/thidua" ping
contains "it says what the file is not" "không phải tệp khóa bí mật"
lacks "it gives no chmod advice for a file that is no key" "chmod"

# --- the broker is down --------------------------------------------------
stop_server
start=$(date +%s%N)
check "ping with the broker down is unavailable (9)" 9 thidua --timeout 200 ping
took=$((($(date +%s%N) - start) / 1000000))
contains "the error names the endpoint" "máy chủ tại $THIDUA_SERVER không trả lời sau 3 lần thử"
contains "the error says what to check" "hãy kiểm tra thidua-server có đang chạy ở đó không"
check "three attempts of 200 ms end within 3 s (took ${took} ms)" 0 test "$took" -lt 3000
if grep -qF "đang kết nối" "$T/err"; then
    failed=$((failed + 1))
    echo "FAIL without a terminal there is no progress line"
else
    passed=$((passed + 1))
    echo "ok   without a terminal there is no progress line"
fi
check "--lang en ping with the broker down (9)" 9 thidua --lang en --timeout 200 ping
contains "the English error names the endpoint" "no reply from the broker at $THIDUA_SERVER"
if command -v script >/dev/null; then
    # On a terminal (script gives it one) the first line comes within a
    # second, long before the 3 x 3 s of attempts end.
    (timeout -s KILL 1.5 script -qec "'$BIN/thidua' ping" /dev/null >"$T/out" 2>&1 || true) \
        2>/dev/null
    contains "on a terminal, a first line within a second" "thidua: đang kết nối tới $THIDUA_SERVER"
else
    echo "skip the terminal check: no script(1)"
fi

summary
