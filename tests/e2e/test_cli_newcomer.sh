#!/usr/bin/env bash
# The CLI as a department's new user meets it, in Vietnamese unless said:
# the help's exit-code table, thidua(1) (`man thidua`) in Vietnamese as in
# English, a mistyped verb, ids typed as bare numbers,
# refusals naming the option typed, number ranges in words, numbers lined
# up on the right in tables, and each command's own help.
# Usage: bash test_cli_newcomer.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
unset LANG LC_ALL LC_MESSAGES THIDUA_CONFIG
export HOME=/nonexistent
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# --- --help: one exit code per cell, the cells lined up by display width ----
# (a translation with its own spacing ran together: "4 không tìm thấy 5 ...")
cat >"$T/exit_codes.py" <<'PY'
import re, sys, unicodedata

def width(s):
    s = unicodedata.normalize("NFC", s)
    return sum(0 if unicodedata.combining(c) else 1 for c in s)

text = open(sys.argv[1], encoding="utf-8").read()
rows = text.split(sys.argv[2] + "\n", 1)[1].split("\n\n")[0].splitlines()
codes, starts = [], set()
for row in rows:
    cells = [m for m in re.finditer(r"(\d) (\S+(?: \S+)*)", row)]
    for m in cells:
        assert not re.search(r" \d ", m.group(2)), f"two codes run together: {row!r}"
        codes.append(int(m.group(1)))
    starts.add(tuple(width(row[: m.start()]) for m in cells[1:]))
assert sorted(codes) == list(range(10)), codes
assert len(starts) == 1, f"the columns do not line up: {rows}"
PY
for lang in vi en; do
    check "help_$lang" 0 thidua --lang "$lang" --help
    cp "$T/out" "$T/help_$lang"
done
check help_vi_exit_codes_one_per_cell_aligned 0 python3 "$T/exit_codes.py" "$T/help_vi" "mã thoát:"
check help_en_exit_codes_one_per_cell_aligned 0 python3 "$T/exit_codes.py" "$T/help_en" "exit codes:"

# --- thidua(1) in each language: the Vietnamese page is the one a person
# meets with `man thidua` on a Vietnamese machine -------------------------------
for lang in vi en; do
    check "man_$lang" 0 thidua --lang "$lang" --man
    cp "$T/out" "$T/man_$lang"
done
check man_default 0 thidua --man
cp "$T/out" "$T/man_default"
check man_default_is_vietnamese 0 cmp "$T/man_default" "$T/man_vi"
cat >"$T/man_check.py" <<'PY'
import re, sys

def sections(path):
    """{heading: body} of a page, in order."""
    parts = re.split(r"^\.SH (.*)\n", open(path, encoding="utf-8").read(), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))

def commands(help_path):
    """[("task report", text)] from --help's list of commands, in order."""
    text = open(help_path, encoding="utf-8").read().split("\n\n")[1]
    rows = [re.match(r"  (\S+(?: \S+)?) {2,}(.*)", l) for l in text.splitlines()[1:]]
    return [m.groups() for m in rows]

def roff_text(s):
    return s.replace("\\-", "-").replace("\\e", "\\").replace("\\(dq", "\"")

vi, en = sections(sys.argv[1]), sections(sys.argv[2])
exits = {"vi": "MÃ THOÁT", "en": "EXIT STATUS"}
for lang, page in (("vi", vi), ("en", en)):
    codes = re.findall(r"^\.TP\n(\d)\n", page[exits[lang]], re.M)
    assert codes == [str(i) for i in range(10)], (lang, codes)
assert len(vi) == len(en), (list(vi), list(en))
assert not set(vi) & set(en), f"English headings in the Vietnamese page: {set(vi) & set(en)}"
for heading in ("TÊN", "TÓM TẮT", "MÔ TẢ", "TÙY CHỌN", "CÁC LỆNH"):
    assert heading in vi, (heading, list(vi))
# each command is described by its Vietnamese --help text, from the catalog
said = re.findall(r"^\.TP\n\.B (.*)\n(.*)$", vi["CÁC LỆNH"], re.M)
listed = commands(sys.argv[3])
assert len(said) == len(listed) > 50, (len(said), len(listed))
for (tag, text), (command, help_text) in zip(said, listed):
    assert roff_text(tag) == command or roff_text(tag).startswith(command + " "), (tag, command)
    assert roff_text(text) == help_text, (command, text, help_text)
assert dict(listed)["task report"].startswith("báo cáo tiến độ"), dict(listed)["task report"]
PY
check man_vi_is_vietnamese_throughout 0 python3 "$T/man_check.py" "$T/man_vi" "$T/man_en" "$T/help_vi"
# each page is roff that groff reads without a warning (-K: through preconv, as
# man(1) reads a page in UTF-8), and man-db finds the NAME line for whatis
groff_quiet() {
    local said
    said=$(groff -Kutf8 -man -Tutf8 -ww -z "$1" 2>&1) && [ -z "$said" ] && return
    echo "$said"
    return 1
}
for lang in vi en; do
    if command -v groff >/dev/null; then
        check "man_${lang}_groff_warns_nothing" 0 groff_quiet "$T/man_$lang"
    fi
    if command -v lexgrog >/dev/null; then
        check "man_${lang}_has_a_whatis_line" 0 lexgrog "$T/man_$lang"
    fi
done

# --- a mistyped verb: the guess and its usage, not every verb's ---------------
for noun_verb in "task:lst:list" "nominee:shwo:show" "unit:lsit:list" "quota:lits:list"; do
    IFS=: read -r noun typed meant <<<"$noun_verb"
    check "${noun}_${typed}_is_usage_error" 2 thidua "$noun" "$typed"
    cp "$T/err" "$T/typo"
    check "${noun}_${typed}_suggests_${meant}" 0 grep -qF "'$noun $meant'" "$T/typo"
    check "${noun}_${typed}_shows_only_${meant}s_usage" 0 \
        test "$(grep -c 'cách dùng:' "$T/typo")" -eq 1 -a "$(grep -c "thidua $noun $meant" "$T/typo")" -eq 1
done
check task_unguessable_verb 2 thidua task zzzzzz
contains task_unguessable_names_the_verbs "task nhận các động từ: create, edit, list, show"
contains task_unguessable_points_to_help "thidua task --help"
check task_unguessable_in_two_lines 0 test "$(wc -l <"$T/err")" -eq 2
check task_without_verb 2 thidua task
contains task_without_verb_says_so "'task' cần một động từ"
check task_without_verb_in_two_lines 0 test "$(wc -l <"$T/err")" -eq 2

# --- each command's own help says what it takes -----------------------------------
check export_help 0 thidua --lang en export --help
tr -s ' \n' '  ' <"$T/out" >"$T/export_help" # the text wraps at 80 columns
check export_help_describes_all 0 grep -q "or all three (all) from one snapshot" "$T/export_help"
check export_help_all_as_csv_is_a_folder 0 grep -q "as CSV a folder of tasks.csv, nominees.csv and reports.csv (-o DIR)" "$T/export_help"
check export_help_says_labels 0 grep -q "with --labels the words people read" "$T/export_help"
check export_help_wraps 0 awk 'length($0) > 80 && NR > 1 { exit 1 }' "$T/out"
check unit_add_help_lists_kinds 0 thidua unit add --help
contains unit_add_help_lists_kinds "--kind: Ban Tổ chức (committee); Cơ quan thường trực (office)"
check export_help_vi 0 thidua export --help
contains export_help_vi_describes_all "hoặc cả ba (all)"

# --- usage lines in the user's language: what to fill in is said in Vietnamese,
# what is typed (options, command words) stays as typed, and a choice of
# values is shown as the words people type for them, the values' labels ----
check task_create_help_vi 0 thidua task create --help
contains task_create_help_vi_title_and_lead "thidua task create TÊN-NHIỆM-VỤ --lead MÃ-ĐƠN-VỊ"
contains task_create_help_vi_deadline "--deadline NGÀY/THÁNG/NĂM"
contains task_create_help_vi_values_in_words '[--kind "Công việc"|"Văn bản"] [--phase "Trước Đại hội"|"Trong Đại hội"|"Sau Đại hội"]'
lacks task_create_help_vi_no_codes "work|document"
# every choice of values a usage line offers, in either language
while IFS='~' read -r name lang cmd want; do
    check "usage_values_${name}_$lang" 0 thidua --lang "$lang" $cmd --help
    contains "usage_values_${name}_$lang" "$want"
done <<'LINES'
check~vi~nominee check~--result Đạt|"Không đạt" [--note GHI-CHÚ]
check~en~nominee check~--result met|"not met" [--note TEXT]
opinion~vi~nominee opinion~--result "Đồng ý"|"Không đồng ý"
decide~vi~nominee decide~thidua nominee decide MÃ "Được tuyên dương"|"Không chọn" [--reason LÝ-DO]
decide~en~nominee decide~thidua nominee decide ID selected|rejected [--reason TEXT]
create~vi~nominee create~TÊN --kind "Tập thể"|"Cá nhân" --field LĨNH-VỰC
flags~vi~nominee edit~[--influential có|không] [--new-factor có|không]
applies~vi~criterion edit~[--applies-to "Tập thể"|"Cá nhân"|"Cả hai"] [--mandatory có|không]
threshold~vi~threshold set~thidua threshold set "Tập thể"|"Cá nhân" PHẦN-TRĂM
phase~en~task edit~[--kind work|document] [--phase "before the congress"|"during the congress"|"after the congress"]
LINES
# what is missing is named with the same words; --json keeps the codes
check usage_values_missing_vi 2 thidua nominee check N-1 --criterion TC1
contains usage_values_missing_vi 'thidua: cần có --result Đạt|"Không đạt"'
check usage_values_missing_json 2 thidua --json nominee check N-1 --criterion TC1
contains usage_values_missing_json '"message":"--result met|not_met is required"'
lacks task_create_help_vi_no_english_title "TITLE"
lacks task_create_help_vi_no_english_date "DD/MM/YYYY"
check task_create_help_en 0 thidua --lang en task create --help
contains task_create_help_en_as_before "thidua task create TITLE --lead UNIT --deadline DD/MM/YYYY [--support U1,U2]"
check task_report_help_en 0 thidua --lang en task report --help
contains task_report_help_en_as_before "ID --percent N [--text TEXT] [--file PATH]"
check quota_set_help_vi 0 thidua quota set --help
contains quota_set_help_vi_positional "thidua quota set LĨNH-VỰC LOẠI [--max SỐ] [--per-unit SỐ]"
contains quota_set_help_vi_choices_name_it "LĨNH-VỰC: Kinh tế (economy)"
check help_vi_without_english_placeholders 0 test -z "$(grep -ow -e TITLE -e UNIT -e PATH -e TEXT -e FILE -e NAME "$T/help_vi")"
check help_en_keeps_its_placeholders 0 grep -q -- "-k, --key FILE " "$T/help_en"
# every command's usage, in --help and on thidua(1): no placeholder word of the
# English line is left in the Vietnamese one, and the typed words are the same
for noun in $(sed -n 's/^  \([a-z-]*\) .*/\1/p' "$T/help_en" | sort -u); do
    for lang in vi en; do
        thidua --lang "$lang" "$noun" --help >>"$T/usage_$lang" 2>&1
    done
done
cat >"$T/usage_check.py" <<'PY'
import re, sys

PLACEHOLDER = re.compile(r"\b[A-Z]{2,}\b|(?<![\w/-])[A-Z](?![\w-])")  # TITLE, N; not N-1, /vN
TYPED = re.compile(r"(?<![\w-])--?[a-z][a-z-]*|\b[a-z_]+\b")  # --lead, -o, all, csv
# a choice: words or "quoted words" between bars (work|document, Đạt|"Không đạt")
CHOICE = re.compile(r'(?:"[^"]*"|[^\s|"\[\]]+)(?:\|(?:"[^"]*"|[^\s|"\[\]]+))+')
# the choices typed as the program names them in every language: what to
# export or import, a file's format, the language
PROGRAM_WORDS = {"tasks|nominees|reports|all", "units|tasks|nominees", "json|csv|xlsx", "vi|en"}
CODES = re.compile(r"[a-z_]+(?:\|[a-z_]+)+")

def commands(help_path):
    """The commands --help lists ("task create", "ping"), longest first."""
    text = open(help_path, encoding="utf-8").read().split("\n\n")[1]
    names = [re.match(r"  (\S+(?: \S+)?) {2,}", l).group(1) for l in text.splitlines()[1:]]
    return sorted(names, key=len, reverse=True)

def usages(path, prefix, names):
    """{"task create": "TITLE --lead UNIT ..."} from the usage lines of --help."""
    out = {}
    for line in re.findall(r"^%s thidua (.*)$" % re.escape(prefix), open(path, encoding="utf-8").read(), re.M):
        name = next(n for n in names if line == n or line.startswith(n + " "))
        out[name] = line[len(name) + 1:]
    return out

def man_tags(path):
    """The .B lines of thidua(1)'s OPTIONS and COMMANDS (its 4th and 5th sections)."""
    bodies = re.split(r"^\.SH .*\n", open(path, encoding="utf-8").read(), flags=re.M)[1:]
    tags = re.findall(r"^\.TP\n\.B (.*)$", bodies[3] + bodies[4], re.M)
    return [t.replace("\\-", "-").replace("\\(dq", '"') for t in tags]

failed = False
def same_typed_no_english(where, en, vi):
    global failed
    left = sorted(set(PLACEHOLDER.findall(en)) & set(PLACEHOLDER.findall(vi)))
    if left:
        print(f"FAIL {where}: English placeholders {left} in '{vi}'")
        failed = True
    codes = [c for c in CHOICE.findall(vi) if CODES.fullmatch(c) and c not in PROGRAM_WORDS]
    if codes:
        print(f"FAIL {where}: values as codes {codes}, not in words, in '{vi}'")
        failed = True
    # the values' words differ by language; everything else typed is the same
    words = lambda line: TYPED.findall(CHOICE.sub(lambda m: m[0] if m[0] in PROGRAM_WORDS else "", line))
    if words(en) != words(vi):
        print(f"FAIL {where}: typed words differ: '{en}' / '{vi}'")
        failed = True

names = commands(sys.argv[5])
en, vi = usages(sys.argv[1], "usage:", names), usages(sys.argv[2], "cách dùng:", names)
assert len(en) > 50 and en.keys() == vi.keys(), (len(en), set(en) ^ set(vi))
for command in en:
    same_typed_no_english("--help of " + command, en[command], vi[command])
en_tags, vi_tags = man_tags(sys.argv[3]), man_tags(sys.argv[4])
assert len(en_tags) == len(vi_tags) > 55, (len(en_tags), len(vi_tags))
for e, v in zip(en_tags, vi_tags):
    same_typed_no_english("thidua(1) " + e, e, v)
assert any("DD/MM/YYYY" in t for t in en_tags) and any("NGÀY/THÁNG/NĂM" in t for t in vi_tags)
sys.exit(1 if failed else 0)
PY
check usage_vi_placeholders_in_vietnamese 0 python3 "$T/usage_check.py" "$T/usage_en" "$T/usage_vi" \
    "$T/man_en" "$T/man_vi" "$T/help_en"

# --- a department with a task and a nominee -------------------------------------
start_server
as() { local who=$1; shift; THIDUA_KEY=$T/$who.key timeout 30 "$BIN/thidua" "$@"; }
thidua unit add SO-NV --name "Sở Nội vụ" --kind department >/dev/null
for p in nv:unit:SO-NV office:office:; do
    IFS=: read -r name role unit <<<"$p"
    thidua keygen "$T/$name" >/dev/null
    thidua principal add "$name" --role "$role" ${unit:+--unit "$unit"} --public-key "$T/$name.pub" >/dev/null
done
check task_created 0 as office task create "Báo cáo tổng kết" --lead SO-NV --deadline 01/12/2030
check nominee_created 0 as nv nominee create "Nguyễn Văn A" --kind individual --field culture

# --- ids: the number alone names the task or nominee ----------------------------
# (every task id is T-<n> and every nominee id N-<n>: common/rules.c)
check task_show_by_number 0 thidua --json task show 1
contains task_show_by_number_is_T-1 '"id":"T-1"'
check task_report_by_number 0 as nv task report 1 --percent 30
check task_report_by_number_applied 0 thidua --json task show T-1
contains task_report_by_number_applied '"progress":30'
check nominee_show_by_number 0 thidua --json nominee show 1
contains nominee_show_by_number_is_N-1 '"id":"N-1"'
check nominee_edit_by_number 0 as nv nominee edit 1 --workplace "Sở Nội vụ"
check task_by_missing_number 4 thidua task show 99
contains task_by_missing_number_names_T-99 "nhiệm vụ 'T-99' không tồn tại"
check task_by_word_says_the_form 2 thidua task show xyz
contains task_by_word_says_the_form "'xyz' không phải mã nhiệm vụ: hãy viết T-31, hoặc chỉ số (31)"
check task_by_nominee_id_says_the_form 2 thidua task show N-1
contains task_by_nominee_id_says_the_form "'N-1' không phải mã nhiệm vụ"
check nominee_by_word_says_the_form 2 thidua --lang en nominee propose abc
contains nominee_by_word_says_the_form "'abc' is not a nominee id: write N-8, or the number alone (8)"
check task_without_id_says_which 2 thidua task show
contains task_without_id_says_which "hãy cho biết mã nhiệm vụ: T-31, hoặc chỉ số (31)"
check nominee_without_id_says_which 2 thidua --lang en nominee propose
contains nominee_without_id_says_which "give the nominee's id: N-8, or the number alone (8)"

# --- a refused value names the option typed, or a positional in words -----------
check status_option_named 2 thidua task list --status xyz
contains status_option_named "--status 'xyz' không thuộc các giá trị:"
lacks status_option_not_the_field "thidua: status 'xyz'"
check nominee_status_option_named 2 thidua nominee list --status xyz
contains nominee_status_option_named "--status 'xyz' không thuộc"
check kind_option_named 2 thidua task create X --lead SO-NV --deadline 01/12/2030 --kind xyz
contains kind_option_named "--kind 'xyz' không thuộc"
check role_option_named 2 thidua principal add p --role xyz --public-key "$T/nv.pub"
contains role_option_named "--role 'xyz' không thuộc"
check quota_field_in_words 2 thidua quota set xyz individual --max 1
contains quota_field_in_words "thidua: lĩnh vực 'xyz' không thuộc"
check quota_kind_in_words 2 thidua quota set culture xyz --max 1
contains quota_kind_in_words "thidua: loại 'xyz' không thuộc"
check quota_kind_in_english_words 2 thidua --lang en quota set culture xyz --max 1
contains quota_kind_in_english_words "thidua: kind 'xyz' is not one of"
check json_keeps_english_words 2 thidua --json quota set xyz individual --max 1
contains json_keeps_english_words "field 'xyz' is not one of"
# a system error's text too: English in JSON, Vietnamese for people
check json_system_error_in_english 2 thidua --json calendar holidays --file "$T/missing.txt"
contains json_system_error_in_english "cannot read $T/missing.txt: no such file or folder"
check system_error_in_vietnamese 2 thidua calendar holidays --file "$T/missing.txt"
contains system_error_in_vietnamese "không có tệp hay thư mục này"
# and the same words where the library reads the file (a key), not the system's
check key_file_missing_in_our_words 4 thidua principal add x --role office --public-key "$T/missing.pub"
contains key_file_missing_in_our_words "tệp khóa '$T/missing.pub': không có tệp hay thư mục này"
lacks key_file_missing_not_the_systems "tập tin"
# a folder where a file was meant: the command line's mistake (2), or a
# bad argument (3), never an internal error (1)
check import_from_a_folder 2 thidua import tasks "$T"
contains import_from_a_folder "đó là một thư mục, không phải tệp"
check public_key_a_folder 3 thidua principal add x --role observer --public-key "$T"
contains public_key_a_folder "là một thư mục, không phải tệp khóa"

# --- a number out of range: the range a person works within, or "not negative" ----
check watch_count_word 2 thidua watch --count x
contains watch_count_not_negative "--count nhận một số nguyên không âm, không nhận 'x'"
lacks watch_count_no_type_limit "9223372036854775807"
check watch_since_negative_en 2 thidua --lang en watch --since -1
contains watch_since_not_negative_en "--since takes a whole number that is not negative, not '-1'"
check report_percent_range 2 thidua task report 1 --percent 101
contains report_percent_range "--percent nhận số nguyên từ 0 đến 100, không nhận '101'"

# --- numbers stand flush right in tables, their headers too ---------------------
# right_aligned FILE HEADER...: in the table of FILE whose first line holds
# each HEADER, every cell under it ends where the header ends (display
# columns), with digits there
cat >"$T/right.py" <<'PY'
import sys, unicodedata

def cols(line):  # display column of each character
    out, w = [], 0
    for ch in line:
        out.append(w)
        w += 0 if unicodedata.combining(ch) else 1
    return out, w

lines = [unicodedata.normalize("NFC", l) for l in open(sys.argv[1], encoding="utf-8").read().splitlines()]
head = next(i for i, l in enumerate(lines) if all(h in l for h in sys.argv[2:]))
for h in sys.argv[2:]:
    c, _ = cols(lines[head])
    at = lines[head].index(" " + h + " ") + 1 if " " + h + " " in lines[head] else lines[head].index(h)
    end = c[at] + len(h)
    for l in lines[head + 1:]:
        if not l.strip():
            break
        c, width = cols(l)
        by_col = {c[i]: ch for i, ch in enumerate(l)}
        last = by_col.get(end - 1, " ")
        after = by_col.get(end, " ")
        assert last.isdigit() and after == " ", f"{h!r} not flush right in {l!r}"
PY
check task_created_2 0 as office task create "Triển lãm" --lead SO-NV --deadline 01/12/2030
check task_reported_2 0 as nv task report 2 --percent 5
check task_list 0 thidua task list
cp "$T/out" "$T/tasks"
check task_list_percent_flush_right 0 python3 "$T/right.py" "$T/tasks" "%"
check status_human 0 thidua status
contains status_counts_headed "số bản ghi đang lưu, theo loại:"
contains status_counts_under_it "  nhiệm vụ"
check quota_set_12 0 thidua quota set culture individual --max 12 --per-unit 3
check quota_set_3 0 thidua quota set economy collective --max 3 --per-unit 10
check quota_list 0 thidua --lang en quota list
cp "$T/out" "$T/quotas"
check quota_list_numbers_flush_right 0 python3 "$T/right.py" "$T/quotas" SELECTED QUOTA "PER UNIT"
check counts 0 thidua --lang en counts
cp "$T/out" "$T/counts"
check counts_quota_numbers_flush_right 0 python3 "$T/right.py" "$T/counts" PROPOSED SELECTED

summary
