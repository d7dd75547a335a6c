#!/usr/bin/env bash
# The `kind` driver of the stdlib `cluster` template (stdlib/datamesh/cluster.mesh): a
# Kubernetes-in-Docker cluster made by the real `kind` CLI from the configuration file the
# template writes (kind.x-k8s.io/v1alpha4 Cluster).
#
#   cluster_kind.sh create|read|delete      (run by exec_command; docs/stdlib.md)
#
# Environment (set by the template):
#   MESH_CLUSTER         the instance address, for messages (cluster.dev)
#   MESH_CLUSTER_DIR     the state directory (made by mesh): kind.yaml (written by mesh), kubeconfig
#   MESH_CLUSTER_NAME    the kind cluster name
set -euo pipefail

op=${1:?usage: cluster_kind.sh create|read|delete}
addr=${MESH_CLUSTER:-cluster}
dir=${MESH_CLUSTER_DIR:?MESH_CLUSTER_DIR is not set}
name=${MESH_CLUSTER_NAME:?MESH_CLUSTER_NAME is not set}
config=$dir/kind.yaml
kubeconfig=$dir/kubeconfig

fail() {
  echo "$addr: $*" >&2
  exit 1
}

command -v kind >/dev/null 2>&1 ||
  fail "the kind driver needs the \`kind\` CLI on PATH (https://kind.sigs.k8s.io)"

exists() {
  kind get clusters 2>/dev/null | grep -qxF "$name"
}

# The API server URL, from the kubeconfig kind wrote.
report() {
  local endpoint
  endpoint=$(sed -n 's/^ *server: *//p' "$kubeconfig" | head -n 1)
  printf '{"endpoint":"%s","kubeconfig":"%s","name":"%s"}\n' "$endpoint" "$kubeconfig" "$name"
}

case $op in
  create)
    if exists; then
      # Already there (state was lost): adopt it.
      kind export kubeconfig --name "$name" --kubeconfig "$kubeconfig" >&2
    else
      kind create cluster --name "$name" --config "$config" --kubeconfig "$kubeconfig" \
        --wait 5m >&2
    fi
    report
    ;;
  read)
    exists || exit 3
    ;;
  delete)
    if exists; then kind delete cluster --name "$name" --kubeconfig "$kubeconfig" >&2; fi
    # kind.yaml belongs to mesh (a replacement has just written the new one), the directory
    # too: only what kind made goes.
    rm -f "$kubeconfig"
    ;;
  *)
    fail "unknown operation $op"
    ;;
esac
