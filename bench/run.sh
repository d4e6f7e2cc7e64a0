#!/usr/bin/env bash
# Benchmarks menshen against this machine's ceiling (a minimal Beast server answering the same bytes) and
# against a peer (oidc-provider on Node, bench/peer/, with the same client) in one run, and prints a table:
# route, req/s, p50, p99, non-2xx, and req/s as a ratio of the ceiling; then menshen / peer for the OAuth rows.
# Usage: bench/run.sh [seconds per row, default 10] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${1:-10}
connections=${2:-32}
port=18080
ceiling_port=18081
peer_port=18082
build=build/bench
out=$(mktemp -d)
pids=()
postgres_pid=
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -n $postgres_pid ]] && kill -INT "$postgres_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$out"
}
trap cleanup EXIT

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DMENSHEN_TESTS=OFF -DMENSHEN_BENCH=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target menshen ceiling_server argon2_rate refresh_chain >/dev/null
# The peer's packages, from its lock file (again only when the lock file changed).
if [[ ! -f bench/peer/node_modules/.package-lock.json || bench/peer/package-lock.json -nt bench/peer/node_modules/.package-lock.json ]]; then
  (cd bench/peer && npm ci --prefer-offline --no-audit --no-fund >/dev/null)
fi

wait_port() {
  for _ in $(seq 1 200); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.05
  done
  echo "nothing listens on port $1" >&2
  exit 1
}

rss_kb() { awk -v f="${2:-VmRSS}:" '$1 == f {print $2}' "/proc/$1/status"; }

# The register row creates thousands of accounts from one address, and the userinfo row takes its user token
# from the password grant: both are refused by the server's defaults, so the bench lifts them.
"$build/menshen" serve --listen "127.0.0.1:$port" --data-dir "$out/data" --set "oauth.issuer=http://127.0.0.1:$port" \
  --set accounts.max_registrations_per_ip=0 --set accounts.max_registrations_per_window=0 \
  --set oauth.password_grant_enabled=true >"$out/menshen.log" 2>&1 &
menshen_pid=$!
pids+=("$menshen_pid")
wait_port "$port"
sleep 0.5
idle_rss=$(rss_kb "$menshen_pid")
idle_anon=$(rss_kb "$menshen_pid" RssAnon)
idle_file=$(rss_kb "$menshen_pid" RssFile)

curl -s "http://127.0.0.1:$port/healthz" >"$out/healthz.json"
"$build/bench/ceiling_server" "$ceiling_port" 1 "$out/healthz.json" &
ceiling_pid=$!
pids+=("$ceiling_pid")
wait_port "$ceiling_port"

# wrk's latency lines read "50%  123.00us"; normalise to microseconds.
to_us() {
  awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); print v } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v*1000 }
         else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000000 } else print v }'
}

# On the server at port $1 (its output in $2): the bench user signed in ($token), root signed in ($root_token),
# and an m2m app ($client_id, $client_secret, $BENCH_BASIC) registered by root through the admin API.
prepare_node() {
  local api="http://127.0.0.1:$1/api/v1" root_password app
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"plum orchard lantern 42"}' "$api/auth/register"
  token=$(curl -s -H 'Content-Type: application/json' -d '{"account":"bench","password":"plum orchard lantern 42"}' \
    "$api/auth/login" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  root_password=$(sed -n 's/.*root administrator created: .* password \([^ ]*\).*/\1/p' "$2")
  root_token=$(curl -s -H 'Content-Type: application/json' -d "{\"account\":\"root\",\"password\":\"$root_password\"}" \
    "$api/auth/login" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  app=$(curl -s -H 'Content-Type: application/json' -H "Authorization: Bearer $root_token" \
    -d '{"name":"bench","type":"m2m","scopes":["orders.read","orders.write"],"allowed_resources":["https://api.example.com"]}' \
    "$api/admin/apps")
  client_id=$(sed -n 's/.*"client_id":"\([^"]*\)".*/\1/p' <<<"$app")
  client_secret=$(sed -n 's/.*"client_secret":"\([^"]*\)".*/\1/p' <<<"$app")
  if [[ -z $token || -z $client_id || -z $client_secret ]]; then
    echo "could not prepare the server on port $1: $app" >&2
    exit 1
  fi
  export BENCH_BASIC
  BENCH_BASIC=$(printf '%s:%s' "$client_id" "$client_secret" | base64 -w0)
}
api="http://127.0.0.1:$port/api/v1"
prepare_node "$port" "$out/menshen.log"
# A valid token to introspect, from the given server; with a resource it is a JWT, without one the peer's
# is opaque (oidc-provider does not introspect JWTs).
access_token() {
  curl -s -H "Authorization: Basic $BENCH_BASIC" -d "grant_type=client_credentials&scope=orders.read${2:-}" "$1/oauth/token" |
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# CPU time (user + system, clock ticks) a process has used: a figure that noisy neighbours on a shared
# machine disturb far less than requests per second.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

declare -A rps
run_row() {
  local name=$1 pid=$2 url=$3
  shift 3
  local report before after
  before=$(cpu_ticks "$pid")
  report=$(wrk -t1 -c"$connections" -d"${duration}s" --latency "$@" "$url")
  after=$(cpu_ticks "$pid")
  local req p50 p99 non2xx total cpu_us
  req=$(awk '/^Requests\/sec/ {print $2}' <<<"$report")
  total=$(awk '/requests in/ {print $1}' <<<"$report")
  cpu_us=$(awk -v t=$((after - before)) -v n="$total" -v hz="$ticks_per_second" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  p50=$(awk '$1=="50%" {print $2}' <<<"$report" | to_us)
  p99=$(awk '$1=="99%" {print $2}' <<<"$report" | to_us)
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$report")
  rps[$name]=$req
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$req" "$p50" "$p99" "${non2xx:-0}" "$cpu_us" >>"$out/rows.tsv"
}

run_row "ceiling (Beast)" "$ceiling_pid" "http://127.0.0.1:$ceiling_port/healthz"
run_row "GET /healthz" "$menshen_pid" "http://127.0.0.1:$port/healthz"
run_row "GET /readyz" "$menshen_pid" "http://127.0.0.1:$port/readyz"
run_row "GET /no/such/path (404)" "$menshen_pid" "http://127.0.0.1:$port/no/such/path"
run_row "GET /api/v1/me (bearer)" "$menshen_pid" "$api/me" -H "Authorization: Bearer $token"
run_row "GET /.well-known/jwks.json" "$menshen_pid" "http://127.0.0.1:$port/.well-known/jwks.json"
run_row "GET /.well-known/openid-configuration" "$menshen_pid" "http://127.0.0.1:$port/.well-known/openid-configuration"
run_row "POST /oauth/token (client_cred.)" "$menshen_pid" "http://127.0.0.1:$port/oauth/token" -s bench/lua/token.lua
export BENCH_TOKEN
BENCH_TOKEN=$(access_token "http://127.0.0.1:$port" "&resource=https%3A%2F%2Fapi.example.com")
run_row "POST /oauth/introspect" "$menshen_pid" "http://127.0.0.1:$port/oauth/introspect" -s bench/lua/introspect.lua
# userinfo: the bench user's access token from a password-grant app with the OpenID scopes.
user_app=$(curl -s -H 'Content-Type: application/json' -H "Authorization: Bearer $root_token" \
  -d '{"name":"bench users","type":"web","grant_types":["password"],"scopes":["openid","profile","email"]}' \
  "$api/admin/apps")
user_basic=$(printf '%s:%s' "$(sed -n 's/.*"client_id":"\([^"]*\)".*/\1/p' <<<"$user_app")" \
  "$(sed -n 's/.*"client_secret":"\([^"]*\)".*/\1/p' <<<"$user_app")" | base64 -w0)
user_token=$(curl -s -H "Authorization: Basic $user_basic" \
  -d "grant_type=password&username=bench&password=plum%20orchard%20lantern%2042&scope=openid%20profile%20email" \
  "http://127.0.0.1:$port/oauth/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
if [[ -z $user_token ]]; then
  echo "could not get a user access token for the userinfo row" >&2
  exit 1
fi
run_row "GET /oauth/userinfo" "$menshen_pid" "http://127.0.0.1:$port/oauth/userinfo" -H "Authorization: Bearer $user_token"
loaded_rss=$(rss_kb "$menshen_pid")

# Password rows: the ceiling here is argon2id itself, hashed by as many threads as the server's hashing
# pool has, at the same parameters, with no server in between.
hash_threads=2
argon2_rate=$("$build/bench/argon2_rate" "$hash_threads" "$duration")
printf '%s\t%s\t-\t-\t-\t-\n' "argon2id raw (${hash_threads} threads)" "$argon2_rate" >>"$out/rows.tsv"
run_row "POST /auth/login" "$menshen_pid" "$api/auth/login" -s bench/lua/login.lua
storm_rss=$(rss_kb "$menshen_pid")
run_row "POST /auth/register" "$menshen_pid" "$api/auth/register" -s bench/lua/register.lua
read -r refresh_rps refresh_p50 refresh_p99 refresh_errors < <("$build/bench/refresh_chain" "$port" "$connections" \
  "$duration" bench "plum orchard lantern 42")
printf '%s\t%s\t%s\t%s\t%s\t-\n' "POST /auth/refresh (rotate)" "$refresh_rps" "$refresh_p50" "$refresh_p99" \
  "$refresh_errors" >>"$out/rows.tsv"
rps["POST /auth/refresh (rotate)"]=$refresh_rps

# The peer, on the same paths, with the same client and the same load.
PEER_CLIENT_ID=$client_id PEER_CLIENT_SECRET=$client_secret node bench/peer/server.mjs "$peer_port" \
  >"$out/peer.log" 2>&1 &
peer_pid=$!
pids+=("$peer_pid")
wait_port "$peer_port"
peer="http://127.0.0.1:$peer_port"
run_row "peer GET /.well-known/jwks.json" "$peer_pid" "$peer/.well-known/jwks.json"
run_row "peer GET /.well-known/openid-conf." "$peer_pid" "$peer/.well-known/openid-configuration"
run_row "peer POST /oauth/token" "$peer_pid" "$peer/oauth/token" -s bench/lua/token.lua
BENCH_TOKEN=$(access_token "$peer")
run_row "peer POST /oauth/introspect" "$peer_pid" "$peer/oauth/introspect" -s bench/lua/introspect.lua

# The same rows on PostgreSQL + Redis (the scale-out setup, one node here), beside the SQLite ones above.
source bench/backends.sh
start_postgres 18090
start_redis 18091
scaled_port=18083
"$build/menshen" serve --listen "127.0.0.1:$scaled_port" --data-dir "$out/data-scaled" \
  --set "oauth.issuer=http://127.0.0.1:$scaled_port" --set "database.url=$pg_url" --set "kv.url=$redis_url" \
  --set accounts.max_registrations_per_ip=0 --set accounts.max_registrations_per_window=0 \
  --set oauth.password_grant_enabled=true >"$out/scaled.log" 2>&1 &
scaled_pid=$!
pids+=("$scaled_pid")
wait_port "$scaled_port"
prepare_node "$scaled_port" "$out/scaled.log"
scaled="http://127.0.0.1:$scaled_port"
run_row "pg+redis POST /oauth/token" "$scaled_pid" "$scaled/oauth/token" -s bench/lua/token.lua
BENCH_TOKEN=$(access_token "$scaled" "&resource=https%3A%2F%2Fapi.example.com")
run_row "pg+redis POST /oauth/introspect" "$scaled_pid" "$scaled/oauth/introspect" -s bench/lua/introspect.lua
run_row "pg+redis GET /api/v1/me (bearer)" "$scaled_pid" "$scaled/api/v1/me" -H "Authorization: Bearer $token"
run_row "pg+redis POST /auth/login" "$scaled_pid" "$scaled/api/v1/auth/login" -s bench/lua/login.lua
read -r refresh_rps refresh_p50 refresh_p99 refresh_errors < <("$build/bench/refresh_chain" "$scaled_port" \
  "$connections" "$duration" bench "plum orchard lantern 42")
printf '%s\t%s\t%s\t%s\t%s\t-\n' "pg+redis POST /auth/refresh (rotate)" "$refresh_rps" "$refresh_p50" "$refresh_p99" \
  "$refresh_errors" >>"$out/rows.tsv"
rps["pg+redis POST /auth/refresh (rotate)"]=$refresh_rps

ceiling=${rps["ceiling (Beast)"]}
ceiling_cpu=$(awk -F'\t' 'NR == 1 {print $6}' "$out/rows.tsv")
printf '\n%-38s %9s %8s %8s %9s %9s %11s %10s\n' "route" "req/s" "p50 us" "p99 us" "non-2xx" "x ceiling" \
  "CPU us/req" "CPU ratio"
while IFS=$'\t' read -r name req p50 p99 non2xx cpu_us; do
  ratio=$(awk -v a="$req" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }')
  cpu_ratio=$(awk -v a="$ceiling_cpu" -v b="$cpu_us" 'BEGIN { printf "%.2f", a / b }')
  if [[ $cpu_us == - ]]; then
    cpu_ratio=-
    [[ $p50 == - ]] && p50=0 && p99=0
  fi
  printf '%-38s %9.0f %8.0f %8.0f %9s %9s %11s %10s\n' "$name" "$req" "$p50" "$p99" "$non2xx" "$ratio" \
    "$cpu_us" "$cpu_ratio"
done <"$out/rows.tsv"
echo "x ceiling: req/s over the ceiling's; CPU ratio: the ceiling's server CPU per request over this row's."
ratio_of() { awk -v a="${rps[$1]}" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\nlogin / raw argon2id: %s   register / raw argon2id: %s   GET /me / GET /healthz: %s\n' \
  "$(ratio_of "POST /auth/login" "$argon2_rate")" "$(ratio_of "POST /auth/register" "$argon2_rate")" \
  "$(ratio_of "GET /api/v1/me (bearer)" "${rps["GET /healthz"]}")"
peer_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' bench/peer/node_modules/oidc-provider/package.json)
printf 'menshen / peer (oidc-provider %s, node %s, one process): client_credentials %s   introspection %s   discovery %s   JWKS %s\n' \
  "$peer_version" "$(node --version)" \
  "$(ratio_of "POST /oauth/token (client_cred.)" "${rps["peer POST /oauth/token"]}")" \
  "$(ratio_of "POST /oauth/introspect" "${rps["peer POST /oauth/introspect"]}")" \
  "$(ratio_of "GET /.well-known/openid-configuration" "${rps["peer GET /.well-known/openid-conf."]}")" \
  "$(ratio_of "GET /.well-known/jwks.json" "${rps["peer GET /.well-known/jwks.json"]}")"
printf 'PostgreSQL + Redis / SQLite: client_credentials %s   introspection %s   /me %s   refresh %s   login / raw argon2id %s\n' \
  "$(ratio_of "pg+redis POST /oauth/token" "${rps["POST /oauth/token (client_cred.)"]}")" \
  "$(ratio_of "pg+redis POST /oauth/introspect" "${rps["POST /oauth/introspect"]}")" \
  "$(ratio_of "pg+redis GET /api/v1/me (bearer)" "${rps["GET /api/v1/me (bearer)"]}")" \
  "$(ratio_of "pg+redis POST /auth/refresh (rotate)" "${rps["POST /auth/refresh (rotate)"]}")" \
  "$(ratio_of "pg+redis POST /auth/login" "$argon2_rate")"
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
printf '\nmenshen RSS: idle %s MB (private %s MB, shared library pages %s MB), after load %s MB, after the login storm %s MB\n' \
  "$(mb "$idle_rss")" "$(mb "$idle_anon")" "$(mb "$idle_file")" "$(mb "$loaded_rss")" "$(mb "$storm_rss")"
printf 'login storm bound: %d hashing threads x 19 MiB argon2id memory over the idle RSS\n' "$hash_threads"
printf '%d connections, %ds per row, wrk -t1, %d cores shared by load generator and servers\n' \
  "$connections" "$duration" "$(nproc)"
