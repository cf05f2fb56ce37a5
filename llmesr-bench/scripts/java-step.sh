#!/usr/bin/env bash
# Java training-step benchmark (io.llmesr.bench.TrainingStepBench), same keys as its PyTorch twin
# (docs/benchmarks/training.md, "Training step against PyTorch").
#   llmesr-bench/scripts/java-step.sh [key=value ...]      (THREADS=2 by default; MAIN=... for other mains)
# Build first: mvn -B -q -pl llmesr-bench -am package -DskipTests
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export DJL_OFFLINE=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$ROOT/.cache/djl}"
exec java -Xmx2g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${THREADS:-2}" -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$ROOT/llmesr-bench/target/llmesr-bench.jar:$ROOT/llmesr-bench/target/lib/*" \
  "${MAIN:-io.llmesr.bench.TrainingStepBench}" "$@"
