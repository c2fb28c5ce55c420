#!/usr/bin/env bash
# The message catalogs agree: each .po is well formed, translates every
# message of the template, and holds none the template lacks (po/*.po merge
# by union, so a merge can leave an entry cut in half or in one file only).
# And the template holds no message the code no longer uses (see below).
# Usage: bash po_catalogs.sh SOURCE_DIR
set -u
po=$1/po
failed=0
for f in "$po"/vi.po "$po"/en.po "$po"/thidua.pot; do
    msgfmt --check -o /dev/null "$f" || { echo "FAIL $f is not well formed"; failed=1; }
done
for f in "$po"/vi.po "$po"/en.po; do
    msgcmp "$f" "$po"/thidua.pot || { echo "FAIL $f lacks a translation of the template's"; failed=1; }
    msgcmp --use-untranslated "$po"/thidua.pot "$f" || { echo "FAIL the template lacks a message of $f"; failed=1; }
done

# A message is in use when its msgid is a string literal of the sources
# (client/, common/, server/: .c, .h, .in; adjacent literals joined), as
# every table and call of the clients holds it; a message with a context
# also when "context\004msgid" is (a key looked up whole, msgctxt "meta");
# a message without one also when it is a code of a .proto enum with "_"
# as a space, the label libthidua looks up for a code in a refusal
# ("in_progress" is "in progress"). A literal that only happens to match
# keeps a dead message in: the check finds leftovers, it proves no use.
python3 - "$1" <<'PY' || failed=1
import os, re, sys
root = sys.argv[1]

def literals(text):
    """Every string literal of a C file, and every run of adjacent ones joined."""
    text = text.replace("\\\n", "")
    found, run, i, n = set(), None, 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            if c == '"':
                s = text[i + 1:j]
                run = s if run is None else run + s
                found.update((s, run))
            else:
                run = None
            i = j + 1
            continue
        if not c.isspace():
            run = None
        i += 1
    return found

def entries(path):
    """(msgctxt or None, msgid) of each entry, in the file's escaped form."""
    out, cur, key = [], {}, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r'(msgctxt|msgid|msgstr)\s+"(.*)"\s*$', line)
        if m:
            key = m.group(1)
            if key != "msgstr" and "msgstr" in cur:
                out.append(cur)
                cur = {}
            cur[key] = m.group(2)
            continue
        m = re.match(r'"(.*)"\s*$', line)
        if m and key:
            cur[key] += m.group(1)
    if "msgstr" in cur:
        out.append(cur)
    return [(e.get("msgctxt"), e["msgid"]) for e in out if e.get("msgid")]

used = set()
for d in ("client", "common", "server"):
    for dirpath, _, files in os.walk(os.path.join(root, d)):
        for f in files:
            if f.endswith((".c", ".h", ".in")):
                with open(os.path.join(dirpath, f), encoding="utf-8", errors="replace") as src:
                    used |= literals(src.read())

codes = set()
for f in os.listdir(os.path.join(root, "proto")):
    if f.endswith(".proto"):
        enum = None
        for line in open(os.path.join(root, "proto", f), encoding="utf-8"):
            m = re.match(r"\s*enum\s+(\w+)", line)
            if m:
                enum = re.sub(r"(?<!^)(?=[A-Z])", "_", m.group(1)).upper() + "_"
            m = re.match(r"\s*([A-Z][A-Z0-9_]*)\s*=", line)
            if enum and m and m.group(1).startswith(enum):
                codes.add(m.group(1)[len(enum):].lower().replace("_", " "))

unused = [(ctx, mid) for ctx, mid in entries(os.path.join(root, "po", "thidua.pot"))
          if mid not in used
          and (ctx is None or ctx + "\\004" + mid not in used)
          and (ctx is not None or mid not in codes)]
for ctx, mid in unused:
    print(f'FAIL no source uses{" msgctxt " + chr(34) + ctx + chr(34) if ctx else ""} '
          f'msgid "{mid}"; remove it from po/thidua.pot, po/vi.po and po/en.po')
sys.exit(1 if unused else 0)
PY

# And the other way: every message the C sources mark, _("...") or
# N_("..."), is in the template, so none prints as untranslated English on
# a Vietnamese screen. (Tables and reason rows the marks cannot reach are
# checked where they are walked: test_reasons, test_cli_coverage.)
marked=$(mktemp)
if (cd "$1" && xgettext --from-code=UTF-8 -k_ -kN_ -o "$marked" $(find client common server \
    -path client/web/static -prune -o \( -name '*.c' -o -name '*.h' \) -print | sort)); then
    python3 - "$marked" "$po/thidua.pot" <<'PY' || failed=1
import re, sys

def ids(path):
    """The msgids of a catalog (with their context), in the file's escaped form."""
    text = open(path, encoding="utf-8").read()
    out = set()
    for m in re.finditer(r'(?m)^(?:msgctxt "(.*)"\n)?msgid ((?:".*"\n)+)', text):
        mid = "".join(re.findall(r'"(.*)"', m.group(2)))
        if mid:
            out.add((m.group(1), mid))
    return out

missing = sorted(ids(sys.argv[1]) - ids(sys.argv[2]), key=str)
for ctx, mid in missing:
    print(f'FAIL the code marks msgid "{mid}", which po/thidua.pot lacks; add it to po/*.po and po/thidua.pot')
sys.exit(1 if missing else 0)
PY
else
    echo "FAIL xgettext could not read the sources"
    failed=1
fi
rm -f "$marked"

[ "$failed" -eq 0 ] && echo "ok   the catalogs agree, and the code uses every message"
exit "$failed"
