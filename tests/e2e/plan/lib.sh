# Helpers for the plan end-to-end scenarios: each script gets the mesh binary as $1 and the
# source tree as $2, works in a fresh temporary directory (removed on exit) and fails with a
# message on the first surprise.
set -euo pipefail
MESH=${1:?usage: scenario.sh /path/to/mesh /path/to/source}
SOURCE=${2:?usage: scenario.sh /path/to/mesh /path/to/source}
WORK=$(mktemp -d /tmp/mesh-e2e-plan-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
OUT=$WORK/.output
export NO_COLOR=1
export MESH_NOW=1800000000
unset MESH_STATE MESH_WORKSPACE

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run EXPECTED_EXIT mesh-args...: runs mesh, stdout in $OUT, stderr in $OUT.err.
run() {
  local want=$1
  shift
  local got=0
  "$MESH" "$@" >"$OUT" 2>"$OUT.err" </dev/null || got=$?
  if [[ $got != "$want" ]]; then
    cat "$OUT" "$OUT.err" >&2
    fail "mesh $* exited $got, expected $want"
  fi
}

expect() {
  grep -qF -- "$1" "$OUT" "$OUT.err" || { cat "$OUT" "$OUT.err" >&2; fail "output lacks: $1"; }
}
expect_not() {
  if grep -qF -- "$1" "$OUT" "$OUT.err"; then
    cat "$OUT" "$OUT.err" >&2
    fail "output has: $1"
  fi
}
# no_secret TEXT FILE...: TEXT appears in none of the files.
no_secret() {
  local secret=$1
  shift
  if grep -qF -- "$secret" "$@"; then fail "a secret leaked into: $*"; fi
}
