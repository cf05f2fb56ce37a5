#!/usr/bin/env bash
# Runs the Java training-step benchmark with the same keys as shared/bench/torch_sasrec_step.py.
ROOT="$(cd "$(dirname "$0")" && pwd)"
export DJL_OFFLINE=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$ROOT/.cache/djl}"
exec java -Xmx2g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${THREADS:-2}" -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$ROOT/llmesr-bench/target/llmesr-bench.jar:$ROOT/llmesr-bench/target/lib/*" ${MAIN:-io.llmesr.bench.TrainingStepBench} "$@"
