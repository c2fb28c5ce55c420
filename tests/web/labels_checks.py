#!/usr/bin/python3
"""One source for the words: GET /api/labels serves libthidua's tables
(client/labels.c), the words the CLI prints, in Vietnamese and English,
before anyone signs in, with the order the CLI lists the kinds of nominee
in; and no page module keeps its own copy of a word it serves.
Usage: labels_checks.py URL THIDUA STATIC_DIR
  (run by tests/e2e/test_web.sh, after nominee N-1 of unit SO-NV is proposed;
  THIDUA_SERVER, THIDUA_SERVER_KEY and THIDUA_KEY in the environment)
Each check prints ok/FAIL; the exit status is the number of failures."""
import glob
import json
import os
import re
import subprocess
import sys

from webcheck import Http, check, failures

URL, THIDUA, STATIC = sys.argv[1:4]


def cells(lang, *args):
    """What the CLI prints, as cells: lines split where two spaces or more part them."""
    out = subprocess.run([THIDUA, "--lang", lang, *args], capture_output=True, text=True, timeout=30).stdout
    return {c.strip() for line in out.split("\n") for c in re.split(r"\s{2,}", line) if c.strip()}


# no cookie: before sign-in; a bare GET, no page's headers either
st, words, h = Http(URL).json("GET", "/api/labels", ctype=None, lang=None, origin=None)
check("GET /api/labels without a session: 200, JSON", st == 200 and words is not None
      and h.get("Content-Type", "").startswith("application/json"), st)
check("both languages, the same keys, and the order of the kinds", set(words) == {"vi", "en", "order"}
      and set(words["vi"]) == set(words["en"]), (sorted(words), set(words.get("vi", {})) ^ set(words.get("en", {}))))
vi, en = words["vi"], words["en"]
check("every table of the catalog is there",
      all(any(k.startswith(p) for k in vi) for p in
          ("st_", "kind_", "phase_", "ns_", "f_", "nk_", "uk_", "role_", "cr_", "di_", "k_", "v_", "fl_", "ty_", "lvl_", "pt_")),
      sorted({k.split("_")[0] for k in vi}))

# the words the CLI prints for nominee N-1 and unit SO-NV, in each language
for lang, w in (("vi", vi), ("en", en)):
    shown = cells(lang, "nominee", "show", "N-1") | cells(lang, "unit", "show", "SO-NV")
    for key in ("nk_individual", "f_culture", "ns_proposed", "di_not_opened", "v_create", "v_propose",
                "uk_department"):
        check(f"{lang}: {key} is the word the CLI prints ({w.get(key)!r})", w.get(key) in shown,
              sorted(shown)[:40])
# the kinds of nominee in the order the CLI's statistics list them in
# each field: collectives first
stats = json.loads(subprocess.run([THIDUA, "--json", "stats"], capture_output=True, text=True, timeout=30).stdout)
cli_kinds = [r["kind"] for r in stats["nominees"]["by_field_kind"] if r["field"] == "economy"]
check("order.nk: the kinds in the order `thidua stats` lists them, Tập thể before Cá nhân",
      words.get("order", {}).get("nk") == cli_kinds == ["collective", "individual"], (words.get("order"), cli_kinds))
check("vi: a status is the catalog's, not a copy", vi.get("st_submitted") == "Chờ duyệt", vi.get("st_submitted"))
check("en: an event kind", en.get("k_task.report") == "progress reported", en.get("k_task.report"))

# the pages keep no copy of a word /api/labels serves (page-only words stay)
copies = []
for path in sorted(glob.glob(os.path.join(STATIC, "*.js"))):
    with open(path, encoding="utf-8") as f:
        for m in re.finditer(r'(?:^|[\s{,])"?([a-z]+_[A-Za-z_.]+)"?\s*:\s*"', f.read()):
            if m.group(1) in vi:
                copies.append(f"{os.path.basename(path)}: {m.group(1)}")
check("no page module defines a word of the catalog itself", not copies, copies[:20])

sys.exit(failures())
