#!/usr/bin/env bash
# Apply benchmarks (bench/README.md): wall time of `mesh apply --auto-approve` on
#   - 10k mesh_data in 100 chains of 100 (each link's input is the previous link's id, unknown
#     at plan: the executor re-evaluates it once the link before is applied), budget < 3 s;
#   - 100k mesh_data in 100 chains of 1,000 (skip with --quick);
#   - 1,000 exec_command sleeping 50 ms at parallelism 10 and 50, against the ideal
#     1000 × 0.05 / p.
# Usage: bench/apply_bench.sh [--quick] [path/to/mesh]   (default: build/mesh)
set -euo pipefail
quick=0
if [[ ${1:-} == --quick ]]; then quick=1; shift; fi
MESH=$(realpath "${1:-$(dirname "$0")/../build/mesh}")
WORK=$(mktemp -d /tmp/mesh-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export NO_COLOR=1

now() { date +%s.%N; }
elapsed() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }

# chains LINKS: 100 resources of `count = LINKS`; chain i is instance i of each.
chains() {
  local dir=$1 links=$2
  mkdir -p "$dir"
  {
    echo "resource \"mesh_data\" \"s0\" {"
    echo "  count = $links"
    echo "  input = count.index"
    echo "}"
    for ((s = 1; s < 100; s++)); do
      echo "resource \"mesh_data\" \"s$s\" {"
      echo "  count = $links"
      echo "  input = mesh_data.s$((s - 1))[count.index].id"
      echo "}"
    done
  } >"$dir/main.mesh"
}

# Prints: name, instances, apply wall seconds, and the plan-only time for comparison.
apply_case() {
  local name=$1 dir=$2 parallelism=${3:-10}
  local t0 plan_s apply_s
  t0=$(now)
  "$MESH" plan -C "$dir" >/dev/null
  plan_s=$(elapsed "$t0")
  t0=$(now)
  "$MESH" apply -C "$dir" --auto-approve --parallelism "$parallelism" >"$WORK/$name.log"
  apply_s=$(elapsed "$t0")
  tail -1 "$WORK/$name.log" | grep -q 'Apply complete!' || { tail -5 "$WORK/$name.log"; exit 1; }
  printf '%-34s %8s s   (plan alone %s s)\n' "$name" "$apply_s" "$plan_s"
}

echo "mesh apply benchmarks ($(nproc) cores, $MESH)"
# s0..s99 are the links of every chain; `count` is the number of chains.
chains "$WORK/10k" 100
apply_case "10k mesh_data (100 chains of 100)" "$WORK/10k"
if ((quick == 0)); then
  chains "$WORK/100k" 1000
  apply_case "100k mesh_data (1,000 chains of 100)" "$WORK/100k"
fi

mkdir -p "$WORK/latency"
cat >"$WORK/latency/main.mesh" <<'MESH'
resource "exec_command" "sleep" {
  count  = 1000
  create = "sleep 0.05"
}
MESH
for p in 10 50; do
  rm -rf "$WORK/latency/.mesh"
  t0=$(now)
  "$MESH" apply -C "$WORK/latency" --auto-approve --parallelism $p >"$WORK/latency-$p.log"
  wall=$(elapsed "$t0")
  ideal=$(awk -v p=$p 'BEGIN { printf "%.2f", 1000 * 0.05 / p }')
  # The same commands through xargs: what this machine can do without mesh.
  t0=$(now)
  seq 1000 | xargs -P $p -I{} sh -c 'sleep 0.05'
  shell=$(elapsed "$t0")
  printf '%-34s %8s s   (ideal %s s, overhead %s%%; xargs -P %s alone %s s)\n' \
    "1,000 x sleep 50 ms, parallelism $p" "$wall" "$ideal" \
    "$(awk -v w="$wall" -v i="$ideal" 'BEGIN { printf "%.0f", (w / i - 1) * 100 }')" $p "$shell"
done
