#!/usr/bin/env bash
# Without a terminal on stdin, apply refuses unless --auto-approve: nothing happens.
source "$(dirname "$0")/lib.sh"
cat >main.mesh <<'MESH'
resource "local_file" "f" {
  path    = "f.txt"
  content = "x"
}
MESH
run 1 apply
expect '# local_file.f will be created'
expect 'error: refusing to apply without --auto-approve: standard input is not a terminal'
[[ ! -e f.txt ]] || fail "created without approval"
[[ -z $(state_list) ]] || fail "state changed without approval"
run 0 apply --auto-approve
expect 'Resources: 1 added'
