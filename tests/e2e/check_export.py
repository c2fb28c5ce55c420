"""Reads back what test_export.c had `thidua export` write into DIR and
compares it with DIR/all.json (the same revision): the CSV files with
Python's csv module, the workbooks with openpyxl, and the workbooks'
statistics sheet against counts made here from the JSON. Run with Debian's
/usr/bin/python3 (python3-openpyxl). Exits non-zero naming each failure.

Usage: check_export.py DIR
"""
import csv
import datetime
import io
import json
import re
import sys
import unicodedata

import openpyxl

DIR = sys.argv[1]
failures = []


def check(what, ok, detail=""):
    if not ok:
        failures.append(f"{what}: {detail}")


# The CSV contract (docs/INTEGRATION.md): import columns + read-only ones.
CONTRACT = {
    "tasks": ({"ref", "title", "kind", "phase", "lead_unit", "support_units", "deadline",
               "description"}, {"id", "status", "progress", "overdue"}),
    "nominees": ({"ref", "kind", "name", "gender", "birth_year", "position", "workplace",
                  "field", "proposing_unit", "achievements", "criteria_met", "influential",
                  "new_factor", "propose", "period_from", "period_to", "honour_form",
                  "earlier_honours"}, {"id", "status", "disclosure_opened", "disclosure_close_from",
                                       "opinions", "complaints", "decision_reason", "files"}),
}

data = json.load(open(f"{DIR}/all.json", encoding="utf-8"))
tasks = {t["id"]: t for t in data["tasks"]}
nominees = {n["id"]: n for n in data["nominees"]}


def read_csv(path, bom):
    raw = open(path, "rb").read()
    check(f"{path} BOM", raw.startswith(b"\xef\xbb\xbf") == bom, f"starts {raw[:3]!r}")
    # outside quoted fields every line ends CRLF
    bare = re.sub(rb'"(?:[^"]|"")*"', b"", raw)
    check(f"{path} CRLF", b"\n" in bare and bare.count(b"\n") == bare.count(b"\r\n"),
          "a line ends without CR")
    text = raw.decode("utf-8-sig" if bom else "utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def yes_no(b):
    return "yes" if b else "no"


def check_tasks_csv(rows, path):
    header = set(rows[0].keys())
    need, read_only = CONTRACT["tasks"]
    check(f"{path} header", need <= header and header <= need | read_only, sorted(header))
    check(f"{path} rows", len(rows) == len(tasks), len(rows))
    for r in rows:
        t = tasks[r["id"]]
        for col in ("title", "kind", "phase", "lead_unit", "deadline", "status"):
            check(f"{path} {r['id']} {col}", r[col] == t.get(col, ""), f"{r[col]!r} vs {t.get(col)!r}")
        check(f"{path} {r['id']} description", r["description"] == t.get("description", ""),
              repr(r["description"]))
        check(f"{path} {r['id']} ref", r["ref"] == (t.get("ref") or t["id"]), r["ref"])
        check(f"{path} {r['id']} support", r["support_units"] == ";".join(t.get("support_units", [])),
              r["support_units"])
        check(f"{path} {r['id']} overdue", r["overdue"] == yes_no(t.get("overdue")), r["overdue"])
        check(f"{path} {r['id']} progress", int(r["progress"]) == t.get("progress", 0), r["progress"])


def check_nominees_csv(rows, path):
    header = set(rows[0].keys())
    need, read_only = CONTRACT["nominees"]
    check(f"{path} header", need <= header and header <= need | read_only, sorted(header))
    check(f"{path} rows", len(rows) == len(nominees), len(rows))
    for r in rows:
        n = nominees[r["id"]]
        for col in ("name", "kind", "field", "proposing_unit", "achievements", "status",
                    "disclosure_opened", "disclosure_close_from", "honour_form"):
            check(f"{path} {r['id']} {col}", r[col] == n.get(col, ""), f"{r[col]!r} vs {n.get(col)!r}")
        check(f"{path} {r['id']} criteria", r["criteria_met"] == ";".join(n.get("criteria_met", [])),
              r["criteria_met"])
        check(f"{path} {r['id']} propose",
              r["propose"] == yes_no(n["status"] not in ("draft", "withdrawn")), r["propose"])
        check(f"{path} {r['id']} birth_year", r["birth_year"] == str(n.get("birth_year", "")),
              r["birth_year"])
        check(f"{path} {r['id']} decision_reason", r["decision_reason"] == n.get("decision_reason", ""),
              r["decision_reason"])
        opinions = [f"{o['agency']}: {'favorable' if o.get('favorable') else 'unfavorable'}: "
                    f"{o.get('text', '')}" for o in n.get("opinions", [])]
        check(f"{path} {r['id']} opinions", r["opinions"] == "\n".join(opinions), repr(r["opinions"]))
        honours = [f"{h['year']}|{h['form']}|{h.get('decision_number', '')}"
                   for h in n.get("earlier_honours", [])]
        check(f"{path} {r['id']} earlier_honours", r["earlier_honours"] == "\n".join(honours),
              repr(r["earlier_honours"]))
        complaints = [f"{c['number']}: {c['text']}: {'resolved' if c.get('resolved') else 'not resolved'}"
                      + (f": {c['resolution']}" if c.get("resolution") else "")
                      for c in n.get("complaints", [])]
        check(f"{path} {r['id']} complaints", r["complaints"] == "\n".join(complaints),
              repr(r["complaints"]))
    check(f"{path} an opinion is there", any(r["opinions"] for r in rows), "")
    check(f"{path} a complaint is there", any(r["complaints"] for r in rows), "")
    check(f"{path} a decision reason is there", any(r["decision_reason"] for r in rows), "")
    check(f"{path} a disclosure window's dates are there",
          any(r["disclosure_opened"] and r["disclosure_close_from"] for r in rows), "")


check_tasks_csv(read_csv(f"{DIR}/csv/tasks.csv", True), "csv/tasks.csv")
check_tasks_csv(read_csv(f"{DIR}/tasks-nobom.csv", False), "tasks-nobom.csv")
check_nominees_csv(read_csv(f"{DIR}/csv/nominees.csv", True), "csv/nominees.csv")
reports = read_csv(f"{DIR}/csv/reports.csv", True)
check("reports.csv rows", len(reports) == len(data["reports"]), len(reports))
check("reports.csv columns", list(reports[0].keys()) ==
      ["task_id", "task_ref", "time", "unit", "actor", "actor_name", "percent", "text", "document",
       "document_version", "document_size"], list(reports[0].keys()))
for r, j in zip(reports, data["reports"]):
    check("reports.csv text", r["text"] == j.get("text", ""), repr(r["text"]))
    check("reports.csv task", r["task_id"] == j["task"], r["task_id"])
    check("reports.csv reporter's name", r["actor_name"] == j.get("actor_name", ""), r["actor_name"])
    when = datetime.datetime.fromisoformat(r["time"])
    check("reports.csv time", int(when.timestamp() * 1000) // 1000 == j["time_ms"] // 1000, r["time"])
    a = j.get("attachment") or {}
    check("reports.csv document", r["document"] == a.get("name", ""), r["document"])
    check("reports.csv version", r["document_version"] == str(j.get("version") or ""),
          r["document_version"])
    check("reports.csv size", r["document_size"] == str(a.get("size") or ""), r["document_size"])
check("reports.csv names a document", any(r["document"] == "bao-cao-tong-ket.pdf" for r in reports),
      [r["document"] for r in reports])
# The quoting the seed needs: a comma and quotes in a title, a newline in a
# description, a semicolon and quotes in a report.
raw = open(f"{DIR}/csv/tasks.csv", encoding="utf-8-sig").read()
check("title quoted", '"Báo cáo ""tổng kết"", giai đoạn 2016–2020"' in raw, raw[:300])
check("newline kept in quotes", '"Dòng một\nDòng hai, có dấu phẩy"' in raw, raw[:300])


def sheet_rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def check_workbook(path, names, labels):
    wb = openpyxl.load_workbook(path)
    check(f"{path} sheets", wb.sheetnames == names, wb.sheetnames)
    summary, ts, ns, rs = (wb[n] for n in names[:4])
    check(f"{path} revision", summary["B1"].value == data["revision"], summary["B1"].value)
    check(f"{path} exported at", summary["B2"].is_date, summary["B2"].value)
    rows = sheet_rows(ts)
    check(f"{path} task header", rows[0][:3] == labels, rows[0])
    check(f"{path} task rows", len(rows) == len(tasks) + 1, len(rows))
    check(f"{path} frozen", ts.freeze_panes == "A2", ts.freeze_panes)
    check(f"{path} autofilter", ts.auto_filter.ref == f"A1:L{len(tasks) + 1}", ts.auto_filter.ref)
    check(f"{path} nominee frozen", ns.freeze_panes == "A2" and rs.freeze_panes == "A2", "")
    for r in range(2, ts.max_row + 1):
        t = tasks[ts.cell(r, 1).value]
        title = ts.cell(r, 3).value
        check(f"{path} title NFC", title == t["title"] and unicodedata.is_normalized("NFC", title),
              title)
        d = ts.cell(r, 9)
        check(f"{path} deadline is a date", d.is_date and d.value.date().isoformat() == t["deadline"],
              d.value)
        fill = ts.cell(r, 3).fill.fgColor.rgb
        check(f"{path} overdue highlight {t['id']}", (fill == "FFFFC7CE") == bool(t.get("overdue")),
              fill)
        check(f"{path} widths", ts.column_dimensions["C"].width >= 20, ts.column_dimensions["C"].width)
    names_col = [ns.cell(r, 4).value for r in range(2, ns.max_row + 1)]
    check(f"{path} NFD name arrives NFC", "Trần Thị Bích" in names_col, names_col)
    check(f"{path} report time is a date", rs.cell(2, 3).is_date, rs.cell(2, 3).value)
    report_rows = sheet_rows(rs)
    check(f"{path} reports name the document",
          any(row[8] == "bao-cao-tong-ket.pdf" and row[9] == 1 for row in report_rows[1:]),
          report_rows[1:])
    nominee_rows = sheet_rows(ns)
    if names[0] == "Tổng hợp":
        # the unit's claim is named as one (the checks are the office's), and
        # the yes/no column is not the status "Đã đề xuất"
        check(f"{path} nominee headers say what the columns hold",
              "Tiêu chuẩn đơn vị nêu" in nominee_rows[0] and "Gửi đề xuất" in nominee_rows[0]
              and "Tiêu chuẩn đạt" not in nominee_rows[0] and "Đã đề xuất" not in nominee_rows[0], nominee_rows[0])
    check(f"{path} nominee opinion", any(row[16] and "Công an tỉnh" in row[16]
                                         for row in nominee_rows[1:]), nominee_rows[1:])
    check(f"{path} nominee complaint", any(row[17] and "Đơn phản ánh" in row[17]
                                           for row in nominee_rows[1:]), "")
    check(f"{path} nominee decision reason", any(row[18] for row in nominee_rows[1:]), "")
    # printed: landscape, readable across the pages, the header row on every page
    for sheet in (ts, ns, rs):
        check(f"{path} {sheet.title} landscape", sheet.page_setup.orientation == "landscape",
              sheet.page_setup.orientation)
        # as many pages wide as keep 280 characters of columns a page (half
        # of full size or more), each page repeating id, reference, kind, name
        wide = sheet.page_setup.fitToWidth or 1
        chars = sum(d.width or 0 for d in sheet.column_dimensions.values())
        check(f"{path} {sheet.title} fit width", sheet.sheet_properties.pageSetUpPr.fitToPage and
              chars / wide <= 280 and (wide == 1 or sheet.print_title_cols == "$A:$D"),
              (wide, chars, sheet.print_title_cols))
        check(f"{path} {sheet.title} title rows", sheet.print_title_rows in ("1:1", "$1:$1"),
              sheet.print_title_rows)
        check(f"{path} {sheet.title} footer", "&P" in (sheet.oddFooter.center.text or ""),
              sheet.oddFooter.center.text)
    # the quota table: rows 8-15, field x kind: selected, quota, proposals
    table = {(r[0], r[1]): r[2:] for r in sheet_rows(summary)[7:15]}
    return table


vi = check_workbook(f"{DIR}/all.xlsx", ["Tổng hợp", "Nhiệm vụ", "Gương điển hình", "Báo cáo tiến độ",
                                        "Thống kê"],
                    ["Nhiệm vụ", "Mã tham chiếu", "Tên nhiệm vụ"])
check("culture individual", vi[("Văn hóa", "Cá nhân")] == [1, 2, "1 / 2", 1],
      vi[("Văn hóa", "Cá nhân")])
check("economy collective", vi[("Kinh tế", "Tập thể")] == [0, 1, "0 / 1", 1],
      vi[("Kinh tế", "Tập thể")])
check("society individual", vi[("Xã hội", "Cá nhân")] == [0, None, "0 / -", 0],
      vi[("Xã hội", "Cá nhân")])
en = check_workbook(f"{DIR}/all-en.xlsx", ["Summary", "Tasks", "Nominees", "Progress reports",
                                           "Statistics"],
                    ["Task", "Reference", "Title"])
check("en culture individual", en[("culture", "individual")] == [1, 2, "1 / 2", 1],
      list(en.keys()))



def stats_tables(ws):
    """The statistics sheet's tables: (title, header, rows) under each
    title (a row with only its first cell), row 1 being the caption."""
    rows, tables, i = sheet_rows(ws), [], 1
    while i < len(rows):
        r = rows[i]
        if r[0] is not None and all(v is None for v in r[1:]) and i + 1 < len(rows):
            j = i + 2
            while j < len(rows) and any(v is not None for v in rows[j]):
                j += 1
            tables.append((r[0], rows[i + 1], rows[i + 2:j]))
            i = j
        else:
            i += 1
    return rows[0][0], tables


def check_stats_sheet(path, sheet, words):
    """The statistics sheet's totals against the counts of all.json (the same
    revision): nominees per status, tasks and the overdue, the selected."""
    caption, tables = stats_tables(openpyxl.load_workbook(path)[sheet])
    check(f"{path} stats caption names the revision", str(data["revision"]) in caption, caption)
    check(f"{path} stats tables", len(tables) == 6, [t[0] for t in tables])
    if len(tables) != 6:
        return
    for k in (0, 1, 2):  # by field and kind, by unit, by level: the same totals
        title, head, body = tables[k]
        total = body[-1]
        check(f"{path} {title} closes with the sum", total[0] == words["all"], total)
        check(f"{path} {title} total", total[head.index(words["total"])] == len(nominees), total)
        for status, label in words["nominee"].items():
            want = sum(1 for n in nominees.values() if n.get("status", "draft") == status)
            check(f"{path} {title} {status}", total[head.index(label)] == want, (total, want))
        rows_sum = sum(r[head.index(words["total"])] for r in body[:-1])
        check(f"{path} {title} rows add up", rows_sum == len(nominees), rows_sum)
    title, head, body = tables[3]
    selected = sum(1 for n in nominees.values() if n.get("status") == "selected")
    check(f"{path} {title} selected", body[-1][head.index(words["selected"])] == selected, body[-1])
    for k in (4, 5):
        title, head, body = tables[k]
        total = body[-1]
        overdue = sum(1 for t in tasks.values() if t.get("overdue"))
        check(f"{path} {title} total", total[head.index(words["total"])] == len(tasks), total)
        check(f"{path} {title} overdue", total[head.index(words["overdue"])] == overdue,
              (total, overdue))


check_stats_sheet(f"{DIR}/all.xlsx", "Thống kê", {
    "all": "Tổng cộng", "total": "Tổng số", "overdue": "Quá hạn", "selected": "Được tuyên dương",
    "nominee": {"draft": "Dự thảo", "proposed": "Đã đề xuất", "vetting": "Đang thẩm định",
                "vetted": "Đã thẩm định", "selected": "Được tuyên dương", "rejected": "Không chọn",
                "withdrawn": "Đã rút"}})
check_stats_sheet(f"{DIR}/all-en.xlsx", "Statistics", {
    "all": "All", "total": "Total", "overdue": "Overdue", "selected": "Selected",
    "nominee": {"draft": "draft", "proposed": "proposed", "vetting": "vetting", "vetted": "vetted",
                "selected": "selected", "rejected": "rejected", "withdrawn": "withdrawn"}})

for f in failures:
    print("FAIL", f)
print(f"check_export: {len(failures)} failures")
sys.exit(1 if failures else 0)
