#!/usr/bin/python3
"""The statistics page in a real browser (headless Chromium): the office's
Thống kê shows the six tables with the figures of `thidua --json stats`,
its rows by field and kind in the CLI's order (Tập thể before Cá nhân),
follows a proposal made elsewhere without a reload, and lines up on a
phone; a unit account's page shows its own unit only. Saves
docs/web-stats.png (1366x768) and web-stats-phone.png.
Usage: stats_browser_checks.py BASE_URL THIDUA_BIN UNIT UNIT_KEY SCREENSHOT_DIR
(run by tests/e2e/test_web_stats.sh after stats_checks.py, which changed
both accounts' first passwords)."""
import json
import os
import subprocess
import sys

from selenium.webdriver.common.by import By

from webcheck import browser, check, failures, sign_in, within

BASE, THIDUA, UNIT, UNIT_KEY, SHOTS = sys.argv[1:6]


def tables(d):
    """Each table of the page: its title and its rows' cell texts."""
    return [tuple(t) for t in d.execute_script("""
        return [...document.querySelectorAll("#s-tables > div")].map((box) => [
          box.querySelector("h2").innerText,
          [...box.querySelectorAll("tr")].map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.innerText))]);""")]


def cli(*args, key=None):
    env = dict(os.environ, **({"THIDUA_KEY": key} if key else {}))
    out = subprocess.run([THIDUA, *args], capture_output=True, text=True, timeout=60, env=env)
    return out.returncode, out.stdout


def total_proposed(d):
    """The first table's closing row, under "Đã đề xuất"."""
    t = tables(d)
    if len(t) != 6:
        return None
    head, total = t[0][1][0], t[0][1][-1]
    return int(total[head.index("Đã đề xuất")])


office = browser()
sign_in(office, BASE, "office", "office-password-2", path="/#/stats", ready=None)
check("office: six tables drawn", within(office, 10, lambda d: len(tables(d)) == 6),
      [t[0] for t in tables(office)])
figures = json.loads(cli("--json", "stats")[1])
got = tables(office)
check("office: titles", got[0][0] == "Gương điển hình theo lĩnh vực, đối tượng và trạng thái"
      and got[4][0] == "Nhiệm vụ theo đơn vị chủ trì và trạng thái", [t[0] for t in got])
caption = office.find_element(By.ID, "s-caption").text
check("office: the caption names the revision", f"phiên bản dữ liệu {figures['revision']}" in caption, caption)
head, total = got[0][1][0], got[0][1][-1]
check("office: nominees total as the CLI counts",
      total[0] == "Tổng cộng" and int(total[head.index("Tổng số")]) == figures["nominees"]["total"],
      (head, total))
thead, ttotal = got[4][1][0], got[4][1][-1]
check("office: overdue tasks as the CLI counts",
      int(ttotal[thead.index("Quá hạn")]) == figures["tasks"]["overdue"], ttotal)
# collectives before individuals in each field, in the table by field and
# kind and in the quotas', as the CLI and the XLSX sheet list them
WORDS = {"economy": "Kinh tế", "culture": "Văn hóa", "society": "Xã hội",
         "defense_security": "Quốc phòng - An ninh", "collective": "Tập thể", "individual": "Cá nhân"}
by_fk = [tuple(r[:2]) for r in got[0][1][1:-1]]
quota_fk = [tuple(r[:2]) for r in got[3][1][1:-1]]
check("office: Tập thể before Cá nhân in each field",
      len(by_fk) == 8 and by_fk[:2] == [("Kinh tế", "Tập thể"), ("Kinh tế", "Cá nhân")]
      and all(k == ("Tập thể", "Cá nhân")[i % 2] for i, (_, k) in enumerate(by_fk)), by_fk)
cli_fk = [(WORDS.get(r["field"]), WORDS.get(r["kind"])) for r in figures["nominees"]["by_field_kind"]]
check("office: ... the rows of both tables in the order of `thidua --json stats`",
      by_fk == cli_fk and quota_fk == cli_fk, (by_fk, quota_fk, cli_fk))
check("office: levels in words", [r[0] for r in got[2][1][1:-1]] ==
      ["Sở, ban, ngành, đoàn thể tỉnh", "Huyện, thị xã, thành phố", "Lực lượng vũ trang", "Doanh nghiệp"],
      got[2][1])
os.makedirs(SHOTS, exist_ok=True)
office.save_screenshot(os.path.join(SHOTS, "web-stats.png"))

# a draft proposed by the unit elsewhere reaches the page without a reload
before = total_proposed(office)
rc, out = cli("--json", "nominee", "list", "--status", "draft", "--unit", UNIT)
draft = json.loads(out)["nominees"]["nominees"][0]["id"]
check("unit proposes a draft", cli("nominee", "propose", draft, key=UNIT_KEY)[0] == 0, draft)
check("office: the page follows without reload",
      within(office, 5, lambda d: total_proposed(d) == before + 1), (before, total_proposed(office)))
office.quit()

unit = browser()
unit.set_window_size(390, 844)  # a phone: the tables scroll inside their box
sign_in(unit, BASE, "nv", "unit-password-22", path="/#/stats", ready=None)
check("unit: six tables drawn", within(unit, 10, lambda d: len(tables(d)) == 6), "")
got = tables(unit)
check("unit: only its own unit", [r[0] for r in got[1][1][1:-1]] == [UNIT], got[1][1])
check("unit: the caption says so", UNIT in unit.find_element(By.ID, "s-caption").text,
      unit.find_element(By.ID, "s-caption").text)
width = unit.execute_script("return document.documentElement.scrollWidth")
check("unit: the phone page does not scroll sideways (tables scroll in their box)", width <= 400, width)
unit.save_screenshot(os.path.join(SHOTS, "web-stats-phone.png"))
unit.quit()

print(f"stats_browser_checks: {failures()} failures")
sys.exit(failures())
