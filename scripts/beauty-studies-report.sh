#!/usr/bin/env bash
# Tables and plots of the LLM-ESR-SASRec studies on Beauty (docs/results/grids/beauty-studies.grid): the ablation
# table (paper Table 4) and the alpha / N sensitivity curves (paper Figure 4), for every protocol with reports.
#
#   scripts/beauty-studies-report.sh RUNS_DIR OUT_PREFIX
#
# The full model (alpha 0.1, N 10) is sasrec-llmesr-s42 of beauty-main.grid and plain SASRec is sasrec-plain-s42;
# runs that have not finished are left out (a sweep needs at least two points).
# Writes OUT_PREFIX-ablations-<protocol>.{md,png}, OUT_PREFIX-ablations-full-lists.{md,png} (what the top-10 lists hold),
# OUT_PREFIX-ablations-seeds-<protocol>.md (mean ± std over seeds 42-44 of the ablations that have more than one seed,
# beside the full model and plain SASRec; seeds 43/44 of ablation abl-X are runs abl-X-s43, abl-X-s44),
# OUT_PREFIX-alpha-<protocol>.{md,png}, OUT_PREFIX-alpha-full-lists.{md,png} (the top-10 lists against alpha) and
# OUT_PREFIX-simusers-<protocol>.{md,png}.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:?usage: beauty-studies-report.sh RUNS_DIR OUT_PREFIX}"; OUT="${2:?}"
L="$ROOT/llmesr"
FULL=sasrec-llmesr-s42

reports() {  # PROTOCOL LABEL=RUN...  -> --report args for the runs that have the report
  local p="$1"; shift
  for spec in "$@"; do
    local f="$RUNS/${spec#*=}/test-$p.json"
    [ -f "$f" ] && printf '%s\n' --report "${spec%%=*}=$f"
  done
  return 0
}

for p in sampled100 full pop100; do
  mapfile -t a < <(reports "$p" LLM-ESR=$FULL "w/o Co-view=abl-no-co-view" "w/o Se-view=abl-no-se-view" \
    "w/o SD=abl-no-sd" "w/o Share=abl-no-share" "w/o CA=abl-no-ca" "one-layer adapter=abl-one-layer-adapter" \
    "random id init=abl-random-id-init" "plain SASRec=sasrec-plain-s42")
  if [ ${#a[@]} -gt 2 ]; then
    "$L" aggregate "${a[@]}" --metrics HR@10,NDCG@10 --markdown-file "$OUT-ablations-$p.md" --plot "$OUT-ablations-$p.png"
    if [ "$p" = full ]; then
      "$L" aggregate "${a[@]}" --metrics AvgPop@10,TailShare@10,Coverage@10 \
        --markdown-file "$OUT-ablations-full-lists.md" --plot "$OUT-ablations-full-lists.png"
    fi
  fi
  mapfile -t a < <(reports "$p" LLM-ESR=$FULL LLM-ESR=sasrec-llmesr-s43 LLM-ESR=sasrec-llmesr-s44 \
    "w/o Se-view=abl-no-se-view" "w/o Se-view=abl-no-se-view-s43" "w/o Se-view=abl-no-se-view-s44" \
    "w/o CA=abl-no-ca" "w/o CA=abl-no-ca-s43" "w/o CA=abl-no-ca-s44" \
    "plain SASRec=sasrec-plain-s42" "plain SASRec=sasrec-plain-s43" "plain SASRec=sasrec-plain-s44")
  if [ -f "$RUNS/abl-no-se-view-s43/test-$p.json" ] || [ -f "$RUNS/abl-no-ca-s43/test-$p.json" ]; then
    "$L" aggregate "${a[@]}" --metrics HR@10,NDCG@10 --markdown-file "$OUT-ablations-seeds-$p.md"
    if [ "$p" = full ]; then
      "$L" aggregate "${a[@]}" --metrics AvgPop@10,TailShare@10,Coverage@10 --markdown-file "$OUT-ablations-seeds-full-lists.md"
    fi
  fi
  mapfile -t a < <(reports "$p" 0.01=alpha-0.01 0.05=alpha-0.05 0.1=$FULL 0.5=alpha-0.5 1=alpha-1)
  if [ ${#a[@]} -gt 2 ]; then
    "$L" aggregate "${a[@]}" --metrics NDCG@10,HR@10 --markdown-file "$OUT-alpha-$p.md" \
      --sweep-plot "$OUT-alpha-$p.png" --sweep-param "alpha (self-distillation weight)" --sweep-log
    if [ "$p" = full ]; then
      "$L" aggregate "${a[@]}" --metrics AvgPop@10,Coverage@10,TailShare@10 --markdown-file "$OUT-alpha-full-lists.md" \
        --sweep-plot "$OUT-alpha-full-lists.png" --sweep-param "alpha (self-distillation weight)" --sweep-log \
        --sweep-groups overall,tail_user,head_user
    fi
  fi
  mapfile -t a < <(reports "$p" 2=simusers-2 5=simusers-5 10=$FULL 20=simusers-20)
  if [ ${#a[@]} -gt 2 ]; then
    "$L" aggregate "${a[@]}" --metrics NDCG@10,HR@10 --markdown-file "$OUT-simusers-$p.md" \
      --sweep-plot "$OUT-simusers-$p.png" --sweep-param "N (retrieved similar users)" --sweep-log
  fi
done
