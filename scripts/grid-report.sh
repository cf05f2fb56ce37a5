#!/usr/bin/env bash
# Aggregates finished runs into mean ± std tables (Markdown + PNG), one per protocol.
#
#   scripts/grid-report.sh RUNS_DIR[:RUNS_DIR...] OUT LABEL=RUN_GLOB [LABEL=RUN_GLOB ...]
#
# Each LABEL gathers the runs whose names match RUN_GLOB (e.g. sasrec-plain='sasrec-plain-s*': one run per
# seed), looked up in every RUNS_DIR of the colon-separated list (e.g. work/beauty/runs, or a study's committed
# runs/ folders); runs without test-<protocol>.json are left out. Writes OUT{sampled100,full,pop100}.{md,png} when
# OUT ends with "/" (a study folder), else OUT-{sampled100,full,pop100}.{md,png} (a protocol without reports is
# skipped), and likewise full-lists.{md,png} (what the top-10 lists hold: AvgPop@10, TailShare@10, Coverage@10)
# when every full report has list metrics.
# Example: scripts/grid-report.sh work/beauty/runs studies/beauty-plain-vs-llmesr/ sasrec-plain='sasrec-plain-s*'
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:?usage: grid-report.sh RUNS_DIR[:RUNS_DIR...] OUT LABEL=RUN_GLOB ...}"; OUT="${2:?}"; shift 2
case "$OUT" in */) mkdir -p "$OUT"; name() { echo "$OUT$1"; } ;; *) name() { echo "$OUT-$1"; } ;; esac
IFS=: read -r -a DIRS <<< "$RUNS"
for p in sampled100 full pop100; do
  args=()
  for spec in "$@"; do
    label="${spec%%=*}"; glob="${spec#*=}"
    for d in "${DIRS[@]}"; do
      for f in "$d"/$glob/test-$p.json; do [ -f "$f" ] && args+=(--report "$label=$f"); done
    done
  done
  [ ${#args[@]} -gt 0 ] || continue
  "${LLMESR:-$ROOT/llmesr}" aggregate "${args[@]}" --metrics HR@10,NDCG@10 --markdown-file "$(name "$p.md")" --plot "$(name "$p.png")"
  if [ "$p" = full ]; then
    files=(); for a in "${args[@]}"; do [ "$a" = --report ] || files+=("${a#*=}"); done
    if ! grep -L '"lists"' "${files[@]}" | grep -q .; then
      "${LLMESR:-$ROOT/llmesr}" aggregate "${args[@]}" --metrics AvgPop@10,TailShare@10,Coverage@10 \
        --markdown-file "$(name full-lists.md)" --plot "$(name full-lists.png)"
    fi
  fi
done
