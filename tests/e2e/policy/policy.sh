#!/usr/bin/env bash
# Policies end to end: a deny fails `mesh plan` (exit 1) and makes `mesh apply` refuse; warnings
# and checks deferred to apply are reported; central policies (--policy-dir, MESH_POLICY_PATH)
# cannot be switched off; results in every plan format; `mesh policy list`.
# Usage: policy.sh MESH   (golden files next to this script: *.expected)
set -euo pipefail
MESH=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$HERE/config" "$HERE/central" "$HERE/atapply" "$WORK/"
cd "$WORK"
export NO_COLOR=1 MESH_NOW=1800000000
unset MESH_POLICY_PATH MESH_WORKSPACE MESH_STATE
fail() { echo "FAIL: $*" >&2; exit 1; }
golden() {  # golden NAME FILE
  if ! diff -u "$HERE/$1.expected" "$2"; then fail "$1 differs from $1.expected"; fi
}

# A deny fails the plan: exit 1, each violation with both locations on stderr.
code=0
"$MESH" plan -C config --policy-dir central >plan.out 2>plan.err || code=$?
[[ $code == 1 ]] || fail "plan exit $code, want 1"
golden plan_stderr plan.err
grep -q '^Policies: 3 passed, 2 denied, 2 warnings, 2 checked at apply$' plan.out ||
  fail "no policy summary in the human plan"

# The same central folder through MESH_POLICY_PATH.
code=0
MESH_POLICY_PATH="$WORK/central" "$MESH" plan -C config >/dev/null 2>env.err || code=$?
[[ $code == 1 ]] || fail "plan with MESH_POLICY_PATH exit $code, want 1"
grep -q 'policy "confidential-is-named" on product.orders' env.err ||
  fail "MESH_POLICY_PATH policy not run"

# JSON and Markdown carry the results.
"$MESH" plan -C config --policy-dir central --json >plan.json 2>/dev/null || true
python3 - plan.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["policy_results"]
got = sorted((x["policy"], x["address"], x["status"]) for x in r)
assert ("product-has-owner", "product.leads", "fail") in got, got
assert ("product-has-owner", "product.orders", "pass") in got, got
assert ("ids-are-short", "product.orders", "unknown") in got, got
assert all("policy_location" in x for x in r), r
PY
"$MESH" plan -C config --policy-dir central --markdown >plan.md 2>/dev/null || true
grep -q '| `product-has-owner` | `product.leads` | ⛔ deny |' plan.md || fail "markdown lacks the deny"

# apply refuses and changes nothing.
code=0
"$MESH" apply -C config --policy-dir central --auto-approve >apply.out 2>apply.err || code=$?
[[ $code == 1 ]] || fail "apply exit $code, want 1"
grep -q 'refusing to apply: the plan violates a deny policy' apply.err || fail "apply did not refuse"
"$MESH" state list -C config 2>/dev/null | grep -q . && fail "apply refused yet wrote state"

# Fixing the local violation is not enough: the central policy still denies.
sed -i 's/^  classification = "internal"$/  owner          = "marketing-team"/' config/main.mesh
code=0
"$MESH" plan -C config --policy-dir central >/dev/null 2>fixed.err || code=$?
[[ $code == 1 ]] || fail "central deny was switched off (exit $code)"
grep -c '^deny' fixed.err | grep -qx 1 || fail "want exactly the central deny"
# A local policy of the same name does not replace the central one.
cat >>config/main.mesh <<'MESH'

policy "confidential-is-named" {
  enforcement = "warn"
  for_each    = instances("product")
  condition   = true
  message     = "switched off"
}
MESH
code=0
"$MESH" plan -C config --policy-dir central >/dev/null 2>shadow.err || code=$?
[[ $code == 1 ]] || fail "a local policy switched the central one off"
# Without the central folder the plan passes (warnings only) and apply works.
"$MESH" plan -C config >/dev/null 2>ok.err || fail "plan without deny failed: $(cat ok.err)"
"$MESH" apply -C config --auto-approve >/dev/null 2>apply2.err || fail "apply failed: $(cat apply2.err)"

"$MESH" policy list -C config --policy-dir central >list.out
golden policy_list list.out
# A condition unknown at plan time is checked when its resource is about to be created: the
# deny then fails that resource, and nothing is written.
"$MESH" plan -C atapply >atplan.out 2>atplan.err || fail "plan failed: $(cat atplan.err)"
grep -q '^deny (checked at apply): policy "no-forbidden-content" on local_file.out' atplan.err ||
  fail "the deferred check is not announced"
code=0
(cd atapply && "$MESH" apply --auto-approve >../atapply.out 2>../atapply.err) || code=$?
[[ $code == 1 ]] || fail "apply exit $code, want 1"
grep -q 'refused by policy "no-forbidden-content": local_file.out would hold a forbidden word' \
  atapply.out atapply.err || { cat atapply.out atapply.err >&2; fail "the apply-time deny is not reported"; }
[[ ! -e atapply/out.txt ]] || fail "the denied file was written"
echo "policy: ok"
