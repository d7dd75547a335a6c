#!/usr/bin/env bash
# The `talos` driver of the stdlib `cluster` template (stdlib/datamesh/cluster.mesh): a local
# Talos Linux cluster (Docker provisioner) made by the real `talosctl` CLI.
#
#   cluster_talos.sh create|read|delete      (run by exec_command; docs/stdlib.md)
#
# The template writes machine-config patches (controlplane.patch.yaml, worker.patch.yaml:
# `version: v1alpha1`, `machine.type`, `cluster.controlPlane.endpoint`, the network); this
# script has talosctl generate the secrets and the full machine configs from them
# (`talosctl gen secrets`, `talosctl gen config --with-secrets --config-patch-…`), then boots
# the nodes from those configs (`talosctl cluster create --input-dir`) and fetches the
# kubeconfig.
#
# Environment (set by the template):
#   MESH_CLUSTER           the instance address, for messages (cluster.dev)
#   MESH_CLUSTER_DIR       the state directory (made by mesh, with the patches)
#   MESH_CLUSTER_NAME      the Talos cluster name
#   MESH_CLUSTER_NODES     number of nodes: 1 control plane + (NODES - 1) workers
#   MESH_CLUSTER_CIDR      the node network (the control plane is its .2 address)
#   MESH_CLUSTER_ENDPOINT  the Kubernetes API endpoint (https://CONTROL_PLANE_IP:6443)
#   MESH_CLUSTER_VERSION   the Talos version (v1.7.6), "" for talosctl's own
set -euo pipefail

op=${1:?usage: cluster_talos.sh create|read|delete}
addr=${MESH_CLUSTER:-cluster}
dir=${MESH_CLUSTER_DIR:?MESH_CLUSTER_DIR is not set}
name=${MESH_CLUSTER_NAME:?MESH_CLUSTER_NAME is not set}
state=$dir/state
generated=$dir/config
talosconfig=$dir/talosconfig
kubeconfig=$dir/kubeconfig

fail() {
  echo "$addr: $*" >&2
  exit 1
}

command -v talosctl >/dev/null 2>&1 ||
  fail "the talos driver needs the \`talosctl\` CLI on PATH (https://www.talos.dev)"

exists() {
  talosctl cluster show --name "$name" --state "$state" >/dev/null 2>&1
}

case $op in
  create)
    nodes=${MESH_CLUSTER_NODES:-1}
    cidr=${MESH_CLUSTER_CIDR:?MESH_CLUSTER_CIDR is not set}
    endpoint=${MESH_CLUSTER_ENDPOINT:?MESH_CLUSTER_ENDPOINT is not set}
    version=${MESH_CLUSTER_VERSION:-}
    control_plane=${endpoint#https://}
    control_plane=${control_plane%:*}
    if ! exists; then
      version_flags=()
      image_flags=()
      if [[ -n $version ]]; then
        version_flags=(--talos-version "$version")
        image_flags=(--image "ghcr.io/siderolabs/talos:$version")
      fi
      # The secrets (CAs, tokens) are generated once and kept: configs regenerated from them
      # stay valid for the same cluster.
      if [[ ! -f $dir/secrets.yaml ]]; then
        (umask 077 && talosctl gen secrets -o "$dir/secrets.yaml" >&2)
      fi
      talosctl gen config "$name" "$endpoint" --with-secrets "$dir/secrets.yaml" \
        --config-patch-control-plane "@$dir/controlplane.patch.yaml" \
        --config-patch-worker "@$dir/worker.patch.yaml" \
        "${version_flags[@]}" -o "$generated" --force >&2
      talosctl cluster create --name "$name" --provisioner docker --state "$state" \
        --input-dir "$generated" --controlplanes 1 --workers "$((nodes - 1))" --cidr "$cidr" \
        --talosconfig "$talosconfig" "${image_flags[@]}" --wait >&2
    fi
    talosctl kubeconfig "$kubeconfig" --talosconfig "$talosconfig" --nodes "$control_plane" \
      --force >&2
    printf '{"endpoint":"%s","kubeconfig":"%s","name":"%s"}\n' "$endpoint" "$kubeconfig" "$name"
    ;;
  read)
    exists || exit 3
    ;;
  delete)
    if exists; then talosctl cluster destroy --name "$name" --state "$state" >&2; fi
    # The patches and the directory belong to mesh (a replacement has just written the new
    # patches): only what talosctl made goes, the secrets with the cluster they belong to.
    rm -rf "$state" "$generated" "$talosconfig" "$kubeconfig" "$dir/secrets.yaml"
    ;;
  *)
    fail "unknown operation $op"
    ;;
esac
