#!/usr/bin/env bash
# On a terminal, apply asks; only `yes` applies. (`script` gives mesh a pseudo-terminal.)
source "$(dirname "$0")/lib.sh"
command -v script >/dev/null || { echo "script(1) not installed: skipped"; exit 0; }
cat >main.mesh <<'MESH'
resource "local_file" "f" {
  path    = "f.txt"
  content = "x"
}
MESH
code=0
echo no | script -qec "$MESH apply" /dev/null >"$OUT" 2>&1 || code=$?
expect "Do you want to perform these actions? Only 'yes' will be accepted:"
expect 'Apply cancelled.'
[[ ! -e f.txt ]] || fail "applied without yes"
echo yes | script -qec "$MESH apply" /dev/null >"$OUT" 2>&1 || { cat "$OUT" >&2; fail "apply with yes failed"; }
expect 'Apply complete! Resources: 1 added'
[[ -f f.txt ]] || fail "not applied after yes"
