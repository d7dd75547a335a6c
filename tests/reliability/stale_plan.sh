#!/usr/bin/env bash
# A saved plan is refused once another apply changed the state after it was made (and the
# refusal changes nothing); so is a plan made before a state edit; a fresh plan applies once.
source "$(dirname "$0")/lib.sh"
word() {
  cat >main.mesh <<MESH
resource "mesh_data" "d" {
  input = "$1"
}
resource "local_file" "f" {
  path    = "f.txt"
  content = mesh_data.d.output
}
MESH
}
word one
run 0 apply --auto-approve
word two
run 0 plan --out old.plan
expect "2 to change"
# Someone else applies in between (the same configuration, so only the state moved).
run 0 apply --auto-approve
[[ $(cat f.txt) == two ]] || fail "f.txt: $(cat f.txt)"
before=$("$MESH" state list | md5sum)
run 1 apply old.plan
expect 'state changed since the plan was made'
expect_not 'Apply complete'
[[ $(cat f.txt) == two ]] || fail "a refused plan changed f.txt: $(cat f.txt)"
[[ $("$MESH" state list | md5sum) == "$before" ]] || fail "a refused plan changed the state"
[[ $(lock_count) == 0 ]] || fail "the refusal left a lock"
# A plan made before a state edit (state rm) is refused too.
word three
run 0 plan --out edited.plan
run 0 state rm local_file.f
run 1 apply edited.plan
expect 'state changed since the plan was made'
[[ $(cat f.txt) == two ]] || fail "f.txt: $(cat f.txt)"
# A fresh plan applies, once.
run 0 plan --out fresh.plan
run 0 apply fresh.plan
expect 'Apply complete!'
[[ $(cat f.txt) == three ]] || fail "f.txt: $(cat f.txt)"
run 1 apply fresh.plan
expect 'state changed since the plan was made'
[[ $(lock_count) == 0 ]] || fail "a lock is left"
integrity final
echo ok
