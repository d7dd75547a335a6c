#!/usr/bin/env bash
# destroy removes everything, dependents first, and leaves an empty state.
source "$(dirname "$0")/lib.sh"
cat >main.mesh <<'MESH'
resource "local_directory" "d" {
  path = "d"
}
resource "local_file" "f" {
  count   = 3
  path    = "${local_directory.d.path}/f${count.index}"
  content = "x"
}
MESH
run 0 apply --auto-approve
expect 'Resources: 4 added'
run 1 destroy
expect 'refusing to destroy without --auto-approve'
[[ -d d ]] || fail "a refused destroy destroyed something"
run 0 destroy --auto-approve
expect 'Destroy complete! Resources: 4 destroyed.'
[[ ! -e d ]] || fail "directory d still exists"
[[ -z $(state_list) ]] || fail "state not empty: $(state_list)"
# The files went before their directory.
f=$(grep -n 'local_file.f\[2\]: Destruction complete' "$OUT" | cut -d: -f1)
d=$(grep -n 'local_directory.d: Destroying' "$OUT" | cut -d: -f1)
((f < d)) || fail "directory destroyed before its files"
run 0 destroy --auto-approve
expect 'Destroy complete! Resources: 0 destroyed.'
