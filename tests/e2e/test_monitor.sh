#!/usr/bin/env bash
# thidua-monitor against a real thidua-server, driven under tmux
# (send-keys, capture-pane): a change made with the CLI shows within two
# seconds, overdue tasks come first, the quota numbers match `thidua counts`,
# the header follows the broker going down and coming back, an 80x24
# terminal keeps every panel, NFD and NFC names line up, and --plain prints
# the feed as lines. Then the keys a standing office reaches for: Ctrl-L
# repaints over stray output, the feed pauses after ↓ and End follows
# again, u replaces the unit filter and refuses an unknown unit, ? explains
# the headings' abbreviations, Enter on a nominees row leads to a nominee's
# dossier; the tables say the broker cannot be reached rather than show
# zeros, and --lang en speaks English.
# Usage: bash test_monitor.sh BIN_DIR
set -euo pipefail

BIN=$(cd "$1" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/thidua-mon-XXXXXX")
D=$T/data
SOCK=thidua-mon-$$
server_pid=
plain_pid=
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# ncurses keeps some of its allocations to the end; see tests/lsan.supp
export LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")/.." && pwd)/lsan.supp:${LSAN_OPTIONS:-}"

stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    [ -n "$server_pid" ] && wait "$server_pid" 2>/dev/null || true
    server_pid=
}

cleanup() {
    tmux -L "$SOCK" kill-server 2>/dev/null || true
    [ -n "$plain_pid" ] && kill "$plain_pid" 2>/dev/null || true
    stop_server
    rm -rf "$T"
}
trap cleanup EXIT

passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "ok   $1"
}
fail() {
    failed=$((failed + 1))
    echo "FAIL $1"
    pane | sed 's/^/     | /'
}

thidua() {
    timeout 30 "$BIN/thidua" "$@"
}
pane() { # [SESSION]
    tmux -L "$SOCK" capture-pane -p -t "${1:-mon}" 2>/dev/null || true
}
keys() { tmux -L "$SOCK" send-keys -t mon "$@"; }
# wait_for SECONDS EXTENDED-REGEX [SESSION]: polls the pane every 0.1 s
wait_for() {
    local tries=$(($1 * 10))
    for _ in $(seq "$tries"); do
        pane "${3:-}" | grep -qE "$2" && return 0
        sleep 0.1
    done
    return 1
}
# wait_gone SECONDS EXTENDED-REGEX: polls until the pane no longer shows it
wait_gone() {
    local tries=$(($1 * 10))
    for _ in $(seq "$tries"); do
        pane | grep -qE "$2" || return 0
        sleep 0.1
    done
    return 1
}
# monitor SESSION ARGS...: another monitor in its own 80x24 tmux session
monitor() {
    local session=$1
    shift
    tmux -L "$SOCK" new-session -d -s "$session" -x 80 -y 24 \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 LSAN_OPTIONS='$LSAN_OPTIONS' \
         THIDUA_SERVER=$REQ THIDUA_EVENTS=$EVT THIDUA_SERVER_KEY=$D/server.pub THIDUA_KEY=$D/admin.key \
         $BIN/thidua-monitor $* 2>$T/$session.err; sleep 30"
}

start_server() { # [REQUESTS EVENTS]
    "$BIN/thidua-server" run --data "$D" --requests "${1:-tcp://127.0.0.1:*}" \
        --events "${2:-tcp://127.0.0.1:*}" 2>>"$T/server.log" &
    server_pid=$!
    for _ in $(seq 100); do
        [ -s "$D/endpoints" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "thidua-server did not start" >&2
    cat "$T/server.log" >&2
    exit 1
}

"$BIN/thidua-server" init --data "$D" >/dev/null
start_server
REQ=$(sed -n 's/^requests=//p' "$D/endpoints")
EVT=$(sed -n 's/^events=//p' "$D/endpoints")
export THIDUA_SERVER=$REQ THIDUA_EVENTS=$EVT THIDUA_SERVER_KEY=$D/server.pub THIDUA_KEY=$D/admin.key

# --- a small congress: units (one name typed NFD), tasks, nominees, quota --
nfd_name=$(printf 'Tha\xcc\x80nh pho\xcc\x82\xcc\x81 Ho\xcc\x82\xcc\x80 Chi\xcc\x81 Minh')
{
    thidua unit add TT-TDKT --name 'Ban Thi đua - Khen thưởng tỉnh' --kind office
    thidua unit add SO-NV --name 'Sở Nội vụ' --kind department
    thidua unit add TP-HCM --name "$nfd_name" --kind district
    thidua keygen "$D/office"
    thidua principal add vanphong --role office --public-key "$D/office.pub"
    thidua keygen "$D/nv"
    thidua principal add nv --role unit --unit SO-NV --public-key "$D/nv.pub"
    thidua quota set culture individual --max 2
    thidua criterion add TC1 --text 'Gương mẫu chấp hành chủ trương, chính sách' --mandatory
} >"$T/setup.log" 2>&1 || {
    echo "setup failed:" >&2
    cat "$T/setup.log" >&2
    exit 1
}
office() { THIDUA_KEY=$D/office.key thidua "$@"; }
nv() { THIDUA_KEY=$D/nv.key thidua "$@"; }
next_year=$(($(date +%Y) + 1))
{
    office task create 'Khánh tiết hội trường' --lead TP-HCM --deadline "15/06/$next_year"
    office task create 'Báo cáo tổng kết 5 năm' --lead SO-NV --deadline 01/03/2020
    office task create 'Phim tài liệu' --lead SO-NV --deadline "10/06/$next_year"
    nv nominee create 'Nguyễn Văn A' --kind individual --field culture
    nv nominee create 'Trần Thị B' --kind individual --field culture \
        --achievements 'Ba năm liền đạt danh hiệu Chiến sĩ thi đua cơ sở'
    nv nominee propose N-1
    nv nominee propose N-2
    office nominee vet N-2
    office nominee check N-2 --criterion TC1 --result met --note 'Đủ minh chứng'
} >>"$T/setup.log" 2>&1 || {
    echo "setup failed:" >&2
    cat "$T/setup.log" >&2
    exit 1
}

tmux -L "$SOCK" -f /dev/null new-session -d -s mon -x 120 -y 40 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 LSAN_OPTIONS='$LSAN_OPTIONS' \
     THIDUA_SERVER=$REQ THIDUA_EVENTS=$EVT THIDUA_SERVER_KEY=$D/server.pub THIDUA_KEY=$D/admin.key \
     $BIN/thidua-monitor 2>$T/monitor.err; sleep 30"

if wait_for 5 'trực tuyến' && wait_for 5 'đồng bộ' && wait_for 5 'Phim tài liệu'; then
    ok "the monitor starts live and in sync, listing the tasks"
else
    fail "the monitor starts live and in sync, listing the tasks"
fi

# --- overdue first -------------------------------------------------------------
first=$(pane | awk '/Mã .*Hạn/ {getline; print; exit}')
if echo "$first" | grep -q 'T-2 .*Báo cáo tổng kết.*quá [0-9]'; then
    ok "the overdue task is listed first, marked overdue"
else
    fail "the overdue task is listed first (got: $first)"
fi
if pane | grep -qE 'Quá hạn 1'; then
    ok "the tasks panel counts one overdue"
else
    fail "the tasks panel counts one overdue"
fi

# --- a change made with the CLI shows within two seconds --------------------
office task report T-3 --percent 40 --text 'Đã quay xong' >/dev/null
if wait_for 2 'báo cáo tiến độ T-3' && wait_for 1 'T-3 .* 40%'; then
    ok "a progress report made with the CLI shows within 2 s"
else
    fail "a progress report made with the CLI shows within 2 s"
fi

# --- a task the office sent back reads "Yêu cầu bổ sung", counted apart ------
nv task submit T-3 >/dev/null && office task return T-3 --reason 'Thiếu phụ đề' >/dev/null
if wait_for 3 'T-3 .*Yêu cầu bổ' && wait_for 2 'Đang thực hiện 0 · Yêu cầu bổ sung 1'; then
    ok "a task sent back reads 'Yêu cầu bổ sung' in the list and is counted apart"
else
    fail "a task sent back reads 'Yêu cầu bổ sung' in the list and is counted apart"
    pane | head -12
fi

# --- the quota bar's numbers match the broker's counts ----------------------
thidua --json counts >"$T/counts.json"
want=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["counts"]
for q in d.get("quotas", []):
    if q.get("field") == "culture" and q.get("kind") == "individual":
        print(q.get("proposed", 0), q.get("selected", 0), q.get("max_selected", 0))
' "$T/counts.json")
got=$(pane | grep -E 'Văn hóa +Cá nhân' | head -1 |
    sed -E 's/.*Cá nhân +([0-9]+) +([0-9]+) +([0-9]+) +([0-9]+)\/([0-9]+).*/\1 \2 \3 \4 \5/')
read -r gp gv gd gs gq <<<"$got" || true
read -r wp ws wq <<<"$want" || true
if [ -n "${gp:-}" ] && [ -n "${wp:-}" ] && [ $((gp + gv + gd)) -eq "$wp" ] && [ "$gs" -eq "$ws" ] &&
    [ "$gq" -eq "$wq" ] && [ "$gp" -eq 1 ] && [ "$gv" -eq 1 ]; then
    ok "culture/individual: proposed $gp, vetting $gv, vetted $gd, selected $gs/$gq match counts ($want)"
else
    fail "culture/individual numbers match counts: screen '$got', broker '$want'"
    head -c 1000 "$T/counts.json"
fi

# --- NFD and NFC names line up ----------------------------------------------
cat >"$T/columns.py" <<'PY'
import sys, unicodedata
def width(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
lines = [l for l in sys.stdin.read().splitlines() if l.startswith(("T-1 ", "T-2 ", "T-3 "))]
if len(lines) != 3:
    sys.exit("want three task rows, got %r" % lines)
cols = set()
for l in lines:
    col = 0
    for ch in l:
        if ch in "\u2588\u2591":
            break
        col += width(ch)
    cols.add(col)
if len(cols) != 1:
    sys.exit("progress bars start at columns %s:\n%s" % (sorted(cols), "\n".join(lines)))
PY
if pane | grep -q 'Thành phố Hồ Chí Minh' && pane | python3 "$T/columns.py"; then
    ok "the NFD-typed unit name shows composed and its row lines up with NFC rows"
else
    fail "the NFD-typed unit name shows composed and its row lines up with NFC rows"
fi

# --- filter by text, without diacritics -------------------------------------
tmux -L "$SOCK" send-keys -t mon / 'bao cao' Enter
if wait_for 5 '\[Lọc: bao cao\]' && ! pane | grep -qE '^T-3 ' && pane | grep -q 'Báo cáo tổng kết'; then
    ok "/ filters by text ignoring diacritics"
else
    fail "/ filters by text ignoring diacritics"
fi
tmux -L "$SOCK" send-keys -t mon Escape
wait_for 3 '^T-3 ' || true
sleep 0.2 # an Esc followed at once by an arrow would read as one Alt sequence

# --- detail and history -----------------------------------------------------
tmux -L "$SOCK" send-keys -t mon Down Enter
if wait_for 5 'Lịch sử' && wait_for 3 'Đã quay xong'; then
    ok "Enter shows a task's detail with its history"
else
    fail "Enter shows a task's detail with its history"
fi
tmux -L "$SOCK" send-keys -t mon Escape

# --- ? explains the abbreviations of the column headings ---------------------
keys '?'
if wait_for 3 'Chữ viết tắt ở đầu cột' &&
    pane | grep -qE '^  Đang TĐ +số hồ sơ Thường trực đang thẩm định' &&
    pane | grep -qE '^  Đã TĐ +số hồ sơ đã thẩm định' &&
    pane | grep -qE '^  Chọn/CT +số được chọn tuyên dương / chỉ tiêu' &&
    pane | grep -qE '^  Ctrl-L +vẽ lại màn hình'; then
    ok "? explains every abbreviated column heading and lists Ctrl-L"
else
    fail "? explains every abbreviated column heading and lists Ctrl-L"
fi
keys Escape
wait_for 3 'Tab khung' || true

# --- Ctrl-L repaints over what another program wrote on the terminal --------
tty=$(tmux -L "$SOCK" display -p -t mon '#{pane_tty}')
printf '\033[5;1HSTRAY broker log line written over the monitor\n' >"$tty"
if ! wait_for 2 'STRAY broker log'; then
    fail "stray output reaches the pane (the Ctrl-L case cannot run)"
else
    keys C-l
    if wait_gone 2 'STRAY broker log' && pane | grep -qE '^T-2 .*Báo cáo tổng kết'; then
        ok "Ctrl-L redraws the screen over stray output"
    else
        fail "Ctrl-L redraws the screen over stray output"
    fi
fi

# --- u: one unit, replaced not appended; an unknown unit is refused ----------
keys u XYZ Enter
if wait_for 3 "không có đơn vị 'XYZ'" && pane | grep -qE '^▶ Nhiệm vụ \(3\)'; then
    ok "u with an unknown unit says so and leaves the tasks unfiltered"
else
    fail "u with an unknown unit says so and leaves the tasks unfiltered"
fi
keys u so-nv Enter
if wait_for 3 '\[Đơn vị: SO-NV\]' && wait_for 2 '^▶ Nhiệm vụ \(2\)'; then
    ok "u so-nv filters the tasks to SO-NV"
else
    fail "u so-nv filters the tasks to SO-NV"
fi
keys u tp-hcm Enter
if wait_for 3 '\[Đơn vị: TP-HCM\]' && wait_for 2 '^▶ Nhiệm vụ \(1\)'; then
    ok "u tp-hcm replaces the unit filter rather than adding to it"
else
    fail "u tp-hcm replaces the unit filter rather than adding to it"
fi
keys u s Tab
if wait_for 3 'Mã đơn vị .*: SO-NV_'; then
    ok "Tab in the unit prompt completes a unit code"
else
    fail "Tab in the unit prompt completes a unit code"
fi
keys Enter
wait_for 3 '\[Đơn vị: SO-NV\]' || true
keys u Enter
if wait_for 3 'đã bỏ lọc đơn vị' && wait_for 2 '^▶ Nhiệm vụ \(3\)'; then
    ok "u with an empty line clears the unit filter"
else
    fail "u with an empty line clears the unit filter"
fi

# --- Enter on a nominees row, then on a nominee: its dossier ----------------
cat >"$T/labels.py" <<'PY'
import sys, unicodedata
# the dossier's label: value lines start their values in one column
def width(s):
    return sum(0 if unicodedata.combining(c) else 1 for c in s)
labels = ("Trạng thái", "Đơn vị", "Loại", "Lĩnh vực", "Thành tích", "Tiêu chuẩn đơn vị nêu",
          "Công khai", "Quyết định")
cols = {}
for line in sys.stdin.read().splitlines():
    for lab in labels:
        if line.startswith(lab + " "):
            rest = line[len(lab):]
            cols[lab] = width(lab) + len(rest) - len(rest.lstrip(" "))
if len(cols) != len(labels) or len(set(cols.values())) != 1:
    sys.exit("value columns: %r" % cols)
PY
keys Tab Down Down Down Enter
if wait_for 3 'Văn hóa · Cá nhân \(2\)' && pane | grep -q 'N-1 .*Nguyễn Văn A' &&
    pane | grep -q 'N-2 .*Trần Thị B'; then
    ok "Enter on the Văn hóa · Cá nhân row lists its two nominees"
else
    fail "Enter on the Văn hóa · Cá nhân row lists its two nominees"
fi
keys Down Enter
if wait_for 3 '^N-2  Trần Thị B' && pane | grep -qE '^Trạng thái +Đang thẩm định' &&
    pane | grep -qE '^Đơn vị +SO-NV · Sở Nội vụ' && pane | grep -qE '^Thành tích +Ba năm liền' &&
    pane | grep -qE '^  TC1 Đạt +Đủ minh chứng \(vanphong' &&
    pane | grep -qE '^Công khai +chưa công khai' && pane | grep -qE 'vanphong +- +bắt đầu thẩm định' &&
    ! pane | grep -q 'start_vetting'; then
    ok "Enter on a nominee opens its dossier: status, unit, achievements, checks, disclosure, history"
else
    fail "Enter on a nominee opens its dossier: status, unit, achievements, checks, disclosure, history"
fi
if pane | python3 "$T/labels.py" >"$T/labels.out" 2>&1; then
    ok "the dossier's values start in one column"
else
    fail "the dossier's values start in one column: $(cat "$T/labels.out")"
fi
keys Escape
if wait_for 3 'Văn hóa · Cá nhân \(2\)'; then
    ok "Esc leaves the dossier for the list"
else
    fail "Esc leaves the dossier for the list"
fi
keys q
if wait_for 3 '^▶ Gương điển hình'; then
    ok "q leaves the list for the dashboard"
else
    fail "q leaves the list for the dashboard"
fi

# --- the feed pauses after ↓ and says so; End follows again -----------------
office task report T-1 --percent 10 >/dev/null
wait_for 3 'báo cáo tiến độ T-1' || true
keys Tab Down
if wait_for 3 'Thay đổi mới \(đã dừng — End để theo dõi tiếp\)'; then
    ok "↓ in the feed pauses it and the title says how to follow again"
else
    fail "↓ in the feed pauses it and the title says how to follow again"
fi
office task report T-1 --percent 20 >/dev/null
if wait_for 3 'đã dừng — End để theo dõi tiếp · 1 mới' && ! pane | grep -q 'báo cáo tiến độ T-1 .*20%'; then
    ok "a change while paused is counted in the title, not scrolled in"
else
    fail "a change while paused is counted in the title, not scrolled in"
fi
keys End
if wait_for 3 'Thay đổi mới \(mới nhất trước\)' && wait_for 2 'báo cáo tiến độ T-1 .*20%'; then
    ok "End follows the newest change again"
else
    fail "End follows the newest change again"
fi
keys Tab

# --- 80x24 keeps every panel readable ---------------------------------------
tmux -L "$SOCK" resize-window -t mon -x 80 -y 24
sleep 0.5
if wait_for 3 '^. Nhiệm vụ \(3\)' && pane | grep -q 'Gương điển hình' &&
    pane | grep -q 'Thay đổi mới' && pane | grep -q 'trực tuyến' &&
    pane | grep -q 'Văn hóa' && pane | grep -qE '^T-2 .*quá' &&
    [ "$(pane | wc -l)" -le 24 ] && pane | python3 "$T/columns.py"; then
    ok "at 80x24 every panel title, the header and aligned rows are shown"
else
    fail "at 80x24 every panel title, the header and aligned rows are shown"
fi
pane >"$T/screen-80x24.txt"
tmux -L "$SOCK" resize-window -t mon -x 100 -y 30
sleep 0.5

# --- broker down, then back -------------------------------------------------
kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
if wait_for 10 'mất kết nối|đang kết nối lại'; then
    ok "the header says the broker is down after it is killed"
else
    fail "the header says the broker is down after it is killed"
fi
if wait_for 5 '^không kết nối được máy chủ — số liệu lúc [0-9:]{8}' && pane | grep -qE '^T-2 '; then
    ok "the tables say the broker cannot be reached, with the age of the figures kept"
else
    fail "the tables say the broker cannot be reached, with the age of the figures kept"
fi
# a monitor that never reached the broker has no figures to show: no zeros
monitor dead
if wait_for 8 '^không kết nối được máy chủ$' dead && ! pane dead | grep -qE 'Nhiệm vụ \(0\)|Tập thể +0'; then
    ok "a monitor started with the broker down says so instead of showing zeros"
else
    fail "a monitor started with the broker down says so instead of showing zeros"
    pane dead | sed 's/^/     | /'
fi
t0=$(date +%s%N)
tmux -L "$SOCK" send-keys -t mon Tab
if wait_for 3 '▶ Gương điển hình'; then
    ok "keys are answered while the broker is down ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
else
    fail "keys are answered while the broker is down"
fi
tmux -L "$SOCK" send-keys -t mon BTab
start_server "$REQ" "$EVT"
if wait_for 15 'trực tuyến'; then
    ok "the header is live again after the broker restarts"
else
    fail "the header is live again after the broker restarts"
fi
if wait_gone 5 'không kết nối được máy chủ' && pane | grep -qE '^Mã +Nhiệm vụ' &&
    pane | grep -qE '^T-2 '; then
    ok "the tables fill again once the broker is back"
else
    fail "the tables fill again once the broker is back"
fi
if wait_for 10 'Phim tài liệu' dead && ! pane dead | grep -q 'không kết nối được'; then
    ok "the monitor started with the broker down fills once the broker is up"
else
    fail "the monitor started with the broker down fills once the broker is up"
    pane dead | sed 's/^/     | /'
fi
tmux -L "$SOCK" send-keys -t dead q
office task create 'Triển lãm thành tựu' --lead SO-NV --deadline "20/06/$next_year" >/dev/null
if wait_for 5 'Triển lãm thành tựu' && wait_for 3 'đồng bộ'; then
    ok "a change made after the restart appears"
else
    fail "a change made after the restart appears"
fi

# --- --lang en ------------------------------------------------------------------
monitor en --lang en
tmux -L "$SOCK" send-keys -t en '?'
wait_for 5 'Column headings' en || true
tmux -L "$SOCK" send-keys -t en NPage # 80x24 holds the keys; the headings follow
if pane en | grep -qE '^  Ctrl-L +redraw the screen|Column headings' &&
    wait_for 3 '^  Sel/Quota +nominees selected / the quota' en &&
    pane en | grep -qE '^  Vetting +nominees being vetted'; then
    ok "--lang en: the help and the headings' abbreviations in English"
else
    fail "--lang en: the help and the headings' abbreviations in English"
    pane en | sed 's/^/     | /'
fi
tmux -L "$SOCK" send-keys -t en Escape
if wait_for 5 '● live' en && wait_for 3 '^▶ Tasks \(4\)' en && pane en | grep -q 'Latest changes' &&
    pane en | grep -qE '^Culture +Individual +1 +1 ' && ! pane en | grep -q 'Nhiệm vụ'; then
    ok "--lang en: the dashboard in English"
else
    fail "--lang en: the dashboard in English"
    pane en | sed 's/^/     | /'
fi
tmux -L "$SOCK" send-keys -t en q
sleep 0.3
for s in dead en; do
    if [ -s "$T/$s.err" ]; then
        fail "the $s monitor wrote on stderr: $(head -c 2000 "$T/$s.err")"
    fi
done

# --- q quits ------------------------------------------------------------------
pane >"$T/screen.txt"
tmux -L "$SOCK" send-keys -t mon q
sleep 0.5
if [ ! -s "$T/monitor.err" ]; then
    ok "the monitor quits on q with nothing on stderr"
else
    fail "the monitor quits on q with nothing on stderr: $(head -c 2000 "$T/monitor.err")"
fi

# --- --plain: the feed as lines ---------------------------------------------
"$BIN/thidua-monitor" --plain >"$T/plain.out" 2>"$T/plain.err" &
plain_pid=$!
for _ in $(seq 50); do
    grep -q 'đồng bộ ở phiên bản' "$T/plain.out" 2>/dev/null && break
    sleep 0.1
done
office task report T-1 --percent 25 >/dev/null
thidua principal disable nv >/dev/null
thidua principal enable nv >/dev/null
for _ in $(seq 50); do
    grep -q 'mở khóa người dùng nv' "$T/plain.out" && break
    sleep 0.1
done
kill "$plain_pid" 2>/dev/null || true
wait "$plain_pid" 2>/dev/null || true
plain_pid=
# the settings a department wrote with `thidua config init` are the
# monitor's too, with nothing in the environment: the default file under
# $HOME, and one named by --config
mkdir -p "$T/home"
HOME=$T/home "$BIN/thidua" config init --server "$THIDUA_SERVER" --events "$THIDUA_EVENTS" \
    --server-key "$THIDUA_SERVER_KEY" --key "$THIDUA_KEY" >/dev/null 2>&1
for how in home flag; do
    if [ "$how" = home ]; then args=(); else args=(--config "$T/home/.config/thidua/config.ini"); fi
    env -u THIDUA_SERVER -u THIDUA_EVENTS -u THIDUA_SERVER_KEY -u THIDUA_KEY \
        HOME="$([ "$how" = home ] && echo "$T/home" || echo /nonexistent)" \
        timeout 10 "$BIN/thidua-monitor" --plain "${args[@]}" >"$T/cfg.out" 2>"$T/cfg.err" &
    cfg_pid=$!
    for _ in $(seq 50); do grep -q 'đồng bộ ở phiên bản' "$T/cfg.out" 2>/dev/null && break; sleep 0.1; done
    sleep 2 # past the first heartbeat, which says nothing new
    kill "$cfg_pid" 2>/dev/null || true
    wait "$cfg_pid" 2>/dev/null || true
    if grep -q 'đồng bộ ở phiên bản' "$T/cfg.out" && ! grep -q 'máy chủ đã kết nối' "$T/cfg.out"; then
        ok "--plain connects with the settings of config.ini ($how), saying so once"
    else
        failed=$((failed + 1))
        echo "FAIL --plain connects with the settings of config.ini ($how)"
        sed 's/^/     | /' "$T/cfg.out" "$T/cfg.err" | head -10
    fi
done
if "$BIN/thidua-monitor" --help | grep -q '^cách dùng: thidua-monitor' &&
    "$BIN/thidua-monitor" --lang en --help | grep -q '^usage: thidua-monitor'; then
    ok "--help speaks Vietnamese, and English with --lang en"
else
    failed=$((failed + 1))
    echo "FAIL --help speaks Vietnamese, and English with --lang en"
fi

# plain_line NAME REGEX: a line of the feed, after its time and revision
plain_line() {
    if grep -qE "^[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9:]{8}  #[0-9]+  $2" "$T/plain.out"; then
        ok "$1"
    else
        failed=$((failed + 1))
        echo "FAIL $1"
        sed 's/^/     | /' "$T/plain.out" "$T/plain.err" | head -20
    fi
}
plain_line "--plain prints a change as a line, in words" \
    'TP-HCM  vanphong  báo cáo tiến độ T-1 «Khánh tiết hội trường» 25% Đang thực hiện$'
# the change says which way it went, as the CLI's watch and the web's feed do
plain_line "--plain says a principal was disabled" 'SO-NV  admin  khóa người dùng nv$'
plain_line "--plain says a principal was enabled" 'SO-NV  admin  mở khóa người dùng nv$'

if [ -n "${MONITOR_CAPTURE:-}" ]; then
    cp "$T/screen.txt" "$MONITOR_CAPTURE"
fi
echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
    echo "--- server log ---"
    tail -20 "$T/server.log"
    exit 1
fi
