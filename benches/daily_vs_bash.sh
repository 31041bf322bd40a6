#!/usr/bin/env bash
# Benchmark: the guide's own daily-cache-maintenance.sh (curl + jq + bc, taken from the seed at
# run time with its host replaced) against `swcache maintain daily`, both on the embedded
# sandbox with latency added to every request. Prints both medians and their ratio.
#
#   benches/daily_vs_bash.sh [RUNS] [LATENCY]        (defaults: 15 runs, 50ms)
#
# Target: swcache at most 0.35 × the bash time (its three reads run concurrently).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-15}
LATENCY=${2:-50ms}
SEED=${SEED:-../shared/seed/000_6551c7bf4914bf8f.txt}

for tool in curl jq bc python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 1; }
done
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/swcache
WORK=$(mktemp -d)
trap 'kill "${SANDBOX_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
"$BIN" sandbox --port "$PORT" --latency "$LATENCY" --token-file "$WORK/token" >/dev/null 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 100); do curl -fs "$URL/api/health" >/dev/null 2>&1 && break; sleep 0.05; done

# The guide's script, exactly as written, but for its host.
awk '/^# daily-cache-maintenance.sh/{grab=1} grab&&/^```/{exit} grab{print}' "$SEED" \
  | sed "s#https://yourapp.com#$URL#g" >"$WORK/daily.sh"
grep -q "cache-report" "$WORK/daily.sh" || { echo "could not extract daily-cache-maintenance.sh from $SEED" >&2; exit 1; }

# Median wall time in ms of RUNS runs of a command.
median_ms() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f\n", m/1000}'
}

BASH_MS=$(median_ms bash "$WORK/daily.sh")
SW_MS=$(median_ms "$BIN" --url "$URL" --token-file "$WORK/token" maintain daily)
RATIO=$(printf "%.3f" "$(echo "scale=4; $SW_MS / $BASH_MS" | bc -l)")

printf '%-44s %10s\n' "daily maintenance, $LATENCY per request, $RUNS runs" "median"
printf '%-44s %8s ms\n' "guide's daily-cache-maintenance.sh" "$BASH_MS"
printf '%-44s %8s ms\n' "swcache maintain daily" "$SW_MS"
printf '%-44s %10s  (target ≤ 0.35)\n' "ratio swcache / bash" "$RATIO"
