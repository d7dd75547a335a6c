#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang into build-fuzz/ and runs each through
# CTest for a short bounded time (label `fuzz`). FUZZ_SECONDS sets the time per target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
# The fuzz install step: clang and its runtime (libFuzzer, sanitizers).
missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DMESH_FUZZ=ON -DMESH_FUZZ_SECONDS="${FUZZ_SECONDS:-25}" >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_parse_compile fuzz_plan_file fuzz_state_import \
  fuzz_plugin_protocol
cd build-fuzz
ctest --output-on-failure -L fuzz
