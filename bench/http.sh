#!/usr/bin/env bash
# The web door against the nng door: builds (release), starts reinstated on
# a private embedded database with both doors, and runs Health/Check over
# each at the same concurrency in one run (bench_health --http), beside
# the raw nng echo. The "http/nng" column is the figure: target >= 0.5 at
# concurrency 16.
#   bench/http.sh [--seconds S] [--levels 16]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DREINSTATE_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
dir=$(mktemp -d /tmp/reinstate-bench.XXXXXX)
chmod 755 "$dir"
port=7796
hport=7795
build-bench/reinstated --data-dir "$dir/data" --listen tcp://127.0.0.1:$port \
  --http-listen http://127.0.0.1:$hport >"$dir/server.log" 2>&1 &
srv=$!
trap 'kill -TERM $srv 2>/dev/null; wait $srv 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 300); do
  build-bench/reinstate --server tcp://127.0.0.1:$port health >/dev/null 2>&1 && break
  sleep 0.1
done
levels=(--levels 16)
for a in "$@"; do [ "$a" = --levels ] && levels=(); done
build-bench/bench_health --server tcp://127.0.0.1:$port --http http://127.0.0.1:$hport "${levels[@]}" "$@"
