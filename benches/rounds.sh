#!/usr/bin/env bash
# Benchmark: request rounds per command. Each command runs against a fresh embedded sandbox
# with 200 ms added to every request, and again with none; the difference over 200 ms is the
# number of request rounds it waited through (requests sent together count once). The
# requests it sent come from the sandbox's recorder. The guide's own bash for the same job
# (taken from the seed at run time, host replaced) runs the same way, for the ratio.
#
#   benches/rounds.sh [LATENCY_MS] [RUNS]     (defaults: 200, 3)
#
# Target: every command at its minimum — the longest chain of requests where each needs the
# one before (a read-back needs its write; a write needs the figure that decided it). A cut of
# the flag's percentage (incident error-rate at 7 %) has one round more: act's exposure guard
# reads the flag just before a write it cannot prove lowers by itself (only a disable can be
# proven so), since a colleague may have lowered it further meanwhile. A planned rollback has
# two more: before its step down, its state machine reads the flag again (did someone toggle or
# move it since the plan was read?), and act's guard reads it once more.
set -euo pipefail
cd "$(dirname "$0")/.."
LAT=${1:-200}
RUNS=${2:-3}
SEED=${SEED:-../shared/seed/000_6551c7bf4914bf8f.txt}
[ -f "$SEED" ] || SEED=/work/shared/seed/000_6551c7bf4914bf8f.txt
for tool in curl jq python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
cargo build --quiet
BIN=${BIN:-${CARGO_TARGET_DIR:-target}/debug/swcache}
WORK=$(mktemp -d)
SANDBOX_PID=
trap '[ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

start_sandbox() { # SCENARIO LATENCY_MS PATCH → sets URL
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$BIN" sandbox --port "$port" --scenario "$1" --latency "${2}ms" --token-file "$WORK/token" >/dev/null 2>&1 &
  SANDBOX_PID=$!
  URL="http://127.0.0.1:$port"
  for _ in $(seq 200); do curl -fs "$URL/__sandbox/requests" >/dev/null 2>&1 && break; sleep 0.05; done
  if [ -n "$3" ]; then
    curl -fs -X PATCH "$URL/__sandbox/state" -H 'content-type: application/json' -d "$3" >/dev/null
  fi
}
stop_sandbox() { kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; SANDBOX_PID=; }

extract() { # SCRIPT_NAME → the guide's script, host replaced, cloud CLI and sleeps left out
  awk -v name="# $1" '$0==name{grab=1} grab&&/^```/{exit} grab{print}' "$SEED" |
    sed -e "s#https://yourapp.com#\$APP#g" -e '/^aws /d' -e 's/^sleep [0-9]*/: sleep/'
}
extract emergency-rollback.sh >"$WORK/emergency-rollback.sh"
extract incident-high-error-rate.sh >"$WORK/incident-high-error-rate.sh"
extract incident-storage-quota.sh >"$WORK/incident-storage-quota.sh"
extract weekly-cache-analysis.sh >"$WORK/weekly-cache-analysis.sh"
extract daily-cache-maintenance.sh >"$WORK/daily-cache-maintenance.sh"
chmod +x "$WORK"/*.sh
for s in "$WORK"/*.sh; do
  grep -q curl "$s" || { echo "could not extract $(basename "$s") from $SEED" >&2; exit 1; }
done

# One run: KIND (swcache|bash) SCENARIO LATENCY PATCH ARGS… → prints "ms requests".
run() {
  local kind=$1 scenario=$2 lat=$3 patch=$4
  shift 4
  start_sandbox "$scenario" "$lat" "$patch"
  local t0 t1
  t0=$(date +%s%N)
  if [ "$kind" = bash ]; then
    (cd "$WORK" && APP=$URL ADMIN_TOKEN=$(cat "$WORK/token") bash "$@") >/dev/null 2>&1 || true
  else
    "$BIN" --url "$URL" --token-file "$WORK/token" --yes "$@" >/dev/null 2>&1 || true
  fi
  t1=$(date +%s%N)
  local n
  n=$(curl -fs "$URL/__sandbox/requests" | jq length)
  stop_sandbox
  echo "$(((t1 - t0) / 1000000)) $n"
}

# Rounds: the time added by LAT ms per request, in units of LAT; medians of RUNS runs each
# with and without the latency (the machine's own noise is then well under LAT/2).
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rounds() { # KIND SCENARIO PATCH ARGS…
  local kind=$1 scenario=$2 patch=$3 slow=() fast=() n=0 i ms
  shift 3
  for i in $(seq "$RUNS"); do
    read -r ms n < <(run "$kind" "$scenario" "$LAT" "$patch" "$@")
    slow+=("$ms")
    read -r ms _ < <(run "$kind" "$scenario" 0 "$patch" "$@")
    fast+=("$ms")
  done
  local s f
  s=$(printf '%s\n' "${slow[@]}" | median)
  f=$(printf '%s\n' "${fast[@]}" | median)
  [ -n "${DEBUG:-}" ] && echo "$kind $*: slow ${slow[*]} fast ${fast[*]}" >&2
  echo "$(python3 -c "print(round(($s - $f) / $LAT))") $n $s"
}

WEEKLY_PATCH='{"hit_rates": {"feed-cache": {"ratio": 0.5}, "community-cache": {"ratio": 0.5}, "images-cache": {"ratio": 0.5}}, "cache_config": {"community-cache": {"ttl": 300000}, "images-cache": {"ttl": 300000}}}'
FLAG50='{"flag": {"percentage": 50}}'
FLAGOFF='{"flag": {"enabled": false}}'

printf '%-40s %8s %6s %7s %11s %9s\n' "command ($LAT ms per request, $RUNS runs)" requests rounds minimum "bash rounds" "time/bash"
# label | scenario | state patch | minimum | guide script ("-" for none) | swcache arguments
while IFS='|' read -r label scenario patch min script args; do
  [ -z "$label" ] && continue
  [ -n "$patch" ] && patch=${!patch}
  read -r r n ms < <(rounds swcache "$scenario" "$patch" $args)
  if [ "$script" = - ]; then
    br=- ratio=-
  else
    # The guide's curls run one after another: its rounds are its requests (timing them
    # would count curl's own start-up and delayed ACKs at 0 ms against it).
    read -r bms br < <(run bash "$scenario" "$LAT" "$patch" "$script")
    ratio=$(python3 -c "print(f'{$ms / $bms:.2f}×')")
  fi
  flag=""
  [ "$r" -gt "$min" ] && flag="  ABOVE MINIMUM"
  printf '%-40s %8s %6s %7s %11s %9s%s\n' "$label" "$n" "$r" "$min" "$br" "$ratio" "$flag"
done <<'EOF'
incident storage-quota|storage-critical||3|incident-storage-quota.sh|incident storage-quota --recovery-wait 10s
rollback emergency|healthy||3|emergency-rollback.sh|rollback emergency
maintain weekly --apply (3 TTLs, cleanup)|storage-pressure|WEEKLY_PATCH|3|weekly-cache-analysis.sh|maintain weekly --apply
incident error-rate at 12 %|error-critical||4|incident-high-error-rate.sh|incident error-rate
incident error-rate at 7 %, flag at 50 %|error-spike|FLAG50|4|incident-high-error-rate.sh|incident error-rate
maintain daily (storage 85 %)|storage-pressure||3|daily-cache-maintenance.sh|maintain daily
rollout disable|healthy||3|-|rollout disable
rollout set 25 (raises, gate read)|healthy||3|-|rollout set 25 --force
rollout advance (gate open)|healthy||3|-|rollout advance --min-bake 0s
rollout enable (after a disable)|healthy|FLAGOFF|3|-|rollout enable --force
rollback planned (4 stages)|healthy||4|-|rollback planned --step-wait 0s
EOF
