#!/usr/bin/env bash
# mesh import end to end: a local_file that exists on disk and a mesh_data are adopted into
# state, after which `mesh plan` creates neither; an unknown address (did-you-mean), an
# already managed instance and a missing file are refused with nothing written.
# Usage: import.sh MESH
set -euo pipefail
MESH=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export NO_COLOR=1
unset MESH_POLICY_PATH MESH_WORKSPACE MESH_STATE
fail() { echo "FAIL: $*" >&2; exit 1; }
OUT=$WORK/out.txt
# run EXPECTED_EXIT mesh-args...: stdout+stderr in $OUT, exit code checked.
run() {
  local want=$1 got=0
  shift
  "$MESH" "$@" >"$OUT" 2>&1 </dev/null || got=$?
  [[ $got == "$want" ]] || { cat "$OUT" >&2; fail "mesh $* exited $got, expected $want"; }
}
expect() { grep -qF -- "$1" "$OUT" || { cat "$OUT" >&2; fail "output lacks: $1"; }; }
reject() { ! grep -qF -- "$1" "$OUT" || { cat "$OUT" >&2; fail "output has: $1"; }; }

cat >main.mesh <<'MESH'
resource "local_file" "readme" {
  path            = "README.txt"
  content         = "hello\n"
  file_permission = "0644"
}
resource "mesh_data" "token" {
  input = "t"
  ttl   = 24h
}
resource "local_file" "missing" {
  path    = "missing.txt"
  content = "x"
}
MESH
printf 'hello\n' >README.txt
chmod 0644 README.txt

run 0 import --help
expect "mesh import postgres_schema.sales sales"

# Unknown address: did-you-mean, and no state file is created.
run 1 import local_file.readm README.txt
expect "local_file.readm is not a resource instance of the configuration"
expect 'did you mean `local_file.readme`?'
[[ ! -e .mesh/state.db ]] || fail "a refused import created the state file"

# A malformed address names the column.
run 1 import 'local_file.readme[' README.txt
expect "invalid address"
expect "column"

# Missing file: a clear error naming the address, nothing written.
run 1 import local_file.missing missing.txt
expect "cannot import local_file.missing"
expect "missing.txt"
[[ ! -e .mesh/state.db ]] || fail "a failed import created the state file"

# The file on disk and a mesh_data.
run 0 import local_file.readme README.txt
expect "Import successful: local_file.readme"
expect "mesh plan"
run 0 import mesh_data.token tok-123 --lock-timeout 5s
expect "Import successful: mesh_data.token"
run 0 state list
expect "local_file.readme"
expect "mesh_data.token"
run 0 state show mesh_data.token
expect "tok-123"

# Already managed.
run 1 import local_file.readme README.txt
expect "already managed"
expect "mesh state rm local_file.readme"

# The plan creates only the instance that was not imported; the file is unchanged and the
# mesh_data's null input is updated in place.
run 0 plan
expect "local_file.missing will be created"
reject "local_file.readme will be created"
reject "local_file.readme will be"
reject "mesh_data.token will be created"
reject "must be replaced"
expect "mesh_data.token will be updated in place"
expect "Plan: 1 to add, 1 to change, 0 to replace, 0 to destroy."

# Apply adopts the objects: the imported file is left as it is.
run 0 apply --auto-approve
[[ "$(cat README.txt)" == "hello" ]] || fail "the imported file changed"
run 0 plan
expect "No changes"

# A held lock: refused (after --lock-timeout), nothing written.
run 0 state rm mesh_data.token
MESH_TEST_HOLD_LOCK_MS=3000 "$MESH" state rm local_file.missing >/dev/null 2>&1 &
HOLDER=$!
sleep 1
run 1 import mesh_data.token again --lock-timeout 200ms
expect "locked"
wait "$HOLDER"
run 0 state list
reject "mesh_data.token"
echo "ok"
