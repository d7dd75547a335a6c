#!/usr/bin/env bash
# The main job: install what is missing, build, then run mesh on samples/: every sample is
# validated and format-checked; the samples meant to be applied (on this machine alone) are
# planned, applied on the embedded SQLite state, planned again (no changes expected) and
# destroyed, each in a temporary copy so the tree stays clean. samples/datamesh runs its own
# PostgreSQL server (the `local` cluster, started as the postgres OS user when run as root), so
# its copy is mode 755, and its central policies come from its policies/ folder; it also gets a
# per-PR workspace with a ttl that `mesh gc` collects once the clock is moved past it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
scripts/build.sh
mesh=$PWD/build/mesh
applied_samples=(samples/quickstart samples/datamesh)
status=0
for dir in samples/*/; do
  echo "== ${dir}"
  "$mesh" validate -C "$dir" || status=1
  "$mesh" fmt --check "$dir" || status=1
done
# Samples with central policies (samples/datamesh) also get a short-lived per-PR workspace:
# applied with --ttl 24h, then collected by `mesh gc` with the clock moved 25 hours ahead.
pr_workspace() {
  local work=$1
  [[ ${#policy[@]} -gt 0 ]] || return 0
  echo "== per-PR workspace pr-42 (ttl 24h), then gc 25 hours later"
  "$mesh" apply -C "$work" -w pr-42 --ttl 24h "${policy[@]}" --auto-approve &&
    "$mesh" workspace list -C "$work" &&
    MESH_NOW=$(($(date +%s) + 25 * 3600)) "$mesh" gc -C "$work" --all-workspaces --auto-approve &&
    ! "$mesh" workspace list -C "$work" | grep -q pr-42
}

for sample in "${applied_samples[@]}"; do
  work=$(mktemp -d /tmp/mesh-sample-XXXXXX)
  chmod 755 "$work"
  cp -r "$sample"/. "$work"
  policy=()
  if [[ -d $work/policies ]]; then policy=(--policy-dir "$work/policies"); fi
  echo "== ${sample}: plan, apply, plan again, destroy (in ${work})"
  if "$mesh" plan -C "$work" "${policy[@]}" &&
    "$mesh" apply -C "$work" "${policy[@]}" --auto-approve &&
    "$mesh" plan -C "$work" "${policy[@]}" --detailed-exitcode &&
    pr_workspace "$work" &&
    "$mesh" destroy -C "$work" --auto-approve; then
    echo "== ${sample}: ok"
  else
    echo "== ${sample}: FAILED (exit $?)"
    status=1
    "$mesh" destroy -C "$work" --auto-approve >/dev/null 2>&1 || true # stop what it started
    "$mesh" destroy -C "$work" -w pr-42 --auto-approve >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
done
exit $status
