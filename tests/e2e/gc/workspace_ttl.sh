#!/usr/bin/env bash
# Workspace ttl end to end, with the clock pinned by MESH_NOW from the first apply on (the
# executor reads the same clock): `mesh apply -w pr-42 --ttl 24h` records the expiry; plans
# (human, JSON, Markdown) and `mesh workspace list` show it; gc before expiry does nothing;
# 25h later `mesh gc --dry-run` changes nothing and `mesh gc --all-workspaces` destroys exactly
# pr-42's resources (dependents first) and deletes the workspace, other workspaces untouched.
# Re-applying with --ttl moves the expiry, without keeps it, --ttl none clears it.
# Usage: workspace_ttl.sh MESH
set -euo pipefail
MESH=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export NO_COLOR=1
unset MESH_POLICY_PATH MESH_WORKSPACE MESH_STATE
fail() { echo "FAIL: $*" >&2; exit 1; }
cat >main.mesh <<'MESH'
resource "local_file" "base" {
  path    = "base-${mesh.workspace}.txt"
  content = "base"
}
resource "local_file" "copy" {
  path    = "copy-${mesh.workspace}.txt"
  content = local_file.base.content
}
# Only in pr-42: other workspaces hold nothing that expires on its own.
resource "local_file" "short" {
  count   = mesh.workspace == "pr-42" ? 1 : 0
  path    = "short-${mesh.workspace}.txt"
  content = "an hour"
  ttl     = 1h
}
MESH
T0=1800000000
H=3600
export MESH_NOW=$T0

# Bad values are refused before anything happens.
if "$MESH" apply --auto-approve --ttl 24h >bad1.out 2>&1; then fail "--ttl on default accepted"; fi
grep -q 'the default workspace cannot expire' bad1.out || { cat bad1.out; fail "default message"; }
if "$MESH" apply -w pr-42 --auto-approve --ttl soon >bad2.out 2>&1; then fail "--ttl soon accepted"; fi
grep -q -- '--ttl soon: expected a positive duration' bad2.out || { cat bad2.out; fail "bad duration message"; }
[[ ! -e base-pr-42.txt ]] || fail "a refused --ttl applied something"

# The plan shows the expiry in every format.
"$MESH" plan -w pr-42 --ttl 24h >plan.out 2>&1 || { cat plan.out; fail "plan --ttl"; }
grep -q '^Workspace pr-42 expires in 1d (was: no expiry)\.$' plan.out || { cat plan.out; fail "human plan"; }
"$MESH" plan -w pr-42 --ttl 24h --json >plan.json 2>plan.err || { cat plan.err; fail "plan --json"; }
python3 - "$T0" <<'PY' || fail "JSON plan"
import json, sys
p = json.load(open("plan.json"))
t0 = int(sys.argv[1])
assert p["format_version"] == "1.1", p["format_version"]
assert p["workspace_expires_at"] == t0 + 86400, p["workspace_expires_at"]
assert p["prior_workspace_expires_at"] is None
PY
"$MESH" plan -w pr-42 --ttl 24h --markdown >plan.md 2>&1 || { cat plan.md; fail "plan --markdown"; }
grep -q 'Workspace pr-42 expires in 1d (was: no expiry)\.' plan.md || { cat plan.md; fail "markdown plan"; }
# --detailed-exitcode counts a new expiry as a change.
set +e
"$MESH" plan -w pr-42 --ttl 24h --detailed-exitcode >/dev/null 2>&1; rc=$?
set -e
[[ $rc == 2 ]] || fail "detailed exit code $rc"

# Apply: pr-42 expires in 24h; another workspace without ttl.
"$MESH" apply -w pr-42 --ttl 24h --auto-approve >apply.out 2>&1 || { cat apply.out; fail "apply --ttl"; }
"$MESH" apply -w pr-7 --auto-approve >apply7.out 2>&1 || { cat apply7.out; fail "apply pr-7"; }
ls base-pr-42.txt copy-pr-42.txt short-pr-42.txt base-pr-7.txt copy-pr-7.txt >/dev/null
[[ ! -e short-pr-7.txt ]] || fail "count on mesh.workspace"
"$MESH" workspace list >list.out 2>&1 || { cat list.out; fail "workspace list"; }
grep -q '^  pr-42  expires in 1d (2027-01-16T08:00:00Z)$' list.out || { cat list.out; fail "list shows expiry"; }
grep -q '^  pr-7$' list.out || { cat list.out; fail "pr-7 listed with an expiry"; }
grep -q '^\* default$' list.out || { cat list.out; fail "default"; }
"$MESH" state history -w pr-42 >history.out 2>&1 || { cat history.out; fail "history"; }
grep -q 'workspace' history.out || { cat history.out; fail "history lacks the expiry version"; }

# Without --ttl the expiry is kept; the plan says so and there is nothing to do.
MESH_NOW=$((T0 + H)) "$MESH" plan -w pr-42 >keep.out 2>&1 || { cat keep.out; fail "plan without --ttl"; }
grep -q '^Workspace pr-42 expires in 23h\.$' keep.out || { cat keep.out; fail "kept expiry"; }

# The resource ttl uses the pinned clock too: short expires at T0+1h exactly.
"$MESH" state show 'local_file.short[0]' -w pr-42 --json >short.json
python3 -c "import json,sys; r=json.load(open('short.json')); assert r['expires_at']==$((T0 + H)), r" ||
  { cat short.json; fail "executor expiry not from MESH_NOW"; }

# Changing a resource's ttl moves its recorded expiry (counted from when it was made).
sed -i 's/ttl     = 1h/ttl     = 3h/' main.mesh
MESH_NOW=$((T0 + 30 * 60)) "$MESH" apply -w pr-42 --auto-approve >ttl3.out 2>&1 || { cat ttl3.out; fail "apply ttl 3h"; }
"$MESH" state show 'local_file.short[0]' -w pr-42 --json >short3.json
python3 -c "import json,sys; r=json.load(open('short3.json')); assert r['expires_at']==$((T0 + 3 * H)) and r['ttl_ms']==3*3600*1000, r" ||
  { cat ttl3.out short3.json; fail "a changed ttl did not move the expiry"; }

# Re-applying with --ttl moves it; --ttl none clears it; then set again for gc.
MESH_NOW=$((T0 + 2 * H)) "$MESH" apply -w pr-42 --ttl 48h --auto-approve >move.out 2>&1 || { cat move.out; fail "move"; }
grep -q 'Workspace pr-42 expires in 2d (was: expires in 22h)\.' move.out || { cat move.out; fail "moved"; }
MESH_NOW=$((T0 + 2 * H)) "$MESH" apply -w pr-42 --ttl none --auto-approve >clear.out 2>&1 || { cat clear.out; fail "clear"; }
grep -q 'Workspace pr-42 no longer expires (was: expires in 2d)\.' clear.out || { cat clear.out; fail "cleared"; }
"$MESH" workspace list >list3.out
grep -q '^  pr-42$' list3.out || { cat list3.out; fail "cleared expiry still listed"; }
"$MESH" apply -w pr-42 --ttl 24h --auto-approve >again.out 2>&1 || { cat again.out; fail "set again"; }

# A saved plan carries the expiry; --ttl cannot be added to a saved plan.
"$MESH" plan -w pr-9 --ttl 48h --out pr9.plan >/dev/null 2>&1 || fail "plan --out"
if "$MESH" apply -w pr-9 --ttl 3h pr9.plan >saved_bad.out 2>&1; then fail "--ttl with a saved plan"; fi
"$MESH" apply -w pr-9 pr9.plan >saved.out 2>&1 || { cat saved.out; fail "apply saved plan"; }
"$MESH" workspace list >list4.out
grep -q '^  pr-9  expires in 2d (2027-01-17T08:00:00Z)$' list4.out || { cat list4.out; fail "saved plan expiry"; }

# Before any expiry: nothing to do anywhere.
MESH_NOW=$((T0 + 30 * 60)) "$MESH" gc --all-workspaces --auto-approve >gc0.out 2>&1 || { cat gc0.out; fail "gc early"; }
grep -q '^Nothing has expired.$' gc0.out || { cat gc0.out; fail "gc found something before expiry"; }

# 25h later, dry run: pr-42 whole (3 instances); nothing changes.
LATE=$((T0 + 25 * H))
MESH_NOW=$LATE "$MESH" gc --dry-run -w pr-42 >dry.out 2>&1 || { cat dry.out; fail "dry run"; }
grep -q '^Workspace pr-42 expired 1h ago (2027-01-16T08:00:00Z): all its 3 instances expire with it:$' dry.out ||
  { cat dry.out; fail "dry run header"; }
grep -q 'Plan: 0 to add, 0 to change, 0 to replace, 3 to destroy.' dry.out || { cat dry.out; fail "dry run plan"; }
grep -q 'Workspace pr-42 would then be deleted.' dry.out || { cat dry.out; fail "dry run deletion note"; }
grep -q 'ttl expired' dry.out || { cat dry.out; fail "dry run reason"; }
ls base-pr-42.txt copy-pr-42.txt short-pr-42.txt >/dev/null || fail "the dry run destroyed something"
"$MESH" workspace list | grep -q 'pr-42' || fail "the dry run deleted the workspace"

# The real run over every workspace: exactly pr-42 goes; pr-7 (no ttl) and pr-9 (expires in
# 48h) are untouched, state and files.
for ws in pr-7 pr-9; do "$MESH" state list -w $ws >before-$ws.out; done
MESH_NOW=$LATE "$MESH" gc --all-workspaces --auto-approve >gc.out 2>&1 || { cat gc.out; fail "gc"; }
for f in base-pr-42.txt copy-pr-42.txt short-pr-42.txt; do
  [[ ! -e $f ]] || { cat gc.out; fail "$f remains"; }
done
for f in base-pr-7.txt copy-pr-7.txt base-pr-9.txt copy-pr-9.txt; do
  [[ -e $f ]] || { cat gc.out; fail "$f of another workspace was destroyed"; }
done
for ws in pr-7 pr-9; do
  "$MESH" state list -w $ws >after-$ws.out
  diff -u before-$ws.out after-$ws.out || fail "gc changed the state of $ws"
  if grep -q "Workspace $ws" gc.out; then cat gc.out; fail "gc touched $ws"; fi
done
grep -q '^Deleted expired workspace pr-42.$' gc.out || { cat gc.out; fail "pr-42 not deleted"; }
# copy depends on base: destroyed first.
c=$(grep -n 'local_file.copy: Destroy' gc.out | head -1 | cut -d: -f1 || true)
b=$(grep -n 'local_file.base: Destroy' gc.out | head -1 | cut -d: -f1 || true)
[[ -n "$c" && -n "$b" && $c -lt $b ]] || { cat gc.out; fail "the dependent copy was not destroyed first"; }
"$MESH" workspace list >list5.out
if grep -q 'pr-42' list5.out; then cat list5.out; fail "the expired workspace is still listed"; fi
grep -q '^  pr-7$' list5.out || { cat list5.out; fail "pr-7 gone"; }
grep -q '^  pr-9  expires in' list5.out || { cat list5.out; fail "pr-9 gone"; }
[[ "$(cat after-pr-7.out)" == "$(printf 'local_file.base\nlocal_file.copy')" ]] || fail "pr-7 state"

# An expired empty workspace (workspace new --ttl) is deleted without a plan.
"$MESH" workspace new pr-empty --ttl 1h >new.out 2>&1 || { cat new.out; fail "workspace new --ttl"; }
grep -q '^Created workspace pr-empty; it expires in 1h (2027-01-15T09:00:00Z).$' new.out || { cat new.out; fail "new message"; }
MESH_NOW=$((T0 + 2 * H)) "$MESH" gc -w pr-empty --auto-approve >gc3.out 2>&1 || { cat gc3.out; fail "gc empty"; }
grep -q '^Deleted expired workspace pr-empty.$' gc3.out || { cat gc3.out; fail "empty workspace not deleted"; }
echo "workspace ttl: ok"
