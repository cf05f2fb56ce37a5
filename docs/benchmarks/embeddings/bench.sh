#!/usr/bin/env bash
# Runs after the Beauty embed finishes; every step logs load before/after.
set -u
cd /work/wt/embed
while [ ! -f /tmp/embed-beauty.end ]; do sleep 20; done
B="java -Xmx8g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp llmesr-bench/target/llmesr-bench.jar:llmesr-bench/target/lib/*"
export DJL_OFFLINE=true DJL_CACHE_DIR=/work/wt/embed/.cache/djl
mvn -B -q -DskipTests -pl llmesr-cli,llmesr-bench -am package > /tmp/embed-bench-build.log 2>&1
L="java -Xmx8g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp llmesr-cli/target/llmesr-cli.jar:llmesr-cli/target/lib/* io.llmesr.cli.Main"
log() { echo "[$(date +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $*"; }
for i in 1 2 3; do
  log "rerun $i"; /usr/bin/time -f "wall %e s, user %U s, sys %S s, maxrss %M KB" $L embed /tmp/beauty --json 2>&1 | grep -v WARN | grep -E '^\{|wall'
done
log "pca"; /usr/bin/time -f "wall %e s, user %U s, maxrss %M KB" $L pca /tmp/beauty --dim 64 --json 2>&1 | grep -E '^\{|wall'
for i in 1 2 3; do
  log "similar-users torch $i"; /usr/bin/time -f "wall %e s, user %U s, maxrss %M KB" $L similar-users /tmp/beauty --top 100 --json 2>&1 | grep -E '^\{|wall'
done
log "similar-users torch (final table)"; $L similar-users /tmp/beauty --top 100 --json 2>&1 | grep -E '^\{'
log "encoders"; $B io.llmesr.bench.EmbedBench encoders /tmp/beauty 64 3 2>&1 | grep -v WARN | grep -v INFO
log "synthetic 8000 java"; /usr/bin/time -f "wall %e s, user %U s, maxrss %M KB" $B io.llmesr.bench.EmbedBench similar 8000 java 2>&1 | grep -E '^similar|wall'
for u in 8000 25000 50000; do
  log "synthetic $u torch"; /usr/bin/time -f "wall %e s, user %U s, maxrss %M KB" $B io.llmesr.bench.EmbedBench similar $u torch 2>&1 | grep -E '^similar|wall'
done
for u in 100000 200000; do
  log "synthetic $u torch, first 5120 users"; /usr/bin/time -f "wall %e s, user %U s, maxrss %M KB" $B io.llmesr.bench.EmbedBench similar $u torch 2 5120 2>&1 | grep -E '^similar|wall'
done
log "done"
