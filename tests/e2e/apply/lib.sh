# Helpers for the apply end-to-end scenarios: each script gets the mesh binary as $1, works in
# a fresh temporary directory (removed on exit) and fails with a message on the first surprise.
E2E_NAME=apply
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

# no_changes: a plan now shows nothing to do (and says so with --detailed-exitcode).
no_changes() {
  run 0 plan --detailed-exitcode
  expect "No changes."
}
