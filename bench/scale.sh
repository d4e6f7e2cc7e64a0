#!/usr/bin/env bash
# The scale row: sign-in and GET /api/v1/me with 1,000 users in the database and again with N (default
# 1,000,000), on SQLite and on PostgreSQL + Redis, and the ratio of the two. The users are inserted straight
# into the database in one transaction, not registered one by one (a million argon2id hashes would take hours):
# every row copies the bench user's, registered through the API, so all of them share its real argon2id hash
# and any of them can sign in with its password.
# Usage: bench/scale.sh [users, default 1000000] [seconds per row, default 10] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."

users=${1:-1000000}
duration=${2:-10}
connections=${3:-32}
small=1000
if ((users <= small)); then
  echo "the user count must be above $small" >&2
  exit 2
fi
port=18084
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
cmake --build "$build" -j"$(nproc)" --target menshen >/dev/null
for tool in sqlite3 psql wrk; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: scripts/install-deps.sh bench" >&2; exit 1; }
done
source bench/backends.sh

wait_port() {
  for _ in $(seq 1 200); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.05
  done
  echo "nothing listens on port $1" >&2
  exit 1
}

# wrk's latency lines read "50%  123.00us"; normalise to microseconds.
to_us() {
  awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); print v } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v*1000 }
         else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000000 } else print v }'
}

login_token() {
  curl -s -H 'Content-Type: application/json' -d "{\"account\":\"$1\",\"password\":\"plum orchard lantern 42\"}" \
    "$api/auth/login" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# The bulk users are scale_1 .. scale_M; `count` of them, spread evenly over 1..M, are the ones the rows use,
# so that the lookups land all over the indexes rather than on a few hot pages.
spread() {
  local last=$1 count=$2
  awk -v m="$last" -v k="$count" 'BEGIN { for (j = 0; j < k; j++) printf "scale_%d ", 1 + int(j * (m - 1) / (k - 1)) }'
}

# CPU time (user + system, clock ticks) used so far by the servers of the backend under test and their child
# processes (PostgreSQL's sessions): a figure that noisy neighbours on a shared machine disturb far less than
# latency, and one that counts the database's work too.
server_ticks() {
  local pid ticks=0 t
  for pid in "${server_pids[@]}" $(for parent in "${server_pids[@]}"; do pgrep -P "$parent" || true; done); do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    ticks=$((ticks + t))
  done
  echo "$ticks"
}
ticks_per_second=$(getconf CLK_TCK)

# row NAME URL wrk-args...: appends "NAME<TAB>req/s<TAB>p50<TAB>p99<TAB>non-2xx<TAB>CPU us/req" to rows.tsv.
row() {
  local name=$1 url=$2 report before after
  shift 2
  before=$(server_ticks)
  report=$(wrk -t1 -c"$connections" -d"${duration}s" --latency "$@" "$url")
  after=$(server_ticks)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(awk '/^Requests\/sec/ {print $2}' <<<"$report")" \
    "$(awk '$1=="50%" {print $2}' <<<"$report" | to_us)" "$(awk '$1=="99%" {print $2}' <<<"$report" | to_us)" \
    "$(awk '/Non-2xx/ {print $5}' <<<"$report" | grep . || echo 0)" \
    "$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$(awk '/requests in/ {print $1}' <<<"$report")" \
      'BEGIN { printf "%.1f", t * 1e6 / hz / n }')" >>"$out/rows.tsv"
}

# measure BACKEND LAST: the login and /me rows with scale_1 .. scale_LAST in the database.
measure() {
  local backend=$1 last=$2 accounts name tokens=
  accounts=$(spread "$last" 64)
  for name in $(spread "$last" 32); do tokens+="$(login_token "$name") "; done
  if [[ $(wc -w <<<"$tokens") -ne 32 ]]; then
    echo "$backend: the sampled users could not sign in" >&2
    exit 1
  fi
  local total=$((last + 2))  # the bulk users, the bench user and root
  # Unrecorded: fills the pools, statement caches and page caches, so that both stages are measured warm.
  BENCH_TOKENS=$tokens wrk -t1 -c"$connections" -d2s -s bench/lua/me_many.lua "$api/me" >/dev/null
  BENCH_TOKENS=$tokens row "$backend"$'\t'"GET /api/v1/me"$'\t'"$total" "$api/me" -s bench/lua/me_many.lua
  BENCH_ACCOUNTS=$accounts row "$backend"$'\t'"POST /auth/login"$'\t'"$total" "$api/auth/login" \
    -s bench/lua/login_many.lua
}

# The columns of users that registration sets, in the order of the SELECT below; the rest stay NULL.
columns="id, username, username_display, password_hash, role, status, created_at, updated_at, password_changed_at,
  password_expires_at, lockout_generation"
copied="b.password_hash, b.role, b.status, b.created_at - i, b.created_at - i, b.password_changed_at,
  b.password_expires_at, b.lockout_generation"

# insert_sqlite FILE FIRST LAST: scale_FIRST .. scale_LAST, ids random like the server's.
insert_sqlite() {
  sqlite3 "$1" <<SQL >/dev/null
.timeout 10000
PRAGMA cache_size = -1048576;
BEGIN;
WITH RECURSIVE seq(i) AS (SELECT $2 UNION ALL SELECT i + 1 FROM seq WHERE i < $3)
INSERT INTO users ($columns)
SELECT lower(hex(randomblob(16))), 'scale_' || i, 'scale_' || i, $copied
FROM seq, (SELECT * FROM users WHERE username = 'bench') AS b;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}

# insert_postgres URL FIRST LAST: likewise; ANALYZE then does at once what autovacuum would do soon after.
insert_postgres() {
  psql -q -v ON_ERROR_STOP=1 "$1" <<SQL >/dev/null
BEGIN;
INSERT INTO users ($columns)
SELECT md5(random()::text || i), 'scale_' || i, 'scale_' || i, $copied
FROM generate_series($2, $3) AS i, (SELECT * FROM users WHERE username = 'bench') AS b;
COMMIT;
ANALYZE users;
SQL
}

# run_backend NAME INSERT_FUNCTION DATABASE serve-args...: starts menshen, registers the bench user, then the rows
# at $small users and at $users users.
run_backend() {
  local name=$1 insert=$2 database=$3 started elapsed
  shift 3
  "$build/menshen" serve --listen "127.0.0.1:$port" --data-dir "$out/data-$name" \
    --set "oauth.issuer=http://127.0.0.1:$port" "$@" >"$out/menshen-$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  server_pids=("$pid" "${database_pids[@]}")
  wait_port "$port"
  api="http://127.0.0.1:$port/api/v1"
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"plum orchard lantern 42"}' "$api/auth/register"
  [[ -n $(login_token bench) ]] || { echo "$name: the bench user cannot sign in" >&2; exit 1; }

  "$insert" "$database" 1 $((small - 2))
  measure "$name" $((small - 2))
  started=$(date +%s.%N)
  "$insert" "$database" $((small - 1)) $((users - 2))
  elapsed=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  printf '%s: %d users inserted in %s s\n' "$name" $((users - small)) "$elapsed" >>"$out/inserts.txt"
  measure "$name" $((users - 2))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

echo "sqlite: bulk insert of $users users..." >&2
database_pids=()
run_backend sqlite insert_sqlite "$out/data-sqlite/menshen.db"

start_postgres 18092
start_redis 18093
database_pids=("$postgres_pid" "${pids[-1]}")  # start_redis adds its server to pids
echo "pg+redis: bulk insert of $users users..." >&2
run_backend pg+redis insert_postgres "$pg_url" --set "database.url=$pg_url" --set "kv.url=$redis_url"

printf '\n%-9s %-17s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s\n' "backend" "route" "users" "req/s" "p50 us" \
  "p99 us" "non-2xx" "CPU us" "req/s x" "p50 x" "p99 x" "CPU x" ""
declare -A base
while IFS=$'\t' read -r backend route total req p50 p99 non2xx cpu; do
  key="$backend $route"
  ratios=("-" "-" "-" "-" "")
  if [[ $total -eq $small ]]; then
    base[$key]="$req $p50 $p99 $cpu"
  else
    read -r req0 p500 p990 cpu0 <<<"${base[$key]}"
    read -r -a ratios < <(awk -v r="$req" -v r0="$req0" -v a="$p50" -v a0="$p500" -v b="$p99" -v b0="$p990" \
      -v c="$cpu" -v c0="$cpu0" 'BEGIN { printf "%.2f %.2f %.2f %.2f %s\n", r / r0, a / a0, b / b0, c / c0,
        (a / a0 <= 1.2 && b / b0 <= 1.2) ? "ok" : "OVER" }')
  fi
  printf '%-9s %-17s %9s %9.0f %9.0f %9.0f %9s %9s %9s %9s %9s %9s %9s\n' "$backend" "$route" "$total" "$req" "$p50" \
    "$p99" "$non2xx" "$cpu" "${ratios[@]}"
done <"$out/rows.tsv"
echo "x: the row at $users users over the same row at $small; ok when both latency ratios are within 1.2."
echo "CPU us: server CPU per request, menshen's and (on PostgreSQL + Redis) the database servers'."
cat "$out/inserts.txt"
printf '%d connections, %ds per row, wrk -t1, %d cores shared by load generator and servers\n' \
  "$connections" "$duration" "$(nproc)"
