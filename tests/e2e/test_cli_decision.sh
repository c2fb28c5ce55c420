#!/usr/bin/env bash
# `thidua decision draft` against a real broker: nominees taken through
# vetting to SELECTED by the office and the chair, then the draft decision
# and the certificates read back with poppler: every selected name (one
# typed decomposed, NFD) in NFC, grouped by kind and field and numbered,
# A4 portrait, one landscape certificate per selected nominee, the
# snapshot's revision printed; those not selected left out. Refusals (no
# one selected, a template with an unknown placeholder) change nothing and
# say why in Vietnamese, in English with --lang en.
# thidua-web offers the same PDFs, drawn by the same code
# (tests/web/decision_checks.py), refused the same way before a selection.
# Usage: bash test_cli_decision.sh BIN_DIR   (KEEP=DIR keeps the PDFs)
set -uo pipefail
BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
web_pid=
stop_web() { [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null; web_pid=; return 0; }
trap 'stop_web; lib_cleanup' EXIT

start_server
t() { timeout 30 "$BIN/thidua" "$@"; }
as() { local who=$1; shift; THIDUA_KEY=$T/$who.key t "$@"; }
revision() { t --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["status_reply"]["revision"])'; }

t unit add SO-VH --name "Sở Văn hóa, Thể thao và Du lịch" --kind department >/dev/null
t unit add CA-TINH --name "Công an tỉnh" --kind force >/dev/null
for p in vh:unit:SO-VH ca:unit:CA-TINH office:office: chair:chair: gateway:observer:; do
    IFS=: read -r name role unit <<<"$p"
    t keygen "$T/$name" >/dev/null
    t principal add "$name" --role "$role" ${unit:+--unit "$unit"} --public-key "$T/$name.pub" >/dev/null
done
t calendar min-days 0 >/dev/null # disclosure may close the day it opens
t criterion add TC1 --text "Gương mẫu chấp hành chủ trương, chính sách" --mandatory >/dev/null
for f in economy culture defense_security; do
    for k in collective individual; do t quota set "$f" "$k" --max 10 >/dev/null; done
done

# new UNIT KIND FIELD NAME [more nominee create options]: a nominee, proposed
new() {
    local unit=$1 kind=$2 field=$3 name=$4
    shift 4
    as "$unit" --json nominee create "$name" --kind "$kind" --field "$field" --criteria TC1 "$@" \
        >"$T/new.json" || { echo "FAIL create $name"; failed=$((failed + 1)); }
    id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["record"]["nominee"]["id"])' "$T/new.json")
    as "$unit" nominee propose "$id" >/dev/null
}
# vet_and_decide ID selected|rejected: the office vets and recommends, the chair decides
vet_and_decide() {
    as office nominee vet "$1" >/dev/null &&
        as office nominee check "$1" --criterion TC1 --result met >/dev/null &&
        as office nominee disclose "$1" >/dev/null &&
        as office nominee close-disclosure "$1" >/dev/null &&
        as office nominee recommend "$1" >/dev/null &&
        as chair nominee decide "$1" "$2" --reason "Hội đồng xét" >/dev/null ||
        { echo "FAIL vetting $1"; failed=$((failed + 1)); }
}

pdf=$T/qd.pdf
cert=$T/bk.pdf

"$BIN/thidua-web" account add chair --state "$T/web" --key "$T/chair.key" --password first-chair-1 >/dev/null
"$BIN/thidua-web" run --state "$T/web" --key "$T/gateway.key" --server "$THIDUA_SERVER" \
    --events "$THIDUA_EVENTS" --server-key "$D/server.pub" --listen 127.0.0.1:0 \
    --port-file "$T/port" --static "$SRC/client/web/static" 2>"$T/web.log" &
web_pid=$!
for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
web="http://127.0.0.1:$(cat "$T/port")"

# --- refused while no one is selected -----------------------------------------
new vh individual culture "Lê Văn Chưa Xét" --position "Diễn viên" --workplace "Nhà hát tỉnh"
rev=$(revision)
check none_selected_refused 7 t decision draft -o "$pdf" --certificates "$cert"
contains none_selected_says_vi "không có gương điển hình nào được tuyên dương"
check none_selected_no_file 1 test -e "$pdf"
check none_selected_no_certificates 1 test -e "$cert"
check none_selected_en 7 t --lang en decision draft -o "$pdf"
contains none_selected_says_en "no nominee is selected"
check web_none_selected 0 python3 "$SRC/tests/web/decision_checks.py" "$web" chair first-chair-1 none
cat "$T/out"
check none_selected_changed_nothing 0 test "$(revision)" = "$rev"

# --- the selection: collectives and individuals in three fields ---------------
nfd_name=$(python3 -c 'import unicodedata; print(unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết"))')
new vh individual culture "$nfd_name" --position "Phó Giám đốc" --workplace "Nhà hát tỉnh" \
    --achievements "Dàn dựng 12 vở diễn đạt giải quốc gia"
n_nfd=$id
new vh collective culture "Đội Tuyên truyền lưu động tỉnh" --achievements "300 buổi diễn phục vụ vùng sâu"
n_coll_c=$id
new ca collective defense_security "Phòng Cảnh sát giao thông" --achievements "Giảm 20% tai nạn giao thông"
n_coll_d=$id
new ca individual defense_security "Trần Văn Bình" --position "Đại úy" --workplace "Công an huyện Ninh Hải" \
    --achievements "Phá 15 chuyên án ma túy"
n_ind_d=$id
new vh collective economy "Hợp tác xã Nho & Muối <Phước Dân>" --achievements "Doanh thu tăng gấp ba"
n_coll_e=$id
new vh individual economy "Phạm Thị Hồng" --position "Giám đốc" --workplace "Công ty Muối Cà Ná" \
    --achievements "Đưa sản phẩm muối ra thị trường quốc tế"
n_ind_e=$id
new vh individual culture "Võ Văn Không Chọn" --position "Họa sĩ" --workplace "Bảo tàng tỉnh"
n_rejected=$id
for id in $n_nfd $n_coll_c $n_coll_d $n_ind_d $n_coll_e $n_ind_e; do vet_and_decide "$id" selected; done
vet_and_decide "$n_rejected" rejected

rev=$(revision)
check draft 0 t decision draft -o "$pdf" --certificates "$cert" --number 125
contains draft_reports_revision "$rev"
check draft_left_no_part_files 0 sh -c "! ls '$T'/*.part 2>/dev/null"
check pdf_is_a4_portrait 0 sh -c "pdfinfo '$pdf' | grep -E '^Page size: +595.2[0-9]* x 841.8[0-9]* pts \(A4\)'"
check certificates_are_a4_landscape 0 sh -c "pdfinfo '$cert' | grep -E '^Page size: +841.8[0-9]* x 595.2[0-9]* pts'"
check certificates_one_page_each 0 sh -c "pdfinfo '$cert' | grep -E '^Pages: +6$'"
check every_certificate_page_landscape 0 sh -c \
    "pdfinfo -f 1 -l 6 '$cert' | grep -E '^Page +[0-9]+ size' | grep -vc '841.8[0-9]* x 595.2' | grep -qx 0"
pdftotext -raw "$pdf" "$T/qd.txt"
pdftotext -raw "$cert" "$T/bk.txt"

# The annex in order: A. collectives, B. individuals; fields in the
# contract's order within each; numbers running through each kind.
check annex_grouped_and_numbered 0 python3 - "$T/qd.txt" "$rev" <<'PY'
import re, sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
assert unicodedata.is_normalized("NFC", text), "the PDF's text is not NFC"
flat = re.sub(r"\s+", " ", text)
annex = flat[flat.index("Phụ lục"):]
order = ["A. TẬP THỂ (3)", "I. LĨNH VỰC KINH TẾ", "1 Hợp tác xã Nho & Muối <Phước Dân>",
         "II. LĨNH VỰC VĂN HÓA", "2 Đội Tuyên truyền lưu động tỉnh",
         "III. LĨNH VỰC QUỐC PHÒNG - AN NINH", "3 Phòng Cảnh sát giao thông",
         "B. CÁ NHÂN (3)", "I. LĨNH VỰC KINH TẾ", "1 Phạm Thị Hồng", "Giám đốc, Công ty Muối Cà Ná",
         "II. LĨNH VỰC VĂN HÓA", "2 Nguyễn Thị Ánh Tuyết", "Phó Giám đốc, Nhà hát tỉnh",
         "III. LĨNH VỰC QUỐC PHÒNG - AN NINH", "3 Trần Văn Bình", "Phá 15 chuyên án ma túy"]
at = 0
for want in order:
    i = annex.find(want, at)
    assert i >= 0, f"annex: '{want}' missing or out of order after: {annex[at:at+120]!r}"
    at = i + len(want)
for absent in ["Võ Văn Không Chọn", "Lê Văn Chưa Xét"]:
    assert absent not in flat, f"{absent} is not selected but is listed"
# a person's row names where they work, not again the unit that proposed them
row = annex[annex.index("1 Phạm Thị Hồng"):annex.index("II. LĨNH VỰC VĂN HÓA", annex.index("B. CÁ NHÂN"))]
assert "Sở Văn hóa" not in row, f"the proposing unit beside a workplace: {row!r}"
assert unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết") not in text
# the footer, for the office: the revision and the day in Vietnamese words
assert "(revision)" not in flat, "the footer names the revision in English"
m = re.search(r"Dự thảo lập từ dữ liệu thidua ở phiên bản (\d+), đọc lúc \d\d:\d\d "
              r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", flat)
assert m and m.group(1) == sys.argv[2], "the footer lacks the revision or the day in words"
assert not re.search(r"\d{4}-\d\d-\d\d", flat), "an ISO date is printed"
for head in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "QUYẾT ĐỊNH",
             "Căn cứ Luật Thi đua, khen thưởng", "QUYẾT ĐỊNH:", "Điều 1. Tuyên dương 6 điển hình",
             "gồm 3 tập thể và 3 cá nhân", "Điều 3.", "Nơi nhận:", "Số: 125/QĐ-BTC"]:
    assert head in flat, f"the decision lacks '{head}'"
PY
cat "$T/out" "$T/err" | head -5
check certificates_name_each_selected 0 python3 - "$T/bk.txt" "$rev" <<'PY'
import re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
pages = [re.sub(r"\s+", " ", p) for p in pages if p.strip()]
names = ["Hợp tác xã Nho & Muối <Phước Dân>", "Đội Tuyên truyền lưu động tỉnh", "Phòng Cảnh sát giao thông",
         "Phạm Thị Hồng", "Nguyễn Thị Ánh Tuyết", "Trần Văn Bình"]
assert len(pages) == len(names), f"{len(pages)} pages"
for page, name in zip(pages, names):
    assert name in page, f"'{name}' not on its page: {page[:200]!r}"
    assert "BẰNG KHEN" in page and f"dữ liệu thidua, phiên bản {sys.argv[2]}" in page
PY
cat "$T/out" "$T/err" | head -5
# the decision's day is the province's, whatever zone the machine runs in
check draft_day_province 0 env TZ=Etc/GMT+12 timeout 60 "$BIN/thidua" decision draft -o "$T/qd-zone.pdf"
pdftotext -raw "$T/qd-zone.pdf" "$T/qd-zone.txt"
check draft_day_is_the_provinces 0 grep -q "ngày $(TZ=Asia/Ho_Chi_Minh date +%d) tháng $(TZ=Asia/Ho_Chi_Minh date +%m) năm $(TZ=Asia/Ho_Chi_Minh date +%Y)" "$T/qd-zone.txt"
# in English the footer says revision and the day in English words
check draft_en 0 t --lang en decision draft -o "$T/qd-en.pdf"
pdftotext -raw "$T/qd-en.pdf" "$T/qd-en.txt"
check draft_en_footer 0 grep -qE "at revision $rev, read at [0-9]{2}:[0-9]{2} on [0-9]{1,2} [A-Z][a-z]+ [0-9]{4}" "$T/qd-en.txt"
# the gateway's PDFs: the same text, drawn from the same revision
check web_pdfs 0 python3 "$SRC/tests/web/decision_checks.py" "$web" chair first-chair-1 "$T" "$rev"
cat "$T/out"
pdftotext -raw "$T/web-decision.pdf" "$T/web-qd.txt"
pdftotext -raw "$T/web-certificates.pdf" "$T/web-bk.txt"
# the annex and the certificates' names as the CLI drew them
check web_annex_as_cli 0 python3 - "$T/web-qd.txt" "$T/qd.txt" <<'PY'
import re, sys
def annex(path):
    flat = re.sub(r"\s+", " ", open(path, encoding="utf-8").read())
    flat = re.sub(r"Dự thảo lập từ dữ liệu thidua.*?năm \d{4}", "", flat)  # the footer
    return flat[flat.index("A. TẬP THỂ"):]
assert annex(sys.argv[1]) == annex(sys.argv[2]), (annex(sys.argv[1]), annex(sys.argv[2]))
PY
check web_certificates_as_cli 0 sh -c "pdfinfo '$T/web-certificates.pdf' | grep -E '^Pages: +6$'"
check draft_json 0 t --json decision draft -o "$T/qd2.pdf"
contains draft_json_counts '"collectives":3,"individuals":3'

# --- the template: an office's own, and one with a typo ----------------------
cat >"$T/mine.txt" <<'TPL'
[thong_tin]
co_quan_chu_quan: UBND TỈNH KHÁNH HÒA
co_quan: BAN TỔ CHỨC ĐẠI HỘI
ky_hieu: QĐ-BTCĐH
dia_danh: Nha Trang
nguoi_ky: Lê Văn C
hinh_thuc: Giấy khen
[trich_yeu]
Về việc tuyên dương điển hình tiên tiến
[can_cu]
Căn cứ Kế hoạch số 12/KH-UBND;
[dieu]
Điều 1. Tuyên dương {{tong_so}} điển hình (phiên bản dữ liệu {{phien_ban}}).
[bang_khen]
{{ten}} - {{don_vi}}
TPL
check own_template 0 t decision draft -o "$T/own.pdf" --certificates "$T/own-cert.pdf" --template "$T/mine.txt"
check own_template_text 0 sh -c "pdftotext '$T/own.pdf' - | grep -q 'Căn cứ Kế hoạch số 12/KH-UBND'"
check own_template_placeholders 0 sh -c "pdftotext '$T/own.pdf' - | grep -q 'Tuyên dương 6 điển hình (phiên bản dữ liệu $rev)'"
check own_template_certificate 0 sh -c "pdftotext '$T/own-cert.pdf' - | grep -q 'GIẤY KHEN'"
check own_template_nominee_placeholders 0 sh -c "pdftotext '$T/own-cert.pdf' - | grep -q 'Trần Văn Bình - Công an tỉnh'"

cp "$pdf" "$T/before.pdf"
sed 's/{{phien_ban}}/{{phien_bản}}/; s/^Căn cứ Kế hoạch.*/Căn cứ {{so_quyet_dinh}} và {{nguoi_duyet}};/' "$T/mine.txt" >"$T/typo.txt"
check unknown_placeholder_refused 3 t decision draft -o "$pdf" --template "$T/typo.txt"
contains unknown_placeholder_named_vi "typo.txt, dòng 11: không có chỗ thay {{nguoi_duyet}}"
check unknown_placeholder_left_file 0 cmp "$pdf" "$T/before.pdf"
check unknown_placeholder_en 3 t --lang en decision draft -o "$pdf" --template "$T/typo.txt"
contains unknown_placeholder_named_en "line 11: unknown placeholder {{nguoi_duyet}}"
printf '[thong_tin]\nco_quan: X\n' >"$T/short.txt"
check template_missing_key 3 t decision draft -o "$pdf" --template "$T/short.txt"
contains template_missing_key_named "co_quan_chu_quan"
# a template that cannot be read: the system's reason in the person's
# language, and with --json all of the message in English
check template_unreadable 3 t decision draft -o "$pdf" --template "$T/khong-co.txt"
contains template_unreadable_vi "không đọc được tệp mẫu '$T/khong-co.txt': không có tệp hay thư mục này"
check template_unreadable_json 3 t --json decision draft -o "$pdf" --template "$T/khong-co.txt"
contains template_unreadable_json_en "\"message\":\"cannot read the template '$T/khong-co.txt': no such file or folder\""
check template_missing_key_json 3 t --json decision draft -o "$pdf" --template "$T/short.txt"
contains template_missing_key_json_en "short.txt: [thong_tin] lacks the key co_quan_chu_quan"
check bad_date 2 t decision draft -o "$pdf" --date 31/02/2026
contains bad_date_says_as_every_date "thidua: --date: '31/02/2026' không phải ngày có thật; hãy viết dạng ngày/tháng/năm (dd/mm/yyyy, hoặc yyyy-mm-dd), ví dụ 15/01/2027"
check bad_date_en 2 t --lang en decision draft -o "$pdf" --date 31/02/2026
contains bad_date_en_says "thidua: --date: '31/02/2026' is not a real date; write it dd/mm/yyyy (or yyyy-mm-dd), e.g. 15/01/2027"
# the output is named as the usage line writes it: -o, with its placeholder
check no_output 2 t decision draft
contains no_output_says "thidua: cần có -o TỆP.pdf"
lacks no_output_not_long "--output"
check no_output_en 2 t --lang en decision draft --date 01/12/2026
contains no_output_en_says "thidua: -o FILE.pdf is required"

# --- a file that exists is kept unless --force, said before any download ----
check draft_over_file_refused 6 t decision draft -o "$pdf" --number 126
contains draft_over_file_says_vi "'$pdf' đã có; thêm --force để ghi đè"
check draft_over_file_kept 0 cmp "$pdf" "$T/before.pdf"
check draft_over_certificates_refused 6 t --lang en decision draft -o "$T/new.pdf" --certificates "$cert"
contains draft_over_certificates_says_en "'$cert' exists; give --force to replace it"
check draft_over_certificates_wrote_nothing 1 test -e "$T/new.pdf"
check draft_force 0 t decision draft -o "$pdf" --certificates "$cert" --number 126 --force
check draft_force_replaced 1 cmp -s "$pdf" "$T/before.pdf"
check draft_left_no_temporary_files 0 sh -c "! ls -A '$T' | grep -E '^[.]|[.]part\$'"
check refusals_changed_nothing 0 test "$(revision)" = "$rev"

stop_web
check web_stopped_clean 1 grep -q "ERROR: .*Sanitizer" "$T/web.log"

if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$pdf" "$cert" "$T/own.pdf" "$T/own-cert.pdf" "$KEEP/"; fi
summary
