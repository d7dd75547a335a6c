# shellcheck shell=bash
# What the end-to-end scripts share, sourced by each folder's lib.sh (which sets E2E_NAME first):
# strict mode; the mesh binary, the script's first argument, in $MESH; a fresh temporary
# directory $WORK as the current directory, removed on exit after the commands queued in
# CLEANUPS (servers a test started) and any background job it left; run/expect helpers that
# fail with a message on the first surprise.
set -euo pipefail
MESH=${1:?usage: $(basename "$0") /path/to/mesh}
WORK=$(mktemp -d "/tmp/mesh-e2e-${E2E_NAME:-test}-XXXXXX")
OUT=$WORK/.output # stdout and stderr of the last `run`
CLEANUPS=()
e2e_cleanup() {
  local c pids
  for c in "${CLEANUPS[@]}"; do eval "$c" || true; done
  pids=$(jobs -p) || true
  [[ -z $pids ]] || kill -9 $pids 2>/dev/null || true
  rm -rf "$WORK"
}
trap e2e_cleanup EXIT
cd "$WORK"
export NO_COLOR=1
unset MESH_STATE MESH_WORKSPACE MESH_PLUGIN_PATH MESH_PLUGIN_TIMEOUT MESH_TEST_HOLD_LOCK_MS

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run EXPECTED_EXIT mesh-args...: runs mesh, keeps stdout+stderr in $OUT, checks the code.
run() {
  local want=$1
  shift
  local got=0
  "$MESH" "$@" >"$OUT" 2>&1 </dev/null || got=$?
  if [[ $got != "$want" ]]; then
    cat "$OUT" >&2
    fail "mesh $* exited $got, expected $want"
  fi
}

# expect TEXT / expect_not TEXT: the last run's output contains (does not contain) TEXT.
expect() {
  grep -qF -- "$1" "$OUT" || { cat "$OUT" >&2; fail "output lacks: $1"; }
}
expect_not() {
  if grep -qF -- "$1" "$OUT"; then
    cat "$OUT" >&2
    fail "output has: $1"
  fi
}

# state_list: the addresses in state, one a line.
state_list() { "$MESH" state list 2>&1; }
