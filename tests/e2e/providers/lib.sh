# Helpers for the provider end-to-end scenarios: each script gets the mesh binary as $1, works
# in a fresh temporary directory (removed on exit, with every server it started) and fails
# with a message on the first surprise.
set -euo pipefail
MESH=${1:?usage: scenario.sh /path/to/mesh [helper]}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE_DIR=$(cd "$HERE/../../.." && pwd)
WORK=$(mktemp -d /tmp/mesh-e2e-providers-XXXXXX)
CLEANUPS=()
cleanup() {
  local c
  for c in "${CLEANUPS[@]}"; do eval "$c" || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
export NO_COLOR=1
unset MESH_STATE MESH_WORKSPACE MESH_PLUGIN_PATH MESH_PLUGIN_TIMEOUT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run EXPECTED_EXIT mesh-args...: runs mesh, keeps stdout+stderr in $WORK/out, checks the code.
run() {
  local want=$1
  shift
  local got=0
  "$MESH" "$@" >"$WORK/out" 2>&1 </dev/null || got=$?
  if [[ $got != "$want" ]]; then
    cat "$WORK/out" >&2
    fail "mesh $* exited $got, expected $want"
  fi
}

expect() {
  grep -qF -- "$1" "$WORK/out" || { cat "$WORK/out" >&2; fail "output lacks: $1"; }
}
expect_not() {
  if grep -qF -- "$1" "$WORK/out"; then
    cat "$WORK/out" >&2
    fail "output has: $1"
  fi
}

state_list() { "$MESH" state list 2>&1; }

no_changes() {
  run 0 plan
  expect "No changes."
}
