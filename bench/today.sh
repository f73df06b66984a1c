#!/usr/bin/env bash
# How long `reinstate today` takes for one coach of a busy agency: 100k
# cases (20 coaches, half the cases open: ~2,500 open cases and ~25,000
# attempts for the coach), measured through the real CLI and server, beside
# a baseline of the cheapest authenticated call (`whoami`) in the same run.
#
#   bench/today.sh [--cases N] [--runs N] [BUILD_DIR]
set -euo pipefail
CASES=100000 PER=10 RUNS=15
while [ $# -gt 0 ]; do
  case $1 in
  --cases) CASES=$2; shift 2 ;;
  --runs) RUNS=$2; shift 2 ;;
  *) break ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
bench_agency "${1:-}" "$CASES" "$PER" 7797
OPEN=$(q -c "SELECT count(*) FROM cases WHERE coach_id = $COACH AND closed_at IS NULL")
ATTS=$(q -c "SELECT count(*) FROM attempts a JOIN cases c ON c.id = a.case_id WHERE c.coach_id = $COACH AND c.closed_at IS NULL")

# median_ms CMD...: wall time of RUNS runs, median in milliseconds.
median_ms() {
  local t=()
  for _ in $(seq 1 "$RUNS"); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null
    e=$(date +%s%N)
    t+=($(((e - s) / 1000000)))
  done
  printf '%s\n' "${t[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}
rs today >/dev/null # warm the plan cache
base=$(median_ms rs whoami)
today=$(median_ms rs today)
items=$(rs --json today | grep -c '"kind"')
server=$(grep 'Playbook/Today' "$WORK/server.log" | sed -n 's/.* ms=\([0-9]*\) .*/\1/p' | sort -n |
  sed -n "$(((RUNS + 1) / 2))p")
echo
echo "agency: $CASES cases; coach $COACH has $OPEN open cases with $ATTS attempts; agenda of $items items"
printf '%-28s %8s\n' "call (median of $RUNS)" "ms"
printf '%-28s %8s\n' "whoami (baseline)" "$base"
printf '%-28s %8s\n' "today (CLI, wall)" "$today"
printf '%-28s %8s\n' "today (server, from its log)" "$server"
awk -v a="$today" -v b="$base" 'BEGIN { if (b > 0) printf "ratio today / whoami: %.1f\n", a / b }'
