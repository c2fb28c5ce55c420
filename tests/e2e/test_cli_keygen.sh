#!/usr/bin/env bash
# thidua keygen writes a key pair whole or not at all and never replaces a
# key: a failed write (here a file-size limit of 0) leaves no file and says
# why; a name already taken refuses before anything is written. A name no
# account can have gets a note with one that can.
# Usage: bash test_cli_keygen.sh BIN_DIR
set -euo pipefail

BIN=$(cd "$1" && pwd)
export LANG=en_US.UTF-8
unset LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# leftovers NAME: the folder holds nothing but what the test put there
leftovers() {
    check "$1" 0 sh -c 'cd "$1" && ! find . -mindepth 1 -maxdepth 1 ! -name out ! -name err \
        ! -name keep ! -name "saved.*" | grep .' _ "$T"
}

# limited CMD...: CMD under a file-size limit of 0 with SIGXFSZ ignored, so
# its write() fails with EFBIG as on a full disk; its messages pass through
# a pipe into $T/out, which the limit would refuse too
limited() {
    bash -c 'set -o pipefail; trap "" XFSZ; (ulimit -f 0; exec "$@") 2>&1 | cat' - "$@"
}

# --- a write that fails leaves nothing ----------------------------------------
check "keygen under a 0-byte file-size limit fails (1)" 1 limited "$BIN/thidua" keygen "$T/u"
contains "the failure names the file" "cannot write key file '$T/u.key'"
contains "the failure says why" "File too large"
leftovers "no key file, partial or temporary, is left behind"
check "the same under --json fails (1)" 1 limited "$BIN/thidua" --json keygen "$T/u"
cp "$T/out" "$T/saved.json"
check "--json: one error line with the reason" 0 python3 -c '
import json, sys
lines = sys.stdin.read().splitlines()
assert len(lines) == 1, lines
e = json.loads(lines[0])["error"]
assert e["reason"] == "client.key_file_write" and "File too large" in e["message"], e
' <"$T/saved.json"
rm "$T/saved.json"
leftovers "nothing left behind under --json either"

# --- a key is never replaced --------------------------------------------------
rm -f "$T"/u.* # each part starts clean, whatever the last one left
check "keygen exits 0" 0 thidua keygen "$T/u"
contains "it names both files" "wrote $T/u.key (secret, keep it) and $T/u.pub"
check "the secret key file is 0600" 0 test "$(stat -c %a "$T/u.key")" = 600
cp "$T/u.key" "$T/saved.key"
cp "$T/u.pub" "$T/saved.pub"
check "keygen over an existing pair is a conflict (6)" 6 thidua keygen "$T/u"
contains "it says the file exists" "cannot create key file '$T/u.key': it exists already"
check "the secret key is unchanged" 0 cmp "$T/u.key" "$T/saved.key"
check "the public key is unchanged" 0 cmp "$T/u.pub" "$T/saved.pub"

# only NAME.pub taken: refused before NAME.key is written, so a second try
# is not blocked by a lone secret key whose public half was never written
mv "$T/u.key" "$T/keep"
check "keygen where only NAME.pub exists is a conflict (6)" 6 thidua keygen "$T/u"
contains "it names the public file" "cannot create key file '$T/u.pub': it exists already"
check "no secret key was written" 1 test -e "$T/u.key"
check "the public key is unchanged" 0 cmp "$T/u.pub" "$T/saved.pub"
rm "$T/keep" "$T/u.pub" "$T/saved.key" "$T/saved.pub"

# --- a name an account cannot have -------------------------------------------
check "keygen of a name with marks and spaces exits 0" 0 thidua keygen "$T/Sở Nội vụ (NV)"
contains "it names an account the admin can make" "ask your admin for an account such as 'so-noi-vu-nv'"
check "a name of no letters exits 0" 0 thidua keygen "$T/???"
contains "it says to ask for the account's name" "ask your admin which account is yours"
check "a name that is an account name exits 0" 0 thidua keygen "$T/so-nv"
lacks "and gets no note" "note:"
rm -f "$T"/*.key "$T"/*.pub

# --- a folder that is not there ------------------------------------------------
check "keygen into a missing folder is invalid (3)" 3 thidua keygen "$T/nope/u"
contains "it says the folder is missing" "cannot create key file '$T/nope/u.key': no such file or folder"
leftovers "nothing written for a missing folder"

summary
