#!/usr/bin/env bash
# The example Python plugin (providers/plugins/mesh-provider-kv) through `mesh apply`: found in
# MESH_PLUGIN_PATH, schema-checked, created, drifted, updated, destroyed; a plugin crashing
# mid-create fails that resource, which is not recorded in state.
source "$(dirname "$0")/lib.sh"
export MESH_PLUGIN_PATH="$SOURCE_DIR/providers/plugins"
cat >main.mesh <<'MESH'
provider "kv" {
  directory = "store"
}
resource "kv_entry" "greeting" {
  key    = "greeting"
  value  = "hello"
  secret = "kv-secret-value"
}
MESH
run 0 validate
run 0 apply --auto-approve
expect 'Apply complete! Resources: 1 added'
expect_not 'kv-secret-value'
grep -q '"hello"' store/greeting.json || fail "entry not stored"
no_changes
sed -i 's/"hello"/"hacked"/' store/greeting.json
run 0 apply --auto-approve
expect '1 changed'
grep -q '"hello"' store/greeting.json || fail "drift not repaired"

# Schema checks come from the plugin: an unknown attribute is a compile error.
cat >bad.mesh <<'MESH'
resource "kv_entry" "typo" {
  key   = "k"
  valeu = "v"
}
MESH
run 1 plan
expect 'valeu'
run 1 validate
expect 'valeu'
rm bad.mesh

# A crash during create fails that resource; nothing is recorded.
cat >more.mesh <<'MESH'
resource "kv_entry" "second" {
  key   = "second"
  value = "2"
}
MESH
MESH_KV_FAULT=crash:create run 1 apply --auto-approve
expect 'plugin mesh-provider-kv crashed during create: exited with status 3'
state_list | grep -q 'kv_entry.second' && fail "a failed create was recorded"
# A plugin hanging in create is stopped after MESH_PLUGIN_TIMEOUT; nothing is recorded.
start=$(date +%s)
MESH_KV_FAULT=hang:create MESH_PLUGIN_TIMEOUT=1s run 1 apply --auto-approve
expect 'plugin mesh-provider-kv did not answer create within 1s (the plugin was stopped)'
(($(date +%s) - start < 20)) || fail "the hang was not cut short"
state_list | grep -q 'kv_entry.second' && fail "a timed-out create was recorded"
run 0 apply --auto-approve
state_list | grep -q 'kv_entry.second' || fail "second entry missing"

run 0 destroy --auto-approve
[[ ! -e store/greeting.json && ! -e store/second.json ]] || fail "entries left"
