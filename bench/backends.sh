# Sourced by bench/run.sh: a PostgreSQL and a Redis server for the scale-out rows, on loopback, in "$out".
# PostgreSQL refuses to run as root, so as root it runs as nobody. Commits are not flushed to disk before they
# are acknowledged (synchronous_commit=off), which is what the SQLite rows do too (WAL, synchronous=NORMAL):
# both survive a crash of the process, not of the machine, so the rows compare like with like.

# setpriv execs the command, so a background job's $! is the server itself.
as_postgres=()
[[ $(id -u) -eq 0 ]] && as_postgres=(setpriv --reuid=nobody --regid=nogroup --clear-groups)

# start_postgres PORT: sets pg_url once the server answers.
start_postgres() {
  local port=$1 bin dir=$out/postgres
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chmod o+x "$out"  # mktemp made it 0700; nobody must pass through to its own folder
    chown nobody:nogroup "$dir"
  fi
  "${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
  "${as_postgres[@]}" "$bin/postgres" -D "$dir/data" -p "$port" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories="$dir" -c synchronous_commit=off -c max_connections=200 >"$dir/log" 2>&1 &
  postgres_pid=$!  # run.sh stops it with SIGINT, its fast shutdown: SIGTERM would wait for every session
  for _ in $(seq 1 100); do
    psql -h 127.0.0.1 -p "$port" -U postgres -qtAc 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.1
  done
  psql -h 127.0.0.1 -p "$port" -U postgres -qc 'CREATE DATABASE menshen' >/dev/null
  pg_url="postgres://postgres@127.0.0.1:$port/menshen"
}

# start_redis PORT: sets redis_url once the server answers.
start_redis() {
  local port=$1
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$out" >"$out/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis_url="redis://127.0.0.1:$port"
}
