#!/usr/bin/env bash
# A database call through the whole stack against the database alone:
# Cases/GetCase through reinstated (envelope, session check with the
# row-level-security context, one indexed read, commit) beside pgbench
# running the same SQL in the same round trips (a pipelined BEGIN +
# statement_timeout + session check, the read, COMMIT), prepared as the
# server prepares them, as the same role,
# at the same concurrency, in the same run. Prints both and the ratio.
#
#   bench/db.sh [--cases N] [--seconds S] [--levels 1,4,16] [BUILD_DIR]
set -euo pipefail
CASES=20000 SECS=3 LEVELS=1,4,16
while [ $# -gt 0 ]; do
  case $1 in
  --cases) CASES=$2; shift 2 ;;
  --seconds) SECS=$2; shift 2 ;;
  --levels) LEVELS=$2; shift 2 ;;
  *) break ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
bench_agency "${1:-}" "$CASES" 10 7796 >/dev/null
CASE=$(q -c "SELECT id FROM cases WHERE coach_id = $COACH AND closed_at IS NULL ORDER BY id LIMIT 1")
HASH=$(printf %s "$TOKEN" | b2sum -l 256 | cut -d' ' -f1)

getcase_sql "$WORK/getcase.sql"

echo "Cases/GetCase of case $CASE as coach $COACH ($CASES cases), ${SECS} s per run"
printf '%-5s %12s %8s %8s %12s %8s\n' conc "rpc/s" p50_us p99_us "pgbench/s" ratio
for conc in ${LEVELS//,/ }; do
  read -r _ rate p50 p99 _ < <("$BUILD/bench_health" --server "$URL" --token "$TOKEN" \
    --case "$CASE" --levels "$conc" --seconds "$SECS")
  tps=$(PGOPTIONS="-c role=reinstate_app" "$RS_PG_BINDIR/pgbench" -n -M prepared \
    -c "$conc" -j "$(( conc < 2 ? conc : 2 ))" -T "$SECS" -f "$WORK/getcase.sql" "$DATABASE_URL" 2>&1 |
    sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
  awk -v c="$conc" -v r="$rate" -v a="$p50" -v b="$p99" -v t="$tps" \
    'BEGIN { printf "%-5d %12.0f %8d %8d %12.0f %8.2f\n", c, r, a, b, t, (t > 0 ? r / t : 0) }'
done
