#!/usr/bin/env bash
# Runs a list of training runs, JOBS at a time, each followed by `evaluate` under both protocols.
#
#   scripts/run-grid.sh GRID_FILE DATASET_DIR RUNS_DIR
#
# GRID_FILE has one run per line: NAME followed by the arguments of `llmesr train DATASET_DIR` (without --out);
# blank lines and lines starting with # are skipped. Lines are started in file order, so put first what
# matters most. A run whose RUNS_DIR/NAME/test-full.json exists is skipped, so the script can be
# re-run after an interruption (an unfinished run continues with --resume from its last checkpoint), and
# a finished run can be trained further by raising its --epochs and deleting its test-*.json.
# Each run leaves RUNS_DIR/NAME/test-{sampled100,full,pop100}.json and RUNS_DIR/logs/NAME.log
# (training log + `time -v`: wall time and peak RSS). Several runners may share one RUNS_DIR (e.g. one per core,
# each with JOBS=1): a run holds RUNS_DIR/logs/NAME.lock while it trains, and a runner that finds it held skips
# the run instead of training the same directory twice.
#
# Environment: JOBS [2]; LLMESR_THREADS [1 when JOBS > 1, else all cores]; LLMESR_JAVA_OPTS [-Xmx3g].
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USAGE="usage: run-grid.sh GRID_FILE DATASET_DIR RUNS_DIR"
GRID="${1:?$USAGE}"
DATASET="${2:?$USAGE}"
RUNS="${3:?$USAGE}"
JOBS="${JOBS:-2}"
[ "$JOBS" -gt 1 ] && export LLMESR_THREADS="${LLMESR_THREADS:-1}"
export LLMESR_JAVA_OPTS="${LLMESR_JAVA_OPTS:--Xmx3g}"
export L="${LLMESR:-$ROOT/llmesr}" RUNS DATASET
mkdir -p "$RUNS/logs"
"$L" --version > /dev/null   # build once before the parallel runs start

one_run() {  # NAME TRAIN-ARGS...
  local name="$1"; shift
  local run="$RUNS/$name" log="$RUNS/logs/$name.log"
  exec {lock}> "$RUNS/logs/$name.lock"
  if ! flock -n "$lock"; then echo "[$(date +%H:%M:%S)] skip $name (another runner has it)"; return 0; fi
  if [ -f "$run/test-full.json" ]; then echo "[$(date +%H:%M:%S)] skip $name (done)"; return 0; fi
  echo "[$(date +%H:%M:%S)] start $name: $*"
  local args=("$DATASET" "$@")
  if [ -f "$run/checkpoints/last/state.json" ]; then
    # resume: the configuration comes from the run directory; only --epochs may be raised
    args=(--resume)
    local prev=""
    for a in "$@"; do [ "$prev" = "--epochs" ] && args+=(--epochs "$a"); prev="$a"; done
    echo "[$(date +%H:%M:%S)] resuming $name from its last checkpoint"
  fi
  if ! /usr/bin/time -v "$L" train "${args[@]}" --out "$run" --no-test >> "$log" 2>&1; then
    echo "[$(date +%H:%M:%S)] FAILED $name (see $log)"; return 0
  fi
  for p in sampled100 full pop100; do
    "$L" evaluate "$run" --protocol "$p" --json > "$run/test-$p.json.tmp" 2>> "$log" \
      && mv "$run/test-$p.json.tmp" "$run/test-$p.json"
  done
  echo "[$(date +%H:%M:%S)] done $name ($(grep 'Elapsed' "$log" | tail -1 | sed 's/.*: //') wall, $(grep 'Maximum resident' "$log" | tail -1 | sed 's/.*: //') KB peak, last training invocation)"
}
export -f one_run

grep -v -E '^\s*(#|$)' "$GRID" | xargs -P "$JOBS" -L 1 bash -c 'one_run "$@"' _
