#!/usr/bin/env bash
# Golden test of compiler diagnostics: runs `mesh validate` on one configuration folder
# (tests/golden/compile/NAME/, copied to a scratch directory so paths read `main.mesh`) and
# compares stderr with tests/golden/compile/NAME.expected. UPDATE_GOLDEN=1 rewrites it.
# Usage: golden_compile.sh MESH_BINARY CASE_DIR
set -u
mesh=$1
case_dir=${2%/}
expected=$case_dir.expected
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$case_dir"/. "$work/"
actual=$work/.actual.txt
(cd "$work" && NO_COLOR=1 "$mesh" validate --no-color) 2>"$actual" >/dev/null
status=$?
if [ "$status" -ne 1 ]; then
  echo "expected exit status 1 from mesh validate, got $status" >&2
  cat "$actual" >&2
  exit 1
fi
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$actual" "$expected"
  exit 0
fi
if ! diff -u "$expected" "$actual"; then
  echo "diagnostics differ from $expected (UPDATE_GOLDEN=1 to accept)" >&2
  exit 1
fi
