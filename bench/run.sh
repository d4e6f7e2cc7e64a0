#!/usr/bin/env bash
# Benchmarks menshen against this machine's ceiling (a minimal Beast server answering the same bytes),
# in one run, and prints a table: route, req/s, p50, p99, non-2xx, and req/s as a ratio of the ceiling.
# Usage: bench/run.sh [seconds per row, default 10] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${1:-10}
connections=${2:-32}
port=18080
ceiling_port=18081
build=build/bench
out=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$out"
}
trap cleanup EXIT

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DMENSHEN_TESTS=OFF -DMENSHEN_BENCH=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target menshen ceiling_server >/dev/null

wait_port() {
  for _ in $(seq 1 200); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.05
  done
  echo "nothing listens on port $1" >&2
  exit 1
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

"$build/menshen" serve --listen "127.0.0.1:$port" --data-dir "$out/data" >"$out/menshen.log" 2>&1 &
menshen_pid=$!
pids+=("$menshen_pid")
wait_port "$port"
sleep 0.5
idle_rss=$(rss_kb "$menshen_pid")

curl -s "http://127.0.0.1:$port/healthz" >"$out/healthz.json"
"$build/bench/ceiling_server" "$ceiling_port" 1 "$out/healthz.json" &
pids+=($!)
wait_port "$ceiling_port"

# wrk's latency lines read "50%  123.00us"; normalise to microseconds.
to_us() {
  awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); print v } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v*1000 }
         else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000000 } else print v }'
}

declare -A rps
run_row() {
  local name=$1 url=$2
  local report
  report=$(wrk -t1 -c"$connections" -d"${duration}s" --latency "$url")
  local req p50 p99 non2xx
  req=$(awk '/^Requests\/sec/ {print $2}' <<<"$report")
  p50=$(awk '$1=="50%" {print $2}' <<<"$report" | to_us)
  p99=$(awk '$1=="99%" {print $2}' <<<"$report" | to_us)
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$report")
  rps[$name]=$req
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$req" "$p50" "$p99" "${non2xx:-0}" >>"$out/rows.tsv"
}

run_row "ceiling (Beast)" "http://127.0.0.1:$ceiling_port/healthz"
run_row "GET /healthz" "http://127.0.0.1:$port/healthz"
run_row "GET /readyz" "http://127.0.0.1:$port/readyz"
run_row "GET /no/such/path (404)" "http://127.0.0.1:$port/no/such/path"
loaded_rss=$(rss_kb "$menshen_pid")

ceiling=${rps["ceiling (Beast)"]}
printf '\n%-26s %12s %10s %10s %9s %9s\n' "route" "req/s" "p50 us" "p99 us" "non-2xx" "x ceiling"
while IFS=$'\t' read -r name req p50 p99 non2xx; do
  ratio=$(awk -v a="$req" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }')
  printf '%-26s %12.0f %10.0f %10.0f %9s %9s\n' "$name" "$req" "$p50" "$p99" "$non2xx" "$ratio"
done <"$out/rows.tsv"
printf '\nmenshen RSS: idle %.1f MB, after load %.1f MB (%d connections, %ds per row, wrk -t1 on %d cores)\n' \
  "$(awk -v k="$idle_rss" 'BEGIN{print k/1024}')" "$(awk -v k="$loaded_rss" 'BEGIN{print k/1024}')" \
  "$connections" "$duration" "$(nproc)"
