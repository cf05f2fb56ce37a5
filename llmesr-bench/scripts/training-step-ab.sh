#!/usr/bin/env bash
# Side-by-side training-step benchmark: Java (DJL 0.33 / PyTorch 2.5.1) vs Python PyTorch, interleaved A B A B ...
# so that both see the same machine load. Each round runs each program once (warm-up, then STEPS timed steps)
# and records its ms/step; the summary gives the median over rounds of each side and the ratio Java/PyTorch.
#
#   llmesr-bench/scripts/training-step-ab.sh ROUNDS [key=value ...]     e.g. 6 batch=128 len=200 d=64 items=12101
# Needs: apt-get install -y python3-torch libopenblas0-openmp ; a built llmesr-bench (mvn -pl llmesr-bench -am package)
# and the PyTorch twin, which is not part of this repository: set TORCH_SCRIPT to its path (what it computes:
# docs/benchmarks/training.md, "Training step against PyTorch").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ROUNDS="${1:-6}"; shift || true
T="${T:-2}"    # intra-op threads on both sides
KEYS=("warmup=${WARMUP:-3}" "steps=${STEPS:-10}" "runs=1" "threads=$T" "$@")
TORCH_SCRIPT="${TORCH_SCRIPT:-$ROOT/../shared/bench/torch_sasrec_step.py}"
[ -f "$TORCH_SCRIPT" ] || { echo "no PyTorch twin at $TORCH_SCRIPT (set TORCH_SCRIPT)" >&2; exit 2; }
echo "# $(date -Is) rounds=$ROUNDS keys=${KEYS[*]} nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
java_ms=(); torch_ms=()
for r in $(seq 1 "$ROUNDS"); do
  j=$(THREADS=$T "$ROOT/llmesr-bench/scripts/java-step.sh" "${KEYS[@]}" 2>/dev/null | sed -n 's/^RESULT.*median_ms=\([0-9.]*\).*/\1/p')
  t=$(OMP_NUM_THREADS=$T /usr/bin/python3 "$TORCH_SCRIPT" "${KEYS[@]}" 2>/dev/null | sed -n 's/^RESULT.*median_ms=\([0-9.]*\).*/\1/p')
  java_ms+=("$j"); torch_ms+=("$t")
  echo "round $r: java ${j} ms/step, pytorch ${t} ms/step, load $(cut -d' ' -f1 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
jm=$(median "${java_ms[@]}"); tm=$(median "${torch_ms[@]}")
echo "SUMMARY java_median_ms=$jm pytorch_median_ms=$tm ratio_java_over_pytorch=$(awk -v a="$jm" -v b="$tm" 'BEGIN{printf "%.3f", a/b}')"
