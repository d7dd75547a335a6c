# Helpers for the provider end-to-end scenarios: each script gets the mesh binary as $1, works
# in a fresh temporary directory (removed on exit, with every server it started) and fails
# with a message on the first surprise.
E2E_NAME=providers
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE_DIR=$(cd "$HERE/../../.." && pwd)

no_changes() {
  run 0 plan
  expect "No changes."
}
