#!/usr/bin/env bash
# SIGINT during an apply: in-flight operations finish and are recorded, nothing new starts,
# the lock is released, exit 130; the next apply does the rest.
source "$(dirname "$0")/lib.sh"
cat >main.mesh <<'MESH'
resource "exec_command" "slow" {
  count  = 6
  create = "sleep 0.6; echo ${count.index} >> ../log"
  read   = "grep -qx ${count.index} ../log || exit 3"
}
MESH
mkdir -p run
mv main.mesh run/
cd run
"$MESH" apply --auto-approve --parallelism 2 >"$OUT" 2>&1 </dev/null &
pid=$!
# Interrupt once the walk has started (compiling and planning may be slow on a busy machine).
for _ in $(seq 200); do
  grep -q 'Creating\.\.\.' "$OUT" 2>/dev/null && break
  sleep 0.05
done
sleep 0.1
kill -INT $pid
code=0
wait $pid || code=$?
cd "$WORK/run"
[[ $code == 130 ]] || { cat "$OUT" >&2; fail "exit $code, expected 130"; }
expect 'Interrupt received'
expect 'Apply interrupted: state saved.'
expect 'Not started because of the interrupt (4):'
[[ $(wc -l <../log) == 2 ]] || fail "$(wc -l <../log) commands ran, expected the 2 in flight"
[[ $(state_list | wc -l) == 2 ]] || fail "state: $(state_list)"
run 0 apply --auto-approve
expect 'Apply complete! Resources: 4 added'
[[ $(sort ../log | uniq -d | wc -l) == 0 && $(wc -l <../log) == 6 ]] || fail "log: $(cat ../log)"
