#!/usr/bin/env bash
# Reader benchmark (docs/benchmarks/readers.md). Run from the repository root:
#   llmesr-bench/reader-bench.sh [WORKDIR]        (default WORKDIR=work/readers-bench, under the repository root)
# Builds the bench jar, generates the synthetic Amazon-2018 data sets if absent (100k and 1M reviews,
# seed 42), then reads each through SourceFormats.open("amazon2018", ...) with -Xmx256m and -Xmx64m under
# /usr/bin/time (wall, CPU, peak RSS). Needs about 250 MB of disk.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."   # the repository root: relative paths below are relative to it
B="${1:-work/readers-bench}"
CP='llmesr-bench/target/llmesr-bench.jar:llmesr-bench/target/lib/*'
mvn -B -q -pl llmesr-bench -am package -DskipTests
mkdir -p "$B"
for n in 100000:amazon100k 1000000:amazon1m; do
  count="${n%%:*}"; name="${n##*:}"
  if [ ! -f "$B/$name/Synthetic_Beauty.json.gz" ]; then
    java -Xmx256m -cp "$CP" io.llmesr.data.synthetic.AmazonLikeGenerator --out "$B/$name" --reviews "$count" --seed 42
  fi
done
uptime
echo "== gzip -dc reference (1M) =="
/usr/bin/time -f "wall %e s, user %U s, sys %S s, maxrss %M KB" sh -c "gzip -dc $B/amazon1m/Synthetic_Beauty.json.gz > /dev/null"
for heap in 256m 64m; do
  for ds in amazon100k amazon1m; do
    echo "== ReaderBench amazon2018 $ds -Xmx$heap =="
    /usr/bin/time -f "wall %e s, user %U s, sys %S s, maxrss %M KB" \
      java -Xmx$heap -cp "$CP" io.llmesr.bench.ReaderBench amazon2018 "$B/$ds" 2>&1 | grep -v "INFO io.llmesr.data.LineScanner"
  done
done
uptime
