# Helpers of the reliability scenarios: those of the apply end-to-end tests (a fresh
# temporary directory, run/expect/fail, state_list), plus state checks.
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/apply/lib.sh"
DB=.mesh/state.db

# integrity: SQLite's own check of the state database passes.
integrity() {
  local result
  result=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1) || fail "$1: sqlite3: $result"
  [[ $result == ok ]] || fail "$1: integrity_check: $result"
}

# lock_count: rows in the lock table (0 once every holder is gone or broken).
lock_count() { sqlite3 "$DB" 'SELECT count(*) FROM locks'; }

# break_stale_lock: a killed mesh leaves its lock (its pid is gone); break it as a user would,
# with the id from the message. `state rm` of a missing address only takes the lock.
break_stale_lock() {
  local id
  "$MESH" state rm mesh_data.not_there >"$WORK/lockmsg" 2>&1 </dev/null || true
  id=$(sed -n 's/.*mesh force-unlock \([0-9a-f-]*\)$/\1/p' "$WORK/lockmsg")
  [[ -z $id ]] || "$MESH" force-unlock "$id" >/dev/null
}
