#!/usr/bin/env bash
# Serving benchmark of `llmesr serve` (open-loop load, rate search, soak with RSS, add-item timing).
#   llmesr-bench/scripts/serving-bench.sh BUNDLE_DIR DATASET_DIR OUT_DIR        (run from the repository root)
#
# Serves a COPY of BUNDLE_DIR (added items never touch the original) with `./llmesr serve --port 0` on 127.0.0.1,
# in its own process on the same machine, waits for /ready, then with io.llmesr.bench.LoadGenerator (open loop,
# latency from the scheduled send time, POST /v1/recommend k=10, histories = DATASET_DIR's test users' inputs):
#   1. fixed rates RATES (default 50 200 1000 req/s), DURATION s each after WARMUP s of warm-up;
#   2. a bisection between SEARCH_LO and SEARCH_HI req/s (SEARCH_DURATION s each, at most SEARCH_STEPS steps, stop
#      when the interval is below SEARCH_RESOLUTION) for the highest rate with p99 <= SLO_P99_MS and every answer 200;
#   3. a soak of SOAK s at SOAK_RATE req/s, sampling the server's VmRSS every RSS_EVERY s;
#   4. io.llmesr.bench.AddItemTimer: ADD_ITEMS new items, time from POST /v1/items to being served;
# then stops the server and writes OUT_DIR/results.json, serving.md, serving-latency.png, serving-rss.png
# (io.llmesr.bench.ServingReport), beside runs/*.json, histories.jsonl, server.log, metrics.txt, soak-rss.csv.
#
# Before the measured runs, JIT_WARMUP s at JIT_WARMUP_RATE req/s let the JIT compile the request path (a cold server
# answers several times slower for its first few thousand requests); that run is not reported.
# Knobs (environment) and defaults: JIT_WARMUP=60 JIT_WARMUP_RATE=400 DURATION=60 WARMUP=10 RATES="50 200 1000" SEARCH_LO=200 SEARCH_HI=3000
#   SEARCH_DURATION=30 SEARCH_STEPS=6 SEARCH_RESOLUTION=25 SLO_P99_MS=50 SOAK=600 SOAK_RATE=200 RSS_EVERY=5
#   ADD_ITEMS=20 SEED=42 PAUSE=2 (s between runs) MAX_CONNECTIONS=256 TIMEOUT_MS=10000
#   SERVE_ARGS="" (more `llmesr serve` options, e.g. "--batch-workers 2")
#   CLIENT_JAVA_OPTS="-Xmx1g -XX:TieredStopAtLevel=1" (C1 only: each load run is a new JVM, and C2 compiling in it
#   took a third of a core away from the server during the run)
#   MVN_FLAGS="" (e.g. -o) READY_TIMEOUT=900 (s; includes the launcher's first build)
# SEARCH_STEPS=0, SOAK=0 or ADD_ITEMS=0 skip that phase; RATES="" skips the fixed rates.
# A short smoke run: DURATION=5 WARMUP=2 SEARCH_DURATION=3 SEARCH_STEPS=2 SOAK=20 RSS_EVERY=2 ADD_ITEMS=3 ...
set -euo pipefail

if [ $# -ne 3 ]; then
  sed -n '2,3p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
abs_dir() { (cd "$1" && pwd); }
BUNDLE="$(abs_dir "$1")"
DATASET="$(abs_dir "$2")"
mkdir -p "$3"
OUT="$(abs_dir "$3")"
[ -f "$BUNDLE/bundle.json" ] || { echo "not a bundle (no bundle.json): $BUNDLE" >&2; exit 2; }
[ -f "$DATASET/sequences.tsv" ] || { echo "not a dataset directory (no sequences.tsv): $DATASET" >&2; exit 2; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

DURATION="${DURATION:-60}" WARMUP="${WARMUP:-10}" RATES="${RATES-50 200 1000}"
SEARCH_LO="${SEARCH_LO:-200}" SEARCH_HI="${SEARCH_HI:-3000}" SEARCH_DURATION="${SEARCH_DURATION:-30}"
SEARCH_STEPS="${SEARCH_STEPS:-6}" SEARCH_RESOLUTION="${SEARCH_RESOLUTION:-25}" SLO_P99_MS="${SLO_P99_MS:-50}"
SOAK="${SOAK:-600}" SOAK_RATE="${SOAK_RATE:-200}" RSS_EVERY="${RSS_EVERY:-5}" ADD_ITEMS="${ADD_ITEMS:-20}"
SEED="${SEED:-42}" PAUSE="${PAUSE:-2}" MAX_CONNECTIONS="${MAX_CONNECTIONS:-256}" TIMEOUT_MS="${TIMEOUT_MS:-10000}"
SERVE_ARGS="${SERVE_ARGS:-}" CLIENT_JAVA_OPTS="${CLIENT_JAVA_OPTS:--Xmx1g -XX:TieredStopAtLevel=1}" MVN_FLAGS="${MVN_FLAGS:-}"
READY_TIMEOUT="${READY_TIMEOUT:-900}" JIT_WARMUP="${JIT_WARMUP:-60}" JIT_WARMUP_RATE="${JIT_WARMUP_RATE:-400}"

log() { echo "[serving-bench $(date +%H:%M:%S)] $*" | tee -a "$OUT/bench.log" >&2; }
: > "$OUT/bench.log"
mkdir -p "$OUT/runs"
rm -f "$OUT"/runs/*.json "$OUT"/results.json "$OUT"/serving.md "$OUT"/serving-*.png "$OUT"/soak-rss.csv "$OUT"/add-items.json

log "building llmesr-bench and the llmesr launcher"
# shellcheck disable=SC2086
mvn -B -q $MVN_FLAGS -pl llmesr-bench -am package -DskipTests
./llmesr --help > /dev/null    # the launcher builds the CLI here if it is stale, not while the server starts
CP="llmesr-bench/target/llmesr-bench.jar:llmesr-bench/target/lib/*"
bench_java() { # shellcheck disable=SC2086
  java $CLIENT_JAVA_OPTS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$@"; }

# the code measured is the code built now (the commit may move while the benchmark runs)
COMMIT="$(git rev-parse --short HEAD 2> /dev/null || echo unknown)"
git diff --quiet HEAD 2> /dev/null || COMMIT="$COMMIT (working tree modified)"

log "test histories of $DATASET"
bench_java io.llmesr.bench.TestHistories "$DATASET" --bundle "$BUNDLE" --out "$OUT/histories.jsonl" 2>&1 | tee -a "$OUT/bench.log"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/serving-bench.XXXXXX")"
cp -r "$BUNDLE" "$WORK/bundle"
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2> /dev/null; then
    kill -TERM "$SERVER_PID" 2> /dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2> /dev/null || break; sleep 0.5; done
    kill -0 "$SERVER_PID" 2> /dev/null && kill -KILL "$SERVER_PID" 2> /dev/null || true
    wait "$SERVER_PID" 2> /dev/null || true
  fi
  SERVER_PID=""
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

log "starting ./llmesr serve (a copy of $(basename "$BUNDLE")) ${SERVE_ARGS}"
# shellcheck disable=SC2086
./llmesr serve "$WORK/bundle" --host 127.0.0.1 --port 0 $SERVE_ARGS > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
alive() { kill -0 "$SERVER_PID" 2> /dev/null || { log "the server died; end of server.log:"; tail -20 "$OUT/server.log" >&2; exit 1; }; }
ADDR=""
deadline=$((SECONDS + READY_TIMEOUT))
while [ -z "$ADDR" ]; do
  alive
  [ $SECONDS -lt $deadline ] || { log "no address in server.log after ${READY_TIMEOUT} s"; exit 1; }
  ADDR="$(sed -n 's|^serving .* on http://\([^/]*\)/ (loaded.*|\1|p' "$OUT/server.log" | head -1)"
  [ -n "$ADDR" ] || sleep 0.5
done
URL="http://$ADDR"
until curl -sf "$URL/ready" > "$OUT/ready.json"; do
  alive
  [ $SECONDS -lt $deadline ] || { log "$URL/ready not ready after ${READY_TIMEOUT} s"; exit 1; }
  sleep 0.5
done
log "ready at $URL (pid $SERVER_PID): $(cat "$OUT/ready.json")"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# run LABEL RATE SECONDS [more LoadGenerator options]: one load run; its JSON line goes to runs/LABEL.json
run() {
  local label="$1" rate="$2" secs="$3"
  shift 3
  alive
  bench_java io.llmesr.bench.LoadGenerator --url "$URL" --histories "$OUT/histories.jsonl" --rate "$rate" \
    --duration "$secs" --warmup "$WARMUP" --seed "$SEED" --slo-p99-ms "$SLO_P99_MS" --timeout-ms "$TIMEOUT_MS" \
    --max-connections "$MAX_CONNECTIONS" --label "$label" --json-out "$OUT/runs/$label.json" "$@" \
    | sed -n 1p | tee -a "$OUT/bench.log"
  alive
  sleep "$PAUSE"
}
met() { grep -q '"slo_met":true' "$OUT/runs/$1.json"; }

if [ "$JIT_WARMUP" -gt 0 ]; then
  log "JIT warm-up: $JIT_WARMUP s at $JIT_WARMUP_RATE req/s (not reported)"
  run "warmup" "$JIT_WARMUP_RATE" "$JIT_WARMUP" > /dev/null
  rm -f "$OUT/runs/warmup.json"
fi

for rate in $RATES; do
  run "fixed-$(printf %05d "$rate")" "$rate" "$DURATION"
done

if [ "$SEARCH_STEPS" -gt 0 ]; then
  lo="$SEARCH_LO" hi="$SEARCH_HI" step=1
  label="search-01-$lo"
  run "$label" "$lo" "$SEARCH_DURATION"
  if met "$label"; then
    while [ "$step" -lt "$SEARCH_STEPS" ] && [ $((hi - lo)) -gt "$SEARCH_RESOLUTION" ]; do
      step=$((step + 1))
      mid=$(((lo + hi) / 2))
      label="search-$(printf %02d "$step")-$mid"
      run "$label" "$mid" "$SEARCH_DURATION"
      if met "$label"; then lo="$mid"; else hi="$mid"; fi
    done
    log "rate search: highest rate meeting p99 <= $SLO_P99_MS ms with no errors: $lo req/s (next failing: $hi)"
  else
    log "rate search: $SEARCH_LO req/s already misses p99 <= $SLO_P99_MS ms or has errors"
  fi
fi

if [ "$SOAK" -gt 0 ]; then
  log "soak: $SOAK s at $SOAK_RATE req/s, RSS every $RSS_EVERY s"
  run soak "$SOAK_RATE" "$SOAK" --rss-pid "$SERVER_PID" --rss-every "$RSS_EVERY" --rss-csv "$OUT/soak-rss.csv"
fi

if [ "$ADD_ITEMS" -gt 0 ]; then
  log "add-item timing: $ADD_ITEMS items"
  alive
  bench_java io.llmesr.bench.AddItemTimer --url "$URL" --dataset "$DATASET" --items "$ADD_ITEMS" --seed "$SEED" \
    --json-out "$OUT/add-items.json" | sed -n 1p | tee -a "$OUT/bench.log" || log "add-item timing: some items failed"
fi

curl -sf "$URL/metrics" > "$OUT/metrics.txt" || true
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
log "stopping the server"
stop_server

bench_java io.llmesr.bench.ServingReport "$OUT" \
  --meta "bundle=$(basename "$BUNDLE")" --meta "dataset=$(basename "$(dirname "$DATASET")")/$(basename "$DATASET")" \
  --meta "commit=$COMMIT" --meta "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --meta "machine=$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -m)" \
  --meta "java=$(java -version 2>&1 | head -1)" \
  --meta "load average=1/5/15 min: $LOAD_START at the start, $LOAD_END at the end" \
  --meta "server=llmesr serve --port 0 ${SERVE_ARGS:-(defaults)}; PyTorch threads ${LLMESR_THREADS:-1} (the launcher's default for serve), LLMESR_JAVA_OPTS=${LLMESR_JAVA_OPTS:--Xmx8g}" \
  --meta "client=LoadGenerator, same machine, max connections $MAX_CONNECTIONS, timeout $TIMEOUT_MS ms, $CLIENT_JAVA_OPTS" \
  --meta "durations=fixed ${DURATION} s, search ${SEARCH_DURATION} s, soak ${SOAK} s, warm-up ${WARMUP} s each" \
  | tee -a "$OUT/bench.log"
log "done: $OUT/serving.md"
