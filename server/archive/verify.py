#!/usr/bin/env python3
# Kiểm tra một bản lưu trữ thidua mà không cần thidua (Python 3, chỉ thư viện chuẩn).
# Checks a thidua archive without thidua (Python 3, standard library only).
#
#   tar -xf ARCHIVE.tar && cd thidua-archive-rN && python3 verify.py
#   python3 verify.py DIR          (DIR: the unpacked archive's directory)
#
# 1. SHA256SUMS: every file listed has its SHA-256, and every file is listed.
# 2. The change log's hash chain, line by line of changes.jsonl:
#      hash = SHA-256(bytes of prev || bytes of base64-decoded entry)
#    revisions follow one another from manifest.json's first_revision, the
#    first prev is manifest.json's chain_base (64 zeros for a whole log),
#    each prev is the hash before it, and the last hash is chain_head.
# 3. Every document's bytes have the size and SHA-256 that documents.json
#    gives, and that SHA-256 (64 hex characters) is written in a log entry,
#    so the chain covers the document's bytes.
# 4. The workbook (thidua.xlsx, format "thidua-archive 2") has the size and
#    SHA-256 that manifest.json's "workbook" gives; an archive of format
#    "thidua-archive 1" has none.
# Exit status 0 when all holds; 1, naming the first fault, otherwise.
import base64
import hashlib
import json
import os
import sys


def fail(why):
    print("FAILED / KHÔNG ĐẠT: " + why)
    sys.exit(1)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_sums(root):
    listed = {}
    with open(os.path.join(root, "SHA256SUMS"), encoding="utf-8") as f:
        for line in f:
            digest, name = line.rstrip("\n").split("  ", 1)
            listed[name] = digest
    for name, digest in listed.items():
        path = os.path.join(root, name)
        if not os.path.isfile(path):
            fail("%s is listed in SHA256SUMS but missing" % name)
        if sha256_file(path) != digest:
            fail("%s does not match its SHA-256 in SHA256SUMS" % name)
    for folder, _, files in os.walk(root):
        for file in files:
            name = os.path.relpath(os.path.join(folder, file), root).replace(os.sep, "/")
            if name != "SHA256SUMS" and name not in listed:
                fail("%s is not listed in SHA256SUMS" % name)
    return len(listed)


def check_chain(root, manifest):
    prev = manifest["chain_base"]
    revision = manifest["first_revision"]
    entries = []
    with open(os.path.join(root, "changes.jsonl"), encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if e["revision"] != revision:
                fail("revision %d: expected revision %d" % (e["revision"], revision))
            if e["prev"] != prev:
                fail("revision %d: prev is not the hash of the entry before" % revision)
            entry = base64.b64decode(e["entry"], validate=True)
            if hashlib.sha256(bytes.fromhex(prev) + entry).hexdigest() != e["hash"]:
                fail("revision %d: the hash chain is broken (entry or hash altered)" % revision)
            entries.append(entry)
            prev = e["hash"]
            revision += 1
    if len(entries) != manifest["entries"] or prev != manifest["chain_head"]:
        fail("the log does not end at manifest.json's chain_head after %d entries"
             % manifest["entries"])
    return entries


def check_documents(root, entries):
    with open(os.path.join(root, "documents.json"), encoding="utf-8") as f:
        documents = json.load(f)
    log = b"\n".join(entries)
    for d in documents:
        path = os.path.join(root, d["file"])
        if os.path.getsize(path) != d["size"] or sha256_file(path) != d["sha256"]:
            fail("%s does not have the size and SHA-256 of its record" % d["file"])
        if d["sha256"].encode() not in log:
            fail("%s: its SHA-256 is in no log entry" % d["file"])
    return len(documents)


def check_workbook(root, manifest):
    if manifest["format"] == "thidua-archive 1":
        return "no workbook (format 1)"
    if manifest["format"] != "thidua-archive 2":
        fail("manifest.json's format %r is not one this checker reads" % manifest["format"])
    book = manifest["workbook"]
    path = os.path.join(root, book["file"])
    if not os.path.isfile(path):
        fail("the workbook %s is missing" % book["file"])
    if os.path.getsize(path) != book["size"] or sha256_file(path) != book["sha256"]:
        fail("the workbook %s does not have the size and SHA-256 of manifest.json" % book["file"])
    return "the workbook " + book["file"]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    try:
        files = check_sums(root)
        with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        entries = check_chain(root, manifest)
        documents = check_documents(root, entries)
        workbook = check_workbook(root, manifest)
    except (OSError, ValueError, KeyError, TypeError) as e:
        fail("cannot read the archive: %s" % e)
    print("OK / ĐẠT: %d files, %d log entries (revisions %d-%d), %d documents, %s; chain head %s"
          % (files, len(entries), manifest["first_revision"],
             manifest["first_revision"] + len(entries) - 1, documents, workbook,
             manifest["chain_head"]))


if __name__ == "__main__":
    main()
