#!/usr/bin/env bash
# Installs the Debian 12 packages mesh needs, only those missing. Usage: scripts/deps.sh [build|test]
set -euo pipefail

# postgresql: the main job applies samples/datamesh, whose `local` cluster runs its own server
# (initdb, pg_ctl).
# uuid-dev: Debian's antlr4-runtime CMake target links -luuid but the -dev package does not pull
# it in (found by a fresh-machine run).
build_packages=(
  g++ cmake make pkg-config ccache
  antlr4 libantlr4-runtime-dev uuid-dev
  libyaml-cpp-dev libcurl4-openssl-dev libsqlite3-dev nlohmann-json3-dev libfmt-dev
  doctest-dev libpq-dev libcli11-dev
  postgresql
)
# Real servers and tools the test suite drives on loopback.
# python3-jsonschema (with python3-yaml): exported data contracts checked against the official schemas.
test_packages=(postgresql sqlite3 python3 python3-yaml python3-jsonschema procps nginx-light)

wanted=("${build_packages[@]}")
if [[ "${1:-build}" == test ]]; then wanted+=("${test_packages[@]}"); fi

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "mesh: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
