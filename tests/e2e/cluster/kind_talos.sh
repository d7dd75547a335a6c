#!/usr/bin/env bash
# The stdlib `cluster` template with the kind and talos drivers, against fake `kind` and
# `talosctl` executables on PATH that record their argv and keep a little state: the generated
# configuration files are parsed as YAML and checked for the real structure (a kind
# kind.x-k8s.io/v1alpha4 Cluster; Talos v1alpha1 machine-config patches), then the commands'
# arguments, the outputs, drift (cluster deleted behind mesh's back) and destroy.
source "$(dirname "$0")/lib.sh"

mkdir -p bin fake
export FAKE=$WORK/fake PATH=$WORK/bin:$PATH
cat >bin/kind <<'EOF_KIND'
#!/usr/bin/env bash
set -euo pipefail
echo "kind $*" >>"$FAKE/argv"
arg() { local want=$1; shift; while (($#)); do [[ $1 == "$want" ]] && { echo "$2"; return; }; shift; done; }
case "$1 $2" in
  "get clusters") cat "$FAKE/kind-clusters" 2>/dev/null || true ;;
  "create cluster")
    name=$(arg --name "$@")
    cp "$(arg --config "$@")" "$FAKE/kind-config-$name.yaml"
    printf 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://127.0.0.1:41234\n  name: kind-%s\n' \
      "$name" >"$(arg --kubeconfig "$@")"
    echo "$name" >>"$FAKE/kind-clusters" ;;
  "delete cluster")
    name=$(arg --name "$@")
    grep -vxF "$name" "$FAKE/kind-clusters" >"$FAKE/k" || true
    mv "$FAKE/k" "$FAKE/kind-clusters" ;;
  *) echo "fake kind: unexpected $*" >&2; exit 1 ;;
esac
EOF_KIND
cat >bin/talosctl <<'EOF_TALOS'
#!/usr/bin/env bash
set -euo pipefail
echo "talosctl $*" >>"$FAKE/argv"
arg() { local want=$1; shift; while (($#)); do [[ $1 == "$want" ]] && { echo "$2"; return; }; shift; done; }
case "$1 $2" in
  "gen secrets") echo "cluster: {id: fake}" >"$(arg -o "$@")" ;;
  "gen config")
    out=$(arg -o "$@")
    mkdir -p "$out"
    cp "$(arg --config-patch-control-plane "$@" | sed 's/^@//')" "$FAKE/talos-controlplane.yaml"
    cp "$(arg --config-patch-worker "$@" | sed 's/^@//')" "$FAKE/talos-worker.yaml"
    touch "$out/controlplane.yaml" "$out/worker.yaml" "$out/talosconfig" ;;
  "cluster create")
    [[ -f $(arg --input-dir "$@")/controlplane.yaml ]] || { echo "no configs" >&2; exit 1; }
    mkdir -p "$(arg --state "$@")/$(arg --name "$@")" ;;
  "cluster show") [[ -d $(arg --state "$@")/$(arg --name "$@") ]] ;;
  "cluster destroy") rm -rf "$(arg --state "$@")/$(arg --name "$@")" ;;
  "kubeconfig "*) printf 'clusters:\n- cluster:\n    server: https://fake:6443\n' >"$2" ;;
  *) echo "fake talosctl: unexpected $*" >&2; exit 1 ;;
esac
EOF_TALOS
chmod +x bin/*

cat >main.mesh <<'EOF_MESH'
import "stdlib/datamesh"

cluster "k8s" {
  driver  = "kind"
  nodes   = 3
  version = "1.29.2"
  ttl     = 8h
}

cluster "edge" {
  driver  = "talos"
  nodes   = 3
  version = "v1.7.6"
}

output "kind_endpoint" { value = cluster.k8s.endpoint }
output "kind_kubeconfig" { value = cluster.k8s.kubeconfig }
output "kind_port" { value = cluster.k8s.port }
output "talos_endpoint" { value = cluster.edge.endpoint }
output "talos_kubeconfig" { value = cluster.edge.kubeconfig }
EOF_MESH

run 0 plan
expect "cluster.k8s.local_file.kind_config[0] will be created"
expect "cluster.edge.local_file.talos_controlplane[0] will be created"
expect "cluster.edge.local_file.talos_worker[0] will be created"
talos_endpoint=$(sed -n 's/.*+ talos_endpoint *= "\(.*\)"$/\1/p' "$OUT")
[[ $talos_endpoint =~ ^https://10\.5\.[0-9]+\.2:6443$ ]] || fail "talos endpoint '$talos_endpoint'"

run 0 apply --auto-approve
expect "Apply complete! Resources: 7 added"
kdir=$WORK/.mesh/clusters/default-k8s
tdir=$WORK/.mesh/clusters/default-edge

# kind: the configuration file, then the real commands.
python3 - "$FAKE/kind-config-default-k8s.yaml" <<'EOF_PY'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
assert c["kind"] == "Cluster", c
assert c["apiVersion"] == "kind.x-k8s.io/v1alpha4", c
assert c["name"] == "default-k8s", c
assert [n["role"] for n in c["nodes"]] == ["control-plane", "worker", "worker"], c
assert all(n["image"] == "kindest/node:v1.29.2" for n in c["nodes"]), c
assert c["networking"]["apiServerAddress"] == "127.0.0.1", c
EOF_PY
grep -qxF "kind create cluster --name default-k8s --config $kdir/kind.yaml --kubeconfig $kdir/kubeconfig --wait 5m" \
  "$FAKE/argv" || fail "kind create argv: $(cat "$FAKE/argv")"
[[ $(output kind_endpoint) == https://127.0.0.1:41234 ]] || fail "kind endpoint $(output kind_endpoint)"
[[ $(output kind_kubeconfig) == "$kdir/kubeconfig" && -f $kdir/kubeconfig ]] || fail "kubeconfig"
[[ $(output kind_port) == null ]] || fail "kind port should be null"

# talos: machine-config patches with the real structure, then gen secrets / gen config /
# cluster create / kubeconfig.
python3 - "$FAKE/talos-controlplane.yaml" "$FAKE/talos-worker.yaml" "$talos_endpoint" <<'EOF_PY'
import sys, yaml
cp = yaml.safe_load(open(sys.argv[1]))
w = yaml.safe_load(open(sys.argv[2]))
endpoint = sys.argv[3]
for doc, kind in ((cp, "controlplane"), (w, "worker")):
    assert doc["version"] == "v1alpha1", doc
    assert doc["machine"]["type"] == kind, doc
    assert doc["machine"]["install"]["disk"] == "/dev/sda", doc
    assert doc["machine"]["install"]["image"] == "ghcr.io/siderolabs/installer:v1.7.6", doc
    assert doc["cluster"]["clusterName"] == "default-edge", doc
    assert doc["cluster"]["controlPlane"]["endpoint"] == endpoint, doc
    assert doc["cluster"]["network"]["dnsDomain"] == "cluster.local", doc
    assert doc["cluster"]["network"]["podSubnets"] == ["10.244.0.0/16"], doc
assert cp["cluster"]["allowSchedulingOnControlPlanes"] is False, cp
EOF_PY
net=${talos_endpoint#https://}
net=${net%.2:6443}
for line in \
  "talosctl gen secrets -o $tdir/secrets.yaml" \
  "talosctl gen config default-edge $talos_endpoint --with-secrets $tdir/secrets.yaml --config-patch-control-plane @$tdir/controlplane.patch.yaml --config-patch-worker @$tdir/worker.patch.yaml --talos-version v1.7.6 -o $tdir/config --force" \
  "talosctl cluster create --name default-edge --provisioner docker --state $tdir/state --input-dir $tdir/config --controlplanes 1 --workers 2 --cidr $net.0/24 --talosconfig $tdir/talosconfig --image ghcr.io/siderolabs/talos:v1.7.6 --wait" \
  "talosctl kubeconfig $tdir/kubeconfig --talosconfig $tdir/talosconfig --nodes $net.2 --force"; do
  grep -qxF -- "$line" "$FAKE/argv" || fail "missing command: $line
$(cat "$FAKE/argv")"
done
[[ $(stat -c %a "$tdir/secrets.yaml") == 600 ]] || fail "talos secrets are not private"
[[ $(output talos_kubeconfig) == "$tdir/kubeconfig" ]] || fail "talos kubeconfig output"

run 0 plan --detailed-exitcode
expect "No changes"

# Drift: the kind cluster deleted behind mesh's back is created again.
kind delete cluster --name default-k8s
run 2 plan --detailed-exitcode
expect "cluster.k8s.exec_command.kind[0] will be created"
run 0 apply --auto-approve
grep -qxF default-k8s "$FAKE/kind-clusters" || fail "kind cluster not created again"
run 0 plan --detailed-exitcode

# A change of the node count is a new kind cluster (kind cannot resize one).
sed -i '0,/nodes   = 3/s//nodes   = 2/' main.mesh
run 2 plan --detailed-exitcode
expect "cluster.k8s.local_file.kind_config[0] will be updated in place"
expect "cluster.k8s.exec_command.kind[0] must be replaced"
run 0 apply --auto-approve
python3 - "$FAKE/kind-config-default-k8s.yaml" <<'EOF_PY'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
assert [n["role"] for n in c["nodes"]] == ["control-plane", "worker"], c
EOF_PY
[[ $(grep -c "^kind create cluster --name default-k8s" "$FAKE/argv") == 3 ]] || fail "not recreated"
grep -q "^kind delete cluster --name default-k8s" "$FAKE/argv" || fail "old cluster not deleted"
run 0 plan --detailed-exitcode

: >"$FAKE/argv"
run 0 destroy --auto-approve
grep -qxF "kind delete cluster --name default-k8s --kubeconfig $kdir/kubeconfig" "$FAKE/argv" ||
  fail "kind delete not run: $(cat "$FAKE/argv")"
grep -qxF "talosctl cluster destroy --name default-edge --state $tdir/state" "$FAKE/argv" ||
  fail "talosctl cluster destroy not run: $(cat "$FAKE/argv")"
[[ ! -e $kdir && ! -e $tdir ]] || fail "cluster directories left after destroy"
echo "PASS"
