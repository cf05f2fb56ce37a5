#!/usr/bin/env bash
# Copies what a study keeps of each run into the repository: config.json, provenance.json, metrics.csv (per-epoch
# loss and validation) and test-*.json (the test reports), with this checkout's absolute path written as a path
# relative to the repository root. Checkpoints and logs stay in the runs directory.
#
#   scripts/keep-runs.sh RUNS_DIR GRID_FILE DEST_DIR
#
# Every run named in GRID_FILE (first word of each line; blank lines and # comments skipped) that has finished
# (RUNS_DIR/NAME/test-*.json exists) goes to DEST_DIR/NAME/; unfinished runs are reported and skipped.
# Example: scripts/keep-runs.sh work/beauty/runs studies/beauty-ablations/runs.grid studies/beauty-ablations/runs
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USAGE="usage: keep-runs.sh RUNS_DIR GRID_FILE DEST_DIR"
RUNS="${1:?$USAGE}"; GRID="${2:?$USAGE}"; DEST="${3:?$USAGE}"
mkdir -p "$DEST"
grep -v -E '^\s*(#|$)' "$GRID" | awk '{print $1}' | while read -r name; do
  src="$RUNS/$name"
  if ! ls "$src"/test-*.json > /dev/null 2>&1; then echo "not finished, skipped: $name" >&2; continue; fi
  mkdir -p "$DEST/$name"
  for f in "$src"/config.json "$src"/provenance.json "$src"/metrics.csv "$src"/test-*.json; do
    [ -f "$f" ] || continue
    sed "s#$ROOT/##g" "$f" > "$DEST/$name/$(basename "$f")"
  done
  echo "kept $name"
done
