#!/usr/bin/env bash
# The XLSX export prints as a chair needs it: LibreOffice (headless, as CI
# runs it) turns the workbook into a PDF, and the task sheet of the demo
# congress (47 tasks), and of a congress three times its size, takes at
# most one page per 30 tasks, with the header row on every page; the
# statistics sheet prints after it.
# Usage: bash test_export_print.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
DEMO=$SRC/scripts/demo-congress
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
for prog in soffice pdfinfo pdftotext; do
  command -v "$prog" >/dev/null || { echo "FAIL $prog is missing: run scripts/setup"; exit 1; }
done

# print NAME TASKS: converts $T/NAME.xlsx (a summary sheet, then the tasks)
# and checks the task sheet's pages. LibreOffice gets its own profile, so
# it runs as root and beside another instance.
print() {
  local name=$1 tasks=$2
  check "${name}_export" 0 thidua export tasks -o "$T/$name.xlsx" --title "Đại hội Thi đua yêu nước tỉnh Ninh Bình"
  check "${name}_to_pdf" 0 timeout 180 soffice -env:UserInstallation=file://$T/lo-profile \
    --headless --convert-to pdf --outdir "$T" "$T/$name.xlsx"
  check "${name}_pages" 0 python3 - "$T/$name.pdf" "$tasks" <<'PY'
import math, re, subprocess, sys
pdf, tasks = sys.argv[1], int(sys.argv[2])
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
text = [subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"],
                       capture_output=True, text=True, check=True).stdout
        for p in range(1, pages + 1)]
# The summary sheet is the first page, then the task sheet; the statistics
# sheet comes last, from the page that opens with its caption.
assert "Tổng hợp" in text[0] and "Chỉ tiêu" in text[0], text[0][:400]
# a number and the text in the next cell print apart: the quota 5 beside
# "0 / 5" (not "50 / 5"), a progress beside its "không" (not "100không")
assert re.search(r"\b5\s+0\s*/\s*5\b", text[0]), text[0][:3000]
stats = next((i for i, p in enumerate(text) if "Thống kê tại phiên bản dữ liệu" in p), None)
assert stats is not None, "the statistics sheet is not printed"
assert "Nhiệm vụ theo đơn vị chủ trì và trạng thái" in "\n".join(text[stats:]), "the statistics lack the task table"
task_pages = text[1:stats]
most = math.ceil(tasks / 30)
assert 1 <= len(task_pages) <= most, f"{len(task_pages)} task pages for {tasks} tasks (at most {most})"
for i, page in enumerate(task_pages, 2):
    assert re.search(r"Nhiệm vụ\s+Mã tham chiếu\s+Tên nhiệm vụ", page), f"page {i} lacks the header row"
    assert "Đại hội Thi đua yêu nước tỉnh Ninh Bình" in page, f"page {i} lacks the title"
    assert f"Trang {i}/{pages}" in page, f"page {i} lacks its number"
glued = re.findall(r"\d(?:không|có)\b", "\n".join(task_pages))
assert not glued, f"a number runs into the next cell's text: {glued[:5]}"
# a long title wraps in its cell, printed whole, not cut at the column's edge
# ("... thành phố Phan Rang - Thá", "... 2015-2020 (dự th")
flat = re.sub(r"\s+", " ", "\n".join(task_pages))
assert "Chàm" in flat and re.search(r"thảo lần 1\b", flat), "a long title is cut in print"
ids = set(re.findall(r"^\s*(T-\d+)\s", "\n".join(task_pages), re.M))
assert len(ids) == tasks, f"{len(ids)} of {tasks} tasks printed"
print(f"{tasks} tasks on {len(task_pages)} pages (at most {most}), each with the header row")
PY
  cat "$T/out"
}

start_server
check units 0 thidua import units "$DEMO/units.csv"
check quota 0 thidua quota set culture individual --max 5
thidua keygen "$T/office" >/dev/null
thidua principal add office --role office --public-key "$T/office.pub" >/dev/null
export THIDUA_KEY=$T/office.key
check demo_tasks 0 thidua import tasks "$DEMO/tasks.csv"
print demo 47

# three times the demo: more pages, each still with its header row
python3 - "$DEMO/tasks.csv" "$T/more.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=rows[0].keys())
    w.writeheader()
    for n in (2, 3):
        for r in rows:
            w.writerow(dict(r, ref=f"{r['ref']}-{n}"))
PY
check more_tasks 0 thidua import tasks "$T/more.csv"
print more 141

stop_server
summary
