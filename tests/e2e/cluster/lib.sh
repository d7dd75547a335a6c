# shellcheck shell=bash
# Helpers for the stdlib `cluster` end-to-end tests: each script gets the mesh binary as $1 and
# works in a fresh temporary directory (mode 0755, so that the `postgres` OS user can reach the
# instance directories when the tests run as root), removed on exit.
E2E_NAME=cluster
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
export MESH_STDLIB_PATH=$SRC/stdlib
chmod 0755 "$WORK"

# output NAME: one root output's value as mesh prints it (strings unquoted).
output() {
  "$MESH" output "$1" </dev/null | sed 's/^"\(.*\)"$/\1/'
}
