#!/usr/bin/env bash
# Speed budget: start-up, `validate` and `maintain daily` against the guide's own bash (taken
# from the seed at run time, host replaced) at 0 ms and 50 ms added latency, release binary
# size and peak memory. Prints one table with ratios.
#
#   benches/speed_budget.sh [RUNS]              (default 15)
#   benches/speed_budget.sh [RUNS] --profiles   also: clean release builds with the release
#                                               profile before tuning and as tuned now, their
#                                               build times and binary sizes (minutes each)
#
# Targets: start-up < 5 ms; daily ≤ 0.35 × bash at 50 ms; peak RSS < 30 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-15}
PROFILES=${2:-}
SEED=${SEED:-../shared/seed/000_6551c7bf4914bf8f.txt}
for tool in curl jq bc python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/swcache
WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

start_sandbox() { # LATENCY → sets URL
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$BIN" sandbox --port "$port" --latency "$1" --token-file "$WORK/token" >/dev/null 2>&1 &
  PIDS+=($!)
  URL="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -fs "$URL/api/health" >/dev/null 2>&1 && return; sleep 0.05; done
  echo "sandbox did not start" >&2; exit 1
}

extract() { # SCRIPT_NAME URL → the guide's script, host replaced
  awk -v name="# $1" '$0==name{grab=1} grab&&/^```/{exit} grab{print}' "$SEED" | sed "s#https://yourapp.com#$2#g"
}

median_ms() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f\n", m/1000}'
}
ratio() { printf "%.3f" "$(echo "scale=4; $1 / $2" | bc -l)"; }

printf '%-48s %12s %12s %8s  %s\n' "measure ($RUNS runs, median)" "swcache" "guide bash" "ratio" "target"
# Start-up is a few milliseconds: bash's own fork and `date` would dominate, so hyperfine
# (Debian package) measures it without a shell when it is installed.
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs 100 --export-json "$WORK/startup.json" "$BIN --version" >/dev/null 2>&1
  STARTUP=$(python3 -c "import json,sys; print('%.2f' % (json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$WORK/startup.json")
else
  STARTUP=$(median_ms "$BIN" --version)
fi
printf '%-48s %9s ms %12s %8s  %s\n' "start-up (swcache --version)" "$STARTUP" "" "" "< 5 ms"

for LAT in 0ms 50ms; do
  start_sandbox "$LAT"
  extract validate-rollback.sh "$URL" >"$WORK/validate.sh"
  extract daily-cache-maintenance.sh "$URL" >"$WORK/daily.sh"
  # The guide's validate reads /sw.js; the sandbox serves it too.
  for pair in "validate:validate.sh:validate" "maintain daily:daily.sh:daily"; do
    IFS=: read -r cmd script name <<<"$pair"
    B=$(median_ms bash "$WORK/$script")
    # shellcheck disable=SC2086
    S=$(median_ms "$BIN" --url "$URL" --token-file "$WORK/token" $cmd)
    target=""; [ "$name" = daily ] && [ "$LAT" = 50ms ] && target="≤ 0.35"
    printf '%-48s %9s ms %9s ms %8s  %s\n' "$cmd at $LAT latency" "$S" "$B" "$(ratio "$S" "$B")" "$target"
  done
done

SIZE=$(stat -c %s "$BIN")
printf '%-48s %9s MB\n' "release binary size" "$(echo "scale=1; $SIZE / 1048576" | bc -l)"
RSS_KB=$(/usr/bin/time -f %M "$BIN" --url "$URL" --token-file "$WORK/token" maintain daily 2>&1 >/dev/null | tail -1)
printf '%-48s %9s MB %12s %8s  %s\n' "peak RSS (maintain daily, 50ms)" "$(echo "scale=1; $RSS_KB / 1024" | bc -l)" "" "" "< 30 MB"

# The release profile before tuning (strip only) against Cargo.toml's, each a clean build in
# its own target directory, so the dependencies are built with the profile too.
if [ "$PROFILES" = --profiles ]; then
  build() { # NAME, then env overrides → "seconds bytes"
    local dir="$WORK/target-$1" t0 t1
    shift
    t0=$(date +%s)
    env "$@" CARGO_TARGET_DIR="$dir" cargo build --release --locked --quiet
    t1=$(date +%s)
    echo "$((t1 - t0)) $(stat -c %s "$dir/release/swcache")"
  }
  read -r T0 S0 < <(build before CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)
  read -r T1 S1 < <(build after)
  printf '%-48s %12s %12s %8s\n' "release profile (clean build)" "tuned" "before" "ratio"
  printf '%-48s %9s MB %9s MB %8s\n' "binary size" "$(echo "scale=1; $S1 / 1048576" | bc -l)" \
    "$(echo "scale=1; $S0 / 1048576" | bc -l)" "$(ratio "$S1" "$S0")"
  printf '%-48s %10s s %10s s %8s\n' "build time" "$T1" "$T0" "$(ratio "$T1" "$T0")"
fi
