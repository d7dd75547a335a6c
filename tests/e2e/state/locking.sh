#!/usr/bin/env bash
# The workspace lock through real processes: one holder, the lock message, release on normal
# exit, errors, SIGINT and SIGTERM; stale detection after kill -9 and force-unlock.
source "$(dirname "$0")/lib.sh"
seed
DB=.mesh/state.db

# A holder keeps the lock (MESH_TEST_HOLD_LOCK_MS) while another write is refused.
MESH_TEST_HOLD_LOCK_MS=20000 "$MESH" state rm local_directory.out >holder.out 2>&1 &
holder=$!
wait_for_lock "$DB"
run 1 state mv local_file.readme local_file.other
grep -qE "^error: state is locked by .+@.+ \(pid $holder, mesh state rm\) since [0-9]{2}:[0-9]{2}:[0-9]{2}$" "$WORK/stderr" ||
  fail "lock message: $(cat "$WORK/stderr")"
expect "lock id: "
# Reads do not need the lock.
run 0 state list
# --lock-timeout waits, then gives up with the same message.
start=$(date +%s%N)
run 1 state rm local_file.readme --lock-timeout 600ms
elapsed=$((($(date +%s%N) - start) / 1000000))
((elapsed >= 550)) || fail "--lock-timeout did not wait ($elapsed ms)"
expect "state is locked by"

# SIGINT: the holder stops before writing, exits 130, and releases the lock.
kill -INT $holder
code=0
wait $holder || code=$?
[[ $code == 130 ]] || fail "SIGINT holder exited $code: $(cat holder.out)"
[[ $(lock_rows "$DB") == 0 ]] || fail "lock left after SIGINT"
run 0 state list
expect "local_directory.out"  # the interrupted rm wrote nothing

# SIGTERM likewise.
MESH_TEST_HOLD_LOCK_MS=20000 "$MESH" state rm local_directory.out >holder.out 2>&1 &
holder=$!
wait_for_lock "$DB"
kill -TERM $holder
code=0
wait $holder || code=$?
[[ $code == 130 ]] || fail "SIGTERM holder exited $code"
[[ $(lock_rows "$DB") == 0 ]] || fail "lock left after SIGTERM"

# A write that fails still releases the lock.
run 1 state rm local_file.nope
[[ $(lock_rows "$DB") == 0 ]] || fail "lock left after an error"

# A waiting command gets the lock once the holder finishes normally.
MESH_TEST_HOLD_LOCK_MS=700 "$MESH" state mv local_directory.out local_directory.a >holder.out 2>&1 &
holder=$!
wait_for_lock "$DB"
run 0 state mv local_directory.a local_directory.b --lock-timeout 30s
wait $holder || fail "holder failed: $(cat holder.out)"
run 0 state list
expect "local_directory.b"

# N processes race: exactly one wins, the others get the message, no lock is left.
for i in 1 2 3 4 5 6; do
  MESH_TEST_HOLD_LOCK_MS=6000 "$MESH" state mv local_directory.b "local_directory.r$i" \
    >"race$i.out" 2>&1 &
done
winners=0
losers=0
for job in $(jobs -p); do
  if wait "$job"; then winners=$((winners + 1)); else losers=$((losers + 1)); fi
done
[[ $winners == 1 && $losers == 5 ]] || fail "race: $winners winners, $losers losers: $(cat race*.out)"
[[ $(grep -l "state is locked by" race*.out | wc -l) == 5 ]] || fail "losers lack the message: $(cat race*.out)"
[[ $(lock_rows "$DB") == 0 ]] || fail "lock left after the race"

# kill -9 leaves a stale lock: reported with the fix, then broken with force-unlock.
MESH_TEST_HOLD_LOCK_MS=20000 "$MESH" state rm local_file.readme >holder.out 2>&1 &
holder=$!
wait_for_lock "$DB"
{
  kill -9 $holder
  wait $holder
} 2>/dev/null || true
run 1 state rm local_file.readme
expect "the holder (pid $holder) is no longer running; break the lock with: mesh force-unlock "
id=$(sed -n 's/.*mesh force-unlock \([0-9a-f-]*\)$/\1/p' "$WORK/stderr")
[[ ${#id} == 36 ]] || fail "no lock id in: $(cat "$WORK/stderr")"
run 1 force-unlock not-a-lock
expect "no lock with id not-a-lock"
run 0 force-unlock "$id"
expect "Lock $id broken."
run 0 state rm local_file.readme
[[ $(lock_rows "$DB") == 0 ]] || fail "lock left at the end"
echo ok
