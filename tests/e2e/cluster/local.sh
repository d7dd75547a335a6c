#!/usr/bin/env bash
# The stdlib `cluster` template with driver "local", for real: an ephemeral PostgreSQL instance
# under .mesh/ (as the `postgres` OS user when root), reached with psql through the template's
# outputs; a provider block configured from them; a stable plan; drift (server stopped by
# hand); a password change in place; a per-workspace instance that `mesh gc` collects when its
# ttl ran out; destroy stops it and removes its directory; the password never printed.
source "$(dirname "$0")/lib.sh"

PASSWORD='Pw-9f8e7d6c-not-in-logs'
cat >main.mesh <<'EOF_MESH'
import "stdlib/datamesh"

variable "pg_password" {
  type      = string
  sensitive = true
}

cluster "dev" {
  driver      = "local"
  version     = "15"
  environment = "dev"
  password    = var.pg_password
  ttl         = 24h
}

provider "postgres" {
  host     = cluster.dev.host
  port     = cluster.dev.port
  user     = cluster.dev.user
  password = cluster.dev.password
  database = cluster.dev.database
}

resource "postgres_schema" "sales" {
  name       = "sales"
  depends_on = [cluster.dev]
}

output "host" { value = cluster.dev.host }
output "port" { value = cluster.dev.port }
output "user" { value = cluster.dev.user }
output "database" { value = cluster.dev.database }
output "endpoint" { value = cluster.dev.endpoint }
output "dir" { value = cluster.dev.dir }
output "name" { value = cluster.dev.name }
output "kubeconfig" { value = cluster.dev.kubeconfig }
output "password" {
  value     = cluster.dev.password
  sensitive = true
}
EOF_MESH
export MESH_VAR_pg_password=$PASSWORD
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_as() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The plan knows the connection settings (a provider block takes them) but never the password.
run 0 plan
expect "cluster.dev.exec_command.local[0] will be created"
expect 'MESH_CLUSTER_DIR     = "'"$WORK"'/.mesh/clusters/default-dev"'
expect 'endpoint   = "127.0.0.1:'
expect "Policies: "
expect_not "$PASSWORD"
port=$(sed -n 's/.*+ port *= \([0-9]*\)$/\1/p' "$OUT")
[[ $port =~ ^[0-9]+$ ]] && ((port >= 20000 && port < 30000)) || fail "derived port: '$port'"
run 0 plan
expect "+ port       = $port" # derived deterministically: the same in every plan

start=$(date +%s%N)
run 0 apply --auto-approve
echo "apply (initdb + start + schema): $((($(date +%s%N) - start) / 1000000)) ms"
expect "Apply complete! Resources: 2 added"
expect_not "$PASSWORD"
CLEANUPS+=("pg_as $BIN/pg_ctl stop -m immediate -D '$WORK/.mesh/clusters/default-dev/data' >/dev/null 2>&1")
dir=$(output dir)
[[ $dir == "$WORK/.mesh/clusters/default-dev" ]] || fail "dir output: $dir"
[[ $(output host) == 127.0.0.1 && $(output port) == "$port" && $(output user) == postgres &&
  $(output database) == postgres && $(output endpoint) == "127.0.0.1:$port" &&
  $(output name) == dev && $(output kubeconfig) == null ]] || fail "outputs: $("$MESH" output)"
run 0 output
expect_not "$PASSWORD"
run 0 show --json
expect "MESH_CLUSTER_DIR"
expect_not "$PASSWORD"
run 0 plan --json
expect_not "$PASSWORD"

# psql with the outputs: the schema the provider made is there; a wrong password is refused.
q() { PGPASSWORD=$1 psql -X -h "$(output host)" -p "$(output port)" -U "$(output user)" \
  -d "$(output database)" -Atc "$2"; }
[[ $(q "$PASSWORD" "select nspname from pg_namespace where nspname = 'sales'") == sales ]] ||
  fail "schema sales not found through the cluster's outputs"
[[ $(q "$PASSWORD" "show listen_addresses") == 127.0.0.1 ]] || fail "listens beyond loopback"
if q wrong "select 1" >/dev/null 2>&1; then fail "a wrong password was accepted"; fi
# The directory is private and the password is in none of its files (pwfile removed).
[[ $(stat -c %a "$dir") == 700 ]] || fail "instance directory mode $(stat -c %a "$dir")"
if grep -rqF -- "$PASSWORD" "$dir" "$WORK/.mesh/clusters"; then fail "password written to disk"; fi
[[ ! -e $dir/.pwfile ]] || fail "pwfile left behind"

run 0 plan --detailed-exitcode
expect "No changes"

# Drift: the server stopped by hand (a reboot) is gone for mesh; applying the cluster starts it
# again, data kept. (A full plan fails meanwhile: the schema cannot be refreshed.)
pg_as "$BIN/pg_ctl" stop -m fast -D "$dir/data" >/dev/null
run 1 plan
expect "cannot connect to PostgreSQL"
run 2 plan --detailed-exitcode --target cluster.dev
expect "cluster.dev.exec_command.local[0] will be created"
run 0 apply --auto-approve --target cluster.dev
[[ $(q "$PASSWORD" "select nspname from pg_namespace where nspname = 'sales'") == sales ]] ||
  fail "data lost when the stopped instance was started again"
run 0 plan --detailed-exitcode

# A new password is applied in place (update), the old one no longer works. The provider
# already connects with the new one, so the cluster goes first (--target).
export MESH_VAR_pg_password=$PASSWORD-2
run 2 plan --detailed-exitcode --target cluster.dev
expect "cluster.dev.exec_command.local[0] will be updated in place"
expect_not "$PASSWORD"
run 0 apply --auto-approve --target cluster.dev
expect_not "$PASSWORD"
run 0 apply --auto-approve # the root outputs (a targeted apply leaves them alone)
expect_not "$PASSWORD"
[[ $(q "$PASSWORD-2" "select 1") == 1 ]] || fail "new password refused"
if q "$PASSWORD" "select 1" >/dev/null 2>&1; then fail "old password still accepted"; fi
run 0 plan --detailed-exitcode

# A per-PR workspace gets its own instance: its own directory and port.
run 0 workspace new pr-7
run 0 apply -w pr-7 --auto-approve
CLEANUPS+=("pg_as $BIN/pg_ctl stop -m immediate -D '$WORK/.mesh/clusters/pr-7-dev/data' >/dev/null 2>&1")
pr_port=$("$MESH" output -w pr-7 port)
[[ $("$MESH" output -w pr-7 dir) == "$WORK/.mesh/clusters/pr-7-dev" ]] || fail "pr-7 dir"
[[ $pr_port != "$port" ]] || fail "workspace pr-7 got the same port $port"
PGPASSWORD=$PASSWORD-2 psql -X -h 127.0.0.1 -p "$pr_port" -U postgres -d postgres -Atc "select 1" \
  >/dev/null || fail "pr-7 instance unreachable"
# Its ttl (24h) runs out: `mesh gc` stops it and removes its directory, the schema in it first.
MESH_NOW=$(($(date +%s) + 25 * 3600)) run 0 gc -w pr-7 --auto-approve
expect "cluster.dev.exec_command.local[0]"
expect "postgres_schema.sales"
[[ ! -e $WORK/.mesh/clusters/pr-7-dev ]] || fail "pr-7 directory left after gc"
if (exec 3<>"/dev/tcp/127.0.0.1/$pr_port") 2>/dev/null; then fail "pr-7 server still up after gc"; fi

# Destroy: the server stops, its directory goes.
run 0 destroy --auto-approve
expect_not "$PASSWORD"
[[ ! -e $dir ]] || fail "directory left after destroy: $(ls -la "$dir")"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "server still listening on $port"; fi
echo "PASS"
