#!/usr/bin/env bash
# 8 concurrent `mesh apply` on one workspace: exactly one applies, the 7 others exit 1 with the
# lock message and change nothing; with --lock-timeout all 8 then apply in turn; no lock is
# left behind.
source "$(dirname "$0")/lib.sh"
cat >main.mesh <<'MESH'
variable "who" {
  type = string
}
resource "mesh_data" "d" {
  input = var.who
}
resource "local_file" "f" {
  path    = "who.txt"
  content = mesh_data.d.output
}
MESH
run 0 apply --auto-approve --var who=init
# The winner holds the lock for 3 s after taking it, so every other start meets it.
for i in 1 2 3 4 5 6 7 8; do
  MESH_TEST_HOLD_LOCK_MS=3000 "$MESH" apply --auto-approve --var "who=racer$i" \
    >"$WORK/race$i.out" 2>&1 </dev/null &
  pids[i]=$!
done
winners=()
for i in 1 2 3 4 5 6 7 8; do
  code=0
  wait "${pids[i]}" || code=$?
  if ((code == 0)); then
    winners+=("$i")
  else
    ((code == 1)) || fail "racer $i exited $code: $(cat "$WORK/race$i.out")"
    grep -q "state is locked by .*(pid [0-9]*" "$WORK/race$i.out" ||
      fail "racer $i lacks the lock message: $(cat "$WORK/race$i.out")"
    if grep -q "Apply complete" "$WORK/race$i.out"; then fail "racer $i applied without the lock"; fi
  fi
done
((${#winners[@]} == 1)) || fail "winners: ${winners[*]:-none}"
w=${winners[0]}
grep -q 'Apply complete! Resources: 0 added, 2 changed' "$WORK/race$w.out" ||
  fail "winner output: $(cat "$WORK/race$w.out")"
[[ $(cat who.txt) == "racer$w" ]] || fail "who.txt holds $(cat who.txt), the winner was racer$w"
[[ $(lock_count) == 0 ]] || fail "lock left after the race"
integrity race

# Now every one waits its turn: all 8 apply, each seeing the previous one's value.
for i in 1 2 3 4 5 6 7 8; do
  MESH_TEST_HOLD_LOCK_MS=200 "$MESH" apply --auto-approve --lock-timeout 60s --var "who=turn$i" \
    >"$WORK/turn$i.out" 2>&1 </dev/null &
  pids[i]=$!
done
for i in 1 2 3 4 5 6 7 8; do
  wait "${pids[i]}" || fail "turn $i failed: $(cat "$WORK/turn$i.out")"
  grep -q 'Apply complete! Resources: 0 added, 2 changed' "$WORK/turn$i.out" ||
    fail "turn $i: $(cat "$WORK/turn$i.out")"
done
last=$(cat who.txt)
[[ $last == turn[1-8] ]] || fail "who.txt holds $last"
[[ $(lock_count) == 0 ]] || fail "lock left after the turns"
run 0 plan --detailed-exitcode --var "who=$last"
expect "No changes."
integrity turns
echo ok
