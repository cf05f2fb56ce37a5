#!/usr/bin/env bash
# Reproduces docs/results/ on Amazon Beauty (2014, 5-core): prepare -> embed (MiniLM) -> pca -> similar-users,
# then train + evaluate each (backbone, method, seed) and aggregate mean ± std over seeds.
#
#   scripts/beauty-results.sh [SHARED_DIR] [WORK_DIR]
#
# Environment knobs (defaults in brackets):
#   BACKBONES ["sasrec gru4rec bert4rec"]  METHODS ["plain llmesr"]  SEEDS ["42 43 44"]
#   PRESET [fast]  EPOCHS [unset = train to early stop]  JOBS [2 parallel runs]  EXTRA [extra train flags]
#   LLMESR_THREADS [1 when JOBS > 1]
# The runs go through scripts/run-grid.sh (finished runs skipped, interrupted ones resumed) and the tables
# through scripts/grid-report.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${1:-$ROOT/../shared}"
WORK="${2:-$ROOT/work/beauty}"
BACKBONES="${BACKBONES:-sasrec gru4rec bert4rec}"
METHODS="${METHODS:-plain llmesr}"
SEEDS="${SEEDS:-42 43 44}"
PRESET="${PRESET:-fast}"
JOBS="${JOBS:-2}"
EXTRA="${EXTRA:-}"
TAG="${TAG:-$PRESET}"
L="$ROOT/llmesr"
DS="$WORK/dataset"
mkdir -p "$WORK/runs"
log() { echo "[$(date +%H:%M:%S)] $*"; }

log "prepare + embed + pca + similar-users into $DS"
"$L" prepare --input "$SHARED/data/amazon-beauty/atomic" --format atomic --recipe kcore --k 5 --domain beauty --out "$DS"
"$L" embed "$DS"
"$L" pca "$DS" --dim 64
"$L" similar-users "$DS" --top 100

# one grid line per (backbone, method, seed), run by scripts/run-grid.sh (resumable, JOBS at a time)
GRID="$WORK/grid-$TAG.grid"
for b in $BACKBONES; do for m in $METHODS; do for s in $SEEDS; do
  echo "$TAG-$b-$m-s$s --backbone $b --method $m --preset $PRESET --seed $s ${EPOCHS:+--epochs $EPOCHS} $EXTRA"
done; done; done > "$GRID"
JOBS="$JOBS" "$ROOT/scripts/run-grid.sh" "$GRID" "$DS" "$WORK/runs"

mkdir -p "$ROOT/docs/results"
specs=()
for b in $BACKBONES; do for m in $METHODS; do specs+=("$b-$m=$TAG-$b-$m-s*"); done; done
"$ROOT/scripts/grid-report.sh" "$WORK/runs" "$ROOT/docs/results/beauty-$TAG" "${specs[@]}"
log "results in docs/results/beauty-$TAG-*.md"
