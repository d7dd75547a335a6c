#!/usr/bin/env bash
# mesh plan --out / mesh show FILE: exit codes, no secret in the file or any view, and the
# stale checks an apply runs (lineage, serial, configuration) through `mesh apply FILE`.
source "$(dirname "$0")/lib.sh"
cat >main.mesh <<'MESH'
variable "token" {
  type      = string
  sensitive = true
}
resource "mesh_data" "a" {
  input = { user = "app", token = var.token }
}
resource "mesh_data" "b" {
  input = mesh_data.a.id
}
output "token" {
  value     = var.token
  sensitive = true
}
MESH
run 0 plan --var token=e2e-t0ken-secret --out first.plan
expect "Plan: 2 to add, 0 to change, 0 to replace, 0 to destroy."
expect "Saved the plan to first.plan"
no_secret e2e-t0ken-secret first.plan "$OUT"
[[ $(stat -c %a first.plan) == 600 ]] || fail "plan file mode is not 0600"
run 2 plan --var token=e2e-t0ken-secret --detailed-exitcode
run 0 show first.plan
expect "+ resource \"mesh_data\" \"a\""
expect "token = (sensitive)"
no_secret e2e-t0ken-secret "$OUT"
run 0 show first.plan --json
no_secret e2e-t0ken-secret "$OUT"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["add"] == 2' "$OUT" ||
  fail "show --json summary"
run 0 show first.plan --markdown
expect "**Plan: 2 to add"
no_secret e2e-t0ken-secret "$OUT"
run 1 show missing.plan
expect "cannot read plan file missing.plan"

if "$MESH" apply --help >/dev/null 2>&1; then
  # A different sensitive value is a different configuration.
  run 1 apply first.plan --var token=another-secret --auto-approve
  expect "configuration changed since the plan was made"
  no_secret another-secret "$OUT" "$OUT.err"
  run 0 apply first.plan --var token=e2e-t0ken-secret --auto-approve
  run 0 plan --var token=e2e-t0ken-secret --detailed-exitcode
  expect "No changes. Your infrastructure matches the configuration."
  # The state moved on since first.plan was made.
  run 1 apply first.plan --var token=e2e-t0ken-secret --auto-approve
  expect "run mesh plan again"
  run 0 show
  expect "# mesh_data.a:"
  expect "(sensitive)"
  no_secret e2e-t0ken-secret "$OUT"
  run 0 show --json
  no_secret e2e-t0ken-secret "$OUT"
fi
