#!/usr/bin/env bash
# thidua-server archive and verify-archive on a small congress with a
# document: the archive is made online and offline, verify-archive and the
# verify.py it carries pass, sha256sum -c agrees; the final workbook is in
# it (a zip with the export's sheets, in Vietnamese, the task and its
# report as rows, the --title atop its pages, its digest in the manifest),
# and a workbook altered (SHA256SUMS updated to match) fails both checks,
# while an archive of format 1 (no workbook) still verifies; a byte flipped in the
# change log fails both, and so does a log rewritten with SHA256SUMS
# updated to match (the chain catches it); an existing FILE is never
# overwritten; a run killed with SIGKILL midway leaves no FILE, and the
# next run succeeds and leaves no work directory.
set -u
BIN=${1:?usage: test_archive.sh BIN}
. "$(dirname "$0")/lib.sh"

start_server
thidua unit add SO-NV --name "Sở Nội vụ" --kind department >/dev/null
thidua keygen "$T/nv" >/dev/null
thidua keygen "$T/office" >/dev/null
thidua principal add nv --role unit --unit SO-NV --public-key "$T/nv.pub" >/dev/null
thidua principal add office --role office --public-key "$T/office.pub" >/dev/null
new_task() {
    THIDUA_KEY=$T/office.key thidua --json task create "$1" --lead SO-NV --deadline 31/12/2030 |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["record"]["id"])'
}
task=$(new_task "Báo cáo tổng kết")
printf 'Báo cáo tổng kết phong trào thi đua\n' >"$T/bao cao: 2026?.txt"
check report_with_document 0 env THIDUA_KEY="$T/nv.key" "$BIN/thidua" task report "$task" \
    --percent 100 --text "Đã xong" --file "$T/bao cao: 2026?.txt"

A=$T/out-dir
mkdir -p "$A"
TITLE="Đại hội thi đua yêu nước tỉnh Thử lần thứ V"
check archive_online 0 "$BIN/thidua-server" archive --data "$D" --to "$A/congress.tar" --title "$TITLE"
contains archive_says_online "(online); chain head"
check verify_archive 0 "$BIN/thidua-server" verify-archive "$A/congress.tar"
contains verify_archive_counts "1 documents, the workbook thidua.xlsx; chain head"
check archive_never_overwrites 2 "$BIN/thidua-server" archive --data "$D" --to "$A/congress.tar"
check no_work_dir_left 0 bash -c "! ls -d '$D'/archive-work-* 2>/dev/null"

X=$T/x
mkdir -p "$X"
check tar_extracts 0 tar -xf "$A/congress.tar" -C "$X"
R=$(echo "$X"/thidua-archive-r*)
check verify_py 0 python3 "$R/verify.py"
contains verify_py_ok "OK / ĐẠT"
# both count the files SHA256SUMS lists, and say the same
files_py=$(grep -o '[0-9]* files' "$T/out")
check verify_archive_again 0 "$BIN/thidua-server" verify-archive "$A/congress.tar"
contains verify_archive_same_count "ok: $files_py,"
check files_listed 0 test "${files_py% files}" = "$(wc -l <"$R/SHA256SUMS")"
check sha256sum_c 0 bash -c "cd '$R' && sha256sum -c --quiet SHA256SUMS"
check document_bytes 0 cmp "$R/documents/$task-v1-bao cao_ 2026_.txt" "$T/bao cao: 2026?.txt"
check readme_vi_en 0 grep -q "hash\[r\] = SHA-256( prev || entry )" "$R/README.txt"
check records_json 0 python3 -c "import json,sys; r=json.load(open('$R/records.json')); \
sys.exit(0 if any(x['type']=='task' and x['id']=='$task' for x in r) else 1)"

# the workbook: the export's sheets in Vietnamese, one row per task and per
# report under the header, the title in the printed header, the digest in
# the manifest
check workbook_is_the_export 0 python3 - "$R" "$task" "$TITLE" <<'PY'
import hashlib, json, re, sys, zipfile
root, task, title = sys.argv[1:]
manifest = json.load(open(root + "/manifest.json", encoding="utf-8"))
book = root + "/thidua.xlsx"
z = zipfile.ZipFile(book)
assert z.testzip() is None
names = re.findall(r'<sheet [^>]*name="([^"]*)"', z.read("xl/workbook.xml").decode())
assert names == ["Tổng hợp", "Nhiệm vụ", "Gương điển hình", "Báo cáo tiến độ", "Thống kê"], names
rows = lambda n: z.read("xl/worksheets/sheet%d.xml" % n).decode().count("<row ")
assert rows(2) == 2 and rows(4) == 2, (rows(2), rows(4))  # header + the task; header + its report
assert task in z.read("xl/sharedStrings.xml").decode()
assert title in z.read("xl/worksheets/sheet2.xml").decode()
assert manifest["format"] == "thidua-archive 2" and manifest["title"] == title, manifest
digest = hashlib.sha256(open(book, "rb").read()).hexdigest()
assert manifest["workbook"] == {"file": "thidua.xlsx", "size": len(open(book, "rb").read()),
                                "sha256": digest}, manifest["workbook"]
PY

# repack DIR into TAR after fix(root) changed it, with SHA256SUMS made to match
cat >"$T/repack.py" <<'PY'
import hashlib, json, os, sys, tarfile
root, dst, how = sys.argv[1:]
if how == "alter-workbook":  # one byte of the workbook, as a careless edit in Excel would
    data = bytearray(open(root + "/thidua.xlsx", "rb").read())
    data[len(data) // 2] ^= 0x20
    open(root + "/thidua.xlsx", "wb").write(data)
elif how == "format-1":  # the archive the release before wrote: no workbook
    os.remove(root + "/thidua.xlsx")
    m = json.load(open(root + "/manifest.json", encoding="utf-8"))
    m["format"] = "thidua-archive 1"
    del m["workbook"], m["title"]
    json.dump(m, open(root + "/manifest.json", "w", encoding="utf-8"), indent=2)
names = [l.split("  ", 1)[1] for l in open(root + "/SHA256SUMS").read().splitlines()]
with open(root + "/SHA256SUMS", "w") as f:
    for name in names:
        if os.path.exists(os.path.join(root, name)):
            digest = hashlib.sha256(open(os.path.join(root, name), "rb").read()).hexdigest()
            f.write("%s  %s\n" % (digest, name))
with tarfile.open(dst, "w", format=tarfile.USTAR_FORMAT) as t:
    t.add(root, arcname=os.path.basename(root))
PY
for how in alter-workbook format-1; do
    rm -rf "$X.$how" && mkdir -p "$X.$how" && tar -xf "$A/congress.tar" -C "$X.$how"
    python3 "$T/repack.py" "$X.$how"/thidua-archive-r* "$A/$how.tar" "$how"
done
check altered_workbook_fails_verify_archive 1 "$BIN/thidua-server" verify-archive "$A/alter-workbook.tar"
contains altered_workbook_named "the workbook thidua.xlsx does not have the size and SHA-256 of manifest.json"
check altered_workbook_fails_verify_py 1 python3 "$X.alter-workbook"/thidua-archive-r*/verify.py
contains altered_workbook_named_py "the workbook thidua.xlsx does not have the size and SHA-256"
check format_1_verifies 0 "$BIN/thidua-server" verify-archive "$A/format-1.tar"
contains format_1_no_workbook "1 documents; chain head"
check format_1_verify_py 0 python3 "$X.format-1"/thidua-archive-r*/verify.py
contains format_1_py_says "no workbook (format 1)"
check title_empty_refused 2 "$BIN/thidua-server" archive --data "$D" --to "$A/t.tar" --title ""
contains title_empty_said "--title must be one line of UTF-8 text"
check title_two_lines_refused 2 "$BIN/thidua-server" archive --data "$D" --to "$A/t.tar" \
    --title "$(printf 'a\nb')"
check title_refused_writes_nothing 0 test ! -e "$A/t.tar"
# the workbook's dates are the province's: a timezone that does not exist is refused
check bad_timezone_refused 2 "$BIN/thidua-server" archive --data "$D" --to "$A/t.tar" \
    --timezone Mars/Olympus
contains bad_timezone_said "timezone 'Mars/Olympus' is not in /usr/share/zoneinfo"

# a byte flipped inside a log entry, in the tar itself
python3 - "$A/congress.tar" "$A/flipped.tar" <<'PY'
import sys, tarfile
src, dst = sys.argv[1:]
data = bytearray(open(src, "rb").read())
with tarfile.open(src) as t:
    m = next(m for m in t.getmembers() if m.name.endswith("/changes.jsonl"))
at = data.index(b'"entry":"', m.offset_data) + 30
data[at] = ord("A") if data[at] != ord("A") else ord("B")
open(dst, "wb").write(data)
PY
check flipped_fails_verify_archive 1 "$BIN/thidua-server" verify-archive "$A/flipped.tar"
contains flipped_names_changes "changes.jsonl does not match"
rm -rf "$X" && mkdir -p "$X"
tar -xf "$A/flipped.tar" -C "$X"
check flipped_fails_verify_py 1 python3 "$X"/thidua-archive-r*/verify.py

# the same flip with SHA256SUMS rewritten to match: the chain still breaks
python3 - "$X"/thidua-archive-r* "$A/resummed.tar" <<'PY'
import hashlib, os, sys, tarfile
root, dst = sys.argv[1:]
sums = open(os.path.join(root, "SHA256SUMS")).read().splitlines()
with open(os.path.join(root, "SHA256SUMS"), "w") as f:
    for line in sums:
        digest, name = line.split("  ", 1)
        digest = hashlib.sha256(open(os.path.join(root, name), "rb").read()).hexdigest()
        f.write("%s  %s\n" % (digest, name))
with tarfile.open(dst, "w", format=tarfile.USTAR_FORMAT) as t:
    t.add(root, arcname=os.path.basename(root))
PY
check resummed_fails_verify_py 1 python3 "$X"/thidua-archive-r*/verify.py
contains resummed_chain_broken "hash chain is broken"
check resummed_fails_verify_archive 1 "$BIN/thidua-server" verify-archive "$A/resummed.tar"
contains resummed_chain_broken_c "hash chain is broken"
check archive_needs_to 2 "$BIN/thidua-server" archive --data "$D"
contains archive_needs_to_says "archive needs --to FILE"
check verify_archive_needs_file 2 "$BIN/thidua-server" verify-archive
check not_an_archive 1 "$BIN/thidua-server" verify-archive "$D/server.pub"
check missing_file_is_2 2 "$BIN/thidua-server" verify-archive "$A/none.tar"

# killed midway: big documents make the write take a while
for i in 1 2 3; do
    t=$(new_task "Hồ sơ $i")
    head -c $((10 * 1024 * 1024)) /dev/urandom >"$T/big$i.bin"
    THIDUA_KEY=$T/nv.key thidua task report "$t" --percent 10 --file "$T/big$i.bin" >/dev/null
done
F=$A/killed.tar
"$BIN/thidua-server" archive --data "$D" --to "$F" >/dev/null 2>&1 &
apid=$!
for _ in $(seq 200000); do
    [ "$(stat -c %s "$F.partial" 2>/dev/null || echo 0)" -gt 1000000 ] && break
done
kill -KILL "$apid" 2>/dev/null
wait "$apid" 2>/dev/null
check killed_leaves_no_file 0 test ! -e "$F"
check killed_left_partial 0 test -e "$F.partial"
check after_kill_archive 0 "$BIN/thidua-server" archive --data "$D" --to "$F"
check after_kill_no_partial 0 test ! -e "$F.partial"
check after_kill_no_work_dir 0 bash -c "! ls -d '$D'/archive-work-* 2>/dev/null"
check after_kill_verifies 0 "$BIN/thidua-server" verify-archive "$F"
contains after_kill_documents "4 documents"

# offline: the stopped store
stop_server
check archive_offline 0 "$BIN/thidua-server" archive --data "$D" --to "$A/offline.tar"
contains archive_says_offline "(offline)"
check offline_verifies 0 "$BIN/thidua-server" verify-archive "$A/offline.tar"
contains offline_has_workbook "4 documents, the workbook thidua.xlsx"
check default_title 0 bash -c "tar -xOf '$A/offline.tar' --wildcards '*/manifest.json' |
    grep -q '\"title\": \"Đại hội Thi đua yêu nước\"'"
summary
