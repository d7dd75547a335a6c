#!/usr/bin/env bash
# kill -9 at random moments of applies of mixed resource types (mesh_data, local_file,
# exec_command chained per index), 20 rounds. After each: the state database passes SQLite's
# integrity check, every file and every command's marker that exists is recorded in state, no
# command ran twice. Then a last apply converges: everything once, nothing left over.
source "$(dirname "$0")/lib.sh"
N=60
mkdir files markers
cat >main.mesh <<MESH
resource "mesh_data" "d" {
  count = $N
  input = "v-\${count.index}"
}
resource "local_file" "f" {
  count   = $N
  path    = "files/f-\${count.index}.txt"
  content = mesh_data.d[count.index].output
}
resource "exec_command" "w" {
  count  = $N
  create = "sleep 0.0\${count.index % 4 + 2}; echo \${count.index} >> log; cp \${local_file.f[count.index].path} markers/\${count.index}"
  read   = "test -f markers/\${count.index} || exit 3"
}
MESH
# check ROUND: the invariants after a kill (set operations, few processes: the machine may be
# loaded).
check() {
  local round=$1 in_state i content missing
  # Killed before it created the state database (an early kill; likelier under ASan, whose
  # start-up is slower): then nothing may have happened yet.
  if [[ ! -e $DB ]]; then
    [[ -z $(ls files markers) && ! -e log ]] || fail "round $round: side effects without state"
    return
  fi
  integrity "round $round"
  in_state=$(state_list | sort)
  [[ -z $(uniq -d <<<"$in_state") ]] || fail "round $round: addresses twice in state"
  # Every marker and every file that exists is recorded in state (with what it depends on).
  missing=$(comm -23 <(
    {
      for m in markers/*; do [[ -e $m ]] && echo "exec_command.w[${m#markers/}]"; done
      for f in files/*; do
        [[ -e $f ]] || continue
        i=${f#files/f-}
        echo "local_file.f[${i%.txt}]"
        echo "mesh_data.d[${i%.txt}]"
      done
    } | sort
  ) <(echo "$in_state"))
  [[ -z $missing ]] || fail "round $round: side effects not in state: $(tr '\n' ' ' <<<"$missing")"
  for m in markers/*; do
    [[ -e $m ]] || continue
    read -r content <"$m" || true
    [[ $content == "v-${m#markers/}" ]] || fail "round $round: $m holds $content"
  done
  if [[ -f log ]] && [[ -n $(sort log | uniq -d) ]]; then
    fail "round $round: commands ran twice: $(sort log | uniq -d | tr '\n' ' ')"
  fi
}
start=$SECONDS
for round in $(seq 20); do
  "$MESH" apply --auto-approve --parallelism 4 >"$WORK/round$round" 2>&1 </dev/null &
  pid=$!
  # A random moment in the first 0.05-0.5 s; once everything exists the kills land in
  # refresh and planning, which must not harm the state either.
  sleep "0.$((RANDOM % 5))$((RANDOM % 9 + 1))"
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  sleep 0.2 # commands already started finish on their own
  check "$round"
  echo "round $round: $(ls files | wc -l) files, $(ls markers | wc -l) markers"
  break_stale_lock
  ((SECONDS - start < 45)) || fail "took too long"
done
run 0 apply --auto-approve --parallelism 4
expect 'Apply complete!'
check final
[[ $(state_list | wc -l) == $((3 * N)) ]] || fail "state has $(state_list | wc -l) instances"
[[ $(ls files | wc -l) == "$N" && $(ls markers | wc -l) == "$N" ]] || fail "files or markers missing"
[[ $(wc -l <log) == "$N" ]] || fail "log: $(wc -l <log) lines"
for ((i = 0; i < N; i++)); do
  [[ $(cat "files/f-$i.txt") == "v-$i" ]] || fail "files/f-$i.txt: $(cat "files/f-$i.txt")"
done
[[ $(lock_count) == 0 ]] || fail "a lock is left"
no_changes
integrity final
echo ok
