#!/usr/bin/env bash
# Installs the Debian packages that building and testing menshen need, skipping those present.
# Usage: scripts/install-deps.sh [build|test|bench|fuzz]   (each includes build)
set -euo pipefail

what=${1:-build}

build_pkgs=(
  cmake make g++ pkg-config
  libboost1.74-dev libssl-dev libsodium-dev libsqlite3-dev
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev
  libutf8proc-dev libphonenumber-dev libzxcvbn-dev libkainjow-mustache-dev libjemalloc-dev
  libpq-dev libhiredis-dev
)
# nodejs and npm: the e2e suite (tests/e2e) and the bench's peer (bench/peer). postgresql and redis-server:
# the suites that run on PostgreSQL and Redis start their own servers from these packages; nginx and openssl:
# the deployment test puts deploy/nginx/menshen.conf in front of two nodes, over TLS.
test_pkgs=(libgtest-dev libgmock-dev curl python3 nodejs npm postgresql redis-server nginx openssl)
# sqlite3: bench/scale.sh bulk-inserts its users with the SQLite shell (psql comes with postgresql).
bench_pkgs=(wrk procps valgrind sqlite3)
fuzz_pkgs=(clang-16 libclang-rt-16-dev)

pkgs=("${build_pkgs[@]}")
case "$what" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  fuzz) pkgs+=("${fuzz_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench|fuzz]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  # A Node install from elsewhere (its nodejs package bundles npm, and conflicts with Debian's npm) counts.
  if [[ $p == nodejs || $p == npm ]] && command -v "${p/nodejs/node}" >/dev/null; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "menshen needs these Debian packages: ${missing[*]}" >&2
  echo "run as root:  $cmd" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
