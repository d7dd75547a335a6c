#!/usr/bin/env bash
# bench/postgres_apply_bench.sh MESH MESH_TEST_POSTGRES [GROUPS]: `mesh apply` of GROUPS x
# (role, schema owned by it, table, grant) = 4*GROUPS postgres objects (default 1,000) against
# a throwaway server, then a refreshing plan and a destroy. Compare with mesh_postgres_bench
# (the provider alone) to see the engine's share.
set -euo pipefail
MESH=${1:?usage: postgres_apply_bench.sh MESH MESH_TEST_POSTGRES [GROUPS]}
SERVER=${2:?usage: postgres_apply_bench.sh MESH MESH_TEST_POSTGRES [GROUPS]}
GROUPS_N=${3:-250}
WORK=$(mktemp -d /tmp/mesh-pg-apply-bench-XXXXXX)
coproc PG { "$SERVER"; }
trap 'exec {PG[1]}>&- 2>/dev/null; wait "$PG_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
read -r -t 60 URL <&"${PG[0]}"
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=postgres NO_COLOR=1
PGPORT=$(sed -n 's/.*:\([0-9]*\)\/.*/\1/p' <<<"$URL")
export PGPORT
cd "$WORK"
cat >main.mesh <<MESH
provider "postgres" {}
resource "postgres_role" "r" {
  count = $GROUPS_N
  name  = "r\${count.index}"
  login = true
}
resource "postgres_schema" "s" {
  count = $GROUPS_N
  name  = "s\${count.index}"
  owner = postgres_role.r[count.index].name
}
resource "postgres_table" "t" {
  count       = $GROUPS_N
  schema      = postgres_schema.s[count.index].name
  name        = "t"
  primary_key = ["id"]
  columns     = [{ name = "id", type = "bigint", nullable = false }, { name = "v", type = "text" }]
}
resource "postgres_grant" "g" {
  count       = $GROUPS_N
  role        = postgres_role.r[count.index].name
  object_type = "schema"
  schema      = postgres_schema.s[count.index].name
  privileges  = ["USAGE"]
}
MESH
objects=$((GROUPS_N * 4))
measure() { # label, mesh args…
  local label=$1 start end
  shift
  start=$(date +%s.%N)
  "$MESH" "$@" >"$WORK/out" 2>&1 || { tail -20 "$WORK/out"; exit 1; }
  end=$(date +%s.%N)
  awk -v l="$label" -v s="$start" -v e="$end" -v n="$objects" \
    'BEGIN { printf "  %-24s %7.3f s  (%.3f ms/object)\n", l, e - s, (e - s) * 1000 / n }'
}
echo "mesh apply of $objects postgres objects (default parallelism)"
measure "apply (create)" apply --auto-approve
measure "plan (refresh, no-op)" plan
measure "destroy" destroy --auto-approve
