#!/usr/bin/env bash
# Aggregates the finished runs of scripts/run-grid.sh into mean ± std tables (Markdown + PNG), one per protocol.
#
#   scripts/grid-report.sh RUNS_DIR OUT_PREFIX LABEL=RUN_GLOB [LABEL=RUN_GLOB ...]
#
# Each LABEL gathers the runs whose names match RUN_GLOB (e.g. sasrec-plain='sasrec-plain-s*': one run per
# seed); runs without test-<protocol>.json are left out. Writes OUT_PREFIX-{sampled100,full,pop100}.{md,png}
# (a protocol without reports is skipped), and OUT_PREFIX-full-lists.{md,png} (what the top-10 lists hold: AvgPop@10,
# TailShare@10, Coverage@10) when every full report has list metrics.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:?usage: grid-report.sh RUNS_DIR OUT_PREFIX LABEL=RUN_GLOB ...}"; OUT="${2:?}"; shift 2
for p in sampled100 full pop100; do
  args=()
  for spec in "$@"; do
    label="${spec%%=*}"; glob="${spec#*=}"
    for f in "$RUNS"/$glob/test-$p.json; do [ -f "$f" ] && args+=(--report "$label=$f"); done
  done
  [ ${#args[@]} -gt 0 ] || continue
  "${LLMESR:-$ROOT/llmesr}" aggregate "${args[@]}" --metrics HR@10,NDCG@10 --markdown-file "$OUT-$p.md" --plot "$OUT-$p.png"
  if [ "$p" = full ]; then
    files=(); for a in "${args[@]}"; do [ "$a" = --report ] || files+=("${a#*=}"); done
    if ! grep -L '"lists"' "${files[@]}" | grep -q .; then
      "${LLMESR:-$ROOT/llmesr}" aggregate "${args[@]}" --metrics AvgPop@10,TailShare@10,Coverage@10 \
        --markdown-file "$OUT-full-lists.md" --plot "$OUT-full-lists.png"
    fi
  fi
done
