# Helpers for the state end-to-end scenarios: each script gets the mesh binary as $1, works in
# a fresh temporary directory (removed on exit) and fails with a message on the first surprise.
E2E_NAME=state
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# run EXPECTED_EXIT mesh-args...: as common.sh's, with stdout alone also in $WORK/stdout (for
# commands whose output is parsed) and stderr in $WORK/stderr.
run() {
  local want=$1
  shift
  local got=0
  "$MESH" "$@" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null || got=$?
  cat "$WORK/stdout" "$WORK/stderr" >"$OUT"
  if [[ $got != "$want" ]]; then
    cat "$OUT" >&2
    fail "mesh $* exited $got, expected $want"
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
