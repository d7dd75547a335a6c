# Helpers for the state end-to-end scenarios: each script gets the mesh binary as $1, works in
# a fresh temporary directory (removed on exit) and fails with a message on the first surprise.
set -euo pipefail
MESH=${1:?usage: scenario.sh /path/to/mesh}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d /tmp/mesh-e2e-state-XXXXXX)
cleanup() {
  # Background mesh processes a scenario left must not outlive it.
  local pids
  pids=$(jobs -p) || true
  [[ -z $pids ]] || kill -9 $pids 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
export NO_COLOR=1
unset MESH_STATE MESH_WORKSPACE MESH_TEST_HOLD_LOCK_MS

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run EXPECTED_EXIT mesh-args...: runs mesh, keeps stdout+stderr in $WORK/out (stdout alone in
# $WORK/stdout), checks the exit code.
run() {
  local want=$1
  shift
  local got=0
  "$MESH" "$@" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null || got=$?
  cat "$WORK/stdout" "$WORK/stderr" >"$WORK/out"
  if [[ $got != "$want" ]]; then
    cat "$WORK/out" >&2
    fail "mesh $* exited $got, expected $want"
  fi
}

# expect TEXT: the last run's output contains TEXT.
expect() {
  grep -qF -- "$1" "$WORK/out" || { cat "$WORK/out" >&2; fail "output lacks: $1"; }
}
expect_not() {
  if grep -qF -- "$1" "$WORK/out"; then
    cat "$WORK/out" >&2
    fail "output has: $1"
  fi
}

# lock_rows FILE: how many lock rows the SQLite state file holds.
lock_rows() {
  python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT count(*) FROM locks").fetchone()[0])
PY
}

# wait_for_lock FILE: until some process holds a lock in FILE (at most 10 s).
wait_for_lock() {
  for _ in $(seq 100); do
    [[ $(lock_rows "$1") != 0 ]] && return 0
    sleep 0.1
  done
  fail "no lock appeared in $1"
}

# seed [ARGS...]: imports the standard seed export into the state (a fresh workspace).
seed() {
  run 0 state import "$HERE/seed.json" "$@"
}
