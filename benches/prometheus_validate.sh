#!/usr/bin/env bash
# Benchmark: `swcache validate` reading its KPI figures from Prometheus (`[metrics] source =
# "prometheus"`) against reading them from the app's JSON endpoints. A real Prometheus server
# (Debian's `prometheus`) on loopback scrapes the sandbox every second; the sandbox adds
# LATENCY to every app request, as a remote app would have. Prints the requests each run sends
# (to the app, counted from the sandbox's request log; to Prometheus, the queries) and the
# median wall times with their ratio.
#
#   benches/prometheus_validate.sh [RUNS] [LATENCY]     (defaults: 15 runs, 50ms)
#   PROFILE=dev benches/prometheus_validate.sh          (the debug build: no release build)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-15}
LATENCY=${2:-50ms}
PROFILE=${PROFILE:-release}

for tool in curl jq python3 /usr/bin/prometheus; do
  command -v "$tool" >/dev/null || { echo "needs $tool (.ci/test installs it)" >&2; exit 1; }
done
if [ "$PROFILE" = release ]; then
  cargo build --release --quiet
  BIN=${CARGO_TARGET_DIR:-target}/release/swcache
else
  cargo build --quiet
  BIN=${CARGO_TARGET_DIR:-target}/debug/swcache
fi
WORK=$(mktemp -d)
trap 'kill ${SANDBOX_PID:-} ${PROM_PID:-} 2>/dev/null || true; wait 2>/dev/null; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
"$BIN" sandbox --port "$PORT" --latency "$LATENCY" --token-file "$WORK/token" >/dev/null 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 100); do curl -fs "$URL/api/health" >/dev/null 2>&1 && break; sleep 0.05; done

PROM_PORT=$(free_port)
PROM="http://127.0.0.1:$PROM_PORT"
cat >"$WORK/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: app
    static_configs:
      - targets: ['127.0.0.1:$PORT']
EOF
/usr/bin/prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >/dev/null 2>"$WORK/prometheus.log" &
PROM_PID=$!
# Bounded: until the app's error ratio has been scraped.
for i in $(seq 120); do
  n=$(curl -fs "$PROM/api/v1/query" --data-urlencode 'query=app_error_ratio' 2>/dev/null \
    | jq '.data.result | length' 2>/dev/null || echo 0)
  [ "$n" = 1 ] && break
  [ "$i" = 120 ] && { echo "Prometheus did not scrape the sandbox in 60s:" >&2; cat "$WORK/prometheus.log" >&2; exit 1; }
  sleep 0.5
done

cat >"$WORK/prom.toml" <<EOF
[metrics]
source = "prometheus"
[metrics.prometheus]
url = "$PROM"
EOF

APP=("$BIN" --url "$URL" --token-file "$WORK/token" validate)
FROM_PROM=("$BIN" --config "$WORK/prom.toml" --url "$URL" --token-file "$WORK/token" validate)

# Requests of one run: to the app from the sandbox's log; to Prometheus, one per query
# (the checks that name a query).
app_requests() {
  curl -fs -X DELETE "$URL/__sandbox/requests" >/dev/null
  "$@" >/dev/null 2>&1 || true
  # Prometheus' own scrapes of /metrics land in the log too: they are not the run's.
  curl -fs "$URL/__sandbox/requests" | jq '[.[] | select(.path != "/metrics")] | length'
}
prom_queries() { "$@" --json 2>/dev/null | jq '[.checks[] | select(.source == "prometheus")] | length'; }

# Median wall time in ms of RUNS runs of a command.
median_ms() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f\n", m/1000}'
}

APP_REQ=$(app_requests "${APP[@]}")
PROM_APP_REQ=$(app_requests "${FROM_PROM[@]}")
PROM_Q=$(prom_queries "${FROM_PROM[@]}")
APP_MS=$(median_ms "${APP[@]}")
PROM_MS=$(median_ms "${FROM_PROM[@]}")
RATIO=$(python3 -c "print(f'{$PROM_MS / $APP_MS:.3f}')")

printf 'validate, %s per app request, %s runs, %s build\n' "$LATENCY" "$RUNS" "$PROFILE"
printf '%-34s %12s %14s %10s\n' "" "app requests" "Prom. queries" "median"
printf '%-34s %12s %14s %7s ms\n' "figures from the app" "$APP_REQ" 0 "$APP_MS"
printf '%-34s %12s %14s %7s ms\n' "figures from Prometheus" "$PROM_APP_REQ" "$PROM_Q" "$PROM_MS"
printf '%-34s %12s %14s %10s\n' "ratio Prometheus / app (time)" "" "" "$RATIO"
