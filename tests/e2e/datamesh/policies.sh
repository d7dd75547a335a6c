#!/usr/bin/env bash
# The baseline policies (stdlib/policies) and the data_product template's classification check:
# each configuration of violations/NAME/ violates one rule; `mesh plan` must exit 1 with exactly
# the deny lines of violations/NAME.expected (stderr, stdlib paths shown as `stdlib/…`). The
# policies run as a central folder (--policy-dir) and, for one case, through
# `import "stdlib/policies"`. A clean configuration passes.
# Usage: policies.sh MESH SOURCE_DIR   (MESH_UPDATE_GOLDEN=1 rewrites the .expected files)
set -euo pipefail
MESH=$(realpath "$1")
SRC=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export NO_COLOR=1 MESH_STDLIB_PATH="$SRC/stdlib"
unset MESH_POLICY_PATH MESH_WORKSPACE MESH_STATE
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -r "$HERE/violations" "$WORK/"
cd "$WORK/violations"

plan_case() { # plan_case DIR OUT [extra args]: plan, stderr normalized into OUT, returns the exit code
  local dir=$1 out=$2 code=0
  shift 2
  "$MESH" plan -C "$dir" "$@" >"$out.stdout" 2>"$out.raw" || code=$?
  sed "s#$SRC/stdlib/#stdlib/#g" "$out.raw" >"$out"
  return $code
}

cases=0
for dir in */; do
  name=${dir%/}
  code=0
  plan_case "$name" "$WORK/$name.err" --policy-dir "$SRC/stdlib/policies" || code=$?
  [[ $code == 1 ]] || { cat "$WORK/$name.err"; fail "$name: plan exit $code, want 1"; }
  grep -q '^deny: ' "$WORK/$name.err" || fail "$name: no deny"
  if [[ ${MESH_UPDATE_GOLDEN:-} == 1 ]]; then cp "$WORK/$name.err" "$HERE/violations/$name.expected"; fi
  diff -u "$HERE/violations/$name.expected" "$WORK/$name.err" || fail "$name differs from $name.expected"
  # apply refuses too, and creates nothing.
  code=0
  "$MESH" apply -C "$name" --policy-dir "$SRC/stdlib/policies" --auto-approve >/dev/null 2>"$WORK/$name.apply" || code=$?
  [[ $code == 1 ]] || fail "$name: apply exit $code, want 1"
  grep -q 'refusing to apply' "$WORK/$name.apply" || fail "$name: apply did not refuse"
  cases=$((cases + 1))
done
((cases >= 5)) || fail "only $cases cases"

# The same rules through `import "stdlib/policies"` instead of a central folder.
printf '\nimport "stdlib/policies"\n' >>owner_and_domain/main.mesh
code=0
plan_case owner_and_domain "$WORK/imported.err" || code=$?
[[ $code == 1 ]] || fail "imported policies: exit $code, want 1"
diff -u "$HERE/violations/owner_and_domain.expected" "$WORK/imported.err" || fail "imported policies differ"

# Fixed, the configuration passes every baseline policy.
mkdir clean
cat >clean/main.mesh <<'MESH'
import "stdlib/datamesh"

provider "postgres" {}

domain "sales" {
  owner = { team = "sales-data", contact = "sales@example.com" }
}

data_product "orders" {
  domain         = domain.sales
  owner          = { team = "sales-data", contact = "sales@example.com" }
  classification = "confidential"
  consumers      = ["finance_team"]
  output_port "orders" {
    columns = [{ name = "id", type = "bigint" }]
  }
}

cluster "dev" {
  password = "x"
  ttl      = 24h
}
MESH
plan_case clean "$WORK/clean.err" --policy-dir "$SRC/stdlib/policies" || { cat "$WORK/clean.err"; fail "clean config denied"; }
grep -q '^Policies: [0-9]* passed$' "$WORK/clean.err.stdout" || { tail -3 "$WORK/clean.err.stdout"; fail "clean: policy summary"; }
echo "policies: $cases cases ok"
