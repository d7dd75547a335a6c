# Helpers for the apply end-to-end scenarios: each script gets the mesh binary as $1, works in
# a fresh temporary directory (removed on exit) and fails with a message on the first surprise.
set -euo pipefail
MESH=${1:?usage: scenario.sh /path/to/mesh}
WORK=$(mktemp -d /tmp/mesh-e2e-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
OUT=$WORK/.output
export NO_COLOR=1
unset MESH_STATE MESH_WORKSPACE

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

# expect TEXT: the last run's output contains TEXT.
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

# no_changes: a plan now shows nothing to do (and says so with --detailed-exitcode).
no_changes() {
  run 0 plan --detailed-exitcode
  expect "No changes."
}
