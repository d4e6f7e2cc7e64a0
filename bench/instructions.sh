#!/usr/bin/env bash
# Instructions per request, counted by callgrind: a figure that does not move with the machine's load, for
# telling whether a change made a route cheaper or dearer when req/s and CPU time are too noisy to say.
# Counts the server's user-space instructions only (no kernel time, no thread hand-offs).
# Usage: bench/instructions.sh [build dir, default build/bench] [second build dir, to compare with the first]
set -euo pipefail
cd "$(dirname "$0")/.."

builds=("${1:-build/bench}")
[[ -n ${2:-} ]] && builds+=("$2")
seconds=6
out=$(mktemp -d)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$out"
}
trap cleanup EXIT

if [[ ! -x ${builds[0]}/menshen ]]; then
  cmake -S . -B "${builds[0]}" -DCMAKE_BUILD_TYPE=Release -DMENSHEN_TESTS=OFF -DMENSHEN_BENCH=ON >/dev/null
  cmake --build "${builds[0]}" -j"$(nproc)" --target menshen >/dev/null
fi

json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

# Starts one build under callgrind with counting off, prepares a user, an m2m app and tokens, then counts
# each route over a few seconds of wrk load. Prints "route instructions-per-request" lines.
measure() {
  local build=$1 dir=$2 port=$3
  mkdir -p "$dir/data"
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$dir/callgrind.out" \
    "$build/menshen" serve --listen "127.0.0.1:$port" --data-dir "$dir/data" --set "oauth.issuer=http://127.0.0.1:$port" \
    --set oauth.password_grant_enabled=true >"$dir/log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
  local base="http://127.0.0.1:$port" api="http://127.0.0.1:$port/api/v1"
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"plum orchard lantern 42"}' "$api/auth/register"
  local token root_password root app
  token=$(curl -s -H 'Content-Type: application/json' -d '{"account":"bench","password":"plum orchard lantern 42"}' \
    "$api/auth/login" | json_field access_token)
  root_password=$(sed -n 's/.*root administrator created: .* password \([^ ]*\).*/\1/p' "$dir/log")
  root=$(curl -s -H 'Content-Type: application/json' -d "{\"account\":\"root\",\"password\":\"$root_password\"}" \
    "$api/auth/login" | json_field access_token)
  app=$(curl -s -H 'Content-Type: application/json' -H "Authorization: Bearer $root" \
    -d '{"name":"bench","type":"m2m","scopes":["orders.read"],"allowed_resources":["https://api.example.com"]}' \
    "$api/admin/apps")
  export BENCH_BASIC BENCH_TOKEN
  BENCH_BASIC=$(printf '%s:%s' "$(json_field client_id <<<"$app")" "$(json_field client_secret <<<"$app")" | base64 -w0)
  BENCH_TOKEN=$(curl -s -H "Authorization: Basic $BENCH_BASIC" \
    -d "grant_type=client_credentials&scope=orders.read&resource=https%3A%2F%2Fapi.example.com" "$base/oauth/token" |
    json_field access_token)
  local n=0
  row() {
    local name=$1 url=$2 requests dump
    shift 2
    wrk -t1 -c2 -d1s "$@" "$url" >/dev/null  # warm the caches before counting
    callgrind_control -i on "$server" >/dev/null 2>&1
    callgrind_control -z "$server" >/dev/null 2>&1
    requests=$(wrk -t1 -c2 -d"${seconds}s" "$@" "$url" | awk '/requests in/ {print $1}')
    n=$((n + 1))
    callgrind_control -d "row$n" "$server" >/dev/null 2>&1
    callgrind_control -i off "$server" >/dev/null 2>&1
    for _ in $(seq 1 100); do
      dump=$(grep -l "^desc: Trigger: .*row$n\$" "$dir"/callgrind.out.* 2>/dev/null || true)
      [[ -n $dump ]] && break
      sleep 0.1
    done
    awk -v name="$name" -v n="$requests" '/^summary:/ { printf "%s\t%.0f\n", name, $2 / n }' "$dump"
  }
  row "GET /no/such/path (404)" "$base/no/such/path"
  row "GET /.well-known/openid-configuration" "$base/.well-known/openid-configuration"
  row "GET /api/v1/me (bearer)" "$api/me" -H "Authorization: Bearer $token"
  row "POST /oauth/token (client_cred.)" "$base/oauth/token" -s bench/lua/token.lua
  row "POST /oauth/introspect" "$base/oauth/introspect" -s bench/lua/introspect.lua
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
}

for i in "${!builds[@]}"; do
  measure "${builds[$i]}" "$out/$i" $((18180 + i)) >"$out/rows$i.tsv"
done
if [[ ${#builds[@]} -eq 1 ]]; then
  printf '%-40s %14s\n' "route" "instr/req"
  awk -F'\t' '{ printf "%-40s %14s\n", $1, $2 }' "$out/rows0.tsv"
else
  printf 'first: %s   second: %s   ratio: second / first\n' "${builds[0]}" "${builds[1]}"
  printf '%-40s %14s %14s %8s\n' "route" "first" "second" "ratio"
  paste "$out/rows0.tsv" "$out/rows1.tsv" |
    awk -F'\t' '{ printf "%-40s %14s %14s %8.3f\n", $1, $2, $4, $4 / $2 }'
fi
