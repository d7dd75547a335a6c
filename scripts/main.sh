#!/usr/bin/env bash
# The main job: install what is missing, build, then run mesh on samples/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
scripts/build.sh
mesh=$PWD/build/mesh
status=0
for dir in samples/*/; do
  echo "== ${dir}"
  "$mesh" validate -C "$dir" || status=1
  "$mesh" fmt --check "$dir" || status=1
done
exit $status
