#!/usr/bin/env bash
# End-to-end checks of `mesh validate` and `mesh graph` on a multi-file configuration with
# templates, nested template instances, an aliased module import and variables from every
# source. Usage: compile_cli.sh MESH_BINARY
set -u
mesh=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
run() {  # run STATUS NAME -- command...
  local want=$1 name=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$name: exit $got, expected $want"
    sed 's/^/  | /' "$work/err" | head -20 >&2
  fi
}
has() {  # has FILE TEXT
  grep -qF -- "$2" "$work/$1" || fail "$1 lacks '$2'"
}

cfg=$work/cfg
mkdir -p "$cfg/modules/storage" "$cfg/templates"
cat >"$cfg/main.mesh" <<'MESH'
import "./templates"
import "./modules/storage" as st

variable "env" {
  type = string
}
variable "teams" {
  type    = list(string)
  default = ["sales"]
}

let {
  prefix = "${var.env}-mesh"
}

domain "teams" {
  for_each = toset(var.teams)
  name     = each.key
  prefix   = let.prefix
}

st_bucket "logs" {
  path = "build/${let.prefix}/logs"
}

output "domain_ids" {
  value = { for k, d in domain.teams : k => d.catalog_id }
}
MESH
cat >"$cfg/templates/domain.mesh" <<'MESH'
template "domain" {
  param "name" { type = string }
  param "prefix" { type = string }

  resource "mesh_data" "catalog" {
    input = { name = param.name, prefix = param.prefix }
  }
  data_product "orders" {
    owner = param.name
    after = mesh_data.catalog.id
  }
  output "catalog_id" { value = mesh_data.catalog.id }
}
MESH
cat >"$cfg/templates/data_product.mesh" <<'MESH'
template "data_product" {
  param "owner" { type = string }
  param "after" { type = string }

  resource "local_file" "contract" {
    path    = "build/${param.owner}/contract.yaml"
    content = yamlencode({ owner = param.owner, after = param.after })
  }
}
MESH
cat >"$cfg/modules/storage/bucket.mesh" <<'MESH'
template "bucket" {
  param "path" { type = string }
  resource "local_directory" "dir" {
    path = param.path
  }
}
MESH

# validate: the required variable from --var, MESH_VAR_, or a var file.
run 1 "validate without env" -- "$mesh" validate --no-color -C "$cfg"
has err "variable \`env\` is required but has no value"
run 0 "validate --var" -- "$mesh" validate -C "$cfg" --var env=dev
has out "Success! The configuration is valid (4 files, 3 resource instances)."
MESH_VAR_env=prod run 0 "validate MESH_VAR_env" -- "$mesh" validate -C "$cfg"
printf 'env: test\nteams: [sales, hr]\n' >"$work/vars.yaml"
run 0 "validate --var-file" -- "$mesh" validate -C "$cfg" --var-file "$work/vars.yaml"
has out "5 resource instances"
run 1 "validate bad --var type" -- "$mesh" validate --no-color -C "$cfg" --var env=dev \
  --var 'teams={a = 1}'
has err "variable \`teams\` (from --var)"

# graph: DOT with nested clusters and edges, Mermaid with subgraphs.
run 0 "graph dot" -- "$mesh" graph -C "$cfg" --var-file "$work/vars.yaml"
has out "digraph mesh {"
has out 'subgraph cluster_'
has out 'label = "domain.teams[\"hr\"].data_product.orders";'
has out '"domain.teams[\"hr\"].data_product.orders.local_file.contract" -> "domain.teams[\"hr\"].mesh_data.catalog";'
has out '"output.domain_ids" -> "domain.teams[\"sales\"].mesh_data.catalog";'
has out '"st_bucket.logs.local_directory.dir";'
run 0 "graph mermaid" -- "$mesh" graph -C "$cfg" --var env=dev --format mermaid
has out "flowchart LR"
has out 'subgraph m1["domain.teams[#quot;sales#quot;]"]'
has out " --> "
run 1 "graph with errors" -- "$mesh" graph -C "$cfg"
run 64 "graph bad format" -- "$mesh" graph -C "$cfg" --format svg

# console: expressions from stdin against the configuration.
printf 'let.prefix\ndomain.teams["sales"].catalog_id\nlength(var.teams)\n' >"$work/exprs"
run 0 "console" -- "$mesh" console -C "$cfg" --var env=dev <"$work/exprs"
has out '"dev-mesh"'
has out "(known after apply)"
printf 'var.nope\n' >"$work/bad-exprs"
run 1 "console error" -- "$mesh" console --no-color -C "$cfg" --var env=dev <"$work/bad-exprs"
has err "variable \`nope\` is not declared"

# An error inside a template is reported once, at its source line, for all instances.
sed -i 's/after = param.after/after = param.aftr/' "$cfg/templates/data_product.mesh"
run 1 "validate template error" -- "$mesh" validate --no-color -C "$cfg" --var-file "$work/vars.yaml"
has err "data_product.mesh:7:"
has err "has no param \`aftr\`"
[ "$(grep -c "has no param" "$work/err")" = 1 ] || fail "the template error is not reported once"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
