#!/usr/bin/python3
"""The council's ballot in real browsers (headless Chromium through
selenium), against a real broker and gateway: the admin sets the threshold
(101 % refused beside the field, the typed value kept), the disclosure
minimum and the holidays (a bad date refused, the list kept); the office
opens a ballot on two recommended nominees; two council members vote, each
seeing only its own votes and the turnout arrive live (one votes by
keyboard alone, one changes a vote); the office closes it; the tally per
nominee is shown against the threshold in words; the chair's select of the
nominee below it is off with the reason beside it (and the broker refuses it
anyway), the one above it is selected; a unit adds an earlier honour to its draft (a bad
year refused beside the year); the office's disclosure shows the day the
broker's working-day rule lets it close and an early close is refused
naming that day. Saves docs/web-ballot.png (Vietnamese) and
web-ballot-phone.png (390 px wide).
Usage: ballot_checks.py BASE_URL SCREENSHOT_DIR BALLOT_IDS DRAFT_ID VETTING_ID
(BALLOT_IDS: two vetted nominees, comma-separated; the accounts are made by
tests/e2e/test_web.sh)."""
import os
import re
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from webcheck import api, browser, check, failures, go, press, refusal, shown, sign_in, text, type_in, within

BASE, SHOTS, IDS, DRAFT, VETTING = sys.argv[1:6]
A, B = IDS.split(",")  # A gets every yes, B one yes of two


def mine(d, ballot, nominee):
    return text(d, f"#bo-mine-{ballot}-{nominee}")


def turnout(d, ballot):
    return text(d, f"#bt-{ballot}")


def tally_row(d, ballot, nominee):
    return text(d, f'[data-ballot="{ballot}"] tr[data-nominee="{nominee}"]').replace("\n", " ")


people = {}
try:
    for who, name, pw in (("admin", "admin-bal", "first-admin-bal"), ("office", "office-bal", "first-office-b"),
                          ("hd1", "hd1-web", "first-council-1"), ("hd2", "hd2-web", "first-council-2"),
                          ("chair", "chair-bal", "first-chair-bb"), ("unit", "nv-bal", "first-unit-bal")):
        people[who] = browser()
        sign_in(people[who], BASE, name, pw, pw + "-2")
    adm, off, hd1, hd2, chair, unit = (people[k] for k in ("admin", "office", "hd1", "hd2", "chair", "unit"))

    # the ballot's link is for those who use it
    check("the office, council members and the chair have the ballot page",
          all(shown(d, "nav-ballot") for d in (off, hd1, hd2, chair)))
    check("the unit and the admin have no ballot page", not unit.find_elements(By.ID, "ballot")
          and not adm.find_elements(By.ID, "nav-ballot"))
    check("the link is in Vietnamese", text(off, "#nav-ballot") == "Bỏ phiếu Hội đồng", text(off, "#nav-ballot"))

    # the admin: a threshold over 100 % is refused beside the field, the value kept
    go(adm, "#/admin", "admin")
    Select(adm.find_element(By.ID, "th-kind")).select_by_value("individual")
    type_in(adm, "th-percent", "101")
    press(adm, "th-save")
    check("a threshold over 100 % is refused beside the percent",
          within(adm, 5, lambda d: "vượt quá 100" in text(d, refusal("f-th", "percent"))
                 and "is-invalid" in d.find_element(By.ID, "th-percent").get_attribute("class")), text(adm, refusal("f-th", "percent")))
    check("the typed percent stays", adm.find_element(By.ID, "th-percent").get_attribute("value") == "101")
    check("the refused field has the focus", adm.switch_to.active_element.get_attribute("id") == "th-percent")
    type_in(adm, "th-percent", "60")
    press(adm, "th-save")
    check("the threshold is listed in words", within(adm, 5, lambda d: "Cá nhân 60 %" in text(d, "#th-list")),
          text(adm, "#th-list"))
    # the holidays: a date that does not exist is refused, the list as typed stays
    type_in(adm, "ho-holidays", "02/09/2026\n31/02/2026")
    press(adm, "ho-save")
    check("a holiday that is no real date is refused beside the list, in Vietnamese",
          within(adm, 5, lambda d: "không phải là ngày có thật" in text(d, refusal("f-ho", "holidays"))), text(adm, refusal("f-ho", "holidays")))
    check("the holidays typed stay", adm.find_element(By.ID, "ho-holidays").get_attribute("value") == "02/09/2026\n31/02/2026")
    type_in(adm, "ho-holidays", "02/09/2026\n01/09/2026")
    press(adm, "ho-save")
    check("the holidays are kept sorted and shown as dd/mm/yyyy",
          within(adm, 5, lambda d: "01/09/2026, 02/09/2026" in text(d, "#ho-now")), text(adm, "#ho-now"))
    type_in(adm, "cd-days", "61")
    press(adm, "cd-save")
    check("a disclosure minimum over 60 is refused beside it",
          within(adm, 5, lambda d: "61" in text(d, refusal("f-cd", "days"))), text(adm, refusal("f-cd", "days")))
    type_in(adm, "cd-days", "10")
    press(adm, "cd-save")
    check("the disclosure minimum is shown", within(adm, 5, lambda d: "tối thiểu 10 ngày làm việc" in text(d, "#cd-now")),
          text(adm, "#cd-now"))

    # the office opens a ballot on the two recommended nominees
    go(off, "#/ballot", "ballot")
    check("the open form lists the recommended nominees",
          within(off, 5, lambda d: shown(d, "bo-n-" + A) and shown(d, "bo-n-" + B)), text(off, "#bo-list"))
    check("the office is told the council's size", "Hội đồng hiện có 2 thành viên" in text(off, "#bo-council"),
          text(off, "#bo-council"))
    press(off, "b-bopen")
    check("a ballot on no nominee is refused beside the nominees, in Vietnamese",
          within(off, 5, lambda d: "Hãy nêu các gương điển hình" in text(d, "#bo-nominees .invalid-feedback")),
          text(off, "#f-bopen"))
    check("the focus goes to the nominees",
          within(off, 5, lambda d: d.switch_to.active_element.get_attribute("id") == "bo-n-" + A),
          off.execute_script("const a = document.activeElement; return a.tagName + '#' + a.id"))
    type_in(off, "bo-name", "Phiên họp Hội đồng ngày 08/9")
    press(off, "bo-n-" + A)
    press(off, "bo-n-" + B)
    press(off, "b-bopen")
    check("the ballot opens", within(off, 5, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-ballot]")))
    BID = off.find_element(By.CSS_SELECTOR, "[data-ballot]").get_attribute("data-ballot")  # the newest first
    check("the ballot opens with no vote yet", within(off, 5, lambda d: "0/2" in turnout(d, BID)), turnout(off, BID))
    check("its status is said in words", "Đang bỏ phiếu" in text(off, f'[data-ballot="{BID}"]'))

    # a member votes yes on both; the turnout reaches the others live
    go(hd1, "#/ballot", "ballot")
    check("a member sees the ballot's vote form", within(hd1, 5, lambda d: shown(d, "bv-send-" + BID)))
    check("a member who has not voted reads so", "chưa bỏ phiếu" in mine(hd1, BID, A), mine(hd1, BID, A))
    go(hd2, "#/ballot", "ballot")
    within(hd2, 5, lambda d: shown(d, "bv-send-" + BID))
    press(hd1, "bv-send-" + BID)
    check("sending no choice is refused above the choices, in Vietnamese",
          within(hd1, 5, lambda d: "Hãy bỏ ít nhất một phiếu" in text(d, f"#bv-{BID} [data-err]")), text(hd1, f"#bv-{BID}"))
    press(hd1, f"bv-{BID}-{A}-yes")
    press(hd1, f"bv-{BID}-{B}-yes")
    press(hd1, "bv-send-" + BID)
    check("the member's own votes show", within(hd1, 5, lambda d: "Đồng ý" in mine(d, BID, A)
                                               and "Đồng ý" in mine(d, BID, B)), mine(hd1, BID, A))
    check("the office sees the turnout move live", within(off, 5, lambda d: "1/2" in turnout(d, BID)), turnout(off, BID))
    check("the other member sees the turnout move live", within(hd2, 5, lambda d: "1/2" in turnout(d, BID)))
    check("a screen reader is told the turnout", "1/2" in hd2.find_element(By.ID, "b-live").get_attribute("textContent"))
    check("the other member does not see the first one's votes",
          "chưa bỏ phiếu" in mine(hd2, BID, A) and "chưa bỏ phiếu" in mine(hd2, BID, B)
          and not hd2.find_elements(By.CSS_SELECTOR, f"#bv-{BID} input:checked"), mine(hd2, BID, A))
    got = api(hd2, "ballot.get", {"id": BID})
    votes = got["body"].get("record", {}).get("ballot", {}).get("votes", [])
    check("the broker gives the other member no vote of the first", votes == [], votes)

    # the second member votes by keyboard alone: yes on A, yes on B, then changes B to no
    hd2.find_element(By.ID, f"bv-{BID}-{A}-yes").send_keys(Keys.SPACE)
    hd2.find_element(By.ID, f"bv-{BID}-{B}-yes").send_keys(Keys.SPACE)
    hd2.switch_to.active_element.send_keys(Keys.TAB)  # to the next group: the send button
    check("tab from the last choices reaches the send button",
          hd2.switch_to.active_element.get_attribute("id") == "bv-send-" + BID, hd2.switch_to.active_element.get_attribute("id"))
    hd2.switch_to.active_element.send_keys(Keys.ENTER)
    check("a keyboard vote is recorded", within(hd2, 5, lambda d: "Đồng ý" in mine(d, BID, B)), mine(hd2, BID, B))
    check("the turnout is 2 of 2", within(off, 5, lambda d: "2/2" in turnout(d, BID)), turnout(off, BID))
    hd2.find_element(By.ID, f"bv-{BID}-{B}-yes").send_keys(Keys.ARROW_RIGHT)  # yes -> no in the same group
    check("the arrow moves the choice to no", hd2.find_element(By.ID, f"bv-{BID}-{B}-no").is_selected())
    hd2.find_element(By.ID, "bv-send-" + BID).send_keys(Keys.ENTER)
    check("a vote changes until the close", within(hd2, 5, lambda d: "Không đồng ý" in mine(d, BID, B)), mine(hd2, BID, B))
    check("a changed vote is not counted twice", within(off, 5, lambda d: "2/2" in turnout(d, BID)), turnout(off, BID))
    check("the first member still sees its own yes, not the other's no",
          within(hd1, 5, lambda d: "Đồng ý" in mine(d, BID, B) and "Không đồng ý" not in mine(d, BID, B)), mine(hd1, BID, B))

    # the chair may not select before the close
    go(chair, "#/decision", "decision")
    check("the decision page says the vote is under way",
          within(chair, 5, lambda d: f"đang bỏ phiếu ({BID})" in text(d, f'[data-tally="{A}"]')), text(chair, f'[data-tally="{A}"]'))
    check("before the count the chair's select is off and says what it waits for",
          not chair.find_element(By.ID, "k-select-" + A).is_enabled()
          and "khi Hội đồng đã kiểm phiếu" in text(chair, f'form[data-id="{A}"]')
          and chair.find_element(By.ID, "k-reject-" + A).is_enabled(), text(chair, f'tr[data-id="{A}"]'))
    go(off, "#/decision", "decision")
    check("the office reads that the council's vote comes first, not the chair's decision",
          within(off, 5, lambda d: "Chờ Hội đồng bỏ phiếu" in text(d, f'tr[data-id="{A}"]')
                 and "Chờ Trưởng ban" not in text(d, f'tr[data-id="{A}"]')), text(off, f'tr[data-id="{A}"]'))
    go(off, "#/ballot", "ballot")

    # the office closes, pressing twice: the first press says it is for good
    press(off, "bc-" + BID)
    check("the first press of close says it cannot be undone, and closes nothing",
          within(off, 5, lambda d: "không làm lại được" in text(d, "#bq-" + BID))
          and api(off, "ballot.get", {"id": BID})["body"]["record"]["ballot"]["status"] == "open",
          text(off, f'[data-ballot="{BID}"]'))
    press(off, "bc-" + BID)
    check("the office sees the tally once closed",
          within(off, 5, lambda d: "Đã kiểm phiếu" in text(d, f'[data-ballot="{BID}"]') and tally_row(d, BID, A)),
          text(off, f'[data-ballot="{BID}"]'))
    check("the nominee above the threshold: 2/2, 100 %, met in words",
          all(w in tally_row(off, BID, A) for w in ("2/2 (100 %)", "60 %", "✔ Đạt tỷ lệ")), tally_row(off, BID, A))
    check("the nominee below it: 1/2, 50 %, not met in words",
          all(w in tally_row(off, BID, B) for w in ("1/2 (50 %)", "60 %", "✘ Không đạt tỷ lệ")), tally_row(off, BID, B))
    check("the members see the tally live", within(hd1, 5, lambda d: "Không đạt tỷ lệ" in tally_row(d, BID, B)))
    check("a closed ballot takes no vote",
          "đã kết thúc" in api(hd1, "ballot.vote", {"id": BID, "choices": [{"nominee": B, "choice": "yes"}]})["body"]
          .get("error", {}).get("message", ""))

    # the chair: tallies beside the candidates; below the threshold is refused
    check("the decision page shows each tally against the threshold",
          within(chair, 5, lambda d: "✔ Đạt tỷ lệ" in text(d, f'[data-tally="{A}"]')
                 and "✘ Không đạt tỷ lệ" in text(d, f'[data-tally="{B}"]')), text(chair, f'[data-tally="{B}"]'))
    below = lambda d: (not d.find_element(By.ID, "k-select-" + B).is_enabled()  # noqa: E731
                       and "chưa đạt tỷ lệ nên không tuyên dương được" in text(d, f'form[data-id="{B}"]'))
    check("the chair's select below the threshold is off and says why", within(chair, 5, below),
          text(chair, f'tr[data-id="{B}"]'))
    check("the chair may still reject it", chair.find_element(By.ID, "k-reject-" + B).is_enabled())
    nb = api(chair, "nominee.get", {"id": B})["body"]["record"]
    got = api(chair, "nominee.decide", {"id": B, "selected": True}, nb["nominee"]["meta"]["mod_revision"])
    check("the broker itself refuses the selection below the threshold, in Vietnamese",
          "1 phiếu đồng ý trên 2 thành viên Hội đồng" in got["body"].get("error", {}).get("message", ""), got)
    press(chair, "k-select-" + A)
    check("the nominee above the threshold is selected",
          within(chair, 5, lambda d: "Được tuyên dương" in text(d, f'tr[data-id="{A}"]')), text(chair, f'tr[data-id="{A}"]'))
    check("the other's button stays off across the redraw", below(chair), text(chair, f'tr[data-id="{B}"]'))
    # a share with a fraction, as each language writes it, "%" never alone on a line
    words = lambda d: d.execute_async_script(  # noqa: E731
        "const done = arguments[0]; import('/ballot.js').then((m) => done(m.tallyWords(1, 3, 60, false)))")
    check("a tally's share is written the Vietnamese way, as the CLI writes it",
          words(chair).startswith("1/3 (33,3\u00a0%) · cần đạt 60\u00a0%"), words(chair))
    press(chair, "lang")
    check("the tally in English", within(chair, 5, lambda d: "Threshold not met" in text(d, f'[data-tally="{B}"]')))
    check("... with its decimal point", words(chair).startswith("1/3 (33.3\u00a0%) · needs 60\u00a0%"), words(chair))
    press(chair, "lang")

    # the screenshot: the office's ballot page, Vietnamese, once counted
    off.execute_script("document.activeElement.blur(); window.scrollTo({top: 0, behavior: 'instant'})")
    within(off, 2, lambda d: d.execute_script("return window.scrollY") == 0)
    off.save_screenshot(os.path.join(SHOTS, "web-ballot.png"))
    off.set_window_size(390, 844)
    off.save_screenshot(os.path.join(SHOTS, "web-ballot-phone.png"))
    off.set_window_size(1366, 768)

    # the unit's draft: an earlier honour; a bad year refused beside the year
    go(unit, "#/nominee/" + DRAFT, "dossier")
    type_in(unit, "h-year", "1800")
    type_in(unit, "h-form", "Bằng khen của Chủ tịch UBND tỉnh")
    type_in(unit, "h-decision", "1234/QĐ-UBND")
    press(unit, "b-honour")
    check("an honour's impossible year is refused beside the year",
          within(unit, 5, lambda d: "is-invalid" in d.find_element(By.ID, "h-year").get_attribute("class")
                 and "1800" in text(d, "#fu-honours .invalid-feedback.d-block")), text(unit, "#fu-honours"))
    check("what was typed stays", unit.find_element(By.ID, "h-form").get_attribute("value") == "Bằng khen của Chủ tịch UBND tỉnh"
          and unit.find_element(By.ID, "h-decision").get_attribute("value") == "1234/QĐ-UBND")
    type_in(unit, "h-year", "2019")
    press(unit, "b-honour")
    check("the earlier honour joins the dossier",
          within(unit, 5, lambda d: "2019, Bằng khen của Chủ tịch UBND tỉnh, 1234/QĐ-UBND" in text(d, "#x-facts")), text(unit, "#x-facts"))
    type_in(unit, "h-year", "2017")
    type_in(unit, "h-form", "Giấy khen")
    press(unit, "b-honour")
    check("a second honour keeps the first", within(unit, 5, lambda d: "2017, Giấy khen" in text(d, "#x-facts")
                                                    and "1234/QĐ-UBND" in text(d, "#x-facts")), text(unit, "#x-facts"))

    # the period and the form proposed, in the unit's form: an honour of that form inside it is flagged
    press(unit, "b-nom-edit")
    type_in(unit, "m-period_from", "2020")
    type_in(unit, "m-period_to", "2016")
    type_in(unit, "m-honour_form", "Bằng khen của Chủ tịch UBND tỉnh")
    press(unit, "m-save")
    check("a period ending before it starts is refused beside its first year",
          within(unit, 5, lambda d: "is-invalid" in d.find_element(By.ID, "m-period_from").get_attribute("class")),
          text(unit, "#f-nom"))
    check("the form proposed stays typed", unit.find_element(By.ID, "m-honour_form").get_attribute("value")
          == "Bằng khen của Chủ tịch UBND tỉnh")
    type_in(unit, "m-period_from", "2016")
    type_in(unit, "m-period_to", "2020")
    press(unit, "m-save")
    check("the honour of the form proposed inside the period is flagged",
          within(unit, 5, lambda d: shown(d, "x-overlap") and "2016-2020" in text(d, "#x-facts")), text(unit, "#x-facts"))
    check("the flag names the honour in words", "trùng hình thức" in text(unit, "#x-facts"), text(unit, "#x-facts"))

    # the disclosure: the broker's rule gives the day it may close; earlier is refused naming it
    go(off, "#/nominee/" + VETTING, "dossier")
    press(off, "b-disc-open")
    check("the dossier shows the minimum and the first day it may close",
          within(off, 5, lambda d: re.search(r"tối thiểu 10 ngày làm việc, sớm nhất được kết thúc ngày \d\d/\d\d/\d{4}",
                                             text(d, "#x-disclosure"))), text(off, "#x-disclosure"))
    day = re.search(r"kết thúc ngày (\d\d/\d\d/\d{4})", text(off, "#x-disclosure"))
    press(off, "b-disc-close")
    check("an early close is refused naming that day",
          within(off, 5, lambda d: day and day.group(1) in text(d, "#fo-disclosure [data-err]")),
          (day and day.group(1), text(off, "#fo-disclosure [data-err]")))

    # the calendar back as the other checks found it
    type_in(adm, "cd-days", "0")
    press(adm, "cd-save")
    check("the disclosure minimum goes back to 0", within(adm, 5, lambda d: "tối thiểu 0 ngày" in text(d, "#cd-now")))
finally:
    for d in people.values():
        d.quit()

print(f"{failures()} failed")
sys.exit(failures())
