#!/usr/bin/env bash
# A failure stops its dependents only: the independent branch is applied and recorded, the
# summary names the failure with its location, and the exit code is 1.
source "$(dirname "$0")/lib.sh"
cat >main.mesh <<'MESH'
resource "exec_command" "broken" {
  create = "echo 'disk on fire' >&2; exit 7"
}
resource "local_file" "after_broken" {
  path    = "after_broken.txt"
  content = exec_command.broken.stdout
}
resource "local_file" "independent" {
  count   = 3
  path    = "independent${count.index}.txt"
  content = "ok"
}
MESH
run 1 apply --auto-approve --parallelism 2
expect 'error: exec_command.broken:'
expect 'disk on fire'
expect '--> main.mesh:1:1'
expect 'Skipped because a dependency failed (1):'
expect 'local_file.after_broken'
expect 'Apply failed: 1 error. Resources: 3 added'
[[ -f independent0.txt && -f independent2.txt ]] || fail "independent branch not applied"
[[ ! -e after_broken.txt ]] || fail "dependent of a failure was applied"
[[ $(state_list | sort | tr '\n' ' ') == 'local_file.independent[0] local_file.independent[1] local_file.independent[2] ' ]] ||
  fail "state: $(state_list)"
# The lock was released: the next apply runs (and fails the same way).
run 1 apply --auto-approve
expect 'Apply failed: 1 error. Resources: 0 added'
