#!/usr/bin/env bash
# The thidua CLI against a real thidua-server on loopback: exit codes per
# status (as `thidua --help` lists them), --json output, keys and roles, and
# tables aligned by display width whether names were typed NFC or NFD.
# Usage: bash test_cli.sh BIN_DIR
set -euo pipefail

BIN=$(cd "$1" && pwd)
# These checks read English output; test_cli_i18n.sh covers the languages.
export LANG=en_US.UTF-8
unset LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
start_server

# --- exit codes per status ------------------------------------------------
check "ping exits 0" 0 thidua ping
check "unit add exits 0" 0 thidua unit add SO-NV --name 'Sở Nội vụ' --kind department
check "adding it again is a conflict (6)" 6 \
    thidua unit add SO-NV --name 'Sở Nội vụ' --kind department
check "unit show of a missing unit is not found (4)" 4 thidua unit show NOPE

check "--json unit list exits 0" 0 thidua --json unit list
cp "$T/out" "$T/units.json"
check "--json unit list is JSON listing SO-NV" 0 python3 -c '
import json, sys
d = json.load(sys.stdin)
assert any(u["code"] == "SO-NV" for u in d["units"]["units"]), d
' <"$T/units.json"

check "keygen exits 0" 0 thidua keygen "$D/u"
check "principal add with role unit exits 0" 0 \
    thidua principal add nv --role unit --unit SO-NV --public-key "$D/u.pub"
# A key file whose path is 40 characters long is still read as a file,
# not taken for a Z85 key (its name is valid Z85 text too).
long=$(printf 'k%.0s' $(seq 36)).pub
check "keygen to a 40-character path exits 0" 0 thidua keygen "$T/${long%.pub}"
check "principal add with a 40-character key path exits 0" 0 \
    sh -c 'cd "$1" && shift && "$@"' - "$T" "$BIN/thidua" principal add longpath \
    --role observer --public-key "$long"
check "principal list exits 0" 0 thidua --json principal list
contains "the key registered is the file's key, not its path" \
    "$(sed -n 's/^public-key = //p' "$T/$long")"
check "a unit principal adding a unit is denied (5)" 5 \
    env THIDUA_KEY="$D/u.key" timeout 30 "$BIN/thidua" unit add SO-TC --name x --kind department
check "unit add with a bad kind is a bad command line (2)" 2 \
    thidua unit add SO-TC --name x --kind nosuchkind
check "an unknown noun is a bad command line (2)" 2 thidua nosuchnoun
check "SO-TC was never added (4)" 4 thidua unit show SO-TC

# --- --json wraps the CLI's own errors as the broker's refusals -----------
# stderr is exactly one {"error":{code,message,field,reason,params}} line,
# the message in English, and the exit code is the one a person gets.
cat >"$T/one_error.py" <<'EOF'
import json, sys
lines = sys.stdin.read().splitlines()
assert len(lines) == 1, lines
e = json.loads(lines[0])["error"]
assert sorted(e) == ["code", "field", "message", "params", "reason"], e
assert e["code"] == sys.argv[1], e
assert sys.argv[2] in e["message"], e
EOF
json_error() { # NAME EXIT CODE TEXT ARGS...: exits EXIT with one JSON error naming TEXT
    local name=$1 want=$2 code=$3 text=$4
    shift 4
    check "$name exits $want" "$want" thidua "$@"
    cp "$T/err" "$T/json_err"
    check "$name: one JSON error line, $code, naming '$text'" 0 \
        python3 "$T/one_error.py" "$code" "$text" <"$T/json_err"
}
json_error "--json with an unknown verb option" 2 INVALID_ARGUMENT "--bogus" \
    --json unit list --bogus
json_error "--json after the command, with a bad number" 2 INVALID_ARGUMENT "--timeout" \
    unit list --timeout abc --json
json_error "--json with a missing argument" 2 INVALID_ARGUMENT "the argument CODE is missing" \
    --json unit show
json_error "--json with a missing option, named as the usage line names it" 2 INVALID_ARGUMENT \
    "-o FILE.pdf is required" --json --lang vi decision draft
json_error "--json with an unreadable file" 2 INVALID_ARGUMENT "$T/no-such-file" \
    --json task report T-1 --percent 10 --file "$T/no-such-file"
json_error "--json with a bad --lang" 2 INVALID_ARGUMENT "'xx'" --json --lang xx ping
json_error "--json with a broker refusal" 4 NOT_FOUND "NOPE" --json unit show NOPE
# the accepted words listed are English too, whatever the language
json_error "--json with a bad status, in Vietnamese" 2 INVALID_ARGUMENT \
    "is not one of: assigned; in progress (in_progress); submitted" \
    --json --lang vi task list --status xyz
check "without --json the same error is a sentence" 2 thidua unit list --bogus
contains "without --json: 'thidua: unknown option --bogus'" "thidua: unknown option --bogus"

check "--json status exits 0" 0 thidua --json status
version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' "$T/out")
check "the broker reports a version" 0 test -n "$version"
for prog in thidua thidua-server thidua-monitor; do
    check "$prog --version exits 0" 0 "$BIN/$prog" --version
    contains "$prog --version prints the broker's version" "$prog $version"
done
check "--help exits 0" 0 thidua --help
cp "$T/out" "$T/help.txt"
check "--help lists the exit codes" 0 grep -q 'exit codes' "$T/help.txt"
# every command's description starts in the same column, the longest
# command's ("nominee close-disclosure") included
check "--help: the descriptions line up" 0 python3 -c '
import sys
lines = open(sys.argv[1]).read().split("\n\n")[1].splitlines()[1:]
cols = {len(l) - len(l[2:].split("  ", 1)[1].lstrip()) for l in lines}
assert len(cols) == 1 and "  nominee close-disclosure  " in "\n".join(lines), cols
' "$T/help.txt"

# --- tables line up by display width, not bytes ---------------------------
# The same kind of name typed decomposed (NFD, as some input methods send
# it) and precomposed (NFC): byte lengths differ, display widths do not.
nfd_name=$(printf 'Tha\xcc\x80nh pho\xcc\x82\xcc\x81 Ho\xcc\x82\xcc\x80 Chi\xcc\x81 Minh')
nfc_name=$(printf 'Th\xc3\xa0nh ph\xe1\xbb\x91 H\xc3\xa0 N\xe1\xbb\x99i')
nfc_of_nfd=$(printf 'Th\xc3\xa0nh ph\xe1\xbb\x91 H\xe1\xbb\x93 Ch\xc3\xad Minh')
check "unit add with an NFD name exits 0" 0 thidua unit add TP-HCM --name "$nfd_name" --kind district
check "unit add with an NFC name exits 0" 0 thidua unit add TP-HN --name "$nfc_name" --kind district
check "keygen for an observer exits 0" 0 thidua keygen "$D/o"
check "principal add with an NFD display name exits 0" 0 \
    thidua principal add quan-sat --role observer --public-key "$D/o.pub" \
    --display-name "$(printf 'Quan sa\xcc\x81t vie\xcc\x82\xcc\xa3n')"

# Every column starts at the display column its header starts at, on every
# line (width: combining marks 0, East Asian wide/full 2, others 1).
cat >"$T/aligned.py" <<'EOF'
import re, sys, unicodedata

def width(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1

lines = sys.stdin.read().splitlines()
if len(lines) < 3:
    sys.exit("want a header and at least two rows, got %d lines" % len(lines))
header = lines[0]
names = re.findall(r"\S+(?: \S+)*", header)
starts = [m.start() for m in re.finditer(r"(?:^|(?<=  ))\S", header)]
bad = []
for line in lines[1:]:
    at, col = {}, 0  # display column -> index of the character starting there
    for i, ch in enumerate(line):
        w = width(ch)
        if w and col not in at:
            at[col] = i
        col += w
    for k, c in enumerate(starts[1:], 1):
        i = at.get(c)
        nxt = at.get(starts[k + 1]) if k + 1 < len(starts) else None
        filled = i is not None and line[i] != " " and line[i - 2:i] == "  "
        empty = i is not None and nxt is not None and line[i:nxt].strip() == ""
        if not (filled or empty):
            bad.append("%s not at column %d in: %r" % (names[k], c, line))
if bad:
    sys.exit("\n".join(bad))
EOF

check "unit list exits 0" 0 thidua unit list
cp "$T/out" "$T/units.txt"
check "unit list: KIND and NAME start at the same display column on every line" 0 \
    python3 "$T/aligned.py" <"$T/units.txt"
check "unit list shows the NFD-typed name as NFC" 0 grep -qE "^TP-HCM +district +$nfc_of_nfd\$" "$T/units.txt"
check "unit list has no NFD bytes left" 1 grep -qF "$nfd_name" "$T/units.txt"
check "principal list exits 0" 0 thidua principal list
cp "$T/out" "$T/principals.txt"
check "principal list: columns after DISPLAY NAME line up" 0 \
    python3 "$T/aligned.py" <"$T/principals.txt"

# --- Ctrl-C ends watch at once, even while the broker does not answer -----
# A stopped broker (SIGSTOP) takes the connection but never replies: watch's
# first call would wait out all of --timeout (60 s) if SIGINT did not end it.
# watch_until_sigint: runs watch, sends SIGINT once its handler is in place
# (SigCgt holds signal 2) and it is waiting, and returns watch's exit status,
# or 124 when it is still running 10 s later.
watch_until_sigint() {
    "$BIN/thidua" --timeout 60000 watch &
    local pid=$! rc=0
    for _ in $(seq 100); do
        grep -qE '^SigCgt:\s*[0-9a-f]*[2367abef]$' "/proc/$pid/status" 2>/dev/null && break
        sleep 0.1
    done
    sleep 0.5
    kill -INT "$pid"
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "watch still runs 10 s after SIGINT" >&2
        kill -KILL "$pid"
        wait "$pid" 2>/dev/null || true
        return 124
    fi
    wait "$pid" || rc=$?
    return "$rc"
}
kill -STOP "$server_pid"
check "watch ends at SIGINT while the broker does not answer, exit 0" 0 watch_until_sigint
kill -CONT "$server_pid"
cp "$T/err" "$T/watch_sigint.err"
check "watch ended by SIGINT prints no error" 0 test ! -s "$T/watch_sigint.err"

[ "$failed" -eq 0 ] || { echo "--- server log ---"; cat "$T/server.log"; }
summary
