#!/usr/bin/env bash
# docs/GLOSSARY.md says its tables hold the words the screens show: each
# row of a table marked <!-- glossary: words --> must be a vi/en pair of
# client/labels.c, the one table the CLI, the monitor and the web read.
# Usage: bash glossary.sh SOURCE_DIR
set -uo pipefail
src=$1
python3 - "$src/docs/GLOSSARY.md" "$src/client/labels.c" <<'PY'
import re, sys
doc, labels = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
pairs = set(re.findall(r'"([^"]*)",\s*"([^"]*)"\}', labels))
rows, bad, marked = 0, [], False
for line in doc.splitlines():
    if line.strip() == "<!-- glossary: words -->":
        marked = True
        continue
    if not line.startswith("|"):
        if line.strip():
            marked = False
        continue
    cells = [c.strip() for c in line.strip("|").split("|")]
    if not marked or len(cells) != 3 or cells[0] in ("code", "---"):
        continue
    rows += 1
    if (cells[1], cells[2]) not in pairs:
        bad.append(f"{cells[0]}: '{cells[1]}' / '{cells[2]}' is not a pair in client/labels.c")
for b in bad:
    print("FAIL", b)
print(f"{rows - len(bad)} of {rows} glossary rows match client/labels.c")
sys.exit(1 if bad or rows < 40 else 0)
PY
