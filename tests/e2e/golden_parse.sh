#!/usr/bin/env bash
# Golden test of parse diagnostics: runs `mesh validate` on one input file (alone in a
# scratch directory, so the diagnostics name it `NAME.mesh`) and compares stderr with
# NAME.expected. Exit 1 and a diff on mismatch. UPDATE_GOLDEN=1 rewrites the expectation.
# Usage: golden_parse.sh MESH_BINARY INPUT.mesh
set -u
mesh=$1
input=$2
expected=${input%.mesh}.expected
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$input" "$work/"
actual=$work/actual.txt
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
