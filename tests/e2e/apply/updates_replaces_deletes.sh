#!/usr/bin/env bash
# Edits plan and apply as updates, replacements, and removals as deletes.
source "$(dirname "$0")/lib.sh"
config() {
  cat >main.mesh <<MESH
resource "local_file" "doc" {
  path    = "$1"
  content = "$2"
}
resource "mesh_data" "keep" {
  input = "$2"
}
$3
MESH
}
config doc.txt "v1" 'resource "local_file" "extra" {
  path    = "extra.txt"
  content = "extra"
}'
run 0 apply --auto-approve
expect 'Resources: 3 added'
config doc.txt "v2" 'resource "local_file" "extra" {
  path    = "extra.txt"
  content = "extra"
}'
run 0 apply --auto-approve
expect 'local_file.doc: Modifying...'
expect 'Apply complete! Resources: 0 added, 2 changed, 0 replaced, 0 destroyed.'
[[ $(cat doc.txt) == v2 ]] || fail "doc.txt not updated"
no_changes
# A new path forces a replacement: the old file goes, the new one comes.
config moved.txt "v2" 'resource "local_file" "extra" {
  path    = "extra.txt"
  content = "extra"
}'
run 0 apply --auto-approve
expect 'local_file.doc: Destroying...'
expect 'Apply complete! Resources: 0 added, 0 changed, 1 replaced, 0 destroyed.'
[[ ! -e doc.txt && $(cat moved.txt) == v2 ]] || fail "replacement did not move the file"
# Removing a block deletes what it made.
config moved.txt "v2" ''
run 0 apply --auto-approve
expect 'local_file.extra: Destruction complete'
expect 'Apply complete! Resources: 0 added, 0 changed, 0 replaced, 1 destroyed.'
[[ ! -e extra.txt ]] || fail "extra.txt still there"
state_list | grep -q extra && fail "extra still in state"
no_changes
