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
# Each finished run leaves RUN/test-sampled100.json and RUN/test-full.json; finished runs are skipped on re-run.
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
[ "$JOBS" -gt 1 ] && export LLMESR_THREADS="${LLMESR_THREADS:-1}"
L="$ROOT/llmesr"
DS="$WORK/dataset"
mkdir -p "$WORK/runs" "$WORK/logs"
log() { echo "[$(date +%H:%M:%S)] $*"; }

log "prepare + embed + pca + similar-users into $DS"
"$L" prepare --input "$SHARED/data/amazon-beauty/atomic" --format atomic --recipe kcore --k 5 --domain beauty --out "$DS"
"$L" embed "$DS"
"$L" pca "$DS" --dim 64
"$L" similar-users "$DS" --top 100

one_run() {  # backbone method seed
  local b="$1" m="$2" s="$3" run="$WORK/runs/$TAG-$1-$2-s$3"
  if [ -f "$run/test-full.json" ]; then log "skip $run (done)"; return 0; fi
  log "train $b $m seed $s -> $run"
  "$L" train "$DS" --backbone "$b" --method "$m" --preset "$PRESET" --seed "$s" --out "$run" \
      ${EPOCHS:+--epochs "$EPOCHS"} $EXTRA > "$WORK/logs/$TAG-$b-$m-s$s.log" 2>&1
  "$L" evaluate "$run" --protocol sampled100 --json > "$run/test-sampled100.json.tmp" && mv "$run/test-sampled100.json.tmp" "$run/test-sampled100.json"
  "$L" evaluate "$run" --protocol full --json > "$run/test-full.json.tmp" && mv "$run/test-full.json.tmp" "$run/test-full.json"
  log "done $b $m seed $s"
}
export -f one_run log; export WORK DS PRESET EPOCHS EXTRA TAG L

for b in $BACKBONES; do for m in $METHODS; do for s in $SEEDS; do echo "$b $m $s"; done; done; done \
  | xargs -P "$JOBS" -L 1 bash -c 'one_run "$0" "$1" "$2"'

mkdir -p "$ROOT/docs/results"
for p in sampled100 full; do
  args=()
  for b in $BACKBONES; do for m in $METHODS; do for s in $SEEDS; do
    f="$WORK/runs/$TAG-$b-$m-s$s/test-$p.json"; [ -f "$f" ] && args+=(--report "$b-$m=$f")
  done; done; done
  [ ${#args[@]} -gt 0 ] && "$L" aggregate "${args[@]}" --out "$ROOT/docs/results/beauty-$TAG-$p.md" \
      --plot "$ROOT/docs/results/beauty-$TAG-$p.png"
done
log "results in docs/results/beauty-$TAG-*.md"
