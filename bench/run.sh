#!/usr/bin/env bash
# Builds (release), starts reinstated on a private embedded database, and
# runs the Health/Check benchmark against it with the raw nng echo baseline
# in the same run. Prints calls/s, p50, p99 and the ratio to the echo.
#   bench/run.sh [--seconds S] [--levels 1,4,16,64]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DREINSTATE_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
dir=$(mktemp -d /tmp/reinstate-bench.XXXXXX)
chmod 755 "$dir"
port=7798
build-bench/reinstated --data-dir "$dir/data" --listen tcp://127.0.0.1:$port \
  >"$dir/server.log" 2>&1 &
srv=$!
trap 'kill -TERM $srv 2>/dev/null; wait $srv 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 300); do
  build-bench/reinstate --server tcp://127.0.0.1:$port health >/dev/null 2>&1 && break
  sleep 0.1
done
build-bench/bench_health --server tcp://127.0.0.1:$port "$@"
