#!/usr/bin/env bash
# samples/datamesh applied for real: the `local` cluster (an ephemeral PostgreSQL server of its
# own on loopback), two domains, three data products. Checked with psql: consumers read, others
# get "permission denied"; every exported contract and descriptor validates against the official
# schemas; a second plan has nothing to do; a per-PR workspace (--ttl 24h) gets its own cluster;
# `mesh gc --all-workspaces` with a later clock (MESH_NOW) destroys exactly the expired product
# and the expired workspace; destroy leaves nothing.
# Usage: sample.sh MESH SOURCE_DIR
set -euo pipefail
MESH=$(realpath "$1")
SRC=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
command -v psql >/dev/null || { echo "FAIL: psql not found (scripts/deps.sh test)" >&2; exit 1; }
# The cluster's directory must be reachable by the postgres OS user when mesh runs as root.
WORK=$(mktemp -d /tmp/mesh-datamesh-XXXXXX)
chmod 755 "$WORK"
cp -r "$SRC/samples/datamesh/." "$WORK"
cd "$WORK"
export NO_COLOR=1 MESH_STDLIB_PATH="$SRC/stdlib"
unset MESH_POLICY_PATH MESH_WORKSPACE MESH_STATE PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD
cleanup() {
  for ws in pr-42 default; do "$MESH" destroy -w "$ws" --auto-approve >/dev/null 2>&1 || true; done
  cd / && rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { # run WANT_CODE ARGS…: mesh with output in last.out
  local want=$1 code=0
  shift
  "$MESH" "$@" >last.out 2>&1 || code=$?
  [[ $code == "$want" ]] || { tail -40 last.out; fail "mesh $* exited $code, want $want"; }
}

run 0 validate
run 0 plan --policy-dir policies
grep -q '^Plan: 46 to add, 0 to change, 0 to replace, 0 to destroy.$' last.out || { tail -3 last.out; fail "plan"; }
T0=$(date +%s)
run 0 apply --policy-dir policies --auto-approve
grep -q 'Apply complete! Resources: 46 added' last.out || fail "apply"
grep -q 'datamesh-sample-only' last.out && fail "the cluster password was printed"

PORT=$("$MESH" output cluster | sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p')
[[ -n $PORT ]] || fail "no cluster endpoint output"
export PGHOST=127.0.0.1 PGPORT=$PORT PGDATABASE=postgres
sql() { PGUSER=postgres PGPASSWORD=datamesh-sample-only psql -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
as() { PGUSER=$1 PGPASSWORD=pw psql -XAtq -v ON_ERROR_STOP=1 -c "$2" 2>&1 || true; } # errors as text
# People: an analyst of the marketing team, a sales data engineer, a BI service reading through
# the orders product's reader role, and someone with no access at all.
sql "CREATE ROLE analyst LOGIN PASSWORD 'pw' IN ROLE marketing_team;
     CREATE ROLE engineer LOGIN PASSWORD 'pw' IN ROLE sales_team;
     CREATE ROLE bi LOGIN PASSWORD 'pw' IN ROLE sales_orders_reader;
     CREATE ROLE intruder LOGIN PASSWORD 'pw';"
sql "INSERT INTO sales_customers.customers VALUES (1, 'ada@example.com', 'GB', now());
     INSERT INTO sales_orders.orders VALUES (10, 1, 99.90, 'spring', now())"
# A consumer (marketing, via its team role) reads the confidential customers and the orders.
[[ $(as analyst "SELECT email FROM sales_customers.customers") == ada@example.com ]] ||
  fail "consumer cannot read customers: $(as analyst "SELECT email FROM sales_customers.customers")"
[[ $(as analyst "SELECT amount FROM sales_orders.orders") == 99.90 ]] || fail "consumer cannot read orders"
# …but cannot write them.
out=$(as analyst "DELETE FROM sales_orders.orders" || true)
grep -q "permission denied" <<<"$out" || fail "consumer could write: $out"
# A non-consumer is denied.
as intruder "SELECT * FROM sales_customers.customers" | grep -q 'permission denied for schema sales_customers' ||
  fail "non-consumer could read customers"
as intruder "SELECT * FROM sales_orders.orders" | grep -q 'permission denied' || fail "non-consumer could read orders"
# The reader role reads its product only.
[[ $(as bi "SELECT count(*) FROM sales_orders.order_lines") == 0 ]] || fail "reader role cannot read order_lines"
as bi "SELECT * FROM sales_customers.customers" | grep -q 'permission denied' || fail "orders reader read customers"
# The owning domain team writes; marketing's product is read by sales (its consumer).
as engineer "INSERT INTO sales_orders.order_lines VALUES (10, 1, 'sku-1', 2)" | grep -q permission &&
  fail "domain team cannot write its product"
[[ $(as engineer "SELECT count(*) FROM marketing_campaign_performance.daily_revenue") == 0 ]] ||
  fail "sales cannot read campaign_performance"
as intruder "SELECT 1 FROM marketing_campaign_performance.daily_revenue" | grep -q 'permission denied' ||
  fail "non-consumer could read campaign_performance"

# Contracts and descriptors: 4 output ports, 3 products, all valid; a broken one is caught.
python3 "$HERE/validate_contracts.py" build/datamesh/default 4 3 >validate.out || { cat validate.out; fail "invalid documents"; }
[[ $(grep -c '^valid ' validate.out) == 7 ]] || { cat validate.out; fail "want 7 valid documents"; }
grep -q 'version: 1.2.0' build/datamesh/default/products/sales/orders/orders.odcs.yaml || fail "contract version"
grep -q 'contractId: sales.orders.orders' build/datamesh/default/products/marketing/campaign_performance/product.odps.yaml ||
  fail "input port of campaign_performance"
mkdir broken
sed '/^id: /d; s/^kind: DataContract/kind: Contract/' build/datamesh/default/products/sales/orders/orders.odcs.yaml >broken/x.odcs.yaml
sed 's/^apiVersion: v1.0.0/apiVersion: v9/' build/datamesh/default/products/sales/orders/product.odps.yaml >broken/x.odps.yaml
python3 "$HERE/validate_contracts.py" broken 1 1 >broken.out && fail "broken documents validated"
[[ $(grep -c '^INVALID ' broken.out) -ge 3 ]] || { cat broken.out; fail "want the 3 errors of the broken documents"; }

# Nothing left to do.
run 0 plan --policy-dir policies --detailed-exitcode
grep -q 'No changes' last.out || fail "second plan has changes"

# A per-PR environment: its own cluster (directory and port from mesh.workspace), its own files.
ttl_flag=()
if "$MESH" apply --help | grep -q -- '--ttl'; then ttl_flag=(--ttl 24h); fi
run 0 apply -w pr-42 "${ttl_flag[@]}" --policy-dir policies --auto-approve
PR_PORT=$("$MESH" output -w pr-42 cluster | sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p')
[[ -n $PR_PORT && $PR_PORT != "$PORT" ]] || fail "pr-42 shares the port $PORT"
[[ -d .mesh/clusters/pr-42-dev && -d .mesh/clusters/default-dev ]] || fail "cluster directories: $(ls .mesh/clusters)"
[[ -f build/datamesh/pr-42/products/sales/orders/orders.odcs.yaml ]] || fail "pr-42 contracts"
if ((${#ttl_flag[@]})); then
  "$MESH" workspace list | grep -q 'pr-42 *expires in' || fail "pr-42 has no expiry: $("$MESH" workspace list)"
fi
PGPORT=$PR_PORT sql "SELECT 1 FROM pg_namespace WHERE nspname = 'sales_orders'" | grep -qx 1 || fail "pr-42 storage"
# A day later: campaign_performance (ttl 24h) expired, the cluster (72h) not; so did the pr-42
# workspace when applied with --ttl 24h. gc destroys exactly the product's 13 resources in the
# default workspace, and the whole pr-42 workspace with its cluster.
"$MESH" state list >before.txt
MESH_NOW=$((T0 + 25 * 3600)) "$MESH" gc --dry-run >gc_dry.out 2>&1 || { cat gc_dry.out; fail "gc --dry-run"; }
grep -q 'Plan: 0 to add, 0 to change, 0 to replace, 13 to destroy.' gc_dry.out || { tail -5 gc_dry.out; fail "gc plan"; }
MESH_NOW=$((T0 + 25 * 3600)) "$MESH" gc --auto-approve --all-workspaces >gc.out 2>&1 || { cat gc.out; fail "gc"; }
if ((${#ttl_flag[@]})); then
  [[ ! -e .mesh/clusters/pr-42-dev ]] || { cat gc.out; fail "the expired pr-42 workspace's cluster is left"; }
  "$MESH" workspace list >workspaces.txt 2>&1
  grep -q 'pr-42' workspaces.txt && { cat workspaces.txt; fail "the expired pr-42 workspace is left"; }
else
  run 0 destroy -w pr-42 --auto-approve # a mesh without workspace ttl
fi
"$MESH" state list >after.txt
grep -v '^data_product\.campaign_performance\.' before.txt | diff - after.txt || fail "gc removed the wrong resources"
[[ $(wc -l <before.txt) -eq $(($(wc -l <after.txt) + 13)) ]] || fail "gc count"
[[ $(sql "SELECT count(*) FROM pg_namespace WHERE nspname = 'marketing_campaign_performance'") == 0 ]] || fail "expired schema left"
[[ $(sql "SELECT count(*) FROM sales_orders.orders") == 1 ]] || fail "gc touched sales (or the default workspace's cluster)"
[[ ! -e build/datamesh/default/products/marketing/campaign_performance/product.odps.yaml ]] || fail "expired descriptor left"

# Destroy: the cluster goes last, with its directory; nothing stays in state.
run 0 destroy --auto-approve
[[ -z $("$MESH" state list) ]] || fail "state not empty"
[[ ! -e .mesh/clusters/default-dev ]] || fail "cluster directory left"
sql "SELECT 1" >/dev/null 2>&1 && fail "the cluster still answers on $PORT"
echo "datamesh sample: ok"
