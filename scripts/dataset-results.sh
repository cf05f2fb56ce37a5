#!/usr/bin/env bash
# Reproduces a dataset's main results: prepare -> describe -> embed (MiniLM) -> pca -> similar-users, then train +
# evaluate each (backbone, method, seed) and aggregate mean ± std over seeds into docs/results/.
#
#   scripts/dataset-results.sh DATASET [SHARED_DIR] [WORK_DIR]
#
# DATASET (the sources are in SHARED_DIR/data, default ../shared relative to the repository root):
#   beauty           Amazon Beauty 2014 5-core, iterative 5-core, leave-one-out, the paper's Beauty prompts
#   office           Amazon Office 2014 5-core, iterative 5-core, leave-one-out, generic prompts (one `text` field)
#   office-temporal  the same with a global time split (validation and test cut-offs at the 0.8 / 0.9 time quantiles)
# Environment knobs (defaults in brackets):
#   BACKBONES ["sasrec gru4rec bert4rec"]  METHODS ["plain llmesr"]  SEEDS ["42 43 44"]
#   PRESET [fast]  EPOCHS [100, with early stopping, patience 5]  JOBS [2 parallel runs]  EXTRA [extra train flags]
#   LLMESR_THREADS [1 when JOBS > 1]  LLMESR [the launcher, default ./llmesr]
# The runs go through scripts/run-grid.sh (finished runs skipped, interrupted ones resumed) and the tables
# through scripts/grid-report.sh (OUT: docs/results/DATASET-TAG-*.{md,png}).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME="${1:?usage: dataset-results.sh beauty|office|office-temporal [SHARED_DIR] [WORK_DIR]}"
cd "$ROOT"   # relative paths (arguments and defaults) are relative to the repository root
SHARED="${2:-../shared}"
WORK="${3:-work/$NAME}"
BACKBONES="${BACKBONES:-sasrec gru4rec bert4rec}"
METHODS="${METHODS:-plain llmesr}"
SEEDS="${SEEDS:-42 43 44}"
PRESET="${PRESET:-fast}"
EPOCHS="${EPOCHS:-100}"
JOBS="${JOBS:-2}"
EXTRA="${EXTRA:-}"
TAG="${TAG:-$PRESET}"
export LLMESR="${LLMESR:-$ROOT/llmesr}"
L="$LLMESR"
DS="$WORK/dataset"
case "$NAME" in
  beauty) PREPARE=(--input "$SHARED/data/amazon-beauty/atomic" --format atomic --recipe kcore --kcore 5 --domain beauty) ;;
  office) PREPARE=(--input "$SHARED/data/amazon-office/atomic" --format atomic --recipe kcore --kcore 5) ;;
  office-temporal) PREPARE=(--input "$SHARED/data/amazon-office/atomic" --format atomic --recipe kcore --kcore 5 --split-protocol temporal) ;;
  *) echo "unknown dataset '$NAME' (beauty, office, office-temporal)" >&2; exit 2 ;;
esac
mkdir -p "$WORK/runs"
log() { echo "[$(date +%H:%M:%S)] $*"; }

log "prepare + describe + embed + pca + similar-users into $DS"
"$L" prepare "${PREPARE[@]}" --out "$DS"
"$L" describe "$DS" --json > "$WORK/describe.json"
"$L" embed "$DS"
"$L" pca "$DS" --dim 64
"$L" similar-users "$DS" --top 100

# one grid line per (backbone, method, seed), run by scripts/run-grid.sh (resumable, JOBS at a time)
GRID="$WORK/grid-$TAG.grid"
for s in $SEEDS; do for b in $BACKBONES; do for m in $METHODS; do
  teacher=""; [ "$m" = llmesr ] && teacher="--teacher cached"
  echo "$TAG-$b-$m-s$s --backbone $b --method $m --preset $PRESET --seed $s --epochs $EPOCHS --set train.patience=5 $teacher $EXTRA"
done; done; done | sed 's/ *$//' > "$GRID"   # no trailing blanks: xargs -L would join the lines
JOBS="$JOBS" "$ROOT/scripts/run-grid.sh" "$GRID" "$DS" "$WORK/runs"

mkdir -p "$ROOT/docs/results"
specs=()
for b in $BACKBONES; do for m in $METHODS; do specs+=("$b-$m=$TAG-$b-$m-s*"); done; done
"$ROOT/scripts/grid-report.sh" "$WORK/runs" "$ROOT/docs/results/$NAME-$TAG" "${specs[@]}"
log "results in docs/results/$NAME-$TAG-*.md"
