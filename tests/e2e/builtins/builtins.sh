#!/usr/bin/env bash
# path.module / path.root / path.cwd / mesh.workspace end to end through the binary: values in
# validate, console, plan and apply (a module writes beside its own sources), unknown names as
# located errors, and saved plans refused in another workspace or another working directory.
# Usage: builtins.sh MESH
set -euo pipefail
MESH=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export NO_COLOR=1
unset MESH_POLICY_PATH MESH_WORKSPACE MESH_STATE
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p infra/modules/note elsewhere
cat >infra/main.mesh <<'MESH'
import "./modules/note"
note "n" {}
resource "local_file" "root" {
  path    = "${path.module}/root-${mesh.workspace}.txt"
  content = "root ${path.root} cwd ${path.cwd}"
}
output "ws" { value = mesh.workspace }
output "note_path" { value = note.n.path }
MESH
cat >infra/modules/note/note.mesh <<'MESH'
template "note" {
  resource "local_file" "f" {
    path    = "${path.module}/note-${mesh.workspace}.txt"
    content = "beside the module"
  }
  output "path" { value = local_file.f.path }
}
MESH
ROOT="$WORK/infra"

"$MESH" validate -C infra >validate.out 2>&1 || { cat validate.out; fail "validate"; }

# console: every built-in, from another working directory.
printf 'path.module\npath.root\npath.cwd\nmesh.workspace\n' |
  (cd elsewhere && "$MESH" console -C ../infra -w pr-42) >console.out 2>&1 ||
  { cat console.out; fail "console"; }
cat >console.expected <<EOF
"$ROOT"
"$ROOT"
"$WORK/elsewhere"
"pr-42"
EOF
diff -u console.expected console.out || fail "console values"

# MESH_WORKSPACE selects the workspace like -w.
echo 'mesh.workspace' | MESH_WORKSPACE=ci "$MESH" console -C infra >console2.out 2>&1
[[ $(cat console2.out) == '"ci"' ]] || { cat console2.out; fail "MESH_WORKSPACE"; }

# Unknown names: located, with did-you-mean, in validate and console.
cat >bad.mesh <<'MESH'
output "x" { value = path.modul }
MESH
mkdir bad && mv bad.mesh bad/main.mesh
if "$MESH" validate -C bad >bad.out 2>&1; then fail "validate accepted path.modul"; fi
grep -q 'main.mesh:1:22: error: `path` has `module`, `root` and `cwd`, not `modul`' bad.out ||
  { cat bad.out; fail "path.modul message"; }
grep -q 'did you mean `module`?' bad.out || { cat bad.out; fail "path.modul suggestion"; }
if echo 'mesh.x' | "$MESH" console -C infra >badc.out 2>&1; then fail "console accepted mesh.x"; fi
grep -q '`mesh` has `workspace`, not `x`' badc.out || { cat badc.out; fail "mesh.x message"; }

# Apply in pr-42: the module's file lands beside the module's sources.
"$MESH" apply -C infra -w pr-42 --auto-approve >apply.out 2>&1 || { cat apply.out; fail "apply"; }
[[ -f infra/modules/note/note-pr-42.txt ]] || { cat apply.out; fail "module file not beside module"; }
[[ -f infra/root-pr-42.txt ]] || fail "root file"
grep -q "^root $ROOT cwd $WORK\$" infra/root-pr-42.txt || { cat infra/root-pr-42.txt; fail "content"; }
grep -q 'ws = "pr-42"' apply.out || { cat apply.out; fail "output ws"; }
grep -q "note_path = \"$ROOT/modules/note/note-pr-42.txt\"" apply.out || { cat apply.out; fail "output note_path"; }

# The same configuration in another workspace plans its own resources.
"$MESH" plan -C infra -w pr-7 >plan7.out 2>&1 || { cat plan7.out; fail "plan pr-7"; }
grep -q 'root-pr-7.txt' plan7.out || { cat plan7.out; fail "plan pr-7 path"; }
grep -q 'Plan: 2 to add' plan7.out || { cat plan7.out; fail "plan pr-7 count"; }

# A saved plan applied in another workspace is refused as before.
"$MESH" plan -C infra -w pr-7 --out pr7.plan >/dev/null 2>&1 || fail "plan -out"
if "$MESH" apply -C infra -w pr-8 pr7.plan >wrongws.out 2>&1; then fail "applied in another workspace"; fi
grep -q 'the plan was made for workspace "pr-7", not "pr-8"' wrongws.out || { cat wrongws.out; fail "workspace message"; }
# path.cwd is read: from another working directory the plan no longer matches its values.
if (cd elsewhere && "$MESH" apply -C ../infra -w pr-7 ../pr7.plan) >wrongcwd.out 2>&1; then
  fail "applied from another working directory although path.cwd is read"
fi
grep -q 'configuration changed since the plan was made' wrongcwd.out || { cat wrongcwd.out; fail "cwd message"; }
"$MESH" apply -C infra -w pr-7 pr7.plan >apply7.out 2>&1 || { cat apply7.out; fail "apply saved plan"; }
[[ -f infra/modules/note/note-pr-7.txt ]] || fail "saved plan apply"

# Re-planning in pr-42 changes nothing: the values are stable.
"$MESH" plan -C infra -w pr-42 --detailed-exitcode >replan.out 2>&1 || { cat replan.out; fail "replan has changes"; }
echo "ok"
