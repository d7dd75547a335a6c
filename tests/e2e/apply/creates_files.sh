#!/usr/bin/env bash
# apply creates the files, records every instance, and a second plan has nothing to do.
source "$(dirname "$0")/lib.sh"
cat >main.mesh <<'MESH'
resource "local_directory" "out" {
  path = "out"
}
resource "mesh_data" "settings" {
  input = { env = "dev" }
}
resource "local_file" "team" {
  for_each = toset(["a", "b"])
  path     = "${local_directory.out.path}/${each.key}.txt"
  content  = "team ${each.key} id ${mesh_data.settings.id}\n"
}
output "env" {
  value = mesh_data.settings.output.env
}
MESH
run 0 apply --auto-approve
expect 'mesh_data.settings: Creating...'
expect 'mesh_data.settings: Creation complete after'
expect 'Apply complete! Resources: 4 added, 0 changed, 0 replaced, 0 destroyed.'
expect 'env = "dev"'
[[ -f out/a.txt && -f out/b.txt ]] || fail "files missing"
id=$(sed -n 's/.*id \(.*\)$/\1/p' out/a.txt)
[[ ${#id} == 36 ]] || fail "the unknown id was not filled in: $(cat out/a.txt)"
[[ $(state_list | sort | tr '\n' ' ') == 'local_directory.out local_file.team["a"] local_file.team["b"] mesh_data.settings ' ]] ||
  fail "state: $(state_list)"
no_changes
run 0 apply --auto-approve
expect 'Apply complete! Resources: 0 added, 0 changed, 0 replaced, 0 destroyed.'
[[ $(sed -n 's/.*id \(.*\)$/\1/p' out/a.txt) == "$id" ]] || fail "the file was rewritten"
