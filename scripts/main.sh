#!/usr/bin/env bash
# The main job: install what is missing, build, then run mesh on samples/: every sample is
# validated and format-checked; the samples meant to be applied (on this machine alone) are
# planned, applied on the embedded SQLite state, planned again (no changes expected) and
# destroyed, each in a temporary copy so the tree stays clean. samples/datamesh runs its own
# PostgreSQL server (the `local` cluster, started as the postgres OS user when run as root), so
# its copy is mode 755, and its central policies come from its policies/ folder.
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
    "$mesh" destroy -C "$work" --auto-approve; then
    echo "== ${sample}: ok"
  else
    echo "== ${sample}: FAILED (exit $?)"
    status=1
    "$mesh" destroy -C "$work" --auto-approve >/dev/null 2>&1 || true # stop what it started
  fi
  rm -rf "$work"
done
exit $status
