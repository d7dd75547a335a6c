#!/usr/bin/env bash
# End-to-end checks of `mesh validate` and `mesh fmt` through the real binary, including
# hostile input that must end in a diagnostic and exit 1, never a crash.
# Usage: cli_frontend.sh MESH_BINARY SOURCE_DIR
set -u
mesh=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect_status WANT DESCRIPTION -- COMMAND...
expect_status() {
  local want=$1 what=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$what: exit $got, want $want"
    sed 's/^/  | /' "$work/err" | head -20 >&2
  fi
}

expect_stderr() {
  if ! grep -qF -- "$1" "$work/err"; then
    fail "stderr lacks '$1'"
    sed 's/^/  | /' "$work/err" | head -20 >&2
  fi
}

# The samples are valid and formatted.
for dir in "$source_dir"/samples/*/; do
  expect_status 0 "validate $dir" -- "$mesh" validate -C "$dir"
  expect_status 0 "fmt --check $dir" -- "$mesh" fmt --check "$dir"
done

# validate: success message, errors, empty directory.
mkdir -p "$work/ok" && printf 'let {\n  x = 1\n}\n' >"$work/ok/a.mesh"
expect_status 0 "validate ok" -- "$mesh" validate -C "$work/ok"
grep -q "Success" "$work/out" || fail "validate prints no success message"
mkdir -p "$work/empty"
expect_status 1 "validate empty dir" -- "$mesh" validate -C "$work/empty"
expect_stderr "no \`.mesh\` files"
expect_status 1 "validate missing dir" -- "$mesh" validate -C "$work/nope"

# Hostile input: each file alone in a directory.
hostile() {
  local name=$1 message=$2
  local dir=$work/hostile-$name
  mkdir -p "$dir"
  cat >"$dir/$name.mesh"
  expect_status 1 "hostile $name" -- "$mesh" validate --no-color -C "$dir"
  expect_stderr "$message"
}
head -c 100000 /dev/zero | tr '\0' '[' | hostile brackets "nesting too deep"
head -c 100000 /dev/zero | tr '\0' '{' | hostile braces "nesting too deep"
{ printf 'x = '; head -c 100000 /dev/zero | tr '\0' '('; } | hostile parens "nesting too deep"
{ printf 'x = "'; head -c 52428800 /dev/zero | tr '\0' 'a'; } | hostile big_string "unterminated string"
printf 'x = "\xff\xfe"\n' | hostile invalid_utf8 "invalid UTF-8 byte 0xff"
printf 'x = 1\n\0\0\0\n' | hostile nul "unexpected NUL byte"
head -c 65536 /dev/urandom | hostile random_bytes "error"
printf 'resource "a" "b" {\n  x = [1, {a = "${f(<<EOT\n' | hostile unterminated_all "unterminated"

# A valid 50 MB string is fine.
mkdir -p "$work/big-ok"
{ printf 'let {\n  x = "'; head -c 52428800 /dev/zero | tr '\0' 'a'; printf '"\n}\n'; } >"$work/big-ok/a.mesh"
expect_status 0 "validate 50 MB string" -- "$mesh" validate -C "$work/big-ok"

# fmt: rewrites in place, --check lists and fails, broken files are never rewritten.
mkdir -p "$work/fmt/sub" "$work/fmt/.mesh"
printf 'a=1\nlong_name = 2\n' >"$work/fmt/a.mesh"
printf 'b = [ 1,2 ]\n' >"$work/fmt/sub/b.mesh"
printf 'broken = \n' >"$work/fmt/.mesh/skipped.mesh"
expect_status 1 "fmt --check unformatted" -- "$mesh" fmt --check "$work/fmt"
grep -q "a.mesh" "$work/out" && grep -q "b.mesh" "$work/out" || fail "fmt --check does not list files"
grep -q "skipped" "$work/out" && fail "fmt entered a .mesh/ directory"
expect_status 0 "fmt rewrites" -- "$mesh" fmt "$work/fmt"
[ "$(cat "$work/fmt/a.mesh")" = "$(printf 'a         = 1\nlong_name = 2')" ] || fail "fmt output of a.mesh"
[ "$(cat "$work/fmt/sub/b.mesh")" = "b = [1, 2]" ] || fail "fmt output of b.mesh"
expect_status 0 "fmt --check formatted" -- "$mesh" fmt --check "$work/fmt"
printf 'x = {\n' >"$work/fmt/broken.mesh"
cp "$work/fmt/broken.mesh" "$work/broken.orig"
expect_status 1 "fmt broken file" -- "$mesh" fmt "$work/fmt/broken.mesh"
expect_stderr "expected \`}\` to close object"
cmp -s "$work/fmt/broken.mesh" "$work/broken.orig" || fail "fmt rewrote a file with errors"
printf 'x=1\n' >"$work/d.mesh"
expect_status 1 "fmt --check --diff" -- "$mesh" fmt --check --diff "$work/d.mesh"
grep -q '^+x = 1$' "$work/out" || fail "fmt --diff shows no change"
[ "$(cat "$work/d.mesh")" = "x=1" ] || fail "fmt --check wrote a file"

# Help texts carry examples.
"$mesh" validate --help | grep -q "Examples" || fail "validate --help has no examples"
"$mesh" fmt --help | grep -q "Examples" || fail "fmt --help has no examples"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all front-end CLI checks passed"
