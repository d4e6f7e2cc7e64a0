#!/usr/bin/env bash
# Runs the e2e suite from a copy in the build tree (CTest calls this; MENSHEN_BINARY names the binary).
# node_modules there comes from the committed lock file by `npm ci`, again only when the lock file changed.
# Usage: tests/e2e/run.sh WORK_DIR
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
work=${1:?usage: $0 WORK_DIR}
mkdir -p "$work"
# The copy of the lock file that the last successful `npm ci` installed from says whether it is current.
if [[ ! -d $work/node_modules ]] || ! cmp -s "$src/package-lock.json" "$work/installed.lock"; then
  rm -f "$work/installed.lock"
  cp "$src/package.json" "$src/package-lock.json" "$work/"
  (cd "$work" && npm ci --prefer-offline --no-audit --no-fund)
  cp "$src/package-lock.json" "$work/installed.lock"
fi
cp "$src/package.json" "$work/"
rm -rf "$work/lib" "$work"/*.test.js
cp -R "$src/lib" "$work/lib"
cp "$src"/*.test.js "$work/"
cd "$work"
exec node --test ./*.test.js
