#!/usr/bin/env bash
# mesh gc end to end: with the clock pinned by MESH_NOW, exactly the expired instances and
# what depends on them are destroyed; others stay; --dry-run changes nothing; --all-workspaces
# collects in every workspace.
# Usage: gc.sh MESH
set -euo pipefail
MESH=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export NO_COLOR=1
unset MESH_POLICY_PATH MESH_WORKSPACE MESH_STATE
fail() { echo "FAIL: $*" >&2; exit 1; }
cat >main.mesh <<'MESH'
variable "tag" {
  type    = string
  default = "a"
}
resource "local_file" "short" {
  path    = "short-${var.tag}.txt"
  content = "gone in an hour"
  ttl     = 1h
}
# Depends on the short-lived file: must go first.
resource "local_file" "copy" {
  path    = "copy-${var.tag}.txt"
  content = local_file.short.content
}
resource "local_file" "long" {
  path    = "long-${var.tag}.txt"
  content = "a day"
  ttl     = 24h
}
resource "local_file" "kept" {
  path    = "kept-${var.tag}.txt"
  content = "forever"
}
MESH

# The executor records expiries from the real clock; gc then runs at pinned later times.
T0=$(date +%s)
"$MESH" apply --auto-approve >apply.out 2>&1 || { cat apply.out; fail "apply"; }
"$MESH" apply --auto-approve -w pr-1 --var tag=b >apply2.out 2>&1 ||
  { cat apply2.out; fail "apply pr-1"; }
ls short-a.txt copy-a.txt long-a.txt kept-a.txt short-b.txt copy-b.txt long-b.txt kept-b.txt >/dev/null

# Nothing expired yet.
MESH_NOW=$((T0 + 1800)) "$MESH" gc --auto-approve >gc0.out 2>&1 || { cat gc0.out; fail "gc before expiry"; }
grep -q '^Nothing has expired.$' gc0.out || { cat gc0.out; fail "gc found something before expiry"; }

# Two hours later: the dry run shows short and its dependent copy, and changes nothing.
MESH_NOW=$((T0 + 7200)) "$MESH" gc --dry-run >dry.out 2>&1 || { cat dry.out; fail "dry run"; }
grep -q '^  local_file.short$' dry.out || { cat dry.out; fail "dry run lacks the expired instance"; }
grep -q 'local_file.copy will be destroyed' dry.out || { cat dry.out; fail "dry run lacks the dependent"; }
grep -q 'Plan: 0 to add, 0 to change, 0 to replace, 2 to destroy.' dry.out || { cat dry.out; fail "dry run plan"; }
[[ -e short-a.txt && -e copy-a.txt ]] || fail "the dry run destroyed something"

# The real run in the default workspace only: exactly short and copy go.
MESH_NOW=$((T0 + 7200)) "$MESH" gc --auto-approve >gc1.out 2>&1 || { cat gc1.out; fail "gc"; }
[[ ! -e short-a.txt && ! -e copy-a.txt ]] || fail "expired files remain"
[[ -e long-a.txt && -e kept-a.txt && -e short-b.txt ]] || fail "gc destroyed too much"
"$MESH" state list >list.out
[[ "$(cat list.out)" == "$(printf 'local_file.kept\nlocal_file.long')" ]] || { cat list.out; fail "state after gc"; }

# Two days later, every workspace: long goes everywhere, short/copy in pr-1; kept stays.
MESH_NOW=$((T0 + 172800)) "$MESH" gc --auto-approve --all-workspaces >gc2.out 2>&1 ||
  { cat gc2.out; fail "gc --all-workspaces"; }
grep -q '^Workspace pr-1: 2 expired instances:$' gc2.out || { cat gc2.out; fail "pr-1 not collected"; }
for f in short-b.txt copy-b.txt long-b.txt long-a.txt; do [[ ! -e $f ]] || fail "$f remains"; done
[[ -e kept-a.txt && -e kept-b.txt ]] || fail "kept files were destroyed"
[[ "$("$MESH" state list -w pr-1)" == "local_file.kept" ]] || fail "pr-1 state after gc"
echo "gc: ok"
