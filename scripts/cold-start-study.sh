#!/usr/bin/env bash
# Cold-start quality of items added by text (studies/office-cold-start/; protocol in docs/serving.md), on Amazon Office:
# prepare with the newest 5 % of items held out -> embed -> pca -> similar-users -> train SASRec plain and LLM-ESR
# (seed 42, fast preset, early stopping) -> export -> add the held-out items to each bundle by their text and rank them
# for the users whose last item they were; beside popularity and the same models trained on the full data ("warm").
#
#   scripts/cold-start-study.sh [SHARED_DIR] [WORK_DIR] [WARM_RUNS_DIR]
#
# SHARED_DIR [../shared] holds data/amazon-office/atomic; WORK_DIR [work/office-cold] receives the dataset, runs and
# bundles; WARM_RUNS_DIR [work/office/runs] holds sasrec-{plain,llmesr}-s42 of scripts/dataset-results.sh office.
# Writes the table to OUT [studies/office-cold-start/cold-start.md].
# Environment: OUT, LLMESR [the launcher], LLMESR_THREADS, SEED [42].
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"   # relative paths (arguments and defaults) are relative to the repository root
SHARED="${1:-../shared}"
WORK="${2:-work/office-cold}"
WARM="${3:-work/office/runs}"
SEED="${SEED:-42}"
OUT="${OUT:-studies/office-cold-start/cold-start.md}"
L="${LLMESR:-$ROOT/llmesr}"
DS="$WORK/dataset"
log() { echo "[$(date +%H:%M:%S)] $*"; }
mkdir -p "$WORK/runs" "$WORK/bundles" "$(dirname "$OUT")"

log "prepare with the newest 5 % of items held out"
"$L" prepare --input "$SHARED/data/amazon-office/atomic" --format atomic --recipe kcore --kcore 5 \
  --hold-out-new-items 0.05 --out "$DS"
"$L" embed "$DS"
"$L" pca "$DS" --dim 64
"$L" similar-users "$DS" --top 100
for m in plain llmesr; do
  teacher=""; [ "$m" = llmesr ] && teacher="--teacher cached"
  run="$WORK/runs/sasrec-$m-s$SEED"
  log "train $run"
  "$L" train "$DS" --backbone sasrec --method "$m" --preset fast --seed "$SEED" --epochs 100 --set train.patience=5 \
    $teacher --no-test --out "$run" > "$WORK/runs/sasrec-$m-s$SEED.log" 2>&1
  "$L" export "$run" --out "$WORK/bundles/sasrec-$m"
  "$L" export "$WARM/sasrec-$m-s$SEED" --out "$WORK/bundles/warm-sasrec-$m"
done
log "evaluate"
"$L" evaluate-cold-start "$WORK/bundles/sasrec-llmesr" "$WORK/bundles/sasrec-plain" --dataset "$DS" \
  --rules pca,regression --warm "$WORK/bundles/warm-sasrec-llmesr" --warm "$WORK/bundles/warm-sasrec-plain" \
  --markdown-file "$OUT"
log "done: $OUT"
