#!/usr/bin/env bash
# Tables and plots of the LLM-ESR-SASRec ablations and sensitivity sweeps on Beauty
# (studies/beauty-ablations/): the ablation table (paper Table 4) and the alpha / N curves (paper Figure 4),
# for every protocol with reports.
#
#   scripts/ablation-report.sh RUNS_DIR[:RUNS_DIR...] OUT
#
# Runs are looked up in every RUNS_DIR of the colon-separated list. The full model (alpha 0.1, N 10) is
# sasrec-llmesr-s42 and plain SASRec is sasrec-plain-s42, both of studies/beauty-plain-vs-llmesr/runs.grid;
# runs that have not finished are left out (a sweep needs at least two points).
# OUT is a folder when it ends with "/" (files OUT<name>), else a prefix (files OUT-<name>). Names:
# ablations-<protocol>.{md,png}, ablations-full-lists.{md,png} (what the top-10 lists hold),
# ablations-seeds-<protocol>.md and ablations-seeds-full-lists.md (mean ± std over seeds of the ablations that have
# more than one seed, beside the full model and plain SASRec; seeds 43/44 of ablation abl-X are runs abl-X-s43,
# abl-X-s44), alpha-<protocol>.{md,png}, alpha-full-lists.{md,png} (the top-10 lists against alpha) and
# simusers-<protocol>.{md,png}.
# Example: scripts/ablation-report.sh work/beauty/runs studies/beauty-ablations/
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:?usage: ablation-report.sh RUNS_DIR[:RUNS_DIR...] OUT}"; OUT="${2:?}"
case "$OUT" in */) mkdir -p "$OUT"; name() { echo "$OUT$1"; } ;; *) name() { echo "$OUT-$1"; } ;; esac
IFS=: read -r -a DIRS <<< "$RUNS"
L="${LLMESR:-$ROOT/llmesr}"
FULL=sasrec-llmesr-s42

find_report() {  # RUN PROTOCOL -> path of the run's test report in the first RUNS_DIR that has it
  local d
  for d in "${DIRS[@]}"; do [ -f "$d/$1/test-$2.json" ] && { echo "$d/$1/test-$2.json"; return 0; }; done
  return 1
}
reports() {  # PROTOCOL LABEL=RUN...  -> --report args for the runs that have the report
  local p="$1" f; shift
  for spec in "$@"; do
    f="$(find_report "${spec#*=}" "$p")" && printf '%s\n' --report "${spec%%=*}=$f"
  done
  return 0
}

for p in sampled100 full pop100; do
  mapfile -t a < <(reports "$p" LLM-ESR=$FULL "w/o Co-view=abl-no-co-view" "w/o Se-view=abl-no-se-view" \
    "w/o SD=abl-no-sd" "w/o Share=abl-no-share" "w/o CA=abl-no-ca" "one-layer adapter=abl-one-layer-adapter" \
    "random id init=abl-random-id-init" "plain SASRec=sasrec-plain-s42")
  if [ ${#a[@]} -gt 2 ]; then
    "$L" aggregate "${a[@]}" --metrics HR@10,NDCG@10 --markdown-file "$(name "ablations-$p.md")" --plot "$(name "ablations-$p.png")"
    if [ "$p" = full ]; then
      "$L" aggregate "${a[@]}" --metrics AvgPop@10,TailShare@10,Coverage@10 \
        --markdown-file "$(name ablations-full-lists.md)" --plot "$(name ablations-full-lists.png)"
    fi
  fi
  mapfile -t a < <(reports "$p" LLM-ESR=$FULL LLM-ESR=sasrec-llmesr-s43 LLM-ESR=sasrec-llmesr-s44 \
    "w/o Se-view=abl-no-se-view" "w/o Se-view=abl-no-se-view-s43" "w/o Se-view=abl-no-se-view-s44" \
    "w/o CA=abl-no-ca" "w/o CA=abl-no-ca-s43" "w/o CA=abl-no-ca-s44" \
    "plain SASRec=sasrec-plain-s42" "plain SASRec=sasrec-plain-s43" "plain SASRec=sasrec-plain-s44")
  if find_report abl-no-se-view-s43 "$p" > /dev/null || find_report abl-no-ca-s43 "$p" > /dev/null; then
    "$L" aggregate "${a[@]}" --metrics HR@10,NDCG@10 --markdown-file "$(name "ablations-seeds-$p.md")"
    if [ "$p" = full ]; then
      "$L" aggregate "${a[@]}" --metrics AvgPop@10,TailShare@10,Coverage@10 --markdown-file "$(name ablations-seeds-full-lists.md)"
    fi
  fi
  mapfile -t a < <(reports "$p" 0.01=alpha-0.01 0.05=alpha-0.05 0.1=$FULL 0.5=alpha-0.5 1=alpha-1)
  if [ ${#a[@]} -gt 2 ]; then
    "$L" aggregate "${a[@]}" --metrics NDCG@10,HR@10 --markdown-file "$(name "alpha-$p.md")" \
      --sweep-plot "$(name "alpha-$p.png")" --sweep-param "alpha (self-distillation weight)" --sweep-log
    if [ "$p" = full ]; then
      "$L" aggregate "${a[@]}" --metrics AvgPop@10,Coverage@10,TailShare@10 --markdown-file "$(name alpha-full-lists.md)" \
        --sweep-plot "$(name alpha-full-lists.png)" --sweep-param "alpha (self-distillation weight)" --sweep-log \
        --sweep-groups overall,tail_user,head_user
    fi
  fi
  mapfile -t a < <(reports "$p" 2=simusers-2 5=simusers-5 10=$FULL 20=simusers-20)
  if [ ${#a[@]} -gt 2 ]; then
    "$L" aggregate "${a[@]}" --metrics NDCG@10,HR@10 --markdown-file "$(name "simusers-$p.md")" \
      --sweep-plot "$(name "simusers-$p.png")" --sweep-param "N (retrieved similar users)" --sweep-log
  fi
done
