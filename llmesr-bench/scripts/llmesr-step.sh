#!/usr/bin/env bash
# LLM-ESR step benchmark with a bounded heap, passive OpenMP waiting and offline DJL.
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"   # repository root
export DJL_OFFLINE=true DJL_CACHE_DIR="$ROOT/.cache/djl" OMP_WAIT_POLICY=PASSIVE
exec java -Xmx${HEAP:-1g} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${THREADS:-2}" -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$ROOT/llmesr-bench/target/llmesr-bench.jar:$ROOT/llmesr-bench/target/lib/*" io.llmesr.bench.LlmEsrStepBench "$@"
