#!/usr/bin/env bash
# --target, --replace, --destroy, prevent_destroy kept by the state, errors located.
source "$(dirname "$0")/lib.sh"
CASE=$SOURCE/tests/golden/plan/review
cp "$CASE"/main.mesh .
run 0 state import "$CASE/state.json"

run 0 plan --refresh=false --target mesh_data.consumer
expect "# mesh_data.cluster must be replaced"
expect "# mesh_data.consumer will be updated in place"
expect_not "mesh_data.config"
expect "Plan: 0 to add, 1 to change, 1 to replace, 0 to destroy."

run 0 plan --refresh=false --target mesh_data.config --replace mesh_data.config
expect "# (because replace requested)"
expect "Plan: 0 to add, 0 to change, 1 to replace, 0 to destroy."

run 0 plan --refresh=false --destroy
expect "mesh will destroy the following:"
expect "Plan: 0 to add, 0 to change, 0 to replace, 8 to destroy."
expect_not "golden-s3cret"

run 0 plan --refresh=false --target data_product.sales --json
python3 - "$OUT" <<'PY' || fail "targeted JSON plan"
import json, sys
d = json.load(open(sys.argv[1]))
addresses = sorted(c["address"] for c in d["changes"])
assert all(a.startswith("data_product.sales.") for a in addresses), addresses
assert d["targets"] == ["data_product.sales"]
PY

# Protection recorded in state outlives the block: remove the resource from the config.
cat >main.mesh <<'MESH'
resource "mesh_data" "keep" {
  input = 1
}
MESH
python3 - "$CASE/state.json" >state2.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["lineage"] = "0a0b0c0d-1111-4222-8333-000000000002"
for r in d["resources"]:
    if r["address"] == "mesh_data.config":
        r["prevent_destroy"] = True
print(json.dumps(d))
PY
run 0 state import state2.json -w protected
run 1 plan -w protected --refresh=false
expect "mesh_data.config: error: cannot destroy a protected instance (prevent_destroy)"
expect "remove \`prevent_destroy\` and apply first"

# A located configuration error: file:line:col.
cat >main.mesh <<'MESH'
resource "mesh_data" "a" {
  input = var.missing
}
MESH
run 1 plan
expect "main.mesh:2:"
run 64 plan --json --markdown
