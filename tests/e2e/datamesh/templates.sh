#!/usr/bin/env bash
# The stdlib templates on small configurations, without a server: `mesh validate` and
# `mesh plan` of representative instances (what each creates, names, contract text), and bad
# params reported as located errors (file:line:col of the offending attribute or block).
# Usage: templates.sh MESH SOURCE_DIR
set -euo pipefail
MESH=$(realpath "$1")
SRC=$(realpath "$2")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export NO_COLOR=1 MESH_STDLIB_PATH="$SRC/stdlib"
unset MESH_POLICY_PATH MESH_WORKSPACE MESH_STATE
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -qF -- "$1" "$2" || { cat "$2"; fail "no '$1' in $2"; }; }

# ---- a domain and a product with a domain instance ----
mkdir ok && cat >ok/main.mesh <<'MESH'
import "stdlib/datamesh"

provider "postgres" {}

domain "sales" {
  owner       = { team = "sales-data", contact = "sales@example.com" }
  description = "Orders"
}

data_product "orders" {
  domain         = domain.sales
  owner          = { team = "sales-data", contact = "sales@example.com" }
  classification = "confidential"
  consumers      = ["finance_team", "audit"]
  freshness      = 90m
  availability   = 99.9
  server         = { host = "db.example.com", port = 5432, database = "analytics" }
  output_port "orders" {
    version     = "2.1.0"
    primary_key = ["order_id"]
    columns = [
      { name = "order_id", type = "bigint" },
      { name = "amount", type = "numeric(12,2)", nullable = false },
      { name = "at", type = "timestamptz" },
      { name = "flags", type = "text[]" },
      { name = "paid", type = "boolean" },
    ]
  }
}

# A domain given by name: no domain team grants.
data_product "adhoc" {
  domain = "finance"
  owner  = { team = "finance" }
  output_port "rows" {
    columns = [{ name = "id", type = "uuid" }]
  }
}

output "orders" { value = data_product.orders }
MESH
"$MESH" validate -C ok >validate.out 2>&1 || { cat validate.out; fail "validate"; }
expect "Success! The configuration is valid" validate.out
"$MESH" plan -C ok --json >plan.json 2>plan.err || { cat plan.err; fail "plan"; }
python3 - plan.json <<'PY'
import json, sys, yaml
plan = json.load(open(sys.argv[1]))
changes = {c["address"]: c for c in plan["changes"]}
def after(addr): return changes[addr]["after"]
addrs = set(changes)
# domain: a team role and a catalog file
assert after("domain.sales.postgres_role.team")["name"] == "sales_team"
assert after("domain.sales.local_file.catalog")["path"] == "build/datamesh/catalog/domains/sales.yaml"
# orders: 2 roles, schema, 1 table, 3 reader/owner grants, 2 team grants, 2x2 consumer grants, 2 files
o = sorted(a for a in addrs if a.startswith("data_product.orders."))
assert len(o) == 15, o
assert after("data_product.orders.postgres_schema.storage") ["name"] == "sales_orders"
assert after("data_product.orders.postgres_schema.storage")["owner"] == "sales_orders_owner"
assert after('data_product.orders.postgres_grant.consumer_select["audit"]')["privileges"] == ["SELECT"]
t = after('data_product.orders.postgres_table.port["orders"]')
assert t["primary_key"] == ["order_id"] and t["columns"][0]["nullable"] is False, t
# adhoc: no team grants (domain given by name), no consumers
a = sorted(x for x in addrs if x.startswith("data_product.adhoc."))
assert len(a) == 9, a
assert after("data_product.adhoc.postgres_schema.storage")["name"] == "finance_adhoc"
# the contract, known at plan time
c = yaml.safe_load(after('data_product.orders.local_file.contract["orders"]')["content"])
assert c["apiVersion"] == "v3.1.0" and c["kind"] == "DataContract" and c["id"] == "sales.orders.orders", c
assert c["version"] == "2.1.0" and c["domain"] == "sales" and c["status"] == "active"
props = {p["name"]: p for p in c["schema"][0]["properties"]}
assert [props[n]["logicalType"] for n in ["order_id", "amount", "at", "flags", "paid"]] == \
    ["integer", "number", "timestamp", "array", "boolean"], props
assert props["order_id"]["primaryKey"] and props["order_id"]["primaryKeyPosition"] == 1
assert props["amount"]["required"] and not props["at"]["required"]
assert c["servers"][0]["port"] == 5432 and c["servers"][0]["schema"] == "sales_orders"
sla = {s["property"]: s for s in c["slaProperties"]}
assert sla["latency"]["value"] == 90 and sla["latency"]["unit"] == "m", sla
assert sla["availability"]["value"] == 99.9
assert c["team"]["members"][0]["username"] == "sales@example.com"
d = yaml.safe_load(after("data_product.orders.local_file.descriptor")["content"])
assert d["kind"] == "DataProduct" and d["id"] == "sales.orders" and d["outputPorts"][0]["contractId"] == "sales.orders.orders"
PY

# ---- bad params: located errors ----
mkdir bad && cat >bad/main.mesh <<'MESH'
import "stdlib/datamesh"

provider "postgres" {}

domain "sales" {
  owner = { team = "sales-data" }
}

data_product "orders" {
  domain    = "sales"
  ownr      = { team = "x" }
  freshness = "soon"
  output_port "orders" {
    primary_key = ["id"]
  }
  output_port "lines" {
    columns = [{ name = "id", typ = "bigint" }]
  }
}
MESH
code=0
"$MESH" validate -C bad >bad.out 2>&1 || code=$?
[[ $code == 1 ]] || { cat bad.out; fail "validate of bad params exited $code"; }
expect 'main.mesh:6:11: error: param `owner` of `domain.sales`: attribute "contact" is required' bad.out
expect 'main.mesh:11:3: error: template `data_product` has no param `ownr`' bad.out
expect 'help: did you mean `owner`?' bad.out
expect 'main.mesh:12:15: error: param `freshness` of `data_product.orders`: a duration is required, got "soon"' bad.out
expect 'main.mesh:13:15: error: missing required param `columns` of block `output_port` of template `data_product`' bad.out
expect 'main.mesh:17:15: error: param `columns` of `data_product.orders` block `output_port "lines"`: [0]: unexpected attribute "typ"; did you mean "type"?' bad.out

# An invalid classification: the template's own policy denies it, naming the instance's line.
mkdir secret && cat >secret/main.mesh <<'MESH'
import "stdlib/datamesh"

provider "postgres" {}

data_product "payments" {
  domain         = "finance"
  owner          = { team = "finance" }
  classification = "top-secret"
  output_port "payments" {
    columns = [{ name = "id", type = "bigint" }]
  }
}
MESH
code=0
"$MESH" plan -C secret >/dev/null 2>secret.err || code=$?
[[ $code == 1 ]] || fail "invalid classification: plan exited $code"
expect 'classification "top-secret" is not one of public, internal, confidential, restricted' secret.err
expect 'data_product.payments at secret/main.mesh:5:1' secret.err
# Imported under an alias, the kinds are dm_domain / dm_data_product and the template's own
# policy still applies.
mkdir aliased && cat >aliased/main.mesh <<'MESH'
import "stdlib/datamesh" as dm

provider "postgres" {}

dm_domain "sales" {
  owner = { team = "sales-data", contact = "sales@example.com" }
}

dm_data_product "orders" {
  domain         = dm_domain.sales
  owner          = { team = "sales-data" }
  classification = "secret"
  output_port "orders" {
    columns = [{ name = "id", type = "bigint" }]
  }
}
MESH
code=0
"$MESH" plan -C aliased >aliased.out 2>aliased.err || code=$?
[[ $code == 1 ]] || { cat aliased.err; fail "aliased invalid classification: plan exited $code"; }
expect 'deny: policy "data-product-classification" on dm_data_product.orders' aliased.err
expect '# dm_data_product.orders.postgres_schema.storage will be created' aliased.out
echo "templates: ok"
