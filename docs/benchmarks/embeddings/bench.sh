#!/usr/bin/env bash
# The embedding-stage measurements of docs/benchmarks/embeddings.md ("Under load: encoder settings, PCA, similar
# users"): three re-runs of `embed` with unchanged texts, `pca`, `similar-users` (3 runs + the final table), the
# encoder settings side by side, and the similar-users kernels on synthetic users. Every step logs the time and the
# load average; the output of the measured run is raw-log.txt beside this script.
#
#   docs/benchmarks/embeddings/bench.sh DATASET_DIR     (DATASET_DIR prepared and embedded once, e.g. work/beauty-generic/dataset)
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."   # the repository root: DATASET_DIR is relative to it
DS="${1:?usage: docs/benchmarks/embeddings/bench.sh DATASET_DIR}"
B="java -Xmx8g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp llmesr-bench/target/llmesr-bench.jar:llmesr-bench/target/lib/*"
export DJL_OFFLINE=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$PWD/.cache/djl}"
mvn -B -q -DskipTests -pl llmesr-cli,llmesr-bench -am package || exit 1
L="java -Xmx8g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp llmesr-cli/target/llmesr-cli.jar:llmesr-cli/target/lib/* io.llmesr.cli.Main"
log() { echo "[$(date +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $*"; }
for i in 1 2 3; do
  log "rerun $i"; /usr/bin/time -f "wall %e s, user %U s, sys %S s, maxrss %M KB" $L embed "$DS" --json 2>&1 | grep -v WARN | grep -E '^\{|wall'
done
log "pca"; /usr/bin/time -f "wall %e s, user %U s, maxrss %M KB" $L pca "$DS" --dim 64 --json 2>&1 | grep -E '^\{|wall'
for i in 1 2 3; do
  log "similar-users torch $i"; /usr/bin/time -f "wall %e s, user %U s, maxrss %M KB" $L similar-users "$DS" --top 100 --json 2>&1 | grep -E '^\{|wall'
done
log "similar-users torch (final table)"; $L similar-users "$DS" --top 100 --json 2>&1 | grep -E '^\{'
log "encoders"; $B io.llmesr.bench.EmbedBench encoders "$DS" 64 3 2>&1 | grep -v WARN | grep -v INFO
log "synthetic 8000 java"; /usr/bin/time -f "wall %e s, user %U s, maxrss %M KB" $B io.llmesr.bench.EmbedBench similar 8000 java 2>&1 | grep -E '^similar|wall'
for u in 8000 25000 50000; do
  log "synthetic $u torch"; /usr/bin/time -f "wall %e s, user %U s, maxrss %M KB" $B io.llmesr.bench.EmbedBench similar $u torch 2>&1 | grep -E '^similar|wall'
done
for u in 100000 200000; do
  log "synthetic $u torch, first 5120 users"; /usr/bin/time -f "wall %e s, user %U s, maxrss %M KB" $B io.llmesr.bench.EmbedBench similar $u torch 2 5120 2>&1 | grep -E '^similar|wall'
done
log "done"
