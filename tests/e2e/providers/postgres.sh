#!/usr/bin/env bash
# The postgres provider through `mesh apply` against a real server (mesh_test_postgres, $2):
# a data product's storage and access (owner and reader roles, schema, table, grants), checked
# with psql; a change; drift by hand; destroy leaves nothing.
source "$(dirname "$0")/lib.sh"
SERVER=${2:?usage: postgres.sh MESH mesh_test_postgres}
command -v psql >/dev/null || fail "psql not found (scripts/deps.sh test)"
coproc PG { "$SERVER"; }
CLEANUPS+=('exec {PG[1]}>&- 2>/dev/null; wait "$PG_PID" 2>/dev/null')
read -r -t 60 URL <&"${PG[0]}" || fail "mesh_test_postgres did not start"
# The provider block is empty: libpq takes the connection from the PG* variables.
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=postgres
PGPORT=$(sed -n 's/.*:\([0-9]*\)\/.*/\1/p' <<<"$URL")
export PGPORT
sql() { psql -XAtq -v ON_ERROR_STOP=1 -c "$1"; }

write_config() { # $1: extra column, $2: reader privileges
  cat >main.mesh <<MESH
provider "postgres" {}

resource "postgres_role" "owner" {
  name     = "sales_owner"
  login    = true
  password = "owner-pw-secret"
}
resource "postgres_role" "reader" {
  name = "sales_reader"
}
resource "postgres_schema" "sales" {
  name  = "sales"
  owner = postgres_role.owner.name
}
resource "postgres_table" "orders" {
  schema      = postgres_schema.sales.name
  name        = "orders"
  primary_key = ["order_id"]
  columns = [
    { name = "order_id", type = "bigint", nullable = false },
    { name = "amount", type = "numeric(12,2)" },
    $1
  ]
}
resource "postgres_grant" "usage" {
  role        = postgres_role.reader.name
  object_type = "schema"
  schema      = postgres_schema.sales.name
  privileges  = ["USAGE"]
}
resource "postgres_grant" "read" {
  role               = postgres_role.reader.name
  object_type        = "all_tables_in_schema"
  schema             = postgres_schema.sales.name
  privileges         = $2
  default_privileges = true
  depends_on         = [postgres_table.orders]
}
MESH
}

write_config '{ name = "status", type = "text", default = "'"'"'new'"'"'" }' '["SELECT"]'
run 0 apply --auto-approve
expect 'Apply complete! Resources: 6 added'
expect_not 'owner-pw-secret'
[[ $(sql "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'sales_owner'") == t ]] || fail "owner role"
[[ $(sql "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'sales'") == sales_owner ]] ||
  fail "schema owner"
[[ $(sql "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'sales' AND table_name = 'orders'") == 3 ]] ||
  fail "columns"
[[ $(sql "SELECT has_table_privilege('sales_reader', 'sales.orders', 'SELECT')") == t ]] || fail "select grant"
[[ $(sql "SELECT has_table_privilege('sales_reader', 'sales.orders', 'INSERT')") == f ]] || fail "no insert"
no_changes

# Import: forgotten by state, adopted again by name; the plan has nothing to do.
run 0 state rm postgres_schema.sales
run 0 import postgres_schema.sales sales
expect 'Import successful: postgres_schema.sales'
no_changes

# Change: a column added in place, INSERT granted too.
write_config '{ name = "status", type = "text", default = "'"'"'new'"'"'" },
    { name = "region", type = "varchar(8)" }' '["SELECT", "INSERT"]'
run 0 apply --auto-approve
expect '0 added, 2 changed'
[[ $(sql "SELECT data_type FROM information_schema.columns WHERE table_schema = 'sales' AND column_name = 'region'") == "character varying" ]] ||
  fail "region column"
[[ $(sql "SELECT has_table_privilege('sales_reader', 'sales.orders', 'INSERT')") == t ]] || fail "insert grant"
no_changes

# Drift: a privilege revoked by hand is put back; a role dropped by hand is created again.
sql "REVOKE SELECT ON sales.orders FROM sales_reader"
run 2 plan --detailed-exitcode
expect 'postgres_grant.read'
run 0 apply --auto-approve
[[ $(sql "SELECT has_table_privilege('sales_reader', 'sales.orders', 'SELECT')") == t ]] || fail "select back"
sql "DROP OWNED BY sales_reader; DROP ROLE sales_reader"
run 0 apply --auto-approve
[[ $(sql "SELECT count(*) FROM pg_roles WHERE rolname = 'sales_reader'") == 1 ]] || fail "reader back"
[[ $(sql "SELECT has_schema_privilege('sales_reader', 'sales', 'USAGE')") == t ]] || fail "usage back"
no_changes

run 0 destroy --auto-approve
[[ $(sql "SELECT count(*) FROM pg_namespace WHERE nspname = 'sales'") == 0 ]] || fail "schema left"
[[ $(sql "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'sales_%'") == 0 ]] || fail "roles left"
[[ $(sql "SELECT count(*) FROM pg_default_acl") == 0 ]] || fail "default privileges left"
[[ -z $(state_list) ]] || fail "state not empty: $(state_list)"
