# The demo's settings for a second terminal, sourced by scripts/demo (and
# tests/e2e/test_demo_env.sh). Each demo writes its own file in its own
# temporary folder and names that path to its user: two demos at once
# then never take each other's settings. DEMO_ENV_LINK (default
# /tmp/thidua-demo.env) is only a shortcut to the newest demo's file.
DEMO_ENV_LINK=${DEMO_ENV_LINK:-/tmp/thidua-demo.env}

# demo_env_write WORK BIN DATA KEYS: writes WORK/env (the broker in the
# environment, acting as Sở Văn hóa, Thể thao và Du lịch), points the
# shortcut at it and says both paths.
demo_env_write() {
  local work=$1 bin=$2 data=$3 keys=$4
  cat >"$work/env" <<ENV
# thidua demo $work: act as Sở Văn hóa, Thể thao và Du lịch (change THIDUA_KEY for another unit)
export PATH="$bin:\$PATH" THIDUA_SERVER=$THIDUA_SERVER THIDUA_EVENTS=$THIDUA_EVENTS
export THIDUA_SERVER_KEY=$data/server.pub THIDUA_KEY=$keys/so-vhttdl.key
ENV
  ln -sfn "$work/env" "$DEMO_ENV_LINK"
  echo "== this demo's settings: $work/env ($DEMO_ENV_LINK points to the newest demo's)"
}

# demo_env_release WORK: removes the shortcut if it is still this demo's
# (a newer demo's stays).
demo_env_release() {
  if [ "$(readlink "$DEMO_ENV_LINK" 2>/dev/null)" = "$1/env" ]; then
    rm -f "$DEMO_ENV_LINK"
  fi
  return 0
}
