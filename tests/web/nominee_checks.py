#!/usr/bin/python3
"""The nominee pages in a real browser (headless Chromium through selenium),
four people at once. The unit drafts a nominee (a refused birth year shows
beside its field, with what was typed kept), attaches two dossier files (a
file of another kind is refused, saying so) and proposes it; the office
finds it with a search without diacritics, downloads a dossier file byte
for byte, vets it through every step (a
criterion recorded with the keyboard alone, a police opinion, public
disclosure, a complaint logged and settled, a recommendation refused while
disclosure is open and taken once it is closed); a complaint is not offered
outside disclosure and the broker refuses one forced through the API; an
action on a stale revision is refused. The chair selects it on the decision
page; with a quota of 2, a second chair's competing selection of the last
place is refused by the broker and the page says so; a rejection needs a
reason; the dossier fits a phone. Saves web-dossier.png, web-decision.png
(both in docs/) and web-dossier-phone.png.
Usage: nominee_checks.py BASE_URL SCREENSHOT_DIR"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from webcheck import (SLACK_S, WebDriverWait, api, browser, check, choose, failures, go, press, refusal, shown,
                      sign_in, text, tick, type_in, within)

BASE, SHOTS = sys.argv[1], sys.argv[2]


def printed(d):
    """The page as the browser prints it (print CSS, A4): its text and size."""
    from selenium.webdriver.common.print_page_options import PrintOptions
    opts = PrintOptions()
    opts.page_width, opts.page_height = 21.0, 29.7  # what a Vietnamese office prints on
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(base64.b64decode(d.print_page(opts)))
        f.flush()
        txt = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True).stdout
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    a4 = bool(size) and abs(float(size.group(1)) - 595) < 3 and abs(float(size.group(2)) - 842) < 3
    return {"text": txt, "info": info, "a4": a4}


def history(d):
    return text(d, "#x-history")


unit = office = chair = chair2 = None
try:
    unit, office = browser(True), browser(True)
    sign_in(unit, BASE, "nv-nom", "first-unit-nom", "unit-nom-pass-2")
    sign_in(office, BASE, "office-nom", "first-office-n", "office-nom-pass-2")

    # the unit drafts: the broker refuses a birth year beside its field, the form keeps the rest
    press(unit, "nav-nominees")
    check("the list shows the nominees already proposed", within(unit, 3, lambda d: "Nguyễn Thị Lan" in text(d, "#n-list")))
    press(unit, "b-nom-new")
    WebDriverWait(unit, SLACK_S).until(lambda d: d.find_element(By.ID, "f-nom").is_displayed())
    check("the office has no drafting control", not office.find_elements(By.ID, "b-nom-new")
          and not office.find_elements(By.ID, "f-nom"))
    press(unit, "m-save")
    check("an empty new dossier marks its name, kind and field at once, each beside its box",
          within(unit, 3, lambda d: d.execute_script(
              "return ['name', 'kind', 'field'].every((f) => document.querySelector(`#f-nom [data-f='${f}']`)"
              ".classList.contains('is-invalid'))")), text(unit, "#f-nom"))
    Select(unit.find_element(By.ID, "m-kind")).select_by_value("individual")
    Select(unit.find_element(By.ID, "m-field")).select_by_value("society")
    type_in(unit, "m-name", "nguyen thi LAN")
    check("a name already in the system is noted as it is typed, marks and case aside",
          within(unit, 3, lambda d: "Lưu ý: đã có gương điển hình cùng tên: N-" in text(d, "#m-same-name")),
          text(unit, "#m-same-name"))
    type_in(unit, "m-name", "Trần Thị Bích")
    check("a new name is not", within(unit, 3, lambda d: text(d, "#m-same-name") == ""), text(unit, "#m-same-name"))
    check("gender is a choice of the two, in the page's words",
          [o.text for o in Select(unit.find_element(By.ID, "m-gender")).options] == ["— chọn —", "Nam", "Nữ"],
          [o.text for o in Select(unit.find_element(By.ID, "m-gender")).options])
    Select(unit.find_element(By.ID, "m-gender")).select_by_value("Nữ")
    type_in(unit, "m-birth_year", "1700")
    type_in(unit, "m-position", "Trưởng phòng")
    type_in(unit, "m-workplace", "Trung tâm Công tác xã hội tỉnh")
    type_in(unit, "m-achievements", "Mười năm chăm lo trẻ em mồ côi, vận động 2 tỷ đồng")
    tick(unit, "m-criteria_met", "TC1")
    press(unit, "m-influential")
    press(unit, "m-save")
    check("the refused birth year shows beside its field, in Vietnamese",
          within(unit, 3, lambda d: "1700" in text(d, "#f-nom .invalid-feedback.d-block")
                 and "is-invalid" in d.find_element(By.ID, "m-birth_year").get_attribute("class")),
          text(unit, "#f-nom"))
    check("what was typed stays", unit.find_element(By.ID, "m-name").get_attribute("value") == "Trần Thị Bích"
          and unit.find_element(By.ID, "m-achievements").get_attribute("value").startswith("Mười năm"))
    type_in(unit, "m-birth_year", "1978")
    press(unit, "m-save")
    check("the new dossier opens once the broker takes it",
          within(unit, 3, lambda d: d.find_element(By.ID, "x-title").text.endswith("Trần Thị Bích")), text(unit, "#x-title"))
    nid = unit.find_element(By.ID, "x-title").text.split(" · ")[0]
    other = "N-5"  # proposed by the script, before this nominee

    check("the draft shows its facts", "1978" in text(unit, "#x-facts") and "Trung tâm Công tác xã hội tỉnh" in text(unit, "#x-facts")
          and "Dự thảo" in text(unit, "#x-badges") and "Nhân tố tích cực có sức ảnh hưởng" in text(unit, "#x-badges"),
          text(unit, "#x-facts"))
    press(unit, "b-nom-edit")
    type_in(unit, "m-position", "Phó Giám đốc")
    press(unit, "m-save")
    check("the unit edits its draft", within(unit, 3, lambda d: "Phó Giám đốc" in text(d, "#x-facts")))

    # the unit attaches two dossier files: each listed with its version, size, who and when
    tmp = tempfile.mkdtemp()
    dossier = {"Báo cáo thành tích.pdf": b"%PDF-1.4\n" + os.urandom(150000), "bien-ban-hop.docx": b"PK\x03\x04" + os.urandom(40000),
               "cai-dat.exe": b"MZ" + os.urandom(1000)}
    for name, data in dossier.items():
        with open(os.path.join(tmp, name), "wb") as f:
            f.write(data)
    check("no file is listed before one is attached", shown(unit, "x-nofiles") and shown(unit, "fu-attach"))
    for i, name in enumerate(("Báo cáo thành tích.pdf", "bien-ban-hop.docx"), 1):
        unit.find_element(By.ID, "a-file").send_keys(os.path.join(tmp, name))
        check(f"the chosen file's name shows ({i})", within(unit, 3, lambda d, n=name: n in text(d, "#a-file-name")))
        press(unit, "b-attach")
        check(f"dossier file {i} is attached and listed as version {i}",
              within(unit, 3, lambda d, n=name, i=i: len(d.find_elements(By.CSS_SELECTOR, "#x-files li")) == i
                     and n in text(d, "#x-files") and f"Bản {i}" in text(d, "#x-files")), text(unit, "#x-files"))
    check("the list names the size and who attached", "KiB" in text(unit, "#x-files") and "Đơn vị · Sở Nội vụ" in text(unit, "#x-files")
          and not shown(unit, "x-nofiles"), text(unit, "#x-files"))
    check("the history says a file was attached", "đính kèm tệp hồ sơ" in history(unit), history(unit))
    unit.find_element(By.ID, "a-file").send_keys(os.path.join(tmp, "cai-dat.exe"))
    said = refusal("fu-attach", "attachment")
    check("a file of a kind a dossier does not hold is refused when chosen, beside the field, saying which kinds it holds",
          within(unit, 3, lambda d: "PDF" in text(d, said) and "cai-dat.exe" in text(d, said)), text(unit, "#fu-attach"))
    check("and nothing was added", len(unit.find_elements(By.CSS_SELECTOR, "#x-files li")) == 2, text(unit, "#x-files"))
    press(unit, "b-propose")
    check("the unit proposes it", within(unit, 3, lambda d: "Đã đề xuất" in text(d, "#x-badges")))
    check("once proposed the unit can no longer edit it or attach files",
          not shown(unit, "b-nom-edit") and not shown(unit, "fu-attach") and shown(unit, "b-withdraw"))
    check("the feed names the nominee, not the unit's proposal counter",
          within(unit, 3, lambda d: nid in text(d, "#feed") and "/society/" not in text(d, "#feed")), text(unit, "#feed"))

    # the office finds it without diacritics, live
    press(office, "nav-nominees")
    office.find_element(By.ID, "n-search").send_keys("tran thi bich")
    check("'tran thi bich' finds 'Trần Thị Bích' and only it",
          within(office, 3, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#n-list tr")) == 1
                 and "Trần Thị Bích" in text(d, "#n-list") and "Đã đề xuất" in text(d, "#n-list")), text(office, "#n-list"))
    Select(office.find_element(By.ID, "n-status")).select_by_value("draft")
    check("the status filter", within(office, 3, lambda d: not d.find_elements(By.CSS_SELECTOR, "#n-list tr")))
    Select(office.find_element(By.ID, "n-status")).select_by_value("")
    Select(office.find_element(By.ID, "n-field")).select_by_value("society")
    check("the field filter", within(office, 3, lambda d: "Trần Thị Bích" in text(d, "#n-list")))
    press(office, f"#n-list tr[data-id='{nid}'] a", By.CSS_SELECTOR)
    WebDriverWait(office, SLACK_S).until(lambda d: shown(d, "fo-start"))
    check("a unit's control is not on the office's page", not office.find_elements(By.ID, "b-propose")
          and not office.find_elements(By.ID, "fu-attach"))
    check("the office sees both dossier files",
          within(office, 3, lambda d: "Báo cáo thành tích.pdf" in text(d, "#x-files") and "bien-ban-hop.docx" in text(d, "#x-files")),
          text(office, "#x-files"))
    got = json.loads(office.execute_async_script("""
        const [name, done] = arguments;
        const a = [...document.querySelectorAll("#x-files a")].find((x) => x.textContent === name);
        fetch(a.href, {credentials: "same-origin"}).then(async (r) => {
          const b = new Uint8Array(await r.arrayBuffer());
          let s = "";
          for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
          done(JSON.stringify({status: r.status, cd: r.headers.get("Content-Disposition") || "", b64: btoa(s)}));
        }).catch((e) => done(JSON.stringify({status: 0, cd: "", b64: "", err: String(e)})));""", "Báo cáo thành tích.pdf"))
    check("the office downloads a dossier file byte for byte, under its own name",
          got["status"] == 200 and base64.b64decode(got["b64"]) == dossier["Báo cáo thành tích.pdf"]
          and "filename*=UTF-8''" in got["cd"], {k: v for k, v in got.items() if k != "b64"})
    check("no complaint is offered before vetting", not shown(office, "fo-complaint"))
    press(office, "b-start")
    check("vetting starts", within(office, 3, lambda d: "Đang thẩm định" in text(d, "#x-badges")))
    check("no complaint is offered before disclosure opens", not shown(office, "fo-complaint"))
    forced = api(office, "nominee.complaint", {"id": nid, "text": "Đơn thư nặc danh"})
    check("a complaint forced through the API before disclosure is refused, in Vietnamese",
          forced["status"] >= 400 and "công khai" in json.dumps(forced["body"], ensure_ascii=False), forced)
    check("the unit sees vetting start live", within(unit, 3, lambda d: "Đang thẩm định" in text(d, "#x-badges")))

    # a criterion with the keyboard alone: Tab to the form, Space on "met", Enter to record
    office.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    keys = ActionChains(office)
    for _ in range(80):
        if office.execute_script("return document.activeElement.id") == "c-criterion":
            break
        keys.send_keys(Keys.TAB).perform()
    check("Tab reaches the criterion", office.execute_script("return document.activeElement.id") == "c-criterion")
    ActionChains(office).send_keys(Keys.TAB).send_keys(Keys.SPACE).perform()
    check("Space chooses 'Đạt'", office.find_element(By.ID, "c-met").is_selected())
    ActionChains(office).send_keys(Keys.TAB).send_keys("Xác nhận của Sở Lao động").send_keys(Keys.TAB).perform()
    check("Tab reaches the record button", office.execute_script("return document.activeElement.id") == "b-check")
    ActionChains(office).send_keys(Keys.ENTER).perform()
    check("the check is recorded, with who and when",
          within(office, 3, lambda d: "✔ Đạt" in text(d, "#x-checks tr[data-code='TC1']")
                 and "Cơ quan thường trực ·" in text(d, "#x-checks tr[data-code='TC1']")
                 and "Xác nhận của Sở Lao động" in text(d, "#x-checks tr[data-code='TC1']")),
          text(office, "#x-checks"))
    check("the focus ring shows where the keyboard is",
          office.execute_script("const s = getComputedStyle(document.activeElement);"
                                "return s.outlineStyle !== 'none' || s.boxShadow !== 'none'"))
    # a result not chosen: the broker's refusal beside the result
    Select(office.find_element(By.ID, "c-criterion")).select_by_value("TC2")
    press(office, "b-check")
    check("a check without a result is refused beside the result",
          within(office, 3, lambda d: text(d, "#c-result .invalid-feedback") != ""), text(office, "#fo-check"))
    press(office, "c-not")
    type_in(office, "c-note", "Chưa có sáng kiến được công nhận")
    press(office, "b-check")
    check("TC2 recorded not met", within(office, 3, lambda d: "✘ Không đạt" in text(d, "#x-checks tr[data-code='TC2']")))
    type_in(office, "p-agency", "Công an tỉnh")
    type_in(office, "p-text", "Không vi phạm pháp luật")
    press(office, "p-favorable")
    press(office, "b-opinion")
    check("the police opinion is recorded",
          within(office, 3, lambda d: "Công an tỉnh · ✔ Đồng ý · Không vi phạm pháp luật" in text(d, "#x-opinions")),
          text(office, "#x-opinions"))
    type_in(office, "d-reason", "Cổng thông tin điện tử tỉnh")
    press(office, "b-disc-open")
    check("disclosure opens, with its date and, with no working-day minimum, nothing of one",
          within(office, 3, lambda d: "Đang lấy ý kiến · mở ngày" in text(d, "#x-disclosure"))
          and "tối thiểu" not in text(office, "#x-disclosure") and "sớm nhất" not in text(office, "#x-disclosure"),
          text(office, "#x-disclosure"))
    check("a complaint is offered while disclosure is open", within(office, 3, lambda d: shown(d, "fo-complaint")))
    type_in(office, "k-text", "Phản ánh về số tiền vận động")
    press(office, "b-complaint")
    check("the complaint is logged, unsettled",
          within(office, 3, lambda d: "Khiếu nại số 1" in text(d, "#x-complaints") and "Chưa giải quyết" in text(d, "#x-complaints")),
          text(office, "#x-complaints"))
    press(office, "b-recommend")
    check("a recommendation is refused while disclosure is open and a complaint stands, saying why",
          within(office, 3, lambda d: "công khai vẫn đang mở" in text(d, "#fo-recommend [data-err]")
                 and "số 1 chưa được giải quyết" in text(d, "#fo-recommend [data-err]")), text(office, "#fo-recommend"))
    press(office, "b-resolve")
    check("a settlement needs its text, said beside it",
          within(office, 3, lambda d: text(d, "#fo-resolve .invalid-feedback.d-block") != ""), text(office, "#fo-resolve"))
    type_in(office, "s-text", "Đã xác minh: số liệu đúng")
    press(office, "b-resolve")
    check("the complaint is settled",
          within(office, 3, lambda d: "Đã giải quyết: Đã xác minh: số liệu đúng" in text(d, "#x-complaints")), text(office, "#x-complaints"))
    check("... and the recommendation's refusal, said of the dossier before, goes with the change",
          within(office, 3, lambda d: text(d, "#fo-recommend [data-err]") == ""), text(office, "#fo-recommend"))
    press(office, "b-disc-close")
    check("disclosure closes, with both dates",
          within(office, 3, lambda d: "Đã kết thúc lấy ý kiến" in text(d, "#x-disclosure") and "kết thúc ngày" in text(d, "#x-disclosure")))
    check("a complaint is no longer offered", within(office, 3, lambda d: not shown(d, "fo-complaint")))
    # a stale page: an action on an older revision is refused, and says so
    stale = api(office, "nominee.opinion", {"id": nid, "agency": "Sở Tư pháp"}, 1)  # revision 1: long gone
    check("an action on a stale revision is refused (expected_revision)",
          stale["status"] >= 400 and stale["body"].get("error", {}).get("field") == "expected_revision", stale)
    # a page that missed a change: its action names the old revision and is refused, saying so
    office.execute_async_script("""
        const [id, done] = arguments;
        import("/state.js").then((m) => { m.S.records.get("nominee/" + id).nominee.meta.mod_revision = 1; done(); });""", nid)
    type_in(office, "p-agency", "Sở Tư pháp")
    press(office, "p-favorable")
    press(office, "b-opinion")
    check("the stale page's action is refused with a clear message, the text kept",
          within(office, 3, lambda d: "vừa được người khác thay đổi" in text(d, "#fo-opinion [data-err]"))
          and office.find_element(By.ID, "p-agency").get_attribute("value") == "Sở Tư pháp", text(office, "#fo-opinion"))
    check("and nothing was recorded", "Sở Tư pháp" not in text(office, "#x-opinions"))
    check("the page shows the dossier as it is now", office.execute_async_script("""
        const [id, done] = arguments;
        import("/state.js").then((m) => done(m.S.records.get("nominee/" + id).nominee.meta.mod_revision > 1));""", nid))
    office.find_element(By.ID, "p-agency").clear()
    type_in(office, "r-reason", "Tiêu biểu trong lĩnh vực xã hội")
    press(office, "b-recommend")
    check("the recommendation is taken", within(office, 3, lambda d: "Đã thẩm định" in text(d, "#x-badges")))
    check("the dossier says who recommended it, naming the standing office once",
          within(office, 3, lambda d: re.match(r"Cơ quan thường trực đề nghị tuyên dương · \d\d/\d\d/\d{4} \d\d:\d\d · "
                                               "Tiêu biểu trong lĩnh vực xã hội", text(d, "#x-outcome")))
          and text(office, "#x-outcome").count("Cơ quan thường trực") == 1, text(office, "#x-outcome"))
    check("... the account that recommended it in the tooltip",
          office.find_elements(By.CSS_SELECTOR, "#x-outcome [title='Tài khoản: office']") != [],
          office.find_element(By.ID, "x-outcome").get_attribute("innerHTML"))
    h = history(office)
    for want in ("bắt đầu thẩm định", "thẩm định tiêu chuẩn", "TC1: Đạt", "TC2: Không đạt", "ý kiến cơ quan", "mở công khai",
                 "khiếu nại", "giải quyết khiếu nại", "kết thúc công khai", "đề nghị tuyên dương", "đề xuất", "khởi tạo"):
        check(f"the history says '{want}'", want in h, h)
    for program in ("start_vetting", "disclosure_open", ": met", "recommend "):
        check(f"the history has no program word '{program}'", program not in h)
    check("the unit sees the recommendation live", within(unit, 3, lambda d: "Đã thẩm định" in text(d, "#x-badges")))
    check("the unit may no longer withdraw it", not shown(unit, "fu-act"))
    office.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
    office.save_screenshot(SHOTS + "/web-dossier.png")

    # the dossier on paper: A4, every fact, none of the screen's controls
    paper = printed(office)
    check("the printed dossier is A4", paper["a4"], paper["info"])
    for want in ("Trần Thị Bích", "Thẩm định tiêu chuẩn", "TC1", "Khiếu nại", "Quá trình", "phiên bản"):
        check(f"the printed dossier has '{want}'", want in paper["text"], paper["text"][:600])
    for gone in ("Đăng xuất", "Ghi kết quả", "Thay đổi mới", "Việc cần làm", "Tổng quan"):
        check(f"the printed dossier has no '{gone}'", gone not in paper["text"])

    # the office returns a proposal with a reason; the unit sees it live and withdraws it
    check("a dossier without earlier honours shows no warning", not shown(office, "x-overlap"))
    go(office, "#/nominee/" + other)
    go(unit, "#/nominee/" + other)
    check("an earlier honour of the form proposed, inside the period, is flagged to the office",
          within(office, 3, lambda d: "Cảnh báo: 1 khen thưởng đã nhận cùng hình thức" in text(d, "#x-overlap")
                 and "2018, Bằng khen của Chủ tịch UBND tỉnh, 1234/QĐ-UBND — ⚠ trùng hình thức" in text(d, "#x-facts")
                 and text(d, "#x-facts").rstrip().endswith("; 2014, Bằng khen của Chủ tịch UBND tỉnh, 88/QĐ-UBND")),
          text(office, "#x-facts"))
    press(office, "b-nom-return")
    check("a return without a reason is refused beside the reason",
          within(office, 3, lambda d: text(d, "#fo-return .invalid-feedback.d-block") != ""), text(office, "#fo-return"))
    type_in(office, "o-ret-reason", "Bổ sung xác nhận của địa phương")
    press(office, "b-nom-return")
    check("the unit sees the return and its reason live",
          within(unit, 3, lambda d: "Dự thảo" in text(d, "#x-badges") and "Bổ sung xác nhận của địa phương" in history(d)),
          text(unit, "#x-history"))
    check("the office may no longer vet it", not shown(office, "fo-start") and not shown(office, "fo-return"))
    unit.execute_script("""window.__withdrawn = 0; const f = window.fetch; window.fetch = (u, o) => {
      if (String(u).endsWith("/api/call/nominee.withdraw")) window.__withdrawn++; return f(u, o); };""")
    press(unit, "b-withdraw")
    check("a withdrawal is for good: the first press says so and sends nothing",
          within(unit, 3, lambda d: shown(d, "u-confirm") and "không đề xuất lại được" in text(d, "#u-confirm"))
          and unit.execute_script("return window.__withdrawn") == 0, text(unit, "#u-confirm"))
    press(unit, "b-withdraw")
    check("the second press withdraws it", within(unit, 3, lambda d: "Đã rút" in text(d, "#x-badges")
                                                  and not shown(d, "fu-act")), text(unit, "#x-badges"))
    go(office, "#/nominee/" + nid)

    # the chair decides; a second chair competes for the last place
    chair, chair2 = browser(True), browser(True)
    sign_in(chair, BASE, "chair-a", "first-chair-a1", "chair-a-pass-2")
    sign_in(chair2, BASE, "chair-b", "first-chair-b1", "chair-b-pass-2")
    check("the chair's overview lists the recommendations awaiting a decision",
          within(chair, 3, lambda d: nid in text(d, "#todo [data-todo='td_decide']")
                 and "Hồ sơ chờ quyết định (3)" in text(d, "#todo")), text(chair, "#todo-box"))
    for d in (chair, chair2):
        press(d, "nav-decision")
    group = "#k-groups [data-group='society/individual']"
    check("the decision page shows the quota and the candidates",
          within(chair, 3, lambda d: "Số lượng: 2 · đã chọn 0 · còn 2 suất" in text(d, group)
                 and "Trần Thị Bích" in text(d, group)), text(chair, "#k-groups"))
    check("influential ones first, marked in words",
          "★ Nhân tố tích cực có sức ảnh hưởng" in text(chair, f"{group} tbody tr:first-child"), text(chair, group))
    press(chair, f"k-select-{nid}")
    check("the chair selects it", within(chair, 3, lambda d: "Số lượng: 2 · đã chọn 1 · còn 1 suất" in text(d, group)), text(chair, group))
    check("the second chair's page follows live", within(chair2, 3, lambda d: "đã chọn 1" in text(d, group)))
    check("the office's dossier shows the decision live",
          within(office, 3, lambda d: "Quyết định: Được tuyên dương · Trưởng ban ·" in text(d, "#x-outcome")), text(office, "#x-outcome"))
    rest = [r.get_attribute("data-id") for r in chair.find_elements(By.CSS_SELECTOR, f"{group} tbody tr")
            if r.get_attribute("data-id") != nid]
    press(chair2, f"k-reject-{rest[1]}")
    check("a rejection without a reason is refused beside the reason",
          within(chair2, 3, lambda d: text(d, f"[data-id='{rest[1]}'] .invalid-feedback.d-block") != ""), text(chair2, group))
    # the second chair's page as it was before the first takes the last
    # place: a press in that moment meets the broker's refusal
    chair2.execute_async_script("""
        const [id, done] = arguments;
        import("/state.js").then((m) => { window.before = structuredClone(m.S.records.get("nominee/" + id)); done(); });""",
                                rest[0])
    press(chair, f"k-select-{rest[0]}")
    check("the first chair takes the last place", within(chair, 3, lambda d: "đã chọn 2" in text(d, group)
                                                         and "đã đủ số lượng" in text(d, group)))
    check("the quota full, the other's select is off on the second chair's page, saying why",
          within(chair2, 3, lambda d: not d.find_element(By.ID, f"k-select-{rest[1]}").is_enabled()
                 and "Đã đủ số lượng tuyên dương" in text(d, f"form[data-id='{rest[1]}']")), text(chair2, group))
    chair2.execute_async_script("""
        const [id, done] = arguments;
        Promise.all([import("/state.js"), import("/decision.js")]).then(([s, m]) => {
          s.S.records.set("nominee/" + id, window.before); m.renderDecision(); done(); });""", rest[0])
    press(chair2, f"k-select-{rest[1]}")
    refusal = f"form[data-id='{rest[1]}'] [data-err]"  # in the candidate's own row, where the chair pressed
    check("the competing selection is refused by the broker, and the page says so",
          within(chair2, 3, lambda d: "2 trên 2" in text(d, refusal)
                 and "Xã hội/Cá nhân" in text(d, refusal) and "society" not in text(d, refusal)
                 and d.find_element(By.CSS_SELECTOR, refusal).is_displayed()), text(chair2, group))
    check("the refused one stays recommended",
          "Đã thẩm định" in text(chair2, f"{group} tr[data-id='{rest[1]}']"), text(chair2, group))
    chair2.execute_async_script("""
        const [id, done] = arguments;  // the page as the broker has it again
        Promise.all([import("/nominees.js"), import("/decision.js")]).then(([n, m]) =>
          n.reread(id).then(() => { m.renderDecision(); done(); }));""", rest[0])
    chair2.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
    chair2.save_screenshot(SHOTS + "/web-decision.png")
    press(chair2, "lang")
    check("the English switch relabels the decision page",
          within(chair2, 3, lambda d: "Quota: 2 · 2 selected · ⚠ quota full" in text(d, group)
                 and d.find_element(By.ID, f"k-select-{rest[1]}").text == "Select"), text(chair2, group))
    press(chair2, "lang")
    chair2.find_element(By.ID, f"k-reason-{rest[1]}").send_keys("Đã đủ số lượng của lĩnh vực")
    press(chair2, f"k-reject-{rest[1]}")
    check("with a reason the rejection is taken",
          within(chair2, 3, lambda d: "Không chọn" in text(d, f"{group} tr[data-id='{rest[1]}']")
                 and "Đã đủ số lượng của lĩnh vực" in text(d, f"{group} tr[data-id='{rest[1]}']")), text(chair2, group))
    press(office, "nav-decision")
    check("the office sees the decisions, without the chair's controls",
          within(office, 3, lambda d: "Đã đủ số lượng của lĩnh vực" in text(d, group))
          and not office.find_elements(By.CSS_SELECTOR, "#k-groups button"), text(office, "#k-groups"))
    for d in (chair, unit, office, chair2):
        check("no page shows an error", not d.find_element(By.ID, "error").is_displayed(), text(d, "#error"))
    chair.set_window_size(390, 844)
    go(chair, "#/nominee/" + nid)
    WebDriverWait(chair, SLACK_S).until(lambda d: shown(d, "dossier"))
    check("the dossier fits a phone", chair.execute_script("return document.documentElement.scrollWidth") <= 390,
          chair.execute_script("return document.documentElement.scrollWidth"))
    chair.save_screenshot(SHOTS + "/web-dossier-phone.png")
except Exception:
    for d in (unit, office, chair, chair2):
        if d:
            print("page:", d.find_element(By.TAG_NAME, "body").text[:800])
            for e in d.get_log("browser"):
                print("console:", e.get("message"))
    raise
finally:
    for d in (unit, office, chair, chair2):
        if d:
            d.quit()
sys.exit(failures())
