#!/usr/bin/env bash
# The stdlib `cluster` template's errors: an unknown driver, bad node counts and a missing
# password are deny policies naming the instance and both source locations; an occupied port,
# a PostgreSQL version that is not installed and (as root) a directory the `postgres` user
# cannot reach fail the create with a message naming the instance and what to change; nothing
# is left behind.
source "$(dirname "$0")/lib.sh"

cat >main.mesh <<'EOF_MESH'
import "stdlib/datamesh"

cluster "bad" {
  driver = "k8s"
}

cluster "many" {
  driver   = "local"
  nodes    = 2
  password = "x"
}

cluster "nopw" {
  driver = "local"
}

cluster "half" {
  driver = "kind"
  nodes  = 1.5
}
EOF_MESH
run 1 plan
expect 'deny: policy "cluster-driver-valid" on cluster.bad: cluster.bad: driver "k8s" is not one of "local", "kind", "talos"'
expect 'cluster.bad at main.mesh:3:1)'
expect "datamesh/cluster.mesh:"
expect 'deny: policy "cluster-local-one-node" on cluster.many: cluster.many: the local driver runs exactly 1 node, not 2'
expect 'deny: policy "cluster-local-password" on cluster.nopw: cluster.nopw: the local driver needs `password`'
expect 'deny: policy "cluster-nodes-valid" on cluster.half: cluster.half: nodes must be a whole number >= 1, not 1.5'
expect_not 'on cluster.many: cluster.many: driver'
expect_not 'policy "cluster-nodes-valid" on cluster.many'
run 1 apply --auto-approve
expect "deny"
# The policies follow the template when a configuration imports it under an alias.
cat >alias.mesh.txt <<'EOF_MESH'
import "stdlib/datamesh" as dm

dm_cluster "bad" {
  driver = "k8s"
}

dm_cluster "ok" {
  driver = "kind"
  ttl    = 1h
}
EOF_MESH
mkdir aliased && mv alias.mesh.txt aliased/main.mesh
run 1 plan -C aliased
expect 'deny: policy "cluster-driver-valid" on dm_cluster.bad: dm_cluster.bad: driver "k8s" is not one of'
expect_not 'on dm_cluster.ok'
expect "\"$WORK/aliased/.mesh/clusters/default-ok/kind.yaml\""
[[ ! -e .mesh/clusters/default-bad && ! -e .mesh/clusters/default-many ]] || fail "something was created"

# An occupied port: the create fails, naming the cluster and `port`.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); print("ready", flush=True); time.sleep(120)' "$port" >listener.out &
listener=$!
CLEANUPS+=("kill $listener 2>/dev/null")
for _ in $(seq 50); do grep -q ready listener.out && break; sleep 0.1; done
cat >main.mesh <<EOF_MESH
import "stdlib/datamesh"

cluster "busy" {
  port     = $port
  password = "Pw-not-in-errors-1234"
}
EOF_MESH
run 1 apply --auto-approve
expect "cluster.busy: port $port on 127.0.0.1 is already in use: set \`port\` on cluster.busy to a free port"
expect_not "Pw-not-in-errors-1234"
[[ ! -e .mesh/clusters/default-busy ]] || fail "directory left after the failed create"

# A PostgreSQL version that is not installed.
kill "$listener"
installed=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
cat >main.mesh <<EOF_MESH
import "stdlib/datamesh"

cluster "old" {
  version  = "9"
  password = "Pw-not-in-errors-1234"
}
EOF_MESH
run 1 apply --auto-approve
expect "cluster.old: version = \"9\" asks for PostgreSQL 9 but the installed server is $installed."
expect_not "Pw-not-in-errors-1234"
[[ ! -e .mesh/clusters/default-old ]] || fail "directory left after the failed create"
# As root: a configuration directory the `postgres` OS user cannot enter (mktemp -d makes 0700).
if [[ $(id -u) -eq 0 ]]; then
  mkdir -m 0700 private
  cat >private/main.mesh <<'EOF_MESH'
import "stdlib/datamesh"

cluster "hidden" {
  password = "Pw-not-in-errors-1234"
}
EOF_MESH
  run 1 apply -C private --auto-approve
  expect "cluster.hidden: the PostgreSQL server runs as the OS user \`postgres\` (mesh runs as root), which cannot reach $WORK/private/.mesh/clusters"
  expect "chmod o+x"
  expect_not "Pw-not-in-errors-1234"
  [[ ! -e private/.mesh/clusters/default-hidden ]] || fail "directory left after the failed create"
fi
echo "PASS"
