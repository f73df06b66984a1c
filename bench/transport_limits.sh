#!/usr/bin/env bash
# The RPC door under the two connection attacks, with figures for each
# build given (default: build/; give the build of an older commit second to
# print the before beside the after):
#
#   1. 300 connections from 127.0.0.2, each holding a frame that announces
#      1 MiB, sent but for its last 16 bytes: server RSS idle and held;
#   2. 1100 idle connections from 127.0.0.2 against a server under
#      `ulimit -n 1024`: the server's descriptors;
#   and in both, `reinstate health` from 127.0.0.1: median wall time of 10
#   calls (CLI start included) beside the same measured idle, as a ratio.
#
#   bench/transport_limits.sh [BUILD_DIR [BASE_BUILD_DIR]]
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILDS=("${1:-$HERE/../build}")
[ $# -ge 2 ] && BUILDS+=("$2")
WORK=$(mktemp -d /tmp/reinstate-bench.XXXXXX)
chmod 755 "$WORK"
PORT=7797
SRV=
FLOOD=
trap '[ -n "$FLOOD" ] && kill $FLOOD 2>/dev/null; [ -n "$SRV" ] && kill -TERM $SRV 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

start() { # BUILD
  (ulimit -n 1024 && exec "$1/reinstated" --data-dir "$WORK/data" --listen "tcp://127.0.0.1:$PORT") \
    >>"$WORK/server.log" 2>&1 &
  SRV=$!
  for _ in $(seq 1 600); do
    "$1/reinstate" --server "tcp://127.0.0.1:$PORT" --timeout 1000 health >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not start; see $WORK/server.log" >&2
  exit 1
}
stop() { kill -TERM "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; SRV=; }

# health_ms BUILD: median milliseconds of 10 health calls, or "failed" at
# the first that fails (its deadline is the CLI's default, 10 s)
health_ms() {
  local t0 t1 ms=()
  for _ in $(seq 1 10); do
    t0=$(date +%s%N)
    "$1/reinstate" --server "tcp://127.0.0.1:$PORT" health >/dev/null 2>&1 || { echo "failed"; return; }
    t1=$(date +%s%N)
    ms+=($(((t1 - t0) / 1000000)))
  done
  echo "$(printf '%s\n' "${ms[@]}" | sort -n | sed -n 5p) ms"
}
rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$SRV/status"; }
fds() { ls "/proc/$SRV/fd" | wc -l; }
ratio() { case "$1$2" in *failed*) echo "-" ;; *) awk -v a="${1% ms}" -v b="${2% ms}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }' ;; esac; }

flood() { # ARGS: in the background until killed; waits for the connections
  python3 "$HERE/../tests/tools/flood.py" 127.0.0.1 "$PORT" --src 127.0.0.2 --hold 600 "$@" >"$WORK/flood" 2>&1 &
  FLOOD=$!
  for _ in $(seq 1 600); do grep -q '^opened=' "$WORK/flood" && return 0; sleep 0.1; done
}
unflood() { kill "$FLOOD" 2>/dev/null; wait "$FLOOD" 2>/dev/null; FLOOD=; }

for b in "${BUILDS[@]}"; do
  b=$(cd "$b" && pwd)
  echo "== $b"
  start "$b"
  idle_ms=$(health_ms "$b")
  idle_rss=$(rss_mb)
  flood --count 300 --frame 1048576
  sleep 1
  held_rss=$(rss_mb)
  held_ms=$(health_ms "$b")
  unflood
  printf '300 unfinished 1 MiB frames: RSS %s MB idle, %s MB held (+%s MB); health %s vs %s idle (x%s)\n' \
    "$idle_rss" "$held_rss" "$(awk -v a="$held_rss" -v b="$idle_rss" 'BEGIN { printf "%.1f", a - b }')" \
    "$held_ms" "$idle_ms" "$(ratio "$held_ms" "$idle_ms")"
  stop
  start "$b"
  flood --count 1100
  sleep 1
  n=$(fds)
  flood_ms=$(health_ms "$b")
  unflood
  printf '1100 idle connections, ulimit -n 1024: server holds %s descriptors; health %s vs %s idle (x%s)\n' \
    "$n" "$flood_ms" "$idle_ms" "$(ratio "$flood_ms" "$idle_ms")"
  stop
done
