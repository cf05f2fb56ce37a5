#!/usr/bin/env bash
# Reproduces a dataset's main study: prepare -> describe -> embed (MiniLM) -> pca -> similar-users, then train +
# evaluate each (backbone, method, seed), and aggregate mean ± std over seeds into the study's folder.
#
#   scripts/dataset-results.sh DATASET [SHARED_DIR] [WORK_DIR]
#
# DATASET (the sources are in SHARED_DIR/data, default ../shared relative to the repository root) and its study:
#   beauty           Amazon Beauty 2014 5-core, iterative 5-core, leave-one-out, the paper's Beauty prompts
#                    -> studies/beauty-plain-vs-llmesr/
#   office           Amazon Office 2014 5-core, iterative 5-core, leave-one-out, generic prompts (one `text` field)
#                    -> studies/office-plain-vs-llmesr/
#   office-temporal  the same with a global time split (validation and test cut-offs at the 0.8 / 0.9 time quantiles)
#                    -> studies/office-temporal/
# The study folder receives runs.grid (one `llmesr train` run per line), the tables
# {sampled100,full,pop100,full-lists}.{md,png} and runs/NAME/ (config, provenance, per-epoch metrics and test
# reports of each run, via scripts/keep-runs.sh); WORK_DIR (default work/DATASET) holds the dataset, the
# embeddings and the whole run directories (checkpoints, logs). Runs are named BACKBONE-METHOD-sSEED.
# With TAG (or PRESET) other than fast, the files are TAG-runs.grid, TAG-{sampled100,...}.{md,png} and
# runs/TAG-BACKBONE-METHOD-sSEED, beside the default ones.
# Environment knobs (defaults in brackets):
#   BACKBONES ["sasrec gru4rec bert4rec"]  METHODS ["plain llmesr"]  SEEDS ["42 43 44"]
#   PRESET [fast]  EPOCHS [100, with early stopping, patience 5]  JOBS [2 parallel runs]  EXTRA [extra train flags]
#   TAG [PRESET]  OUT_DIR [the study folder]  LLMESR_THREADS [1 when JOBS > 1]  LLMESR [the launcher, ./llmesr]
# The runs go through scripts/run-grid.sh (finished runs skipped, interrupted ones resumed) and the tables
# through scripts/grid-report.sh.
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
case "$NAME" in
  beauty) STUDY=beauty-plain-vs-llmesr ;;
  office) STUDY=office-plain-vs-llmesr ;;
  *) STUDY="$NAME" ;;
esac
OUT_DIR="${OUT_DIR:-studies/$STUDY}"
if [ "$TAG" = fast ]; then RUN_PREFIX=""; OUT="$OUT_DIR/"; GRID="$OUT_DIR/runs.grid"
else RUN_PREFIX="$TAG-"; OUT="$OUT_DIR/$TAG"; GRID="$OUT_DIR/$TAG-runs.grid"; fi
export LLMESR="${LLMESR:-$ROOT/llmesr}"
L="$LLMESR"
DS="$WORK/dataset"
case "$NAME" in
  beauty) PREPARE=(--input "$SHARED/data/amazon-beauty/atomic" --format atomic --recipe kcore --kcore 5 --domain beauty) ;;
  office) PREPARE=(--input "$SHARED/data/amazon-office/atomic" --format atomic --recipe kcore --kcore 5) ;;
  office-temporal) PREPARE=(--input "$SHARED/data/amazon-office/atomic" --format atomic --recipe kcore --kcore 5 --split-protocol temporal) ;;
  *) echo "unknown dataset '$NAME' (beauty, office, office-temporal)" >&2; exit 2 ;;
esac
mkdir -p "$WORK/runs" "$OUT_DIR"
log() { echo "[$(date +%H:%M:%S)] $*"; }

log "prepare + describe + embed + pca + similar-users into $DS"
"$L" prepare "${PREPARE[@]}" --out "$DS"
"$L" describe "$DS" --json > "$WORK/describe.json"
"$L" embed "$DS"
"$L" pca "$DS" --dim 64
"$L" similar-users "$DS" --top 100

# one grid line per (backbone, method, seed), run by scripts/run-grid.sh (resumable, JOBS at a time)
{
  echo "# scripts/dataset-results.sh $NAME: one \`llmesr train $DS\` run per line (scripts/run-grid.sh)"
  for s in $SEEDS; do for b in $BACKBONES; do for m in $METHODS; do
    teacher=""; [ "$m" = llmesr ] && teacher="--teacher cached"
    echo "$RUN_PREFIX$b-$m-s$s --backbone $b --method $m --preset $PRESET --seed $s --epochs $EPOCHS --set train.patience=5 $teacher $EXTRA"
  done; done; done | sed 's/ *$//'   # no trailing blanks: xargs -L would join the lines
} > "$GRID"
JOBS="$JOBS" "$ROOT/scripts/run-grid.sh" "$GRID" "$DS" "$WORK/runs"
"$ROOT/scripts/keep-runs.sh" "$WORK/runs" "$GRID" "$OUT_DIR/runs"

specs=()
for b in $BACKBONES; do for m in $METHODS; do specs+=("$b-$m=$RUN_PREFIX$b-$m-s*"); done; done
"$ROOT/scripts/grid-report.sh" "$WORK/runs" "$OUT" "${specs[@]}"
log "results in $OUT_DIR/"
