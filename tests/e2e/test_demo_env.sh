#!/usr/bin/env bash
# scripts/demo's settings for a second terminal: each demo writes its own
# file in its own folder and names it, so two demos at once never take each
# other's; the shared shortcut points to the newest and goes with it.
# Usage: bash test_demo_env.sh BIN_DIR
set -uo pipefail
BIN=$(cd "$1" && pwd)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
export DEMO_ENV_LINK=$T/thidua-demo.env # never the real shortcut of a demo running here
# shellcheck source=../../scripts/demo-env.sh
. "$SRC/scripts/demo-env.sh"

# two demos, each with its own broker
mkdir -p "$T/a" "$T/b"
THIDUA_SERVER=tcp://127.0.0.1:7001 THIDUA_EVENTS=tcp://127.0.0.1:7002 \
    demo_env_write "$T/a" "$BIN" "$T/a/data" "$T/a/keys" >"$T/a/said"
THIDUA_SERVER=tcp://127.0.0.1:8001 THIDUA_EVENTS=tcp://127.0.0.1:8002 \
    demo_env_write "$T/b" "$BIN" "$T/b/data" "$T/b/keys" >"$T/b/said"
check first_demo_names_its_own_file 0 grep -qF "settings: $T/a/env" "$T/a/said"
check second_demo_names_its_own_file 0 grep -qF "settings: $T/b/env" "$T/b/said"
check first_demos_file_is_its_broker 0 grep -q "THIDUA_SERVER=tcp://127.0.0.1:7001 " "$T/a/env"
check first_demos_file_keeps_its_keys 0 grep -qF "THIDUA_KEY=$T/a/keys/so-vhttdl.key" "$T/a/env"
check second_demos_file_is_its_broker 0 grep -q "THIDUA_SERVER=tcp://127.0.0.1:8001 " "$T/b/env"
check shortcut_is_the_newest 0 test "$(readlink "$DEMO_ENV_LINK")" = "$T/b/env"
check sourcing_sets_the_broker 0 bash -c ". '$T/a/env' && test \"\$THIDUA_SERVER\" = tcp://127.0.0.1:7001"

# the first ends: the newest's shortcut stays; the newest ends: it goes
demo_env_release "$T/a"
check older_ending_keeps_the_newest_shortcut 0 test "$(readlink "$DEMO_ENV_LINK")" = "$T/b/env"
demo_env_release "$T/b"
check newest_ending_removes_its_shortcut 0 test ! -e "$DEMO_ENV_LINK"

# the demo tells its user its own file, not the shared shortcut
check demo_tour_names_its_own_file 0 grep -qF '. $work/env' "$SRC/scripts/demo"
check demo_tour_not_the_shortcut 1 grep -qF '. /tmp/thidua-demo.env' "$SRC/scripts/demo"

# --help prints the script's whole header comment: its last line too
for script in demo bench; do
    last=$(awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); l = $0 } END { print l }' \
        "$SRC/scripts/$script")
    check "${script}_help_is_the_whole_header" 0 sh -c '"$1" --help | tail -1 | grep -qxF "$2"' \
        _ "$SRC/scripts/$script" "$last"
done

summary
