# shellcheck shell=bash
# Helpers for the stdlib `cluster` end-to-end tests: each script gets the mesh binary as $1 and
# works in a fresh temporary directory (mode 0755, so that the `postgres` OS user can reach the
# instance directories when the tests run as root), removed on exit.
set -euo pipefail
MESH=${1:?usage: test.sh /path/to/mesh}
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
export MESH_STDLIB_PATH=$SRC/stdlib
WORK=$(mktemp -d /tmp/mesh-cluster-XXXXXX)
chmod 0755 "$WORK"
cleanups=()
cleanup() {
  local c
  for c in "${cleanups[@]}"; do eval "$c" || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
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

# output NAME: one root output's value as mesh prints it (strings unquoted).
output() {
  "$MESH" output "$1" </dev/null | sed 's/^"\(.*\)"$/\1/'
}
