#!/usr/bin/env bash
# mesh against Terraform on the same graphs (bench/README.md, "Side by side with Terraform").
#
#   bench/compare.sh [--quick] [path/to/mesh]      (default: build/mesh)
#
# Shapes, written by gen() in both languages (mesh_data / terraform_data, offline):
#   count  - one resource with count = N, input = "value-${count.index}";
#   chains - N/100 chains of depth 100: s0..s99 with count = N/100, each link's input is its
#            predecessor's output.
# For each shape and N (1,000 and 10,000), alternating tools, RUNS times: plan with --out/-out
# against an empty state, apply of that plan, a second plan with no changes. Wall time and peak
# RSS come from /usr/bin/time -v; every Terraform/mesh step is capped by TIMEOUT seconds.
# Then a mesh-only scaling table (chains, 1k..SCALE_MAX): compile (validate), plan, apply,
# no-change plan, with time and peak RSS per resource.
# Writes bench/results.md and bench/results.csv (override with RESULTS_DIR).
#
# Environment: RUNS (3), TF_RUNS_LARGE (runs of Terraform at N=10,000; default RUNS),
# TIMEOUT (600), SCALE_MAX (100000; 1000000 adds the 1M row; 0 skips the table), SIZES
# ("1000 10000"), TOOLS ("mesh terraform"; one of them runs that tool only), EXTRA_CSV (rows
# of an earlier run, e.g. the other tool's, merged into the report).
# --quick: N=1,000 only, one run, scaling up to 10k (checks that the script works).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
quick=0
if [[ ${1:-} == --quick ]]; then quick=1; shift; fi
MESH=$(realpath "${1:-$here/../build/mesh}")
RUNS=${RUNS:-3}
TF_RUNS_LARGE=${TF_RUNS_LARGE:-$RUNS}
TIMEOUT=${TIMEOUT:-600}
SCALE_MAX=${SCALE_MAX:-100000}
SIZES=${SIZES:-"1000 10000"}
TOOLS=${TOOLS:-"mesh terraform"}
if ((quick)); then RUNS=1 TF_RUNS_LARGE=1 SCALE_MAX=10000 SIZES=1000; fi
RESULTS_DIR=${RESULTS_DIR:-$here}

# The bench's own install step: GNU time (peak RSS) and Terraform must be there.
if [[ ! -x /usr/bin/time ]]; then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends time >/dev/null
fi
command -v terraform >/dev/null || { echo "compare.sh: terraform is not on PATH" >&2; exit 1; }
[[ -x $MESH ]] || { echo "compare.sh: no mesh binary at $MESH" >&2; exit 1; }

WORK=$(mktemp -d /tmp/mesh-compare-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export NO_COLOR=1 CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
: >"$WORK/terraformrc"
export TF_CLI_CONFIG_FILE=$WORK/terraformrc
CSV=$WORK/results.csv
echo "kind,shape,n,tool,run,step,seconds,max_rss_kb,status,load1" >"$CSV"

load1() { cut -d' ' -f1 /proc/loadavg; }

# gen TOOL SHAPE N DIR: the configuration in DIR (main.mesh or main.tf).
gen() {
  local tool=$1 shape=$2 n=$3 dir=$4 type file
  mkdir -p "$dir"
  if [[ $tool == mesh ]]; then type=mesh_data file=main.mesh; else type=terraform_data file=main.tf; fi
  {
    if [[ $shape == count ]]; then
      printf 'resource "%s" "r" {\n  count = %d\n  input = "value-${count.index}"\n}\n' "$type" "$n"
    else
      local links=$((n / 100))
      printf 'resource "%s" "s0" {\n  count = %d\n  input = "value-${count.index}"\n}\n' "$type" "$links"
      for ((s = 1; s < 100; s++)); do
        printf 'resource "%s" "s%d" {\n  count = %d\n  input = %s.s%d[count.index].output\n}\n' \
          "$type" "$s" "$links" "$type" $((s - 1))
      done
    fi
  } >"$dir/$file"
}

# measure KIND SHAPE N TOOL RUN STEP EXPECTED_CODES -- command...: one timed step into the CSV.
# Prints "ok" or "timeout"/"failed" for the caller.
measure() {
  local kind=$1 shape=$2 n=$3 tool=$4 run=$5 step=$6 codes=$7
  shift 8
  local tfile=$WORK/time.$$ code=0 status secs rss
  timeout -s KILL "$TIMEOUT" /usr/bin/time -f '%e %M' -o "$tfile" "$@" >"$WORK/step.log" 2>&1 || code=$?
  if ((code == 137)) || [[ ! -s $tfile ]]; then
    status=timeout secs=$TIMEOUT rss=
  else
    read -r secs rss < <(tail -1 "$tfile")
    # /usr/bin/time notes a non-zero exit on its first line.
    if [[ " $codes " == *" $code "* ]]; then status=ok; else status=failed; fi
  fi
  if [[ $status == failed ]]; then
    echo "  $tool $step exited $code:" >&2
    tail -5 "$WORK/step.log" >&2
  fi
  echo "$kind,$shape,$n,$tool,$run,$step,$secs,$rss,$status,$(load1)" >>"$CSV"
  printf '  %-9s %-6s %-5s %-16s %8s s %8s KB  %s (load %s)\n' "$tool" "$shape" "$n" "$step" \
    "$secs" "${rss:--}" "$status" "$(load1)" >&2
  echo "$status"
}

# one_run TOOL SHAPE N RUN: plan --out, apply of the plan, no-change plan in a fresh directory.
one_run() {
  local tool=$1 shape=$2 n=$3 run=$4 dir=$WORK/$1-$2-$3-$4 st
  gen "$tool" "$shape" "$n" "$dir"
  if [[ $tool == mesh ]]; then
    st=$(measure cmp "$shape" "$n" mesh "$run" plan 0 -- "$MESH" plan -C "$dir" --out "$dir/p.plan")
    [[ $st == ok ]] && st=$(measure cmp "$shape" "$n" mesh "$run" apply 0 -- "$MESH" apply -C "$dir" "$dir/p.plan")
    [[ $st == ok ]] && measure cmp "$shape" "$n" mesh "$run" noop_plan 0 -- \
      "$MESH" plan -C "$dir" --detailed-exitcode >/dev/null
  else
    (cd "$dir" && terraform init -input=false >/dev/null)
    st=$(cd "$dir" && measure cmp "$shape" "$n" terraform "$run" plan 0 -- \
      terraform plan -input=false -out=tfplan)
    [[ $st == ok ]] && st=$(cd "$dir" && measure cmp "$shape" "$n" terraform "$run" apply 0 -- \
      terraform apply -input=false tfplan)
    [[ $st == ok ]] && (cd "$dir" && measure cmp "$shape" "$n" terraform "$run" noop_plan 0 -- \
      terraform plan -input=false -detailed-exitcode >/dev/null)
  fi
  rm -rf "$dir"
}

echo "mesh vs terraform ($(nproc) cores, load $(load1), $MESH, $(terraform version | head -1))" >&2
for n in $SIZES; do
  for shape in count chains; do
    for ((run = 1; run <= RUNS; run++)); do
      if [[ " $TOOLS " == *" mesh "* ]]; then one_run mesh "$shape" "$n" "$run" || true; fi
      tf_runs=$RUNS
      ((n < 10000)) || tf_runs=$TF_RUNS_LARGE
      if [[ " $TOOLS " == *" terraform "* ]] && ((run <= tf_runs)); then
        one_run terraform "$shape" "$n" "$run" || true
      fi
    done
  done
done

# Scaling: mesh alone on chains, 1k .. SCALE_MAX.
echo "mesh scaling (chains)" >&2
for n in 1000 10000 100000 1000000; do
  ((n <= SCALE_MAX)) || break
  dir=$WORK/scale-$n
  gen mesh chains "$n" "$dir"
  st=$(measure scale chains "$n" mesh 1 compile 0 -- "$MESH" validate -C "$dir")
  [[ $st == ok ]] && st=$(measure scale chains "$n" mesh 1 plan 0 -- "$MESH" plan -C "$dir" --out "$dir/p.plan")
  [[ $st == ok ]] && st=$(measure scale chains "$n" mesh 1 apply 0 -- "$MESH" apply -C "$dir" "$dir/p.plan")
  [[ $st == ok ]] && measure scale chains "$n" mesh 1 noop_plan 0 -- \
    "$MESH" plan -C "$dir" --detailed-exitcode >/dev/null
  rm -rf "$dir"
done

mkdir -p "$RESULTS_DIR"
if [[ -n ${EXTRA_CSV:-} ]]; then tail -n +2 "$EXTRA_CSV" >>"$CSV"; fi
cp "$CSV" "$RESULTS_DIR/results.csv"
python3 "$here/compare_report.py" "$RESULTS_DIR/results.csv" "$TIMEOUT" \
  "$(nproc) cores, $(terraform version | head -1), $("$MESH" version 2>/dev/null | head -1)" \
  >"$RESULTS_DIR/results.md"
echo "wrote $RESULTS_DIR/results.md and $RESULTS_DIR/results.csv" >&2
