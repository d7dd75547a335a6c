#!/usr/bin/env bash
# The second test command: the whole unit and end-to-end suite (ctest -LE fuzz) under
# AddressSanitizer + UndefinedBehaviorSanitizer. Installs what is missing, configures
# build-asan/ with -DMESH_SANITIZE=ON (gcc; -O1 -g1: line numbers in reports at a fraction of
# the compile time of -O2 -g, which the nlohmann-heavy files make slow under the sanitizers),
# builds, runs CTest there. Any sanitizer report fails the test it happens in: ASan stops the
# process (halt_on_error), UB is not recoverable (-fno-sanitize-recover=undefined), leaks fail
# at exit. Suppressions for third-party code only: tests/sanitize/*.supp (commented).
# Usage: scripts/test-sanitize.sh [extra ctest arguments, e.g. -R compiler]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/deps.sh test
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMESH_SANITIZE=ON \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  >/dev/null
cmake --build build-asan -j"${JOBS:-$(nproc)}"
# Inherited by every test and every mesh process the e2e scripts start.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=0:strict_string_checks=1:check_initialization_order=1:print_summary=1:suppressions=$root/tests/sanitize/asan.supp"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$root/tests/sanitize/ubsan.supp"
export LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0"
cd build-asan
# Instrumented code runs 2-4x slower: a longer per-test ceiling than scripts/test.sh.
ctest --output-on-failure -j"$(nproc)" --timeout 1200 -LE fuzz "$@"
