#!/usr/bin/env bash
# kill -9 during apply loses nothing: 200 commands that each sleep briefly, append their name
# to a log and touch a marker. After every kill, each marker's resource is in state; the
# final apply finishes the rest, and no command ever ran twice.
source "$(dirname "$0")/lib.sh"
N=200
mkdir markers
cat >main.mesh <<MESH
resource "exec_command" "work" {
  count  = $N
  create = "sleep 0.0\${count.index % 4 + 2}; echo \${count.index} >> log; touch markers/\${count.index}"
  read   = "test -f markers/\${count.index} || exit 3"
}
MESH
unlock() {
  # A killed apply leaves its lock behind (its pid is gone): break it as a user would. An
  # apply without --auto-approve (stdin is no terminal) reports the lock, or plans and stops.
  local id
  "$MESH" apply >"$WORK/lockmsg" 2>&1 </dev/null || true
  id=$(grep -o 'mesh force-unlock [0-9a-f-]*' "$WORK/lockmsg" | awk '{print $3}') || true
  [[ -z $id ]] || "$MESH" force-unlock "$id" >/dev/null
}
check() {
  local in_state missing=0
  in_state=$(state_list)
  for m in markers/*; do
    [[ -e $m ]] || continue
    grep -qxF "exec_command.work[${m#markers/}]" <<<"$in_state" || { echo "marker $m not in state" >&2; missing=1; }
  done
  ((missing == 0)) || fail "round $1: markers without state"
  if [[ -f log ]] && [[ -n $(sort log | uniq -d) ]]; then fail "round $1: commands ran twice: $(sort log | uniq -d | tr '\n' ' ')"; fi
}
start=$SECONDS
for round in 1 2 3 4 5 6; do
  "$MESH" apply --auto-approve --parallelism 10 >"$WORK/round$round" 2>&1 </dev/null &
  pid=$!
  # A random moment in the first 0.6 s (a whole apply takes about 0.8 s).
  sleep "0.$((RANDOM % 5 + 1))$((RANDOM % 10))"
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  sleep 0.3 # commands already started finish on their own
  echo "round $round: $(ls markers | wc -l) markers, $(state_list | wc -l) in state"
  check $round
  unlock
  [[ $(ls markers | wc -l) != "$N" ]] || break
  ((SECONDS - start < 60)) || fail "took too long"
done
run 0 apply --auto-approve
expect 'Apply complete!'
[[ $(ls markers | wc -l) == "$N" ]] || fail "only $(ls markers | wc -l) markers"
[[ $(wc -l <log) == "$N" && -z $(sort log | uniq -d) ]] || fail "log: $(wc -l <log) lines"
[[ $(state_list | wc -l) == "$N" ]] || fail "state has $(state_list | wc -l)"
no_changes
